//! One report on a member's HomeTax credentials: [`Popbill::hometax_health`].
//!
//! For each service it logs in with the department user (CheckLoginDeptUser) and reads the
//! flat-rate contract; for the member it reads the certificate's expiry and logs in with it
//! (CheckCertValidation). Failures are reported with POPBiLL's exact code, not raised; only a
//! failure to reach POPBiLL at all (transport, token) fails the call.

use popbill_model::hometax::{FlatRateState, error_code as ht};
use popbill_model::{CorpNum, Date8, DateTime14};

use super::HomeTaxKind;
use crate::client::Popbill;
use crate::error::{Error, ErrorCode};

/// Days before an expiry at which a [`WarningLevel::Notice`] is raised.
pub const NOTICE_DAYS: i64 = 30;
/// Days before an expiry at which a [`WarningLevel::Urgent`] is raised.
pub const URGENT_DAYS: i64 = 7;

/// Outcome of one login test.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialCheck {
    /// HomeTax accepted the credential.
    Works,
    /// No credential of this kind is registered.
    NotRegistered {
        /// The code POPBiLL answered.
        code: ErrorCode,
        /// Its message.
        message: String,
    },
    /// The credential is registered but the login failed.
    Fails {
        /// The code POPBiLL answered (e.g. -11100001).
        code: ErrorCode,
        /// Its message.
        message: String,
    },
}

impl CredentialCheck {
    /// True for [`CredentialCheck::Works`].
    pub fn works(&self) -> bool {
        matches!(self, CredentialCheck::Works)
    }

    /// The failing code, if any.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            CredentialCheck::Works => None,
            CredentialCheck::NotRegistered { code, .. } | CredentialCheck::Fails { code, .. } => {
                Some(*code)
            }
        }
    }
}

/// Which credential a service can collect with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialKind {
    /// The service's department user (recommended; needed for push collection).
    DeptUser,
    /// The member's joint certificate.
    Certificate,
}

/// Health of one HomeTax service.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ServiceHealth {
    /// The service.
    pub kind: HomeTaxKind,
    /// Login test of the department user.
    pub dept_user: CredentialCheck,
    /// The flat-rate contract, when there is one.
    pub flat_rate: Option<FlatRateState>,
    /// Days from today to the contract's last day of use (negative when past).
    pub flat_rate_days_left: Option<i64>,
}

/// How serious a warning is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum WarningLevel {
    /// Expires within [`NOTICE_DAYS`], or something to improve.
    Notice,
    /// Expires within [`URGENT_DAYS`].
    Urgent,
    /// Collection does not work now.
    Failing,
}

/// One finding of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HealthWarning {
    /// Severity.
    pub level: WarningLevel,
    /// The service concerned (`None`: the certificate, shared by both).
    pub service: Option<HomeTaxKind>,
    /// What is wrong and what to do.
    pub message: String,
    /// The POPBiLL code behind it, when there is one.
    pub code: Option<ErrorCode>,
}

/// The report of [`Popbill::hometax_health`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct HomeTaxHealth {
    /// The member.
    pub corp: CorpNum,
    /// Today in Korea, the day the day counts start from.
    pub today: Date8,
    /// HTTaxinvoice.
    pub taxinvoice: ServiceHealth,
    /// HTCashbill.
    pub cashbill: ServiceHealth,
    /// Login test of the joint certificate.
    pub certificate: CredentialCheck,
    /// The certificate's expiry, when one is registered.
    pub certificate_expires: Option<DateTime14>,
    /// Days from today to the certificate's expiry date (negative when past).
    pub certificate_days_left: Option<i64>,
    /// Findings, most serious first.
    pub warnings: Vec<HealthWarning>,
}

impl HomeTaxHealth {
    /// The credential `kind` collects with now: the department user when it works, else the
    /// certificate when it works.
    pub fn working_credential(&self, kind: HomeTaxKind) -> Option<CredentialKind> {
        let s = match kind {
            HomeTaxKind::Taxinvoice => &self.taxinvoice,
            HomeTaxKind::Cashbill => &self.cashbill,
        };
        if s.dept_user.works() {
            Some(CredentialKind::DeptUser)
        } else if self.certificate.works() {
            Some(CredentialKind::Certificate)
        } else {
            None
        }
    }

    /// True when both services have a working credential and nothing is urgent.
    pub fn is_healthy(&self) -> bool {
        self.warnings.iter().all(|w| w.level < WarningLevel::Urgent)
    }
}

/// Turns a check's answer into a [`CredentialCheck`]; non-API errors propagate.
fn classify(
    result: Result<popbill_model::Response, Error>,
    not_registered: &[i64],
) -> Result<CredentialCheck, Error> {
    match result {
        Ok(r) if r.is_success() => Ok(CredentialCheck::Works),
        Ok(r) => Ok(CredentialCheck::Fails {
            code: ErrorCode(r.code),
            message: r.message,
        }),
        Err(Error::Api(e)) => {
            let (code, message) = (e.code(), e.message().to_owned());
            if not_registered.contains(&code.value()) {
                Ok(CredentialCheck::NotRegistered { code, message })
            } else {
                Ok(CredentialCheck::Fails { code, message })
            }
        }
        Err(e) => Err(e),
    }
}

fn expiry_warning(days: i64, what: &str, service: Option<HomeTaxKind>) -> Option<HealthWarning> {
    let (level, message) = if days < 0 {
        (
            WarningLevel::Failing,
            format!("{what} expired {} day(s) ago", -days),
        )
    } else if days <= URGENT_DAYS {
        (
            WarningLevel::Urgent,
            format!("{what} expires in {days} day(s)"),
        )
    } else if days <= NOTICE_DAYS {
        (
            WarningLevel::Notice,
            format!("{what} expires in {days} day(s)"),
        )
    } else {
        return None;
    };
    Some(HealthWarning {
        level,
        service,
        message,
        code: None,
    })
}

impl Popbill {
    /// Checks every HomeTax credential of a member and reports which one works, how many
    /// days the certificate and the flat-rate contracts have left (warnings at 30 and 7
    /// days), and the exact failing code of every failed login. Makes up to 7 requests.
    pub async fn hometax_health(&self, corp: &CorpNum) -> Result<HomeTaxHealth, Error> {
        let today = super::crawl::today_kst(self);
        let mut warnings = Vec::new();
        let taxinvoice = self
            .service_health(corp, HomeTaxKind::Taxinvoice, today, &mut warnings)
            .await?;
        let cashbill = self
            .service_health(corp, HomeTaxKind::Cashbill, today, &mut warnings)
            .await?;
        let ti = self.hometax_taxinvoice();
        let (certificate, expires) = match ti.get_certificate_expire_date(corp).await {
            Ok(e) => {
                let check = classify(ti.check_cert_validation(corp).await, &[])?;
                (check, e.expires_at())
            }
            Err(Error::Api(e)) => (
                CredentialCheck::NotRegistered {
                    code: e.code(),
                    message: e.message().to_owned(),
                },
                None,
            ),
            Err(e) => return Err(e),
        };
        let cert_days = expires.map(|t| today.days_until(t.date()));
        if let Some(days) = cert_days {
            warnings.extend(expiry_warning(days, "the HomeTax certificate", None));
        }
        if let CredentialCheck::Fails { code, message } = &certificate {
            warnings.push(HealthWarning {
                level: WarningLevel::Urgent,
                service: None,
                message: format!("the certificate cannot log in to HomeTax: {message}"),
                code: Some(*code),
            });
        }
        let mut report = HomeTaxHealth {
            corp: corp.clone(),
            today,
            taxinvoice,
            cashbill,
            certificate,
            certificate_expires: expires,
            certificate_days_left: cert_days,
            warnings,
        };
        for kind in [HomeTaxKind::Taxinvoice, HomeTaxKind::Cashbill] {
            if report.working_credential(kind).is_none() {
                let s = match kind {
                    HomeTaxKind::Taxinvoice => &report.taxinvoice,
                    HomeTaxKind::Cashbill => &report.cashbill,
                };
                report.warnings.push(HealthWarning {
                    level: WarningLevel::Failing,
                    service: Some(kind),
                    message: "no working HomeTax credential: collection jobs will fail".into(),
                    code: s.dept_user.code().or(report.certificate.code()),
                });
            }
        }
        report.warnings.sort_by_key(|w| std::cmp::Reverse(w.level));
        Ok(report)
    }

    async fn service_health(
        &self,
        corp: &CorpNum,
        kind: HomeTaxKind,
        today: Date8,
        warnings: &mut Vec<HealthWarning>,
    ) -> Result<ServiceHealth, Error> {
        let svc = self.hometax(kind);
        let dept = classify(
            svc.check_login_dept_user(corp).await,
            &[
                ht::DEPT_USER_NOT_REGISTERED_TAXINVOICE,
                ht::DEPT_USER_NOT_REGISTERED_CASHBILL,
            ],
        )?;
        let flat = match svc.get_flat_rate_state(corp).await {
            Ok(f) => Some(f),
            Err(Error::Api(_)) => None,
            Err(e) => return Err(e),
        };
        let flat_days = flat
            .as_ref()
            .and_then(FlatRateState::use_end)
            .map(|d| today.days_until(d));
        let name = match kind {
            HomeTaxKind::Taxinvoice => "HTTaxinvoice",
            HomeTaxKind::Cashbill => "HTCashbill",
        };
        if let Some(days) = flat_days {
            warnings.extend(expiry_warning(
                days,
                &format!("the {name} flat-rate contract"),
                Some(kind),
            ));
        }
        match &dept {
            CredentialCheck::Fails { code, message } => warnings.push(HealthWarning {
                level: WarningLevel::Urgent,
                service: Some(kind),
                message: format!("the {name} department user cannot log in to HomeTax: {message}"),
                code: Some(*code),
            }),
            CredentialCheck::NotRegistered { code, .. } => warnings.push(HealthWarning {
                level: WarningLevel::Notice,
                service: Some(kind),
                message: format!(
                    "no {name} department user is registered (recommended; required for push collection)"
                ),
                code: Some(*code),
            }),
            CredentialCheck::Works => {}
        }
        Ok(ServiceHealth {
            kind,
            dept_user: dept,
            flat_rate: flat,
            flat_rate_days_left: flat_days,
        })
    }
}
