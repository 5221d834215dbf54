//! HomeTax credentials as the simulated HomeTax sees them.
//!
//! A department user is registered per service (tax invoices, cash receipts); the joint
//! certificate once per member, through the certificate popup page. The simulated HomeTax
//! decides whether a department user logs in by convention, so tests and the official SDKs can
//! provoke every documented failure:
//!
//! | department user | login result |
//! |---|---|
//! | password containing `wrong` (any case) | -11100001 HomeTax login failed |
//! | ID starting with `nosvc` | -11100023 / -11100024 not registered for this HomeTax service |
//! | ID starting with `secauth` without a `secAuth` value | -11100021 department user validation failed |
//! | ID starting with `other` | refused at registration: -11100022 another business number |
//! | anything else | logs in (department users may log in several times at once) |
//!
//! A certificate logs in until its expiry date (inclusive, Korean date); two collection jobs
//! of one member running at the same time on the certificate alone make the later one fail
//! with -11100008 (HomeTax blocks duplicate certificate logins).

use popbill_model::Date8;
use popbill_model::hometax::error_code as ht;
use serde::{Deserialize, Serialize};

use super::ledger::HtKind;

/// A registered department user: what the simulated HomeTax makes of its ID, password and
/// `secAuth` (the table above), decided at registration. The ID and password themselves are
/// not kept, so they reach neither the state file nor a log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DeptUser {
    pub login: DeptLogin,
}

/// How a registered department user's HomeTax login ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum DeptLogin {
    /// Logs in.
    Works,
    /// The password contains `wrong`.
    WrongPassword,
    /// The ID starts with `nosvc`.
    NotInService,
    /// The ID starts with `secauth` and no `secAuth` was given.
    MissingSecAuth,
}

impl DeptUser {
    /// The department user registered with these values.
    pub(crate) fn new(id: &str, pwd: &str, sec_auth: Option<&str>) -> DeptUser {
        let id = id.to_ascii_lowercase();
        let login = if pwd.to_ascii_lowercase().contains("wrong") {
            DeptLogin::WrongPassword
        } else if id.starts_with("nosvc") {
            DeptLogin::NotInService
        } else if id.starts_with("secauth") && sec_auth.is_none_or(|s| s.trim().is_empty()) {
            DeptLogin::MissingSecAuth
        } else {
            DeptLogin::Works
        };
        DeptUser { login }
    }
}

/// A registered joint certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Cert {
    pub expires: Date8,
}

/// A flat-rate contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FlatRate {
    pub contract_dt: String,
    pub use_end: Date8,
    pub base_date: i64,
    pub close_on_expired: bool,
}

/// Which credential a login used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Via {
    DeptUser,
    Cert,
}

/// A failed login: code and reason.
pub(crate) type LoginError = (i64, String);

/// Code for "no department user of this service".
pub(crate) fn not_registered(kind: HtKind) -> i64 {
    match kind {
        HtKind::Taxinvoice => ht::DEPT_USER_NOT_REGISTERED_TAXINVOICE,
        HtKind::Cashbill => ht::DEPT_USER_NOT_REGISTERED_CASHBILL,
    }
}

/// Whether HomeTax accepts this department user for `kind`.
pub(crate) fn dept_login(kind: HtKind, u: &DeptUser) -> Result<(), LoginError> {
    match u.login {
        DeptLogin::Works => Ok(()),
        DeptLogin::WrongPassword => Err((
            ht::LOGIN_FAILED,
            "홈택스 로그인에 실패하였습니다. (부서사용자 비밀번호 불일치)".into(),
        )),
        DeptLogin::NotInService => Err((
            not_registered(kind),
            "부서사용자가 홈택스 서비스에 등록되어 있지 않습니다.".into(),
        )),
        DeptLogin::MissingSecAuth => Err((
            ht::DEPT_USER_INVALID,
            "부서사용자 검증에 실패하였습니다. (secAuth 누락)".into(),
        )),
    }
}

/// Whether HomeTax accepts the certificate today.
pub(crate) fn cert_login(c: &Cert, today: Date8) -> Result<(), LoginError> {
    if c.expires < today {
        return Err((
            ht::LOGIN_FAILED,
            format!(
                "홈택스 로그인에 실패하였습니다. (인증서 만료: {})",
                c.expires
            ),
        ));
    }
    Ok(())
}
