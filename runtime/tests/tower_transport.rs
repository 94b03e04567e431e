//! tower layers between `Client` and a real transport, against a local HTTP server: a layer
//! sees the operation in the request's extensions and changes the request on the wire.
#![cfg(all(feature = "tower", feature = "reqwest"))]

mod support;

use apiforge_runtime::http::header::{HeaderValue, USER_AGENT};
use apiforge_runtime::http::{Method, Request};
use apiforge_runtime::{
    Bytes, Client, OperationInfo, ReqwestTransport, TowerTransport, TransportService,
};
use support::{json, Server};
use tower::ServiceBuilder;
use tower_http::set_header::SetRequestHeaderLayer;

/// Copies the operation id into an `x-operation` header.
fn tag_operation(mut request: Request<Bytes>) -> Request<Bytes> {
    if let Some(op) = request.extensions().get::<OperationInfo>() {
        let value = HeaderValue::from_static(op.id);
        request.headers_mut().insert("x-operation", value);
    }
    request
}

#[tokio::test]
async fn tower_http_layers_compose_over_a_transport() {
    let server = Server::start(vec![json("200 OK", "[]")]);
    let service = ServiceBuilder::new()
        .layer(SetRequestHeaderLayer::overriding(
            USER_AGENT,
            HeaderValue::from_static("layered/1"),
        ))
        .map_request(tag_operation)
        .service(TransportService::new(ReqwestTransport::new()));
    let client = Client::new(&server.base, TowerTransport::new(service)).expect("client");
    let op = OperationInfo::new("listIdentities", "/admin/identities");
    let raw = client
        .send::<()>(client.operation(op, Method::GET))
        .await
        .expect("send");
    assert_eq!(raw.body(), "[]");

    let seen = server.requests().remove(0).to_ascii_lowercase();
    assert!(
        seen.starts_with("get /admin/identities http/1.1\r\n"),
        "{seen}"
    );
    assert!(seen.contains("user-agent: layered/1\r\n"), "{seen}");
    assert!(seen.contains("x-operation: listidentities\r\n"), "{seen}");
}
