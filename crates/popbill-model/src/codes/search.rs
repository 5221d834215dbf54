//! Letters of the Taxinvoice search query. List-valued filters are sent
//! comma-joined without spaces.

use crate::code_enum;

code_enum! {
    /// `DType`: which date `SDate`/`EDate` refer to.
    pub enum SearchDateType: str {
        /// R: registration date (regDT).
        Registered = "R",
        /// W: write date (작성일자).
        Written = "W",
        /// I: issue date (발행일자).
        Issued = "I",
    }
}

code_enum! {
    /// `Type`: normal or revised invoices.
    pub enum InvoiceKindFilter: str {
        /// N: 일반 (normal).
        Normal = "N",
        /// M: 수정 (revised).
        Modified = "M",
    }
}

code_enum! {
    /// `TaxType` search filter (letters, unlike the body's Korean `taxType`).
    pub enum TaxTypeFilter: str {
        /// T: 과세.
        Taxable = "T",
        /// N: 면세.
        Exempt = "N",
        /// Z: 영세.
        ZeroRated = "Z",
    }
}

code_enum! {
    /// `IssueType` search filter.
    pub enum IssueTypeFilter: str {
        /// N: 정발행.
        Forward = "N",
        /// R: 역발행.
        Reverse = "R",
        /// T: 위수탁.
        Trustee = "T",
    }
}

code_enum! {
    /// `TaxRegIDType`: whose 종사업장 number `TaxRegID` refers to.
    pub enum TaxRegIdType: str {
        /// S: 공급자 (seller).
        Invoicer = "S",
        /// B: 공급받는자 (buyer).
        Invoicee = "B",
        /// T: 수탁자 (trustee).
        Trustee = "T",
    }
}

code_enum! {
    /// `RegType`: where the invoice was registered.
    pub enum RegTypeFilter: str {
        /// P: POPBiLL.
        Popbill = "P",
        /// H: HomeTax or another ASP.
        HomeTax = "H",
    }
}

code_enum! {
    /// `CloseDownState` search filter (text, including `N` for "not checked").
    pub enum CloseDownStateFilter: str {
        /// N: 미확인 (not checked yet).
        NotChecked = "N",
        /// 0: 미등록.
        NotRegistered = "0",
        /// 1: 사업중.
        InBusiness = "1",
        /// 2: 폐업.
        Closed = "2",
        /// 3: 휴업.
        Suspended = "3",
        /// 4: 확인실패.
        CheckFailed = "4",
    }
}

code_enum! {
    /// `Order`: sort direction on the `DType` date.
    pub enum SortOrder: str {
        /// D: descending (default).
        Descending = "D",
        /// A: ascending.
        Ascending = "A",
    }
}

/// True for a valid search `State` item: 3 characters, a digit first, then digits or `*`
/// (wildcards only in positions 2 and 3), e.g. `3**`, `30*`, `304`.
///
/// ```
/// use popbill_model::codes::is_valid_state_filter;
/// assert!(is_valid_state_filter("3**"));
/// assert!(!is_valid_state_filter("*00"));
/// assert!(!is_valid_state_filter("3*"));
/// ```
pub fn is_valid_state_filter(item: &str) -> bool {
    let b = item.as_bytes();
    b.len() == 3 && b[0].is_ascii_digit() && b[1..].iter().all(|c| c.is_ascii_digit() || *c == b'*')
}
