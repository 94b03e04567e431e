//! A mock transport for tests of code that uses a generated client (feature `mock`).

use std::sync::{Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{BlockingTransport, OperationInfo, Transport, TransportError};
use crate::request::QueryCredentials;

/// Answers requests from expectations set up front and records every call; no network.
///
/// An expectation matches by operation id ([`Self::on_operation`]) or by method and path
/// template ([`Self::on`]); the first matching expectation answers, as often as it is called.
/// A request nothing matches fails with a [`TransportError`] naming it.
///
/// ```
/// # mod kratos { apiforge_macros::include_api!("../spec/kratos.yaml"); }
/// use apiforge_runtime::http::{Method, StatusCode};
/// use apiforge_runtime::serde_json::json;
/// use apiforge_runtime::MockTransport;
///
/// /// Code under test: is the identity active?
/// async fn is_active<T: apiforge_runtime::Transport>(
///     client: &kratos::Client<T>,
///     id: &str,
/// ) -> Result<bool, apiforge_runtime::Error<kratos::AdminGetIdentityError>> {
///     let identity = client.admin_get_identity(id, None).await?;
///     Ok(identity.state == Some(kratos::IdentityState::Active))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let mock = MockTransport::new();
/// mock.on_operation("adminGetIdentity").json(StatusCode::OK, &json!({
///     "id": "9f425a8d-7efc-4768-8f23-7647a74fdf13",
///     "schema_id": "default",
///     "schema_url": "http://127.0.0.1:4434/schemas/default",
///     "state": "active",
///     "traits": {"email": "ada@example.com"},
/// }));
/// mock.on(Method::DELETE, "/admin/identities/{id}").status(StatusCode::NOT_FOUND);
///
/// let client = kratos::Client::with_transport("http://kratos.test", &mock).unwrap();
/// assert!(is_active(&client, "9f425a8d-7efc-4768-8f23-7647a74fdf13").await.unwrap());
/// let deleted = client.admin_delete_identity("x").await;
/// assert_eq!(deleted.unwrap_err().status(), Some(StatusCode::NOT_FOUND));
///
/// let calls = mock.calls_to("adminGetIdentity");
/// assert_eq!(calls.len(), 1);
/// assert_eq!(calls[0].uri.path(), "/admin/identities/9f425a8d-7efc-4768-8f23-7647a74fdf13");
/// mock.assert_called("adminDeleteIdentity", 1);
/// # }
/// ```
#[derive(Debug, Default)]
pub struct MockTransport {
    expectations: Mutex<Vec<Expectation>>,
    calls: Mutex<Vec<RecordedCall>>,
}

/// Which requests an expectation answers.
#[derive(Debug)]
enum Matcher {
    Operation(String),
    Route(Method, String),
}

#[derive(Debug)]
struct Expectation {
    matcher: Matcher,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// Sets the response of the expectation [`MockTransport::on_operation`] or [`MockTransport::on`]
/// started; until one of its methods is called, matching requests fail.
#[must_use = "an expectation without a response answers nothing"]
pub struct MockResponder<'a> {
    mock: &'a MockTransport,
    matcher: Matcher,
}

impl MockResponder<'_> {
    /// Answers `status` with `body` serialized as JSON (`Content-Type: application/json`).
    pub fn json<V: Serialize + ?Sized>(self, status: StatusCode, body: &V) {
        let body = serde_json::to_vec(body).expect("a mock response body serializes to JSON");
        self.respond(status, Some("application/json"), body.into());
    }

    /// Answers `status` with a text body (`Content-Type: text/plain`).
    pub fn text(self, status: StatusCode, body: &str) {
        let body = Bytes::copy_from_slice(body.as_bytes());
        self.respond(status, Some("text/plain"), body);
    }

    /// Answers `status` with `body` and `content_type`.
    pub fn body(self, status: StatusCode, content_type: &str, body: impl Into<Bytes>) {
        self.respond(status, Some(content_type), body.into());
    }

    /// Answers `status` with no body.
    pub fn status(self, status: StatusCode) {
        self.respond(status, None, Bytes::new());
    }

    fn respond(self, status: StatusCode, content_type: Option<&str>, body: Bytes) {
        let mut headers = HeaderMap::new();
        if let Some(value) = content_type.and_then(|c| HeaderValue::from_str(c).ok()) {
            headers.insert(CONTENT_TYPE, value);
        }
        lock(&self.mock.expectations).push(Expectation {
            matcher: self.matcher,
            status,
            headers,
            body,
        });
    }
}

/// A request the mock received, as a transport receives it: query credentials are not in `uri`
/// (see [`attach_query_credentials`](crate::attach_query_credentials)); read them with
/// [`Self::query_credential`]. `Debug` shows no secret.
#[derive(Clone, Debug)]
pub struct RecordedCall {
    /// The operation, when a generated client sent it.
    pub operation: Option<OperationInfo>,
    /// The method.
    pub method: Method,
    /// The URI, with the query but without its credentials.
    pub uri: Uri,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
    query_credentials: Option<QueryCredentials>,
}

impl RecordedCall {
    /// The (decoded) value the query parameter `name` would carry as a credential on the wire,
    /// such as an API key `in: query`.
    pub fn query_credential(&self, name: &str) -> Option<String> {
        self.query_credentials.as_ref()?.value(name)
    }

    /// The body decoded as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

impl MockTransport {
    /// A mock with no expectations.
    pub fn new() -> Self {
        Self::default()
    }

    /// Expects calls of the operation with `operation_id`.
    pub fn on_operation(&self, operation_id: &str) -> MockResponder<'_> {
        self.responder(Matcher::Operation(operation_id.to_owned()))
    }

    /// Expects `method` requests on `path_template` (`{name}` matches any one path segment).
    pub fn on(&self, method: Method, path_template: &str) -> MockResponder<'_> {
        self.responder(Matcher::Route(method, path_template.to_owned()))
    }

    /// Every call received, in order.
    pub fn calls(&self) -> Vec<RecordedCall> {
        lock(&self.calls).clone()
    }

    /// The calls of the operation with `operation_id`, in order.
    pub fn calls_to(&self, operation_id: &str) -> Vec<RecordedCall> {
        lock(&self.calls)
            .iter()
            .filter(|c| c.operation.is_some_and(|op| op.id == operation_id))
            .cloned()
            .collect()
    }

    /// Panics unless the operation with `operation_id` was called exactly `times` times.
    #[track_caller]
    pub fn assert_called(&self, operation_id: &str, times: usize) {
        let actual = self.calls_to(operation_id).len();
        assert_eq!(
            actual, times,
            "`{operation_id}` was called {actual} times, expected {times}"
        );
    }

    fn responder(&self, matcher: Matcher) -> MockResponder<'_> {
        MockResponder {
            mock: self,
            matcher,
        }
    }

    fn answer(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let (parts, body) = request.into_parts();
        let call = RecordedCall {
            operation: parts.extensions.get::<OperationInfo>().copied(),
            query_credentials: parts.extensions.get::<QueryCredentials>().cloned(),
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            body,
        };
        let response = lock(&self.expectations)
            .iter()
            .find(|e| e.matcher.matches(&call))
            .map(|e| {
                let mut response = http::Response::new(e.body.clone());
                *response.status_mut() = e.status;
                *response.headers_mut() = e.headers.clone();
                response
            });
        let described = format!("{} {}", call.method, call.uri.path());
        let operation = call.operation.map(|op| op.id);
        lock(&self.calls).push(call);
        response.ok_or_else(|| {
            TransportError::new(format!(
                "the mock has no expectation for {described} (operation {operation:?})"
            ))
        })
    }
}

impl Matcher {
    fn matches(&self, call: &RecordedCall) -> bool {
        match self {
            Matcher::Operation(id) => call.operation.is_some_and(|op| op.id == id),
            Matcher::Route(method, template) => {
                *method == call.method
                    && match call.operation {
                        Some(op) => op.path_template == template,
                        None => path_matches(template, call.uri.path()),
                    }
            }
        }
    }
}

/// Whether `path` fits `template`, each `{name}` segment matching any one segment.
fn path_matches(template: &str, path: &str) -> bool {
    let mut segments = path.split('/');
    template.split('/').all(|expected| {
        segments.next().is_some_and(|actual| {
            (expected.starts_with('{') && expected.ends_with('}')) || expected == actual
        })
    }) && segments.next().is_none()
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Transport for MockTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        self.answer(request)
    }
}

impl BlockingTransport for MockTransport {
    fn send(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> {
        self.answer(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_one_segment_per_parameter() {
        assert!(path_matches("/items/{id}", "/items/7"));
        assert!(path_matches("/items/{id}/tags", "/items/a%2Fb/tags"));
        assert!(!path_matches("/items/{id}", "/items/7/tags"));
        assert!(!path_matches("/items/{id}/tags", "/items/7"));
        assert!(!path_matches("/items", "/things"));
    }

    #[test]
    fn unmatched_requests_fail_and_are_recorded() {
        let mock = MockTransport::new();
        mock.on(Method::GET, "/items/{id}")
            .text(StatusCode::OK, "hi");
        let request = |method, uri| {
            let mut r = http::Request::new(Bytes::new());
            *r.method_mut() = method;
            *r.uri_mut() = Uri::from_static(uri);
            r
        };
        let ok = BlockingTransport::send(&mock, request(Method::GET, "http://x/items/1")).unwrap();
        assert_eq!(ok.body(), "hi");
        assert_eq!(ok.headers()[CONTENT_TYPE], "text/plain");
        let err =
            BlockingTransport::send(&mock, request(Method::POST, "http://x/items/1")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the mock has no expectation for POST /items/1 (operation None)"
        );
        assert_eq!(mock.calls().len(), 2);
    }

    #[tokio::test]
    async fn query_credentials_are_recorded_apart_from_the_uri() {
        use crate::{Credential, ParamStyle, SchemeKind, SecurityScheme};

        let mock = MockTransport::new();
        mock.on(Method::GET, "/items").status(StatusCode::OK);
        let mut client = crate::Client::new("http://x.test", &mock).unwrap();
        client.set_credential("key", Credential::api_key("k3y&1"));
        let mut request = client.request(Method::GET, "/items");
        request.query("page", &2, ParamStyle::Form { explode: true });
        request.security(&[&[SecurityScheme::new(
            "key",
            SchemeKind::ApiKeyQuery("api key"),
        )]]);
        client.send::<()>(request).await.unwrap();

        let call = mock.calls().remove(0);
        assert_eq!(call.uri, "http://x.test/items?page=2");
        assert_eq!(call.query_credential("api key").as_deref(), Some("k3y&1"));
        assert_eq!(call.query_credential("page"), None);
        let shown = format!("{call:?}");
        assert!(!shown.contains("k3y"), "{shown}");
        assert!(shown.contains("api%20key=<redacted>"), "{shown}");
    }
}
