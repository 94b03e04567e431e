//! The transport abstraction: whatever sends an `http::Request` and brings back the response.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;

mod limit;
#[cfg(feature = "reqwest")]
mod reqwest;

pub use self::limit::{ResponseTooLarge, DEFAULT_MAX_RESPONSE_BYTES};
#[cfg(feature = "reqwest")]
pub use self::reqwest::{ReqwestTransport, ReqwestTransportBuilder};

/// Sends one HTTP request and returns its complete response; redirects must not be followed.
///
/// What every implementation owes its callers: bound the response body (read it incrementally and
/// fail with [`ResponseTooLarge`] past a limit, [`DEFAULT_MAX_RESPONSE_BYTES`] unless configured),
/// offer timeouts, and never print the request URI or credential headers in its errors: the URI's
/// query may hold an API key (log [`redacted_uri`](crate::redacted_uri) instead). Headers that
/// carry secrets arrive marked sensitive.
pub trait Transport: Send + Sync {
    /// Sends `request` (with an absolute URI) and returns the response with its whole body.
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, TransportError>> + Send;
}

impl<T: Transport> Transport for &T {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, TransportError>> + Send {
        (**self).send(request)
    }
}

impl<T: Transport> Transport for Arc<T> {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, TransportError>> + Send {
        (**self).send(request)
    }
}

/// A transport failure (connect, TLS, I/O, timeout), wrapping the transport's own error.
///
/// Displays as the wrapped error and forwards its `source()`; `get_ref` and
/// `into_inner` give the wrapped error for downcasting.
pub struct TransportError {
    inner: Box<dyn StdError + Send + Sync>,
}

impl TransportError {
    /// Wraps an error (or anything convertible to a boxed error, such as a `String`).
    pub fn new(error: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self {
            inner: error.into(),
        }
    }

    /// The wrapped error.
    pub fn get_ref(&self) -> &(dyn StdError + Send + Sync + 'static) {
        &*self.inner
    }

    /// Unwraps the wrapped error.
    pub fn into_inner(self) -> Box<dyn StdError + Send + Sync> {
        self.inner
    }

    /// This error, unless its `Display` or `Debug` (or those of a cause) shows one of `secrets`:
    /// then its messages as text with each secret replaced by `<redacted>` (the original error,
    /// which cannot be printed safely, is dropped).
    pub(crate) fn scrub(self, secrets: &[String]) -> Self {
        let mut shown = Vec::new();
        let mut next: Option<&(dyn StdError + 'static)> = Some(&*self.inner);
        while let Some(error) = next {
            shown.push((error.to_string(), format!("{error:?}")));
            next = error.source();
        }
        let secrets: Vec<&str> = secrets
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        let leaks = |text: &str| secrets.iter().any(|s| text.contains(s));
        if !shown
            .iter()
            .any(|(display, debug)| leaks(display) || leaks(debug))
        {
            return self;
        }
        let redact = |text: &str| {
            secrets
                .iter()
                .fold(text.to_owned(), |t, s| t.replace(s, "<redacted>"))
        };
        let scrubbed = shown.iter().rev().fold(None, |source, (display, _)| {
            Some(Scrubbed {
                message: redact(display),
                source: source.map(Box::new),
            })
        });
        scrubbed.map_or(self, Self::new)
    }
}

/// A transport error's messages with secrets redacted, each cause its own `source()`.
#[derive(Debug)]
struct Scrubbed {
    message: String,
    source: Option<Box<Scrubbed>>,
}

impl fmt::Display for Scrubbed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for Scrubbed {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|s| s as _)
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TransportError").field(&self.inner).finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner.source()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("outer")
        }
    }

    impl StdError for Outer {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn wraps_transparently() {
        let e = TransportError::new(Outer(std::io::Error::other("inner")));
        assert_eq!(e.to_string(), "outer");
        assert_eq!(e.source().unwrap().to_string(), "inner");
        assert!(e.get_ref().downcast_ref::<Outer>().is_some());
        assert!(format!("{e:?}").starts_with("TransportError("));
        assert!(e.into_inner().downcast::<Outer>().is_ok());
    }

    #[test]
    fn scrubbing_redacts_secrets_in_every_cause_and_keeps_clean_errors() {
        let secrets = ["k3y".to_owned(), "Bearer t0k".to_owned()];
        let leaky = TransportError::new(Outer(std::io::Error::other(
            "GET http://h/x?api_key=k3y failed",
        )));
        let scrubbed = leaky.scrub(&secrets);
        assert_eq!(scrubbed.to_string(), "outer");
        assert_eq!(
            scrubbed.source().unwrap().to_string(),
            "GET http://h/x?api_key=<redacted> failed"
        );
        assert!(!format!("{scrubbed:?}").contains("k3y"));

        let clean = TransportError::new(Outer(std::io::Error::other("refused")));
        let kept = clean.scrub(&secrets);
        assert!(kept.get_ref().downcast_ref::<Outer>().is_some());
    }

    struct Echo;

    impl Transport for Echo {
        async fn send(
            &self,
            request: http::Request<Bytes>,
        ) -> Result<http::Response<Bytes>, TransportError> {
            Ok(http::Response::new(request.into_body()))
        }
    }

    async fn roundtrip<T: Transport>(
        transport: T,
    ) -> Result<http::Response<Bytes>, TransportError> {
        transport
            .send(http::Request::new(Bytes::from_static(b"hi")))
            .await
    }

    #[tokio::test]
    async fn references_and_arcs_are_transports() {
        let echo = Echo;
        assert_eq!(roundtrip(&echo).await.unwrap().body(), "hi");
        assert_eq!(roundtrip(Arc::new(Echo)).await.unwrap().body(), "hi");
    }
}
