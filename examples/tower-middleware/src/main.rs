//! The Kratos client over `HyperTransport` with a tower stack in between: a rate limit, retry
//! of idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) on 5xx or transport failure,
//! and a timeout per attempt. A small server on 127.0.0.1 answers the first call 503.
//!
//! `cargo run -p apiforge-example-tower-middleware` (also run by `cargo test`).

// `pub`, so the operations this program does not call are not reported as dead code.
pub mod kratos {
    apiforge_macros::include_api!("../../spec/kratos.yaml");
}

use std::future::Future;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::pin::Pin;
use std::thread;
use std::time::Duration;

use apiforge_runtime::http::{Method, Request, Response};
use apiforge_runtime::{Bytes, HyperTransport, TowerTransport, TransportService};
use tower::retry::Policy;
use tower::{BoxError, ServiceBuilder};

/// Retries idempotent requests that failed or got a 5xx, up to `attempts_left` more times.
#[derive(Clone)]
struct RetryIdempotent {
    attempts_left: u32,
    backoff: Duration,
}

impl<B> Policy<Request<Bytes>, Response<B>, BoxError> for RetryIdempotent {
    type Future = Pin<Box<dyn Future<Output = ()> + Send>>;

    fn retry(
        &mut self,
        request: &mut Request<Bytes>,
        result: &mut Result<Response<B>, BoxError>,
    ) -> Option<Self::Future> {
        let failed = match result {
            Ok(response) => response.status().is_server_error(),
            Err(_) => true,
        };
        if !failed || !is_idempotent(request.method()) || self.attempts_left == 0 {
            return None;
        }
        self.attempts_left -= 1;
        Some(Box::pin(tokio::time::sleep(self.backoff)))
    }

    fn clone_request(&mut self, request: &Request<Bytes>) -> Option<Request<Bytes>> {
        let mut copy = Request::new(request.body().clone());
        *copy.method_mut() = request.method().clone();
        *copy.uri_mut() = request.uri().clone();
        *copy.version_mut() = request.version();
        *copy.headers_mut() = request.headers().clone();
        *copy.extensions_mut() = request.extensions().clone();
        Some(copy)
    }
}

fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// Answers each connection on 127.0.0.1 with the next of `responses`; returns the base URL.
fn serve(responses: Vec<&'static str>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    thread::spawn(move || {
        for (status, body) in responses
            .into_iter()
            .map(|r| r.split_once(' ').expect("status"))
        {
            let (mut stream, _) = listener.accept().expect("accept");
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut line = String::new();
            while reader.read_line(&mut line).expect("read") > 2 {
                line.clear();
            }
            let response = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(response.as_bytes()).expect("write");
        }
    });
    base
}

async fn run() -> Result<(), BoxError> {
    // A 503 then a 200 for the GET, a 503 for the POST; the POST must not be retried.
    let base = serve(vec![
        r#"503 {"error":{"code":503,"message":"warming up"}}"#,
        r#"200 {"status":"ok"}"#,
        r#"503 {"error":{"code":503,"message":"warming up"}}"#,
    ]);
    let service = ServiceBuilder::new()
        .buffer(64)
        .rate_limit(10, Duration::from_secs(1))
        .retry(RetryIdempotent {
            attempts_left: 2,
            backoff: Duration::from_millis(50),
        })
        .timeout(Duration::from_secs(5))
        .service(TransportService::new(HyperTransport::new()));
    let client = kratos::Client::with_transport(&base, TowerTransport::new(service))?;

    let alive = client.is_alive().await?;
    println!(
        "GET /health/alive after one retry: status {:?}",
        alive.status
    );
    assert_eq!(alive.status, "ok");

    let created = client.admin_create_identity(None).await;
    let status = created.as_ref().err().and_then(|e| e.status());
    println!("POST /admin/identities, not retried: {status:?}");
    assert_eq!(status.map(|s| s.as_u16()), Some(503));
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    run().await
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn retries_only_idempotent_calls() {
        super::run().await.expect("run");
    }
}
