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
    tls_connector(hyper_rustls::HttpsConnectorBuilder::new().with_webpki_roots())
}

#[cfg(feature = "hyper-rustls")]
fn tls_connector(
    builder: hyper_rustls::HttpsConnectorBuilder<hyper_rustls::builderstates::WantsSchemes>,
) -> Connector {
    builder.https_or_http().enable_http1().build()
}

#[cfg(feature = "hyper-rustls")]
impl HyperTransport {
    /// A transport that trusts the webpki roots and also `certificates` (each DER-encoded
    /// X.509; convert PEM files with e.g. `rustls-pemfile`): for servers whose certificate a
    /// private or self-signed authority issued.
    pub fn with_root_certificates<'a>(
        certificates: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<Self, crate::ConfigError> {
        let invalid = |reason: String| crate::ConfigError::InvalidRootCertificate { reason };
        let mut roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        for der in certificates {
            let certificate = rustls::pki_types::CertificateDer::from(der.to_vec());
            roots.add(certificate).map_err(|e| invalid(e.to_string()))?;
        }
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| invalid(e.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let builder = hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(config);
        Ok(Self::from_client(
            HyperClient::builder(TokioExecutor::new()).build(tls_connector(builder)),
        ))
    }
}

impl Transport for HyperTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        self.inner.send(request).await
    }
}
