//! `ReqwestTransport` against a tiny local HTTP server: redirects are returned, not followed.
#![cfg(feature = "reqwest")]

use std::net::TcpListener;
use std::time::Duration;

use apiforge_runtime::http::{Method, StatusCode};
use apiforge_runtime::{
    Client, Credential, Error, ParamStyle, ReqwestTransport, SchemeKind, SecurityScheme,
};
use support::serve_once;

mod support;

const SEE_OTHER: &str = "HTTP/1.1 303 See Other\r\n\
    Location: /self-service/login/browser?flow=1\r\n\
    Set-Cookie: csrf_token=abc; Path=/; HttpOnly\r\n\
    Content-Type: application/json\r\n\
    Content-Length: 2\r\n\
    Connection: close\r\n\r\n{}";

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
async fn the_request_timeout_is_honoured() {
    let e = support::timeout_error(ReqwestTransport::new()).await;
    let timed_out = e
        .get_ref()
        .downcast_ref::<reqwest::Error>()
        .is_some_and(reqwest::Error::is_timeout);
    assert!(timed_out, "{e:?}");
}
