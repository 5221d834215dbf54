//! Webhook events (웹훅): what POPBiLL POSTs to a partner's callback URL, typed.
//!
//! Every request carries the headers `Pb-Webhook-Type` (the family), `Pb-Webhook-MID` (a unique
//! message id, the idempotency key), `Pb-Webhook-Corpnum` (the member's business registration
//! number) and, for the `*.STATE` families, `Pb-Webhook-EventType`. The body is JSON: one object,
//! or (defensively accepted) an array of objects.
//!
//! [`WebhookEvent::parse`] turns headers plus body into a typed event. Header names are matched
//! case-insensitively. Families and event types this crate does not know are kept as received
//! (raw JSON, `Unknown` code values), never an error: a receiver must store what it is sent.
//! Only a missing `Pb-Webhook-Type`/`Pb-Webhook-MID`, a body that is not UTF-8 JSON, or JSON
//! that is neither an object nor an array is refused.
//!
//! This module performs no I/O: the receiver lives in the `popbill-webhook` crate.
//!
//! ```
//! use popbill_model::webhook::{WebhookEvent, WebhookItem, EventType, TaxinvoiceEventType};
//! let headers = [
//!     ("pb-webhook-type", "TAXINVOICE.STATE"),
//!     ("Pb-Webhook-MID", "016120000002-1777d55c2c41492ab06826d"),
//!     ("Pb-Webhook-Corpnum", "6798700433"),
//!     ("Pb-Webhook-EventType", "Issue"),
//! ];
//! let body = br#"{"eventType":"Issue","eventDT":"20250301093000","corpNum":"6798700433",
//!                 "itemKey":"025030109300000001","stateCode":300}"#;
//! let event = WebhookEvent::parse(headers, body).unwrap();
//! assert_eq!(event.event_type, EventType::Taxinvoice(TaxinvoiceEventType::Issue));
//! let WebhookItem::TaxinvoiceState(state) = &event.items[0] else { panic!() };
//! assert_eq!(state.state_code, Some(300));
//! ```

mod cashbill;
mod hometax;
mod statement;
mod taxinvoice;

pub use crate::hometax::{HtCashbill, HtTaxinvoice, HtTaxinvoiceDetail};
pub use cashbill::{CashbillEventType, CashbillStateEvent};
pub use hometax::HtTaxinvoicePush;
pub use statement::{StatementEventType, StatementStateEvent};
pub use taxinvoice::{TaxinvoiceEventType, TaxinvoiceStateEvent};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::code_enum;

/// Header naming the webhook family (always sent).
pub const HEADER_TYPE: &str = "Pb-Webhook-Type";
/// Header carrying the unique message id (always sent); the dedupe key.
pub const HEADER_MID: &str = "Pb-Webhook-MID";
/// Header carrying the member's business registration number (always sent).
pub const HEADER_CORPNUM: &str = "Pb-Webhook-Corpnum";
/// Header naming the event type inside a `*.STATE` family (optional).
pub const HEADER_EVENT_TYPE: &str = "Pb-Webhook-EventType";
/// Header of the API-key authentication option.
pub const HEADER_API_KEY: &str = "X-Api-Key";

/// The IP addresses POPBiLL sends webhooks from (for a firewall or allow-list).
pub const POPBILL_SOURCE_IPS: [&str; 2] = ["54.180.62.221", "13.124.72.158"];

/// The body a receiver answers with status 200 to acknowledge a webhook.
pub const ACK_BODY: &str = r#"{"result":"OK"}"#;

code_enum! {
    /// `Pb-Webhook-Type`: the family of a webhook.
    pub enum WebhookType: str {
        /// e-Tax invoice state events (`Issue`, `CancelIssue`, `CLOSEDOWN`, `NTS`, `OPEN`).
        TaxinvoiceState = "TAXINVOICE.STATE",
        /// Cash receipt state events (`Issue`, `NTS`, `BULKRESULT`).
        CashbillState = "CASHBILL.STATE",
        /// e-Statement state events (`Issue`, `Cancel`, `OPEN`).
        StatementState = "STATEMENT.STATE",
        /// HomeTax e-Tax invoice crawl result, pushed every hour on the hour.
        HtTaxinvoiceXml = "HT.TAXINVOICEXML",
        /// HomeTax cash receipt crawl result, pushed once a day.
        HtCashbill = "HT.CASHBILL",
    }
}

/// The event type of a webhook, per family. Taken from `Pb-Webhook-EventType`, or from the body's
/// `eventType` when the header is absent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventType {
    /// A `TAXINVOICE.STATE` event.
    Taxinvoice(TaxinvoiceEventType),
    /// A `CASHBILL.STATE` event.
    Cashbill(CashbillEventType),
    /// A `STATEMENT.STATE` event.
    Statement(StatementEventType),
    /// `HTTaxinvoice`: the hourly HomeTax e-Tax invoice crawl push.
    HtTaxinvoice,
    /// `HTCashbill`: the daily HomeTax cash receipt crawl push.
    HtCashbill,
    /// An event type of a family this crate does not know, kept as received.
    Other(String),
    /// No event type was given (neither header nor body).
    None,
}

impl EventType {
    /// The event type as text (`""` for [`EventType::None`]).
    pub fn as_str(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            EventType::Taxinvoice(t) => t.as_str(),
            EventType::Cashbill(t) => t.as_str(),
            EventType::Statement(t) => t.as_str(),
            EventType::HtTaxinvoice => Cow::Borrowed("HTTaxinvoice"),
            EventType::HtCashbill => Cow::Borrowed("HTCashbill"),
            EventType::Other(s) => Cow::Borrowed(s.as_str()),
            EventType::None => Cow::Borrowed(""),
        }
    }

    fn resolve(family: &WebhookType, given: Option<&str>) -> EventType {
        match (family, given) {
            (WebhookType::TaxinvoiceState, Some(s)) => EventType::Taxinvoice(s.into()),
            (WebhookType::CashbillState, Some(s)) => EventType::Cashbill(s.into()),
            (WebhookType::StatementState, Some(s)) => EventType::Statement(s.into()),
            (WebhookType::HtTaxinvoiceXml, _) => EventType::HtTaxinvoice,
            (WebhookType::HtCashbill, _) => EventType::HtCashbill,
            (_, Some(s)) => EventType::Other(s.to_owned()),
            (_, None) => EventType::None,
        }
    }
}

/// One document of a webhook body, typed by family.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum WebhookItem {
    /// A `TAXINVOICE.STATE` body.
    TaxinvoiceState(TaxinvoiceStateEvent),
    /// A `CASHBILL.STATE` body.
    CashbillState(CashbillStateEvent),
    /// A `STATEMENT.STATE` body.
    StatementState(StatementStateEvent),
    /// An `HT.TAXINVOICEXML` body: one crawled e-Tax invoice.
    HtTaxinvoice(Box<HtTaxinvoicePush>),
    /// An `HT.CASHBILL` body: one crawled cash receipt.
    HtCashbill(HtCashbill),
    /// A body of a family this crate does not know, kept as received.
    Raw(Value),
    /// A body of a known family whose shape did not fit the typed model (for example a list
    /// where a string was expected); kept as received with the reason.
    Mismatched {
        /// The element as received.
        raw: Value,
        /// Why the typed model did not fit.
        error: String,
    },
}

/// A parsed webhook: the headers that identify it plus its body, typed.
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookEvent {
    /// `Pb-Webhook-Type`.
    pub webhook_type: WebhookType,
    /// `Pb-Webhook-MID`: unique per message, the dedupe key.
    pub mid: String,
    /// `Pb-Webhook-Corpnum`, when sent.
    pub corp_num: Option<String>,
    /// The event type (header first, else the first body element's `eventType`).
    pub event_type: EventType,
    /// True when the body was a JSON array (even of one element).
    pub body_was_array: bool,
    /// The body's documents in order (one for an object body).
    pub items: Vec<WebhookItem>,
}

/// Why a webhook request could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookParseError {
    /// A mandatory header is absent or empty.
    #[error("header {0} is missing")]
    MissingHeader(&'static str),
    /// A header value is not valid UTF-8 text.
    #[error("header {0} is not UTF-8 text")]
    HeaderNotText(&'static str),
    /// The body is not UTF-8.
    #[error("body is not UTF-8 (invalid byte at offset {0})")]
    BodyNotUtf8(usize),
    /// The body is not JSON.
    #[error("body is not JSON: {0}")]
    BodyNotJson(String),
    /// The body is JSON but neither an object nor an array of objects.
    #[error("body must be a JSON object or an array of objects, found {0}")]
    BodyShape(&'static str),
}

/// Validates and parses a webhook body into JSON (UTF-8 first, then syntax, then shape).
///
/// Returns the JSON value, which is an object or an array of objects.
pub fn parse_body(body: &[u8]) -> Result<Value, WebhookParseError> {
    let text =
        std::str::from_utf8(body).map_err(|e| WebhookParseError::BodyNotUtf8(e.valid_up_to()))?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| WebhookParseError::BodyNotJson(e.to_string()))?;
    match &value {
        Value::Object(_) => Ok(value),
        Value::Array(items) => match items.iter().find(|v| !v.is_object()) {
            Some(bad) => Err(WebhookParseError::BodyShape(json_kind(bad))),
            None => Ok(value),
        },
        other => Err(WebhookParseError::BodyShape(json_kind(other))),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The identifying headers of a webhook, read case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookHeaders {
    /// `Pb-Webhook-Type`.
    pub webhook_type: WebhookType,
    /// `Pb-Webhook-MID`.
    pub mid: String,
    /// `Pb-Webhook-Corpnum`, when sent.
    pub corp_num: Option<String>,
    /// `Pb-Webhook-EventType`, when sent.
    pub event_type: Option<String>,
}

impl WebhookHeaders {
    /// Reads the webhook headers from `(name, value)` pairs; names are matched ignoring case,
    /// values are trimmed. `Pb-Webhook-Type` and `Pb-Webhook-MID` are mandatory.
    pub fn from_pairs<'a, N, V, I>(headers: I) -> Result<Self, WebhookParseError>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<[u8]> + 'a,
    {
        let mut ty = None;
        let mut mid = None;
        let mut corp = None;
        let mut event = None;
        for (name, value) in headers {
            let name = name.as_ref();
            let slot = if name.eq_ignore_ascii_case(HEADER_TYPE) {
                (&mut ty, HEADER_TYPE)
            } else if name.eq_ignore_ascii_case(HEADER_MID) {
                (&mut mid, HEADER_MID)
            } else if name.eq_ignore_ascii_case(HEADER_CORPNUM) {
                (&mut corp, HEADER_CORPNUM)
            } else if name.eq_ignore_ascii_case(HEADER_EVENT_TYPE) {
                (&mut event, HEADER_EVENT_TYPE)
            } else {
                continue;
            };
            let text = std::str::from_utf8(value.as_ref())
                .map_err(|_| WebhookParseError::HeaderNotText(slot.1))?
                .trim();
            if !text.is_empty() && slot.0.is_none() {
                *slot.0 = Some(text.to_owned());
            }
        }
        Ok(WebhookHeaders {
            webhook_type: WebhookType::from(
                ty.ok_or(WebhookParseError::MissingHeader(HEADER_TYPE))?
                    .as_str(),
            ),
            mid: mid.ok_or(WebhookParseError::MissingHeader(HEADER_MID))?,
            corp_num: corp,
            event_type: event,
        })
    }
}

impl WebhookEvent {
    /// Parses a webhook from its request headers (`(name, value)` pairs, any case) and body.
    pub fn parse<'a, N, V, I>(headers: I, body: &[u8]) -> Result<Self, WebhookParseError>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<[u8]> + 'a,
    {
        let headers = WebhookHeaders::from_pairs(headers)?;
        let value = parse_body(body)?;
        Ok(Self::from_parts(headers, value))
    }

    /// Builds the typed event from already-read headers and a JSON body (as returned by
    /// [`parse_body`]). Never fails: what does not fit the typed model is kept raw.
    pub fn from_parts(headers: WebhookHeaders, body: Value) -> Self {
        let (body_was_array, elements) = match body {
            Value::Array(items) => (true, items),
            other => (false, vec![other]),
        };
        let body_event_type = elements
            .first()
            .and_then(|v| v.get("eventType"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let given = headers.event_type.clone().or(body_event_type);
        let event_type = EventType::resolve(&headers.webhook_type, given.as_deref());
        let items = elements
            .into_iter()
            .map(|v| WebhookItem::from_value(&headers.webhook_type, v))
            .collect();
        WebhookEvent {
            webhook_type: headers.webhook_type,
            mid: headers.mid,
            corp_num: headers.corp_num,
            event_type,
            body_was_array,
            items,
        }
    }
}

impl WebhookItem {
    /// Types one body element according to its family.
    pub fn from_value(family: &WebhookType, value: Value) -> Self {
        fn typed<T: DeserializeOwned>(value: Value, wrap: fn(T) -> WebhookItem) -> WebhookItem {
            match T::deserialize(&value) {
                Ok(t) => wrap(t),
                Err(e) => WebhookItem::Mismatched {
                    raw: value,
                    error: e.to_string(),
                },
            }
        }
        match family {
            WebhookType::TaxinvoiceState => typed(value, WebhookItem::TaxinvoiceState),
            WebhookType::CashbillState => typed(value, WebhookItem::CashbillState),
            WebhookType::StatementState => typed(value, WebhookItem::StatementState),
            WebhookType::HtTaxinvoiceXml => typed(value, |t: HtTaxinvoicePush| {
                WebhookItem::HtTaxinvoice(Box::new(t))
            }),
            WebhookType::HtCashbill => typed(value, WebhookItem::HtCashbill),
            _ => WebhookItem::Raw(value),
        }
    }
}

/// Deserialises a string code from a string or a number; `null` is `None`.
pub(crate) fn opt_str_code<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    Ok(crate::lenient::opt_string(d)?.map(|s| T::from(s.as_str())))
}

#[cfg(test)]
mod tests;
