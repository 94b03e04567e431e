//! A tracing layer (feature `tracing`): one span per call with OpenTelemetry's HTTP client
//! attribute names, wrapping any [`Transport`] or [`BlockingTransport`].

use bytes::Bytes;
use tracing::field::Empty;
use tracing::{Instrument, Span};

use super::{BlockingTransport, OperationInfo, Transport, TransportError};

/// Wraps a transport and records each call in an `http.client` span (at `INFO`) with the fields
/// `otel.name` and `otel.kind`, `http.request.method`, `url.template`, `url.scheme`,
/// `server.address`, `server.port`, `operation.id`, and, once known,
/// `http.response.status_code` or `error.type`.
///
/// No URL, query string, header or body is recorded, so credentials never reach the traces.
#[derive(Clone, Debug)]
pub struct TracingTransport<T> {
    inner: T,
}

impl<T> TracingTransport<T> {
    /// Traces the calls `inner` sends.
    pub fn new(inner: T) -> Self {
        Self { inner }
    }

    /// The wrapped transport.
    pub fn inner(&self) -> &T {
        &self.inner
    }
}

impl<T: Transport> Transport for TracingTransport<T> {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let span = call_span(&request);
        let result = self.inner.send(request).instrument(span.clone()).await;
        record_outcome(&span, &result);
        result
    }
}

impl<T: BlockingTransport> BlockingTransport for TracingTransport<T> {
    fn send(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> {
        let span = call_span(&request);
        let result = span.in_scope(|| self.inner.send(request));
        record_outcome(&span, &result);
        result
    }
}

/// The span for `request`, with everything known before it is sent.
fn call_span(request: &http::Request<Bytes>) -> Span {
    let method = request.method().as_str();
    let operation = request.extensions().get::<OperationInfo>();
    let template = operation.map(|op| op.path_template);
    let name = match template {
        Some(template) => format!("{method} {template}"),
        None => method.to_owned(),
    };
    let uri = request.uri();
    tracing::info_span!(
        "http.client",
        otel.name = name,
        otel.kind = "client",
        http.request.method = method,
        url.template = template,
        url.scheme = uri.scheme_str(),
        server.address = uri.host(),
        server.port = uri.port_u16(),
        operation.id = operation.map(|op| op.id),
        http.response.status_code = Empty,
        error.type = Empty,
    )
}

fn record_outcome(span: &Span, result: &Result<http::Response<Bytes>, TransportError>) {
    match result {
        Ok(response) => {
            let status = response.status();
            span.record("http.response.status_code", status.as_u16());
            if status.is_client_error() || status.is_server_error() {
                span.record("error.type", status.as_str());
            }
        }
        Err(_) => {
            span.record("error.type", "transport");
        }
    }
}
