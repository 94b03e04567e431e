//! What the generated call builders (`client.call().operation(..)`) hold besides the operation's
//! inputs: per-call options, and the typestate that makes `send` exist only once a required body
//! was given.

use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::HeaderMap;

use crate::error::EncodeError;
use crate::security::is_sensitive_name;
use crate::transport::RequestTimeout;

/// Extra headers and a timeout for one call, applied after the operation's own request is built.
#[derive(Debug, Default)]
pub struct CallOptions {
    headers: HeaderMap,
    timeout: Option<Duration>,
    error: Option<EncodeError>,
}

impl CallOptions {
    /// Sets (replaces) a header on this call only; an invalid name, or a value holding CR, LF or
    /// another control character, makes the call fail with `Error::InvalidRequest` unsent. Values
    /// of secret-bearing names ([`is_sensitive_name`](crate::is_sensitive_name)) are marked sensitive.
    pub fn header(&mut self, name: &str, value: &str) {
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.fail(EncodeError::InvalidHeaderName {
                name: name.to_owned(),
            });
        };
        match HeaderValue::from_str(value) {
            Ok(mut value) => {
                // Marked, it is hidden from `Debug` and scrubbed from transport errors.
                value.set_sensitive(is_sensitive_name(header.as_str()));
                self.headers.insert(header, value);
            }
            Err(_) => self.fail(EncodeError::InvalidHeaderValue {
                name: header.to_string(),
            }),
        }
    }

    /// Gives up on this call after `timeout` (a [`RequestTimeout`] extension for the transport).
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// The request with these options applied: their headers replace the request's own, and the
    /// timeout becomes a [`RequestTimeout`] extension.
    pub fn apply(
        self,
        request: Result<http::Request<Bytes>, EncodeError>,
    ) -> Result<http::Request<Bytes>, EncodeError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut request = request?;
        for (name, value) in self.headers {
            if let Some(name) = name {
                request.headers_mut().insert(name, value);
            }
        }
        if let Some(timeout) = self.timeout {
            request.extensions_mut().insert(RequestTimeout(timeout));
        }
        Ok(request)
    }

    fn fail(&mut self, error: EncodeError) {
        self.error.get_or_insert(error);
    }
}

/// Body state of a call builder to which no body was given yet.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoBody;

/// Body state of a call builder to which `body` was given.
#[derive(Clone, Copy, Debug)]
pub struct WithBody<B>(pub B);

/// A builder's body state, for operations whose body is optional.
pub trait OptionalBody<B> {
    /// The body, if one was given.
    fn into_body(self) -> Option<B>;
}

impl<B> OptionalBody<B> for NoBody {
    fn into_body(self) -> Option<B> {
        None
    }
}

impl<B> OptionalBody<B> for WithBody<B> {
    fn into_body(self) -> Option<B> {
        Some(self.0)
    }
}

/// A builder's body state once a body was given; operations with a required body can be sent
/// only in this state.
#[diagnostic::on_unimplemented(
    message = "this operation requires a request body",
    label = "no body given to this call",
    note = "call `.body(..)` on the builder before `.send()`"
)]
pub trait RequiredBody<B> {
    /// The body.
    fn into_body(self) -> B;
}

impl<B> RequiredBody<B> for WithBody<B> {
    fn into_body(self) -> B {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> Result<http::Request<Bytes>, EncodeError> {
        let mut request = http::Request::new(Bytes::new());
        request
            .headers_mut()
            .insert("x-request-id", HeaderValue::from_static("spec"));
        Ok(request)
    }

    #[test]
    fn headers_replace_and_timeouts_become_extensions() {
        let mut options = CallOptions::default();
        options.header("X-Request-Id", "call");
        options.header("X-Extra", "1");
        options.header("X-Api-Key", "k3y");
        options.timeout(Duration::from_secs(3));
        let request = options.apply(request()).unwrap();
        assert_eq!(request.headers()["x-request-id"], "call");
        assert_eq!(request.headers()["x-extra"], "1");
        assert!(!request.headers()["x-extra"].is_sensitive());
        assert!(request.headers()["x-api-key"].is_sensitive());
        assert_eq!(
            request.extensions().get::<RequestTimeout>(),
            Some(&RequestTimeout(Duration::from_secs(3)))
        );
    }

    #[test]
    fn invalid_headers_fail_the_call_and_name_the_header() {
        let mut options = CallOptions::default();
        options.header("X-Evil", "a\r\nSet-Cookie: x=1");
        options.header("bad name", "v");
        let error = options.apply(request()).unwrap_err();
        assert!(matches!(error, EncodeError::InvalidHeaderValue { name } if name == "x-evil"));
        let mut options = CallOptions::default();
        options.header("bad name", "v");
        assert!(matches!(
            options.apply(request()),
            Err(EncodeError::InvalidHeaderName { .. })
        ));
    }

    #[test]
    fn the_request_error_comes_first_when_options_are_fine() {
        let failed = Err(EncodeError::MissingPathParameter { name: "id".into() });
        assert!(matches!(
            CallOptions::default().apply(failed),
            Err(EncodeError::MissingPathParameter { .. })
        ));
    }

    #[test]
    fn body_states() {
        assert_eq!(OptionalBody::<u8>::into_body(NoBody), None);
        assert_eq!(OptionalBody::into_body(WithBody(1)), Some(1));
        assert_eq!(RequiredBody::into_body(WithBody(2)), 2);
    }
}
