//! Member, contact and point objects of the base API shared by every service.
//!
//! | Type | Wire use |
//! |---|---|
//! | [`JoinForm`] | body of `POST /Join` (keys in PascalCase) |
//! | [`CorpInfo`] | answer of `GET /CorpInfo`, body of `POST /CorpInfo` (`ceoname` with a lower-case n) |
//! | [`ContactInfo`] | body of `POST /IDs/New` and `POST /IDs`; answer of `POST /Contact`, items of `GET /IDs` |
//! | [`ContactIdRequest`] | body of `POST /Contact` (`{"id": …}`) |
//! | [`QuitRequest`] | body of `POST /QuitRequest` |
//! | [`PaymentForm`] / [`PaymentResponse`] | `POST /Payment` |
//! | [`RefundForm`] / [`RefundResponse`] | `POST /Refund` (lower-case keys, as the official Python SDK sends them) |
//! | [`UseHistory`], [`PaymentHistory`], [`RefundHistory`] | items of the history pages; `GET /Payment/{code}`, `GET /Refund/{code}` |
//! | [`UseHistoryResult`], [`PaymentHistoryResult`], [`RefundHistoryResult`] | `GET /UseHistory`, `/PaymentHistory`, `/RefundHistory` |
//! | [`Paging`] | the `Page` / `PerPage` query parameters of the history calls |
//! | [`PointInfo`] | answer of `GET {auth}/{ServiceID}/TotalPoint` (Java/.NET `getPointInfo`) |
//!
//! Request types omit `None` fields, are `#[non_exhaustive]` and are built with `Default` plus
//! chainable `set_*` setters. Response types are tolerant: every field has a default, numbers
//! may arrive as strings (and the reverse), and unknown fields are ignored.
//!
//! Passwords are held in [`Password`], whose `Debug` never shows the value.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::lenient;
use crate::validate::{Validate, ValidationContext, ValidationErrors, Validator, rule};

/// Characters POPBiLL documents as the special characters of a password.
const PASSWORD_SPECIALS: &str = "~!@#$%^&*()_+";

/// A login password (`Password` of [`JoinForm`] and [`ContactInfo`]). Serialises as a plain
/// string; `Debug` prints `***`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Password(String);

impl Password {
    /// Wraps a password.
    pub fn new(value: impl Into<String>) -> Self {
        Password(value.into())
    }

    /// The password text, for sending.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

impl From<&str> for Password {
    fn from(s: &str) -> Self {
        Password(s.to_owned())
    }
}

impl From<String> for Password {
    fn from(s: String) -> Self {
        Password(s)
    }
}

/// Checks a login ID: 6 to 50 characters.
fn check_id(v: &mut Validator<'_>, path: &str, id: Option<&str>, required: bool) {
    if required {
        v.required(path, id);
    }
    if let Some(id) = id.filter(|s| !s.trim().is_empty()) {
        v.chars_between(path, Some(id), 6, 50);
    }
}

/// Checks a password: 8 to 20 characters with at least one letter, one digit and one special
/// character_+`, any ASCII punctuation is accepted here).
fn check_password(v: &mut Validator<'_>, path: &str, pw: Option<&Password>, required: bool) {
    let text = pw.map(Password::expose);
    if required && !v.required(path, text) {
        return;
    }
    let Some(pw) = text.filter(|s| !s.is_empty()) else {
        return;
    };
    v.chars_between(path, Some(pw), 8, 20);
    let letter = pw.chars().any(|c| c.is_ascii_alphabetic());
    let digit = pw.chars().any(|c| c.is_ascii_digit());
    let special = pw
        .chars()
        .any(|c| c.is_ascii_punctuation() || PASSWORD_SPECIALS.contains(c));
    if !(letter && digit && special) {
        v.push(
            path,
            rule::CHARSET,
            format!(
                "must contain at least one letter, one digit and one special character (such as {PASSWORD_SPECIALS})"
            ),
        );
    }
}

/// Required text with a maximum length.
fn required_max(v: &mut Validator<'_>, path: &str, value: Option<&str>, max: usize) {
    v.required(path, value);
    v.max_chars(path, value, max);
}

/// Text made of digits only (amounts and point counts sent as strings).
fn digits_only(v: &mut Validator<'_>, path: &str, value: Option<&str>) {
    if let Some(s) = value.filter(|s| !s.is_empty()) {
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            v.push(path, rule::FORMAT, "must contain digits only");
        } else if s.bytes().all(|b| b == b'0') {
            v.push(path, rule::RANGE, "must be greater than zero");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JoinForm
// ---------------------------------------------------------------------------------------------

/// Body of `POST /Join` (joinMember): registers a new member company under the partner.
///
/// Keys are PascalCase on the wire. All fields are required except `ContactHP` and `ContactFAX`;
/// the client fills `LinkID` from its configuration when it is not set.
///
/// ```
/// use popbill_model::member::JoinForm;
/// use popbill_model::{Validate, ValidationContext};
/// let form = JoinForm::default()
///     .set_id("newuser01")
///     .set_password("asdf1234!@")
///     .set_link_id("TESTER")
///     .set_corp_num("1234567890")
///     .set_ceo_name("대표자")
///     .set_corp_name("상호")
///     .set_addr("주소")
///     .set_biz_type("업태")
///     .set_biz_class("종목")
///     .set_contact_name("담당자")
///     .set_contact_email("a@example.com")
///     .set_contact_tel("070-1234-5678");
/// assert!(form.validate_with(&ValidationContext::new().allow_test_corp_nums(true)).is_ok());
/// ```
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct JoinForm {
    /// `ID`: login ID of the first (administrator) account, 6–50 characters.
    #[serde(rename = "ID", default)]
    pub id: Option<String>,
    /// `Password`: 8–20 characters mixing letters, digits and special characters.
    #[serde(rename = "Password", default)]
    pub password: Option<Password>,
    /// `CorpNum`: business number, 10 digits without hyphens.
    #[serde(rename = "CorpNum", default)]
    pub corp_num: Option<String>,
    /// `CEOName`: representative's name (max 100).
    #[serde(rename = "CEOName", default)]
    pub ceo_name: Option<String>,
    /// `CorpName`: company name (max 200).
    #[serde(rename = "CorpName", default)]
    pub corp_name: Option<String>,
    /// `Addr`: address (max 300).
    #[serde(rename = "Addr", default)]
    pub addr: Option<String>,
    /// `BizType`: 업태, business type (max 100).
    #[serde(rename = "BizType", default)]
    pub biz_type: Option<String>,
    /// `BizClass`: 종목, business item (max 100).
    #[serde(rename = "BizClass", default)]
    pub biz_class: Option<String>,
    /// `ContactName`: contact person (max 100).
    #[serde(rename = "ContactName", default)]
    pub contact_name: Option<String>,
    /// `ContactEmail`: contact e-mail (max 100).
    #[serde(rename = "ContactEmail", default)]
    pub contact_email: Option<String>,
    /// `ContactTEL`: contact phone (max 20).
    #[serde(rename = "ContactTEL", default)]
    pub contact_tel: Option<String>,
    /// `ContactHP`: contact mobile phone (optional, max 20).
    #[serde(rename = "ContactHP", default)]
    pub contact_hp: Option<String>,
    /// `ContactFAX`: contact fax (optional, max 20).
    #[serde(rename = "ContactFAX", default)]
    pub contact_fax: Option<String>,
    /// `LinkID`: the partner's LinkID (max 20). Filled from the client configuration when absent.
    #[serde(rename = "LinkID", default)]
    pub link_id: Option<String>,
}

setters!(JoinForm {
    set_id => id: text = "ID",
    set_corp_num => corp_num: text = "CorpNum",
    set_ceo_name => ceo_name: text = "CEOName",
    set_corp_name => corp_name: text = "CorpName",
    set_addr => addr: text = "Addr",
    /// Sets `BizType` (업태).
    set_biz_type => biz_type: text,
    /// Sets `BizClass` (종목).
    set_biz_class => biz_class: text,
    set_contact_name => contact_name: text = "ContactName",
    set_contact_email => contact_email: text = "ContactEmail",
    set_contact_tel => contact_tel: text = "ContactTEL",
    set_contact_hp => contact_hp: text = "ContactHP",
    set_contact_fax => contact_fax: text = "ContactFAX",
    set_link_id => link_id: text = "LinkID",
});

impl JoinForm {
    /// Sets `Password`.
    pub fn set_password(mut self, value: impl Into<Password>) -> Self {
        self.password = Some(value.into());
        self
    }
}

impl Validate for JoinForm {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        check_id(&mut v, "ID", self.id.as_deref(), true);
        check_password(&mut v, "Password", self.password.as_ref(), true);
        required_max(&mut v, "LinkID", self.link_id.as_deref(), 20);
        if v.required("CorpNum", self.corp_num.as_deref()) {
            v.corp_num("CorpNum", self.corp_num.as_deref());
        }
        required_max(&mut v, "CEOName", self.ceo_name.as_deref(), 100);
        required_max(&mut v, "CorpName", self.corp_name.as_deref(), 200);
        required_max(&mut v, "Addr", self.addr.as_deref(), 300);
        required_max(&mut v, "BizType", self.biz_type.as_deref(), 100);
        required_max(&mut v, "BizClass", self.biz_class.as_deref(), 100);
        required_max(&mut v, "ContactName", self.contact_name.as_deref(), 100);
        required_max(&mut v, "ContactEmail", self.contact_email.as_deref(), 100);
        required_max(&mut v, "ContactTEL", self.contact_tel.as_deref(), 20);
        v.max_chars("ContactHP", self.contact_hp.as_deref(), 20);
        v.max_chars("ContactFAX", self.contact_fax.as_deref(), 20);
        v.finish()
    }
}

// ---------------------------------------------------------------------------------------------
// CorpInfo
// ---------------------------------------------------------------------------------------------

/// Company information: the answer of `GET /CorpInfo` and the body of `POST /CorpInfo`.
///
/// Note the wire key `ceoname` (lower-case n), unlike the other camelCase keys.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CorpInfo {
    /// `ceoname`: representative's name (max 100).
    #[serde(rename = "ceoname", default, deserialize_with = "lenient::opt_string")]
    pub ceo_name: Option<String>,
    /// `corpName`: company name (max 200).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub corp_name: Option<String>,
    /// `addr`: address (max 300).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub addr: Option<String>,
    /// `bizType`: 업태 (max 100).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub biz_type: Option<String>,
    /// `bizClass`: 종목 (max 100).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub biz_class: Option<String>,
}

setters!(CorpInfo {
    set_ceo_name => ceo_name: text = "ceoname",
    set_corp_name => corp_name: text = "corpName",
    set_addr => addr: text = "addr",
    /// Sets `bizType` (업태).
    set_biz_type => biz_type: text,
    /// Sets `bizClass` (종목).
    set_biz_class => biz_class: text,
});

impl Validate for CorpInfo {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        required_max(&mut v, "ceoname", self.ceo_name.as_deref(), 100);
        required_max(&mut v, "corpName", self.corp_name.as_deref(), 200);
        required_max(&mut v, "addr", self.addr.as_deref(), 300);
        required_max(&mut v, "bizType", self.biz_type.as_deref(), 100);
        required_max(&mut v, "bizClass", self.biz_class.as_deref(), 100);
        v.finish()
    }
}

// ---------------------------------------------------------------------------------------------
// ContactInfo
// ---------------------------------------------------------------------------------------------

/// A user account (담당자) of a member company.
///
/// Body of `POST /IDs/New` (registContact, `Password` required) and `POST /IDs` (updateContact,
/// `id` names the account); answer of `POST /Contact` and items of `GET /IDs`.
/// `regDT`, `mgrYN` and `state` are response-only.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ContactInfo {
    /// `id`: login ID, 6–50 characters.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub id: Option<String>,
    /// `Password`: required when registering; 8–20 characters mixing letters, digits and
    /// special characters.
    #[serde(rename = "Password", default)]
    pub password: Option<Password>,
    /// `personName`: the person's name (max 100).
    #[serde(
        rename = "personName",
        default,
        deserialize_with = "lenient::opt_string"
    )]
    pub person_name: Option<String>,
    /// `tel`: phone (max 20).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub tel: Option<String>,
    /// `hp`: mobile phone (optional, max 20).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub hp: Option<String>,
    /// `fax`: fax (optional, max 20).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub fax: Option<String>,
    /// `email`: e-mail (max 100).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub email: Option<String>,
    /// `searchRole`: 1 = own documents only, 2 = whole company read-only, 3 = whole company.
    #[serde(rename = "searchRole", default, deserialize_with = "lenient::opt_i64")]
    pub search_role: Option<i64>,
    /// `regDT` (response only): registration time `yyyyMMddHHmmss`.
    #[serde(rename = "regDT", default, deserialize_with = "lenient::opt_string")]
    pub reg_dt: Option<String>,
    /// `mgrYN` (response only): true for the administrator account.
    #[serde(rename = "mgrYN", default, deserialize_with = "lenient::opt_bool")]
    pub mgr_yn: Option<bool>,
    /// `state` (response only): 1 = active (the only documented value).
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub state: Option<i64>,
    /// `pwd`: legacy password field, superseded by `Password`; kept so old answers round-trip.
    #[serde(default)]
    pub pwd: Option<Password>,
    /// `searchAllAllowYN`: legacy flag, superseded by `searchRole`.
    #[serde(
        rename = "searchAllAllowYN",
        default,
        deserialize_with = "lenient::opt_bool"
    )]
    pub search_all_allow_yn: Option<bool>,
}

setters!(ContactInfo {
    set_id => id: text = "id",
    set_person_name => person_name: text = "personName",
    set_tel => tel: text = "tel",
    set_hp => hp: text = "hp",
    set_fax => fax: text = "fax",
    set_email => email: text = "email",
});

impl ContactInfo {
    /// Sets `Password`.
    pub fn set_password(mut self, value: impl Into<Password>) -> Self {
        self.password = Some(value.into());
        self
    }

    /// Sets `searchRole` (1, 2 or 3).
    pub fn set_search_role(mut self, role: i64) -> Self {
        self.search_role = Some(role);
        self
    }

    /// Validation for registering a new account: [`Validate`] plus a required `Password`.
    pub fn validate_new(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        if let Err(e) = self.validate_with(ctx) {
            v.extend_prefixed("", e);
        }
        if self.password.is_none() {
            v.push(
                "Password",
                rule::REQUIRED,
                "is required to register an account",
            );
        }
        v.finish()
    }
}

impl Validate for ContactInfo {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        check_id(&mut v, "id", self.id.as_deref(), true);
        check_password(&mut v, "Password", self.password.as_ref(), false);
        required_max(&mut v, "personName", self.person_name.as_deref(), 100);
        required_max(&mut v, "tel", self.tel.as_deref(), 20);
        v.max_chars("hp", self.hp.as_deref(), 20);
        v.max_chars("fax", self.fax.as_deref(), 20);
        required_max(&mut v, "email", self.email.as_deref(), 100);
        if let Some(role) = self.search_role {
            if !(1..=3).contains(&role) {
                v.push("searchRole", rule::RANGE, "must be 1, 2 or 3");
            }
        }
        v.finish()
    }
}

/// Body of `POST /Contact` (getContactInfo): `{"id": "<account id>"}`.
///
/// The official SDKs send this with single quotes (not JSON); this type always produces
/// strict JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ContactIdRequest {
    /// `id`: the account to look up.
    pub id: String,
}

impl ContactIdRequest {
    /// A request for one account.
    pub fn new(id: impl Into<String>) -> Self {
        ContactIdRequest { id: id.into() }
    }
}

impl Validate for ContactIdRequest {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        v.required("id", Some(&self.id));
        v.max_chars("id", Some(&self.id), 50);
        v.finish()
    }
}

/// Body of `POST /QuitRequest` (quitMember): `{"quitReason": "…"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QuitRequest {
    /// `quitReason`: why the member leaves.
    pub quit_reason: String,
}

impl QuitRequest {
    /// A request with the given reason.
    pub fn new(reason: impl Into<String>) -> Self {
        QuitRequest {
            quit_reason: reason.into(),
        }
    }
}

impl Validate for QuitRequest {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        v.required("quitReason", Some(&self.quit_reason));
        v.finish()
    }
}

// ---------------------------------------------------------------------------------------------
// Payment and refund
// ---------------------------------------------------------------------------------------------

/// Body of `POST /Payment` (paymentRequest): a bank-transfer point purchase request.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct PaymentForm {
    /// `settlerName`: 담당자명, the person in charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settler_name: Option<String>,
    /// `settlerEmail`: the person's e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settler_email: Option<String>,
    /// `notifyHP`: mobile number that receives the deposit confirmation.
    #[serde(rename = "notifyHP", default)]
    pub notify_hp: Option<String>,
    /// `paymentName`: 입금자명, the depositor's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_name: Option<String>,
    /// `settleCost`: amount in won, as digits (e.g. `"11000"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settle_cost: Option<String>,
}

setters!(PaymentForm {
    set_settler_name => settler_name: text = "settlerName",
    set_settler_email => settler_email: text = "settlerEmail",
    set_notify_hp => notify_hp: text = "notifyHP",
    set_payment_name => payment_name: text = "paymentName",
    /// Sets `settleCost` (digits).
    set_settle_cost => settle_cost: text,
});

impl Validate for PaymentForm {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        v.required("settlerName", self.settler_name.as_deref());
        v.required("settlerEmail", self.settler_email.as_deref());
        v.required("paymentName", self.payment_name.as_deref());
        if v.required("settleCost", self.settle_cost.as_deref()) {
            digits_only(&mut v, "settleCost", self.settle_cost.as_deref());
        }
        v.finish()
    }
}

/// Answer of `POST /Payment`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct PaymentResponse {
    /// Result code (1 = accepted).
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub code: i64,
    /// Result message.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub message: String,
    /// `settleCode`: the code to look the request up with `getSettleResult`.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub settle_code: String,
}

/// Body of `POST /Refund` (refund): a request to refund unused points.
///
/// Keys are lower-case on the wire (`contactname`, `requestpoint`, …), exactly as the official
/// Python SDK 1.64.2 sends them (PHP and .NET do the same; Java sends camelCase and the server
/// accepts both). Deserialisation accepts both spellings.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct RefundForm {
    /// `contactname`: the person in charge.
    #[serde(rename = "contactname", alias = "contactName", default)]
    pub contact_name: Option<String>,
    /// `tel`: the person's phone.
    #[serde(default)]
    pub tel: Option<String>,
    /// `requestpoint`: points to refund, as digits.
    #[serde(rename = "requestpoint", alias = "requestPoint", default)]
    pub request_point: Option<String>,
    /// `accountbank`: bank name (e.g. `국민`).
    #[serde(rename = "accountbank", alias = "accountBank", default)]
    pub account_bank: Option<String>,
    /// `accountnum`: account number.
    #[serde(rename = "accountnum", alias = "accountNum", default)]
    pub account_num: Option<String>,
    /// `accountname`: account holder.
    #[serde(rename = "accountname", alias = "accountName", default)]
    pub account_name: Option<String>,
    /// `reason`: why the refund is requested.
    #[serde(default)]
    pub reason: Option<String>,
}

setters!(RefundForm {
    set_contact_name => contact_name: text = "contactname",
    set_tel => tel: text = "tel",
    /// Sets `requestpoint` (digits).
    set_request_point => request_point: text,
    set_account_bank => account_bank: text = "accountbank",
    set_account_num => account_num: text = "accountnum",
    set_account_name => account_name: text = "accountname",
    set_reason => reason: text = "reason",
});

impl Validate for RefundForm {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        v.required("contactname", self.contact_name.as_deref());
        v.required("tel", self.tel.as_deref());
        if v.required("requestpoint", self.request_point.as_deref()) {
            digits_only(&mut v, "requestpoint", self.request_point.as_deref());
        }
        v.required("accountbank", self.account_bank.as_deref());
        v.required("accountnum", self.account_num.as_deref());
        v.required("accountname", self.account_name.as_deref());
        v.required("reason", self.reason.as_deref());
        v.finish()
    }
}

/// Answer of `POST /Refund`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct RefundResponse {
    /// Result code (1 = accepted).
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub code: i64,
    /// Result message.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub message: String,
    /// `refundCode`: the code to look the request up with `getRefundInfo`.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub refund_code: String,
}

/// Answer of the Linkhub auth host's `GET /{ServiceID}/TotalPoint` (`getPointInfo` of the Java
/// and .NET SDKs): the member's points split into charged and bonus points.
///
/// The Java SDK types the three fields as strings; each is read from a number or a numeric
/// string, and anything else (`null`, `""`, junk) becomes 0, as for
/// `BalanceResponse` (`getBalance`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct PointInfo {
    /// `totalPoint`: all remaining points.
    #[serde(deserialize_with = "lenient::f64_or_default")]
    pub total_point: f64,
    /// `chargePoint`: the remaining points that were bought.
    #[serde(deserialize_with = "lenient::f64_or_default")]
    pub charge_point: f64,
    /// `bonusPoint`: the remaining points that were granted as a bonus.
    #[serde(deserialize_with = "lenient::f64_or_default")]
    pub bonus_point: f64,
}

// ---------------------------------------------------------------------------------------------
// Histories
// ---------------------------------------------------------------------------------------------

/// One point movement (item of `GET /UseHistory`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct UseHistory {
    /// `itemCode`: service code (the scope codes: 110, 121…126, 140, 150…).
    #[serde(rename = "itemCode", deserialize_with = "lenient::opt_i64")]
    pub item_code: Option<i64>,
    /// `txType`: kind of point change (values not documented).
    #[serde(rename = "txType", deserialize_with = "lenient::opt_i64")]
    pub tx_type: Option<i64>,
    /// `txPoint`: points changed.
    #[serde(rename = "txPoint", deserialize_with = "lenient::opt_string")]
    pub tx_point: Option<String>,
    /// `balance`: remaining points after the change.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub balance: Option<String>,
    /// `txDT`: time of the change (probably `yyyyMMddHHmmss`).
    #[serde(rename = "txDT", deserialize_with = "lenient::opt_string")]
    pub tx_dt: Option<String>,
    /// `userID`: the account that caused it.
    #[serde(rename = "userID", deserialize_with = "lenient::opt_string")]
    pub user_id: Option<String>,
    /// `userName`: that account's name.
    #[serde(rename = "userName", deserialize_with = "lenient::opt_string")]
    pub user_name: Option<String>,
    /// `serviceUserID` (seen only in the Java SDK model).
    #[serde(
        rename = "serviceUserID",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub service_user_id: Option<String>,
}

/// One point purchase (item of `GET /PaymentHistory`; answer of `GET /Payment/{SettleCode}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct PaymentHistory {
    /// `productType`: 결제 내용.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub product_type: Option<String>,
    /// `productName`: product name.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub product_name: Option<String>,
    /// `settleType`: 결제유형 (payment method).
    #[serde(deserialize_with = "lenient::opt_string")]
    pub settle_type: Option<String>,
    /// `settlerName`: the person in charge.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub settler_name: Option<String>,
    /// `settlerEmail`: the person's e-mail.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub settler_email: Option<String>,
    /// `settleCost`: amount paid.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub settle_cost: Option<String>,
    /// `settlePoint`: points charged.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub settle_point: Option<String>,
    /// `settleState`: 결제상태 (values not documented).
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub settle_state: Option<i64>,
    /// `regDT`: request time.
    #[serde(rename = "regDT", deserialize_with = "lenient::opt_string")]
    pub reg_dt: Option<String>,
    /// `stateDT`: time of the last state change.
    #[serde(rename = "stateDT", deserialize_with = "lenient::opt_string")]
    pub state_dt: Option<String>,
}

/// One refund request (item of `GET /RefundHistory`; answer of `GET /Refund/{RefundCode}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct RefundHistory {
    /// `reqDT`: request time.
    #[serde(rename = "reqDT", deserialize_with = "lenient::opt_string")]
    pub req_dt: Option<String>,
    /// `requestPoint`: points requested.
    #[serde(rename = "requestPoint", deserialize_with = "lenient::opt_string")]
    pub request_point: Option<String>,
    /// `accountBank`: bank name.
    #[serde(rename = "accountBank", deserialize_with = "lenient::opt_string")]
    pub account_bank: Option<String>,
    /// `accountNum`: account number.
    #[serde(rename = "accountNum", deserialize_with = "lenient::opt_string")]
    pub account_num: Option<String>,
    /// `accountName`: account holder.
    #[serde(rename = "accountName", deserialize_with = "lenient::opt_string")]
    pub account_name: Option<String>,
    /// `state`: request state (values not documented).
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub state: Option<i64>,
    /// `reason`: the reason given.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub reason: Option<String>,
}

/// One page of a history list: the envelope shared by `/UseHistory`, `/PaymentHistory` and
/// `/RefundHistory`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(
    rename_all = "camelCase",
    bound(deserialize = "T: Deserialize<'de>", serialize = "T: Serialize")
)]
#[non_exhaustive]
pub struct HistoryPage<T> {
    /// Result code.
    #[serde(default, deserialize_with = "lenient::i64_or_default")]
    pub code: i64,
    /// Total number of rows.
    #[serde(default, deserialize_with = "lenient::i64_or_default")]
    pub total: i64,
    /// Rows per page.
    #[serde(default, deserialize_with = "lenient::i64_or_default")]
    pub per_page: i64,
    /// This page's number (from 1).
    #[serde(default, deserialize_with = "lenient::i64_or_default")]
    pub page_num: i64,
    /// Number of pages.
    #[serde(default, deserialize_with = "lenient::i64_or_default")]
    pub page_count: i64,
    /// The rows (`null` is read as empty).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub list: Vec<T>,
}

impl<T> Default for HistoryPage<T> {
    fn default() -> Self {
        HistoryPage {
            code: 0,
            total: 0,
            per_page: 0,
            page_num: 0,
            page_count: 0,
            list: Vec::new(),
        }
    }
}

fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// Answer of `GET /UseHistory`.
pub type UseHistoryResult = HistoryPage<UseHistory>;
/// Answer of `GET /PaymentHistory`.
pub type PaymentHistoryResult = HistoryPage<PaymentHistory>;
/// Answer of `GET /RefundHistory`.
pub type RefundHistoryResult = HistoryPage<RefundHistory>;

/// `Page` and `PerPage` of the history queries. `None` leaves the server default (page 1,
/// 500 rows; at most 1000).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Paging {
    /// `Page`: page number from 1.
    pub page: Option<u32>,
    /// `PerPage`: rows per page, 1..=1000.
    pub per_page: Option<u32>,
}

impl Paging {
    /// The server defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `Page`.
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// Sets `PerPage`.
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = Some(per_page);
        self
    }
}

impl Validate for Paging {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), ValidationErrors> {
        let mut v = Validator::new(ctx);
        if self.page == Some(0) {
            v.push("Page", rule::RANGE, "must be at least 1");
        }
        if let Some(n) = self.per_page {
            if !(1..=1000).contains(&n) {
                v.push("PerPage", rule::RANGE, "must be between 1 and 1000");
            }
        }
        v.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_debug_is_redacted() {
        let form = JoinForm::default().set_password("asdf1234!@");
        let dbg = format!("{form:?}");
        assert!(!dbg.contains("asdf1234"), "{dbg}");
        assert!(dbg.contains("***"));
    }

    #[test]
    fn password_rules() {
        let ctx = ValidationContext::new();
        for (pw, ok) in [
            ("asdf1234!@", true),
            ("asdf1234", false),
            ("12345678!", false),
            ("abcdefgh!", false),
            ("a1!", false),
            ("a1!aaaaaaaaaaaaaaaaaaaaa", false),
        ] {
            let mut v = Validator::new(&ctx);
            check_password(&mut v, "Password", Some(&Password::new(pw)), true);
            assert_eq!(v.finish().is_ok(), ok, "{pw}");
        }
    }

    #[test]
    fn point_info_reads_strings_and_numbers() {
        let p: PointInfo = serde_json::from_str(
            r#"{"totalPoint":"1500","chargePoint":"1000.5","bonusPoint":"499.5","extra":1}"#,
        )
        .expect("strings");
        assert_eq!(
            (p.total_point, p.charge_point, p.bonus_point),
            (1500.0, 1000.5, 499.5)
        );
        let p: PointInfo =
            serde_json::from_str(r#"{"totalPoint":7,"chargePoint":2.5,"bonusPoint":null}"#)
                .expect("numbers");
        assert_eq!(
            (p.total_point, p.charge_point, p.bonus_point),
            (7.0, 2.5, 0.0)
        );
        let text = serde_json::to_string(&p).expect("serialises");
        assert!(text.contains(r#""totalPoint":7.0"#), "{text}");
    }
}
