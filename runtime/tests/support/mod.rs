//! A small HTTP/1.1 server on 127.0.0.1 for the backend tests: one canned response per
//! connection, in order, recording each request as read (head, blank line, body).
#![allow(dead_code)] // Each test binary uses part of it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// A running server; `requests` joins it and gives what it read.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    handle: JoinHandle<Vec<String>>,
}

impl Server {
    /// Serves `responses`, one connection each, then stops.
    pub fn start(responses: Vec<String>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let handle = thread::spawn(move || {
            responses
                .into_iter()
                .map(|response| {
                    let (mut stream, _) = listener.accept().expect("accept");
                    let request = read_request(&stream);
                    stream.write_all(response.as_bytes()).expect("write");
                    stream.flush().expect("flush");
                    let _ = stream.shutdown(Shutdown::Both);
                    request
                })
                .collect()
        });
        Self { base, handle }
    }

    /// Accepts one connection, reads the request and answers nothing for `hold`.
    pub fn silent(hold: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let handle = thread::spawn(move || {
            let (stream, _) = listener.accept().expect("accept");
            let request = read_request(&stream);
            thread::sleep(hold);
            vec![request]
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

fn read_request(stream: &TcpStream) -> String {
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
                .map(|n| n.trim().parse::<usize>().expect("content-length"))
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    head.push_str("\r\n");
    head.push_str(&String::from_utf8(body).expect("utf-8 body"));
    head
}

/// Sends a GET with a 200 ms timeout through `transport` to a server that never answers, and
/// returns the transport error the client got.
pub async fn timeout_error<T: apiforge_runtime::Transport>(
    transport: T,
) -> apiforge_runtime::TransportError {
    let server = Server::silent(Duration::from_secs(1));
    let mut client = apiforge_runtime::Client::new(&server.base, transport).expect("client");
    client.set_timeout(Some(Duration::from_millis(200)));
    let err = client
        .send::<()>(client.request(apiforge_runtime::http::Method::GET, "/slow"))
        .await
        .expect_err("timeout");
    server.requests();
    match err {
        apiforge_runtime::Error::Transport(e) => e,
        other => panic!("not a transport error: {other:?}"),
    }
}
