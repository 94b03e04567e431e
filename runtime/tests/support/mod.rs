//! Small HTTP/1.1 servers on 127.0.0.1 for transport tests: one that answers and records what it
//! received, one that streams a body forever, and one that accepts and never answers.
#![allow(dead_code)] // each test file uses some of these servers

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

fn listen() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    (listener, base)
}

/// Reads one request from `stream`: its head (request line and headers, CRLF-terminated lines),
/// then `\r\n` and its body (by `Content-Length`).
pub fn read_request(stream: &TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut reader = BufReader::new(stream);
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
    head
}

fn answer(mut stream: TcpStream, response: &[u8]) {
    stream.write_all(response).expect("write");
    stream.flush().expect("flush");
    let _ = stream.shutdown(Shutdown::Both);
}

/// Serves one connection with `response`; joins to the request it read.
/// A followed redirect would need a second connection, which is refused once this thread ends.
pub fn serve_once(response: &'static str) -> (String, JoinHandle<String>) {
    let (listener, base) = listen();
    let handle = thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        let request = read_request(&stream);
        answer(stream, response.as_bytes());
        request
    });
    (base, handle)
}

/// Answers every connection with `response` (send `Connection: close`), reporting each request
/// read on the receiver.
pub fn serve_each(response: &'static str) -> (String, Receiver<String>) {
    let (listener, base) = listen();
    let (sender, requests) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let stream = stream.expect("accept");
            let request = read_request(&stream);
            answer(stream, response.as_bytes());
            if sender.send(request).is_err() {
                break;
            }
        }
    });
    (base, requests)
}

/// Answers every request with a chunked JSON body that never ends, until the client hangs up;
/// the counter tells how many body bytes were written.
pub fn serve_endless() -> (String, Arc<AtomicU64>) {
    let (listener, base) = listen();
    let written = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&written);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.expect("accept");
            read_request(&stream);
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                        Transfer-Encoding: chunked\r\n\r\n1\r\n[\r\n";
            if stream.write_all(head.as_bytes()).is_err() {
                continue;
            }
            let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "0,".repeat(32 * 1024));
            while stream.write_all(chunk.as_bytes()).is_ok() {
                counter.fetch_add(64 * 1024, Ordering::Relaxed);
            }
        }
    });
    (base, written)
}

/// Accepts connections and reads their requests but never answers, keeping them open.
pub fn serve_silence() -> String {
    let (listener, base) = listen();
    thread::spawn(move || {
        let mut open = Vec::new();
        for stream in listener.incoming() {
            let stream = stream.expect("accept");
            read_request(&stream);
            open.push(stream);
        }
    });
    base
}

/// A base URL on 127.0.0.1 where nothing listens, so connecting is refused.
pub fn refused_base() -> String {
    let (_, base) = listen();
    base
}

/// A server answering one connection per canned response, in order; `requests` joins it and
/// gives what it read.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    handle: JoinHandle<Vec<String>>,
}

impl Server {
    /// Serves `responses`, one connection each, then stops.
    pub fn start(responses: Vec<String>) -> Self {
        let (listener, base) = listen();
        let handle = thread::spawn(move || {
            responses
                .into_iter()
                .map(|response| {
                    let (stream, _) = listener.accept().expect("accept");
                    let request = read_request(&stream);
                    answer(stream, response.as_bytes());
                    request
                })
                .collect()
        });
        Self { base, handle }
    }

    /// Waits for the server to finish and returns the requests it read.
    pub fn requests(self) -> Vec<String> {
        self.handle.join().expect("server thread")
    }
}

/// A complete response with `status` line, extra header lines and `body`, closing the connection.
pub fn response(status: &str, headers: &[&str], body: &str) -> String {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for header in headers {
        out.push_str(header);
        out.push_str("\r\n");
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    out
}

/// A JSON response with `status` and `body`.
pub fn json(status: &str, body: &str) -> String {
    response(status, &["Content-Type: application/json"], body)
}

/// Sends a GET with a 200 ms `RequestTimeout` through `transport` to a server that never
/// answers, and returns the transport error the client got.
pub async fn timeout_error<T: apiforge_runtime::Transport>(
    transport: T,
) -> apiforge_runtime::TransportError {
    let mut client = apiforge_runtime::Client::new(&serve_silence(), transport).expect("client");
    client.set_timeout(Some(Duration::from_millis(200)));
    let err = client
        .send::<()>(client.request(apiforge_runtime::http::Method::GET, "/slow"))
        .await
        .expect_err("timeout");
    match err {
        apiforge_runtime::Error::Transport(e) => e,
        other => panic!("not a transport error: {other:?}"),
    }
}
