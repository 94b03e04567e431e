//! No credential shows in any `Debug` or `Display` the runtime produces: the client, the request
//! builder, the request a transport receives (query credentials included: they reach the URI
//! only inside the terminal transport), and every kind of error, with the reqwest transport
//! against local servers. One test per kind of credential; then the query key on the wire over
//! every shipped backend and through a tower stack that logs each request.
#![cfg(feature = "reqwest")]

use std::sync::Mutex;
use std::time::Duration;

use apiforge_runtime::http::{self, Method};
use apiforge_runtime::{
    redacted_uri, Bytes, Client, Credential, Error, ParamStyle, RequestBuilder, ReqwestTransport,
    SchemeKind, SecurityScheme, Transport, TransportError,
};
use support::{refused_base, serve_each, serve_silence};

mod support;

const SECRET: &str = "s3cr3t-Tok3n";

/// Forwards to reqwest, keeping the `Debug` of each request it receives.
#[derive(Debug)]
struct Spy {
    inner: ReqwestTransport,
    seen: Mutex<Vec<String>>,
}

impl Transport for Spy {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let shown = format!("{request:?} {}", redacted_uri(&request));
        self.seen.lock().expect("lock").push(shown);
        self.inner.send(request).await
    }
}

/// How a credential reaches the request.
#[derive(Clone, Copy)]
enum Kind {
    QueryKey,
    HeaderKey,
    CookieKey,
    Bearer,
    Basic,
    HeaderParameter(&'static str),
    QueryParameter(&'static str),
}

impl Kind {
    fn client(self, base: &str, timeout: Duration) -> Client<Spy> {
        let spy = Spy {
            inner: ReqwestTransport::builder().timeout(Some(timeout)).build(),
            seen: Mutex::new(Vec::new()),
        };
        let mut client = Client::new(base, spy).expect("client");
        let credential = match self {
            Kind::Basic => Credential::basic("me", Some(SECRET)),
            Kind::Bearer => Credential::bearer(SECRET),
            _ => Credential::api_key(SECRET),
        };
        client.set_credential("auth", credential);
        client
    }

    fn request(self, client: &Client<Spy>) -> RequestBuilder<'_> {
        let mut request = client.request(Method::POST, "/sessions/{id}");
        request.path_param("id", "whoami", ParamStyle::Simple);
        let scheme = match self {
            Kind::QueryKey => SchemeKind::ApiKeyQuery("api_key"),
            Kind::HeaderKey => SchemeKind::ApiKeyHeader("X-Api-Key"),
            Kind::CookieKey => SchemeKind::ApiKeyCookie("ory_session"),
            Kind::Bearer => SchemeKind::Bearer,
            Kind::Basic => SchemeKind::Basic,
            Kind::HeaderParameter(name) => {
                request.header(name, &format!("ory_session={SECRET}"));
                return request;
            }
            Kind::QueryParameter(name) => {
                request.query(name, SECRET, ParamStyle::Form { explode: true });
                return request;
            }
        };
        request.security(&[&[SecurityScheme::new("auth", scheme)]]);
        request
    }

    /// What the secret looks like on the wire.
    fn sent_form(self) -> String {
        match self {
            // base64("me:s3cr3t-Tok3n")
            Kind::Basic => "bWU6czNjcjN0LVRvazNu".to_owned(),
            _ => SECRET.to_owned(),
        }
    }
}

/// `Display` and `Debug` of an error and `Display` of each cause.
fn shown<E: std::fmt::Debug>(error: &Error<E>) -> String {
    let mut out = format!("{error}\n{error:?}\n");
    let mut cause = std::error::Error::source(error);
    while let Some(e) = cause {
        out.push_str(&format!("{e}\n{e:?}\n"));
        cause = e.source();
    }
    out
}

async fn assert_hidden(kind: Kind) {
    let hidden = [SECRET.to_owned(), kind.sent_form()];
    let mut outputs = Vec::new();

    // A server that answers with a body that does not decode as the documented type and hands
    // the session back, in a cookie and in the body: the decode error keeps the raw response.
    let body = format!(r#"{{"session_token":"{SECRET}"}}"#);
    let (base, received) = serve_each(&*Box::leak(
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
             Set-Cookie: ory_session={SECRET}; HttpOnly\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        )
        .into_boxed_str(),
    ));
    let client = kind.client(&base, Duration::from_secs(10));
    let request = kind.request(&client);
    outputs.push(format!("{client:?}\n{request:?}"));
    let raw = client.send::<()>(request).await.expect("send");
    let err = raw.json::<Vec<u8>, ()>().expect_err("not a list");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    outputs.push(shown(&err));
    let on_the_wire = received
        .recv_timeout(Duration::from_secs(10))
        .expect("sent");
    assert!(
        on_the_wire.contains(&kind.sent_form()),
        "the credential was not sent: {on_the_wire}"
    );
    outputs.extend(client.transport().seen.lock().expect("lock").drain(..));

    // Connection refused, and a server that never answers.
    for (base, timeout) in [
        (refused_base(), Duration::from_secs(10)),
        (serve_silence(), Duration::from_millis(200)),
    ] {
        let client = kind.client(&base, timeout);
        let err = client
            .send::<()>(kind.request(&client))
            .await
            .expect_err("no answer");
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
        outputs.push(shown(&err));
    }

    // A request that cannot be encoded (a header holding CR LF) is refused before sending.
    let client = kind.client(&refused_base(), Duration::from_secs(10));
    let mut request = kind.request(&client);
    request.header("X-Evil", "a\r\nb");
    let err = client.send::<()>(request).await.expect_err("invalid");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    outputs.push(shown(&err));

    for output in &outputs {
        for secret in &hidden {
            assert!(!output.contains(secret.as_str()), "{secret} in {output}");
        }
    }
}

#[tokio::test]
async fn a_query_api_key_stays_hidden() {
    assert_hidden(Kind::QueryKey).await;
}

#[tokio::test]
async fn a_header_api_key_stays_hidden() {
    assert_hidden(Kind::HeaderKey).await;
}

#[tokio::test]
async fn a_cookie_api_key_stays_hidden() {
    assert_hidden(Kind::CookieKey).await;
}

#[tokio::test]
async fn a_bearer_token_stays_hidden() {
    assert_hidden(Kind::Bearer).await;
}

#[tokio::test]
async fn basic_credentials_stay_hidden() {
    assert_hidden(Kind::Basic).await;
}

#[tokio::test]
async fn a_session_token_header_parameter_stays_hidden() {
    assert_hidden(Kind::HeaderParameter("X-Session-Token")).await;
}

#[tokio::test]
async fn a_cookie_header_parameter_stays_hidden() {
    assert_hidden(Kind::HeaderParameter("Cookie")).await;
}

#[tokio::test]
async fn a_token_query_parameter_stays_hidden() {
    assert_hidden(Kind::QueryParameter("token")).await;
}

#[tokio::test]
async fn an_authorization_header_parameter_stays_hidden() {
    assert_hidden(Kind::HeaderParameter("Authorization")).await;
}

/// A client for `base` over `transport` holding the query key [`SECRET`].
fn query_key_client<T>(base: &str, transport: T) -> Client<T> {
    let mut client = Client::new(base, transport).expect("client");
    client.set_credential("auth", Credential::api_key(SECRET));
    client
}

/// `GET /items?page=2` with the query key.
fn query_key_request<T>(client: &Client<T>) -> RequestBuilder<'_> {
    let mut request = client.request(Method::GET, "/items");
    request.query("page", &2, ParamStyle::Form { explode: true });
    request.security(&[&[SecurityScheme::new(
        "auth",
        SchemeKind::ApiKeyQuery("api_key"),
    )]]);
    request
}

const OK: &str = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

/// Asserts that the server got the query key in the request line.
fn assert_key_on_the_wire(received: &std::sync::mpsc::Receiver<String>) {
    let head = received
        .recv_timeout(Duration::from_secs(10))
        .expect("sent");
    let expected = format!("GET /items?page=2&api_key={SECRET} HTTP/1.1\r\n");
    assert!(head.starts_with(&expected), "{head}");
}

#[tokio::test]
async fn the_query_key_reaches_the_server_over_reqwest() {
    let (base, received) = serve_each(OK);
    let client = query_key_client(&base, ReqwestTransport::new());
    let raw = client.send::<()>(query_key_request(&client)).await;
    assert_eq!(raw.expect("send").body(), "ok");
    assert_key_on_the_wire(&received);
}

/// Streaming calls attach the key too: reqwest and hyper, which streams through tower.
#[cfg(all(feature = "stream", feature = "hyper"))]
#[tokio::test]
async fn the_query_key_reaches_the_server_when_streaming() {
    async fn stream<T: apiforge_runtime::StreamingTransport>(transport: T) {
        let (base, received) = serve_each(OK);
        let client = query_key_client(&base, transport);
        let streamed = client
            .send_streaming::<()>(query_key_request(&client))
            .await;
        let raw = streamed.expect("send").into_raw(1024).await.expect("body");
        assert_eq!(raw.body(), "ok");
        assert_key_on_the_wire(&received);
    }
    stream(ReqwestTransport::new()).await;
    stream(apiforge_runtime::HyperTransport::new()).await;
}

#[cfg(feature = "hyper")]
#[tokio::test]
async fn the_query_key_reaches_the_server_over_hyper() {
    let (base, received) = serve_each(OK);
    let client = query_key_client(&base, apiforge_runtime::HyperTransport::new());
    let raw = client.send::<()>(query_key_request(&client)).await;
    assert_eq!(raw.expect("send").body(), "ok");
    assert_key_on_the_wire(&received);
}

#[cfg(feature = "ureq")]
#[test]
fn the_query_key_reaches_the_server_over_ureq() {
    let (base, received) = serve_each(OK);
    let client = query_key_client(&base, apiforge_runtime::UreqTransport::new());
    let raw = client.send_blocking::<()>(query_key_request(&client));
    assert_eq!(raw.expect("send").body(), "ok");
    assert_key_on_the_wire(&received);
}

/// A tower stack whose layer keeps the `Debug` of every request it passes on, as a logging
/// layer would: over reqwest and over hyper (whose client sits under `AttachQueryCredentials`),
/// the layer never sees the key and the server does.
#[cfg(feature = "hyper")]
#[tokio::test]
async fn a_tower_layer_never_sees_the_query_key() {
    use apiforge_runtime::{BoxTransport, HyperTransport, TowerTransport, TransportService};
    use std::sync::Arc;
    use tower::ServiceBuilder;

    let logged = Arc::new(Mutex::new(Vec::new()));
    let backends: [BoxTransport; 2] = [
        Box::new(ReqwestTransport::new()),
        Box::new(HyperTransport::new()),
    ];
    for backend in backends {
        let (base, received) = serve_each(OK);
        let log = Arc::clone(&logged);
        let stack = ServiceBuilder::new()
            .map_request(move |request: http::Request<Bytes>| {
                log.lock().expect("lock").push(format!("{request:?}"));
                request
            })
            .service(TransportService::new(backend));
        let client = query_key_client(&base, TowerTransport::new(stack));
        let raw = client.send::<()>(query_key_request(&client)).await;
        assert_eq!(raw.expect("send").body(), "ok");
        assert_key_on_the_wire(&received);
    }

    let logged = logged.lock().expect("lock");
    assert_eq!(logged.len(), 2);
    for shown in logged.iter() {
        assert!(shown.contains("/items?page=2"), "{shown}");
        assert!(!shown.contains(SECRET), "{shown}");
    }
}
