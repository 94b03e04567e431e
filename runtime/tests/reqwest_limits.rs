//! What `ReqwestTransport` refuses on the wire, against local servers on 127.0.0.1: path values
//! that would leave their segment, endless bodies, and servers that never answer.
#![cfg(feature = "reqwest")]

use std::sync::atomic::Ordering;
use std::time::Duration;

use apiforge_runtime::http::{Method, Request, StatusCode};
use apiforge_runtime::{
    Bytes, Client, EncodeError, Error, ParamStyle, ReqwestTransport, ResponseTooLarge, Transport,
    TransportError,
};
use support::{serve_each, serve_endless, serve_silence};

mod support;

const OK: &str = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// The request line a server received.
fn request_line(request: &str) -> &str {
    request.lines().next().unwrap_or_default()
}

#[tokio::test]
async fn path_values_stay_inside_their_segment_on_the_wire() {
    let (base, received) = serve_each(OK);
    let client = Client::new(&base, ReqwestTransport::new()).expect("client");
    let call = |value: &'static str| {
        let mut request = client.request(Method::POST, "/items/{id}/delete");
        request.path_param("id", value, ParamStyle::Simple);
        client.send::<()>(request)
    };

    for value in ["..", ".", ""] {
        let err = call(value).await.expect_err(value);
        assert!(
            matches!(&err, Error::InvalidRequest(EncodeError::UnsafePathSegment { segment, .. }) if segment == value),
            "{value:?}: {err:?}"
        );
    }
    for (value, sent) in [
        ("../admin", "/items/..%2Fadmin/delete"),
        ("a/b?c#d", "/items/a%2Fb%3Fc%23d/delete"),
        ("100%", "/items/100%25/delete"),
        ("%2E%2E", "/items/%252E%252E/delete"),
        ("...", "/items/.../delete"),
        ("ünï ☃", "/items/%C3%BCn%C3%AF%20%E2%98%83/delete"),
    ] {
        let raw = call(value).await.expect(value);
        assert_eq!(raw.status(), StatusCode::OK);
        let request = received.recv_timeout(Duration::from_secs(10)).expect(value);
        assert_eq!(request_line(&request), format!("POST {sent} HTTP/1.1"));
    }
    // The refused calls never reached the server.
    assert!(received.try_recv().is_err());
}

#[tokio::test]
async fn reqwest_resolves_encoded_dot_segments_so_the_transport_refuses_them() {
    // Why encoding `..` as `%2E%2E` is not enough: WHATWG URL parsing, which reqwest uses,
    // reads it as `..` and removes the segment before it.
    let url = reqwest::Url::parse("http://127.0.0.1/items/%2E%2E/delete").expect("url");
    assert_eq!(url.path(), "/delete");

    let (base, received) = serve_each(OK);
    let transport = ReqwestTransport::new();
    for path in [
        "/items/%2E%2E/delete",
        "/items/../delete",
        "/items/./delete",
    ] {
        let request = Request::post(format!("{base}{path}"))
            .body(Bytes::new())
            .expect("request");
        let err = transport.send(request).await.expect_err(path);
        assert!(err.to_string().contains("`..` segment"), "{err}");
    }
    assert!(received.recv_timeout(Duration::from_millis(200)).is_err());
}

fn too_large(err: &Error<()>) -> Option<ResponseTooLarge> {
    match err {
        Error::Transport(e) => e.get_ref().downcast_ref::<ResponseTooLarge>().copied(),
        _ => None,
    }
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit() {
    let (base, written) = serve_endless();
    let transport = ReqwestTransport::builder()
        .max_response_bytes(Some(1 << 20))
        .build();
    let client = Client::new(&base, transport).expect("client");
    let err = client
        .send::<()>(client.request(Method::GET, "/stream"))
        .await
        .expect_err("endless");
    assert_eq!(too_large(&err), Some(ResponseTooLarge { limit: 1 << 20 }));
    assert_eq!(
        err.to_string(),
        "the request could not be sent or its response not received: \
         the response body is larger than the limit of 1048576 bytes"
    );
    // The client hung up: the server stops writing soon after the limit (socket buffers aside).
    tokio::time::sleep(Duration::from_millis(200)).await;
    let settled = written.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(written.load(Ordering::Relaxed), settled);
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_unread() {
    let (base, _received) = serve_each(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\
         Connection: close\r\n\r\n[1,2,3,4,5]",
    );
    let get = |limit| {
        let client = Client::new(
            &base,
            ReqwestTransport::new().with_max_response_bytes(Some(limit)),
        )
        .expect("client");
        async move { client.send::<()>(client.request(Method::GET, "/")).await }
    };
    let err = get(10).await.expect_err("too large");
    assert_eq!(too_large(&err), Some(ResponseTooLarge { limit: 10 }));
    let raw = get(11).await.expect("fits");
    assert_eq!(raw.body(), "[1,2,3,4,5]");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let base = serve_silence();
    let transport = ReqwestTransport::builder()
        .timeout(Some(Duration::from_millis(300)))
        .build();
    let client = Client::new(&base, transport).expect("client");
    let err = client
        .send::<()>(client.request(Method::GET, "/"))
        .await
        .expect_err("timeout");
    let Error::Transport(transport_error) = &err else {
        panic!("{err:?}");
    };
    let reqwest_error = transport_error
        .get_ref()
        .downcast_ref::<reqwest::Error>()
        .expect("a reqwest error");
    assert!(reqwest_error.is_timeout(), "{err}");
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[tokio::test]
async fn timeouts_can_be_removed() {
    let base = serve_silence();
    let transport = ReqwestTransport::builder()
        .timeout(None)
        .connect_timeout(None)
        .build();
    let pending = transport.send(
        Request::get(format!("{base}/"))
            .body(Bytes::new())
            .expect("request"),
    );
    // Without a timeout the call is still waiting well past the one configured above.
    let outcome: Result<Result<_, TransportError>, _> =
        tokio::time::timeout(Duration::from_millis(600), pending).await;
    assert!(outcome.is_err(), "the call ended: {outcome:?}");
}

#[tokio::test]
async fn the_default_transport_stops_an_endless_body_at_64_mib() {
    let (base, _written) = serve_endless();
    let client = Client::new(&base, ReqwestTransport::new()).expect("client");
    let err = client
        .send::<()>(client.request(Method::GET, "/stream"))
        .await
        .expect_err("endless");
    assert_eq!(
        too_large(&err),
        Some(ResponseTooLarge {
            limit: apiforge_runtime::DEFAULT_MAX_RESPONSE_BYTES
        })
    );
    assert_eq!(apiforge_runtime::DEFAULT_MAX_RESPONSE_BYTES, 64 << 20);
}
