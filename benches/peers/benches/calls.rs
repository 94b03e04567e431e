//! Per-call cost of the generated Kratos client on real-shaped bodies: a whole call (request
//! building, the transport's response, status dispatch, content-type check, decoding) over an
//! in-memory transport that answers with the body, against decoding the same body alone
//! (`serde_json::from_slice` into the same type), the floor every client pays.
//!
//! Run from this directory: `cargo bench --bench calls -- --sample-count 300`. The bodies are those
//! of `tests/data/`, compact, plus one identity of them (0.9 KB, the body of
//! `cargo bench -p apiforge-runtime --bench transports`). The transport's future is ready at once,
//! so calls are polled once with a no-op waker: no executor's cost is counted.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use apiforge_peer_benches::{compact, kratos, IDENTITIES, LOGIN_FLOW, SESSION};
use apiforge_runtime::http::{header::CONTENT_TYPE, HeaderValue, Request, Response};
use apiforge_runtime::serde::de::DeserializeOwned;
use apiforge_runtime::{Bytes, Transport, TransportError};
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

/// Answers every request with its body as `application/json`; records nothing.
struct Answer(Bytes);

impl Transport for Answer {
    async fn send(&self, _: Request<Bytes>) -> Result<Response<Bytes>, TransportError> {
        let mut response = Response::new(self.0.clone());
        let json = HeaderValue::from_static("application/json");
        response.headers_mut().insert(CONTENT_TYPE, json);
        Ok(response)
    }
}

/// The output of a future that is ready when first polled (every call on `Answer` is).
fn ready<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("an in-memory call completes when first polled"),
    }
}

fn client(body: &[u8]) -> kratos::Client<Answer> {
    kratos::Client::with_transport("http://127.0.0.1:4434", Answer(Bytes::from(body.to_vec())))
        .expect("client")
        .with_ory_access_token("ory_at_0123456789abcdef")
}

/// One identity of `IDENTITIES`, compact.
fn identity() -> Vec<u8> {
    let list: Vec<apiforge_runtime::serde_json::Value> =
        apiforge_runtime::serde_json::from_str(IDENTITIES).expect("identities");
    apiforge_runtime::serde_json::to_vec(&list[0]).expect("JSON")
}

fn decode<T: DeserializeOwned>(bencher: Bencher, body: &[u8]) {
    bencher.bench(|| apiforge_runtime::serde_json::from_slice::<T>(black_box(body)).unwrap());
}

#[divan::bench]
fn identity_decode(b: Bencher) {
    decode::<kratos::Identity>(b, &identity());
}

#[divan::bench]
fn identity_call(b: Bencher) {
    let client = client(&identity());
    let id = "099950d8-36f6-45cc-81e7-4ef5e8e25d94";
    b.bench_local(|| ready(client.admin_get_identity(black_box(id), None)).unwrap());
}

#[divan::bench]
fn login_flow_decode(b: Bencher) {
    decode::<kratos::SelfServiceLoginFlow>(b, &compact(LOGIN_FLOW));
}

#[divan::bench]
fn login_flow_call(b: Bencher) {
    let client = client(&compact(LOGIN_FLOW));
    let id = "f2d4b9c6-8a3e-4d5f-9b1a-2c3d4e5f6a7b";
    b.bench_local(|| ready(client.get_self_service_login_flow(black_box(id), None)).unwrap());
}

#[divan::bench]
fn session_decode(b: Bencher) {
    decode::<kratos::Session>(b, &compact(SESSION));
}

#[divan::bench]
fn session_call(b: Bencher) {
    let client = client(&compact(SESSION));
    let token = "ory_st_0123456789abcdef";
    b.bench_local(|| ready(client.to_session(Some(black_box(token)), None)).unwrap());
}

#[divan::bench]
fn identities_decode(b: Bencher) {
    decode::<Vec<kratos::Identity>>(b, &compact(IDENTITIES));
}

#[divan::bench]
fn identities_call(b: Bencher) {
    let client = client(&compact(IDENTITIES));
    b.bench_local(|| ready(client.admin_list_identities(Some(250), Some(1))).unwrap());
}
