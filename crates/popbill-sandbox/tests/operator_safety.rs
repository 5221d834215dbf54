//! Operator safety: the state file keeps no session token text, older files that did are
//! rewritten, and the sandbox binds beyond loopback only when allowed.
#![allow(clippy::unwrap_used)]

mod support;

use popbill_sandbox::{Sandbox, StartError};
use support::*;

/// Every byte of every file in `dir` (the database and any journal).
fn all_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        out.extend(std::fs::read(e.unwrap().path()).unwrap_or_default());
    }
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pbsb-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn the_state_file_keeps_a_hash_of_session_tokens_not_the_token() {
    let dir = temp_dir("tokhash");
    let path = dir.join("state.sqlite");
    let sb = Sandbox::builder().state_path(&path).start().await.unwrap();
    let tok = token(&sb, CORP, &["member", "110"]).await;
    sb.shutdown().await;
    assert!(
        !contains(&all_bytes(&dir), &tok),
        "token text in the state file"
    );
    // The token still works after a restart.
    let sb = Sandbox::builder().state_path(&path).start().await.unwrap();
    let r = api(&sb, &tok, "GET", "/Taxinvoice?cfg=CERT", None, None).await;
    assert_ne!(r.status, 401, "{}", String::from_utf8_lossy(&r.body));
    sb.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_token_stored_as_text_by_an_older_version_is_rewritten_as_its_hash() {
    let dir = temp_dir("toklegacy");
    let path = dir.join("state.sqlite");
    let text = "0123456789abcdef".repeat(4);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE records (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
             PRIMARY KEY (kind, key));",
        )
        .unwrap();
        let value = serde_json::json!({
            "token": text, "link_id": "TESTER", "service_id": "POPBILL_TEST",
            "corp_num": CORP, "scopes": ["member", "110"], "expires_ms": i64::MAX / 2,
            "ip": "127.0.0.1",
        });
        conn.execute(
            "INSERT INTO records (kind, key, value) VALUES ('token', ?1, ?2)",
            rusqlite::params![text, value.to_string()],
        )
        .unwrap();
    }
    let sb = Sandbox::builder().state_path(&path).start().await.unwrap();
    // The member of the old token is not stored in this file; auto-join it with a new token.
    token(&sb, CORP, &["member", "110"]).await;
    let r = api(&sb, &text, "GET", "/Taxinvoice?cfg=CERT", None, None).await;
    assert_ne!(r.status, 401, "the old token still works");
    sb.shutdown().await;
    assert!(
        !contains(&all_bytes(&dir), &text),
        "old token text rewritten"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn binding_beyond_loopback_needs_allow_remote() {
    let any: std::net::IpAddr = "0.0.0.0".parse().unwrap();
    let e = Sandbox::builder().bind(any).start().await.unwrap_err();
    assert!(
        matches!(e, StartError::Config(ref m) if m.contains("allow_remote")),
        "{e}"
    );
    let sb = Sandbox::builder()
        .bind(any)
        .allow_remote(true)
        .start()
        .await
        .unwrap();
    assert!(sb.addr().ip().is_unspecified());
    sb.shutdown().await;
}
