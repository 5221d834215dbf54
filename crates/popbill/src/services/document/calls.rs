//! The call objects of the document layer: checkMgtKeyInUse, getInfos, the memo verbs and
//! bulk submission, shared by every document service.

use std::marker::PhantomData;

use popbill_model::codes::MgtKeyType;
use popbill_model::taxinvoice::MemoBody;
use popbill_model::taxinvoice::validate::{MAX_GET_INFOS, check_mgt_keys};
use popbill_model::{CorpNum, MgtKey, Response, SubmitId, ValidationErrors, rule};
use popbill_transport::Method;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{DocAddr, DocKind, Docs};
use crate::call::{
    CallOptions, IssueDateRule, ValidationSettings, call_options, check_options, into_future,
};
use crate::client::Popbill;
use crate::error::Result;

// ---------------------------------------------------------------------------------------
// checkMgtKeyInUse
// ---------------------------------------------------------------------------------------

/// The one field checkMgtKeyInUse reads.
#[derive(Deserialize)]
struct ItemKeyOnly {
    #[serde(rename = "itemKey", default)]
    item_key: Option<String>,
}

/// `checkMgtKeyInUse`: whether a document number is taken. Built by the service handles'
/// `check_mgt_key_in_use`.
///
/// `true` when getInfo answers an `itemKey`; `false` when POPBiLL answers its "no such
/// document number" code (`-11000005` for tax invoices, `-14000003` for cash receipts); any
/// other failure is returned as the error.
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct CheckMgtKeyCall {
    pub(super) client: Popbill,
    pub(super) kind: &'static DocKind,
    pub(super) corp: CorpNum,
    pub(super) addr: DocAddr,
    pub(super) opts: CallOptions,
}

impl CheckMgtKeyCall {
    call_options!(object);

    /// Sends the lookup.
    pub async fn send(self) -> Result<bool> {
        let docs = Docs {
            client: &self.client,
            kind: self.kind,
        };
        let call = docs.get::<ItemKeyOnly>("checkMgtKeyInUse", &self.corp, self.addr, "", None);
        match self.opts.apply(call).await {
            Ok(info) => Ok(info.item_key.is_some_and(|k| !k.is_empty())),
            Err(e) if e.api_code() == Some(self.kind.not_found) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

into_future!(CheckMgtKeyCall => bool);

// ---------------------------------------------------------------------------------------
// getInfos
// ---------------------------------------------------------------------------------------

/// `getInfos`: the state of many documents. Built by the service handles' `get_infos`.
///
/// POPBiLL takes at most 1,000 document numbers per request; longer lists are sent as several
/// requests, one after the other, and the answers are concatenated in request order. An
/// empty list is a validation error. The lookups are idempotent, so each request is retried
/// on transient failures; the first failure that remains ends the call.
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct GetInfosCall<T> {
    pub(super) client: Popbill,
    pub(super) kind: &'static DocKind,
    pub(super) corp: CorpNum,
    pub(super) key_type: Option<MgtKeyType>,
    pub(super) keys: Vec<MgtKey>,
    pub(super) opts: CallOptions,
    pub(super) out: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for GetInfosCall<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GetInfosCall")
            .field("service", &self.kind.service)
            .field("corp", &self.corp)
            .field("key_type", &self.key_type)
            .field("keys", &self.keys)
            .field("opts", &self.opts)
            .finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> GetInfosCall<T> {
    call_options!(object);

    /// How many requests this call will send.
    pub fn request_count(&self) -> usize {
        self.keys.len().div_ceil(MAX_GET_INFOS)
    }

    /// Sends the lookups.
    pub async fn send(self) -> Result<Vec<T>> {
        let keys: Vec<&str> = self.keys.iter().map(MgtKey::as_str).collect();
        if keys.is_empty() {
            check_mgt_keys(&keys, MAX_GET_INFOS)?;
        }
        self.kind.check_key_type(self.key_type.as_ref())?;
        let path = self
            .kind
            .collection_path(self.key_type.as_ref(), self.kind.infos_path);
        let mut all = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(MAX_GET_INFOS) {
            let call = self
                .client
                .op(
                    self.kind.service,
                    self.kind.name("getInfos"),
                    Method::Post,
                    path.clone(),
                )
                .corp(&self.corp)
                .idempotent(true)
                .check(check_mgt_keys(chunk, MAX_GET_INFOS))
                .json_body(chunk)
                .json::<Vec<T>>();
            all.extend(self.opts.apply(call).await?);
        }
        Ok(all)
    }
}

impl<T: DeserializeOwned + Send + 'static> std::future::IntoFuture for GetInfosCall<T> {
    type Output = Result<Vec<T>>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<T>>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

// ---------------------------------------------------------------------------------------
// Memo verbs
// ---------------------------------------------------------------------------------------

/// A state-changing verb whose body is only an optional memo (cancelIssue, request,
/// cancelRequest, refuse, the legacy send, cancelSend, accept, deny, and the cash receipts'
/// legacy issue). Built by the service methods of those names.
///
/// The memo is validated (≤ 200 characters). Without `.memo()` a tax invoice verb has an
/// empty body and a cash receipt verb `{}`, as the official Python SDK sends them. The
/// Taxinvoice legacy `send` also takes `.email_subject()` (`{"memo", "emailSubject"}`).
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct MemoCall<R = Response> {
    pub(super) client: Popbill,
    pub(super) kind: &'static DocKind,
    pub(super) verb: &'static str,
    pub(super) method_override: &'static str,
    pub(super) corp: CorpNum,
    pub(super) addr: DocAddr,
    pub(super) body: MemoBody,
    pub(crate) takes_subject: bool,
    pub(super) checks: ValidationSettings,
    pub(super) opts: CallOptions,
    pub(super) out: PhantomData<fn() -> R>,
}

impl<R> std::fmt::Debug for MemoCall<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoCall")
            .field("operation", &self.operation_name())
            .field("corp", &self.corp)
            .field("addr", &self.addr)
            .field("body", &self.body)
            .field("opts", &self.opts)
            .finish()
    }
}

impl<R> MemoCall<R> {
    /// The operation name, e.g. `Taxinvoice.cancelIssue`.
    pub fn operation_name(&self) -> &'static str {
        self.kind.name(self.verb)
    }
}

impl<R: DeserializeOwned + Send + 'static> MemoCall<R> {
    call_options!(object);

    /// The state-history memo (≤ 200 characters; not shown to the customer).
    pub fn memo(mut self, memo: impl Into<String>) -> Self {
        self.body.memo = Some(memo.into());
        self
    }

    check_options!();

    /// The subject of the notification mail (≤ 300 characters). Only the Taxinvoice legacy
    /// `send` takes one; on any other verb it is a validation error.
    pub fn email_subject(mut self, subject: impl Into<String>) -> Self {
        self.body.email_subject = Some(subject.into());
        self
    }

    /// Sends the request.
    pub async fn send(self) -> Result<R> {
        let subject_misplaced = if !self.takes_subject && self.body.email_subject.is_some() {
            Err(ValidationErrors::single(
                "emailSubject",
                rule::CONDITIONAL,
                "only the legacy send takes an e-mail subject",
            ))
        } else {
            Ok(())
        };
        let docs = Docs {
            client: &self.client,
            kind: self.kind,
        };
        let mut op = docs
            .doc(self.verb, Method::Post, &self.corp, &self.addr, "")
            .method_override(self.method_override)
            .check(subject_misplaced)
            .check(
                self.checks
                    .run(&self.client, &self.body, IssueDateRule::NotIssuing),
            );
        if self.kind.memo_body_always || !self.body.is_empty() {
            op = op.json_body(&self.body);
        }
        self.opts.apply(op.json::<R>()).await
    }
}

impl<R: DeserializeOwned + Send + 'static> std::future::IntoFuture for MemoCall<R> {
    type Output = Result<R>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<R>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

// ---------------------------------------------------------------------------------------
// bulkSubmit
// ---------------------------------------------------------------------------------------

/// The body of a bulk submission.
pub trait BulkBody: serde::Serialize + popbill_model::Validate + Send + Sync + 'static {
    /// Whether the submission waives the issuance deadline (`forceIssue`).
    fn forced(&self) -> bool {
        false
    }
}

/// `bulkSubmit`: register and issue up to 100 documents in one asynchronous submission under
/// a SubmitID. Built by the services' `bulk_submit`.
///
/// Validated before sending: 1..=100 documents, each valid (paths `invoices[i]…` /
/// `cashbills[i]…`), unique document numbers, and the date rules of issuance (Korean date).
/// Resubmitting the same SubmitID with the same documents returns the receipt POPBiLL
/// already has, so the call is idempotent and retried on transient failures; never reuse a
/// SubmitID for other documents. The body is sent with `x-pb-message-digest` =
/// Base64(SHA-1(exact body)) and `x-pb-submit-id`.
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct BulkSubmitCall<B> {
    client: Popbill,
    kind: &'static DocKind,
    corp: CorpNum,
    submit_id: SubmitId,
    body: B,
    checks: ValidationSettings,
    opts: CallOptions,
}

impl<B: BulkBody> BulkSubmitCall<B> {
    pub(crate) fn new(docs: Docs<'_>, corp: &CorpNum, submit_id: &SubmitId, body: B) -> Self {
        BulkSubmitCall {
            client: docs.client.clone(),
            kind: docs.kind,
            corp: corp.clone(),
            submit_id: submit_id.clone(),
            body,
            checks: ValidationSettings::default(),
            opts: CallOptions::default(),
        }
    }

    pub(crate) fn body_mut(&mut self) -> &mut B {
        &mut self.body
    }

    call_options!(object);

    check_options!(corp_nums);

    /// The body that will be sent.
    pub fn body(&self) -> &B {
        &self.body
    }

    /// The checks [`send`](Self::send) runs, without sending.
    pub fn dry_run(&self) -> Result<(), ValidationErrors> {
        let rule = IssueDateRule::issuing(self.body.forced());
        self.checks.run(&self.client, &self.body, rule)
    }

    /// Sends the submission; the answer carries the `receiptID`.
    pub async fn send(self) -> Result<popbill_model::taxinvoice::BulkResponse> {
        let docs = Docs {
            client: &self.client,
            kind: self.kind,
        };
        let call = docs
            .at("bulkSubmit", Method::Post, &self.corp, "")
            .method_override("BULKISSUE")
            // Same SubmitID + same documents = the same receipt: safe to retry.
            .idempotent(true)
            .check(self.dry_run())
            .bulk_body(self.submit_id.as_str(), &self.body)
            .json();
        self.opts.apply(call).await
    }
}

impl<B: BulkBody> std::future::IntoFuture for BulkSubmitCall<B> {
    type Output = Result<popbill_model::taxinvoice::BulkResponse>;
    type IntoFuture = std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<popbill_model::taxinvoice::BulkResponse>>
                + Send,
        >,
    >;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
