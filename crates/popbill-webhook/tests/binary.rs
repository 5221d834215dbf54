//! The `popbill-webhook` binary: the listening line, SIGTERM, a kill -9 in the middle of a
//! burst, `list --json`, `stats`, `forward`.

mod common;

use std::collections::{HashMap, HashSet};
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use common::{ISSUE_BODY, client, send, temp_dir, webhook};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};

const BIN: &str = env!("CARGO_BIN_EXE_popbill-webhook");

struct Server {
    child: Child,
    stdout: BufReader<ChildStdout>,
    base: String,
}

async fn serve(store: &str, extra: &[&str], env: &[(&str, &str)]) -> Server {
    let mut cmd = Command::new(BIN);
    cmd.args(["serve", "--bind", "127.0.0.1:0", "--store", store])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn popbill-webhook");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).await.expect("read line");
    let base = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    Server {
        child,
        stdout,
        base,
    }
}

async fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN).args(args).output().await.expect("run");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn terminate(child: &Child) {
    let pid = child.id().expect("pid").to_string();
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill")
        .success();
    assert!(ok);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prints_one_line_and_stops_cleanly_on_sigterm() {
    let dir = temp_dir("bin-term");
    let store = format!("sqlite:{}", dir.join("e.db").display());
    let mut s = serve(&store, &[], &[]).await;
    let c = client();
    let (status, body) = send(&c, &s.base, webhook("t-1", ISSUE_BODY))
        .await
        .expect("send");
    assert_eq!((status, body.as_str()), (200, r#"{"result":"OK"}"#));
    terminate(&s.child);
    let status = s.child.wait().await.expect("wait");
    assert!(status.success(), "exit {status:?}");
    let mut rest = String::new();
    s.stdout.read_to_string(&mut rest).await.expect("rest");
    assert_eq!(rest, "", "exactly one line on stdout");
    let (ok, out, _) = run(&["stats", "--store", &store]).await;
    assert!(ok);
    assert!(out.contains("events 1"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_burst_loses_no_acknowledged_event_and_duplicates_none() {
    let dir = temp_dir("bin-kill");
    let store = format!("sqlite:{}", dir.join("e.db").display());
    let mut s = serve(&store, &[], &[]).await;
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let c = client();
    let mut senders = Vec::new();
    for sender in 0..64 {
        let (c, base, acked) = (c.clone(), s.base.clone(), acked.clone());
        senders.push(tokio::spawn(async move {
            for n in 0.. {
                let mid = format!("k-{sender}-{n}");
                match send(&c, &base, webhook(&mid, ISSUE_BODY)).await {
                    Ok((200, body)) if body == r#"{"result":"OK"}"# => {
                        acked.lock().expect("lock").push(mid)
                    }
                    Ok(_) | Err(_) => return,
                }
            }
        }));
    }
    // Let the burst run until a good number were acknowledged, then kill -9.
    loop {
        if acked.lock().expect("lock").len() >= 400 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    s.child.start_kill().expect("SIGKILL");
    let _ = s.child.wait().await;
    for t in senders {
        t.await.expect("sender");
    }
    let acked: Vec<String> = acked.lock().expect("lock").clone();
    assert!(acked.len() >= 400);

    // Restart on the same store; redeliver a few acknowledged ones (POPBiLL retries).
    let mut s2 = serve(&store, &[], &[]).await;
    for mid in acked.iter().take(10) {
        let (status, _) = send(&c, &s2.base, webhook(mid, ISSUE_BODY))
            .await
            .expect("send");
        assert_eq!(status, 200);
    }
    let (ok, out, err) = run(&["list", "--store", &store, "--json"]).await;
    assert!(ok, "{err}");
    let mut counts: HashMap<String, usize> = HashMap::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        *counts
            .entry(v["mid"].as_str().expect("mid").to_owned())
            .or_default() += 1;
    }
    for mid in &acked {
        assert_eq!(
            counts.get(mid),
            Some(&1),
            "{mid} answered 200 but stored {:?} times",
            counts.get(mid)
        );
    }
    assert!(counts.values().all(|&n| n == 1));
    terminate(&s2.child);
    assert!(s2.child.wait().await.expect("wait").success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_stats_and_forward_with_a_secret_from_the_environment() {
    let dir = temp_dir("bin-list");
    let store = format!("sqlite:{}", dir.join("e.db").display());
    let secret = "s3cr3t-api-key-value";
    let auth = format!("api-key:{secret}");
    let mut s = serve(&store, &[], &[("POPBILL_WEBHOOK_AUTH", &auth)]).await;
    let c = client();
    let mut unauth = webhook("nope", ISSUE_BODY);
    unauth
        .headers_mut()
        .insert("x-api-key", "wrong".parse().expect("h"));
    assert_eq!(send(&c, &s.base, unauth).await.expect("send").0, 401);
    for (i, (ty, corp)) in [
        ("TAXINVOICE.STATE", "1234567890"),
        ("TAXINVOICE.STATE", "2222222222"),
        ("HT.TAXINVOICEXML", "1234567890"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut req = webhook(&format!("l-{i}"), ISSUE_BODY);
        req.headers_mut()
            .insert("x-api-key", secret.parse().expect("h"));
        req.headers_mut()
            .insert("pb-webhook-type", ty.parse().expect("h"));
        req.headers_mut()
            .insert("pb-webhook-corpnum", corp.parse().expect("h"));
        assert_eq!(send(&c, &s.base, req).await.expect("send").0, 200);
    }
    terminate(&s.child);
    assert!(s.child.wait().await.expect("wait").success());
    let mut err_out = String::new();
    if let Some(mut e) = s.child.stderr.take() {
        e.read_to_string(&mut err_out).await.expect("stderr");
    }
    assert!(!err_out.contains(secret), "secret printed: {err_out}");

    let (ok, out, _) = run(&[
        "list",
        "--store",
        &store,
        "--json",
        "--type",
        "TAXINVOICE.STATE",
        "--corp",
        "1234567890",
    ])
    .await;
    assert!(ok);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 1, "{out}");
    let e = &lines[0];
    assert_eq!(e["mid"], "l-0");
    assert_eq!(e["type"], "TAXINVOICE.STATE");
    assert_eq!(e["corp"], "1234567890");
    assert_eq!(e["eventType"], "Issue");
    assert_eq!(e["received"].as_str().map(str::len), Some(14));
    assert_eq!(e["body"]["itemKey"], "025030109300000001");
    let (ok, out, _) = run(&["list", "--store", &store, "--since", "20991231000000"]).await;
    assert!(ok);
    assert_eq!(out, "");
    let (ok, _, err) = run(&["list", "--store", &store, "--since", "yesterday"]).await;
    assert!(!ok);
    assert!(err.contains("--since"), "{err}");

    // forward --once to a local endpoint: every event arrives with its headers.
    let got: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let got2 = got.clone();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let got = got2.clone();
        async move {
            let h = |n: &str| {
                req.headers()
                    .get(n)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned()
            };
            got.lock()
                .expect("lock")
                .push((h("pb-webhook-mid"), h("pb-webhook-type")));
            r#"{"result":"OK"}"#
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    let (ok, out, err) = run(&[
        "forward",
        "--store",
        &store,
        "--to",
        &format!("http://{addr}/in"),
        "--once",
    ])
    .await;
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "forwarded 3 (retry later 0, dead 0)");
    let got: HashSet<_> = got.lock().expect("lock").iter().cloned().collect();
    assert_eq!(got.len(), 3);
    assert!(got.contains(&("l-2".to_owned(), "HT.TAXINVOICEXML".to_owned())));
    let (ok, out, _) = run(&["stats", "--store", &store, "--json"]).await;
    assert!(ok);
    let stats: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    assert_eq!(
        (stats["events"].as_u64(), stats["done"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(stats["rejects"].as_u64(), Some(0));
}
