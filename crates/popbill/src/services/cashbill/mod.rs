//! The Cashbill service (현금영수증): every operation of the official SDKs as a method of
//! [`CashbillService`] (get one with [`Popbill::cashbill`]), named in snake_case with the
//! official name as a `doc(alias)`.
//!
//! Cash receipts are addressed by document number alone (`/Cashbill/{MgtKey}`); bodies are
//! validated with `popbill-model` before anything is sent (amount identity, identity number
//! per trade usage, trade date window in Korean time, revocation rules).
//!
//! ```no_run
//! use popbill::model::cashbill::Cashbill;
//! use popbill::model::codes::{TaxationType, TradeUsage};
//! use popbill::model::{CorpNum, MgtKey};
//!
//! # async fn run(client: popbill::Popbill) -> popbill::Result<()> {
//! let corp = CorpNum::parse_unchecked("1234567890").expect("10 digits");
//! let receipt = Cashbill::new(TradeUsage::IncomeDeduction, TaxationType::Taxable);
//!     // ... mgtKey, franchise, identity number, amounts
//! let outcome = client.cashbill().regist_issue(&corp, receipt).await?;
//! println!("confirm number {:?} ({:?})", outcome.nts_confirm_num(), outcome.path);
//! let key = MgtKey::parse("CB-20250101-001").expect("valid key");
//! let filing = client.cashbill().wait_filed(&corp, &key).await?;
//! println!("filed: {}", filing.is_filed());
//! # Ok(()) }
//! ```
//!
//! # Operations
//!
//! `{doc}` = `/Cashbill/{MgtKey}`. "POST X" = POST with `X-HTTP-Method-Override: X`.
//!
//! | Method | Official | HTTP | Returns |
//! |---|---|---|---|
//! | [`check_mgt_key_in_use`](CashbillService::check_mgt_key_in_use) | checkMgtKeyInUse | `GET {doc}` | `bool` (`-14000003` = false) |
//! | [`regist_issue`](CashbillService::regist_issue) | registIssue | `POST ISSUE /Cashbill` | [`IssueOutcome`] (reconciled) |
//! | [`revoke_regist_issue`](CashbillService::revoke_regist_issue) | revokeRegistIssue | `POST REVOKEISSUE /Cashbill` | [`IssueOutcome`] (reconciled) |
//! | [`bulk_submit`](CashbillService::bulk_submit) | bulkSubmit | `POST BULKISSUE /Cashbill` + digest, submit id; idempotent | [`BulkResponse`] |
//! | [`get_bulk_result`](CashbillService::get_bulk_result), [`wait_bulk_result`](CashbillService::wait_bulk_result) | getBulkResult | `GET /Cashbill/BULK/{SubmitID}/State` | [`BulkCashbillResult`] |
//! | [`delete`](CashbillService::delete) | delete | `POST DELETE {doc}` | [`Response`] |
//! | [`get_info`](CashbillService::get_info) | getInfo | `GET {doc}` | [`CashbillInfo`] |
//! | [`get_infos`](CashbillService::get_infos) | getInfos | `POST /Cashbill/States` (1,000 keys per request) | `Vec<CashbillInfo>` |
//! | [`get_detail_info`](CashbillService::get_detail_info) | getDetailInfo | `GET {doc}?Detail` | [`Cashbill`] |
//! | [`search`](CashbillService::search), [`search_pages`](CashbillService::search_pages) | search | `GET /Cashbill/Search?…` | [`CashbillSearchResult`] / pager |
//! | [`get_url`](CashbillService::get_url) | getURL | `GET /Cashbill?TG=` | URL |
//! | [`get_popup_url`](CashbillService::get_popup_url), `get_view_url`, `get_print_url`, `get_mail_url`, `get_pdf_url` | getPopUpURL, … | `GET {doc}?TG=` | URL |
//! | [`get_pdf`](CashbillService::get_pdf) | getPDF | `GET {doc}?PDF` | PDF bytes |
//! | [`get_mass_print_url`](CashbillService::get_mass_print_url) | getMassPrintURL | `POST /Cashbill/Prints` (≤ 100 keys) | URL |
//! | [`send_email`](CashbillService::send_email), [`send_sms`](CashbillService::send_sms), [`send_fax`](CashbillService::send_fax) | sendEmail, sendSMS, sendFAX | `POST EMAIL` / `SMS` / `FAX {doc}` | [`Response`] |
//! | [`assign_mgt_key`](CashbillService::assign_mgt_key) | assignMgtKey | `POST "" /Cashbill/{ItemKey}`, form `MgtKey=` | [`Response`] |
//! | [`list_email_config`](CashbillService::list_email_config), [`update_email_config`](CashbillService::update_email_config) | listEmailConfig, updateEmailConfig | `GET` / `POST /Cashbill/EmailSendConfig` | |
//! | [`get_unit_cost`](CashbillService::get_unit_cost), [`get_charge_info`](CashbillService::get_charge_info) | getUnitCost, getChargeInfo | `GET /Cashbill?cfg=UNITCOST`, `/Cashbill/ChargeInfo` | |
//! | [`wait_filed`](CashbillService::wait_filed) | — | getInfo until 304/305 | [`Filing`] |
//! | **legacy** [`register`](CashbillService::register), [`update`](CashbillService::update), [`issue`](CashbillService::issue), [`cancel_issue`](CashbillService::cancel_issue), [`revoke_register`](CashbillService::revoke_register), [`get_logs`](CashbillService::get_logs), [`get_eprint_url`](CashbillService::get_eprint_url) | register, update, issue, cancelIssue, revokeRegister, getLogs, getEPrintURL | `POST /Cashbill`, `POST PATCH` / `ISSUE` / `CANCELISSUE {doc}`, `POST REVOKE /Cashbill`, `GET {doc}/Logs`, `GET {doc}?TG=EPRINT` | |
//!
//! The legacy operations are still in the official SDKs but no longer in POPBiLL's
//! documentation. **Not offered:** `registIssueCN` / `bulkSubmitCN` (issuance with a
//! caller-assigned approval number, `ISSUECN` / `BULKISSUECN`), which only the Java SDK has
//! and whose wire form no public document pins down.
//!
//! # Wire form
//!
//! As the official Python SDK sends it: `getURL` is `/Cashbill?TG=` (no slash), memo-only
//! verbs send `{}` without a memo (Python sends `{"memo": null}`), `updateEmailConfig`
//! sends `SendYN=True`/`False`, `search` sends `QString` percent-encoded (Python sends it
//! raw, which breaks for non-ASCII text).

pub mod issuance;
mod search;

use bytes::Bytes;
use popbill_model::cashbill::{
    BulkCashbillResult, BulkCashbillSubmit, Cashbill, CashbillInfo, CashbillIssueResponse,
    CashbillLog, CashbillSearchQuery, CashbillSearchResult, EmailSendConfig, RevokeRequest,
};
use popbill_model::codes::{CashbillUrlTarget, DocumentUrlTarget, EmailType};
use popbill_model::{ChargeInfo, CorpNum, ItemKey, MgtKey, Response, SubmitId};
use popbill_transport::Method;

use crate::call::IssueDateRule;
use crate::client::Popbill;
use crate::error::ErrorCode;
use crate::paging::SearchPager;
use crate::pipeline::Call;
use crate::poll::Poll;
use crate::services::document::{DocAddr, DocKind, Docs};
use crate::services::reconcile::wait_filed;
use crate::services::{Service, charge_info, unit_cost};

pub use crate::services::document::{BulkSubmitCall, CheckMgtKeyCall, GetInfosCall, MemoCall};
pub use crate::services::reconcile::{Filing, FilingWait, IssueOutcome, IssuePath};
pub use issuance::{IssuingCall, RegistIssueCall, RevokeRegistIssueCall};

#[allow(unused_imports)] // for the docs' links
use popbill_model::cashbill::BulkResponse;

/// The Cashbill document kind: paths `/Cashbill/{MgtKey}`, getInfos on `/Cashbill/States`,
/// mass print on `/Cashbill/Prints`, `-14000003` for an unknown document number.
pub(crate) static KIND: DocKind = DocKind {
    service: Service::Cashbill,
    name_prefix: "Cashbill",
    not_found: ErrorCode::CASHBILL_MGT_KEY_NOT_FOUND,
    key_types: &[],
    infos_path: "/States",
    mass_print_path: "/Prints",
    mass_print_flag: false,
    box_url_path: "/Cashbill",
    memo_body_always: true,
};

/// The shared document operations for Cashbill.
pub(crate) fn docs(client: &Popbill) -> Docs<'_> {
    Docs {
        client,
        kind: &KIND,
    }
}

/// A cash receipt bulk submission's wait: [`Poll`] on getBulkResult until `txState` 2.
pub type BulkWait = Poll<BulkCashbillResult>;

impl crate::services::document::BulkBody for BulkCashbillSubmit {}

/// Cash receipt operations; get one with [`Popbill::cashbill`]. Cheap to copy.
#[derive(Clone, Copy, Debug)]
pub struct CashbillService<'a> {
    client: &'a Popbill,
}

impl<'a> CashbillService<'a> {
    pub(crate) fn new(client: &'a Popbill) -> Self {
        CashbillService { client }
    }

    fn docs(&self) -> Docs<'a> {
        docs(self.client)
    }

    // ---- Issuance --------------------------------------------------------------------------

    /// Whether a document number is in use: `true` when POPBiLL knows the receipt, `false`
    /// when it answers `-14000003` (no such document number).
    #[doc(alias = "checkMgtKeyInUse")]
    pub fn check_mgt_key_in_use(&self, corp: &CorpNum, key: &MgtKey) -> CheckMgtKeyCall {
        self.docs().check_mgt_key_in_use(corp, DocAddr::key(key))
    }

    /// Issues a cash receipt (state 300; filed with the NTS the next day): points are
    /// charged, and the buyer is notified if `smssendYN` / e-mail say so. Not idempotent: an
    /// ambiguous failure is reconciled by document number, never blindly resent (see
    /// [`IssuingCall`]). Options: `.memo()`, `.email_subject()`.
    #[doc(alias = "registIssue")]
    pub fn regist_issue(&self, corp: &CorpNum, receipt: Cashbill) -> RegistIssueCall {
        IssuingCall::new(self.client, corp, "registIssue", "ISSUE", receipt)
    }

    /// Issues a cancel receipt (취소 현금영수증) for a filed original, in full or in part
    /// (`isPartCancel` with the cancelled amounts). Reconciled like
    /// [`regist_issue`](Self::regist_issue).
    #[doc(alias = "revokeRegistIssue")]
    pub fn revoke_regist_issue(
        &self,
        corp: &CorpNum,
        request: RevokeRequest,
    ) -> RevokeRegistIssueCall {
        IssuingCall::new(
            self.client,
            corp,
            "revokeRegistIssue",
            "REVOKEISSUE",
            request,
        )
    }

    /// Submits 1..=100 receipts for asynchronous issuance under `submit_id`; resubmitting
    /// the same SubmitID with the same receipts is the safe retry.
    #[doc(alias = "bulkSubmit")]
    pub fn bulk_submit(
        &self,
        corp: &CorpNum,
        submit_id: &SubmitId,
        receipts: Vec<Cashbill>,
    ) -> BulkSubmitCall<BulkCashbillSubmit> {
        BulkSubmitCall::new(
            self.docs(),
            corp,
            submit_id,
            BulkCashbillSubmit::new(receipts),
        )
    }

    /// The state of a bulk submission; `issue_result` is filled once `txState` is 2.
    #[doc(alias = "getBulkResult")]
    pub fn get_bulk_result(
        &self,
        corp: &CorpNum,
        submit_id: &SubmitId,
    ) -> Call<BulkCashbillResult> {
        self.docs().bulk_result(corp, submit_id)
    }

    /// Polls [`get_bulk_result`](Self::get_bulk_result) with back-off until `txState` 2 or a
    /// deadline (see [`Poll`]).
    pub fn wait_bulk_result(&self, corp: &CorpNum, submit_id: &SubmitId) -> BulkWait {
        self.docs()
            .bulk_wait(corp, submit_id, BulkCashbillResult::is_completed)
    }

    /// Waits until the receipt's NTS filing ends: getInfo with back-off until state 304
    /// ([`Filing::Filed`]) or 305 ([`Filing::Failed`] with `ntsresultCode`), or a timeout
    /// at the deadline (see [`FilingWait`]).
    pub fn wait_filed(&self, corp: &CorpNum, key: &MgtKey) -> FilingWait<CashbillInfo> {
        wait_filed(self.docs(), corp, DocAddr::key(key))
    }

    /// Deletes a receipt whose filing failed (305) or, in the legacy flow, a draft or a
    /// cancelled one; the document number can then be reused.
    pub fn delete(&self, corp: &CorpNum, key: &MgtKey) -> Call<Response> {
        self.docs()
            .state_change("delete", "DELETE", corp, DocAddr::key(key))
    }

    // ---- Information -----------------------------------------------------------------------

    /// State and summary of one receipt.
    #[doc(alias = "getInfo")]
    pub fn get_info(&self, corp: &CorpNum, key: &MgtKey) -> Call<CashbillInfo> {
        self.docs()
            .get("getInfo", corp, DocAddr::key(key), "", None)
    }

    /// State and summary of many receipts; more than 1,000 keys are sent as several
    /// requests whose answers are concatenated.
    #[doc(alias = "getInfos")]
    pub fn get_infos(&self, corp: &CorpNum, keys: &[MgtKey]) -> GetInfosCall<CashbillInfo> {
        self.docs().get_infos(corp, None, keys)
    }

    /// The whole receipt.
    #[doc(alias = "getDetailInfo")]
    pub fn get_detail_info(&self, corp: &CorpNum, key: &MgtKey) -> Call<Cashbill> {
        self.docs()
            .get("getDetailInfo", corp, DocAddr::key(key), "", Some("Detail"))
    }

    /// One page of a search (`GET /Cashbill/Search`, see [`CashbillSearchQuery`]).
    pub fn search(
        &self,
        corp: &CorpNum,
        query: impl std::borrow::Borrow<CashbillSearchQuery>,
    ) -> Call<CashbillSearchResult> {
        search::search_call(self.client, corp, query.borrow())
    }

    /// Every page of a search, from the query's page on (see [`SearchPager`]).
    #[doc(alias = "search")]
    pub fn search_pages(
        &self,
        corp: &CorpNum,
        query: impl std::borrow::Borrow<CashbillSearchQuery>,
    ) -> SearchPager<CashbillSearchResult> {
        search::pager(self.client, corp, query.borrow().clone())
    }

    /// The receipt as a PDF (raw bytes; the Java, Node and PHP SDKs have it).
    #[doc(alias = "getPDF")]
    pub fn get_pdf(&self, corp: &CorpNum, key: &MgtKey) -> Call<Bytes> {
        self.docs().pdf(corp, DocAddr::key(key))
    }

    // ---- URLs (valid 30 seconds, except the mail URL) --------------------------------------

    /// A box or page of the cash receipt menu (`TBOX`, `PBOX`, `WRITE`).
    #[doc(alias = "getURL")]
    pub fn get_url(&self, corp: &CorpNum, target: CashbillUrlTarget) -> Call<String> {
        self.docs().box_url(corp, &target.as_str())
    }

    /// A page of one receipt (`POPUP`, `VIEW`, `PRINT`, `EPRINT`, `MAIL`, `PDF`).
    pub fn get_document_url(
        &self,
        corp: &CorpNum,
        key: &MgtKey,
        target: DocumentUrlTarget,
    ) -> Call<String> {
        self.docs().document_url(corp, DocAddr::key(key), target)
    }

    /// The receipt popup (`TG=POPUP`).
    #[doc(alias = "getPopUpURL")]
    pub fn get_popup_url(&self, corp: &CorpNum, key: &MgtKey) -> Call<String> {
        self.get_document_url(corp, key, DocumentUrlTarget::Popup)
    }

    /// The receipt without menus or buttons (`TG=VIEW`).
    #[doc(alias = "getViewURL")]
    pub fn get_view_url(&self, corp: &CorpNum, key: &MgtKey) -> Call<String> {
        self.get_document_url(corp, key, DocumentUrlTarget::View)
    }

    /// The print page (`TG=PRINT`).
    #[doc(alias = "getPrintURL")]
    pub fn get_print_url(&self, corp: &CorpNum, key: &MgtKey) -> Call<String> {
        self.get_document_url(corp, key, DocumentUrlTarget::Print)
    }

    /// **Legacy**: the buyer's print page (`TG=EPRINT`).
    #[doc(alias = "getEPrintURL")]
    pub fn get_eprint_url(&self, corp: &CorpNum, key: &MgtKey) -> Call<String> {
        self.get_document_url(corp, key, DocumentUrlTarget::EPrint)
    }

    /// The link of the notification mail's view button (`TG=MAIL`; does not expire).
    #[doc(alias = "getMailURL")]
    pub fn get_mail_url(&self, corp: &CorpNum, key: &MgtKey) -> Call<String> {
        self.get_document_url(corp, key, DocumentUrlTarget::Mail)
    }

    /// The PDF download page (`TG=PDF`).
    #[doc(alias = "getPDFURL")]
    pub fn get_pdf_url(&self, corp: &CorpNum, key: &MgtKey) -> Call<String> {
        self.get_document_url(corp, key, DocumentUrlTarget::Pdf)
    }

    /// A page printing 1..=100 receipts at once.
    #[doc(alias = "getMassPrintURL")]
    pub fn get_mass_print_url(&self, corp: &CorpNum, keys: &[MgtKey]) -> Call<String> {
        self.docs().mass_print_url(corp, None, keys)
    }

    // ---- Notifications and configuration ---------------------------------------------------

    /// Sends the issuance mail again, to `receiver`.
    #[doc(alias = "sendEmail")]
    pub fn send_email(&self, corp: &CorpNum, key: &MgtKey, receiver: &str) -> Call<Response> {
        self.docs().send_email(corp, DocAddr::key(key), receiver)
    }

    /// Sends a text message (charged; refunded when delivery fails). `contents` beyond 90
    /// bytes are truncated by POPBiLL.
    #[doc(alias = "sendSMS")]
    pub fn send_sms(
        &self,
        corp: &CorpNum,
        key: &MgtKey,
        sender: &str,
        receiver: &str,
        contents: &str,
    ) -> Call<Response> {
        self.docs()
            .send_sms(corp, DocAddr::key(key), sender, receiver, contents)
    }

    /// Faxes the receipt (charged).
    #[doc(alias = "sendFAX", alias = "sendFax")]
    pub fn send_fax(
        &self,
        corp: &CorpNum,
        key: &MgtKey,
        sender: &str,
        receiver: &str,
    ) -> Call<Response> {
        self.docs()
            .send_fax(corp, DocAddr::key(key), sender, receiver)
    }

    /// Gives a document number to a receipt issued on the POPBiLL website (addressed by its
    /// ItemKey).
    #[doc(alias = "assignMgtKey")]
    pub fn assign_mgt_key(
        &self,
        corp: &CorpNum,
        item_key: &ItemKey,
        mgt_key: &MgtKey,
    ) -> Call<Response> {
        self.docs().assign_mgt_key(corp, None, item_key, mgt_key)
    }

    /// Turns one notification mail on or off (`CSH_ISSUE`; legacy `CSH_CANCEL`). Sent as
    /// `SendYN=True`/`False` like the official Python SDK.
    #[doc(alias = "updateEmailConfig")]
    pub fn update_email_config(&self, corp: &CorpNum, ty: EmailType, send: bool) -> Call<Response> {
        self.docs().update_email_config(corp, ty, send)
    }

    /// Which notification mails are sent.
    #[doc(alias = "listEmailConfig")]
    pub fn list_email_config(&self, corp: &CorpNum) -> Call<Vec<EmailSendConfig>> {
        self.docs().list_email_config(corp)
    }

    /// The price of one issuance in points.
    #[doc(alias = "getUnitCost")]
    pub fn get_unit_cost(&self, corp: &CorpNum) -> Call<f64> {
        unit_cost(self.client, Service::Cashbill, "Cashbill.getUnitCost", corp)
    }

    /// The member's pricing.
    #[doc(alias = "getChargeInfo")]
    pub fn get_charge_info(&self, corp: &CorpNum) -> Call<ChargeInfo> {
        charge_info(
            self.client,
            Service::Cashbill,
            "Cashbill.getChargeInfo",
            corp,
        )
    }

    // ---- Legacy (still in the SDKs, no longer in POPBiLL's documentation) -------------------

    /// **Legacy**: saves a draft receipt.
    pub fn register(&self, corp: &CorpNum, receipt: &Cashbill) -> Call<Response> {
        self.docs()
            .at("register", Method::Post, corp, "")
            .check(self.validated(receipt))
            .json_body(receipt)
            .json()
    }

    /// **Legacy**: replaces a draft receipt.
    pub fn update(&self, corp: &CorpNum, key: &MgtKey, receipt: &Cashbill) -> Call<Response> {
        self.docs()
            .doc("update", Method::Post, corp, &DocAddr::key(key), "")
            .method_override("PATCH")
            .check(self.validated(receipt))
            .json_body(receipt)
            .json()
    }

    /// **Legacy**: issues a draft receipt. Option `.memo()`.
    pub fn issue(&self, corp: &CorpNum, key: &MgtKey) -> MemoCall<CashbillIssueResponse> {
        self.docs()
            .memo_call("issue", "ISSUE", corp, DocAddr::key(key))
    }

    /// **Legacy**: cancels an issued receipt not yet filed. Option `.memo()`.
    #[doc(alias = "cancelIssue")]
    pub fn cancel_issue(&self, corp: &CorpNum, key: &MgtKey) -> MemoCall {
        self.docs()
            .memo_call("cancelIssue", "CANCELISSUE", corp, DocAddr::key(key))
    }

    /// **Legacy**: saves a draft cancel receipt.
    #[doc(alias = "revokeRegister")]
    pub fn revoke_register(&self, corp: &CorpNum, request: &RevokeRequest) -> Call<Response> {
        self.docs()
            .at("revokeRegister", Method::Post, corp, "")
            .method_override("REVOKE")
            .check(self.validated(request))
            .json_body(request)
            .json()
    }

    /// **Legacy**: the receipt's history.
    #[doc(alias = "getLogs")]
    pub fn get_logs(&self, corp: &CorpNum, key: &MgtKey) -> Call<Vec<CashbillLog>> {
        self.docs()
            .get("getLogs", corp, DocAddr::key(key), "/Logs", None)
    }

    /// The checks of a call that does not issue.
    fn validated<V: popbill_model::Validate>(
        &self,
        value: &V,
    ) -> Result<(), popbill_model::ValidationErrors> {
        crate::call::ValidationSettings::default().run(
            self.client,
            value,
            IssueDateRule::NotIssuing,
        )
    }
}
