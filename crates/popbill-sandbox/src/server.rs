//! The HTTP/1.1 server: accept loop, per-request pipeline (fault injection → session token
//! check → body read with a cap → route, on a blocking thread when the body is large → wait for
//! the state commit → answer, gzip only when asked), graceful shutdown.

use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::app::{App, Ctx};
use crate::auth;
use crate::error::{ApiError, codes};
use crate::faults::FaultAction;
use crate::http::{Reply, Req};
use crate::routes;

/// Returned to hyper to close the connection without an answer (fault injection).
#[derive(Debug)]
pub(crate) struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

type Resp = http::Response<Full<Bytes>>;

/// Longest wait for a request body once the headers arrived (headers: 30 s).
const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// Body cap of the routes that take no session token (token requests, joinMember, control):
/// their bodies are small, and whoever sends one is not authenticated yet.
const PUBLIC_MAX_BODY: usize = 64 * 1024;

/// Bodies up to this size are routed on the async worker; larger ones on a blocking thread.
const INLINE_BODY: usize = 64 * 1024;

fn is_internal(path: &str) -> bool {
    path.starts_with("/__control") || path.starts_with("/__view")
}

/// Serves until `shutdown` turns true, then lets open connections finish.
///
/// At most `cfg.max_connections` connections are open at once: each holds a permit for its
/// life. A connection beyond the cap gets one 503 answer in the error shape, written without
/// waiting (it fits a socket buffer), and is closed at once, so idle clients cannot starve a
/// real request's accept. Accept errors (out of descriptors) back off and are logged at most
/// once a second with the count of the ones not logged.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    mut shutdown: watch::Receiver<bool>,
) {
    let permits = Arc::new(tokio::sync::Semaphore::new(app.cfg.max_connections));
    let shed: Arc<[u8]> = shed_response().into();
    let shed_permits = Arc::new(tokio::sync::Semaphore::new(SHED_TASKS));
    let mut tasks = tokio::task::JoinSet::new();
    let mut warn = RateLimitedWarning::default();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let Ok(permit) = permits.clone().try_acquire_owned() else {
                        // Answer on a short-lived task of a small, separate budget (beyond it
                        // the connection is just closed): write, stop writing, and read what
                        // the client sent for a moment so closing does not reset the answer
                        // away.
                        if let Ok(p) = shed_permits.clone().try_acquire_owned() {
                            let shed = shed.clone();
                            tasks.spawn(async move {
                                shed_connection(stream, &shed).await;
                                drop(p);
                            });
                        }
                        warn.warn(|n| tracing::warn!(
                            "connection limit ({}) reached: {n} connection(s) answered 503 and closed",
                            app.cfg.max_connections
                        ));
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    let app = app.clone();
                    let sd = shutdown.clone();
                    tasks.spawn(async move {
                        connection(app, stream, peer, sd).await;
                        drop(permit);
                    });
                }
                Err(e) => {
                    warn.warn(|n| tracing::warn!("accept failed ({n} time(s)): {e}"));
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            _ = shutdown.changed() => break,
        }
        while tasks.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    tasks.abort_all();
}

/// Connections beyond the cap being answered at once; more are closed without an answer.
const SHED_TASKS: usize = 64;

/// Answers a connection beyond the cap and closes it, within about a second.
async fn shed_connection(mut stream: tokio::net::TcpStream, answer: &[u8]) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(answer).await?;
        stream.shutdown().await?;
        let mut sink = [0u8; 4096];
        let mut left: usize = 64 * 1024;
        while left > 0 {
            let n = stream.read(&mut sink).await?;
            if n == 0 {
                break;
            }
            left = left.saturating_sub(n);
        }
        Ok::<_, std::io::Error>(())
    })
    .await;
}

/// The bytes of the answer to a connection beyond the cap.
fn shed_response() -> Vec<u8> {
    let e = ApiError::new(
        http::StatusCode::SERVICE_UNAVAILABLE,
        codes::TOO_MANY_CONNECTIONS,
        "동시 연결이 너무 많습니다. (connection limit reached; retry later)",
    );
    let body = serde_json::to_vec(&e.body()).unwrap_or_default();
    let mut out = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(&body);
    out
}

/// A warning logged at most once per second, with how many times it happened meanwhile.
#[derive(Default)]
struct RateLimitedWarning {
    last: Option<std::time::Instant>,
    pending: u64,
}

impl RateLimitedWarning {
    fn warn(&mut self, log: impl FnOnce(u64)) {
        self.pending += 1;
        let now = std::time::Instant::now();
        if self
            .last
            .is_none_or(|t| now.duration_since(t) >= Duration::from_secs(1))
        {
            log(self.pending);
            self.pending = 0;
            self.last = Some(now);
        }
    }
}

async fn connection(
    app: Arc<App>,
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    mut shutdown: watch::Receiver<bool>,
) {
    let io = TokioIo::new(stream);
    let svc = service_fn(move |req| {
        let app = app.clone();
        async move { handle(app, req, peer).await }
    });
    // Errors hyper answers itself, before this service runs (request line or URI over the
    // buffer, a header block too large, a malformed request line), come with an empty body:
    // hyper 1 offers no hook to shape them. docs/reliability.md lists them.
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
        .keep_alive(true)
        .serve_connection(io, svc);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = shutdown.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// Runs the route, turning a panic into the documented 500 answer.
fn run_route(app: &App, r: &Req, ctx: &mut Ctx) -> Result<Reply, ApiError> {
    std::panic::catch_unwind(AssertUnwindSafe(|| routes::dispatch(app, r, ctx))).unwrap_or_else(
        |_| {
            Err(ApiError::new(
                http::StatusCode::INTERNAL_SERVER_ERROR,
                codes::INTERNAL,
                "internal error (handler panicked)",
            ))
        },
    )
}

fn error_response(e: &ApiError, accept: Option<&str>) -> Resp {
    Reply::error(e).into_response(accept)
}

async fn handle(
    app: Arc<App>,
    req: http::Request<Incoming>,
    peer: SocketAddr,
) -> Result<Resp, Dropped> {
    let (parts, body) = req.into_parts();
    let accept = parts
        .headers
        .get(http::header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let accept = accept.as_deref();
    let path = parts.uri.path().to_owned();
    let verb = parts
        .headers
        .get("x-http-method-override")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_ascii_uppercase)
        .unwrap_or_else(|| parts.method.as_str().to_owned());

    let mut drop_after = false;
    if !is_internal(&path) {
        let d = app.faults.decide(&verb, &path);
        if !d.latency.is_zero() {
            tokio::time::sleep(d.latency).await;
        }
        match d.action {
            Some(FaultAction::DropBefore) => return Err(Dropped),
            Some(FaultAction::Status { status }) => {
                let status = http::StatusCode::from_u16(status)
                    .unwrap_or(http::StatusCode::SERVICE_UNAVAILABLE);
                let e = ApiError::new(
                    status,
                    codes::INJECTED_FAULT,
                    "일시적인 서버 오류입니다. (injected fault)",
                );
                return Ok(error_response(&e, accept));
            }
            Some(FaultAction::DropAfterCommit) => drop_after = true,
            Some(FaultAction::Latency { .. }) | None => {}
        }
    }

    // Everything before the body is read costs at most what hyper already bounded (the request
    // head); a route that needs a session token checks it before reading a body, so an
    // unauthenticated client cannot make the server read, buffer or parse one (without a body,
    // the route answers as before: 404 for an unknown path, then its own token check). Routes without a token take small
    // bodies only.
    let mut r = Req::new(parts.method, &parts.uri, parts.headers, Bytes::new(), peer);
    let mut ctx = Ctx::default();
    let public = auth::is_public(&r);
    let has_body = r
        .headers
        .get(http::header::CONTENT_LENGTH)
        .is_some_and(|v| v.as_bytes() != b"0")
        || r.headers.contains_key(http::header::TRANSFER_ENCODING);
    if !public && has_body {
        if let Err(e) = app.with(&mut ctx, |st, env| auth::bearer(st, env, &r, None)) {
            return Ok(error_response(&e, accept));
        }
    }
    let max = if public {
        app.cfg.max_body.min(PUBLIC_MAX_BODY)
    } else {
        app.cfg.max_body
    };
    let declared = r
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let too_large = || {
        ApiError::new(
            http::StatusCode::PAYLOAD_TOO_LARGE,
            codes::BODY_TOO_LARGE,
            format!("요청 본문이 너무 큽니다. (limit {max} bytes)"),
        )
    };
    if declared.is_some_and(|n| n > max as u64) {
        return Ok(error_response(&too_large(), accept));
    }
    let read = tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, max).collect()).await;
    let Ok(read) = read else {
        let e = ApiError::new(
            http::StatusCode::REQUEST_TIMEOUT,
            codes::BAD_JSON,
            format!(
                "요청 본문이 {}초 안에 도착하지 않았습니다. (body timeout)",
                BODY_TIMEOUT.as_secs()
            ),
        );
        return Ok(error_response(&e, accept));
    };
    let body = match read {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                return Ok(error_response(&too_large(), accept));
            }
            let e = ApiError::bad_request(codes::BAD_JSON, format!("could not read the body: {e}"));
            return Ok(error_response(&e, accept));
        }
    };

    r.body = body;
    // Parsing a large body (JSON, multipart) is CPU work proportional to its size: off the
    // async workers, so a few such requests cannot stall every connection.
    let (result, r, mut ctx) = if r.body.len() > INLINE_BODY {
        let app = app.clone();
        match tokio::task::spawn_blocking(move || {
            let result = run_route(&app, &r, &mut ctx);
            (result, r, ctx)
        })
        .await
        {
            Ok(done) => done,
            Err(_) => {
                let e = ApiError::new(
                    http::StatusCode::INTERNAL_SERVER_ERROR,
                    codes::INTERNAL,
                    "internal error (handler task failed)",
                );
                return Ok(error_response(&e, accept));
            }
        }
    } else {
        let result = run_route(&app, &r, &mut ctx);
        (result, r, ctx)
    };
    if let Err(e) = ctx.committed().await {
        let e = ApiError::new(
            http::StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL,
            format!("state file write failed: {e}"),
        );
        return Ok(error_response(&e, accept));
    }
    tracing::debug!(
        method = %r.method,
        verb = %r.verb,
        path = %path,
        status = result.as_ref().map(|x| x.status.as_u16()).unwrap_or_else(|e| e.status.as_u16()),
        "request"
    );
    if drop_after {
        return Err(Dropped);
    }
    Ok(match result {
        Ok(reply) => reply.into_response(accept),
        Err(e) => error_response(&e, accept),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_is_logged_once_a_second_with_the_count() {
        let mut w = RateLimitedWarning::default();
        let mut logged = Vec::new();
        for _ in 0..1_000 {
            w.warn(|n| logged.push(n));
        }
        assert_eq!(logged, vec![1], "one line for a burst");
        w.last = w.last.map(|t| t - Duration::from_secs(2));
        w.warn(|n| logged.push(n));
        assert_eq!(
            logged,
            vec![1, 1_000],
            "the next line counts the ones not logged"
        );
    }

    #[test]
    fn the_shed_answer_is_complete_http_with_the_error_shape() {
        let bytes = shed_response();
        let text = String::from_utf8(bytes).expect("utf-8");
        let (head, body) = text.split_once("\r\n\r\n").expect("head and body");
        assert!(head.starts_with("HTTP/1.1 503 "));
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let v: serde_json::Value = serde_json::from_str(body).expect("json");
        assert_eq!(v["code"], codes::TOO_MANY_CONNECTIONS);
    }
}
