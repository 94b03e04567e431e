//! HTTPS on the wire: a local TLS server (tokio-rustls) with a self-signed certificate made at
//! test time (rcgen) answers the generated Kratos client over `ReqwestTransport` (feature
//! `rustls`) and `HyperTransport` (feature `hyper-rustls`), each trusting that certificate
//! through its extra-root option; without it, both refuse the server.

use std::sync::Arc;

use apiforge_runtime::{Error, HyperTransport, ReqwestTransport, Transport};
use apiforge_tests::kratos::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

const VERSION: &str = r#"{"version":"v0.9.0-alpha.3"}"#;

/// A certificate for 127.0.0.1 and localhost, signed by its own key.
struct SelfSigned {
    certificate: Vec<u8>,
    key: Vec<u8>,
}

impl SelfSigned {
    fn new() -> Self {
        let made = rcgen::generate_simple_self_signed(["127.0.0.1".to_owned(), "localhost".into()])
            .expect("a certificate");
        Self {
            certificate: made.cert.der().to_vec(),
            key: made.signing_key.serialize_der(),
        }
    }
}

/// Serves `connections` TLS connections on 127.0.0.1, each answering one request with the
/// Kratos version; joins to the request heads it read (a refused handshake reads none).
async fn serve(identity: &SelfSigned, connections: usize) -> (String, JoinHandle<Vec<String>>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![identity.certificate.clone().into()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(identity.key.clone())),
        )
        .expect("a server identity");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("https://{}", listener.local_addr().expect("address"));
    let server = tokio::spawn(async move {
        let mut heads = Vec::new();
        for _ in 0..connections {
            let (socket, _) = listener.accept().await.expect("accept");
            // A client that does not trust the certificate aborts the handshake.
            let Ok(mut tls) = acceptor.accept(socket).await else {
                continue;
            };
            let mut head = Vec::new();
            let mut buffer = [0u8; 1024];
            while !head.ends_with(b"\r\n\r\n") {
                let read = tls.read(&mut buffer).await.expect("read");
                assert!(read > 0, "the request head ended early");
                head.extend_from_slice(&buffer[..read]);
            }
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{VERSION}",
                VERSION.len()
            );
            tls.write_all(answer.as_bytes()).await.expect("write");
            let _ = tls.shutdown().await;
            heads.push(String::from_utf8(head).expect("ASCII head"));
        }
        heads
    });
    (base, server)
}

/// A call through the transport `trusting` builds for the test's certificate completes; one
/// through `default` (webpki roots only) is refused before any request is sent.
async fn completes_only_when_trusted<T: Transport, U: Transport>(
    trusting: impl FnOnce(&[u8]) -> T,
    default: U,
) {
    let identity = SelfSigned::new();
    let (base, server) = serve(&identity, 2).await;

    let version = Client::with_transport(&base, trusting(&identity.certificate))
        .expect("client")
        .get_version()
        .await
        .expect("the call completes over TLS");
    assert_eq!(version.version, "v0.9.0-alpha.3");

    let refused = Client::with_transport(&base, default)
        .expect("client")
        .get_version()
        .await
        .expect_err("an unknown certificate is refused");
    assert!(matches!(refused, Error::Transport(_)), "{refused:?}");

    let heads = server.await.expect("server");
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(
        heads[0].starts_with("GET /version HTTP/1.1\r\n"),
        "{heads:?}"
    );
}

#[tokio::test]
async fn reqwest_with_rustls_completes_calls_to_a_trusted_server() {
    completes_only_when_trusted(
        |certificate| {
            ReqwestTransport::builder()
                .add_root_certificate(certificate)
                .build()
        },
        ReqwestTransport::new(),
    )
    .await;
}

#[tokio::test]
async fn hyper_with_rustls_completes_calls_to_a_trusted_server() {
    completes_only_when_trusted(
        |certificate| HyperTransport::with_root_certificates([certificate]).expect("a valid root"),
        HyperTransport::new(),
    )
    .await;
}

#[test]
fn a_root_that_is_not_a_certificate_is_a_configuration_error() {
    let error = HyperTransport::with_root_certificates([&b"not DER"[..]]).expect_err("refused");
    assert!(
        error.to_string().starts_with("invalid root certificate: "),
        "{error}"
    );
}
