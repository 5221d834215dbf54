//! Lifecycle and result codes: `stateCode`, NTS results, close-down state, log types and bulk
//! transaction state.

use crate::code_enum;

code_enum! {
    /// `stateCode` (상태코드) of an invoice. The hundreds digit is the group:
    /// 1xx draft, 2xx pending request, 3xx issued/filing, 4xx refused, 5xx request cancelled,
    /// 6xx issuance cancelled.
    ///
    /// The lifecycle helpers answer `false` for codes this crate does not know.
    ///
    /// ```
    /// use popbill_model::codes::StateCode;
    /// assert!(StateCode::Issued.can_cancel_issue());
    /// assert!(StateCode::FilingFailed.can_delete());
    /// assert!(!StateCode::from(310).is_issued());
    /// ```
    pub enum StateCode: int {
        /// 100 임시저장: draft saved.
        Draft = 100,
        /// 200 (역)발행대기: the buyer asked for issuance; waiting for the seller.
        PendingRequest = 200,
        /// 300 발행완료: issued (signed), not yet sent to the NTS.
        Issued = 300,
        /// 301 전송전: POPBiLL is preparing the NTS transmission.
        BeforeTransmission = 301,
        /// 302 전송대기: waiting for transmission.
        WaitingTransmission = 302,
        /// 303 전송중: transmitting / awaiting the NTS result.
        Transmitting = 303,
        /// 304 전송성공: filed with the NTS.
        FiledOk = 304,
        /// 305 전송실패: the NTS rejected it (see `ntssendErrCode`).
        FilingFailed = 305,
        /// 400 (역)발행거부: the seller refused the buyer's request.
        Refused = 400,
        /// 500 (역)발행취소: the buyer cancelled the request.
        RequestCancelled = 500,
        /// 600 발행취소: the issuer cancelled an issued invoice.
        IssueCancelled = 600,
    }
}

impl StateCode {
    fn known(&self) -> Option<i64> {
        if self.is_unknown() { None } else { self.code() }
    }

    /// 100: draft.
    pub fn is_draft(&self) -> bool {
        self.known() == Some(100)
    }

    /// 200: reverse-issuance request waiting for the seller.
    pub fn is_pending_request(&self) -> bool {
        self.known() == Some(200)
    }

    /// 300..=305: issued (whatever the filing state).
    pub fn is_issued(&self) -> bool {
        matches!(self.known(), Some(300..=305))
    }

    /// 301..=303: NTS filing under way.
    pub fn is_filing_in_progress(&self) -> bool {
        matches!(self.known(), Some(301..=303))
    }

    /// 304: filed with the NTS.
    pub fn is_filed_ok(&self) -> bool {
        self.known() == Some(304)
    }

    /// 305: the NTS rejected the filing.
    pub fn is_filing_failed(&self) -> bool {
        self.known() == Some(305)
    }

    /// 400: the seller refused the request.
    pub fn is_refused(&self) -> bool {
        self.known() == Some(400)
    }

    /// 500 or 600: the request or the issuance was cancelled.
    pub fn is_cancelled(&self) -> bool {
        matches!(self.known(), Some(500 | 600))
    }

    /// 600: an issued invoice was cancelled by its issuer.
    pub fn is_issue_cancelled(&self) -> bool {
        self.known() == Some(600)
    }

    /// 500: the buyer cancelled the reverse-issuance request.
    pub fn is_request_cancelled(&self) -> bool {
        self.known() == Some(500)
    }

    /// `update` is allowed only on a draft (100).
    pub fn can_update(&self) -> bool {
        self.is_draft()
    }

    /// `issue` is allowed from a draft (100) or a pending request (200).
    pub fn can_issue(&self) -> bool {
        matches!(self.known(), Some(100 | 200))
    }

    /// `cancelIssue` is allowed only on 300: issued and not yet handed to the NTS.
    pub fn can_cancel_issue(&self) -> bool {
        self.known() == Some(300)
    }

    /// `delete` is allowed on 100, 400, 500, 600 and 305.
    pub fn can_delete(&self) -> bool {
        matches!(self.known(), Some(100 | 305 | 400 | 500 | 600))
    }

    /// `request` (reverse issuance) is allowed from a draft (100).
    pub fn can_request(&self) -> bool {
        self.is_draft()
    }

    /// `cancelRequest` and `refuse` are allowed on a pending request (200).
    pub fn can_cancel_request(&self) -> bool {
        self.is_pending_request()
    }

    /// `refuse` is allowed on a pending request (200).
    pub fn can_refuse(&self) -> bool {
        self.is_pending_request()
    }

    /// `sendToNTS` is allowed on 300 (issued, not yet filed).
    pub fn can_send_to_nts(&self) -> bool {
        self.known() == Some(300)
    }

    /// Files may be attached or deleted only on a draft (100).
    pub fn can_attach_file(&self) -> bool {
        self.is_draft()
    }

    /// True when this code matches a search `State` item such as `3**`, `30*` or `304`
    /// (3 characters, digits, `*` allowed only in positions 2 and 3). Unknown integer codes
    /// are matched by their digits too; an invalid pattern matches nothing.
    pub fn matches_filter(&self, pattern: &str) -> bool {
        let Some(code) = self.code() else {
            return false;
        };
        if !crate::codes::search::is_valid_state_filter(pattern) {
            return false;
        }
        let text = code.to_string();
        text.len() == 3
            && text
                .bytes()
                .zip(pattern.bytes())
                .all(|(c, p)| p == b'*' || c == p)
    }
}

code_enum! {
    /// `ntssendErrCode`: the NTS filing result.
    pub enum NtsResultCode: str {
        /// SUC001: passed every NTS check (state 304).
        Success = "SUC001",
        /// SYN002: the seller's digital signature is invalid.
        InvalidSignature = "SYN002",
        /// SYN003: the confirm number is already registered at the NTS.
        DuplicateConfirmNum = "SYN003",
        /// SYN004: schema or format error.
        SchemaError = "SYN004",
        /// ERR001: seller business number not registered at the NTS.
        InvoicerNotRegistered = "ERR001",
        /// ERR002: buyer business/resident number not registered at the NTS.
        InvoiceeNotRegistered = "ERR002",
        /// ERR003: trustee business number not registered (위수탁).
        TrusteeNotRegistered = "ERR003",
        /// ERR005: invalid issue date, or issue date after filing date.
        InvalidIssueDate = "ERR005",
        /// ERR006: invalid write date, after the issue date, or not matching the confirm number.
        InvalidWriteDate = "ERR006",
        /// ERR007: amount error (opposite signs, positive return, tax on 영세/면세).
        AmountError = "ERR007",
        /// ERR008: code error (buyer id or modifyCode).
        CodeError = "ERR008",
        /// ERR009: issued after the seller's business closure.
        IssuedAfterClosure = "ERR009",
        /// ERR010: system-operator number mismatch in the confirm number.
        OperatorMismatch = "ERR010",
        /// ERR011: original confirm number of a revised invoice not found.
        OriginalNotFound = "ERR011",
        /// ERR099: other error.
        Other = "ERR099",
    }
}

impl NtsResultCode {
    /// True only for `SUC001`.
    pub fn is_success(&self) -> bool {
        matches!(self, NtsResultCode::Success)
    }
}

code_enum! {
    /// `closeDownState` of a response: the buyer's business status at issuance.
    /// `null` on the wire (not checked yet) is `None` in an `Option<CloseDownState>`.
    pub enum CloseDownState: int {
        /// 0 미등록: not registered.
        NotRegistered = 0,
        /// 1 사업중: in business.
        InBusiness = 1,
        /// 2 폐업: closed.
        Closed = 2,
        /// 3 휴업: suspended.
        Suspended = 3,
        /// 4 확인실패: the check failed.
        CheckFailed = 4,
    }
}

code_enum! {
    /// `docLogType` of a log entry.
    pub enum DocLogType: int {
        /// 100 saved.
        Saved = 100,
        /// 101 updated.
        Updated = 101,
        /// 102 checked (opened).
        Opened = 102,
        /// 103 received.
        Received = 103,
        /// 111 mail resent.
        MailResent = 111,
        /// 112 SMS resent.
        SmsResent = 112,
        /// 113 fax resent.
        FaxResent = 113,
        /// 122 SMS send result.
        SmsResult = 122,
        /// 123 fax send result.
        FaxResult = 123,
        /// 124 buyer business-status check result.
        BusinessStatusChecked = 124,
        /// 125 document number assigned.
        MgtKeyAssigned = 125,
        /// 230 issued.
        Issued = 230,
        /// 240 cancelled.
        Cancelled = 240,
        /// 250 registered in the filing list.
        FilingRegistered = 250,
        /// 251 waiting for filing.
        FilingWaiting = 251,
        /// 252 filing in progress.
        FilingInProgress = 252,
        /// 253 delivered to the NTS.
        DeliveredToNts = 253,
        /// 254 filing succeeded.
        FilingSucceeded = 254,
        /// 255 filing failed.
        FilingFailed = 255,
    }
}

code_enum! {
    /// `txState` of a bulk submission.
    pub enum BulkTxState: int {
        /// 0 접수: received.
        Received = 0,
        /// 1 처리중: processing.
        Processing = 1,
        /// 2 완료: completed; `issueResult` is filled.
        Completed = 2,
    }
}

impl BulkTxState {
    /// True once the submission is completed (2).
    pub fn is_completed(&self) -> bool {
        matches!(self, BulkTxState::Completed)
    }
}
