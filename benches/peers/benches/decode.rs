//! Decode speed of real-shaped Kratos bodies into apiforge's generated types and into the
//! published openapi-generator client's (`ory-kratos-client` 0.9.0-alpha.3, the release
//! `spec/kratos.yaml` describes).
//!
//! Run from this directory: `cargo bench --bench decode -- --sample-count 300`. The bodies are in
//! `tests/data/`, decoded as compact JSON (without the files' indentation; key order kept); the
//! published client reads the login flow from a copy whose UI node tags are renamed for it (see
//! `renamed_for_openapi_generator`).

use apiforge_peer_benches::{
    compact, kratos, kratos_lean, renamed_for_openapi_generator, IDENTITIES, LOGIN_FLOW, SESSION,
};
use divan::{black_box, Bencher};
use ory_kratos_client::models as published;
use serde_json::from_slice;

fn main() {
    // Every body decodes into every client before anything is timed.
    let login_flow = renamed_for_openapi_generator(LOGIN_FLOW);
    from_slice::<published::SelfServiceLoginFlow>(&login_flow).expect("published login flow");
    from_slice::<published::Session>(&compact(SESSION)).expect("published session");
    from_slice::<Vec<published::Identity>>(&compact(IDENTITIES)).expect("published identities");
    from_slice::<kratos::SelfServiceLoginFlow>(&compact(LOGIN_FLOW)).expect("login flow");
    divan::main();
}

/// Decodes `body` as `T` once per iteration, from bytes as a transport hands them over.
fn decode<T: apiforge_runtime::serde::de::DeserializeOwned>(bencher: Bencher, body: &[u8]) {
    bencher.bench(|| from_slice::<T>(black_box(body)).unwrap());
}

#[divan::bench]
fn login_flow_generated(b: Bencher) {
    decode::<kratos::SelfServiceLoginFlow>(b, &compact(LOGIN_FLOW));
}

#[divan::bench]
fn login_flow_generated_lean(b: Bencher) {
    decode::<kratos_lean::SelfServiceLoginFlow>(b, &compact(LOGIN_FLOW));
}

#[divan::bench]
fn login_flow_published(b: Bencher) {
    decode::<published::SelfServiceLoginFlow>(b, &renamed_for_openapi_generator(LOGIN_FLOW));
}

#[divan::bench]
fn session_generated(b: Bencher) {
    decode::<kratos::Session>(b, &compact(SESSION));
}

#[divan::bench]
fn session_generated_lean(b: Bencher) {
    decode::<kratos_lean::Session>(b, &compact(SESSION));
}

#[divan::bench]
fn session_published(b: Bencher) {
    decode::<published::Session>(b, &compact(SESSION));
}

#[divan::bench]
fn identities_generated(b: Bencher) {
    decode::<kratos::IdentityList>(b, &compact(IDENTITIES));
}

#[divan::bench]
fn identities_generated_lean(b: Bencher) {
    decode::<kratos_lean::IdentityList>(b, &compact(IDENTITIES));
}

#[divan::bench]
fn identities_published(b: Bencher) {
    decode::<Vec<published::Identity>>(b, &compact(IDENTITIES));
}
