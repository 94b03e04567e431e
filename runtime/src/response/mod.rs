//! Responses: the raw one a transport returns, its decoders, and the typed `ResponseValue`.

use std::fmt;
use std::ops::Deref;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{DecodeError, Error, Unanswered};
use crate::security::is_sensitive_name;
use headers::{FromHeaders, HeaderError};

pub mod de;
pub mod double_option;
pub mod headers;
mod json_path;
pub mod null_as_empty;
mod sse;
mod stream;

pub use sse::ServerSentEvent;
pub use stream::{EventStream, JsonEventStream, StreamError, StreamingResponse};

/// A response as received: status, headers and the whole body.
///
/// `Debug` (and that of every error holding a response) shows no secret the server sent:
/// secret-bearing headers (`Set-Cookie`, ...; see [`is_sensitive_name`]) are marked sensitive and
/// print as `Sensitive`, and the body, which may hold a session token, prints as its length.
#[derive(Clone)]
pub struct RawResponse {
    status: StatusCode,
    // Boxed to keep `Error<E>`, which holds responses, small.
    headers: Box<HeaderMap>,
    body: Bytes,
}

impl RawResponse {
    /// A response from its parts.
    pub fn new(status: StatusCode, mut headers: HeaderMap, body: Bytes) -> Self {
        for (name, value) in headers.iter_mut() {
            if is_sensitive_name(name.as_str()) {
                value.set_sensitive(true);
            }
        }
        Self {
            status,
            headers: Box::new(headers),
            body,
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers the spec declares for this response, typed: `H` is the generated headers struct
    /// of the operation and status (its doc names them). The raw map stays in [`Self::headers`].
    pub fn typed_headers<H: FromHeaders>(&self) -> Result<H, HeaderError> {
        H::from_headers(&self.headers)
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Splits into status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, Bytes) {
        (self.status, *self.headers, self.body)
    }

    /// Decodes a JSON body; a non-JSON `Content-Type` is unexpected, bad JSON a decode error.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<ResponseValue<T>, Error<E>> {
        match self.decode_json() {
            Ok(value) => Ok(value),
            Err(failure) => Err(failure.widen()),
        }
    }

    /// The work of [`Self::json`], generic over the value only: one copy per decoded type, not one
    /// per type and operation error. What does not depend on the type (the content type, the
    /// error) is in non-generic functions, compiled once.
    fn decode_json<T: DeserializeOwned>(self) -> Result<ResponseValue<T>, Unanswered> {
        if !self.content_type_is_json() {
            return Err(Error::UnexpectedResponse(self));
        }
        // The body's UTF-8 is checked once, as a whole: serde_json's reader of bytes checks each
        // string on its own, a call per string (more than twice the instructions on bodies of
        // many short strings).
        let Ok(text) = std::str::from_utf8(&self.body) else {
            let error = invalid_utf8(&self.body);
            return Err(self.decode_failure(error));
        };
        let mut deserializer = serde_json::Deserializer::from_str(text);
        match T::deserialize(&mut deserializer) {
            Ok(value) => match deserializer.end() {
                Ok(()) => Ok(self.with(value)),
                Err(e) => Err(self.decode_failure(e)),
            },
            Err(e) => Err(self.decode_failure(e)),
        }
    }

    /// This response as the failure to decode its body with `error`.
    fn decode_failure(self, error: serde_json::Error) -> Unanswered {
        Error::Decode {
            source: decode_error(&self.body, error),
            response: self,
        }
    }

    /// Decodes a UTF-8 text body.
    pub fn text<E>(self) -> Result<ResponseValue<String>, Error<E>> {
        match std::str::from_utf8(&self.body) {
            Ok(text) => {
                let text = text.to_owned();
                Ok(self.with(text))
            }
            Err(e) => Err(Error::Decode {
                source: DecodeError::Utf8(e),
                response: self,
            }),
        }
    }

    /// Takes the body as bytes.
    pub fn bytes<E>(self) -> Result<ResponseValue<Bytes>, Error<E>> {
        let body = self.body.clone();
        Ok(self.with(body))
    }

    /// Ignores any body.
    pub fn empty<E>(self) -> Result<ResponseValue<()>, Error<E>> {
        Ok(self.with(()))
    }

    /// A documented error response with a JSON body: `Error::Response` holding `variant(body)`
    /// or the decode failure.
    pub fn json_error<T: DeserializeOwned, E>(self, variant: fn(T) -> E) -> Error<E> {
        match self.decode_json::<T>() {
            Ok(value) => value.answer(variant),
            Err(failure) => failure.widen(),
        }
    }

    /// A documented error response with a text body.
    pub fn text_error<E>(self, variant: fn(String) -> E) -> Error<E> {
        match self.text() {
            Ok(value) => value.answer(variant),
            Err(failure) => failure,
        }
    }

    /// A documented error response with a binary body.
    pub fn bytes_error<E>(self, variant: fn(Bytes) -> E) -> Error<E> {
        let body = self.body.clone();
        Error::Response(self.with(variant(body)))
    }

    /// A documented error response without a body (its body, if any, is ignored).
    pub fn empty_error<E>(self, variant: E) -> Error<E> {
        Error::Response(self.with(variant))
    }

    /// This response as an `Error::UnexpectedResponse`.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedResponse(self)
    }

    fn with<T>(self, value: T) -> ResponseValue<T> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            value,
        }
    }

    /// True when `Content-Type` is absent, `application/json` or `*/*+json` (parameters allowed).
    fn content_type_is_json(&self) -> bool {
        let Some(value) = self.headers.get(CONTENT_TYPE) else {
            return true;
        };
        // The usual value, without splitting it into its parts.
        if value.as_bytes().eq_ignore_ascii_case(b"application/json") {
            return true;
        }
        let Ok(value) = value.to_str() else {
            return false;
        };
        let essence = value.split(';').next().unwrap_or("").trim();
        match essence.split_once('/') {
            Some((kind, subtype)) => {
                !kind.is_empty()
                    && ((kind.eq_ignore_ascii_case("application")
                        && subtype.eq_ignore_ascii_case("json"))
                        || ends_with_ignore_case(subtype, "+json"))
            }
            None => false,
        }
    }
}

/// Whether `text` ends with the ASCII `suffix`, ignoring ASCII case.
fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// serde_json's error for a body that is not UTF-8, with its line and column: the reader of bytes
/// stops at the first invalid sequence in a string, and at any other as at an unexpected byte.
/// Not generic, so the decoders of the generated types are compiled for one reader only.
#[cold]
fn invalid_utf8(body: &[u8]) -> serde_json::Error {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Err(error) => error,
        // Unreachable: a body that is not UTF-8 never decodes. Kept as an error all the same.
        Ok(_) => serde::de::Error::custom("the body is not UTF-8"),
    }
}

/// The decode error for `body`, naming where in the body a value did not fit its type (found
/// from the error's position, on the error path only).
fn decode_error(body: &[u8], error: serde_json::Error) -> DecodeError {
    if error.classify() != serde_json::error::Category::Data {
        return DecodeError::Json(error);
    }
    match json_path::error_path(body, &error) {
        Some(path) => DecodeError::JsonAt {
            path,
            source: error,
        },
        None => DecodeError::Json(error),
    }
}

impl From<http::Response<Bytes>> for RawResponse {
    fn from(response: http::Response<Bytes>) -> Self {
        let (parts, body) = response.into_parts();
        Self::new(parts.status, parts.headers, body)
    }
}

/// A decoded response: status, headers and the typed value.
#[derive(Clone, Debug)]
pub struct ResponseValue<T> {
    status: StatusCode,
    // Boxed to keep `Error<E>`, which holds error responses, small.
    headers: Box<HeaderMap>,
    value: T,
}

impl<T> ResponseValue<T> {
    /// A response value from its parts.
    pub fn new(value: T, status: StatusCode, headers: HeaderMap) -> Self {
        Self {
            status,
            headers: Box::new(headers),
            value,
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers the spec declares for this response, typed: `H` is the generated headers struct
    /// of the operation and status (its doc names them), for success values and for the typed
    /// error responses in `Error::Response` alike. Reading them never fails the call itself: a
    /// missing required header or an unparsable value is a [`HeaderError`] here, and the raw map
    /// stays in [`Self::headers`].
    pub fn typed_headers<H: FromHeaders>(&self) -> Result<H, HeaderError> {
        H::from_headers(&self.headers)
    }

    /// The value, dropping status and headers.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Splits into status, headers and value.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, *self.headers, self.value)
    }

    /// Maps the value, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            value: f(self.value),
        }
    }

    /// A documented error response: `Error::Response` with the value mapped by `f`.
    pub fn into_error<E>(self, f: impl FnOnce(T) -> E) -> Error<E> {
        Error::Response(self.map(f))
    }

    /// [`Self::into_error`] for the decoders: a function pointer rather than a closure, so that
    /// no closure and no `map` is compiled per value and error type.
    fn answer<E>(self, variant: fn(T) -> E) -> Error<E> {
        Error::Response(ResponseValue {
            status: self.status,
            headers: self.headers,
            value: variant(self.value),
        })
    }
}

impl ResponseValue<std::convert::Infallible> {
    /// A value of no type, for a response that cannot exist.
    pub(crate) fn absurd(self) -> ! {
        match self.value {}
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Identity {
        id: String,
    }

    fn raw(status: u16, content_type: Option<&'static str>, body: &'static [u8]) -> RawResponse {
        let mut headers = HeaderMap::new();
        if let Some(ct) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(ct));
        }
        RawResponse::new(
            StatusCode::from_u16(status).unwrap(),
            headers,
            Bytes::from_static(body),
        )
    }

    #[test]
    fn json_decodes_with_or_without_content_type() {
        let v = raw(
            200,
            Some("application/json; charset=utf-8"),
            br#"{"id":"x"}"#,
        )
        .json::<Identity, ()>()
        .unwrap();
        assert_eq!(v.status(), StatusCode::OK);
        assert_eq!(v.id, "x");
        assert_eq!(v.headers()[CONTENT_TYPE], "application/json; charset=utf-8");
        let v = raw(201, None, br#"{"id":"y"}"#)
            .json::<Identity, ()>()
            .unwrap();
        assert_eq!(v.into_inner(), Identity { id: "y".into() });
    }

    #[test]
    fn json_accepts_structured_suffixes() {
        for ct in [
            "application/problem+json",
            "application/vnd.api+json;v=1",
            "APPLICATION/JSON",
            "Application/Problem+JSON",
        ] {
            assert!(raw(400, Some(ct), b"1").json::<u8, ()>().is_ok(), "{ct}");
        }
    }

    #[test]
    fn json_refuses_other_content_types() {
        for ct in [
            "text/html",
            "application/jsonx",
            "json",
            "text/plain; x=+json",
        ] {
            let err = raw(200, Some(ct), br#"{"id":"x"}"#)
                .json::<Identity, ()>()
                .unwrap_err();
            match err {
                Error::UnexpectedResponse(r) => assert_eq!(r.body(), r#"{"id":"x"}"#.as_bytes()),
                other => panic!("{ct}: {other:?}"),
            }
        }
    }

    #[test]
    fn bad_json_keeps_the_raw_response() {
        let err = raw(200, Some("application/json"), b"<html>")
            .json::<Identity, ()>()
            .unwrap_err();
        match err {
            Error::Decode {
                source: DecodeError::Json(e),
                response,
            } => {
                assert_eq!(response.body(), "<html>".as_bytes());
                assert_eq!(response.status(), StatusCode::OK);
                assert_eq!(e.line(), 1);
            }
            other => panic!("{other:?}"),
        }
        let empty = raw(200, Some("application/json"), b"")
            .json::<Identity, ()>()
            .unwrap_err();
        assert!(matches!(empty, Error::Decode { .. }));
    }

    #[test]
    fn decode_errors_name_the_field() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Flow {
            nodes: Vec<Node>,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Node {
            id: i64,
        }
        let err = raw(
            200,
            None,
            br#"{"nodes": [{"id": 1}, {"id": 9223372036854775808}]}"#,
        )
        .json::<Flow, ()>()
        .unwrap_err();
        match err {
            Error::Decode {
                source: DecodeError::JsonAt { path, source },
                ..
            } => {
                assert_eq!(path, "nodes[1].id");
                assert!(source.to_string().contains("expected i64"), "{source}");
                assert_eq!(source.line(), 1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bodies_that_are_not_utf8_fail_where_the_bad_bytes_are() {
        // In a string, and between values.
        for (body, column) in [(&b"{\n  \"id\": \"a\xff\"}"[..], 11), (b"{\n  \xc3", 3)] {
            match raw(200, None, body)
                .json::<serde_json::Value, ()>()
                .unwrap_err()
            {
                Error::Decode {
                    source: DecodeError::Json(source),
                    ..
                } => assert_eq!((source.line(), source.column()), (2, column), "{source}"),
                other => panic!("{other:?}"),
            }
        }
        let text = raw(200, None, "{\"name\": \"Zoë\"}".as_bytes())
            .json::<serde_json::Value, ()>()
            .unwrap();
        assert_eq!(text.value["name"], "Zoë");
    }

    #[test]
    fn text_requires_utf8() {
        let v = raw(200, Some("text/plain"), "héllo".as_bytes())
            .text::<()>()
            .unwrap();
        assert_eq!(*v, "héllo");
        let err = raw(200, Some("text/plain"), b"\xff\xfe")
            .text::<()>()
            .unwrap_err();
        assert!(matches!(
            err,
            Error::Decode {
                source: DecodeError::Utf8(_),
                ..
            }
        ));
    }

    #[test]
    fn bytes_empty_and_unexpected() {
        let v = raw(200, Some("application/octet-stream"), b"\x00\x01")
            .bytes::<()>()
            .unwrap();
        assert_eq!(v.as_ref(), [0, 1]);
        let v = raw(204, Some("text/html"), b"ignored")
            .empty::<()>()
            .unwrap();
        assert_eq!(v.status(), StatusCode::NO_CONTENT);
        let e: Error<()> = raw(418, None, b"tea").unexpected();
        assert_eq!(e.status(), Some(StatusCode::IM_A_TEAPOT));
    }

    #[test]
    fn response_value_maps_and_becomes_an_error() {
        let v = ResponseValue::new(2, StatusCode::NOT_FOUND, HeaderMap::new());
        let doubled = v.clone().map(|n| n * 2);
        assert_eq!(*doubled, 4);
        let (status, _, value) = doubled.into_parts();
        assert_eq!((status, value), (StatusCode::NOT_FOUND, 4));
        match v.into_error(|n| format!("e{n}")) {
            Error::Response(r) => assert_eq!(
                (r.status(), r.into_inner()),
                (StatusCode::NOT_FOUND, "e2".to_owned())
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn from_http_response() {
        let mut response = http::Response::new(Bytes::from_static(b"b"));
        *response.status_mut() = StatusCode::SEE_OTHER;
        response
            .headers_mut()
            .insert("location", HeaderValue::from_static("/next"));
        response
            .headers_mut()
            .insert("set-cookie", HeaderValue::from_static("ory_session=s3cr3t"));
        let raw = RawResponse::from(response);
        assert_eq!(
            format!("{raw:?}"),
            r#"RawResponse { status: 303, headers: {"location": "/next", "set-cookie": Sensitive}, body: <1 bytes> }"#
        );
        assert_eq!(raw.headers()["set-cookie"], "ory_session=s3cr3t");
        assert_eq!(raw.status(), StatusCode::SEE_OTHER);
        assert_eq!(raw.headers()["location"], "/next");
        let (_, _, body) = raw.into_parts();
        assert_eq!(body, "b");
    }
}
