//! `ReqwestTransport` against a tiny local HTTP server: redirects are returned, not followed.
#![cfg(feature = "reqwest")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use apiforge_runtime::http::{Method, StatusCode};
use apiforge_runtime::{
    Client, Credential, Error, ParamStyle, ReqwestTransport, SchemeKind, SecurityScheme,
};

const SEE_OTHER: &str = "HTTP/1.1 303 See Other\r\n\
    Location: /self-service/login/browser?flow=1\r\n\
    Set-Cookie: csrf_token=abc; Path=/; HttpOnly\r\n\
    Content-Type: application/json\r\n\
    Content-Length: 2\r\n\
    Connection: close\r\n\r\n{}";

/// Serves one connection on 127.0.0.1 with `response`; joins to the request (head and body) it read.
/// A followed redirect would need a second connection, which is refused once this thread ends.
fn serve_once(response: &'static str) -> (String, JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let handle = thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).expect("read") == 0 || line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        let length = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|n| n.trim().parse::<usize>())
            })
            .map_or(0, |n| n.expect("content-length"));
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("body");
        head.push_str("\r\n");
        head.push_str(&String::from_utf8(body).expect("utf-8 body"));
        stream.write_all(response.as_bytes()).expect("write");
        stream.flush().expect("flush");
        let _ = stream.shutdown(Shutdown::Both);
        head
    });
    (base, handle)
}

#[tokio::test]
async fn a_303_is_returned_with_its_headers_not_followed() {
    let (base, server) = serve_once(SEE_OTHER);
    let mut client = Client::new(&format!("{base}/"), ReqwestTransport::new()).expect("client");
    client
        .set_default_header("User-Agent", "apiforge-test")
        .expect("header");
    client.set_credential("session", Credential::api_key("s3"));

    let mut request = client.request(Method::GET, "/self-service/{flow}/browser");
    request.path_param("flow", "log in", ParamStyle::Simple);
    request.query(
        "return_to",
        "https://app/x?y=1",
        ParamStyle::Form { explode: true },
    );
    request.cookie("theme", "dark");
    request.security(&[&[SecurityScheme::new(
        "session",
        SchemeKind::ApiKeyCookie("ory_session"),
    )]]);
    let raw = client.send::<()>(request).await.expect("send");

    assert_eq!(raw.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        raw.headers()["location"],
        "/self-service/login/browser?flow=1"
    );
    assert_eq!(
        raw.headers()["set-cookie"],
        "csrf_token=abc; Path=/; HttpOnly"
    );
    assert_eq!(raw.body(), "{}");

    let head = server.join().expect("server").to_ascii_lowercase();
    assert!(
        head.starts_with("get /self-service/log%20in/browser?return_to=https%3a%2f%2fapp%2fx%3fy%3d1 http/1.1\r\n"),
        "{head}"
    );
    assert!(head.contains("user-agent: apiforge-test\r\n"), "{head}");
    assert!(
        head.contains("cookie: theme=dark; ory_session=s3\r\n"),
        "{head}"
    );

    // The documented-as-303 body decodes; headers stay readable on the typed value.
    let value = raw
        .json::<apiforge_runtime::serde_json::Value, ()>()
        .expect("json");
    assert_eq!(
        value.headers()["set-cookie"],
        "csrf_token=abc; Path=/; HttpOnly"
    );
}

#[tokio::test]
async fn bodies_are_sent_with_their_content_type() {
    let (base, server) = serve_once("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
    let client = Client::new(&base, ReqwestTransport::default()).expect("client");
    let mut request = client.request(Method::POST, "/self-service/registration");
    request.form(
        &apiforge_runtime::serde_json::json!({"method": "password", "traits": {"email": "a@b.c"}}),
    );
    let raw = client.send::<()>(request).await.expect("send");
    assert_eq!(
        raw.empty::<()>().expect("empty").status(),
        StatusCode::NO_CONTENT
    );
    let head = server.join().expect("server").to_ascii_lowercase();
    assert!(
        head.starts_with("post /self-service/registration http/1.1\r\n"),
        "{head}"
    );
    assert!(
        head.contains("content-type: application/x-www-form-urlencoded\r\n"),
        "{head}"
    );
    assert!(
        head.ends_with("\r\n\r\nmethod=password&traits.email=a%40b.c"),
        "{head}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let transport = ReqwestTransport::from_client(
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .expect("reqwest client"),
    );
    let client = Client::new(&format!("http://127.0.0.1:{port}"), transport).expect("client");
    let err = client
        .send::<()>(client.request(Method::GET, "/"))
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.status(), None);
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn a_request_timeout_extension_gives_up_on_a_silent_server() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    // Accepts the connection and answers nothing until the client has given up.
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        thread::sleep(Duration::from_secs(1));
        drop(stream);
    });
    let client = Client::new(&base, ReqwestTransport::new()).expect("client");
    let mut options = apiforge_runtime::CallOptions::default();
    options.timeout(Duration::from_millis(200));
    let request = options.apply(client.build(client.request(Method::GET, "/slow")));
    let error = client.execute::<()>(request).await.unwrap_err();
    let Error::Transport(error) = error else {
        panic!("expected a transport error, got {error:?}");
    };
    let reqwest_error = error
        .get_ref()
        .downcast_ref::<reqwest::Error>()
        .expect("a reqwest error");
    assert!(reqwest_error.is_timeout(), "{reqwest_error:?}");
    server.join().expect("server thread");
}
