//! `TracingTransport` over reqwest against a local server: one `http.client` span per call
//! with OpenTelemetry's attribute names, and nothing of the query string (a credential here).
#![cfg(all(feature = "tracing", feature = "reqwest"))]

mod support;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use apiforge_runtime::http::Method;
use apiforge_runtime::{
    Client, Credential, OperationInfo, ReqwestTransport, SchemeKind, SecurityScheme,
    TracingTransport,
};
use support::{json, Server};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

type Fields = Arc<Mutex<Vec<BTreeMap<String, String>>>>;

/// Keeps the fields of every `http.client` span, one map per span.
#[derive(Default)]
struct Capture {
    spans: Fields,
    next_id: AtomicU64,
    http_spans: Mutex<Vec<u64>>,
}

struct Into<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Into<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        if span.metadata().name() == "http.client" {
            let mut fields = BTreeMap::new();
            span.record(&mut Into(&mut fields));
            self.spans.lock().unwrap().push(fields);
            self.http_spans.lock().unwrap().push(id);
        }
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let index = self
            .http_spans
            .lock()
            .unwrap()
            .iter()
            .position(|&i| i == span.into_u64());
        if let Some(index) = index {
            values.record(&mut Into(&mut self.spans.lock().unwrap()[index]));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn each_call_has_one_span_with_otel_fields_and_no_secret() {
    let server = Server::start(vec![json("404 Not Found", "{}")]);
    let capture = Capture::default();
    let spans = Arc::clone(&capture.spans);
    let _guard = tracing::subscriber::set_default(capture);

    let mut client =
        Client::new(&server.base, TracingTransport::new(ReqwestTransport::new())).expect("client");
    client.set_credential("key", Credential::api_key("s3cret-key"));
    let op = OperationInfo::new("getIdentity", "/admin/identities/{id}");
    let mut request = client.operation(op, Method::GET);
    request.path_param("id", "i-7", apiforge_runtime::ParamStyle::Simple);
    request.security(&[&[SecurityScheme::new(
        "key",
        SchemeKind::ApiKeyQuery("api_key"),
    )]]);
    let raw = client.send::<()>(request).await.expect("send");
    assert_eq!(raw.status().as_u16(), 404);
    let seen = server.requests().remove(0);
    assert!(
        seen.starts_with("GET /admin/identities/i-7?api_key=s3cret-key "),
        "{seen}"
    );

    let spans = spans.lock().unwrap();
    assert_eq!(spans.len(), 1, "{spans:?}");
    let port = server_port(&seen);
    let expected: BTreeMap<String, String> = [
        ("otel.name", "GET /admin/identities/{id}"),
        ("otel.kind", "client"),
        ("http.request.method", "GET"),
        ("url.template", "/admin/identities/{id}"),
        ("url.scheme", "http"),
        ("server.address", "127.0.0.1"),
        ("server.port", port.as_str()),
        ("operation.id", "getIdentity"),
        ("http.response.status_code", "404"),
        ("error.type", "404"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(spans[0], expected);
    assert!(!format!("{spans:?}").contains("s3cret"));
}

/// The port from the `Host` header of a request the server read.
fn server_port(request: &str) -> String {
    let host = request
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("host header");
    host.rsplit(':').next().expect("port").to_owned()
}
