//! The Taxinvoice service (전자세금계산서): every operation of the
//! official SDKs as a method of [`TaxinvoiceService`] (get one with
//! [`Popbill::taxinvoice`]), named in snake_case with the official name as a `doc(alias)`.
//!
//! Required arguments are method parameters; options (user id, memo, e-mail subject, force
//! issue, timeouts, …) are set on the returned call, which runs with `.send().await` or
//! `.await`. Request bodies are validated with `popbill-model` before anything is sent (a
//! validation error costs nothing and names every broken field); calls carrying an invoice
//! offer `.skip_validation()` and `.allow_test_corp_nums(bool)`.
//!
//! ```no_run
//! use popbill::model::codes::{IssueType, MgtKeyType, PurposeType, TaxType};
//! use popbill::model::taxinvoice::Taxinvoice;
//! use popbill::model::{CorpNum, MgtKey};
//!
//! # async fn run(client: popbill::Popbill) -> popbill::Result<()> {
//! let corp = CorpNum::parse_unchecked("1234567890").expect("10 digits");
//! let key = MgtKey::parse("INV-20250101-001").expect("valid key");
//! let invoice = Taxinvoice::new(IssueType::Forward, TaxType::Taxable, PurposeType::Claim, "20250101")
//!     .set_invoicer_mgt_key(key.as_str());
//!     // ... seller, buyer, lines, totals
//! let outcome = client.taxinvoice().regist_issue(&corp, invoice).memo("즉시발행").await?;
//! println!("NTS confirm number {:?} ({:?})", outcome.nts_confirm_num(), outcome.path);
//! let info = client.taxinvoice().get_info(&corp, MgtKeyType::Sell, &key).await?;
//! println!("state {:?}", info.state_code);
//! # Ok(()) }
//! ```
//!
//! # Operations
//!
//! `{doc}` = `/Taxinvoice/{KeyType}/{MgtKey}`. "POST X" = POST with
//! `X-HTTP-Method-Override: X`. Lookups are idempotent (retried on transient failures);
//! state changes are not, except where noted.
//!
//! | Method | Official | HTTP | Returns |
//! |---|---|---|---|
//! | [`check_mgt_key_in_use`](TaxinvoiceService::check_mgt_key_in_use) | checkMgtKeyInUse | `GET {doc}` | `bool` (`-11000005` = false) |
//! | [`register`](TaxinvoiceService::register) | register | `POST /Taxinvoice` | [`Response`] |
//! | [`update`](TaxinvoiceService::update) | update | `POST PATCH {doc}` | [`Response`] |
//! | [`regist_issue`](TaxinvoiceService::regist_issue) | registIssue | `POST ISSUE /Taxinvoice` | [`IssueOutcome`] (reconciled, see [`issuance`]) |
//! | [`issue`](TaxinvoiceService::issue) | issue | `POST ISSUE {doc}` | [`IssueOutcome`] (reconciled) |
//! | [`cancel_issue`](TaxinvoiceService::cancel_issue) | cancelIssue | `POST CANCELISSUE {doc}` | [`Response`] |
//! | [`delete`](TaxinvoiceService::delete) | delete | `POST DELETE {doc}` | [`Response`] |
//! | [`regist_request`](TaxinvoiceService::regist_request) | registRequest | `POST REQUEST /Taxinvoice` | [`Response`] |
//! | [`request`](TaxinvoiceService::request) | request | `POST REQUEST {doc}` | [`Response`] |
//! | [`cancel_request`](TaxinvoiceService::cancel_request) | cancelRequest | `POST CANCELREQUEST {doc}` | [`Response`] |
//! | [`refuse`](TaxinvoiceService::refuse) | refuse | `POST REFUSE {doc}` | [`Response`] |
//! | [`send`](TaxinvoiceService::send) (legacy) | send | `POST SEND {doc}` | [`Response`] |
//! | [`cancel_send`](TaxinvoiceService::cancel_send) (legacy) | cancelSend | `POST CANCELSEND {doc}` | [`Response`] |
//! | [`accept`](TaxinvoiceService::accept) (legacy) | accept | `POST ACCEPT {doc}` | [`Response`] |
//! | [`deny`](TaxinvoiceService::deny) (legacy) | deny | `POST DENY {doc}` | [`Response`] |
//! | [`send_to_nts`](TaxinvoiceService::send_to_nts) | sendToNTS | `POST NTS {doc}` | [`Response`] |
//! | [`get_info`](TaxinvoiceService::get_info) | getInfo | `GET {doc}` | [`TaxinvoiceInfo`] |
//! | [`get_infos`](TaxinvoiceService::get_infos) | getInfos | `POST /Taxinvoice/{KeyType}` (1,000 keys per request) | `Vec<TaxinvoiceInfo>` |
//! | [`get_detail_info`](TaxinvoiceService::get_detail_info) | getDetailInfo | `GET {doc}?Detail` | [`Taxinvoice`] |
//! | [`get_detail_info_by_item_key`](TaxinvoiceService::get_detail_info_by_item_key) | getDetailInfoByItemKey | `GET /Taxinvoice/{ItemKey}?Detail` | [`Taxinvoice`] |
//! | [`get_xml`](TaxinvoiceService::get_xml) | getXML | `GET {doc}?XML` | [`TaxinvoiceXml`] |
//! | [`get_logs`](TaxinvoiceService::get_logs) | getLogs | `GET {doc}/Logs` | `Vec<TaxinvoiceLog>` |
//! | [`search`](TaxinvoiceService::search), [`search_pages`](TaxinvoiceService::search_pages) | search | `GET /Taxinvoice/{KeyType}?…` ([`search`]) | [`TISearchResult`] / stream |
//! | [`get_pdf`](TaxinvoiceService::get_pdf) | getPDF | `GET {doc}?PDF` | PDF bytes |
//! | [`get_url`](TaxinvoiceService::get_url) | getURL | `GET /Taxinvoice/?TG=` | URL |
//! | [`get_document_url`](TaxinvoiceService::get_document_url) and `get_popup_url`, `get_view_url`, `get_print_url`, `get_old_print_url`, `get_eprint_url`, `get_mail_url`, `get_pdf_url` | getPopUpURL, … | `GET {doc}?TG=` | URL |
//! | [`get_mass_print_url`](TaxinvoiceService::get_mass_print_url) | getMassPrintURL | `POST /Taxinvoice/{KeyType}?Print` (≤ 100 keys) | URL |
//! | [`get_seal_url`](TaxinvoiceService::get_seal_url), [`get_tax_cert_url`](TaxinvoiceService::get_tax_cert_url) | getSealURL, getTaxCertURL | `GET /Member?TG=SEAL` / `CERT` | URL |
//! | [`attach_file`](TaxinvoiceService::attach_file), [`attach_file_binary`](TaxinvoiceService::attach_file_binary) | attachFile, attachFileBinary | `POST {doc}/Files` multipart ([`files`]) | [`Response`] |
//! | [`get_files`](TaxinvoiceService::get_files) | getFiles | `GET {doc}/Files` | `Vec<AttachedFile>` |
//! | [`delete_file`](TaxinvoiceService::delete_file) | deleteFile | `POST DELETE {doc}/Files/{FileID}` | [`Response`] |
//! | [`attach_statement`](TaxinvoiceService::attach_statement), [`detach_statement`](TaxinvoiceService::detach_statement) | attachStatement, detachStatement | `POST {doc}/AttachStmt` / `DetachStmt` | [`Response`] |
//! | [`assign_mgt_key`](TaxinvoiceService::assign_mgt_key) | assignMgtKey | `POST "" /Taxinvoice/{ItemKey}/{KeyType}`, form `MgtKey=` | [`Response`] |
//! | [`send_email`](TaxinvoiceService::send_email), [`send_sms`](TaxinvoiceService::send_sms), [`send_fax`](TaxinvoiceService::send_fax) | sendEmail, sendSMS, sendFAX | `POST EMAIL` / `SMS` / `FAX {doc}` | [`Response`] |
//! | [`list_email_config`](TaxinvoiceService::list_email_config) | listEmailConfig | `GET /Taxinvoice/EmailSendConfig` | `Vec<EmailSendConfig>` |
//! | [`update_email_config`](TaxinvoiceService::update_email_config) | updateEmailConfig | `POST /Taxinvoice/EmailSendConfig?EmailType=&SendYN=` | [`Response`] |
//! | [`get_send_to_nts_config`](TaxinvoiceService::get_send_to_nts_config) | getSendToNTSConfig | `GET /Taxinvoice/SendToNTSConfig` | `bool` |
//! | [`check_cert_validation`](TaxinvoiceService::check_cert_validation) | checkCertValidation | `GET /Taxinvoice/CertCheck` | [`Response`] |
//! | [`get_tax_cert_info`](TaxinvoiceService::get_tax_cert_info) | getTaxCertInfo | `GET /Taxinvoice/Certificate` | [`TaxinvoiceCertificate`] |
//! | [`get_certificate_expire_date`](TaxinvoiceService::get_certificate_expire_date) | getCertificateExpireDate | `GET /Taxinvoice?cfg=CERT` | [`DateTime14`] |
//! | [`get_unit_cost`](TaxinvoiceService::get_unit_cost) | getUnitCost | `GET /Taxinvoice?cfg=UNITCOST` | `f64` |
//! | [`get_charge_info`](TaxinvoiceService::get_charge_info) | getChargeInfo | `GET /Taxinvoice/ChargeInfo` | [`ChargeInfo`] |
//! | [`get_email_public_keys`](TaxinvoiceService::get_email_public_keys) | getEmailPublicKeys | `GET /Taxinvoice/EmailPublicKeys` | `Vec<EmailPublicKey>` |
//! | [`bulk_submit`](TaxinvoiceService::bulk_submit) | bulkSubmit | `POST BULKISSUE /Taxinvoice` + digest, submit id ([`bulk`]); idempotent | [`BulkResponse`] |
//! | [`get_bulk_result`](TaxinvoiceService::get_bulk_result), [`wait_bulk_result`](TaxinvoiceService::wait_bulk_result) | getBulkResult | `GET /Taxinvoice/BULK/{SubmitID}/State` | [`BulkTaxinvoiceResult`] |
//!
//! Revised invoices: [`revise`] ([`RevisionBase`], [`TaxinvoiceService::revision_base`]).
//!
//! # Where this client follows the official Python SDK over the spec's recommendation
//!
//! The golden capture of the Python SDK is the conformance reference, so where the official
//! documentation recommends otherwise the Python wire form is kept (the server accepts both):
//! `getURL` uses `/Taxinvoice/?TG=` (slash before `?`); `updateEmailConfig` sends
//! `SendYN=True`/`False`; memo-only verbs send an empty body when there is no memo;
//! `registIssue` sends `forceIssue` / `writeSpecification` only when true. `None` fields
//! are omitted rather than sent as `null` (POPBiLL reads both the same). `LateOnly`, `TaxRegIDYN` and
//! `InterOPYN` are `1`/`0`, which is what Python sends for the integers its examples pass.

pub mod bulk;
pub mod calls;
pub mod files;
pub mod issuance;
pub mod revise;
pub mod search;

use bytes::Bytes;
use popbill_model::codes::{
    DocumentUrlTarget, EmailType, MemberUrlTarget, MgtKeyType, StatementItemCode,
    TaxinvoiceUrlTarget,
};
use popbill_model::taxinvoice::{
    AttachedFile, BulkTaxinvoiceResult, CertificateExpiration, EmailPublicKey, EmailSendConfig,
    SendToNtsConfig, StatementBody, Taxinvoice, TaxinvoiceCertificate, TaxinvoiceInfo,
    TaxinvoiceLog, TaxinvoiceXml,
};
use popbill_model::{
    ChargeInfo, CorpNum, DateTime14, ItemKey, MgtKey, Response, SubmitId, UrlResponse,
};
use popbill_transport::Method;

use crate::client::Popbill;
use crate::error::{DecodeError, Error, ErrorCode, Result};
use crate::paging::SearchPager;
use crate::pipeline::{Call, decode_json, seg};
use crate::services::document::{DocAddr, DocKind, Docs, required};
use crate::services::{Service, charge_info, unit_cost};

pub use crate::services::document::{CheckMgtKeyCall, GetInfosCall, MemoCall};
pub use crate::services::reconcile::{Filing, FilingWait};
pub use bulk::{BulkSubmitCall, BulkWait};
pub use calls::InvoiceCall;
pub use files::AttachFileCall;
pub use issuance::{IssueCall, IssueOutcome, IssuePath, RegistIssueCall, outcome_unknown};
pub use revise::RevisionBase;
pub use search::SearchQuery;

#[allow(unused_imports)] // for the docs' links
use popbill_model::taxinvoice::{BulkResponse, TISearchResult};

use calls::InvoiceOp;

/// The Taxinvoice document kind: paths `/Taxinvoice/{KeyType}/{MgtKey}`, getInfos and mass
/// print on `/Taxinvoice/{KeyType}` (`?Print`), `-11000005` for an unknown document number.
pub(crate) static KIND: DocKind = DocKind {
    service: Service::Taxinvoice,
    name_prefix: "Taxinvoice",
    not_found: ErrorCode::TAXINVOICE_MGT_KEY_NOT_FOUND,
    key_types: &[MgtKeyType::Sell, MgtKeyType::Buy, MgtKeyType::Trustee],
    infos_path: "",
    mass_print_path: "",
    mass_print_flag: true,
    box_url_path: "/Taxinvoice/",
    memo_body_always: false,
};

/// The shared document operations for Taxinvoice.
pub(crate) fn docs(client: &Popbill) -> Docs<'_> {
    Docs {
        client,
        kind: &KIND,
    }
}

/// Taxinvoice operations; get one with [`Popbill::taxinvoice`]. Cheap to copy.
#[derive(Clone, Copy, Debug)]
pub struct TaxinvoiceService<'a> {
    client: &'a Popbill,
}

impl<'a> TaxinvoiceService<'a> {
    pub(crate) fn new(client: &'a Popbill) -> Self {
        TaxinvoiceService { client }
    }

    fn docs(&self) -> Docs<'a> {
        docs(self.client)
    }

    /// An operation on a path under `/Taxinvoice`.
    fn at(
        &self,
        verb: &'static str,
        method: Method,
        corp: &CorpNum,
        sub: &str,
    ) -> crate::pipeline::OpBuilder<'a> {
        self.docs().at(verb, method, corp, sub)
    }

    fn memo_call(
        &self,
        verb: &'static str,
        method_override: &'static str,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> MemoCall {
        self.docs()
            .memo_call(verb, method_override, corp, DocAddr::typed(key_type, key))
    }

    // ---- Issuance lifecycle ------------------------------------------------------------

    /// Whether a document number is in use: `true` when POPBiLL knows the document,
    /// `false` when it answers `-11000005` (no such document number).
    #[doc(alias = "checkMgtKeyInUse")]
    pub fn check_mgt_key_in_use(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> CheckMgtKeyCall {
        self.docs()
            .check_mgt_key_in_use(corp, DocAddr::typed(key_type, key))
    }

    /// Saves a draft (임시저장, state 100). Options: `.write_specification()`,
    /// `.deal_invoice_mgt_key()`, `.skip_validation()`.
    pub fn register(&self, corp: &CorpNum, invoice: Taxinvoice) -> InvoiceCall {
        InvoiceCall::new(self.client, corp, InvoiceOp::Register, invoice)
    }

    /// Replaces a draft (only in state 100).
    pub fn update(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
        invoice: Taxinvoice,
    ) -> InvoiceCall {
        InvoiceCall::new(
            self.client,
            corp,
            InvoiceOp::Update(key_type, key.clone()),
            invoice,
        )
    }

    /// Registers and issues an invoice in one request (state 300): points are charged and
    /// the buyer is mailed. Options: `.force_issue()`, `.memo()`, `.email_subject()`,
    /// `.write_specification()`, `.deal_invoice_mgt_key()`. Not idempotent: an ambiguous
    /// failure is reconciled by document number, never blindly resent (see [`issuance`]).
    #[doc(alias = "registIssue")]
    pub fn regist_issue(&self, corp: &CorpNum, invoice: Taxinvoice) -> RegistIssueCall {
        RegistIssueCall::new(self.client, corp, invoice)
    }

    /// Issues a draft (100) or, as the seller (`SELL`), a pending reverse-issuance request
    /// (200). Options: `.force_issue()`, `.memo()`, `.email_subject()`. Reconciled like
    /// [`regist_issue`](Self::regist_issue).
    pub fn issue(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> IssueCall {
        IssueCall::new(self.client, corp, key_type, key)
    }

    /// Cancels an issued invoice not yet sent to the NTS (300 → 600). Option `.memo()`.
    #[doc(alias = "cancelIssue")]
    pub fn cancel_issue(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> MemoCall {
        self.memo_call("cancelIssue", "CANCELISSUE", corp, key_type, key)
    }

    /// Deletes a draft, a refused or cancelled invoice, or one whose filing failed; the
    /// document number can then be reused.
    pub fn delete(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> Call<Response> {
        self.docs()
            .state_change("delete", "DELETE", corp, DocAddr::typed(key_type, key))
    }

    /// Registers and requests a reverse issuance (역발행, buyer side, state 200). Options:
    /// `.memo()`, `.skip_validation()`.
    #[doc(alias = "registRequest")]
    pub fn regist_request(&self, corp: &CorpNum, invoice: Taxinvoice) -> InvoiceCall {
        InvoiceCall::new(self.client, corp, InvoiceOp::RegistRequest, invoice)
    }

    /// Requests issuance of a reverse-issuance draft (buyer, 100 → 200). Option `.memo()`.
    pub fn request(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> MemoCall {
        self.memo_call("request", "REQUEST", corp, key_type, key)
    }

    /// Withdraws a reverse-issuance request (buyer, 200 → 500). Option `.memo()`.
    #[doc(alias = "cancelRequest")]
    pub fn cancel_request(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> MemoCall {
        self.memo_call("cancelRequest", "CANCELREQUEST", corp, key_type, key)
    }

    /// Refuses a reverse-issuance request (seller, 200 → 400). Option `.memo()`.
    pub fn refuse(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> MemoCall {
        self.memo_call("refuse", "REFUSE", corp, key_type, key)
    }

    /// **Legacy** 발행예정 flow (no longer in POPBiLL's documentation): sends a draft to the
    /// buyer for approval. Options `.memo()`, `.email_subject()`.
    pub fn send(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> MemoCall {
        let mut call = self.memo_call("send", "SEND", corp, key_type, key);
        call.takes_subject = true;
        call
    }

    /// **Legacy** 발행예정 flow: withdraws a sent draft. Option `.memo()`.
    #[doc(alias = "cancelSend")]
    pub fn cancel_send(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> MemoCall {
        self.memo_call("cancelSend", "CANCELSEND", corp, key_type, key)
    }

    /// **Legacy** 발행예정 flow: the buyer approves a sent draft. Option `.memo()`.
    pub fn accept(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> MemoCall {
        self.memo_call("accept", "ACCEPT", corp, key_type, key)
    }

    /// **Legacy** 발행예정 flow: the buyer rejects a sent draft. Option `.memo()`.
    pub fn deny(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> MemoCall {
        self.memo_call("deny", "DENY", corp, key_type, key)
    }

    /// Files an issued invoice with the NTS now instead of the next day (done within about
    /// 30 minutes; the result arrives as state 304 or 305).
    #[doc(alias = "sendToNTS")]
    pub fn send_to_nts(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> Call<Response> {
        self.docs()
            .state_change("sendToNTS", "NTS", corp, DocAddr::typed(key_type, key))
    }

    /// Waits until the invoice's NTS filing ends: polls getInfo with back-off until state 304
    /// ([`Filing::Filed`]) or 305 ([`Filing::Failed`] with `ntssendErrCode`), or fails with
    /// [`Error::Timeout`] at the deadline (see [`FilingWait`]).
    pub fn wait_filed(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> FilingWait<TaxinvoiceInfo> {
        crate::services::reconcile::wait_filed(self.docs(), corp, DocAddr::typed(key_type, key))
    }

    // ---- Information -------------------------------------------------------------------

    /// State and summary of one invoice.
    #[doc(alias = "getInfo")]
    pub fn get_info(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> Call<TaxinvoiceInfo> {
        self.docs()
            .get("getInfo", corp, DocAddr::typed(key_type, key), "", None)
    }

    /// State and summary of many invoices, in the order of `keys` as POPBiLL answers. More
    /// than 1,000 keys are sent as several requests whose answers are concatenated.
    #[doc(alias = "getInfos")]
    pub fn get_infos(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        keys: &[MgtKey],
    ) -> GetInfosCall<TaxinvoiceInfo> {
        self.docs().get_infos(corp, Some(key_type), keys)
    }

    /// The whole invoice.
    #[doc(alias = "getDetailInfo")]
    pub fn get_detail_info(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> Call<Taxinvoice> {
        self.docs().get(
            "getDetailInfo",
            corp,
            DocAddr::typed(key_type, key),
            "",
            Some("Detail"),
        )
    }

    /// The whole invoice, addressed by POPBiLL's ItemKey.
    #[doc(alias = "getDetailInfoByItemKey")]
    pub fn get_detail_info_by_item_key(
        &self,
        corp: &CorpNum,
        item_key: &ItemKey,
    ) -> Call<Taxinvoice> {
        let sub = format!("/{}", seg(item_key.as_str()));
        self.at("getDetailInfoByItemKey", Method::Get, corp, &sub)
            .flag("Detail")
            .json()
    }

    /// The signed invoice XML (`retObject`).
    #[doc(alias = "getXML")]
    pub fn get_xml(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> Call<TaxinvoiceXml> {
        self.docs().get(
            "getXML",
            corp,
            DocAddr::typed(key_type, key),
            "",
            Some("XML"),
        )
    }

    /// The invoice's history.
    #[doc(alias = "getLogs")]
    pub fn get_logs(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> Call<Vec<TaxinvoiceLog>> {
        self.docs().get(
            "getLogs",
            corp,
            DocAddr::typed(key_type, key),
            "/Logs",
            None,
        )
    }

    /// One page of a search (see [`SearchQuery`]).
    pub fn search(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        query: impl std::borrow::Borrow<SearchQuery>,
    ) -> Call<TISearchResult> {
        search::search_call(self.client, corp, &key_type, query.borrow())
    }

    /// Every page of a search, starting at the query's page; no request is made after the
    /// last page. Read it with `.next().await` / `.collect_all()`, or as a stream with
    /// `.pages()` / `.items()` (see [`SearchPager`]).
    #[doc(alias = "search")]
    pub fn search_pages(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        query: impl std::borrow::Borrow<SearchQuery>,
    ) -> SearchPager<TISearchResult> {
        search::pager(self.client, corp, key_type, query.borrow().clone())
    }

    /// The invoice as a PDF (raw bytes).
    #[doc(alias = "getPDF")]
    pub fn get_pdf(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> Call<Bytes> {
        self.docs().pdf(corp, DocAddr::typed(key_type, key))
    }

    // ---- URLs (valid 30 seconds, except the mail URL) ------------------------------------

    /// A box or page of the Taxinvoice menu (`TBOX`, `SWBOX`, `SBOX`, `PWBOX`, `PBOX`,
    /// `WRITE`). Sent as `/Taxinvoice/?TG=` like the official Python SDK.
    #[doc(alias = "getURL")]
    pub fn get_url(&self, corp: &CorpNum, target: TaxinvoiceUrlTarget) -> Call<String> {
        self.docs().box_url(corp, &target.as_str())
    }

    /// A page of one invoice (`POPUP`, `VIEW`, `PRINT`, `PRINTOLD`, `EPRINT`, `MAIL`, `PDF`).
    pub fn get_document_url(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
        target: DocumentUrlTarget,
    ) -> Call<String> {
        self.docs()
            .document_url(corp, DocAddr::typed(key_type, key), target)
    }

    /// The invoice popup (`TG=POPUP`).
    #[doc(alias = "getPopUpURL")]
    pub fn get_popup_url(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> Call<String> {
        self.get_document_url(corp, key_type, key, DocumentUrlTarget::Popup)
    }

    /// The invoice without menus or buttons (`TG=VIEW`).
    #[doc(alias = "getViewURL")]
    pub fn get_view_url(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> Call<String> {
        self.get_document_url(corp, key_type, key, DocumentUrlTarget::View)
    }

    /// The seller's print page (`TG=PRINT`).
    #[doc(alias = "getPrintURL")]
    pub fn get_print_url(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> Call<String> {
        self.get_document_url(corp, key_type, key, DocumentUrlTarget::Print)
    }

    /// The legacy print layout (`TG=PRINTOLD`).
    #[doc(alias = "getOldPrintURL")]
    pub fn get_old_print_url(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> Call<String> {
        self.get_document_url(corp, key_type, key, DocumentUrlTarget::PrintOld)
    }

    /// The buyer's print page (`TG=EPRINT`).
    #[doc(alias = "getEPrintURL")]
    pub fn get_eprint_url(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> Call<String> {
        self.get_document_url(corp, key_type, key, DocumentUrlTarget::EPrint)
    }

    /// The link of the notification mail's view button (`TG=MAIL`; does not expire).
    #[doc(alias = "getMailURL")]
    pub fn get_mail_url(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> Call<String> {
        self.get_document_url(corp, key_type, key, DocumentUrlTarget::Mail)
    }

    /// The PDF download page (`TG=PDF`).
    #[doc(alias = "getPDFURL")]
    pub fn get_pdf_url(&self, corp: &CorpNum, key_type: MgtKeyType, key: &MgtKey) -> Call<String> {
        self.get_document_url(corp, key_type, key, DocumentUrlTarget::Pdf)
    }

    /// A page printing several invoices at once: 1..=100 document numbers, otherwise a
    /// validation error.
    #[doc(alias = "getMassPrintURL")]
    pub fn get_mass_print_url(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        keys: &[MgtKey],
    ) -> Call<String> {
        self.docs().mass_print_url(corp, Some(key_type), keys)
    }

    /// The page registering the seal, business licence and bankbook images
    /// (`/Member?TG=SEAL`).
    #[doc(alias = "getSealURL")]
    pub fn get_seal_url(&self, corp: &CorpNum) -> Call<String> {
        self.member_url("Taxinvoice.getSealURL", corp, MemberUrlTarget::Seal)
    }

    /// The certificate registration page (`/Member?TG=CERT`).
    #[doc(alias = "getTaxCertURL")]
    pub fn get_tax_cert_url(&self, corp: &CorpNum) -> Call<String> {
        self.member_url("Taxinvoice.getTaxCertURL", corp, MemberUrlTarget::Cert)
    }

    fn member_url(
        &self,
        name: &'static str,
        corp: &CorpNum,
        target: MemberUrlTarget,
    ) -> Call<String> {
        self.client
            .op(Service::Taxinvoice, name, Method::Get, "/Member")
            .corp(corp)
            .query("TG", target.as_str())
            .map_json(|r: UrlResponse| r.url)
    }

    // ---- Attachments and statements ------------------------------------------------------

    /// Attaches a file read from `path` to a draft (at most 5 files). The file is read when
    /// the call is sent, on the blocking pool; its name is the display name unless
    /// `.display_name()` says otherwise.
    #[doc(alias = "attachFile")]
    pub fn attach_file(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
        path: impl Into<std::path::PathBuf>,
    ) -> AttachFileCall {
        AttachFileCall::new(
            self.client,
            corp,
            DocAddr::typed(key_type, key),
            files::Source::Path(path.into()),
            None,
        )
    }

    /// Attaches `content` under `display_name` to a draft.
    #[doc(alias = "attachFileBinary")]
    pub fn attach_file_binary(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
        display_name: impl Into<String>,
        content: impl Into<Bytes>,
    ) -> AttachFileCall {
        AttachFileCall::new(
            self.client,
            corp,
            DocAddr::typed(key_type, key),
            files::Source::Bytes(content.into()),
            Some(display_name.into()),
        )
    }

    /// The attached files; `attached_file` of each is the FileID for
    /// [`delete_file`](Self::delete_file).
    #[doc(alias = "getFiles")]
    pub fn get_files(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> Call<Vec<AttachedFile>> {
        self.docs().get(
            "getFiles",
            corp,
            DocAddr::typed(key_type, key),
            "/Files",
            None,
        )
    }

    /// Deletes an attached file (`file_id` = `AttachedFile::attached_file`).
    #[doc(alias = "deleteFile")]
    pub fn delete_file(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
        file_id: &str,
    ) -> Call<Response> {
        let suffix = format!("/Files/{}", seg(file_id));
        self.docs()
            .doc(
                "deleteFile",
                Method::Post,
                corp,
                &DocAddr::typed(key_type, key),
                &suffix,
            )
            .check(required("FileID", file_id))
            .method_override("DELETE")
            .json()
    }

    /// Links an electronic statement (전자명세서) to the invoice.
    #[doc(alias = "attachStatement")]
    pub fn attach_statement(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
        item_code: StatementItemCode,
        statement_key: &MgtKey,
    ) -> Call<Response> {
        self.statement(
            "attachStatement",
            "/AttachStmt",
            corp,
            key_type,
            key,
            item_code,
            statement_key,
        )
    }

    /// Unlinks an electronic statement from the invoice.
    #[doc(alias = "detachStatement")]
    pub fn detach_statement(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
        item_code: StatementItemCode,
        statement_key: &MgtKey,
    ) -> Call<Response> {
        self.statement(
            "detachStatement",
            "/DetachStmt",
            corp,
            key_type,
            key,
            item_code,
            statement_key,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn statement(
        &self,
        verb: &'static str,
        suffix: &str,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
        item_code: StatementItemCode,
        statement_key: &MgtKey,
    ) -> Call<Response> {
        let body = StatementBody::new(item_code, statement_key.as_str());
        self.docs()
            .doc(
                verb,
                Method::Post,
                corp,
                &DocAddr::typed(key_type, key),
                suffix,
            )
            .validate(&body)
            .json_body(&body)
            .json()
    }

    /// Gives a document number to an invoice issued on the POPBiLL website (addressed by its
    /// ItemKey). Body `MgtKey=<key>` (form), `X-HTTP-Method-Override` empty, as the official
    /// SDKs send it.
    #[doc(alias = "assignMgtKey")]
    pub fn assign_mgt_key(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        item_key: &ItemKey,
        mgt_key: &MgtKey,
    ) -> Call<Response> {
        self.docs()
            .assign_mgt_key(corp, Some(key_type), item_key, mgt_key)
    }

    // ---- Notifications -------------------------------------------------------------------

    /// Sends the issuance mail again, to `receiver`.
    #[doc(alias = "sendEmail")]
    pub fn send_email(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
        receiver: &str,
    ) -> Call<Response> {
        self.docs()
            .send_email(corp, DocAddr::typed(key_type, key), receiver)
    }

    /// Sends a text message (charged). `contents` beyond 90 bytes (Korean characters count
    /// 2) are truncated by POPBiLL.
    #[doc(alias = "sendSMS")]
    pub fn send_sms(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
        sender: &str,
        receiver: &str,
        contents: &str,
    ) -> Call<Response> {
        let addr = DocAddr::typed(key_type, key);
        self.docs().send_sms(corp, addr, sender, receiver, contents)
    }

    /// Faxes the invoice (charged).
    #[doc(alias = "sendFAX", alias = "sendFax")]
    pub fn send_fax(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
        sender: &str,
        receiver: &str,
    ) -> Call<Response> {
        self.docs()
            .send_fax(corp, DocAddr::typed(key_type, key), sender, receiver)
    }

    /// Which notification mails are sent.
    #[doc(alias = "listEmailConfig")]
    pub fn list_email_config(&self, corp: &CorpNum) -> Call<Vec<EmailSendConfig>> {
        self.docs().list_email_config(corp)
    }

    /// Turns one notification mail on or off. Sent as `SendYN=True`/`False` like the
    /// official Python SDK (the server reads either case).
    #[doc(alias = "updateEmailConfig")]
    pub fn update_email_config(&self, corp: &CorpNum, ty: EmailType, send: bool) -> Call<Response> {
        self.docs().update_email_config(corp, ty, send)
    }

    // ---- Configuration, certificate, points ----------------------------------------------

    /// The member's "file with the NTS at issuance" option.
    #[doc(alias = "getSendToNTSConfig")]
    pub fn get_send_to_nts_config(&self, corp: &CorpNum) -> Call<bool> {
        self.at("getSendToNTSConfig", Method::Get, corp, "/SendToNTSConfig")
            .map_json(|r: SendToNtsConfig| r.send_to_nts.unwrap_or(false))
    }

    /// Checks the registered certificate (`code` 1 = valid).
    #[doc(alias = "checkCertValidation")]
    pub fn check_cert_validation(&self, corp: &CorpNum) -> Call<Response> {
        self.at("checkCertValidation", Method::Get, corp, "/CertCheck")
            .json()
    }

    /// The registered certificate.
    #[doc(alias = "getTaxCertInfo")]
    pub fn get_tax_cert_info(&self, corp: &CorpNum) -> Call<TaxinvoiceCertificate> {
        self.at("getTaxCertInfo", Method::Get, corp, "/Certificate")
            .json()
    }

    /// When the registered certificate expires (`yyyyMMddHHmmss`).
    #[doc(alias = "getCertificateExpireDate")]
    pub fn get_certificate_expire_date(&self, corp: &CorpNum) -> Call<DateTime14> {
        self.at("getCertificateExpireDate", Method::Get, corp, "")
            .query("cfg", "CERT")
            .decode_with(Box::new(|_, resp| {
                let r: CertificateExpiration = decode_json(&resp)?;
                let text = r.certificate_expiration.unwrap_or_default();
                DateTime14::parse(&text).map_err(|e| {
                    Error::Decode(DecodeError::new(
                        resp.status,
                        Some("certificateExpiration".to_owned()),
                        e.to_string(),
                        &resp.body,
                    ))
                })
            }))
    }

    /// The price of one issuance in points.
    #[doc(alias = "getUnitCost")]
    pub fn get_unit_cost(&self, corp: &CorpNum) -> Call<f64> {
        unit_cost(
            self.client,
            Service::Taxinvoice,
            "Taxinvoice.getUnitCost",
            corp,
        )
    }

    /// The member's pricing.
    #[doc(alias = "getChargeInfo")]
    pub fn get_charge_info(&self, corp: &CorpNum) -> Call<ChargeInfo> {
        charge_info(
            self.client,
            Service::Taxinvoice,
            "Taxinvoice.getChargeInfo",
            corp,
        )
    }

    /// The distribution operators' mail addresses.
    #[doc(alias = "getEmailPublicKeys")]
    pub fn get_email_public_keys(&self, corp: &CorpNum) -> Call<Vec<EmailPublicKey>> {
        self.at("getEmailPublicKeys", Method::Get, corp, "/EmailPublicKeys")
            .json()
    }

    // ---- Bulk ----------------------------------------------------------------------------

    /// Submits 1..=100 invoices for asynchronous issuance under `submit_id` (see [`bulk`]:
    /// resubmitting the same SubmitID with the same invoices is the safe retry). Options:
    /// `.force_issue()`, `.skip_validation()`.
    #[doc(alias = "bulkSubmit")]
    pub fn bulk_submit(
        &self,
        corp: &CorpNum,
        submit_id: &SubmitId,
        invoices: Vec<Taxinvoice>,
    ) -> BulkSubmitCall {
        bulk::submit(self.client, corp, submit_id, invoices)
    }

    /// The state of a bulk submission; `issue_result` is filled once `txState` is 2.
    #[doc(alias = "getBulkResult")]
    pub fn get_bulk_result(
        &self,
        corp: &CorpNum,
        submit_id: &SubmitId,
    ) -> Call<BulkTaxinvoiceResult> {
        self.docs().bulk_result(corp, submit_id)
    }

    /// Polls [`get_bulk_result`](Self::get_bulk_result) with back-off until `txState` 2
    /// or a deadline (see [`BulkWait`]).
    pub fn wait_bulk_result(&self, corp: &CorpNum, submit_id: &SubmitId) -> BulkWait {
        bulk::wait(self.client, corp, submit_id)
    }

    // ---- Revised invoices ----------------------------------------------------------------

    /// Loads an original invoice (getInfo + getDetailInfo) and checks that it can be
    /// revised (see [`revise`]). Validation errors name why it cannot.
    pub async fn revision_base(
        &self,
        corp: &CorpNum,
        key_type: MgtKeyType,
        key: &MgtKey,
    ) -> Result<RevisionBase> {
        let info = self.get_info(corp, key_type.clone(), key).await?;
        let detail = self.get_detail_info(corp, key_type, key).await?;
        Ok(RevisionBase::new(detail, &info)?)
    }
}
