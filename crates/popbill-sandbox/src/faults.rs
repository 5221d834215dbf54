//! Fault injection (off by default). A rule matches requests by path glob and optional verb
//! (the method or the `X-HTTP-Method-Override` value) and then, with a probability and/or for a
//! limited number of times, answers 5xx, adds latency, drops the connection before processing,
//! or drops it after the change was committed (the case that tempts clients into issuing twice).
//!
//! Set at start with `--fault SPEC` / [`crate::SandboxBuilder::fault`], or at run time with
//! [`crate::SandboxHandle::faults`] or `POST /__control/faults`.
//!
//! One fault concerns the webhooks the sandbox sends rather than requests it answers: with
//! [`Faults::set_webhook_duplicate_rate`] (`--webhook-duplicate-rate`,
//! [`crate::SandboxBuilder::webhook_duplicate_rate`]) a delivered webhook is sent once more
//! with the same `Pb-Webhook-MID`, as a retry after a lost acknowledgement would.

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What a matching rule does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultAction {
    /// Answer this status (500-599) with the error shape, without processing.
    Status {
        /// HTTP status, e.g. 503.
        status: u16,
    },
    /// Wait this long before processing (adds up over matching rules).
    Latency {
        /// Milliseconds.
        ms: u64,
    },
    /// Close the connection without processing or answering.
    DropBefore,
    /// Process and commit the request, then close the connection without answering.
    DropAfterCommit,
}

/// One fault rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// Path glob, `*` matches any run of characters, case-insensitive (`/Taxinvoice*`, `*`).
    pub route: String,
    /// Effective verb to match (`GET`, `POST`, `ISSUE`, `BULKISSUE`, ...); `None` = any.
    #[serde(default)]
    pub verb: Option<String>,
    /// What to do.
    pub action: FaultAction,
    /// Probability that a matching request is hit, 0.0-1.0 (default 1.0).
    #[serde(default = "one")]
    pub rate: f64,
    /// Hit at most this many requests, then the rule is spent (`None` = unlimited).
    #[serde(default)]
    pub count: Option<u32>,
}

fn one() -> f64 {
    1.0
}

impl FaultRule {
    /// A rule that always fires on `route` (any verb).
    pub fn new(route: impl Into<String>, action: FaultAction) -> Self {
        FaultRule {
            route: route.into(),
            verb: None,
            action,
            rate: 1.0,
            count: None,
        }
    }

    /// Restricts the rule to one verb.
    pub fn verb(mut self, verb: impl Into<String>) -> Self {
        self.verb = Some(verb.into());
        self
    }

    /// Fires with this probability.
    pub fn rate(mut self, rate: f64) -> Self {
        self.rate = rate;
        self
    }

    /// Fires for the next `n` matching requests only.
    pub fn times(mut self, n: u32) -> Self {
        self.count = Some(n);
        self
    }

    /// Parses the `--fault` syntax: `[VERB ]ROUTE=ACTION[,rate=R][,count=N]` with ACTION one of
    /// `5xx` (503), `status:CODE`, `latency:MS`, `drop-before`, `drop-after`.
    /// Example: `ISSUE /Taxinvoice=drop-after,count=1`.
    pub fn parse(spec: &str) -> Result<FaultRule, String> {
        let (lhs, rhs) = spec
            .split_once('=')
            .ok_or_else(|| format!("fault {spec:?}: expected ROUTE=ACTION"))?;
        let lhs = lhs.trim();
        let (verb, route) = match lhs.split_once(' ') {
            Some((v, r)) => (Some(v.trim().to_ascii_uppercase()), r.trim().to_owned()),
            None => (None, lhs.to_owned()),
        };
        if route.is_empty() {
            return Err(format!("fault {spec:?}: empty route"));
        }
        let mut items = rhs.split(',');
        let action_text = items.next().unwrap_or("").trim().to_ascii_lowercase();
        let action = match action_text.as_str() {
            "5xx" => FaultAction::Status { status: 503 },
            "drop-before" | "drop_before" => FaultAction::DropBefore,
            "drop-after" | "drop_after" | "drop-after-commit" => FaultAction::DropAfterCommit,
            other => {
                if let Some(code) = other.strip_prefix("status:") {
                    let status: u16 = code
                        .parse()
                        .map_err(|_| format!("fault {spec:?}: bad status {code:?}"))?;
                    if !(500..=599).contains(&status) {
                        return Err(format!("fault {spec:?}: status must be 500-599"));
                    }
                    FaultAction::Status { status }
                } else if let Some(ms) = other.strip_prefix("latency:") {
                    let ms = ms.trim_end_matches("ms");
                    FaultAction::Latency {
                        ms: ms
                            .parse()
                            .map_err(|_| format!("fault {spec:?}: bad latency {ms:?}"))?,
                    }
                } else {
                    return Err(format!("fault {spec:?}: unknown action {other:?}"));
                }
            }
        };
        let mut rule = FaultRule {
            route,
            verb,
            action,
            rate: 1.0,
            count: None,
        };
        rule.check()?;
        for item in items {
            let (k, v) = item
                .split_once('=')
                .ok_or_else(|| format!("fault {spec:?}: expected key=value, got {item:?}"))?;
            match k.trim() {
                "rate" => {
                    rule.rate = v
                        .trim()
                        .parse()
                        .ok()
                        .filter(|r: &f64| (0.0..=1.0).contains(r))
                        .ok_or_else(|| format!("fault {spec:?}: rate must be 0..1"))?
                }
                "count" => {
                    rule.count = Some(
                        v.trim()
                            .parse()
                            .map_err(|_| format!("fault {spec:?}: bad count {v:?}"))?,
                    )
                }
                other => return Err(format!("fault {spec:?}: unknown option {other:?}")),
            }
        }
        Ok(rule)
    }

    /// Checks the rule: a 500-599 status, a rate within 0..=1, a non-empty route.
    pub fn check(&self) -> Result<(), String> {
        if self.route.is_empty() {
            return Err("fault rule: empty route".into());
        }
        if !(0.0..=1.0).contains(&self.rate) {
            return Err(format!("fault rule {}: rate must be 0..1", self.route));
        }
        if let FaultAction::Status { status } = self.action {
            if !(500..=599).contains(&status) {
                return Err(format!("fault rule {}: status must be 500-599", self.route));
            }
        }
        Ok(())
    }

    fn matches(&self, verb: &str, path: &str) -> bool {
        self.verb
            .as_deref()
            .is_none_or(|v| v.eq_ignore_ascii_case(verb))
            && glob(&self.route.to_ascii_lowercase(), &path.to_ascii_lowercase())
    }
}

fn glob(pat: &str, s: &str) -> bool {
    let (p, t) = (pat.as_bytes(), s.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(sp) = star {
            pi = sp + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// What to do with one request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Decision {
    pub latency: Duration,
    pub action: Option<FaultAction>,
}

/// The live set of rules.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<(u64, FaultRule)>>,
    next_id: std::sync::atomic::AtomicU64,
    /// Bits of the `f64` webhook duplicate rate (0.0 by default).
    webhook_duplicates: std::sync::atomic::AtomicU64,
}

impl Faults {
    pub(crate) fn with_rules(rules: Vec<FaultRule>) -> Self {
        let f = Faults::default();
        for r in rules {
            f.add(r);
        }
        f
    }

    /// Adds a rule; returns its id.
    pub fn add(&self, rule: FaultRule) -> u64 {
        let id = self
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        self.lock().push((id, rule));
        id
    }

    /// Removes one rule.
    pub fn remove(&self, id: u64) -> bool {
        let mut rules = self.lock();
        let before = rules.len();
        rules.retain(|(i, _)| *i != id);
        rules.len() != before
    }

    /// Removes every rule.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The rules with their ids (spent rules are removed).
    pub fn list(&self) -> Vec<(u64, FaultRule)> {
        self.lock().clone()
    }

    /// Probability (0.0-1.0, clamped; NaN counts as 0) that a delivered webhook is delivered
    /// again with the same `Pb-Webhook-MID`.
    pub fn set_webhook_duplicate_rate(&self, rate: f64) {
        let rate = if rate.is_nan() {
            0.0
        } else {
            rate.clamp(0.0, 1.0)
        };
        self.webhook_duplicates
            .store(rate.to_bits(), std::sync::atomic::Ordering::SeqCst);
    }

    /// The webhook duplicate rate in effect.
    pub fn webhook_duplicate_rate(&self) -> f64 {
        f64::from_bits(
            self.webhook_duplicates
                .load(std::sync::atomic::Ordering::SeqCst),
        )
    }

    /// Whether to deliver this webhook once more (draws against the duplicate rate).
    pub(crate) fn duplicate_webhook(&self) -> bool {
        let rate = self.webhook_duplicate_rate();
        rate > 0.0 && (rate >= 1.0 || fastrand::f64() < rate)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(u64, FaultRule)>> {
        self.rules.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Evaluates the rules for one request (consuming counts of rules that fire).
    pub(crate) fn decide(&self, verb: &str, path: &str) -> Decision {
        let mut d = Decision::default();
        let mut rules = self.lock();
        for (_, rule) in rules.iter_mut() {
            if !rule.matches(verb, path) || rule.count == Some(0) {
                continue;
            }
            let is_latency = matches!(rule.action, FaultAction::Latency { .. });
            if !is_latency && d.action.is_some() {
                continue;
            }
            if rule.rate < 1.0 && fastrand::f64() >= rule.rate {
                continue;
            }
            if let Some(c) = rule.count.as_mut() {
                *c -= 1;
            }
            match &rule.action {
                // Saturating: rules come from the network (`POST /__control/faults`).
                FaultAction::Latency { ms } => {
                    d.latency = d.latency.saturating_add(Duration::from_millis(*ms));
                }
                other => d.action = Some(other.clone()),
            }
        }
        rules.retain(|(_, r)| r.count != Some(0));
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_specs() {
        let r = FaultRule::parse("ISSUE /Taxinvoice=drop-after,count=1").expect("parses");
        assert_eq!(r.verb.as_deref(), Some("ISSUE"));
        assert_eq!(r.route, "/Taxinvoice");
        assert_eq!(r.action, FaultAction::DropAfterCommit);
        assert_eq!(r.count, Some(1));
        let r = FaultRule::parse("/Taxinvoice*=5xx,rate=0.25").expect("parses");
        assert_eq!(r.action, FaultAction::Status { status: 503 });
        assert_eq!(r.rate, 0.25);
        let r = FaultRule::parse("*=latency:150ms").expect("parses");
        assert_eq!(r.action, FaultAction::Latency { ms: 150 });
        assert!(FaultRule::parse("/x=status:404").is_err());
        assert!(FaultRule::parse("/x=explode").is_err());
        assert!(FaultRule::parse("/x").is_err());
        assert!(FaultRule::parse("/x=5xx,rate=2").is_err());
        assert!(
            FaultRule::new("/x", FaultAction::Status { status: 200 })
                .check()
                .is_err()
        );
        assert!(
            FaultRule::new("/x", FaultAction::DropBefore)
                .rate(1.5)
                .check()
                .is_err()
        );
        assert!(
            FaultRule::new("/x", FaultAction::DropBefore)
                .check()
                .is_ok()
        );
    }

    #[test]
    fn glob_matching() {
        assert!(glob("/taxinvoice*", "/taxinvoice/sell/a"));
        assert!(glob("*", "/anything"));
        assert!(glob("/taxinvoice", "/taxinvoice"));
        assert!(!glob("/taxinvoice", "/taxinvoice/sell"));
        assert!(glob("/taxinvoice/*/logs", "/taxinvoice/sell/k1/logs"));
        assert!(!glob("/join*", "/taxinvoice"));
    }

    #[test]
    fn counted_rules_are_spent_and_verbs_filter() {
        let f = Faults::default();
        f.add(
            FaultRule::new("/Taxinvoice", FaultAction::DropBefore)
                .verb("ISSUE")
                .times(2),
        );
        f.add(FaultRule::new("*", FaultAction::Latency { ms: 5 }));
        assert_eq!(f.decide("GET", "/Taxinvoice").action, None);
        let d = f.decide("ISSUE", "/Taxinvoice");
        assert_eq!(d.action, Some(FaultAction::DropBefore));
        assert_eq!(d.latency, Duration::from_millis(5));
        assert_eq!(
            f.decide("issue", "/taxinvoice").action,
            Some(FaultAction::DropBefore)
        );
        assert_eq!(f.decide("ISSUE", "/Taxinvoice").action, None);
        assert_eq!(f.list().len(), 1);
        f.clear();
        assert_eq!(f.decide("ISSUE", "/Taxinvoice"), Decision::default());
    }

    #[test]
    fn huge_latencies_saturate_instead_of_overflowing() {
        // Rules come from `POST /__control/faults`: 1,001 maximal latencies overflow a sum.
        let f = Faults::default();
        for _ in 0..1001 {
            f.add(FaultRule::new("*", FaultAction::Latency { ms: u64::MAX }));
        }
        assert_eq!(f.decide("GET", "/x").latency, Duration::MAX);
    }

    #[test]
    fn zero_rate_never_fires() {
        let f = Faults::default();
        f.add(FaultRule::new("*", FaultAction::Status { status: 500 }).rate(0.0));
        for _ in 0..50 {
            assert_eq!(f.decide("GET", "/x").action, None);
        }
    }
}
