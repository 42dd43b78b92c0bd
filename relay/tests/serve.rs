//! The relay as a process would run it: bound to port 0, answering real HTTP.

use std::time::Duration;

use concord_relay::{Config, Relay};
use tokio::{
    io::{AsyncReadExt as _, AsyncWriteExt as _},
    net::TcpStream,
    sync::oneshot,
};

async fn http_get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

#[tokio::test]
async fn binds_a_free_port_serves_and_shuts_down_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let app_dir = tmp.path().join("app");
    std::fs::create_dir_all(&app_dir).unwrap();
    std::fs::write(app_dir.join("index.html"), "<!doctype html><p>hello</p>").unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        data: tmp.path().join("data"),
        database_url: None,
        broker_url: None,
        app_dir,
        secure_cookies: false,
        open_sync: true,
        max_file_bytes: concord_relay::DEFAULT_MAX_FILE_BYTES,
        limits: Default::default(),
    };

    let relay = Relay::bind(&config).await.unwrap();
    let addr = relay.local_addr();
    assert_ne!(addr.port(), 0);
    assert_eq!(relay.url(), format!("http://{addr}/"));
    assert!(
        tmp.path().join("data/concord.sqlite3").is_file(),
        "the store lives in the data dir"
    );

    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(relay.serve(async {
        let _ = stopped.await;
    }));

    let page = http_get(addr, "/").await;
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("<p>hello</p>"), "{page}");
    let health = http_get(addr, "/api/health").await;
    assert!(health.contains(r#""status":"ok""#), "{health}");

    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the relay stops when asked")
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn a_taken_address_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let config = Config {
        addr: holder.local_addr().unwrap(),
        data: tmp.path().join("data"),
        database_url: None,
        broker_url: None,
        app_dir: tmp.path().join("app"),
        secure_cookies: false,
        open_sync: true,
        max_file_bytes: concord_relay::DEFAULT_MAX_FILE_BYTES,
        limits: Default::default(),
    };
    let error = Relay::bind(&config).await.err().expect("the port is taken");
    assert!(error.to_string().starts_with("cannot listen on"), "{error}");
}
