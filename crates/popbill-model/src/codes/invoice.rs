//! Codes carried in the invoice body.

use crate::code_enum;

code_enum! {
    /// `taxType` (과세형태).
    pub enum TaxType: str {
        /// 과세: taxable, VAT 10%.
        Taxable = "과세",
        /// 영세: zero-rated, tax 0.
        ZeroRated = "영세",
        /// 면세: exempt, tax 0.
        Exempt = "면세",
    }
}

impl TaxType {
    /// True for 영세 and 면세, whose tax must be zero.
    pub fn is_tax_free(&self) -> bool {
        matches!(self, TaxType::ZeroRated | TaxType::Exempt)
    }
}

code_enum! {
    /// `purposeType` (영수/청구).
    pub enum PurposeType: str {
        /// 영수: already paid.
        Receipt = "영수",
        /// 청구: payment requested.
        Claim = "청구",
        /// 없음: not stated.
        Unspecified = "없음",
    }
}

code_enum! {
    /// `issueType` (발행형태).
    pub enum IssueType: str {
        /// 정발행: the seller issues (forward issuance).
        Forward = "정발행",
        /// 역발행: the buyer requests, the seller issues (reverse issuance).
        Reverse = "역발행",
        /// 위수탁: a trustee issues on the seller's behalf (consignment).
        Trustee = "위수탁",
    }
}

code_enum! {
    /// `chargeDirection` (과금방향): who pays the points.
    pub enum ChargeDirection: str {
        /// 정과금: the seller is charged.
        Forward = "정과금",
        /// 역과금: the buyer is charged; only allowed with 역발행.
        Reverse = "역과금",
    }
}

code_enum! {
    /// `invoiceeType` (공급받는자 구분).
    pub enum InvoiceeType: str {
        /// 사업자: a business; `invoiceeCorpNum` is a 10-digit business number.
        Business = "사업자",
        /// 개인: an individual; `invoiceeCorpNum` is a 13-digit resident number.
        Individual = "개인",
        /// 외국인: a foreigner; `invoiceeCorpNum` is `9999999999999` and `remark1` holds the id.
        Foreigner = "외국인",
    }
}

code_enum! {
    /// `issueTiming` of the legacy 발행예정 flow.
    pub enum IssueTiming: str {
        /// 직접발행: the seller issues explicitly.
        Direct = "직접발행",
        /// 승인시자동발행: issued automatically when the buyer accepts.
        AutoOnAccept = "승인시자동발행",
    }
}

code_enum! {
    /// `modifyCode` (수정사유) of a revised invoice.
    pub enum ModifyCode: int {
        /// 1 기재사항 착오정정: correction of entries.
        CorrectionOfEntries = 1,
        /// 2 공급가액 변동: supply value changed.
        SupplyValueChange = 2,
        /// 3 환입: goods returned; amounts must not be positive.
        Return = 3,
        /// 4 계약의 해제: contract cancelled; amounts must not be positive.
        ContractCancellation = 4,
        /// 5 내국신용장 사후개설: local letter of credit opened later.
        LocalLetterOfCredit = 5,
        /// 6 착오에 의한 이중발급: duplicate issuance by mistake.
        DuplicateIssuance = 6,
    }
}

impl ModifyCode {
    /// True for reasons 3 and 4, which allow only zero or negative amounts.
    pub fn requires_non_positive_amounts(&self) -> bool {
        matches!(self, ModifyCode::Return | ModifyCode::ContractCancellation)
    }
}

code_enum! {
    /// NTS invoice-type codes (HomeTax data only).
    pub enum InvoiceType: int {
        /// 101 일반 세금계산서 (general tax invoice).
        General = 101,
        /// 102 영세율 세금계산서 (zero-rated).
        ZeroRated = 102,
        /// 103 위수탁 세금계산서 (consigned).
        Consigned = 103,
        /// 104 수입 세금계산서 (import).
        Import = 104,
        /// 105 위수탁 영세율 세금계산서 (consigned zero-rated).
        ConsignedZeroRated = 105,
        /// 201 수정 일반 세금계산서.
        RevisedGeneral = 201,
        /// 202 수정 영세율 세금계산서.
        RevisedZeroRated = 202,
        /// 203 수정 위수탁 세금계산서.
        RevisedConsigned = 203,
        /// 204 수정 수입 세금계산서.
        RevisedImport = 204,
        /// 205 수정 위수탁 영세율 세금계산서.
        RevisedConsignedZeroRated = 205,
        /// 301 일반 계산서 (tax exempt).
        ExemptGeneral = 301,
        /// 303 위수탁 계산서 (exempt, consigned).
        ExemptConsigned = 303,
        /// 304 수입 계산서 (exempt, import).
        ExemptImport = 304,
        /// 401 수정 일반 계산서.
        RevisedExemptGeneral = 401,
        /// 403 수정 위수탁 계산서.
        RevisedExemptConsigned = 403,
        /// 404 수정 수입 계산서.
        RevisedExemptImport = 404,
    }
}

impl InvoiceType {
    /// True for the revised (수정) types 2xx and 4xx.
    pub fn is_revised(&self) -> bool {
        matches!(self.code(), Some(200..=299 | 400..=499))
    }
}

code_enum! {
    /// `{KeyType}` path parameter: which side's document number addresses the invoice.
    pub enum MgtKeyType: str {
        /// 매출: the seller's `invoicerMgtKey`.
        Sell = "SELL",
        /// 매입: the buyer's `invoiceeMgtKey`.
        Buy = "BUY",
        /// 위수탁: the trustee's `trusteeMgtKey`.
        Trustee = "TRUSTEE",
    }
}

code_enum! {
    /// `ItemCode` of attachStatement/detachStatement: the kind of linked statement.
    pub enum StatementItemCode: int {
        /// 121 거래명세서 (transaction statement).
        TransactionStatement = 121,
        /// 122 청구서 (bill).
        Bill = 122,
        /// 123 견적서 (estimate).
        Estimate = 123,
        /// 124 발주서 (purchase order).
        PurchaseOrder = 124,
        /// 125 입금표 (deposit slip).
        DepositSlip = 125,
        /// 126 영수증 (receipt).
        Receipt = 126,
    }
}

code_enum! {
    /// `procType` of a log entry: who made the change.
    pub enum ProcType: str {
        /// 연동: through the API.
        Api = "연동",
        /// 일반: on the POPBiLL website.
        Web = "일반",
        /// 시스템: by POPBiLL itself.
        System = "시스템",
    }
}
