//! HomeTax credentials and billing state: the department-user form of RegistDeptUser, the
//! certificate expiry answer (8 or 14 digits) and the flat-rate contract state.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::codes::FlatRateStateCode;
use crate::validate::{Validate, ValidationContext, Validator, rule};
use crate::{Date8, DateTime14, lenient};

/// Longest department-user ID and password, in characters.
pub const MAX_DEPT_USER_FIELD: usize = 50;

/// Body of RegistDeptUser: `{"id", "pwd", "secAuth"}`. A department user (부서사용자) is a
/// read-only HomeTax account registered separately per service (tax invoices, cash receipts).
///
/// The ID and password are secrets: `Debug` shows neither, and they are overwritten with
/// zeros when the form is dropped. `secAuth` (the department user's representative's resident
/// number, per the Java SDK) is optional and sent as `null` when absent, as the Python SDK does.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DeptUserForm {
    /// `id`: department-user ID (1-50 characters).
    #[serde(default, deserialize_with = "lenient::string_or_default")]
    pub id: String,
    /// `pwd`: department-user password (1-50 characters).
    #[serde(default, deserialize_with = "lenient::string_or_default")]
    pub pwd: String,
    /// `secAuth`: optional extra authentication value; `null` when absent.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub sec_auth: Option<String>,
}

impl DeptUserForm {
    /// A form with ID and password and no `secAuth`.
    pub fn new(id: impl Into<String>, pwd: impl Into<String>) -> Self {
        DeptUserForm {
            id: id.into(),
            pwd: pwd.into(),
            sec_auth: None,
        }
    }

    /// Sets `secAuth`.
    pub fn sec_auth(mut self, sec_auth: impl Into<String>) -> Self {
        self.sec_auth = Some(sec_auth.into());
        self
    }
}

fn wipe(s: &mut String) {
    // Overwrite the bytes in place before the allocation is released.
    let mut bytes = std::mem::take(s).into_bytes();
    bytes.iter_mut().for_each(|b| *b = 0);
    // Observed afterwards, so the optimiser keeps the writes.
    std::hint::black_box(&bytes);
}

impl Drop for DeptUserForm {
    fn drop(&mut self) {
        wipe(&mut self.id);
        wipe(&mut self.pwd);
        if let Some(s) = self.sec_auth.as_mut() {
            wipe(s);
        }
    }
}

impl fmt::Debug for DeptUserForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeptUserForm")
            .field("id", &"<redacted>")
            .field("pwd", &"<redacted>")
            .field("sec_auth", &self.sec_auth.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Validate for DeptUserForm {
    fn validate_with(&self, ctx: &ValidationContext) -> Result<(), crate::ValidationErrors> {
        let mut v = Validator::new(ctx);
        // The messages never quote the values: they are secrets.
        for (path, value) in [("id", &self.id), ("pwd", &self.pwd)] {
            if value.trim().is_empty() {
                v.push(path, rule::REQUIRED, "is required");
            } else if crate::char_len(value) > MAX_DEPT_USER_FIELD {
                v.push(
                    path,
                    rule::MAX_LENGTH,
                    format!("must be at most {MAX_DEPT_USER_FIELD} characters"),
                );
            }
        }
        v.finish()
    }
}

/// Answer of GetCertificateExpireDate: `{"certificateExpiration": "…"}`. The documentation
/// describes `yyyyMMdd`; the Java SDK parses `yyyyMMddHHmmss`; both are accepted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct HtCertificateExpiration {
    /// `certificateExpiration`: expiry date (`yyyyMMdd`) or time (`yyyyMMddHHmmss`).
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub certificate_expiration: String,
}

impl HtCertificateExpiration {
    /// The expiry as a time: 14 digits as given, 8 digits as the end of that day
    /// (23:59:59). `None` for anything else.
    ///
    /// ```
    /// use popbill_model::hometax::HtCertificateExpiration;
    /// let e: HtCertificateExpiration =
    ///     serde_json::from_str(r#"{"certificateExpiration":"20261231"}"#).unwrap();
    /// assert_eq!(e.expires_at().unwrap().to_string(), "20261231235959");
    /// ```
    pub fn expires_at(&self) -> Option<DateTime14> {
        parse_cert_date(&self.certificate_expiration)
    }

    /// The expiry date (the first 8 digits of either form).
    pub fn expiry_date(&self) -> Option<Date8> {
        self.expires_at().map(DateTime14::date)
    }
}

/// Parses an 8- or 14-digit certificate date (see [`HtCertificateExpiration::expires_at`]).
pub fn parse_cert_date(s: &str) -> Option<DateTime14> {
    let s = s.trim();
    match s.len() {
        14 => DateTime14::parse(s).ok(),
        8 => Date8::parse(s)
            .ok()
            .and_then(|d| DateTime14::new(d, 23, 59, 59)),
        _ => None,
    }
}

/// Answer of GetFlatRateState (`FlatRateState`, 정액제 서비스 상태).
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct FlatRateState {
    /// `referenceID`: the member's business number.
    #[serde(
        rename = "referenceID",
        deserialize_with = "lenient::string_or_default"
    )]
    pub reference_id: String,
    /// `contractDT`: start of the contract, `yyyyMMddHHmmss`.
    #[serde(rename = "contractDT", deserialize_with = "lenient::string_or_default")]
    pub contract_dt: String,
    /// `useEndDate`: last day of use, `yyyyMMdd`.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub use_end_date: String,
    /// `baseDate`: auto-renewal payment day (5, 15 or 25).
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub base_date: i64,
    /// `state`: 1 in use, 2 terminated.
    pub state: Option<FlatRateStateCode>,
    /// `closeRequestYN`: termination requested.
    #[serde(
        rename = "closeRequestYN",
        deserialize_with = "lenient::bool_or_default"
    )]
    pub close_request_yn: bool,
    /// `useRestrictYN`: usage restricted.
    #[serde(
        rename = "useRestrictYN",
        deserialize_with = "lenient::bool_or_default"
    )]
    pub use_restrict_yn: bool,
    /// `closeOnExpired`: terminates at expiry.
    #[serde(deserialize_with = "lenient::bool_or_default")]
    pub close_on_expired: bool,
    /// `unPaidYN`: has an unpaid balance.
    #[serde(rename = "unPaidYN", deserialize_with = "lenient::bool_or_default")]
    pub un_paid_yn: bool,
}

impl FlatRateState {
    /// The last day of use, when it parses.
    pub fn use_end(&self) -> Option<Date8> {
        Date8::parse(self.use_end_date.trim()).ok()
    }

    /// True when the contract is in use (state 1) and not restricted.
    pub fn is_active(&self) -> bool {
        self.state == Some(FlatRateStateCode::InUse) && !self.use_restrict_yn
    }
}
