//! `HyperTransport` (hyper 1 + hyper-util through `TowerTransport`) against a local HTTP server.
#![cfg(feature = "hyper")]

mod support;

use apiforge_runtime::http::{Method, StatusCode};
use apiforge_runtime::{
    BoxTransport, Client, Credential, Error, HyperTransport, OperationInfo, ParamStyle,
    ResponseTooLarge, SchemeKind, SecurityScheme, TimedOut,
};
use support::{json, response, Server};

#[tokio::test]
async fn requests_go_out_encoded_and_redirects_come_back() {
    let server = Server::start(vec![
        response(
            "303 See Other",
            &["Location: /next", "Set-Cookie: csrf=1"],
            "",
        ),
        json("201 Created", r#"{"id":"n1"}"#),
    ]);
    let mut client = Client::new(&server.base, HyperTransport::new()).expect("client");
    client.set_credential("key", Credential::api_key("k3y"));
    let op = OperationInfo::new("listThings", "/things/{kind}");
    let mut request = client.operation(op, Method::GET);
    request.path_param("kind", "a&b", ParamStyle::Simple);
    request.security(&[&[SecurityScheme::new(
        "key",
        SchemeKind::ApiKeyHeader("x-api-key"),
    )]]);
    let raw = client.send::<()>(request).await.expect("303");
    assert_eq!(raw.status(), StatusCode::SEE_OTHER);
    assert_eq!(raw.headers()["set-cookie"], "csrf=1");

    let mut request = client.request(Method::POST, "/things");
    request.json(
        &apiforge_runtime::serde_json::json!({"name": "n"}),
        "application/json",
    );
    let raw = client.send::<()>(request).await.expect("201");
    assert_eq!(raw.status(), StatusCode::CREATED);
    assert_eq!(raw.body(), r#"{"id":"n1"}"#);

    let seen = server.requests();
    let first = seen[0].to_ascii_lowercase();
    assert!(
        first.starts_with("get /things/a%26b http/1.1\r\n"),
        "{first}"
    );
    assert!(first.contains("x-api-key: k3y\r\n"), "{first}");
    assert!(
        seen[1].starts_with("POST /things HTTP/1.1\r\n"),
        "{}",
        seen[1]
    );
    assert!(seen[1].ends_with("\r\n\r\n{\"name\":\"n\"}"), "{}", seen[1]);
}

#[tokio::test]
async fn the_request_timeout_is_honoured_through_a_boxed_transport() {
    let transport: BoxTransport = Box::new(HyperTransport::new());
    let e = support::timeout_error(transport).await;
    assert!(e.get_ref().is::<TimedOut>(), "{e:?}");
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let server = Server::start(vec![json("200 OK", &format!("\"{}\"", "x".repeat(100)))]);
    let transport = HyperTransport::new().max_response_bytes(Some(64));
    let client = Client::new(&server.base, transport).expect("client");
    let err = client
        .send::<()>(client.request(Method::GET, "/big"))
        .await
        .expect_err("too big");
    let Error::Transport(e) = &err else {
        panic!("{err:?}")
    };
    let too_large = e.get_ref().downcast_ref::<ResponseTooLarge>();
    assert_eq!(too_large, Some(&ResponseTooLarge { limit: 64 }), "{e:?}");
    server.requests();
}
