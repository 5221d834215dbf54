//! The sandbox's HomeTax state in its state file: department users (with what their login
//! gives), the certificate, flat-rate contracts and the jobs of the last hour are still
//! there after a restart on the same `--state` file, and job ids are not handed out twice.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Duration;

use popbill::model::hometax::{DeptUserForm, HomeTaxDateType, QueryType, error_code as ht};
use popbill::model::{CorpNum, Date8};
use popbill::{Config, Popbill};
use popbill_sandbox::{DEFAULT_LINK_ID, DEFAULT_SECRET_KEY, Sandbox, SandboxHandle};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

fn client(sb: &SandboxHandle) -> Popbill {
    let config = Config::builder(DEFAULT_LINK_ID, DEFAULT_SECRET_KEY)
        .test(true)
        .auth_url(sb.base_url())
        .api_url(sb.base_url())
        .attempt_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    Popbill::new(config)
}

fn member() -> CorpNum {
    CorpNum::parse_unchecked("1234567890").unwrap()
}

async fn start(path: &Path) -> SandboxHandle {
    Sandbox::builder().state_path(path).start().await.unwrap()
}

/// Opens a registration popup page with `query` (what a person would submit there).
async fn open_popup(sb: &SandboxHandle, url: &str, query: &str) {
    let path = url
        .split_once("/HomeTax/")
        .map(|(_, p)| format!("/HomeTax/{p}?{query}"))
        .unwrap();
    let mut s = tokio::net::TcpStream::connect(sb.addr()).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.starts_with("HTTP/1.1 200") && text.contains("id=\"result\""),
        "{text}"
    );
}

fn api_code(e: &popbill::Error) -> Option<i64> {
    e.api_code().map(|c| c.0)
}

#[tokio::test]
async fn department_users_certificate_contracts_and_jobs_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("htstate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.sqlite");
    let _ = std::fs::remove_file(&path);
    let c = member();
    let expire = "20991231";

    let sb = start(&path).await;
    let pb = client(&sb);
    let (ti, cb) = (pb.hometax_taxinvoice(), pb.hometax_cashbill());
    ti.regist_dept_user(&c, DeptUserForm::new("dept01", "pw"))
        .await
        .unwrap();
    cb.regist_dept_user(&c, DeptUserForm::new("cb01", "wrong-pw"))
        .await
        .unwrap();
    let url = ti.get_certificate_popup_url(&c).await.unwrap();
    open_popup(&sb, &url, &format!("expire={expire}")).await;
    let url = ti.get_flat_rate_popup_url(&c).await.unwrap();
    open_popup(&sb, &url, "months=12").await;
    let before = ti.get_flat_rate_state(&c).await.unwrap();
    let today = Date8::parse(&before.contract_dt[..8]).unwrap();
    let job = ti
        .request_job(
            &c,
            QueryType::Buy,
            HomeTaxDateType::Sent,
            today.add_days(-30),
            today,
        )
        .await
        .unwrap();
    sb.shutdown().await;

    let sb = start(&path).await;
    let pb = client(&sb);
    let (ti, cb) = (pb.hometax_taxinvoice(), pb.hometax_cashbill());
    // The department users are registered, and log in (or fail) as before.
    assert_eq!(ti.check_dept_user(&c).await.unwrap().code, 1);
    assert_eq!(ti.check_login_dept_user(&c).await.unwrap().code, 1);
    assert_eq!(cb.check_dept_user(&c).await.unwrap().code, 1);
    let e = cb.check_login_dept_user(&c).await.unwrap_err();
    assert_eq!(api_code(&e), Some(ht::LOGIN_FAILED), "{e}");
    // The certificate and the flat-rate contract.
    let cert = ti.get_certificate_expire_date(&c).await.unwrap();
    assert_eq!(
        cert.expiry_date().map(|d| d.to_string()).as_deref(),
        Some(expire)
    );
    let after = ti.get_flat_rate_state(&c).await.unwrap();
    assert_eq!(
        (after.contract_dt.as_str(), after.use_end_date.as_str()),
        (before.contract_dt.as_str(), before.use_end_date.as_str())
    );
    assert!(cb.get_flat_rate_state(&c).await.is_err(), "not applied for");
    // The job of the last hour is still known, and a new one gets a new id.
    let jobs = ti.list_active_job(&c).await.unwrap();
    assert!(jobs.iter().any(|j| j.job_id == job), "{jobs:?}");
    assert_eq!(ti.get_job_state(&c, &job).await.unwrap().job_id, job);
    let next = ti
        .request_job(
            &c,
            QueryType::Sell,
            HomeTaxDateType::Sent,
            today.add_days(-30),
            today,
        )
        .await
        .unwrap();
    assert_ne!(next, job);
    // Deleting survives a restart too.
    ti.delete_dept_user(&c).await.unwrap();
    sb.shutdown().await;

    let sb = start(&path).await;
    let pb = client(&sb);
    let e = pb
        .hometax_taxinvoice()
        .check_dept_user(&c)
        .await
        .unwrap_err();
    assert_eq!(
        api_code(&e),
        Some(ht::DEPT_USER_NOT_REGISTERED_TAXINVOICE),
        "{e}"
    );
    assert_eq!(
        pb.hometax_cashbill()
            .check_dept_user(&c)
            .await
            .unwrap()
            .code,
        1
    );
    sb.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
