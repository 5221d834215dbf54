//! Collecting any date range as one stream of documents.
//!
//! A collection job covers at most 3 months and its results stay readable for one hour. A
//! [`Crawl`] hides both limits:
//!
//! 1. the range is split into windows of at most 3 months ([`split_range`]);
//! 2. for each window it requests a job and polls its state with back-off (from
//!    [`poll_interval`](Crawl::poll_interval)'s first pause, doubling up to its longest) until
//!    it finishes; a failed job ends the stream with [`CrawlError::JobFailed`] carrying
//!    POPBiLL's `errorCode` and `errorReason`;
//! 3. it reads the window's summary, then every page, yielding each document
//!    ([`CrawlEvent::Document`]) with one page in memory at a time, and finally
//!    [`CrawlEvent::WindowDone`] with the summary;
//! 4. if the job expires while being read (POPBiLL answers -11100018), the same window is
//!    requested again and reading resumes at the page where it stopped, at most
//!    [`max_reruns`](Crawl::max_reruns) times, after which the stream fails with
//!    [`CrawlError::JobExpired`];
//! 5. a window whose pages yield another number of documents than its summary counts fails
//!    with [`CrawlError::Incomplete`]: a crawl never ends short without saying so.
//!
//! Pages are read in ascending date order. After an error the stream ends.
//!
//! [`split_range`]: popbill_model::hometax::split_range

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::time::Duration;

use futures_util::Stream;
use popbill_model::hometax::{
    HomeTaxDateType, HtCashbill, HtCashbillQuery, HtCashbillSummary, HtTaxinvoiceAbbr,
    HtTaxinvoiceQuery, HtTaxinvoiceSummary, QueryType, SortOrder, error_code as ht, split_range,
};
use popbill_model::{CorpNum, Date8};

use super::{HomeTaxKind, JobQuery};
use crate::client::Popbill;
use crate::error::{Error, ErrorCode, TimeoutKind};

/// Why a crawl stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CrawlError {
    /// A job finished with an error (`errorCode` other than 1), e.g. -11100001 when the
    /// HomeTax login failed.
    #[error("HomeTax job {job_id} for {from}..={to} failed with POPBiLL code {code}: {reason}")]
    JobFailed {
        /// The job.
        job_id: String,
        /// First day of its window.
        from: Date8,
        /// Last day of its window.
        to: Date8,
        /// `errorCode`.
        code: ErrorCode,
        /// `errorReason`.
        reason: String,
    },
    /// The window's job expired (one hour) more often than allowed before it was read.
    #[error("HomeTax job for {from}..={to} expired {reruns} time(s) before it was read completely")]
    JobExpired {
        /// First day of the window.
        from: Date8,
        /// Last day of the window.
        to: Date8,
        /// How many times the job was requested again.
        reruns: u32,
    },
    /// A job did not finish within the configured wait.
    #[error("HomeTax job {job_id} did not finish within {waited:?}")]
    NotFinished {
        /// The job.
        job_id: String,
        /// How long the crawl waited.
        waited: Duration,
    },
    /// The pages of a window held another number of documents than its summary counts.
    #[error("HomeTax job {job_id}: read {read} documents, the summary counts {expected}")]
    Incomplete {
        /// The job.
        job_id: String,
        /// `count` of the summary.
        expected: i64,
        /// Documents read.
        read: i64,
    },
    /// A request failed (validation, transport, an API error other than job expiry).
    #[error(transparent)]
    Request(#[from] Error),
}

impl CrawlError {
    /// The POPBiLL code behind the failure, when there is one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            CrawlError::JobFailed { code, .. } => Some(*code),
            CrawlError::JobExpired { .. } => Some(ErrorCode(ht::INVALID_SESSION_ID)),
            CrawlError::Request(e) => e.api_code(),
            _ => None,
        }
    }
}

/// One item of a crawl.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum CrawlEvent<D, S> {
    /// A collected document.
    Document(D),
    /// Every document of a window has been yielded.
    WindowDone {
        /// First day of the window.
        from: Date8,
        /// Last day of the window.
        to: Date8,
        /// The job that was read.
        job_id: String,
        /// The window's totals (`count` equals the documents yielded for it).
        summary: S,
    },
}

/// What a crawl collects: the kind-specific requests behind it.
pub trait CrawlTarget: Clone + Send + Sync + fmt::Debug + 'static {
    /// A collected document.
    type Doc: Send + Sync + 'static;
    /// The totals of a job.
    type Summary: Clone + Send + Sync + 'static;
    #[doc(hidden)]
    fn kind(&self) -> HomeTaxKind;
    #[doc(hidden)]
    fn request(
        &self,
        c: &Popbill,
        corp: &CorpNum,
        qt: &QueryType,
        from: Date8,
        to: Date8,
    ) -> crate::Call<String>;
    #[doc(hidden)]
    fn page(
        &self,
        c: &Popbill,
        corp: &CorpNum,
        job: &str,
        page: i64,
        per_page: i64,
    ) -> PageFuture<Self::Doc>;
    #[doc(hidden)]
    fn summary(&self, c: &Popbill, corp: &CorpNum, job: &str) -> crate::Call<Self::Summary>;
    #[doc(hidden)]
    fn count(s: &Self::Summary) -> i64;
}

/// A page: its documents and the page count.
#[doc(hidden)]
pub type PageFuture<D> =
    Pin<Box<dyn std::future::Future<Output = Result<(Vec<D>, i64), Error>> + Send>>;

/// Collected tax invoices: the date basis and the filters.
#[derive(Clone, Debug)]
pub struct TaxinvoiceTarget {
    dtype: HomeTaxDateType,
    query: HtTaxinvoiceQuery,
}

impl CrawlTarget for TaxinvoiceTarget {
    type Doc = HtTaxinvoiceAbbr;
    type Summary = HtTaxinvoiceSummary;

    fn kind(&self) -> HomeTaxKind {
        HomeTaxKind::Taxinvoice
    }

    fn request(
        &self,
        c: &Popbill,
        corp: &CorpNum,
        qt: &QueryType,
        from: Date8,
        to: Date8,
    ) -> crate::Call<String> {
        c.hometax_taxinvoice()
            .request_job(corp, qt.clone(), self.dtype.clone(), from, to)
    }

    fn page(
        &self,
        c: &Popbill,
        corp: &CorpNum,
        job: &str,
        page: i64,
        per_page: i64,
    ) -> PageFuture<HtTaxinvoiceAbbr> {
        let q = self
            .query
            .at_page(page, per_page, Some(SortOrder::Ascending));
        let call = c.hometax_taxinvoice().search(corp, job, &q);
        Box::pin(async move { call.await.map(|r| (r.list, r.page_count)) })
    }

    fn summary(&self, c: &Popbill, corp: &CorpNum, job: &str) -> crate::Call<HtTaxinvoiceSummary> {
        c.hometax_taxinvoice().summary(corp, job, &self.query)
    }

    fn count(s: &HtTaxinvoiceSummary) -> i64 {
        s.count
    }
}

/// Collected cash receipts: the filters.
#[derive(Clone, Debug)]
pub struct CashbillTarget {
    query: HtCashbillQuery,
}

impl CrawlTarget for CashbillTarget {
    type Doc = HtCashbill;
    type Summary = HtCashbillSummary;

    fn kind(&self) -> HomeTaxKind {
        HomeTaxKind::Cashbill
    }

    fn request(
        &self,
        c: &Popbill,
        corp: &CorpNum,
        qt: &QueryType,
        from: Date8,
        to: Date8,
    ) -> crate::Call<String> {
        c.hometax_cashbill().request_job(corp, qt.clone(), from, to)
    }

    fn page(
        &self,
        c: &Popbill,
        corp: &CorpNum,
        job: &str,
        page: i64,
        per_page: i64,
    ) -> PageFuture<HtCashbill> {
        let q = self
            .query
            .at_page(page, per_page, Some(SortOrder::Ascending));
        let call = c.hometax_cashbill().search(corp, job, &q);
        Box::pin(async move { call.await.map(|r| (r.list, r.page_count)) })
    }

    fn summary(&self, c: &Popbill, corp: &CorpNum, job: &str) -> crate::Call<HtCashbillSummary> {
        c.hometax_cashbill().summary(corp, job, &self.query)
    }

    fn count(s: &HtCashbillSummary) -> i64 {
        s.count
    }
}

/// A crawl over any date range; configure it, then call [`stream`](Crawl::stream).
#[derive(Clone, Debug)]
#[must_use = "a crawl does nothing until its stream is polled"]
pub struct Crawl<T: CrawlTarget> {
    client: Popbill,
    corp: CorpNum,
    query_type: QueryType,
    target: T,
    from: Date8,
    to: Date8,
    per_page: i64,
    poll_first: Duration,
    poll_max: Duration,
    job_wait: Duration,
    max_reruns: u32,
}

impl<T: CrawlTarget> Crawl<T> {
    fn new(
        client: &Popbill,
        corp: &CorpNum,
        query_type: QueryType,
        target: T,
        from: Date8,
        to: Date8,
    ) -> Self {
        Crawl {
            client: client.clone(),
            corp: corp.clone(),
            query_type,
            target,
            from,
            to,
            per_page: 1000,
            poll_first: Duration::from_millis(500),
            poll_max: Duration::from_secs(5),
            job_wait: Duration::from_secs(600),
            max_reruns: 2,
        }
    }

    /// Documents per page (1-1000, default 1000): the most documents held in memory at once.
    pub fn per_page(mut self, per_page: i64) -> Self {
        self.per_page = per_page.clamp(1, 1000);
        self
    }

    /// First and longest pause between job-state polls (default 500 ms and 5 s).
    pub fn poll_interval(mut self, first: Duration, longest: Duration) -> Self {
        self.poll_first = first;
        self.poll_max = longest.max(first);
        self
    }

    /// How long to wait for one job to finish (default 10 minutes).
    pub fn job_wait(mut self, wait: Duration) -> Self {
        self.job_wait = wait;
        self
    }

    /// How many times a window's job may be requested again after it expired (default 2).
    pub fn max_reruns(mut self, reruns: u32) -> Self {
        self.max_reruns = reruns;
        self
    }

    /// The windows this crawl will request, in order.
    pub fn windows(&self) -> Vec<(Date8, Date8)> {
        split_range(self.from, self.to)
    }

    /// The crawl as a stream. Nothing is requested until it is polled.
    pub fn stream(
        self,
    ) -> impl Stream<Item = Result<CrawlEvent<T::Doc, T::Summary>, CrawlError>> + Send + 'static
    {
        let run = Run {
            windows: self.windows().into(),
            cfg: self,
            cur: None,
            buf: VecDeque::new(),
            done: false,
        };
        futures_util::stream::unfold(run, |mut run| async move {
            if run.done {
                return None;
            }
            match run.next().await {
                Ok(Some(ev)) => Some((Ok(ev), run)),
                Ok(None) => None,
                Err(e) => {
                    run.done = true;
                    Some((Err(e), run))
                }
            }
        })
    }
}

struct Window<S> {
    from: Date8,
    to: Date8,
    job_id: String,
    summary: S,
    next_page: i64,
    page_count: Option<i64>,
    read: i64,
    reruns: u32,
}

struct Run<T: CrawlTarget> {
    cfg: Crawl<T>,
    windows: VecDeque<(Date8, Date8)>,
    cur: Option<Window<T::Summary>>,
    buf: VecDeque<T::Doc>,
    done: bool,
}

fn is_expired(e: &Error) -> bool {
    e.api_code() == Some(ErrorCode(ht::INVALID_SESSION_ID))
}

impl<T: CrawlTarget> Run<T> {
    async fn next(&mut self) -> Result<Option<CrawlEvent<T::Doc, T::Summary>>, CrawlError> {
        loop {
            if let Some(d) = self.buf.pop_front() {
                return Ok(Some(CrawlEvent::Document(d)));
            }
            let Some(mut w) = self.cur.take() else {
                let Some((from, to)) = self.windows.pop_front() else {
                    return Ok(None);
                };
                let (job_id, summary) = self.start(from, to, 0).await?;
                self.cur = Some(Window {
                    from,
                    to,
                    job_id,
                    summary,
                    next_page: 1,
                    page_count: None,
                    read: 0,
                    reruns: 0,
                });
                continue;
            };
            if w.page_count.is_some_and(|c| w.next_page > c) {
                let expected = T::count(&w.summary);
                if w.read != expected {
                    return Err(CrawlError::Incomplete {
                        job_id: w.job_id,
                        expected,
                        read: w.read,
                    });
                }
                return Ok(Some(CrawlEvent::WindowDone {
                    from: w.from,
                    to: w.to,
                    job_id: w.job_id,
                    summary: w.summary,
                }));
            }
            let c = &self.cfg;
            match c
                .target
                .page(&c.client, &c.corp, &w.job_id, w.next_page, c.per_page)
                .await
            {
                Ok((docs, page_count)) => {
                    w.read += docs.len() as i64;
                    w.page_count = Some(page_count);
                    w.next_page += 1;
                    self.buf.extend(docs);
                    self.cur = Some(w);
                }
                Err(e) if is_expired(&e) => {
                    if w.reruns >= c.max_reruns {
                        return Err(CrawlError::JobExpired {
                            from: w.from,
                            to: w.to,
                            reruns: w.reruns,
                        });
                    }
                    tracing::info!(job_id = %w.job_id, page = w.next_page, "HomeTax job expired while reading; requesting it again");
                    let (job_id, summary) = self.start(w.from, w.to, w.reruns + 1).await?;
                    w.job_id = job_id;
                    w.summary = summary;
                    w.reruns += 1;
                    self.cur = Some(w);
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Requests a window's job, waits for it and reads its summary (requesting again when
    /// the job expires meanwhile, within the rerun budget).
    async fn start(
        &self,
        from: Date8,
        to: Date8,
        mut reruns: u32,
    ) -> Result<(String, T::Summary), CrawlError> {
        let c = &self.cfg;
        loop {
            let job_id = c
                .target
                .request(&c.client, &c.corp, &c.query_type, from, to)
                .await?;
            match self.wait(&job_id, from, to).await {
                Ok(()) => {}
                Err(CrawlError::Request(e)) if is_expired(&e) && reruns < c.max_reruns => {
                    reruns += 1;
                    continue;
                }
                Err(CrawlError::Request(e)) if is_expired(&e) => {
                    return Err(CrawlError::JobExpired { from, to, reruns });
                }
                Err(e) => return Err(e),
            }
            match c.target.summary(&c.client, &c.corp, &job_id).await {
                Ok(s) => return Ok((job_id, s)),
                Err(e) if is_expired(&e) && reruns < c.max_reruns => reruns += 1,
                Err(e) if is_expired(&e) => {
                    return Err(CrawlError::JobExpired { from, to, reruns });
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Polls the job with back-off until it finished.
    async fn wait(&self, job_id: &str, from: Date8, to: Date8) -> Result<(), CrawlError> {
        let c = &self.cfg;
        let state = c
            .client
            .hometax(c.target.kind())
            .wait_job(&c.corp, job_id)
            .initial_interval(c.poll_first)
            .max_interval(c.poll_max)
            .deadline(c.job_wait)
            .send()
            .await;
        match state {
            Ok(s) if s.is_ready() => Ok(()),
            Ok(s) => Err(CrawlError::JobFailed {
                job_id: job_id.to_owned(),
                from,
                to,
                code: ErrorCode(s.error_code),
                reason: s.error_reason,
            }),
            Err(Error::Timeout(t)) if t.kind() == TimeoutKind::Operation => {
                Err(CrawlError::NotFinished {
                    job_id: job_id.to_owned(),
                    waited: c.job_wait,
                })
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// An incremental load: the crawl to run now and the cursor to store once it has been
/// consumed completely.
#[derive(Debug)]
#[non_exhaustive]
pub struct IncrementalSync<T: CrawlTarget> {
    /// The crawl from the stored cursor to today (empty when the cursor is after today).
    pub crawl: Crawl<T>,
    /// Store this after the crawl ended without error; pass it to the next run.
    pub next_cursor: Date8,
}

impl super::HtTaxinvoiceService<'_> {
    /// Collects `query_type` invoices whose `dtype` date lies in `from..=to`, any length, as
    /// a stream (see the [module docs](self)).
    ///
    /// ```no_run
    /// # async fn run(client: popbill::Popbill, corp: popbill::model::CorpNum) -> Result<(), Box<dyn std::error::Error>> {
    /// use futures_util::StreamExt as _;
    /// use popbill::model::Date8;
    /// use popbill::model::hometax::{HomeTaxDateType, QueryType};
    /// use popbill::services::hometax::CrawlEvent;
    ///
    /// let (from, to) = (Date8::parse("20250101")?, Date8::parse("20250731")?);
    /// let crawl = client.hometax_taxinvoice().crawl(&corp, QueryType::Buy, HomeTaxDateType::Sent, from, to);
    /// let mut stream = std::pin::pin!(crawl.stream());
    /// while let Some(event) = stream.next().await {
    ///     match event? {
    ///         CrawlEvent::Document(doc) => println!("{} {}", doc.nts_confirm_num, doc.total_amount),
    ///         CrawlEvent::WindowDone { summary, .. } => println!("{} documents", summary.count),
    ///         _ => {}
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn crawl(
        &self,
        corp: &CorpNum,
        query_type: QueryType,
        dtype: HomeTaxDateType,
        from: Date8,
        to: Date8,
    ) -> Crawl<TaxinvoiceTarget> {
        self.crawl_filtered(corp, query_type, dtype, from, to, HtTaxinvoiceQuery::new())
    }

    /// [`crawl`](Self::crawl) with search filters (their paging and order are ignored).
    pub fn crawl_filtered(
        &self,
        corp: &CorpNum,
        query_type: QueryType,
        dtype: HomeTaxDateType,
        from: Date8,
        to: Date8,
        query: HtTaxinvoiceQuery,
    ) -> Crawl<TaxinvoiceTarget> {
        Crawl::new(
            self.client(),
            corp,
            query_type,
            TaxinvoiceTarget { dtype, query },
            from,
            to,
        )
    }

    /// The documented pattern for loading a database incrementally: collect by NTS
    /// transmission date (`DType=S`) from the stored `cursor` (inclusive) to today in Korea,
    /// and store [`IncrementalSync::next_cursor`] (today) after the crawl succeeded. The
    /// cursor day is read again on purpose (documents sent later that day), so load with an
    /// upsert keyed by `ntsconfirmNum`. Without a cursor, start from a date of your choice.
    pub fn sync(
        &self,
        corp: &CorpNum,
        query_type: QueryType,
        cursor: Date8,
    ) -> IncrementalSync<TaxinvoiceTarget> {
        let today = today_kst(self.client());
        IncrementalSync {
            crawl: self.crawl(corp, query_type, HomeTaxDateType::Sent, cursor, today),
            next_cursor: today.max(cursor),
        }
    }
}

impl super::HtCashbillService<'_> {
    /// Collects `query_type` (`SELL` or `BUY`) cash receipts traded in `from..=to`, any
    /// length, as a stream (see the [module docs](self)).
    pub fn crawl(
        &self,
        corp: &CorpNum,
        query_type: QueryType,
        from: Date8,
        to: Date8,
    ) -> Crawl<CashbillTarget> {
        self.crawl_filtered(corp, query_type, from, to, HtCashbillQuery::new())
    }

    /// [`crawl`](Self::crawl) with search filters (their paging and order are ignored).
    pub fn crawl_filtered(
        &self,
        corp: &CorpNum,
        query_type: QueryType,
        from: Date8,
        to: Date8,
        query: HtCashbillQuery,
    ) -> Crawl<CashbillTarget> {
        Crawl::new(
            self.client(),
            corp,
            query_type,
            CashbillTarget { query },
            from,
            to,
        )
    }

    /// Incremental loading by trade date from the stored `cursor` (inclusive) to today in
    /// Korea; see [`HtTaxinvoiceService::sync`](super::HtTaxinvoiceService::sync).
    pub fn sync(
        &self,
        corp: &CorpNum,
        query_type: QueryType,
        cursor: Date8,
    ) -> IncrementalSync<CashbillTarget> {
        let today = today_kst(self.client());
        IncrementalSync {
            crawl: self.crawl(corp, query_type, cursor, today),
            next_cursor: today.max(cursor),
        }
    }
}

/// Today in Korea by the client's clock.
pub(crate) fn today_kst(client: &Popbill) -> Date8 {
    let now = client.config().time_source.now();
    popbill_model::kst_date_from_unix(crate::clock::unix_seconds(now))
}
