//! A pooled connection going idle under a huge `pool_idle_timeout`: hyper-util's idle sweeper
//! adds the timeout to an `Instant` in a task of its own, so an overflow there panics away
//! from the caller. A panic hook (this binary's only test) sees it.
#![cfg(feature = "hyper-client")]
#![allow(clippy::unwrap_used)]

use std::sync::Mutex;
use std::time::Duration;

use popbill_transport::hyper_client::HyperClient;
use popbill_transport::{HttpClient, HttpRequest, Method};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[tokio::test]
async fn huge_pool_idle_timeout_does_not_panic_the_idle_sweeper() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.lock().unwrap().push(info.to_string());
        previous(info);
    }));

    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let mut seen = Vec::new();
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                    .await;
                // Keep the connection open so that it goes back to the pool.
                let _ = stream.read(&mut buf).await;
            });
        }
    });

    let client = HyperClient::builder()
        .no_proxy()
        .pool_idle_timeout(Duration::MAX)
        .build()
        .unwrap();
    let req = HttpRequest::new(Method::Get, format!("http://{addr}/"))
        .with_timeout(Duration::from_secs(5));
    let resp = client.send(req).await.unwrap();
    assert_eq!(resp.status, 200);
    // Give the pool's idle task a chance to start.
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let panics = PANICS.lock().unwrap().clone();
    assert!(panics.is_empty(), "{panics:?}");
}
