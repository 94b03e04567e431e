//! `UreqTransport` and `Client::send_blocking` against a local HTTP server, with no async runtime.
#![cfg(feature = "ureq")]

mod support;

use std::time::Duration;

use apiforge_runtime::http::{Method, StatusCode};
use apiforge_runtime::{
    BlockingTransport, Client, Credential, Error, OperationInfo, ParamStyle, ResponseTooLarge,
    SchemeKind, SecurityScheme, UreqTransport,
};
use support::{json, response, Server};

const GET_IDENTITY: OperationInfo = OperationInfo::new("getIdentity", "/admin/identities/{id}");

#[test]
fn requests_go_out_encoded_and_responses_come_back_whole() {
    let server = Server::start(vec![json("200 OK", r#"{"id":"a b"}"#)]);
    let mut client = Client::new(&server.base, UreqTransport::new()).expect("client");
    client.set_credential("token", Credential::bearer("s3cret"));
    let mut request = client.operation(GET_IDENTITY, Method::GET);
    request.path_param("id", "a b/c", ParamStyle::Simple);
    request.query(
        "include_credential",
        &["oidc"],
        ParamStyle::Form { explode: true },
    );
    request.security(&[&[SecurityScheme::new("token", SchemeKind::Bearer)]]);
    let raw = client.send_blocking::<()>(request).expect("send");
    assert_eq!(raw.status(), StatusCode::OK);
    let value = raw
        .json::<apiforge_runtime::serde_json::Value, ()>()
        .expect("json");
    assert_eq!(value.into_inner()["id"], "a b");

    let seen = server.requests().remove(0).to_ascii_lowercase();
    assert!(
        seen.starts_with("get /admin/identities/a%20b%2fc?include_credential=oidc http/1.1\r\n"),
        "{seen}"
    );
    assert!(seen.contains("authorization: bearer s3cret\r\n"), "{seen}");
}

#[test]
fn redirects_and_error_statuses_are_responses() {
    let server = Server::start(vec![
        response(
            "303 See Other",
            &["Location: /elsewhere", "Set-Cookie: a=1"],
            "",
        ),
        json("500 Internal Server Error", r#"{"error":"boom"}"#),
    ]);
    let client = Client::new(&server.base, UreqTransport::default()).expect("client");
    let raw = client
        .send_blocking::<()>(client.request(Method::GET, "/self-service/login/browser"))
        .expect("303");
    assert_eq!(raw.status(), StatusCode::SEE_OTHER);
    assert_eq!(raw.headers()["set-cookie"], "a=1");

    let mut request = client.request(Method::POST, "/items");
    request.json(
        &apiforge_runtime::serde_json::json!({"name": "x"}),
        "application/json",
    );
    let raw = client.send_blocking::<()>(request).expect("500");
    assert_eq!(raw.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(raw.body(), r#"{"error":"boom"}"#);

    let seen = server.requests();
    assert!(seen[0].starts_with("GET /self-service/login/browser HTTP/1.1\r\n"));
    assert!(seen[1].ends_with("\r\n\r\n{\"name\":\"x\"}"), "{}", seen[1]);
}

#[test]
fn the_request_timeout_is_honoured() {
    let mut client = Client::new(&support::serve_silence(), UreqTransport::new()).expect("client");
    client.set_timeout(Some(Duration::from_millis(200)));
    let err = client
        .send_blocking::<()>(client.request(Method::GET, "/slow"))
        .expect_err("timeout");
    let Error::Transport(e) = &err else {
        panic!("{err:?}")
    };
    assert!(e.to_string().contains("timeout"), "{e}");
}

#[test]
fn bodies_over_the_limit_are_refused() {
    let server = Server::start(vec![json("200 OK", &format!("\"{}\"", "x".repeat(100)))]);
    let client = Client::new(
        &server.base,
        UreqTransport::new().max_response_bytes(Some(64)),
    )
    .expect("client");
    let err = client
        .send_blocking::<()>(client.request(Method::GET, "/big"))
        .expect_err("too big");
    let Error::Transport(e) = &err else {
        panic!("{err:?}")
    };
    let too_large = e.get_ref().downcast_ref::<ResponseTooLarge>();
    assert_eq!(too_large, Some(&ResponseTooLarge { limit: 64 }), "{e:?}");
    server.requests();
}

#[test]
fn a_boxed_blocking_transport_is_chosen_at_run_time() {
    let server = Server::start(vec![json("200 OK", "{}")]);
    let transport: Box<dyn BlockingTransport> = Box::new(UreqTransport::new());
    let client = Client::new(&server.base, transport).expect("client");
    let raw = client
        .send_blocking::<()>(client.request(Method::GET, "/"))
        .expect("send");
    assert_eq!(raw.status(), StatusCode::OK);
    server.requests();
}
