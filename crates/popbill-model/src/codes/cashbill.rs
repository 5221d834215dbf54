//! Code tables of cash receipts (현금영수증): the Korean values of the receipt body, the letters
//! of the search filters, the state codes, the NTS filing result and the URL targets.

use crate::code_enum;

code_enum! {
    /// `tradeType` (거래구분): an approval or its revocation.
    pub enum TradeType: str {
        /// 승인거래: an approval (every issued receipt).
        Approval = "승인거래",
        /// 취소거래: a revocation (cancel) document; revokeRegistIssue sets it.
        Cancel = "취소거래",
    }
}

code_enum! {
    /// `tradeUsage` (거래유형): what the buyer uses the receipt for.
    pub enum TradeUsage: str {
        /// 소득공제용: an individual's year-end income deduction. Identified by a mobile number,
        /// resident registration number or card number, or the voluntary-issuance code.
        IncomeDeduction = "소득공제용",
        /// 지출증빙용: a business's expense proof (VAT input tax). Identified by a business
        /// number, mobile number or card number.
        ExpenseProof = "지출증빙용",
    }
}

code_enum! {
    /// `tradeOpt` (거래처 구분): the kind of trade; `일반` when absent.
    pub enum TradeOpt: str {
        /// 일반: general.
        General = "일반",
        /// 도서공연: books, performances, museums, galleries, pools, gyms, newspapers, cinema.
        BooksAndCulture = "도서공연",
        /// 대중교통: public transport.
        PublicTransport = "대중교통",
    }
}

code_enum! {
    /// `taxationType` (과세형태).
    pub enum TaxationType: str {
        /// 과세: taxable.
        Taxable = "과세",
        /// 비과세: non-taxable.
        NonTaxable = "비과세",
    }
}

impl TaxationType {
    /// True for 비과세 (no VAT in the amounts).
    pub fn is_non_taxable(&self) -> bool {
        matches!(self, TaxationType::NonTaxable)
    }
}

code_enum! {
    /// `cancelType` (취소사유) of a revocation. .NET always sends 0 (kept as an unknown value).
    pub enum CancelType: int {
        /// 1 거래취소: the trade was cancelled.
        TradeCancelled = 1,
        /// 2 오류발급취소: issued by mistake.
        IssuedInError = 2,
        /// 3 기타: other.
        Other = 3,
    }
}

code_enum! {
    /// `stateCode` of a cash receipt. Receipts are issued at once (300) and filed with the NTS
    /// the next day (304 success, 305 failure). The draft workflow (100 draft, 400 issuance
    /// cancelled) is legacy; those two codes are inferred from it, not documented.
    ///
    /// ```
    /// use popbill_model::codes::CashbillState;
    /// assert!(CashbillState::from(305).is_filed());
    /// assert!(!CashbillState::Issued.is_filed());
    /// assert!(CashbillState::from(999).is_unknown());
    /// ```
    pub enum CashbillState: int {
        /// 100 임시저장: legacy draft.
        Draft = 100,
        /// 300 발행완료: issued, waiting to be filed with the NTS.
        Issued = 300,
        /// 304 전송완료: filed with the NTS.
        FiledOk = 304,
        /// 305 전송실패: the NTS rejected the filing (see `ntsresultCode`).
        FilingFailed = 305,
        /// 400 발행취소: legacy, an issuance cancelled before filing.
        IssueCancelled = 400,
    }
}

impl CashbillState {
    /// 304 or 305: the NTS has answered, one way or the other.
    pub fn is_filed(&self) -> bool {
        matches!(self, CashbillState::FiledOk | CashbillState::FilingFailed)
    }

    /// 304: filed successfully. Only a filed receipt can be revoked.
    pub fn is_filed_ok(&self) -> bool {
        matches!(self, CashbillState::FiledOk)
    }

    /// 305: filing failed; the receipt may be deleted and issued again.
    pub fn is_filing_failed(&self) -> bool {
        matches!(self, CashbillState::FilingFailed)
    }

    /// True when `pattern` (a search `State` item such as `3**` or `304`) matches this code.
    pub fn matches_filter(&self, pattern: &str) -> bool {
        let Some(code) = self.code() else {
            return false;
        };
        let code = code.to_string();
        code.len() == 3
            && pattern.len() == 3
            && code
                .bytes()
                .zip(pattern.bytes())
                .all(|(c, p)| p == b'*' || c == p)
    }
}

code_enum! {
    /// `ntsresultCode`: the NTS filing result of a cash receipt (partial table; other codes
    /// are kept as unknown values).
    pub enum CashbillNtsResultCode: str {
        /// 0000: accepted.
        Success = "0000",
        /// TS1: identity number error (resident, business or mobile number).
        IdentityNumber = "TS1",
        /// TS2: cash-receipt card number error.
        CardNumber = "TS2",
        /// TS3: the seller is barred from issuing by the NTS.
        SellerBarred = "TS3",
        /// TS4: amount error (sum, supply below tax, or total below 1).
        Amount = "TS4",
        /// TS7: unregistered business.
        UnregisteredBusiness = "TS7",
    }
}

impl CashbillNtsResultCode {
    /// True only for `0000`.
    pub fn is_success(&self) -> bool {
        matches!(self, CashbillNtsResultCode::Success)
    }
}

code_enum! {
    /// `DType` of the cash receipt search: which date `SDate`/`EDate` refer to.
    pub enum CashbillSearchDateType: str {
        /// R: registration date.
        Registered = "R",
        /// T: trade date (거래일자).
        Traded = "T",
        /// I: issue date.
        Issued = "I",
    }
}

code_enum! {
    /// `TradeType` search filter.
    pub enum TradeTypeFilter: str {
        /// N: 승인거래.
        Approval = "N",
        /// C: 취소거래.
        Cancel = "C",
    }
}

code_enum! {
    /// `TradeUsage` search filter.
    pub enum TradeUsageFilter: str {
        /// P: 소득공제용.
        IncomeDeduction = "P",
        /// C: 지출증빙용.
        ExpenseProof = "C",
    }
}

code_enum! {
    /// `TradeOpt` search filter.
    pub enum TradeOptFilter: str {
        /// N: 일반.
        General = "N",
        /// B: 도서공연.
        BooksAndCulture = "B",
        /// T: 대중교통.
        PublicTransport = "T",
    }
}

code_enum! {
    /// `TaxationType` search filter.
    pub enum TaxationTypeFilter: str {
        /// T: 과세.
        Taxable = "T",
        /// N: 비과세.
        NonTaxable = "N",
    }
}

code_enum! {
    /// `TG` of `GET /Cashbill?TG=` (getURL): a box or page of the cash receipt menu.
    pub enum CashbillUrlTarget: str {
        /// TBOX: 임시문서함 (drafts).
        DraftBox = "TBOX",
        /// PBOX: 발행문서함 (issued receipts).
        IssuedBox = "PBOX",
        /// WRITE: 현금영수증 작성 (write a receipt).
        Write = "WRITE",
    }
}

impl TradeType {
    /// The letter of this value in the search filter.
    pub fn filter(&self) -> Option<TradeTypeFilter> {
        match self {
            TradeType::Approval => Some(TradeTypeFilter::Approval),
            TradeType::Cancel => Some(TradeTypeFilter::Cancel),
            _ => None,
        }
    }
}

impl TradeUsage {
    /// The letter of this value in the search filter.
    pub fn filter(&self) -> Option<TradeUsageFilter> {
        match self {
            TradeUsage::IncomeDeduction => Some(TradeUsageFilter::IncomeDeduction),
            TradeUsage::ExpenseProof => Some(TradeUsageFilter::ExpenseProof),
            _ => None,
        }
    }
}

impl TradeOpt {
    /// The letter of this value in the search filter.
    pub fn filter(&self) -> Option<TradeOptFilter> {
        match self {
            TradeOpt::General => Some(TradeOptFilter::General),
            TradeOpt::BooksAndCulture => Some(TradeOptFilter::BooksAndCulture),
            TradeOpt::PublicTransport => Some(TradeOptFilter::PublicTransport),
            _ => None,
        }
    }
}

impl TaxationType {
    /// The letter of this value in the search filter.
    pub fn filter(&self) -> Option<TaxationTypeFilter> {
        match self {
            TaxationType::Taxable => Some(TaxationTypeFilter::Taxable),
            TaxationType::NonTaxable => Some(TaxationTypeFilter::NonTaxable),
            _ => None,
        }
    }
}
