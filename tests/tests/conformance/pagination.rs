//! Typed headers and the walk over pages on Kratos' admin list of identities, against Prism
//! serving `spec/kratos.yaml` (fix 10 declares `Link` and `X-Total-Count` with examples, which
//! Prism sends). Prism's `Link` example always points to page 2, so the walk meets a loop: it
//! hands out the identities of pages 1 and 2, then stops with `PaginationError::Loop` instead of
//! asking for page 2 again.

use std::future::Future;
use std::sync::{Arc, Mutex};

use apiforge_runtime::futures_util::StreamExt;
use apiforge_runtime::http::{Request, Response};
use apiforge_runtime::{
    Bytes, Error, PaginationError, ReqwestTransport, Transport, TransportError,
};
use apiforge_tests::kratos::{AdminListIdentitiesOkHeaders, Client};
use apiforge_tests::prism::Prism;
use apiforge_tests::shared::repo_root;

/// The default transport, keeping the path and query of every request it sends.
#[derive(Clone, Default)]
struct Counting {
    inner: ReqwestTransport,
    targets: Arc<Mutex<Vec<String>>>,
}

impl Transport for Counting {
    fn send(
        &self,
        request: Request<Bytes>,
    ) -> impl Future<Output = Result<Response<Bytes>, TransportError>> + Send {
        let target = request.uri().path_and_query().map(ToString::to_string);
        self.targets.lock().unwrap().extend(target);
        self.inner.send(request)
    }
}

#[tokio::test]
async fn admin_list_identities_pages_against_prism() {
    let prism =
        Prism::start(&repo_root().join("spec/kratos.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let client = Client::new(prism.url())
        .expect("a valid base URL")
        .with_ory_access_token("ory_at_conformance");

    let first = client
        .admin_list_identities_with_response(None, None)
        .await
        .expect("one page");
    let headers: AdminListIdentitiesOkHeaders = first.typed_headers().expect("typed headers");
    assert_eq!(headers.x_total_count, Some(3));
    assert_eq!(
        headers.link.as_deref(),
        Some(r#"</admin/identities?page=2&per_page=250>; rel="next""#)
    );

    let transport = Counting::default();
    let targets = Arc::clone(&transport.targets);
    let client = Client::with_transport(prism.url(), transport)
        .expect("a valid base URL")
        .with_ory_access_token("ory_at_conformance");
    let walked: Vec<_> = client.admin_list_identities_all(None, None).collect().await;
    // Prism makes up each page (dynamic examples), so only the shape is known: identities, then
    // the loop.
    let (last, items) = walked.split_last().expect("the walk yields something");
    assert!(items.iter().all(Result::is_ok), "{items:?}");
    match last {
        Err(Error::Pagination(PaginationError::Loop { uri })) => assert_eq!(
            uri,
            &format!("{}/admin/identities?page=2&per_page=250", prism.url())
        ),
        other => panic!("the walk should stop at the loop: {other:?}"),
    }
    assert_eq!(
        *targets.lock().unwrap(),
        ["/admin/identities", "/admin/identities?page=2&per_page=250"]
    );
}
