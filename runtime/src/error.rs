//! The error types: configuration, request encoding, response decoding, and the one a call returns.

use std::fmt;

use http::{HeaderMap, StatusCode};

use crate::response::{RawResponse, ResponseValue};
use crate::transport::TransportError;

/// A client could not be configured: a bad base URL or default header.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The base URL is not an absolute `http` or `https` URL without query or fragment.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A default header name is not a valid HTTP header name.
    #[error("invalid header name `{name}`")]
    InvalidHeaderName {
        /// The name as given.
        name: String,
    },
    /// A default header value holds CR, LF or another forbidden control character.
    #[error("invalid value for header `{name}` (control characters such as CR or LF are refused)")]
    InvalidHeaderValue {
        /// The header's name (the value is not repeated, as it may be a secret).
        name: String,
    },
    /// An extra root certificate for TLS is not a usable DER-encoded X.509 certificate.
    #[error("invalid root certificate: {reason}")]
    InvalidRootCertificate {
        /// What the TLS library said.
        reason: String,
    },
}

/// A parameter or body could not be encoded into a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A value could not be serialized.
    #[error("`{name}` could not be serialized")]
    Serialize {
        /// The parameter or body it was meant for.
        name: String,
        /// What serde said.
        #[source]
        source: serde_json::Error,
    },
    /// A path parameter was null, or the template still names a parameter that was never given.
    #[error("path parameter `{name}` is missing")]
    MissingPathParameter {
        /// The parameter's name.
        name: String,
    },
    /// A path parameter was given whose name does not appear in the path template.
    #[error("the path template has no parameter `{name}`")]
    UnknownPathParameter {
        /// The parameter's name.
        name: String,
    },
    /// A path parameter's value made a whole path segment `.`, `..` or empty, which would call
    /// another endpoint (`/items/../delete` is `/delete`); nothing is sent.
    #[error("path parameter `{name}` would make the path segment `{segment}`, which resolves to another endpoint")]
    UnsafePathSegment {
        /// The parameter's name.
        name: String,
        /// The segment it made: `.`, `..` or empty.
        segment: String,
    },
    /// A style was used where OpenAPI does not allow it (e.g. `deepObject` in a path).
    #[error("style {style:?} cannot be used for {location} parameter `{name}`")]
    UnsupportedStyle {
        /// The parameter's name.
        name: String,
        /// Where the parameter goes: `path` or `query`.
        location: &'static str,
        /// The refused style.
        style: crate::ParamStyle,
    },
    /// A header name is not a valid HTTP header name.
    #[error("invalid header name `{name}`")]
    InvalidHeaderName {
        /// The name as given.
        name: String,
    },
    /// A header value holds CR, LF or another forbidden control character.
    #[error("invalid value for header `{name}` (control characters such as CR or LF are refused)")]
    InvalidHeaderValue {
        /// The header's name (the value is not repeated, as it may be a secret).
        name: String,
    },
    /// A cookie name is not a valid token.
    #[error("invalid cookie name `{name}`")]
    InvalidCookieName {
        /// The name as given.
        name: String,
    },
    /// A cookie value to be sent verbatim holds `;`, `,`, a space, a quote, a backslash or a control character.
    #[error("invalid value for cookie `{name}`")]
    InvalidCookieValue {
        /// The cookie's name (the value is not repeated, as it may be a secret).
        name: String,
    },
    /// A form or multipart body was not a JSON object.
    #[error("a {kind} body must be an object")]
    BodyNotObject {
        /// `form` or `multipart`.
        kind: &'static str,
    },
    /// Base URL, path and query did not make a valid URI.
    #[error("the request URI is invalid")]
    InvalidUri(#[source] http::uri::InvalidUri),
    /// Base URL, path and query did not make a URI (their parts did not fit together).
    #[error("the request URI is invalid")]
    InvalidUriParts(#[source] http::uri::InvalidUriParts),
}

/// A response body could not be decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The body is not valid JSON for the expected type.
    #[error("the body is not the expected JSON")]
    Json(#[from] serde_json::Error),
    /// The body is JSON, but the value at `path` (`identity.verifiable_addresses[0].id`) does not
    /// fit its type: a wrong type, an unknown variant, or a number out of range (an `int64` field
    /// never wraps). Inside a union whose tag comes after other keys, the path ends at the union.
    #[error("the body is not the expected JSON at `{path}`")]
    JsonAt {
        /// Where in the body, as field names and list indices.
        path: String,
        /// What serde_json found there (with line and column).
        source: serde_json::Error,
    },
    /// The body is not valid UTF-8 text.
    #[error("the body is not UTF-8 text")]
    Utf8(#[from] std::str::Utf8Error),
}

/// What an API call returns on failure; `E` is the operation's typed error body.
#[derive(Debug)]
pub enum Error<E> {
    /// The request could not be sent or the response not received (connect, TLS, I/O).
    Transport(TransportError),
    /// A parameter or body could not be encoded, or a header held CR/LF; nothing was sent.
    InvalidRequest(EncodeError),
    /// A documented non-success response, with its typed body.
    Response(ResponseValue<E>),
    /// An undocumented status or content type; status, headers and body are kept.
    UnexpectedResponse(RawResponse),
    /// A documented response whose body does not decode; the raw response is kept.
    Decode {
        /// Why decoding failed.
        source: DecodeError,
        /// The response as received.
        response: RawResponse,
    },
    /// A walk over the pages of a list stopped early (a loop, another origin, too many pages).
    Pagination(crate::pagination::PaginationError),
}

impl<E> Error<E> {
    /// The response's status, when there was a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Response(value) => Some(value.status()),
            Error::UnexpectedResponse(raw) | Error::Decode { response: raw, .. } => {
                Some(raw.status())
            }
            Error::Transport(_) | Error::InvalidRequest(_) | Error::Pagination(_) => None,
        }
    }

    /// The response's headers, when there was a response.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Response(value) => Some(value.headers()),
            Error::UnexpectedResponse(raw) | Error::Decode { response: raw, .. } => {
                Some(raw.headers())
            }
            Error::Transport(_) | Error::InvalidRequest(_) | Error::Pagination(_) => None,
        }
    }
}

/// An error that holds no operation's response: what the parts of a call shared by every operation
/// (sending, decoding a body) fail with, before it becomes the error of one operation.
pub(crate) type Unanswered = Error<std::convert::Infallible>;

impl Unanswered {
    /// The same error, as one of an operation whose documented errors are `E`.
    pub(crate) fn widen<E>(self) -> Error<E> {
        match self {
            Error::Transport(e) => Error::Transport(e),
            Error::InvalidRequest(e) => Error::InvalidRequest(e),
            Error::Response(response) => response.absurd(),
            Error::UnexpectedResponse(response) => Error::UnexpectedResponse(response),
            Error::Decode { source, response } => Error::Decode { source, response },
            Error::Pagination(e) => Error::Pagination(e),
        }
    }
}

impl<E> Error<E> {
    /// The underlying error, for `source()` and the one-line `Display`.
    fn cause(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::InvalidRequest(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            Error::Pagination(e) => Some(e),
            Error::Response(_) | Error::UnexpectedResponse(_) => None,
        }
    }
}

/// One line: what failed, then each cause in the `source()` chain after `: `
/// (`the request could not be sent or its response not received: error sending request: ...`).
/// `source()` still returns the cause for programmatic inspection.
impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(_) => {
                f.write_str("the request could not be sent or its response not received")?
            }
            Error::InvalidRequest(_) => f.write_str("the request could not be encoded")?,
            Error::Pagination(_) => f.write_str("the walk over the pages stopped")?,
            Error::Response(value) => write!(f, "error response with status {}", value.status())?,
            Error::UnexpectedResponse(raw) => {
                write!(f, "unexpected response with status {}", raw.status())?
            }
            Error::Decode { response, .. } => write!(
                f,
                "the body of a response with status {} could not be decoded",
                response.status()
            )?,
        }
        let mut cause = self.cause();
        while let Some(error) = cause {
            write!(f, ": {error}")?;
            cause = error.source();
        }
        Ok(())
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause()
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use bytes::Bytes;

    use super::*;

    fn raw(status: u16) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", http::HeaderValue::from_static("r1"));
        RawResponse::new(
            StatusCode::from_u16(status).unwrap(),
            headers,
            Bytes::from_static(b"oops"),
        )
    }

    #[test]
    fn status_and_headers_come_from_the_response() {
        let e: Error<()> = Error::UnexpectedResponse(raw(502));
        assert_eq!(e.status(), Some(StatusCode::BAD_GATEWAY));
        assert_eq!(e.headers().unwrap()["x-request-id"], "r1");
        assert_eq!(
            e.to_string(),
            "unexpected response with status 502 Bad Gateway"
        );
        assert!(e.source().is_none());

        let typed: Error<&str> = Error::Response(ResponseValue::new(
            "gone",
            StatusCode::GONE,
            HeaderMap::new(),
        ));
        assert_eq!(typed.status(), Some(StatusCode::GONE));
        assert_eq!(typed.to_string(), "error response with status 410 Gone");
    }

    #[test]
    fn decode_keeps_raw_and_exposes_source() {
        let source = serde_json::from_slice::<u8>(b"x").unwrap_err();
        let e: Error<()> = Error::Decode {
            source: source.into(),
            response: raw(200),
        };
        assert_eq!(e.status(), Some(StatusCode::OK));
        assert_eq!(
            e.to_string(),
            "the body of a response with status 200 OK could not be decoded: \
             the body is not the expected JSON: expected value at line 1 column 1"
        );
        assert!(e.source().unwrap().to_string().contains("JSON"));
    }

    fn assert_send_sync<T: Send + Sync + 'static>() {}

    #[test]
    fn errors_are_send_and_sync() {
        assert_send_sync::<Error<String>>();
        assert_send_sync::<ConfigError>();
    }

    #[test]
    fn request_side_errors_have_no_status() {
        let e: Error<()> =
            Error::InvalidRequest(EncodeError::MissingPathParameter { name: "id".into() });
        assert_eq!(e.status(), None);
        assert!(e.headers().is_none());
        assert_eq!(
            e.source().unwrap().to_string(),
            "path parameter `id` is missing"
        );

        assert_eq!(
            e.to_string(),
            "the request could not be encoded: path parameter `id` is missing"
        );

        let t: Error<()> = Error::Transport(TransportError::new("refused"));
        assert_eq!(t.status(), None);
        assert_eq!(t.source().unwrap().to_string(), "refused");
    }

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|l| l as _)
        }
    }

    #[test]
    fn display_shows_the_whole_cause_chain_on_one_line() {
        let chain = Layer(
            "error sending request",
            Some(Box::new(Layer(
                "client error (Connect)",
                Some(Box::new(Layer("tcp connect error", None))),
            ))),
        );
        let e: Error<()> = Error::Transport(TransportError::new(chain));
        assert_eq!(
            e.to_string(),
            "the request could not be sent or its response not received: error sending request: \
             client error (Connect): tcp connect error"
        );
    }
}
