//! The generated streaming methods of `tests/fixtures/streaming.yaml` against a local HTTP server
//! that sends its body in chunked pieces, pausing between them: typed server-sent events, text
//! events and a download arrive piece by piece (the server holds the rest back until the client
//! has shown the first piece), documented error statuses decode whole, a stream cut mid-event
//! ends with an error, and an event longer than the client's limit is refused.

use std::future::Future;
use std::time::Duration;

use apiforge_runtime::{Error, ReqwestTransport, StreamError};
use apiforge_tests::fixtures::streaming::{Client, Delta, DownloadFileError, WatchChatError};
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// One step of the server's answer.
enum Step {
    /// A piece of the body, sent as one HTTP/1.1 chunk.
    Chunk(Vec<u8>),
    /// A pause.
    Pause(Duration),
    /// Holds the rest back until the client says it has read what came before; a client that
    /// waits for the whole body never says so, and the server cuts the connection after 10 s.
    AwaitClient(oneshot::Receiver<()>),
    /// Drops the connection without the chunked body's end.
    Cut,
}

fn chunk(text: impl Into<Vec<u8>>) -> Step {
    Step::Chunk(text.into())
}

/// Serves one connection on 127.0.0.1: reads the request head, then lets `answer` write the
/// response. Joins to the request head.
async fn serve<A, F>(answer: A) -> (String, JoinHandle<String>)
where
    A: FnOnce(TcpStream) -> F + Send + 'static,
    F: Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let head = read_head(&mut socket).await;
        answer(socket).await;
        head
    });
    (base, server)
}

/// Answers `status` with a chunked body made of `steps`.
async fn serve_once(
    status: &'static str,
    content_type: &'static str,
    steps: Vec<Step>,
) -> (String, JoinHandle<String>) {
    serve(move |mut socket| async move {
        let answer = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\
             Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        );
        // The client may hang up early (a refused event); later writes then fail, which is fine.
        let _ = socket.write_all(answer.as_bytes()).await;
        for step in steps {
            match step {
                Step::Chunk(data) => {
                    let mut framed = format!("{:x}\r\n", data.len()).into_bytes();
                    framed.extend_from_slice(&data);
                    framed.extend_from_slice(b"\r\n");
                    let _ = socket.write_all(&framed).await;
                    let _ = socket.flush().await;
                }
                Step::Pause(pause) => tokio::time::sleep(pause).await,
                Step::AwaitClient(signal) => {
                    let waited = tokio::time::timeout(Duration::from_secs(10), signal).await;
                    if !matches!(waited, Ok(Ok(()))) {
                        return;
                    }
                }
                Step::Cut => return,
            }
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
        let _ = socket.shutdown().await;
    })
    .await
}

/// Answers `status` with a whole (not chunked) body.
async fn serve_whole(
    status: &'static str,
    content_type: &'static str,
    body: &'static str,
) -> (String, JoinHandle<String>) {
    serve(move |mut socket| async move {
        let answer = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(answer.as_bytes()).await.expect("write");
        let _ = socket.shutdown().await;
    })
    .await
}

/// The request head, lower-cased.
async fn read_head(socket: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let read = socket.read(&mut byte).await.expect("read");
        assert_eq!(read, 1, "the request head ended early");
        head.push(byte[0]);
    }
    String::from_utf8(head)
        .expect("ASCII head")
        .to_ascii_lowercase()
}

fn client(base: &str) -> Client<ReqwestTransport> {
    Client::new(base).expect("client")
}

#[tokio::test]
async fn typed_events_arrive_one_by_one() {
    let (first_seen, signal) = oneshot::channel();
    let (base, server) = serve_once(
        "200 OK",
        "text/event-stream",
        vec![
            chunk(": connected\n\nevent: delta\nid: 1\ndata: {\"text\":\"Hel\"}\n\n"),
            Step::AwaitClient(signal),
            Step::Pause(Duration::from_millis(30)),
            // One event split over two chunks, with a pause between them.
            chunk("event: delta\r\nid: 2\r\ndata: {\"te"),
            Step::Pause(Duration::from_millis(30)),
            chunk("xt\":\"lo\"}\r\n\r\n"),
            Step::Pause(Duration::from_millis(30)),
            chunk("event: done\ndata: {\"text\":\"\",\"done\":true}\n\n"),
        ],
    )
    .await;
    let response = client(&base)
        .watch_chat_events("c 1", Some(3))
        .await
        .expect("the stream starts");
    assert_eq!(response.status().as_u16(), 200);
    let mut events = response.into_inner();
    let first = events.next().await.expect("an event").expect("valid");
    assert_eq!(
        (first.event.as_str(), first.id.as_deref()),
        ("delta", Some("1"))
    );
    assert_eq!(first.data, Delta::new("Hel"));
    first_seen.send(()).expect("the server waits");
    let rest: Vec<_> = events.map(|e| e.expect("valid")).collect().await;
    let summary: Vec<_> = rest
        .iter()
        .map(|e| {
            (
                e.event.as_str(),
                e.id.as_deref(),
                e.data.text.as_str(),
                e.data.done,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("delta", Some("2"), "lo", None),
            ("done", Some("2"), "", Some(true)),
        ]
    );
    let head = server.await.expect("server");
    assert!(
        head.starts_with("get /chats/c%201/events?after=3 http/1.1\r\n"),
        "{head}"
    );
    assert!(head.contains("\r\naccept: text/event-stream\r\n"), "{head}");
}

#[tokio::test]
async fn text_events_keep_their_data_as_text() {
    let (base, server) = serve_once(
        "206 Partial Content",
        "text/event-stream; charset=utf-8",
        vec![
            chunk("data: first line\ndata: second line\n\n"),
            Step::Pause(Duration::from_millis(20)),
            chunk("event: rotate\ndata: {not json}\n\n"),
        ],
    )
    .await;
    let response = client(&base).tail_log_events().await.expect("stream");
    assert_eq!(response.status().as_u16(), 206);
    let events: Vec<_> = response
        .into_inner()
        .map(|e| e.expect("valid"))
        .map(|e| (e.event, e.data))
        .collect()
        .await;
    assert_eq!(
        events,
        [
            ("message".to_owned(), "first line\nsecond line".to_owned()),
            ("rotate".to_owned(), "{not json}".to_owned()),
        ]
    );
    server.await.expect("server");
}

#[tokio::test]
async fn downloads_arrive_in_pieces() {
    let (first_seen, signal) = oneshot::channel();
    let tail: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let (base, server) = serve_once(
        "200 OK",
        "application/octet-stream",
        vec![
            chunk(&b"\x00\x01head"[..]),
            Step::AwaitClient(signal),
            Step::Pause(Duration::from_millis(20)),
            chunk(&b"middle"[..]),
            Step::Pause(Duration::from_millis(20)),
            chunk(tail.clone()),
        ],
    )
    .await;
    let response = client(&base)
        .download_file_stream2("report 1.csv")
        .await
        .expect("stream");
    assert_eq!(
        response.headers()["content-type"],
        "application/octet-stream"
    );
    let mut body = response.into_inner();
    let first = body.next().await.expect("a chunk").expect("valid");
    assert_eq!(&first[..], b"\x00\x01head");
    first_seen.send(()).expect("the server waits");
    let mut received = first.to_vec();
    while let Some(piece) = body.next().await {
        received.extend_from_slice(&piece.expect("valid"));
    }
    let mut expected = b"\x00\x01headmiddle".to_vec();
    expected.extend_from_slice(&tail);
    assert_eq!(received, expected);
    let head = server.await.expect("server");
    assert!(
        head.starts_with("get /files/report%201.csv http/1.1\r\n"),
        "{head}"
    );
    assert!(
        head.contains("\r\naccept: application/octet-stream, text/csv\r\n"),
        "{head}"
    );
}

#[tokio::test]
async fn error_statuses_are_the_documented_errors() {
    let (base, server) = serve_whole(
        "404 Not Found",
        "application/json",
        r#"{"message":"no such chat"}"#,
    )
    .await;
    let error = client(&base)
        .watch_chat_events("gone", None)
        .await
        .expect_err("404 is an error");
    match error {
        Error::Response(value) => {
            assert_eq!(value.status().as_u16(), 404);
            let WatchChatError::NotFound(problem) = value.into_inner();
            assert_eq!(problem.message, "no such chat");
        }
        other => panic!("not the documented error: {other:?}"),
    }
    server.await.expect("server");

    let (base, server) = serve_whole(
        "404 Not Found",
        "application/json",
        r#"{"message":"no such file"}"#,
    )
    .await;
    let error = client(&base)
        .download_file_stream2("x")
        .await
        .err()
        .expect("404 is an error");
    assert!(
        matches!(&error, Error::Response(v) if matches!(&**v, DownloadFileError::NotFound(p) if p.message == "no such file")),
        "{error:?}"
    );
    server.await.expect("server");

    let (base, server) = serve_whole("503 Service Unavailable", "text/plain", "busy").await;
    let error = client(&base)
        .download_file_stream2("x")
        .await
        .err()
        .expect("503 is an error");
    assert!(
        matches!(&error, Error::UnexpectedResponse(raw) if raw.status().as_u16() == 503 && raw.body() == "busy"),
        "{error:?}"
    );
    server.await.expect("server");
}

#[tokio::test]
async fn a_stream_cut_mid_event_ends_with_an_error() {
    let (base, server) = serve_once(
        "200 OK",
        "text/event-stream",
        vec![
            chunk("data: {\"text\":\"whole\"}\n\n"),
            Step::Pause(Duration::from_millis(20)),
            chunk("data: {\"text\":\"cut sho"),
            Step::Cut,
        ],
    )
    .await;
    let mut events = client(&base)
        .watch_chat_events("c", None)
        .await
        .expect("stream")
        .into_inner();
    let first = events.next().await.expect("an event").expect("valid");
    assert_eq!(first.data.text, "whole");
    let cut = events.next().await.expect("an item");
    assert!(matches!(cut, Err(StreamError::Transport(_))), "{cut:?}");
    assert!(
        events.next().await.is_none(),
        "the stream ends after the cut"
    );
    server.await.expect("server");
}

#[tokio::test]
async fn an_event_longer_than_the_limit_is_refused() {
    // The server would send a 4 MiB event in 4 KiB pieces; the client stops at its 8 KiB limit.
    let piece = "x".repeat(4096);
    let mut steps = vec![chunk("data: {\"text\":\"small\"}\n\ndata: ")];
    steps.extend((0..1024).map(|_| chunk(piece.clone())));
    let (base, server) = serve_once("200 OK", "text/event-stream", steps).await;
    let mut client = client(&base);
    client.runtime_mut().set_max_event_bytes(8 * 1024);
    let mut events = client
        .watch_chat_events("c", None)
        .await
        .expect("stream")
        .into_inner();
    let first = events.next().await.expect("an event").expect("valid");
    assert_eq!(first.data.text, "small");
    let refused = events.next().await.expect("an item");
    assert!(
        matches!(refused, Err(StreamError::EventTooLarge)),
        "{refused:?}"
    );
    assert!(events.next().await.is_none());
    drop(events);
    server.await.expect("server");
}
