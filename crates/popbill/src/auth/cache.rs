//! The session-token cache: lazy, keyed, single-flight, refreshed a margin before expiry.
//!
//! * Key: (ServiceID, CorpNum, scope set). Several [`crate::Popbill`] clients never share a
//!   cache, so different configurations cannot see each other's tokens.
//! * Each key has a slot with the current token behind a short `std` lock (never held across
//!   an await) and an async mutex that serialises refreshes: of 100 concurrent callers that
//!   find no usable token, one fetches and the others wait, then reuse its result.
//! * A token is used until `refresh_at = expiration - margin - jitter`; the jitter (random,
//!   up to the configured bound) is drawn once per token.
//! * Failures are not cached: the next caller tries again. The callers that were already
//!   waiting for the failed fetch share its error instead of each sending its own token
//!   request right behind it (an outage of Linkhub would otherwise meet one request per
//!   waiting call, one after another).
//! * [`TokenCache::invalidate_token`] drops a token the API reported as expired, but only if it
//!   is still the current one (a fresh token fetched meanwhile by another task survives).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use popbill_model::CorpNum;
use popbill_transport::HeaderText;

use crate::error::Error;

/// A Linkhub session token. `Debug` prints `***`; there is no `Display`.
///
/// Held as its whole `Authorization` value, built once per token, so each request shares
/// it instead of formatting a copy.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SessionToken {
    /// `Bearer <token>`.
    bearer: HeaderText,
}

const BEARER_PREFIX: &str = "Bearer ";

impl SessionToken {
    pub(crate) fn new(token: &str) -> Self {
        SessionToken {
            bearer: HeaderText::from(format!("{BEARER_PREFIX}{token}")),
        }
    }

    /// The token text.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn expose(&self) -> &str {
        self.bearer
            .as_str()
            .strip_prefix(BEARER_PREFIX)
            .unwrap_or_default()
    }

    /// The `Authorization` header value, shared.
    pub(crate) fn authorization(&self) -> HeaderText {
        self.bearer.clone()
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(***)")
    }
}

/// What identifies a token.
#[derive(Clone, Debug)]
pub(crate) struct TokenKey {
    pub(crate) service_id: &'static str,
    pub(crate) corp_num: CorpNum,
    pub(crate) scopes: &'static [&'static str],
}

impl PartialEq for TokenKey {
    fn eq(&self, other: &Self) -> bool {
        // The texts are static tables: the same address is the usual case and settles it
        // without comparing strings.
        self.corp_num == other.corp_num
            && (std::ptr::eq(self.service_id, other.service_id)
                || self.service_id == other.service_id)
            && (std::ptr::eq(self.scopes, other.scopes) || self.scopes == other.scopes)
    }
}

impl Eq for TokenKey {}

impl Hash for TokenKey {
    /// Only the business number: a client holds tokens of one environment, and a member
    /// rarely has more than a few scope sets, so equal numbers colliding costs nothing,
    /// while hashing the scope texts on every call would.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.corp_num.hash(state);
    }
}

/// A token with the time (Unix seconds, corrected clock) from which it should be renewed.
#[derive(Clone, Debug)]
pub(crate) struct CachedToken {
    pub(crate) token: SessionToken,
    pub(crate) refresh_at: i64,
}

impl CachedToken {
    /// Computes `refresh_at` for a token issued at `now` and expiring at `expires_at`
    /// (`None`: unknown), given the margin and the jitter bound.
    pub(crate) fn new(
        token: SessionToken,
        now: i64,
        expires_at: Option<i64>,
        margin: Duration,
        jitter_bound: Duration,
    ) -> Self {
        let refresh_at = match expires_at {
            // Saturating: `now` comes from the configured clock, which may be far off.
            None => now.saturating_add(UNKNOWN_EXPIRY_LIFETIME),
            Some(exp) => {
                let jitter = fastrand::u64(0..=jitter_bound.as_secs());
                let margin =
                    i64::try_from(margin.as_secs().saturating_add(jitter)).unwrap_or(i64::MAX);
                let at = exp.saturating_sub(margin);
                if at > now {
                    at
                } else {
                    // A lifetime shorter than the margin: use half of what is left rather
                    // than renewing on every call.
                    now.saturating_add(exp.saturating_sub(now).max(0) / 2)
                }
            }
        };
        CachedToken { token, refresh_at }
    }

    fn usable(&self, now: i64) -> bool {
        now < self.refresh_at
    }
}

/// Seconds a token without a readable `expiration` is used before it is renewed.
const UNKNOWN_EXPIRY_LIFETIME: i64 = 60;

#[derive(Default)]
struct Slot {
    current: RwLock<Option<CachedToken>>,
    refresh: tokio::sync::Mutex<()>,
    /// Token fetches finished for this key, successful or not (changed under `refresh`).
    fetches: AtomicU64,
    /// The error of the last fetch, with its number in `fetches`, while it is the last one:
    /// for the callers that waited for it.
    failure: Mutex<Option<(u64, Error)>>,
}

impl Slot {
    fn usable(&self, now: i64) -> Option<SessionToken> {
        let guard = self.current.read().unwrap_or_else(PoisonError::into_inner);
        guard
            .as_ref()
            .filter(|t| t.usable(now))
            .map(|t| t.token.clone())
    }
}

/// Tokens of one client. Keys are hashed with foldhash rather than SipHash: they are chosen
/// by the application, not by a peer, and the lookup runs on every call.
#[derive(Default)]
pub(crate) struct TokenCache {
    /// A read-write lock: the per-call lookup only reads, so concurrent calls on several
    /// worker threads never wait for each other; writing happens once per new key.
    slots: RwLock<HashMap<TokenKey, Arc<Slot>, foldhash::fast::RandomState>>,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.slots.read().map(|m| m.len()).unwrap_or(0);
        f.debug_struct("TokenCache").field("keys", &n).finish()
    }
}

impl TokenCache {
    fn slot(&self, key: &TokenKey) -> Arc<Slot> {
        if let Some(s) = self.existing(key) {
            return s;
        }
        let mut map = self.slots.write().unwrap_or_else(PoisonError::into_inner);
        // Another task may have added it between the two locks.
        Arc::clone(map.entry(key.clone()).or_default())
    }

    fn existing(&self, key: &TokenKey) -> Option<Arc<Slot>> {
        let map = self.slots.read().unwrap_or_else(PoisonError::into_inner);
        map.get(key).cloned()
    }

    /// The usable cached token for `key`, if any (never waits, never fetches).
    pub(crate) fn cached(&self, key: &TokenKey, now: i64) -> Option<SessionToken> {
        // The slot's read lock is taken under the map's read lock: both are short and never
        // held across an await, and it saves cloning and dropping the slot's `Arc`.
        let map = self.slots.read().unwrap_or_else(PoisonError::into_inner);
        map.get(key)?.usable(now)
    }

    /// The usable token for `key`, fetching one with `fetch` when there is none. `now` gives
    /// the current (corrected) Unix time; it is called again after waiting for another
    /// task's refresh.
    pub(crate) async fn get_or_fetch<N, F, Fut>(
        &self,
        key: &TokenKey,
        now: N,
        fetch: F,
    ) -> Result<SessionToken, Error>
    where
        N: Fn() -> i64,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<CachedToken, Error>>,
    {
        let slot = self.slot(key);
        if let Some(t) = slot.usable(now()) {
            return Ok(t);
        }
        let before_waiting = slot.fetches.load(Ordering::Acquire);
        let _single_flight = slot.refresh.lock().await;
        if let Some(t) = slot.usable(now()) {
            return Ok(t);
        }
        let finished = slot.fetches.load(Ordering::Acquire);
        if finished != before_waiting {
            // A fetch ended while this caller waited and left no usable token: if it failed,
            // its error answers this caller too.
            let failure = slot.failure.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((n, e)) = failure.as_ref().filter(|(n, _)| *n == finished) {
                tracing::debug!(
                    fetch = n,
                    "sharing the failed token fetch this call waited for"
                );
                return Err(e.clone());
            }
        }
        let result = fetch().await;
        let number = finished.saturating_add(1);
        let outcome = match result {
            Ok(fresh) => {
                let token = fresh.token.clone();
                *slot.current.write().unwrap_or_else(PoisonError::into_inner) = Some(fresh);
                *slot.failure.lock().unwrap_or_else(PoisonError::into_inner) = None;
                Ok(token)
            }
            Err(e) => {
                *slot.failure.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some((number, e.clone()));
                Err(e)
            }
        };
        slot.fetches.store(number, Ordering::Release);
        outcome
    }

    /// Drops the token of `key` if it is still `token`.
    pub(crate) fn invalidate_token(&self, key: &TokenKey, token: &SessionToken) {
        if let Some(slot) = self.existing(key) {
            let mut cur = slot.current.write().unwrap_or_else(PoisonError::into_inner);
            if cur.as_ref().is_some_and(|c| &c.token == token) {
                *cur = None;
            }
        }
    }

    /// Drops the token of `key`, whatever it is.
    #[allow(dead_code)] // part of the cache's API; the pipeline uses `invalidate_token`
    pub(crate) fn invalidate(&self, key: &TokenKey) {
        if let Some(slot) = self.existing(key) {
            *slot.current.write().unwrap_or_else(PoisonError::into_inner) = None;
        }
    }

    /// Drops every token of a business number (all services and scope sets).
    pub(crate) fn invalidate_corp(&self, corp_num: &str) {
        let slots: Vec<Arc<Slot>> = {
            let map = self.slots.read().unwrap_or_else(PoisonError::into_inner);
            map.iter()
                .filter(|(k, _)| k.corp_num.as_str() == corp_num)
                .map(|(_, s)| Arc::clone(s))
                .collect()
        };
        for slot in slots {
            *slot.current.write().unwrap_or_else(PoisonError::into_inner) = None;
        }
    }

    /// Whether a usable token is cached for `key` (tests and diagnostics).
    #[cfg(test)]
    pub(crate) fn has_usable(&self, key: &TokenKey, now: i64) -> bool {
        self.slot(key).usable(now).is_some()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::error::{AuthError, ErrorCode};
    use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};

    fn key(corp: &str) -> TokenKey {
        TokenKey {
            service_id: "POPBILL_TEST",
            corp_num: CorpNum::parse_unchecked(corp).unwrap(),
            scopes: &["member", "110"],
        }
    }

    fn token(name: &str, now: i64, exp: i64) -> CachedToken {
        CachedToken::new(
            SessionToken::new(name),
            now,
            Some(exp),
            Duration::from_secs(60),
            Duration::ZERO,
        )
    }

    #[test]
    fn keys_compare_by_content_and_hash_by_business_number() {
        use std::hash::BuildHasher;
        // Equal texts at different addresses are the same key.
        let scopes: &'static [&'static str] = Box::leak(vec!["member", "110"].into_boxed_slice());
        let service: &'static str = Box::leak(String::from("POPBILL_TEST").into_boxed_str());
        let copy = TokenKey {
            service_id: service,
            corp_num: CorpNum::parse_unchecked("1234567890").unwrap(),
            scopes,
        };
        let k = key("1234567890");
        assert!(!std::ptr::eq(copy.scopes, k.scopes));
        assert_eq!(copy, k);
        let hasher = foldhash::fast::RandomState::default();
        assert_eq!(hasher.hash_one(&copy), hasher.hash_one(&k));
        // Any part differing makes another key.
        assert_ne!(
            TokenKey {
                scopes: &["member", "140"],
                ..k.clone()
            },
            k
        );
        assert_ne!(
            TokenKey {
                service_id: "POPBILL",
                ..k.clone()
            },
            k
        );
        assert_ne!(key("9999999999"), k);
        // And the cache finds the token under either.
        let cache = TokenCache::default();
        *cache.slot(&k).current.write().unwrap() = Some(token("t", 0, 9000));
        assert!(cache.cached(&copy, 10).is_some());
    }

    #[test]
    fn refresh_time_rules() {
        assert_eq!(token("a", 1000, 2800).refresh_at, 2740);
        // Lifetime below the margin: half of what is left.
        assert_eq!(token("a", 1000, 1040).refresh_at, 1020);
        let unknown = CachedToken::new(
            SessionToken::new("a"),
            1000,
            None,
            Duration::from_secs(60),
            Duration::ZERO,
        );
        assert_eq!(unknown.refresh_at, 1060);
        let jittered = CachedToken::new(
            SessionToken::new("a"),
            1000,
            Some(2800),
            Duration::from_secs(60),
            Duration::from_secs(10),
        );
        assert!((2730..=2740).contains(&jittered.refresh_at));
        assert_eq!(
            format!("{:?}", SessionToken::new("secret")),
            "SessionToken(***)"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn single_flight_and_reuse() {
        let cache = Arc::new(TokenCache::default());
        let fetches = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..100 {
            let cache = Arc::clone(&cache);
            let fetches = Arc::clone(&fetches);
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_fetch(
                        &key("1234567890"),
                        || 1000,
                        || async {
                            fetches.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            Ok(token("t1", 1000, 2800))
                        },
                    )
                    .await
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap().expose(), "t1");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn waiters_share_a_failed_fetch_and_the_next_caller_tries_again() {
        let cache = Arc::new(TokenCache::default());
        let fetches = Arc::new(AtomicUsize::new(0));
        let entered = Arc::new(AtomicUsize::new(0));
        // The first fetch is held until every caller waits for it.
        let gate = Arc::new(tokio::sync::Semaphore::new(0));
        let call = |cache: Arc<TokenCache>| {
            let (fetches, entered, gate) = (fetches.clone(), entered.clone(), gate.clone());
            async move {
                // No await between counting and entering `get_or_fetch`: once all are
                // counted, all have looked at the slot.
                entered.fetch_add(1, Ordering::SeqCst);
                cache
                    .get_or_fetch(
                        &key("1234567890"),
                        || 1000,
                        || async move {
                            let n = fetches.fetch_add(1, Ordering::SeqCst);
                            if n == 0 {
                                let _permit = gate.acquire().await;
                            }
                            Err::<CachedToken, _>(Error::Auth(AuthError::rejected(
                                503,
                                Some(ErrorCode(-99999990 - n as i64)),
                                "outage",
                            )))
                        },
                    )
                    .await
            }
        };
        let tasks: Vec<_> = (0..100)
            .map(|_| tokio::spawn(call(Arc::clone(&cache))))
            .collect();
        while entered.load(Ordering::SeqCst) < 100 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        gate.add_permits(1);
        for t in tasks {
            let err = t.await.unwrap().unwrap_err();
            assert_eq!(err.api_code(), Some(ErrorCode(-99999990)), "{err:?}");
        }
        assert_eq!(
            fetches.load(Ordering::SeqCst),
            1,
            "one request for all waiters"
        );

        // The failure is not cached: a later caller fetches again.
        let err = call(Arc::clone(&cache)).await.unwrap_err();
        assert_eq!(err.api_code(), Some(ErrorCode(-99999991)));
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn margin_failure_and_invalidation() {
        let cache = TokenCache::default();
        let clock = AtomicI64::new(1000);
        let fetch_count = AtomicUsize::new(0);
        let fetches = &fetch_count;
        let k = key("1234567890");
        let get = |name: &'static str| {
            cache.get_or_fetch(
                &k,
                || clock.load(Ordering::SeqCst),
                move || async move {
                    fetches.fetch_add(1, Ordering::SeqCst);
                    Ok(token(name, 1000, 2800))
                },
            )
        };
        assert_eq!(get("a").await.unwrap().expose(), "a");
        clock.store(2739, Ordering::SeqCst);
        assert_eq!(
            get("b").await.unwrap().expose(),
            "a",
            "still before the margin"
        );
        clock.store(2740, Ordering::SeqCst);
        assert_eq!(
            get("c").await.unwrap().expose(),
            "c",
            "renewed at the margin"
        );
        assert_eq!(fetches.load(Ordering::SeqCst), 2);

        // Failures are not cached.
        cache.invalidate(&k);
        let failing = cache
            .get_or_fetch(
                &k,
                || 2740,
                || async {
                    Err(Error::Auth(AuthError::rejected(
                        403,
                        Some(ErrorCode(-99010007)),
                        "no",
                    )))
                },
            )
            .await;
        assert!(failing.is_err());
        assert!(!cache.has_usable(&k, 2740));
        assert_eq!(get("d").await.unwrap().expose(), "d");

        // Invalidating a stale token object leaves a newer one alone.
        cache.invalidate_token(&k, &SessionToken::new("c"));
        assert!(cache.has_usable(&k, 2000));
        cache.invalidate_token(&k, &SessionToken::new("d"));
        assert!(!cache.has_usable(&k, 2000));

        // Corp-wide invalidation covers every scope set.
        let other = TokenKey {
            scopes: &["member", "140"],
            ..key("1234567890")
        };
        let third = key("9999999999");
        for k in [&k, &other, &third] {
            cache
                .get_or_fetch(k, || 2740, || async { Ok(token("x", 2740, 9000)) })
                .await
                .unwrap();
        }
        cache.invalidate_corp("1234567890");
        assert!(!cache.has_usable(&k, 2740));
        assert!(!cache.has_usable(&other, 2740));
        assert!(cache.has_usable(&third, 2740));
    }
}
