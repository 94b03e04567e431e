//! A small HTTP/1.1 server on 127.0.0.1 for tests that need a real server with routes of their
//! own: each request's target (`/items?page=2`) is handed to a function that writes the response.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

/// Serves every connection (one request each, `Connection: close`) with `route(target, base)`,
/// where `base` is this server's `http://127.0.0.1:PORT`. Returns the base and the targets
/// requested, in order.
pub fn serve(route: impl Fn(&str, &str) -> Reply + Send + 'static) -> (String, Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (sender, targets) = mpsc::channel();
    let own_base = base.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let Some(target) = read_target(&stream) else {
                continue;
            };
            let reply = route(&target, &own_base);
            // Reported before the answer, so a client that has its response sees it reported
            // (whether anyone still listens or not).
            let _ = sender.send(target);
            let _ = stream.write_all(reply.to_http().as_bytes());
        }
    });
    (base, targets)
}

/// The request target of one request; its headers are read and dropped (no body is expected).
fn read_target(stream: &TcpStream) -> Option<String> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let target = line.split(' ').nth(1)?.to_string();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header == "\r\n" {
            return Some(target);
        }
    }
}

/// A response to write.
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    /// A JSON response with `status` and `body`.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
        }
    }

    /// Adds a header (repeated names are sent as separate lines).
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    fn to_http(&self) -> String {
        let mut text = format!("HTTP/1.1 {} X\r\n", self.status);
        for (name, value) in &self.headers {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
        text.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
            self.body.len(),
            self.body
        ));
        text
    }
}
