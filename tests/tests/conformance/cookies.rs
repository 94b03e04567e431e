//! The Kratos browser login flow through a `CookieJar` over the default transport, against Prism
//! serving `spec/kratos.yaml`: initializing the flow stores the CSRF cookie Prism sets (the
//! spec's `Set-Cookie` example), and the submission carries it back in its `Cookie` header.
//! Prism does not echo request headers, so a transport under the jar, just above reqwest, keeps
//! each request's `Cookie` header as it goes on the wire.

use std::sync::{Arc, Mutex};

use apiforge_runtime::http::{header::COOKIE, Request, Response};
use apiforge_runtime::{Bytes, CookieJar, ReqwestTransport, Transport, TransportError};
use apiforge_tests::kratos::{Client, SubmitSelfServiceLoginFlowBody};
use apiforge_tests::prism::Prism;
use apiforge_tests::shared::repo_root;

/// The cookie `spec/kratos.yaml` gives as the `Set-Cookie` example of the browser flows.
const CSRF_NAME: &str =
    "csrf_token_806060ca5bf70dff3caa0e5c860002aade9d470a5a4dce73bcfa7ba10778f481";
const CSRF_VALUE: &str = "oT2qsJJ3bQhkgV2FXn2WMu5YCqpnkr4Zsa2WVWsU1bM=";

/// A request's path and its `Cookie` header.
type Sent = (String, Option<String>);

/// The default transport, keeping the path and `Cookie` header of every request it sends.
#[derive(Clone, Default)]
struct Wire {
    transport: ReqwestTransport,
    sent: Arc<Mutex<Vec<Sent>>>,
}

impl Transport for Wire {
    async fn send(&self, request: Request<Bytes>) -> Result<Response<Bytes>, TransportError> {
        let cookie = request
            .headers()
            .get(COOKIE)
            .map(|v| v.to_str().expect("an ASCII cookie").to_owned());
        let path = request.uri().path().to_owned();
        self.sent.lock().expect("not poisoned").push((path, cookie));
        self.transport.send(request).await
    }
}

#[tokio::test]
async fn the_csrf_cookie_set_by_initialization_comes_back_on_submit() {
    let prism =
        Prism::start(&repo_root().join("spec/kratos.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let wire = Wire::default();
    let client = Client::with_transport(prism.url(), CookieJar::new(wire.clone()))
        .expect("a valid base URL");

    let started = client
        .initialize_self_service_login_flow_for_browsers_with_response(None, None, None)
        .await
        .expect("Prism starts a browser login flow");
    // The header is there for the caller too, marked sensitive.
    let set_cookie = started.headers()["set-cookie"].clone();
    assert!(set_cookie.is_sensitive());
    assert!(
        set_cookie
            .to_str()
            .expect("ASCII")
            .starts_with(&format!("{CSRF_NAME}={CSRF_VALUE}; Path=/;")),
        "{set_cookie:?}"
    );
    let host = prism
        .url()
        .trim_start_matches("http://")
        .split(':')
        .next()
        .expect("a host");
    let stored = client
        .runtime()
        .transport()
        .store()
        .get(host, "/", CSRF_NAME)
        .map(|cookie| cookie.value().to_owned());
    assert_eq!(
        stored.as_deref(),
        Some(CSRF_VALUE),
        "the jar keeps the cookie"
    );

    let flow = started.into_inner();
    let body = SubmitSelfServiceLoginFlowBody::password("a@example.com", "correct horse");
    let submitted = client
        .submit_self_service_login_flow_with_response(&flow.id.to_string(), None, Some(&body))
        .await
        .expect("Prism accepts the submission");
    assert_eq!(submitted.status().as_u16(), 200);

    let sent = wire.sent.lock().expect("not poisoned").clone();
    assert_eq!(
        sent,
        [
            ("/self-service/login/browser".to_owned(), None),
            (
                "/self-service/login".to_owned(),
                Some(format!("{CSRF_NAME}={CSRF_VALUE}"))
            ),
        ]
    );
}
