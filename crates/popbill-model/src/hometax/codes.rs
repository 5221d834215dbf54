//! HomeTax code tables. Tables shared with the Taxinvoice service (`TaxType`, `PurposeType`,
//! `InvoiceeType`, `ModifyCode`, `InvoiceType`, `InvoiceKindFilter`, `TaxTypeFilter`,
//! `TaxRegIdType`, `SortOrder`) live in [`crate::codes`] and are re-exported here.

use crate::code_enum;

pub use crate::codes::{
    InvoiceKindFilter, InvoiceType, InvoiceeType, ModifyCode, PurposeType, SortOrder, TaxRegIdType,
    TaxType, TaxTypeFilter,
};

code_enum! {
    /// `{QueryType}` of RequestJob: which side of the member's documents to collect.
    /// HTCashbill accepts only `SELL` and `BUY`.
    pub enum QueryType: str {
        /// SELL 매출: documents the member issued.
        Sell = "SELL",
        /// BUY 매입: documents the member received.
        Buy = "BUY",
        /// TRUSTEE 수탁: documents the member issued as trustee (tax invoices only).
        Trustee = "TRUSTEE",
    }
}

impl QueryType {
    /// The Korean name HomeTax answers in `queryType` (매출 / 매입 / 수탁).
    pub fn name(&self) -> QueryTypeName {
        match self {
            QueryType::Sell => QueryTypeName::Sales,
            QueryType::Buy => QueryTypeName::Purchase,
            QueryType::Trustee => QueryTypeName::Trustee,
            QueryType::Unknown(u) => QueryTypeName::Unknown(u.clone()),
        }
    }
}

code_enum! {
    /// `queryType` of a job and `invoiceType` of a collected cash receipt, in Korean.
    pub enum QueryTypeName: str {
        /// 매출: sales.
        Sales = "매출",
        /// 매입: purchases.
        Purchase = "매입",
        /// 수탁: consigned (tax invoices only).
        Trustee = "수탁",
    }
}

code_enum! {
    /// `DType` of a tax-invoice RequestJob: which date `SDate`/`EDate` refer to.
    pub enum HomeTaxDateType: str {
        /// W 작성일자: write date.
        Written = "W",
        /// I 발행일자: issue date.
        Issued = "I",
        /// S 전송일자: NTS transmission date; the documented choice for incremental loading.
        Sent = "S",
    }
}

code_enum! {
    /// `jobState` of a collection job.
    pub enum JobState: int {
        /// 1 대기: queued.
        Pending = 1,
        /// 2 진행중: running.
        Running = 2,
        /// 3 완료: finished (successfully only when `errorCode` is 1).
        Finished = 3,
    }
}

code_enum! {
    /// `PurposeType` search filter of collected tax invoices.
    pub enum PurposeTypeFilter: str {
        /// R: 영수.
        Receipt = "R",
        /// C: 청구.
        Claim = "C",
        /// N: 없음.
        Unspecified = "N",
    }
}

code_enum! {
    /// `TradeType` search filter of collected cash receipts.
    pub enum TradeTypeFilter: str {
        /// N: 일반 (approval).
        Approval = "N",
        /// C: 취소 (cancellation).
        Cancellation = "C",
    }
}

code_enum! {
    /// `TradeUsage` search filter of collected cash receipts.
    pub enum TradeUsageFilter: str {
        /// P: 소득공제용 (income deduction).
        IncomeDeduction = "P",
        /// C: 지출증빙용 (expense proof).
        ExpenseProof = "C",
    }
}

code_enum! {
    /// `tradeType` of a collected cash receipt.
    pub enum TradeTypeName: str {
        /// 승인거래: approval.
        Approval = "승인거래",
        /// 취소거래: cancellation.
        Cancellation = "취소거래",
    }
}

code_enum! {
    /// `tradeUsage` of a collected cash receipt.
    pub enum TradeUsageName: str {
        /// 소득공제용: income deduction.
        IncomeDeduction = "소득공제용",
        /// 지출증빙용: expense proof.
        ExpenseProof = "지출증빙용",
    }
}

code_enum! {
    /// `state` of a flat-rate (정액제) contract.
    pub enum FlatRateStateCode: int {
        /// 1 사용: in use.
        InUse = 1,
        /// 2 해제: terminated.
        Terminated = 2,
    }
}

/// True for the tax-exempt 계산서 kinds (3xx and 4xx).
///
/// ```
/// use popbill_model::hometax::{is_exempt_invoice, InvoiceType};
/// assert!(is_exempt_invoice(&InvoiceType::RevisedExemptImport));
/// assert!(!is_exempt_invoice(&InvoiceType::ZeroRated));
/// ```
pub fn is_exempt_invoice(t: &InvoiceType) -> bool {
    matches!(t.code(), Some(300..=499))
}

/// True for the zero-rated kinds (102, 105, 202, 205).
pub fn is_zero_rated_invoice(t: &InvoiceType) -> bool {
    matches!(t.code(), Some(102 | 105 | 202 | 205))
}

/// True for the consigned (위수탁) kinds (x03 and x05).
pub fn is_consigned_invoice(t: &InvoiceType) -> bool {
    matches!(t.code().map(|c| c % 100), Some(3 | 5))
}
