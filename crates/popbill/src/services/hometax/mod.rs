//! HomeTax collection (홈택스 수집): HTTaxinvoice and HTCashbill, and the HomeTax
//! credentials POPBiLL logs in with.
//!
//! The two services share 12 of their operations under different prefixes; one
//! [`HomeTaxService`] parameterised by [`HomeTaxKind`] writes them once. The kind-specific
//! operations live on thin wrappers that dereference to it:
//! [`HtTaxinvoiceService`] (`client.hometax_taxinvoice()`, scopes `member`, `111`) and
//! [`HtCashbillService`] (`client.hometax_cashbill()`, scopes `member`, `141`).
//!
//! | Method | HTTP (after `/HomeTax/{Taxinvoice\|Cashbill}`) | Service |
//! |---|---|---|
//! | [`request_job`](HtTaxinvoiceService::request_job) | `POST /{QueryType}?DType=&SDate=&EDate=` (cash receipts: no `DType`) | both |
//! | [`get_job_state`](HomeTaxService::get_job_state) | `GET /{jobID}/State` | both |
//! | [`wait_job`](HomeTaxService::wait_job) | `GET /{jobID}/State` until `jobState` 3, with back-off | both |
//! | [`list_active_job`](HomeTaxService::list_active_job) | `GET /JobList` | both |
//! | [`search`](HtTaxinvoiceService::search) | `GET /{jobID}?Type=&TaxType=&PurposeType=…` / `?TradeType=&TradeUsage=…` | both |
//! | [`search_pages`](HtTaxinvoiceService::search_pages) | every page of one job ([`SearchPager`]) | both |
//! | [`summary`](HtTaxinvoiceService::summary) | `GET /{jobID}/Summary?…` | both |
//! | [`get_taxinvoice`](HtTaxinvoiceService::get_taxinvoice) | `GET /{NTSConfirmNum}` | tax invoices |
//! | [`get_xml`](HtTaxinvoiceService::get_xml) | `GET /{NTSConfirmNum}?T=xml` | tax invoices |
//! | [`get_popup_url`](HtTaxinvoiceService::get_popup_url), [`get_print_url`](HtTaxinvoiceService::get_print_url) | `GET /{NTSConfirmNum}/PopUp`, `/Print` | tax invoices |
//! | [`get_certificate_popup_url`](HomeTaxService::get_certificate_popup_url) | `GET ?TG=CERT` | both |
//! | [`get_certificate_expire_date`](HomeTaxService::get_certificate_expire_date) | `GET /CertInfo` | both |
//! | [`check_cert_validation`](HomeTaxService::check_cert_validation) | `GET /CertCheck` | both |
//! | [`regist_dept_user`](HomeTaxService::regist_dept_user) | `POST /DeptUser` `{"id","pwd","secAuth"}` | both |
//! | [`check_dept_user`](HomeTaxService::check_dept_user) | `GET /DeptUser` | both |
//! | [`check_login_dept_user`](HomeTaxService::check_login_dept_user) | `GET /DeptUser/Check` | both |
//! | [`delete_dept_user`](HomeTaxService::delete_dept_user) | `POST /DeptUser` + `X-HTTP-Method-Override: DELETE` | both |
//! | [`get_charge_info`](HomeTaxService::get_charge_info) | `GET /ChargeInfo` | both |
//! | [`get_flat_rate_popup_url`](HomeTaxService::get_flat_rate_popup_url) | `GET ?TG=CHRG` | both |
//! | [`get_flat_rate_state`](HomeTaxService::get_flat_rate_state) | `GET /Contract` | both |
//!
//! On top of them: [`crawl`](HtTaxinvoiceService::crawl) (any date range as one stream of
//! documents, see [`crawl`](self::crawl)), incremental loading with a stored cursor
//! ([`sync`](HtTaxinvoiceService::sync)), and [`Popbill::hometax_health`], one report on a
//! member's HomeTax credentials.

pub mod crawl;
pub mod health;

use std::ops::Deref;

use popbill_model::hometax::{
    DeptUserForm, FlatRateState, HomeTaxDateType, HtCashbillQuery, HtCashbillSearchResult,
    HtCashbillSummary, HtCertificateExpiration, HtJobState, HtTaxinvoice, HtTaxinvoiceQuery,
    HtTaxinvoiceSearchResult, HtTaxinvoiceSummary, HtTaxinvoiceXml, JobIdResponse, QueryType,
    SortOrder, check_job_id, check_job_range, check_nts_confirm_num,
};
use popbill_model::{ChargeInfo, CorpNum, Date8, Response, UrlResponse, ValidationErrors, rule};
use popbill_transport::Method;

use crate::client::Popbill;
use crate::paging::{SearchPage, SearchPager};
use crate::pipeline::{Call, OpBuilder, seg};
use crate::poll::Poll;
use crate::services::Service;

pub use crawl::{Crawl, CrawlError, CrawlEvent, IncrementalSync};
pub use health::{CredentialCheck, HealthWarning, HomeTaxHealth, ServiceHealth, WarningLevel};

/// Which HomeTax collection service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HomeTaxKind {
    /// HTTaxinvoice: e-tax invoices (전자세금계산서), scope `111`.
    Taxinvoice,
    /// HTCashbill: cash receipts (현금영수증), scope `141`.
    Cashbill,
}

impl HomeTaxKind {
    /// The service (token scopes, path prefix).
    pub fn service(self) -> Service {
        match self {
            HomeTaxKind::Taxinvoice => Service::HomeTaxTaxinvoice,
            HomeTaxKind::Cashbill => Service::HomeTaxCashbill,
        }
    }

    fn prefix(self) -> &'static str {
        self.service().path_prefix()
    }
}

/// The official operation name (`HTTaxinvoice.x` / `HTCashbill.x`) as a `&'static str`.
macro_rules! op_name {
    ($kind:expr, $op:literal) => {
        match $kind {
            HomeTaxKind::Taxinvoice => concat!("HTTaxinvoice.", $op),
            HomeTaxKind::Cashbill => concat!("HTCashbill.", $op),
        }
    };
}

/// The operations HTTaxinvoice and HTCashbill share; get one through
/// [`Popbill::hometax_taxinvoice`] or [`Popbill::hometax_cashbill`] (both dereference to it)
/// or [`Popbill::hometax`].
#[derive(Clone, Copy, Debug)]
pub struct HomeTaxService<'a> {
    client: &'a Popbill,
    kind: HomeTaxKind,
}

impl Popbill {
    /// HomeTax e-tax-invoice collection (HTTaxinvoice), scopes `member`, `111`.
    pub fn hometax_taxinvoice(&self) -> HtTaxinvoiceService<'_> {
        HtTaxinvoiceService(HomeTaxService::new(self, HomeTaxKind::Taxinvoice))
    }

    /// HomeTax cash-receipt collection (HTCashbill), scopes `member`, `141`.
    pub fn hometax_cashbill(&self) -> HtCashbillService<'_> {
        HtCashbillService(HomeTaxService::new(self, HomeTaxKind::Cashbill))
    }

    /// The operations both HomeTax services share, for `kind`.
    pub fn hometax(&self, kind: HomeTaxKind) -> HomeTaxService<'_> {
        HomeTaxService::new(self, kind)
    }
}

fn check_job(job_id: &str) -> Result<(), ValidationErrors> {
    check_job_id(job_id)
}

impl<'a> HomeTaxService<'a> {
    pub(crate) fn new(client: &'a Popbill, kind: HomeTaxKind) -> Self {
        HomeTaxService { client, kind }
    }

    /// Which service this handle calls.
    pub fn kind(&self) -> HomeTaxKind {
        self.kind
    }

    pub(crate) fn client(&self) -> &'a Popbill {
        self.client
    }

    fn op(
        &self,
        name: &'static str,
        method: Method,
        path: String,
        corp: &CorpNum,
    ) -> OpBuilder<'a> {
        self.client
            .op(self.kind.service(), name, method, path)
            .corp(corp)
    }

    fn at(&self, name: &'static str, sub: &str, corp: &CorpNum) -> OpBuilder<'a> {
        self.op(
            name,
            Method::Get,
            format!("{}{sub}", self.kind.prefix()),
            corp,
        )
    }

    /// State of a collection job (1 pending, 2 running, 3 finished; results are readable when
    /// [`HtJobState::is_ready`]).
    #[doc(alias = "getJobState")]
    pub fn get_job_state(&self, corp: &CorpNum, job_id: &str) -> Call<HtJobState> {
        self.at(
            op_name!(self.kind, "getJobState"),
            &format!("/{}/State", seg(job_id)),
            corp,
        )
        .check(check_job(job_id))
        .json()
    }

    /// Waits until a job finished (`jobState` 3), polling its state with back-off (first
    /// pause 500 ms, doubling up to 10 s, at most 5 minutes; all adjustable on the
    /// [`Poll`]). The answer says whether the job succeeded ([`HtJobState::is_ready`]) or
    /// failed (`errorCode`, `errorReason`).
    pub fn wait_job(&self, corp: &CorpNum, job_id: &str) -> Poll<HtJobState> {
        let (client, kind, corp, job) = (
            self.client.clone(),
            self.kind,
            corp.clone(),
            job_id.to_owned(),
        );
        Poll::new(
            "HomeTax job",
            move || client.hometax(kind).get_job_state(&corp, &job),
            HtJobState::is_finished,
            |s| s,
        )
    }

    /// The member's jobs of the last hour.
    #[doc(alias = "listActiveJob")]
    pub fn list_active_job(&self, corp: &CorpNum) -> Call<Vec<HtJobState>> {
        self.at(op_name!(self.kind, "listActiveJob"), "/JobList", corp)
            .json()
    }

    /// URL of the HomeTax authentication page (department user or certificate), valid for
    /// 30 seconds.
    #[doc(alias = "getCertificatePopUpURL")]
    pub fn get_certificate_popup_url(&self, corp: &CorpNum) -> Call<String> {
        self.at(op_name!(self.kind, "getCertificatePopUpURL"), "", corp)
            .query("TG", "CERT")
            .map_json(|r: UrlResponse| r.url)
    }

    /// Expiry of the registered joint certificate (the answer may carry 8 or 14 digits).
    #[doc(alias = "getCertificateExpireDate")]
    pub fn get_certificate_expire_date(&self, corp: &CorpNum) -> Call<HtCertificateExpiration> {
        self.at(
            op_name!(self.kind, "getCertificateExpireDate"),
            "/CertInfo",
            corp,
        )
        .json()
    }

    /// Logs in to HomeTax with the registered certificate: `code` 1, or an error such as
    /// -11100001.
    #[doc(alias = "checkCertValidation")]
    pub fn check_cert_validation(&self, corp: &CorpNum) -> Call<Response> {
        self.at(
            op_name!(self.kind, "checkCertValidation"),
            "/CertCheck",
            corp,
        )
        .json()
    }

    /// Registers the department user of this service. The form's ID and password never
    /// appear in logs or errors; the form wipes them when dropped, and the serialised request
    /// body is overwritten with zeros once the call is done with it (success, error or the
    /// last retry).
    #[doc(alias = "registDeptUser")]
    pub fn regist_dept_user(&self, corp: &CorpNum, form: DeptUserForm) -> Call<Response> {
        let path = format!("{}/DeptUser", self.kind.prefix());
        self.op(
            op_name!(self.kind, "registDeptUser"),
            Method::Post,
            path,
            corp,
        )
        .validate(&form)
        .secret_json_body(&form)
        .json()
        // `form` is dropped (and wiped) here; the serialised body lives only in the call,
        // which wipes it when done.
    }

    /// Whether a department user is registered: `code` 1, or an error.
    #[doc(alias = "checkDeptUser")]
    pub fn check_dept_user(&self, corp: &CorpNum) -> Call<Response> {
        self.at(op_name!(self.kind, "checkDeptUser"), "/DeptUser", corp)
            .json()
    }

    /// Logs in to HomeTax with the registered department user: `code` 1, or an error such as
    /// -11100001 (login failed) or -11100023/-11100024 (not registered for the service).
    #[doc(alias = "checkLoginDeptUser")]
    pub fn check_login_dept_user(&self, corp: &CorpNum) -> Call<Response> {
        self.at(
            op_name!(self.kind, "checkLoginDeptUser"),
            "/DeptUser/Check",
            corp,
        )
        .json()
    }

    /// Deletes the registered department user.
    #[doc(alias = "deleteDeptUser")]
    pub fn delete_dept_user(&self, corp: &CorpNum) -> Call<Response> {
        let path = format!("{}/DeptUser", self.kind.prefix());
        self.op(
            op_name!(self.kind, "deleteDeptUser"),
            Method::Post,
            path,
            corp,
        )
        .method_override("DELETE")
        .json()
    }

    /// The member's charging information for this service.
    #[doc(alias = "getChargeInfo")]
    pub fn get_charge_info(&self, corp: &CorpNum) -> Call<ChargeInfo> {
        super::charge_info(
            self.client,
            self.kind.service(),
            op_name!(self.kind, "getChargeInfo"),
            corp,
        )
    }

    /// URL of the flat-rate (정액제) application page, valid for 30 seconds.
    #[doc(alias = "getFlatRatePopUpURL")]
    pub fn get_flat_rate_popup_url(&self, corp: &CorpNum) -> Call<String> {
        self.at(op_name!(self.kind, "getFlatRatePopUpURL"), "", corp)
            .query("TG", "CHRG")
            .map_json(|r: UrlResponse| r.url)
    }

    /// State of the member's flat-rate contract.
    #[doc(alias = "getFlatRateState")]
    pub fn get_flat_rate_state(&self, corp: &CorpNum) -> Call<FlatRateState> {
        self.at(op_name!(self.kind, "getFlatRateState"), "/Contract", corp)
            .json()
    }
}

/// Joins codes with `,` (no brackets, no spaces), as every SDK sends list filters.
fn joined<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// `Some(joined)` for a non-empty list: after the leading key, the Python SDK sends a list
/// filter only when it has items.
fn nonempty<T: std::fmt::Display>(items: &[T]) -> Option<String> {
    (!items.is_empty()).then(|| joined(items))
}

/// The SDKs' paging guards: `Page` only when ≥ 1, `PerPage` only in 1..=1000, `Order` only
/// when set. Out-of-range values are rejected before sending (validation), so nothing is
/// silently dropped.
fn paging<'a>(
    op: OpBuilder<'a>,
    page: Option<i64>,
    per_page: Option<i64>,
    order: Option<&popbill_model::hometax::SortOrder>,
) -> OpBuilder<'a> {
    op.query_opt("Page", page.filter(|p| *p >= 1))
        .query_opt("PerPage", per_page.filter(|p| (1..=1000).contains(p)))
        .query_opt("Order", order)
}

fn job_range(sdate: Date8, edate: Date8) -> Result<(), ValidationErrors> {
    check_job_range(sdate, edate)
}

/// HomeTax e-tax-invoice collection; dereferences to the shared [`HomeTaxService`].
#[derive(Clone, Copy, Debug)]
pub struct HtTaxinvoiceService<'a>(HomeTaxService<'a>);

impl<'a> Deref for HtTaxinvoiceService<'a> {
    type Target = HomeTaxService<'a>;
    fn deref(&self) -> &HomeTaxService<'a> {
        &self.0
    }
}

impl<'a> HtTaxinvoiceService<'a> {
    /// Asks POPBiLL to collect `query_type` invoices whose `dtype` date lies in
    /// `sdate..=edate` (at most 3 months; see [`crawl`](Self::crawl) for longer ranges).
    /// Returns the 18-character job id, valid for one hour.
    #[doc(alias = "requestJob")]
    pub fn request_job(
        &self,
        corp: &CorpNum,
        query_type: QueryType,
        dtype: HomeTaxDateType,
        sdate: Date8,
        edate: Date8,
    ) -> Call<String> {
        let path = format!("/HomeTax/Taxinvoice/{}", seg(&query_type.as_str()));
        self.0
            .op("HTTaxinvoice.requestJob", Method::Post, path, corp)
            .check(job_range(sdate, edate))
            .check(if query_type.is_unknown() {
                Err(ValidationErrors::single(
                    "QueryType",
                    rule::RANGE,
                    "must be SELL, BUY or TRUSTEE",
                ))
            } else {
                Ok(())
            })
            .query("DType", dtype)
            .query("SDate", sdate)
            .query("EDate", edate)
            .map_json(|r: JobIdResponse| r.job_id)
    }

    fn filtered(
        &self,
        name: &'static str,
        path: String,
        corp: &CorpNum,
        q: &HtTaxinvoiceQuery,
    ) -> OpBuilder<'a> {
        let mut op = self
            .0
            .op(name, Method::Get, path, corp)
            .validate(q)
            .query("Type", joined(&q.kinds))
            .query_opt("TaxType", nonempty(&q.tax_types))
            .query_opt("PurposeType", nonempty(&q.purpose_types))
            .query_opt("TaxRegIDType", q.tax_reg_id_type.as_ref());
        if let Some(yn) = q.tax_reg_id_yn {
            op = op.query("TaxRegIDYN", if yn { "1" } else { "0" });
        }
        if !q.tax_reg_ids.is_empty() {
            op = op.query("TaxRegID", q.tax_reg_ids.join(","));
        }
        op
    }

    fn search_string(op: OpBuilder<'a>, q: &HtTaxinvoiceQuery) -> OpBuilder<'a> {
        match q.search_string.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => op.query_quoted("SearchString", s),
            None => op,
        }
    }

    /// One page of a finished job's invoices. The query always starts with `Type=` (empty
    /// for all); the other filters are sent only when set, as the Python SDK does.
    pub fn search(
        &self,
        corp: &CorpNum,
        job_id: &str,
        q: &HtTaxinvoiceQuery,
    ) -> Call<HtTaxinvoiceSearchResult> {
        let path = format!("/HomeTax/Taxinvoice/{}", seg(job_id));
        let op = self
            .filtered("HTTaxinvoice.search", path, corp, q)
            .check(check_job(job_id));
        let op = paging(op, q.page, q.per_page, q.order.as_ref());
        Self::search_string(op, q).json()
    }

    /// Totals of a finished job's invoices matching the filters (paging and order ignored).
    pub fn summary(
        &self,
        corp: &CorpNum,
        job_id: &str,
        q: &HtTaxinvoiceQuery,
    ) -> Call<HtTaxinvoiceSummary> {
        let path = format!("/HomeTax/Taxinvoice/{}/Summary", seg(job_id));
        let op = self
            .filtered("HTTaxinvoice.summary", path, corp, q)
            .check(check_job(job_id));
        Self::search_string(op, q).json()
    }

    fn by_nts(&self, name: &'static str, nts: &str, sub: &str, corp: &CorpNum) -> OpBuilder<'a> {
        let path = format!("/HomeTax/Taxinvoice/{}{sub}", seg(nts));
        self.0
            .op(name, Method::Get, path, corp)
            .check(check_nts_confirm_num(nts))
    }

    /// A collected invoice in full, by its 24-character NTS confirmation number.
    #[doc(alias = "getTaxinvoice")]
    pub fn get_taxinvoice(&self, corp: &CorpNum, nts_confirm_num: &str) -> Call<HtTaxinvoice> {
        self.by_nts("HTTaxinvoice.getTaxinvoice", nts_confirm_num, "", corp)
            .json()
    }

    /// A collected invoice as NTS XML (`{"ResultCode", "Message", "retObject"}`).
    #[doc(alias = "getXML")]
    pub fn get_xml(&self, corp: &CorpNum, nts_confirm_num: &str) -> Call<HtTaxinvoiceXml> {
        self.by_nts("HTTaxinvoice.getXML", nts_confirm_num, "", corp)
            .query("T", "xml")
            .json()
    }

    /// URL of the invoice's HomeTax view, valid for 30 seconds.
    #[doc(alias = "getPopUpURL")]
    pub fn get_popup_url(&self, corp: &CorpNum, nts_confirm_num: &str) -> Call<String> {
        self.by_nts("HTTaxinvoice.getPopUpURL", nts_confirm_num, "/PopUp", corp)
            .map_json(|r: UrlResponse| r.url)
    }

    /// URL of the invoice's print view, valid for 30 seconds.
    #[doc(alias = "getPrintURL")]
    pub fn get_print_url(&self, corp: &CorpNum, nts_confirm_num: &str) -> Call<String> {
        self.by_nts("HTTaxinvoice.getPrintURL", nts_confirm_num, "/Print", corp)
            .map_json(|r: UrlResponse| r.url)
    }
}

/// HomeTax cash-receipt collection; dereferences to the shared [`HomeTaxService`].
#[derive(Clone, Copy, Debug)]
pub struct HtCashbillService<'a>(HomeTaxService<'a>);

impl<'a> Deref for HtCashbillService<'a> {
    type Target = HomeTaxService<'a>;
    fn deref(&self) -> &HomeTaxService<'a> {
        &self.0
    }
}

impl<'a> HtCashbillService<'a> {
    /// Asks POPBiLL to collect `query_type` (`SELL` or `BUY`) cash receipts traded in
    /// `sdate..=edate` (at most 3 months). Returns the job id.
    #[doc(alias = "requestJob")]
    pub fn request_job(
        &self,
        corp: &CorpNum,
        query_type: QueryType,
        sdate: Date8,
        edate: Date8,
    ) -> Call<String> {
        let path = format!("/HomeTax/Cashbill/{}", seg(&query_type.as_str()));
        let qt_ok = if matches!(query_type, QueryType::Sell | QueryType::Buy) {
            Ok(())
        } else {
            Err(ValidationErrors::single(
                "QueryType",
                rule::RANGE,
                "cash receipts are collected as SELL or BUY",
            ))
        };
        self.0
            .op("HTCashbill.requestJob", Method::Post, path, corp)
            .check(job_range(sdate, edate))
            .check(qt_ok)
            .query("SDate", sdate)
            .query("EDate", edate)
            .map_json(|r: JobIdResponse| r.job_id)
    }

    fn filtered(
        &self,
        name: &'static str,
        path: String,
        corp: &CorpNum,
        job_id: &str,
        q: &HtCashbillQuery,
    ) -> OpBuilder<'a> {
        self.0
            .op(name, Method::Get, path, corp)
            .check(check_job(job_id))
            .validate(q)
            .query("TradeType", joined(&q.trade_types))
            .query_opt("TradeUsage", nonempty(&q.trade_usages))
    }

    /// One page of a finished job's cash receipts.
    pub fn search(
        &self,
        corp: &CorpNum,
        job_id: &str,
        q: &HtCashbillQuery,
    ) -> Call<HtCashbillSearchResult> {
        let path = format!("/HomeTax/Cashbill/{}", seg(job_id));
        let op = self.filtered("HTCashbill.search", path, corp, job_id, q);
        paging(op, q.page, q.per_page, q.order.as_ref()).json()
    }

    /// Totals of a finished job's cash receipts matching the filters.
    pub fn summary(
        &self,
        corp: &CorpNum,
        job_id: &str,
        q: &HtCashbillQuery,
    ) -> Call<HtCashbillSummary> {
        let path = format!("/HomeTax/Cashbill/{}/Summary", seg(job_id));
        self.filtered("HTCashbill.summary", path, corp, job_id, q)
            .json()
    }
}

/// What the two HomeTax search queries share: the page, the page size and the order.
pub(crate) trait JobQuery: Clone + Send + Sync + 'static {
    /// `(page, per_page)` as the caller set them.
    fn paging(&self) -> (Option<i64>, Option<i64>);
    /// This query for `page` of `per_page` documents, in `order` when one is given.
    fn at_page(&self, page: i64, per_page: i64, order: Option<SortOrder>) -> Self;
}

macro_rules! job_query {
    ($($query:ty),*) => {$(
        impl JobQuery for $query {
            fn paging(&self) -> (Option<i64>, Option<i64>) {
                (self.page, self.per_page)
            }
            fn at_page(&self, page: i64, per_page: i64, order: Option<SortOrder>) -> Self {
                let mut q = self.clone();
                q.page = Some(page);
                q.per_page = Some(per_page);
                q.order = order.or(q.order);
                q
            }
        }
    )*};
}
job_query!(HtTaxinvoiceQuery, HtCashbillQuery);

/// Every page of one finished job from the query's page on; `search` makes the call for one
/// page's query. Pages hold the query's page size (1..=1000), 500 when it has none.
fn job_pages<Q: JobQuery, R: SearchPage>(
    query: &Q,
    search: impl Fn(&Q) -> Call<R> + Send + Sync + 'static,
) -> SearchPager<R> {
    let (page, per_page) = query.paging();
    let per_page = per_page.filter(|p| (1..=1000).contains(p)).unwrap_or(500);
    let first = page.unwrap_or(1).clamp(1, i64::from(u32::MAX)) as u32;
    let query = query.clone();
    SearchPager::new(first, per_page as u32, move |page| {
        search(&query.at_page(i64::from(page), per_page, None))
    })
}

impl HtTaxinvoiceService<'_> {
    /// Every page of one finished job, from the query's page on (see [`SearchPager`]). For
    /// a date range of any length, with job handling, use [`crawl`](Self::crawl).
    pub fn search_pages(
        &self,
        corp: &CorpNum,
        job_id: &str,
        query: &HtTaxinvoiceQuery,
    ) -> SearchPager<HtTaxinvoiceSearchResult> {
        let (client, corp, job) = (self.client().clone(), corp.clone(), job_id.to_owned());
        job_pages(query, move |q| {
            client.hometax_taxinvoice().search(&corp, &job, q)
        })
    }
}

impl HtCashbillService<'_> {
    /// Every page of one finished job, from the query's page on (see [`SearchPager`]).
    pub fn search_pages(
        &self,
        corp: &CorpNum,
        job_id: &str,
        query: &HtCashbillQuery,
    ) -> SearchPager<HtCashbillSearchResult> {
        let (client, corp, job) = (self.client().clone(), corp.clone(), job_id.to_owned());
        job_pages(query, move |q| {
            client.hometax_cashbill().search(&corp, &job, q)
        })
    }
}

#[cfg(test)]
mod tests;
