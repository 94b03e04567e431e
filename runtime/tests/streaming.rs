//! `Client::send_streaming` against a local server, over reqwest and over hyper: a download read
//! chunk by chunk, and a `text/event-stream` body read as typed server-sent events.
#![cfg(all(feature = "stream", feature = "reqwest", feature = "hyper"))]

mod support;

use apiforge_runtime::http::Method;
use apiforge_runtime::serde::Deserialize;
use apiforge_runtime::{
    Client, HyperTransport, ReqwestTransport, ServerSentEvent, StreamError, StreamingTransport,
};
use futures_util::StreamExt;
use support::{response, Server};

const EVENTS: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
    Connection: close\r\n\r\n\
    : keep-alive\n\n\
    event: delta\nid: 1\ndata: {\"text\":\"Hel\"}\n\n\
    event: delta\r\nid: 2\r\ndata: {\"text\":\"lo\"}\r\n\r\n\
    event: done\nid: 3\ndata: {\"text\":\"\"}\n\n";

#[derive(Debug, Deserialize, PartialEq)]
#[serde(crate = "apiforge_runtime::serde")]
struct Delta {
    text: String,
}

async fn typed_events<T: StreamingTransport>(transport: T) {
    let server = Server::start(vec![EVENTS.to_owned()]);
    let client = Client::new(&server.base, transport).expect("client");
    let mut request = client.request(Method::GET, "/chat/stream");
    request.accept("text/event-stream");
    let response = client.send_streaming::<()>(request).await.expect("send");
    assert_eq!(response.status().as_u16(), 200);
    let events: Vec<ServerSentEvent<Delta>> = response
        .events()
        .json::<Delta>()
        .map(|event| event.expect("event"))
        .collect()
        .await;
    let summary: Vec<(&str, &str, Option<&str>)> = events
        .iter()
        .map(|e| (e.event.as_str(), e.data.text.as_str(), e.id.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            ("delta", "Hel", Some("1")),
            ("delta", "lo", Some("2")),
            ("done", "", Some("3")),
        ]
    );
    let seen = server.requests().remove(0).to_ascii_lowercase();
    assert!(seen.contains("accept: text/event-stream\r\n"), "{seen}");
}

async fn download<T: StreamingTransport>(transport: T) {
    let payload: String = (0..200_000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let server = Server::start(vec![response(
        "200 OK",
        &["Content-Type: application/octet-stream"],
        &payload,
    )]);
    let client = Client::new(&server.base, transport).expect("client");
    let response = client
        .send_streaming::<()>(client.request(Method::GET, "/files/big.bin"))
        .await
        .expect("send");
    let mut stream = response.into_byte_stream();
    let mut received = Vec::new();
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.expect("chunk"));
    }
    assert_eq!(received, payload.as_bytes());
    server.requests();
}

async fn bad_json_is_a_typed_error<T: StreamingTransport>(transport: T) {
    let body = "data: {\"text\": 1}\n\n";
    let server = Server::start(vec![response(
        "200 OK",
        &["Content-Type: text/event-stream"],
        body,
    )]);
    let client = Client::new(&server.base, transport).expect("client");
    let response = client
        .send_streaming::<()>(client.request(Method::GET, "/s"))
        .await
        .expect("send");
    let first = Box::pin(response.events().json::<Delta>()).next().await;
    assert!(
        matches!(first, Some(Err(StreamError::Json(_)))),
        "{first:?}"
    );
    server.requests();
}

#[tokio::test]
async fn reqwest_streams_events_and_downloads() {
    typed_events(ReqwestTransport::new()).await;
    download(ReqwestTransport::new()).await;
    bad_json_is_a_typed_error(ReqwestTransport::new()).await;
}

#[tokio::test]
async fn hyper_streams_events_and_downloads() {
    typed_events(HyperTransport::new()).await;
    download(HyperTransport::new()).await;
    bad_json_is_a_typed_error(HyperTransport::new()).await;
}
