//! The `popbill-sandbox` binary: one `listening on` line, flags honoured, clean stop on
//! SIGTERM with committed state kept in the `--state` file.
#![allow(clippy::unwrap_used)]
#![cfg(unix)]

mod support;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use support::*;

fn start(args: &[&str]) -> (Child, SocketAddr, BufReader<std::process::ChildStdout>) {
    start_with_env(args, &[])
}

fn start_with_env(
    args: &[&str],
    env: &[(&str, &str)],
) -> (Child, SocketAddr, BufReader<std::process::ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_popbill-sandbox"))
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let url = line
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .trim()
        .to_owned();
    (child, url.parse().unwrap(), out)
}

fn stop(mut child: Child, mut out: BufReader<std::process::ChildStdout>) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "no exit within 10 s of SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "exit status {exit:?}");
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "exactly one line on stdout");
}

async fn token_at(addr: SocketAddr, corp: &str) -> String {
    let body = json!({"access_id": corp, "scope": ["member", "110"]}).to_string();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let date = iso(now);
    let sig = popbill_sandbox::auth::sign_token_request(
        "c2VjcmV0LWtleS1vZi1teS1wYXJ0bmVyLTAxMjM0NTY=",
        body.as_bytes(),
        &date,
        Some("*"),
        "/POPBILL_TEST/Token",
    )
    .unwrap();
    let auth = format!("LINKHUB MYPARTNER {sig}");
    let r = req(
        addr,
        "POST",
        "/POPBILL_TEST/Token",
        &[
            ("x-lh-date", &date),
            ("x-lh-version", "2.0"),
            ("x-lh-forwarded", "*"),
            ("Authorization", &auth),
        ],
        body.as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()["session_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn binary_serves_stops_cleanly_and_keeps_state() {
    let dir = std::env::temp_dir().join(format!("pbsb-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.sqlite");
    let state_s = state.to_str().unwrap().to_owned();
    let args = [
        "--port",
        "0",
        "--partner",
        "MYPARTNER:c2VjcmV0LWtleS1vZi1teS1wYXJ0bmVyLTAxMjM0NTY=",
        "--state",
        &state_s,
        "--token-ttl",
        "120",
        "--nts-delay",
        "0",
    ];
    let (child, addr, out) = start(&args);
    let t = token_at(addr, CORP).await;
    let today = popbill_model::kst_date_from_unix(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    )
    .to_string();
    let body = serde_json::to_vec(&invoice("BIN-1", &today)).unwrap();
    let auth = format!("Bearer {t}");
    let r = req(
        addr,
        "POST",
        "/Taxinvoice",
        &[
            ("Authorization", &auth),
            ("X-HTTP-Method-Override", "ISSUE"),
            ("Content-Type", "application/json"),
        ],
        &body,
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    // the default partner is not accepted once --partner is given
    let r = req(
        addr,
        "POST",
        "/POPBILL_TEST/Token",
        &[
            ("Authorization", "LINKHUB TESTER x"),
            ("x-lh-version", "2.0"),
        ],
        b"{}",
    )
    .await;
    assert_eq!(r.code(), -99004021);
    stop(child, out);

    let (child, addr, out) = start(&args);
    let r = req(
        addr,
        "GET",
        "/Taxinvoice/SELL/BIN-1",
        &[("Authorization", &auth)],
        b"",
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    // --nts-delay 0: filed at issuance, so by now past 300
    let state_code = r.json()["stateCode"].as_i64().unwrap();
    assert!((301..=304).contains(&state_code), "{state_code}");
    stop(child, out);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_flags_fail_fast() {
    let out = Command::new(env!("CARGO_BIN_EXE_popbill-sandbox"))
        .args(["--fault", "/x=explode"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown action"));
    let out = Command::new(env!("CARGO_BIN_EXE_popbill-sandbox"))
        .args(["--partner", "NOCOLON"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("LINKID:SECRETKEY"));
}

#[test]
fn a_second_sandbox_on_the_same_state_file_is_refused() {
    let dir = std::env::temp_dir().join(format!("pbsb-lock-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.sqlite");
    let path_arg = path.to_str().unwrap();
    let (first, _addr, out) = start(&["--state", path_arg]);
    let second = Command::new(env!("CARGO_BIN_EXE_popbill-sandbox"))
        .args(["--state", path_arg])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(!second.status.success(), "the second sandbox exits");
    assert_eq!(second.stdout, b"", "and never says it is listening");
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains("in use by another popbill-sandbox") && err.contains("state.sqlite"),
        "{err}"
    );
    stop(first, out);
    // Free again once the first stopped.
    let (again, _addr, out) = start(&["--state", path_arg]);
    stop(again, out);
    let _ = std::fs::remove_dir_all(&dir);
}

const MYPARTNER: &str = "MYPARTNER:c2VjcmV0LWtleS1vZi1teS1wYXJ0bmVyLTAxMjM0NTY=";

#[tokio::test]
async fn partner_secret_keys_come_from_the_environment_or_a_file() {
    // From the environment: the key is not on the command line.
    let (child, addr, out) = start_with_env(&[], &[("POPBILL_SANDBOX_PARTNERS", MYPARTNER)]);
    token_at(addr, CORP).await;
    stop(child, out);
    // From a file, with a comment line.
    let dir = std::env::temp_dir().join(format!("pbsb-partners-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("partners.txt");
    std::fs::write(&file, format!("# partners\n{MYPARTNER}\n")).unwrap();
    let (child, addr, out) = start(&["--partners-file", file.to_str().unwrap()]);
    token_at(addr, CORP).await;
    stop(child, out);
    // A missing file is a clear error, not a sandbox with the default partner.
    let missing = Command::new(env!("CARGO_BIN_EXE_popbill-sandbox"))
        .args(["--partners-file", dir.join("nope.txt").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope.txt"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_non_loopback_bind_needs_allow_remote_and_warns() {
    let refused = Command::new(env!("CARGO_BIN_EXE_popbill-sandbox"))
        .args(["--bind", "0.0.0.0"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert_eq!(refused.stdout, b"");
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("--allow-remote") && err.contains("/__control"),
        "{err}"
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_popbill-sandbox"))
        .args(["--bind", "0.0.0.0", "--allow-remote"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert!(line.starts_with("listening on http://0.0.0.0:"), "{line}");
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut warning = String::new();
    err.read_line(&mut warning).unwrap();
    assert!(
        warning.contains("WARNING") && warning.contains("unauthenticated"),
        "{warning}"
    );
    let _ = child.kill();
    let _ = child.wait();
}
