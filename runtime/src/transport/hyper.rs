//! The hyper backend (feature `hyper`; HTTPS needs feature `hyper-rustls`): hyper 1 with
//! hyper-util's pooled client, sent through [`TowerTransport`].

use bytes::Bytes;
use http_body_util::Full;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::TokioExecutor;

use super::tower::{AttachQueryCredentials, TowerTransport};
use super::{Transport, TransportError};

#[cfg(not(feature = "hyper-rustls"))]
type Connector = HttpConnector;
#[cfg(feature = "hyper-rustls")]
type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// A [`Transport`] over hyper-util's legacy client on tokio: connection pooling, no redirects
/// followed, response size bounded and [`RequestTimeout`](super::RequestTimeout) honoured as
/// in [`TowerTransport`]. HTTPS (webpki roots) with feature `hyper-rustls`, else plain HTTP.
#[derive(Clone, Debug)]
pub struct HyperTransport {
    inner: TowerTransport<AttachQueryCredentials<Hyper>, Full<Bytes>>,
}

/// The hyper-util client this sends with.
type Hyper = HyperClient<Connector, Full<Bytes>>;

impl HyperTransport {
    /// A transport with a new pooled client; needs a tokio runtime when sending.
    pub fn new() -> Self {
        Self::from_client(HyperClient::builder(TokioExecutor::new()).build(connector()))
    }

    /// Wraps a caller-built hyper-util client.
    pub fn from_client(client: Hyper) -> Self {
        Self {
            inner: TowerTransport::with_request_body(AttachQueryCredentials::new(client)),
        }
    }

    /// The tower transport this sends through.
    #[cfg(feature = "stream")]
    pub(crate) fn tower(&self) -> &TowerTransport<AttachQueryCredentials<Hyper>, Full<Bytes>> {
        &self.inner
    }

    /// Refuses response bodies longer than `limit` bytes (`None`: no limit).
    pub fn max_response_bytes(self, limit: Option<u64>) -> Self {
        Self {
            inner: self.inner.max_response_bytes(limit),
        }
    }
}

impl Default for HyperTransport {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(not(feature = "hyper-rustls"))]
fn connector() -> Connector {
    HttpConnector::new()
}

#[cfg(feature = "hyper-rustls")]
fn connector() -> Connector {
    hyper_rustls::HttpsConnectorBuilder::new()
        .with_webpki_roots()
        .https_or_http()
        .enable_http1()
        .build()
}

impl Transport for HyperTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        self.inner.send(request).await
    }
}
