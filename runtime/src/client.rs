//! `Client`: a transport plus the [`Config`] every request shares.

use std::ops::{Deref, DerefMut};

use bytes::Bytes;

use crate::config::Config;
use crate::error::{ConfigError, EncodeError, Error, Unanswered};
use crate::request::{RequestBuilder, SentSecrets};
use crate::response::{RawResponse, ResponseValue};
use crate::transport::{BlockingTransport, Transport};

/// A configured API client over transport `T`; `Debug` redacts credentials.
///
/// Everything that does not depend on the transport (base URL, default headers, credentials,
/// timeout, building requests) is on [`Config`], reachable through `Deref`.
#[derive(Clone, Debug)]
pub struct Client<T> {
    transport: T,
    config: Config,
}

impl<T: Transport> Client<T> {
    /// Sends a built request: `Error::InvalidRequest` if a builder step failed, else the raw response.
    /// A transport error that would print a credential of the request is scrubbed of it.
    pub async fn send<E>(&self, request: RequestBuilder<'_>) -> Result<RawResponse, Error<E>> {
        self.execute(self.config.build(request)).await
    }

    /// Sends a finished request, or fails with `Error::InvalidRequest` if it could not be built.
    pub async fn execute<E>(
        &self,
        request: Result<http::Request<Bytes>, EncodeError>,
    ) -> Result<RawResponse, Error<E>> {
        self.exchange(request).await.map_err(Unanswered::widen)
    }

    /// What every call does whatever its operation: not generic over the operation's types, so
    /// an app compiles it once per transport rather than once per operation.
    async fn exchange(
        &self,
        request: Result<http::Request<Bytes>, EncodeError>,
    ) -> Result<RawResponse, Unanswered> {
        let mut request = request.map_err(Error::InvalidRequest)?;
        let secrets = SentSecrets::take(&mut request);
        let response = self
            .transport
            .send(request)
            .await
            .map_err(|e| Error::Transport(e.scrub(&secrets.texts())))?;
        Ok(RawResponse::from(response))
    }
}

/// A generated function that decodes the responses of one operation.
pub type Decode<V, E> = fn(RawResponse) -> Result<ResponseValue<V>, Error<E>>;

impl<T: Transport> Client<T> {
    /// Sends `request` and decodes the response with `decode`: the body of a generated client's
    /// `_with_response` method and builder `send_with_response`. The async code is here, generic
    /// over the transport, so a generated crate holds none of its own to compile.
    pub async fn call<V, E>(
        &self,
        request: Result<http::Request<Bytes>, EncodeError>,
        decode: Decode<V, E>,
    ) -> Result<ResponseValue<V>, Error<E>> {
        let response = self.exchange(request).await.map_err(Unanswered::widen)?;
        decode(response)
    }

    /// Like [`Self::call`], keeping only the value (a generated client's positional method).
    pub async fn call_value<V, E>(
        &self,
        request: Result<http::Request<Bytes>, EncodeError>,
        decode: Decode<V, E>,
    ) -> Result<V, Error<E>> {
        let response = self.exchange(request).await.map_err(Unanswered::widen)?;
        decode(response).map(ResponseValue::into_inner)
    }
}

impl<T: crate::transport::StreamingTransport> Client<T> {
    /// Sends a built request and returns as soon as the response head arrives, with the body
    /// still streaming (downloads, server-sent events).
    pub async fn send_streaming<E>(
        &self,
        request: RequestBuilder<'_>,
    ) -> Result<crate::response::StreamingResponse, Error<E>> {
        self.execute_streaming_raw(self.config.build(request)).await
    }

    /// What generated streaming methods call: sends a finished request with `Accept: accept`;
    /// a status that `streams` accepts returns at once with the body still arriving. Any other
    /// status is read whole (up to [`DEFAULT_MAX_RESPONSE_BYTES`](crate::DEFAULT_MAX_RESPONSE_BYTES))
    /// and handed to `decode`, the operation's response decoder, which makes it the documented
    /// error it is; a status that `decode` takes for a success is an `Error::UnexpectedResponse`.
    pub async fn execute_streaming<V, E>(
        &self,
        request: Result<http::Request<Bytes>, EncodeError>,
        accept: &str,
        streams: impl FnOnce(u16) -> bool,
        decode: impl FnOnce(RawResponse) -> Result<crate::ResponseValue<V>, Error<E>>,
    ) -> Result<crate::response::StreamingResponse, Error<E>> {
        let mut request = request.map_err(Error::InvalidRequest)?;
        let accept = http::HeaderValue::from_str(accept).map_err(|_| {
            Error::InvalidRequest(EncodeError::InvalidHeaderValue {
                name: http::header::ACCEPT.to_string(),
            })
        })?;
        request.headers_mut().insert(http::header::ACCEPT, accept);
        let response = self.execute_streaming_raw(Ok(request)).await?;
        if streams(response.status().as_u16()) {
            return Ok(response);
        }
        let raw = response
            .into_raw(crate::DEFAULT_MAX_RESPONSE_BYTES as usize)
            .await
            .map_err(Error::Transport)?;
        match decode(raw.clone()) {
            Ok(_) => Err(Error::UnexpectedResponse(raw)),
            Err(error) => Err(error),
        }
    }

    async fn execute_streaming_raw<E>(
        &self,
        request: Result<http::Request<Bytes>, EncodeError>,
    ) -> Result<crate::response::StreamingResponse, Error<E>> {
        use futures_util::StreamExt;

        let mut request = request.map_err(Error::InvalidRequest)?;
        let secrets = SentSecrets::take(&mut request);
        let response = self
            .transport
            .send_streaming(request)
            .await
            .map_err(|e| Error::Transport(e.scrub(&secrets.texts())))?;
        let response = response.map(|body| {
            let body = body.map(move |chunk| chunk.map_err(|e| e.scrub(&secrets.texts())));
            Box::pin(body) as crate::transport::ByteStream
        });
        Ok(crate::response::StreamingResponse::new(response))
    }
}

impl<T: BlockingTransport> Client<T> {
    /// Sends a built request over a blocking transport, like [`Client::send`] without async.
    pub fn send_blocking<E>(&self, request: RequestBuilder<'_>) -> Result<RawResponse, Error<E>> {
        self.execute_blocking(self.config.build(request))
    }

    /// Sends a finished request over a blocking transport, like [`Client::execute`] without async.
    pub fn execute_blocking<E>(
        &self,
        request: Result<http::Request<Bytes>, EncodeError>,
    ) -> Result<RawResponse, Error<E>> {
        self.exchange_blocking(request).map_err(Unanswered::widen)
    }

    /// [`Client::exchange`] over a blocking transport.
    fn exchange_blocking(
        &self,
        request: Result<http::Request<Bytes>, EncodeError>,
    ) -> Result<RawResponse, Unanswered> {
        let mut request = request.map_err(Error::InvalidRequest)?;
        let secrets = SentSecrets::take(&mut request);
        let response = self
            .transport
            .send(request)
            .map_err(|e| Error::Transport(e.scrub(&secrets.texts())))?;
        Ok(RawResponse::from(response))
    }
}

impl<T: BlockingTransport> Client<T> {
    /// [`Self::call`] over a blocking transport.
    pub fn call_blocking<V, E>(
        &self,
        request: Result<http::Request<Bytes>, EncodeError>,
        decode: Decode<V, E>,
    ) -> Result<ResponseValue<V>, Error<E>> {
        decode(self.execute_blocking(request)?)
    }

    /// [`Self::call_value`] over a blocking transport.
    pub fn call_value_blocking<V, E>(
        &self,
        request: Result<http::Request<Bytes>, EncodeError>,
        decode: Decode<V, E>,
    ) -> Result<V, Error<E>> {
        self.call_blocking(request, decode)
            .map(ResponseValue::into_inner)
    }
}

impl<T> Client<T> {
    /// A client for `base_url` (absolute `http`/`https`, no query or fragment; a trailing `/` is dropped).
    pub fn new(base_url: &str, transport: T) -> Result<Self, ConfigError> {
        Ok(Self {
            transport,
            config: Config::new(base_url)?,
        })
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// What every request shares: base URL, default headers, credentials, timeout.
    pub fn config(&self) -> &Config {
        &self.config
    }
}

impl<T> Deref for Client<T> {
    type Target = Config;

    fn deref(&self) -> &Config {
        &self.config
    }
}

impl<T> DerefMut for Client<T> {
    fn deref_mut(&mut self) -> &mut Config {
        &mut self.config
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use http::StatusCode;

    use super::*;
    use crate::request::ParamStyle;
    use http::Method;

    use crate::security::{Credential, SchemeKind, SecurityScheme};
    use crate::transport::TransportError;

    /// Records requests and answers 200 with body `ok`, or fails when told to.
    #[derive(Debug, Default)]
    struct Recorder {
        seen: Mutex<Vec<http::Request<Bytes>>>,
        fail: bool,
    }

    impl Transport for Recorder {
        async fn send(
            &self,
            request: http::Request<Bytes>,
        ) -> Result<http::Response<Bytes>, TransportError> {
            if self.fail {
                return Err(TransportError::new("connection refused"));
            }
            self.seen
                .lock()
                .map_err(|_| TransportError::new("poisoned"))?
                .push(request);
            Ok(http::Response::new(Bytes::from_static(b"ok")))
        }
    }

    #[test]
    fn base_urls_are_validated_and_trimmed() {
        let ok = |u| Client::new(u, Recorder::default()).map(|c| c.base_url().to_owned());
        assert_eq!(
            ok("https://api.example.com/").unwrap(),
            "https://api.example.com"
        );
        assert_eq!(
            ok("http://127.0.0.1:4434/v1//").unwrap(),
            "http://127.0.0.1:4434/v1"
        );
        assert_eq!(ok("HTTPS://x.io").unwrap(), "HTTPS://x.io");
        for bad in [
            "/relative",
            "ftp://x.io",
            "https://x.io/?a=1",
            "https://x.io/#f",
            "not a url",
            "",
            "https://",
            "https://user:pw@x.io",
        ] {
            assert!(
                matches!(ok(bad), Err(ConfigError::InvalidBaseUrl { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn user_info_is_refused_without_being_repeated() {
        for url in [
            "https://me:s3cr3t@x.io/v1",
            "https://me:s3cr3t@x.io/?q",
            "me:s3cr3t@x",
        ] {
            let err = Client::new(url, Recorder::default()).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains("s3cr3t"), "{shown}");
            assert!(shown.contains("<redacted>@x"), "{shown}");
        }
    }

    #[test]
    fn default_headers_refuse_cr_lf_and_bad_names() {
        let mut c = Client::new("https://x.io", Recorder::default()).unwrap();
        c.set_default_header("User-Agent", "apiforge/0.1").unwrap();
        assert_eq!(c.default_headers()["user-agent"], "apiforge/0.1");
        assert!(matches!(
            c.set_default_header("X-A", "a\r\nb"),
            Err(ConfigError::InvalidHeaderValue { .. })
        ));
        assert!(matches!(
            c.set_default_header("X-A", "a\nb"),
            Err(ConfigError::InvalidHeaderValue { .. })
        ));
        assert!(matches!(
            c.set_default_header("bad name", "v"),
            Err(ConfigError::InvalidHeaderName { .. })
        ));
    }

    #[tokio::test]
    async fn send_builds_and_hands_over_the_request() {
        let mut c = Client::new("https://x.io/api/", Recorder::default()).unwrap();
        c.set_default_header("X-Tenant", "t1").unwrap();
        c.set_credential("bearer", Credential::bearer("secret"));
        let mut rb = c.request(Method::DELETE, "/items/{id}");
        rb.path_param("id", &7, ParamStyle::Simple);
        rb.security(&[&[SecurityScheme::new("bearer", SchemeKind::Bearer)]]);
        let raw = c.send::<()>(rb).await.unwrap();
        assert_eq!(raw.status(), StatusCode::OK);
        assert_eq!(raw.body(), "ok");

        let seen = c.transport().seen.lock().unwrap();
        assert_eq!(seen[0].method(), Method::DELETE);
        assert_eq!(seen[0].uri(), "https://x.io/api/items/7");
        assert_eq!(seen[0].headers()["x-tenant"], "t1");
        assert_eq!(seen[0].headers()["authorization"], "Bearer secret");
        assert!(!format!("{c:?}").contains("secret"));
    }

    /// Fails with an error that prints the URI and raw header values, as a careless transport might.
    struct Leaky;

    impl Transport for Leaky {
        async fn send(
            &self,
            request: http::Request<Bytes>,
        ) -> Result<http::Response<Bytes>, TransportError> {
            let headers: Vec<_> = request
                .headers()
                .values()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect();
            Err(TransportError::new(format!(
                "cannot reach {} with {headers:?}",
                request.uri()
            )))
        }
    }

    #[tokio::test]
    async fn transport_errors_are_scrubbed_of_the_request_credentials() {
        let mut c = Client::new("https://x.io", Leaky).unwrap();
        c.set_credential("q", Credential::api_key("k3y/1"));
        c.set_credential("b", Credential::bearer("t0ken"));
        c.set_default_header("X-Api-Key", "d3fault").unwrap();
        let mut rb = c.request(Method::GET, "/x");
        rb.security(&[&[
            SecurityScheme::new("q", SchemeKind::ApiKeyQuery("api_key")),
            SecurityScheme::new("b", SchemeKind::Bearer),
        ]]);
        let err = c.send::<()>(rb).await.unwrap_err();
        let shown = format!("{err} {err:?}");
        for secret in ["k3y", "t0ken", "d3fault"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(
            shown.contains("cannot reach https://x.io/x with"),
            "{shown}"
        );
    }

    #[tokio::test]
    async fn a_transport_that_does_not_attach_query_credentials_sends_none() {
        let mut c = Client::new("https://x.io", Recorder::default()).unwrap();
        c.set_credential("q", Credential::api_key("k3y"));
        let mut rb = c.request(Method::GET, "/x");
        rb.query("page", &2, ParamStyle::Form { explode: true });
        rb.security(&[&[SecurityScheme::new("q", SchemeKind::ApiKeyQuery("api_key"))]]);
        c.send::<()>(rb).await.unwrap();

        let mut seen = c.transport().seen.lock().unwrap();
        assert_eq!(seen[0].uri(), "https://x.io/x?page=2");
        assert!(!format!("{:?}", seen[0]).contains("k3y"));
        assert_eq!(
            crate::redacted_uri(&seen[0]),
            "https://x.io/x?page=2&api_key=<redacted>"
        );
        crate::attach_query_credentials(&mut seen[0]);
        assert_eq!(seen[0].uri(), "https://x.io/x?page=2&api_key=k3y");
    }

    /// Compiles only if `send`'s future is `Send` for every transport, so calls can be spawned.
    fn _send_futures_are_send<T: Transport>(
        client: &Client<T>,
    ) -> impl std::future::Future + Send + '_ {
        client.send::<()>(client.request(Method::GET, "/"))
    }

    #[tokio::test]
    async fn invalid_requests_are_never_sent() {
        let c = Client::new("https://x.io", Recorder::default()).unwrap();
        let mut rb = c.request(Method::GET, "/x");
        rb.header("X-Evil", "a\r\nb");
        assert!(matches!(
            c.send::<()>(rb).await,
            Err(Error::InvalidRequest(_))
        ));
        assert!(c.transport().seen.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn transport_failures_and_removed_credentials() {
        let mut c = Client::new(
            "https://x.io",
            Recorder {
                fail: true,
                ..Recorder::default()
            },
        )
        .unwrap();
        let err = c
            .send::<()>(c.request(Method::GET, "/x"))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Transport(ref e) if e.to_string() == "connection refused"));

        c.set_credential("k", Credential::api_key("v"));
        assert_eq!(c.remove_credential("k"), Some(Credential::api_key("v")));
        let mut rb = c.request(Method::GET, "/x");
        rb.security(&[&[SecurityScheme::new("k", SchemeKind::ApiKeyHeader("x-key"))]]);
        assert!(!c.build(rb).unwrap().headers().contains_key("x-key"));
    }
}
