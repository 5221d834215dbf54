//! The document service layer: what every POPBiLL document service (Taxinvoice, Cashbill,
//! later Statement) shares, written once.
//!
//! - [`DocKind`] describes a document service: its [`Service`], path prefix, operation-name
//!   prefix, the error code meaning "no such document number", whether the key type is part
//!   of a document's path, and where getInfos and mass printing live.
//! - [`DocAddr`] addresses one document (key type when the kind has one, document number);
//!   [`DocKind::doc_path`] is the one place a document path is built.
//! - [`Docs`] pairs a client with a kind and builds the shared operations: the memo verbs,
//!   delete, info / detail / XML / logs / PDF, getInfos, checkMgtKeyInUse, document, box
//!   and mass-print URLs, assignMgtKey, e-mail / SMS / fax, the e-mail configuration and the
//!   bulk result.
//!
//! The call objects of these operations (checkMgtKeyInUse, getInfos, memo verbs, bulk
//! submission) are in `calls`.
//!
//! Service handles keep explicit, documented public methods, each delegating here in a few
//! lines.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Mutex, PoisonError};

mod calls;

pub(crate) use calls::BulkBody;
pub use calls::{BulkSubmitCall, CheckMgtKeyCall, GetInfosCall, MemoCall};

use bytes::Bytes;
use popbill_model::codes::{DocumentUrlTarget, EmailType, MgtKeyType};
use popbill_model::taxinvoice::validate::{MAX_MASS_PRINT, check_mgt_keys};
use popbill_model::taxinvoice::{EmailBody, EmailSendConfig, FaxBody, MemoBody, SmsBody};
use popbill_model::{
    CorpNum, ItemKey, MgtKey, Response, SubmitId, UrlResponse, ValidationErrors, rule,
};
use popbill_transport::Method;
use serde::de::DeserializeOwned;

use crate::call::{CallOptions, ValidationSettings};
use crate::client::Popbill;
use crate::error::{ErrorCode, Result};
use crate::pipeline::{Call, OpBuilder, push_seg, seg};
use crate::service::Service;

/// Where a document service keeps the operations on several documents.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DocKind {
    /// Token scopes and path prefix.
    pub(crate) service: Service,
    /// Operation names are `"{name_prefix}.{verb}"` (`Taxinvoice.getInfo`).
    pub(crate) name_prefix: &'static str,
    /// The POPBiLL code for "no document with this number" (checkMgtKeyInUse answers false).
    pub(crate) not_found: ErrorCode,
    /// Key types the kind takes in paths (`SELL`, `BUY`, `TRUSTEE`); empty when document
    /// paths carry no key type.
    pub(crate) key_types: &'static [MgtKeyType],
    /// getInfos: `{prefix}{/KeyType}{infos_path}`.
    pub(crate) infos_path: &'static str,
    /// Mass print: `{prefix}{/KeyType}{mass_print_path}`, with the `?Print` flag when
    /// `mass_print_flag`.
    pub(crate) mass_print_path: &'static str,
    /// Whether mass print sends `?Print`.
    pub(crate) mass_print_flag: bool,
    /// The box/menu URL path (`/Taxinvoice/` with the slash the Python SDK sends).
    pub(crate) box_url_path: &'static str,
    /// Memo-only verbs send `{}` without a memo (true) or an empty body (false).
    pub(crate) memo_body_always: bool,
}

/// One document of a kind: its key type (kinds with key types only) and document number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DocAddr {
    pub(crate) key_type: Option<MgtKeyType>,
    pub(crate) mgt_key: MgtKey,
}

impl DocAddr {
    /// A document addressed by key type and number.
    pub(crate) fn typed(key_type: MgtKeyType, mgt_key: &MgtKey) -> Self {
        DocAddr {
            key_type: Some(key_type),
            mgt_key: mgt_key.clone(),
        }
    }

    /// A document addressed by number only.
    #[allow(dead_code)] // used by the kinds without key types (Cashbill)
    pub(crate) fn key(mgt_key: &MgtKey) -> Self {
        DocAddr {
            key_type: None,
            mgt_key: mgt_key.clone(),
        }
    }
}

/// Interned `"{prefix}.{verb}"` names: operation names are `&'static str` (tracing fields,
/// [`Call::operation_name`]), and the set of (prefix, verb) pairs is fixed by the code.
fn op_name(prefix: &'static str, verb: &'static str) -> &'static str {
    type Names = HashMap<(&'static str, &'static str), &'static str>;
    static NAMES: Mutex<Option<Names>> = Mutex::new(None);
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    names
        .get_or_insert_with(HashMap::new)
        .entry((prefix, verb))
        .or_insert_with(|| Box::leak(format!("{prefix}.{verb}").into_boxed_str()))
}

impl DocKind {
    /// The operation name of `verb`.
    pub(crate) fn name(&self, verb: &'static str) -> &'static str {
        op_name(self.name_prefix, verb)
    }

    /// The path prefix (`/Taxinvoice`).
    pub(crate) fn prefix(&self) -> &'static str {
        self.service.path_prefix()
    }

    /// Whether paths of this kind carry a key type.
    fn typed(&self) -> bool {
        !self.key_types.is_empty()
    }

    /// A key type the kind does not take, or one missing / superfluous, as a violation.
    pub(crate) fn check_key_type(
        &self,
        key_type: Option<&MgtKeyType>,
    ) -> Result<(), ValidationErrors> {
        match key_type {
            Some(kt) if self.typed() => {
                popbill_model::taxinvoice::validate::check_key_type(kt, self.key_types)
            }
            None if !self.typed() => Ok(()),
            _ => Err(ValidationErrors::single(
                "KeyType",
                rule::CONDITIONAL,
                "this document kind does not take this key type",
            )),
        }
    }

    /// `{prefix}{/KeyType}/{MgtKey}{suffix}`: the one place a document path is built.
    pub(crate) fn doc_path(&self, addr: &DocAddr, suffix: &str) -> String {
        let prefix = self.prefix();
        let key = addr.mgt_key.as_str();
        let mut path = String::with_capacity(prefix.len() + 10 + key.len() + suffix.len());
        path.push_str(prefix);
        if let Some(kt) = &addr.key_type {
            path.push('/');
            match kt.as_str() {
                // A known key type's wire text is plain capitals.
                std::borrow::Cow::Borrowed(known) => path.push_str(known),
                std::borrow::Cow::Owned(unknown) => push_seg(&mut path, &unknown),
            }
        }
        path.push('/');
        // A `MgtKey` holds only `A-Z a-z 0-9 - _` (checked when it was made).
        path.push_str(key);
        path.push_str(suffix);
        path
    }

    /// `{prefix}{/KeyType}{sub}`: the collection paths (getInfos, mass print, search).
    pub(crate) fn collection_path(&self, key_type: Option<&MgtKeyType>, sub: &str) -> String {
        match key_type {
            Some(kt) => format!("{}/{}{sub}", self.prefix(), seg(&kt.as_str())),
            None => format!("{}{sub}", self.prefix()),
        }
    }
}

/// Rejects a blank required value.
pub(crate) fn required(path: &str, value: &str) -> Result<(), ValidationErrors> {
    if value.trim().is_empty() {
        Err(ValidationErrors::single(
            path,
            rule::REQUIRED,
            "is required",
        ))
    } else {
        Ok(())
    }
}

/// A client and a document kind: the builders of the shared operations.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Docs<'a> {
    pub(crate) client: &'a Popbill,
    pub(crate) kind: &'static DocKind,
}

impl<'a> Docs<'a> {
    /// An operation on a path under the kind's prefix (`sub` starts with `/` or `?`-less
    /// nothing), authenticated as `corp`.
    pub(crate) fn at(
        &self,
        verb: &'static str,
        method: Method,
        corp: &CorpNum,
        sub: &str,
    ) -> OpBuilder<'a> {
        self.client
            .op(
                self.kind.service,
                self.kind.name(verb),
                method,
                format!("{}{sub}", self.kind.prefix()),
            )
            .corp(corp)
    }

    /// An operation on `{doc}{suffix}`, authenticated as `corp`.
    pub(crate) fn doc(
        &self,
        verb: &'static str,
        method: Method,
        corp: &CorpNum,
        addr: &DocAddr,
        suffix: &str,
    ) -> OpBuilder<'a> {
        self.client
            .op(
                self.kind.service,
                self.kind.name(verb),
                method,
                self.kind.doc_path(addr, suffix),
            )
            .corp(corp)
            .check(self.kind.check_key_type(addr.key_type.as_ref()))
    }

    /// `POST {doc}` with `X-HTTP-Method-Override: verb` and no body, decoded as `T`.
    pub(crate) fn state_change<T: DeserializeOwned + 'static>(
        &self,
        verb: &'static str,
        method_override: &'static str,
        corp: &CorpNum,
        addr: DocAddr,
    ) -> Call<T> {
        self.doc(verb, Method::Post, corp, &addr, "")
            .method_override(method_override)
            .json()
    }

    /// `GET {doc}{suffix}` (with an optional bare flag), decoded as JSON.
    pub(crate) fn get<T: DeserializeOwned + 'static>(
        &self,
        verb: &'static str,
        corp: &CorpNum,
        addr: DocAddr,
        suffix: &str,
        flag: Option<&str>,
    ) -> Call<T> {
        let mut op = self.doc(verb, Method::Get, corp, &addr, suffix);
        if let Some(f) = flag {
            op = op.flag(f);
        }
        op.json()
    }

    /// `GET {doc}?PDF`: the raw PDF bytes.
    pub(crate) fn pdf(&self, corp: &CorpNum, addr: DocAddr) -> Call<Bytes> {
        self.doc("getPDF", Method::Get, corp, &addr, "")
            .flag("PDF")
            .bytes()
    }

    /// A memo-only verb (`{"memo"}` body), decoded as `R`.
    pub(crate) fn memo_call<R>(
        &self,
        verb: &'static str,
        method_override: &'static str,
        corp: &CorpNum,
        addr: DocAddr,
    ) -> MemoCall<R> {
        MemoCall {
            client: self.client.clone(),
            kind: self.kind,
            verb,
            method_override,
            corp: corp.clone(),
            addr,
            body: MemoBody::default(),
            takes_subject: false,
            checks: ValidationSettings::default(),
            opts: CallOptions::default(),
            out: PhantomData,
        }
    }

    /// checkMgtKeyInUse.
    pub(crate) fn check_mgt_key_in_use(&self, corp: &CorpNum, addr: DocAddr) -> CheckMgtKeyCall {
        CheckMgtKeyCall {
            client: self.client.clone(),
            kind: self.kind,
            corp: corp.clone(),
            addr,
            opts: CallOptions::default(),
        }
    }

    /// getInfos.
    pub(crate) fn get_infos<T>(
        &self,
        corp: &CorpNum,
        key_type: Option<MgtKeyType>,
        keys: &[MgtKey],
    ) -> GetInfosCall<T> {
        GetInfosCall {
            client: self.client.clone(),
            kind: self.kind,
            corp: corp.clone(),
            key_type,
            keys: keys.to_vec(),
            opts: CallOptions::default(),
            out: PhantomData,
        }
    }

    /// A page of one document (`GET {doc}?TG=…`), named after the target.
    pub(crate) fn document_url(
        &self,
        corp: &CorpNum,
        addr: DocAddr,
        target: DocumentUrlTarget,
    ) -> Call<String> {
        let verb = match target {
            DocumentUrlTarget::Popup => "getPopUpURL",
            DocumentUrlTarget::View => "getViewURL",
            DocumentUrlTarget::Print => "getPrintURL",
            DocumentUrlTarget::PrintOld => "getOldPrintURL",
            DocumentUrlTarget::EPrint => "getEPrintURL",
            DocumentUrlTarget::Mail => "getMailURL",
            DocumentUrlTarget::Pdf => "getPDFURL",
            _ => "getDocumentURL",
        };
        self.doc(verb, Method::Get, corp, &addr, "")
            .check(required("TG", &target.as_str()))
            .query("TG", target.as_str())
            .map_json(|r: UrlResponse| r.url)
    }

    /// A box or menu page (`GET {box_url_path}?TG=…`).
    pub(crate) fn box_url(&self, corp: &CorpNum, target: &str) -> Call<String> {
        self.client
            .op(
                self.kind.service,
                self.kind.name("getURL"),
                Method::Get,
                self.kind.box_url_path,
            )
            .corp(corp)
            .check(required("TOGO", target))
            .query("TG", target)
            .map_json(|r: UrlResponse| r.url)
    }

    /// One page printing 1..=100 documents.
    pub(crate) fn mass_print_url(
        &self,
        corp: &CorpNum,
        key_type: Option<MgtKeyType>,
        keys: &[MgtKey],
    ) -> Call<String> {
        let keys: Vec<&str> = keys.iter().map(MgtKey::as_str).collect();
        let mut op = self
            .client
            .op(
                self.kind.service,
                self.kind.name("getMassPrintURL"),
                Method::Post,
                self.kind
                    .collection_path(key_type.as_ref(), self.kind.mass_print_path),
            )
            .corp(corp)
            .idempotent(true)
            .check(self.kind.check_key_type(key_type.as_ref()))
            .check(check_mgt_keys(&keys, MAX_MASS_PRINT));
        if self.kind.mass_print_flag {
            op = op.flag("Print");
        }
        op.json_body(&keys).map_json(|r: UrlResponse| r.url)
    }

    /// assignMgtKey: `POST {prefix}/{ItemKey}{/KeyType}`, form `MgtKey=`, empty override.
    pub(crate) fn assign_mgt_key(
        &self,
        corp: &CorpNum,
        key_type: Option<MgtKeyType>,
        item_key: &ItemKey,
        mgt_key: &MgtKey,
    ) -> Call<Response> {
        let mut sub = format!("/{}", seg(item_key.as_str()));
        if let Some(kt) = &key_type {
            sub.push('/');
            sub.push_str(&seg(&kt.as_str()));
        }
        // MgtKey is [A-Za-z0-9_-] only: nothing to form-encode.
        self.at("assignMgtKey", Method::Post, corp, &sub)
            .check(self.kind.check_key_type(key_type.as_ref()))
            .method_override("")
            .form_body(format!("MgtKey={}", mgt_key.as_str()))
            .json()
    }

    /// sendEmail.
    pub(crate) fn send_email(
        &self,
        corp: &CorpNum,
        addr: DocAddr,
        receiver: &str,
    ) -> Call<Response> {
        let body = EmailBody::new(receiver);
        self.doc("sendEmail", Method::Post, corp, &addr, "")
            .method_override("EMAIL")
            .validate(&body)
            .json_body(&body)
            .json()
    }

    /// sendSMS.
    pub(crate) fn send_sms(
        &self,
        corp: &CorpNum,
        addr: DocAddr,
        sender: &str,
        receiver: &str,
        contents: &str,
    ) -> Call<Response> {
        let body = SmsBody::new(sender, receiver, contents);
        self.doc("sendSMS", Method::Post, corp, &addr, "")
            .method_override("SMS")
            .validate(&body)
            .json_body(&body)
            .json()
    }

    /// sendFAX.
    pub(crate) fn send_fax(
        &self,
        corp: &CorpNum,
        addr: DocAddr,
        sender: &str,
        receiver: &str,
    ) -> Call<Response> {
        let body = FaxBody::new(sender, receiver);
        self.doc("sendFAX", Method::Post, corp, &addr, "")
            .method_override("FAX")
            .validate(&body)
            .json_body(&body)
            .json()
    }

    /// listEmailConfig.
    pub(crate) fn list_email_config(&self, corp: &CorpNum) -> Call<Vec<EmailSendConfig>> {
        self.at("listEmailConfig", Method::Get, corp, "/EmailSendConfig")
            .json()
    }

    /// updateEmailConfig (`SendYN=True`/`False` like the official Python SDK).
    pub(crate) fn update_email_config(
        &self,
        corp: &CorpNum,
        email_type: EmailType,
        send: bool,
    ) -> Call<Response> {
        let email_type = email_type.as_str();
        self.at("updateEmailConfig", Method::Post, corp, "/EmailSendConfig")
            .idempotent(true)
            .check(required("EmailType", &email_type))
            .query("EmailType", &email_type)
            .query("SendYN", if send { "True" } else { "False" })
            .json()
    }

    /// Polls getBulkResult until `completed` says so (see [`Poll`](crate::poll::Poll)).
    pub(crate) fn bulk_wait<T: DeserializeOwned + Send + 'static>(
        &self,
        corp: &CorpNum,
        submit_id: &SubmitId,
        completed: fn(&T) -> bool,
    ) -> crate::poll::Poll<T> {
        let (client, kind) = (self.client.clone(), self.kind);
        let (corp, submit_id) = (corp.clone(), submit_id.clone());
        crate::poll::Poll::new(
            kind.name("getBulkResult"),
            move || {
                Docs {
                    client: &client,
                    kind,
                }
                .bulk_result(&corp, &submit_id)
            },
            completed,
            |r| r,
        )
    }

    /// getBulkResult: `GET {prefix}/BULK/{SubmitID}/State`.
    pub(crate) fn bulk_result<T: DeserializeOwned + 'static>(
        &self,
        corp: &CorpNum,
        submit_id: &SubmitId,
    ) -> Call<T> {
        let sub = format!("/BULK/{}/State", seg(submit_id.as_str()));
        self.at("getBulkResult", Method::Get, corp, &sub).json()
    }
}
