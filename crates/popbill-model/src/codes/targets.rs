//! `TG` URL targets and e-mail notification types.

use crate::code_enum;

code_enum! {
    /// `TG` of `GET /Taxinvoice?TG=` (getURL `TOGO`): a box or page of the Taxinvoice menu.
    pub enum TaxinvoiceUrlTarget: str {
        /// TBOX: 임시문서함 (drafts).
        DraftBox = "TBOX",
        /// SWBOX: 매출 발행 대기함 (sales pending issuance).
        SalesPendingBox = "SWBOX",
        /// SBOX: 매출 문서함 (sales).
        SalesBox = "SBOX",
        /// PWBOX: 매입 발행 대기함 (purchases pending issuance).
        PurchasePendingBox = "PWBOX",
        /// PBOX: 매입 문서함 (purchases).
        PurchaseBox = "PBOX",
        /// WRITE: 정발행 작성 (write a new invoice).
        Write = "WRITE",
    }
}

code_enum! {
    /// `TG` of a per-document URL (`/Taxinvoice/{KeyType}/{MgtKey}?TG=`).
    pub enum DocumentUrlTarget: str {
        /// POPUP: the document popup.
        Popup = "POPUP",
        /// VIEW: the document without menus or buttons.
        View = "VIEW",
        /// PRINT: seller print.
        Print = "PRINT",
        /// PRINTOLD: legacy print layout.
        PrintOld = "PRINTOLD",
        /// EPRINT: buyer print.
        EPrint = "EPRINT",
        /// MAIL: the link of the mail's view button (no expiry).
        Mail = "MAIL",
        /// PDF: the PDF download page.
        Pdf = "PDF",
    }
}

code_enum! {
    /// `TG` of `/Member?TG=`.
    pub enum MemberUrlTarget: str {
        /// CERT: certificate registration.
        Cert = "CERT",
        /// SEAL: seal / business licence / bankbook images.
        Seal = "SEAL",
        /// LOGIN: POPBiLL login.
        Login = "LOGIN",
        /// CHRG: point charging.
        Charge = "CHRG",
        /// PAYMENT: payment history.
        Payment = "PAYMENT",
        /// USEHISTORY: usage history.
        UseHistory = "USEHISTORY",
    }
}

code_enum! {
    /// `emailType` of listEmailConfig / updateEmailConfig (Taxinvoice `TAX_*`, Cashbill `CSH_*`). Any string is accepted
    /// on the wire; this is the documented list.
    pub enum EmailType: str {
        /// 정발행: issuance notice to the buyer.
        TaxIssue = "TAX_ISSUE",
        /// 정발행: issuance notice to the seller.
        TaxIssueInvoicer = "TAX_ISSUE_INVOICER",
        /// 정발행: "opened" notice to the seller.
        TaxCheck = "TAX_CHECK",
        /// 정발행: cancellation notice to the buyer.
        TaxCancelIssue = "TAX_CANCEL_ISSUE",
        /// 발행예정 (legacy): send.
        TaxSend = "TAX_SEND",
        /// 발행예정 (legacy): accept.
        TaxAccept = "TAX_ACCEPT",
        /// 발행예정 (legacy): accept and issue.
        TaxAcceptIssue = "TAX_ACCEPT_ISSUE",
        /// 발행예정 (legacy): deny.
        TaxDeny = "TAX_DENY",
        /// 발행예정 (legacy): cancel send.
        TaxCancelSend = "TAX_CANCEL_SEND",
        /// 역발행: request to the seller.
        TaxRequest = "TAX_REQUEST",
        /// 역발행: request cancelled, to the buyer.
        TaxCancelRequest = "TAX_CANCEL_REQUEST",
        /// 역발행: request refused, to the buyer.
        TaxRefuse = "TAX_REFUSE",
        /// 역발행: reverse issuance (third-party transcription only; uncertain).
        TaxReverseIssue = "TAX_REVERSE_ISSUE",
        /// 위수탁: issuance notice to the buyer.
        TaxTrustIssue = "TAX_TRUST_ISSUE",
        /// 위수탁: issuance notice to the trustee.
        TaxTrustIssueTrustee = "TAX_TRUST_ISSUE_TRUSTEE",
        /// 위수탁: issuance notice to the seller.
        TaxTrustIssueInvoicer = "TAX_TRUST_ISSUE_INVOICER",
        /// 위수탁: cancellation notice to the buyer.
        TaxTrustCancelIssue = "TAX_TRUST_CANCEL_ISSUE",
        /// 위수탁: cancellation notice to the seller.
        TaxTrustCancelIssueInvoicer = "TAX_TRUST_CANCEL_ISSUE_INVOICER",
        /// 위수탁 발행예정 (legacy): send.
        TaxTrustSend = "TAX_TRUST_SEND",
        /// 위수탁 발행예정 (legacy): accept.
        TaxTrustAccept = "TAX_TRUST_ACCEPT",
        /// 위수탁 발행예정 (legacy): accept and issue.
        TaxTrustAcceptIssue = "TAX_TRUST_ACCEPT_ISSUE",
        /// 위수탁 발행예정 (legacy): deny.
        TaxTrustDeny = "TAX_TRUST_DENY",
        /// 위수탁 발행예정 (legacy): cancel send.
        TaxTrustCancelSend = "TAX_TRUST_CANCEL_SEND",
        /// 처리결과: buyer business-status result.
        TaxCloseDown = "TAX_CLOSEDOWN",
        /// 처리결과: NTS filing failure, to the seller.
        TaxNtsFailInvoicer = "TAX_NTSFAIL_INVOICER",
        /// 정기발송: last month's invoices pending issuance.
        TaxSendInfo = "TAX_SEND_INFO",
        /// 정기발송: certificate renewal reminder.
        EtcCertExpiration = "ETC_CERT_EXPIRATION",
        /// 현금영수증: issuance notice to the buyer.
        CashbillIssue = "CSH_ISSUE",
        /// 현금영수증 (legacy): issuance-cancelled notice to the buyer.
        CashbillCancel = "CSH_CANCEL",
    }
}
