//! Per-call cost of each backend against plain `serde_json` decoding of the same body.
//!
//! `cargo bench -p apiforge-runtime --all-features --bench transports`
//!
//! - `decode_only`: `serde_json::from_slice` of the body into the typed value: the floor.
//! - `in_memory`: a whole call through `Client` (request building, extensions, response
//!   decoding) over `MockTransport`: the runtime's own overhead above the floor.
//! - `in_memory_plain`: the same over the smallest in-memory transport (it answers with the body and
//!   records nothing, unlike `MockTransport`), so the figure is the runtime's own.
//! - `in_memory_list`: the same body fetched by a list call with four query parameters (an
//!   optional integer twice, a boolean, a list of strings) and a bearer credential, so request
//!   building has a larger share.
//! - `build_only`, `build_only_list`: request building alone (`Config::build`), for each call.
//! - `in_memory_traced`, `in_memory_cookie_jar`: the same with a layer (no subscriber installed).
//! - `loopback_*`: the same call over each backend to a keep-alive HTTP/1.1 server on
//!   127.0.0.1 that answers every request with the same body.
//! - `loopback_*_streamed`: the same call the way generated `<method>_stream` methods make it
//!   (`Client::execute_streaming`), the body gathered from its chunks, then decoded.
//! - `events_json_100`: 100 server-sent events, each carrying the body as its data, parsed from
//!   4 KiB chunks and decoded (what `<method>_events` streams yield).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::OnceLock;
use std::thread;

use apiforge_runtime::http::{Method, StatusCode};
use apiforge_runtime::serde::Deserialize;
use apiforge_runtime::{
    ByteStream, Bytes, Client, Config, CookieJar, Credential, HyperTransport, MockTransport,
    OperationInfo, ParamStyle, RequestBuilder, ReqwestTransport, SchemeKind, SecurityScheme,
    StreamingResponse, StreamingTransport, TracingTransport, Transport, UreqTransport,
};
use futures_util::StreamExt;

fn main() {
    divan::main();
}

const OPERATION: OperationInfo = OperationInfo::new("adminGetIdentity", "/admin/identities/{id}");
const LIST: OperationInfo = OperationInfo::new("adminListIdentities", "/admin/identities");
const ID: &str = "9f425a8d-7efc-4768-8f23-7647a74fdf13";
const BEARER: SecurityScheme = SecurityScheme::new("oryAccessToken", SchemeKind::Bearer);
const FORM: ParamStyle = ParamStyle::Form { explode: true };

/// A Kratos identity with two addresses: about 0.9 KB of JSON.
const BODY: &str = r#"{"id":"9f425a8d-7efc-4768-8f23-7647a74fdf13","schema_id":"default","schema_url":"http://127.0.0.1:4434/schemas/default","state":"active","state_changed_at":"2026-12-02T05:00:00Z","traits":{"email":"ada@example.com","name":{"first":"Ada","last":"Lovelace"}},"verifiable_addresses":[{"id":"0d5f4c2a-1b3e-4f6a-8c7d-9e0f1a2b3c4d","value":"ada@example.com","verified":true,"via":"email","status":"completed","created_at":"2026-12-01T10:00:00Z","updated_at":"2026-12-01T10:05:00Z"}],"recovery_addresses":[{"id":"1e6a5d3b-2c4f-4a7b-9d8e-0f1a2b3c4d5e","value":"ada@example.com","via":"email","created_at":"2026-12-01T10:00:00Z","updated_at":"2026-12-01T10:00:00Z"}],"metadata_public":{"plan":"pro"},"created_at":"2026-12-01T10:00:00Z","updated_at":"2026-12-02T05:00:00Z"}"#;

#[allow(dead_code)] // Fields are decoded, not read.
#[derive(Deserialize)]
#[serde(crate = "apiforge_runtime::serde")]
struct Identity {
    id: String,
    schema_id: String,
    schema_url: String,
    state: Option<String>,
    traits: apiforge_runtime::serde_json::Value,
    verifiable_addresses: Option<Vec<Address>>,
    recovery_addresses: Option<Vec<Address>>,
    metadata_public: Option<apiforge_runtime::serde_json::Value>,
    created_at: Option<String>,
    updated_at: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(crate = "apiforge_runtime::serde")]
struct Address {
    id: String,
    value: String,
    via: String,
    verified: Option<bool>,
    status: Option<String>,
}

/// `http://127.0.0.1:PORT` of a keep-alive server answering every request with `BODY`.
fn server() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                thread::spawn(move || {
                    let response = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{BODY}",
                        BODY.len()
                    );
                    let mut writer = stream.try_clone().expect("clone");
                    let mut reader = BufReader::new(stream);
                    let mut line = String::new();
                    loop {
                        line.clear();
                        match reader.read_line(&mut line) {
                            Ok(0) | Err(_) => return,
                            Ok(_) if line == "\r\n" => {
                                if writer.write_all(response.as_bytes()).is_err() {
                                    return;
                                }
                            }
                            Ok(_) => {}
                        }
                    }
                });
            }
        });
        base
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// The request of one identity, as generated code builds it.
fn get_request(config: &Config) -> RequestBuilder<'_> {
    let mut request = config.operation(OPERATION, Method::GET);
    request.path_param("id", ID, ParamStyle::Simple);
    request.accept("application/json");
    request
}

/// The request of a page of identities with four query parameters and a bearer token.
fn list_request(config: &Config) -> RequestBuilder<'_> {
    static CREDENTIALS: [&str; 2] = ["password", "oidc"];
    let mut request = config.operation(LIST, Method::GET);
    request.query("per_page", &Some(250_i64), FORM);
    request.query("page", &Some(2_i64), FORM);
    request.query("active", &Some(true), FORM);
    request.query("include_credential", &Some(&CREDENTIALS[..]), FORM);
    request.accept("application/json");
    request.security(&[&[BEARER]]);
    request
}

/// One typed call through `client` with the request `build` makes, as generated code makes it.
async fn call<T: Transport>(
    client: &Client<T>,
    build: fn(&Config) -> RequestBuilder<'_>,
) -> Identity {
    let raw = client
        .send::<()>(build(client.config()))
        .await
        .expect("send");
    raw.json::<Identity, ()>().expect("decode").into_inner()
}

fn bench_async<T: Transport>(bencher: divan::Bencher, base: &str, transport: T) {
    bench_call(bencher, base, transport, get_request);
}

fn bench_call<T: Transport>(
    bencher: divan::Bencher,
    base: &str,
    transport: T,
    build: fn(&Config) -> RequestBuilder<'_>,
) {
    let rt = runtime();
    let mut client = Client::new(base, transport).expect("client");
    client.set_credential(
        "oryAccessToken",
        Credential::bearer("ory_at_0123456789abcdef"),
    );
    rt.block_on(call(&client, build));
    bencher.bench_local(|| rt.block_on(call(&client, build)));
}

fn bench_build(bencher: divan::Bencher, build: fn(&Config) -> RequestBuilder<'_>) {
    let mut config = Config::new("http://kratos.test").expect("config");
    config.set_credential(
        "oryAccessToken",
        Credential::bearer("ory_at_0123456789abcdef"),
    );
    bencher.bench_local(|| config.build(build(&config)).expect("request"));
}

#[divan::bench]
fn build_only(bencher: divan::Bencher) {
    bench_build(bencher, get_request);
}

#[divan::bench]
fn build_only_list(bencher: divan::Bencher) {
    bench_build(bencher, list_request);
}

#[divan::bench]
fn decode_only(bencher: divan::Bencher) {
    bencher.bench(|| {
        apiforge_runtime::serde_json::from_slice::<Identity>(divan::black_box(BODY.as_bytes()))
            .expect("decode")
    });
}

#[divan::bench]
fn in_memory(bencher: divan::Bencher) {
    bench_async(bencher, "http://kratos.test", mock());
}

/// Answers every request with `BODY` as JSON; records nothing.
struct Answer;

impl Transport for Answer {
    async fn send(
        &self,
        _: apiforge_runtime::http::Request<apiforge_runtime::Bytes>,
    ) -> Result<
        apiforge_runtime::http::Response<apiforge_runtime::Bytes>,
        apiforge_runtime::TransportError,
    > {
        let mut response = apiforge_runtime::http::Response::new(
            apiforge_runtime::Bytes::from_static(BODY.as_bytes()),
        );
        response.headers_mut().insert(
            apiforge_runtime::http::header::CONTENT_TYPE,
            apiforge_runtime::http::HeaderValue::from_static("application/json"),
        );
        Ok(response)
    }
}

#[divan::bench]
fn in_memory_plain(bencher: divan::Bencher) {
    bench_async(bencher, "http://kratos.test", Answer);
}

#[divan::bench]
fn in_memory_plain_list(bencher: divan::Bencher) {
    bench_call(bencher, "http://kratos.test", Answer, list_request);
}

#[divan::bench]
fn in_memory_list(bencher: divan::Bencher) {
    bench_call(bencher, "http://kratos.test", mock(), list_request);
}

/// A mock answering every call with `BODY`.
fn mock() -> MockTransport {
    let mock = MockTransport::new();
    for operation in [OPERATION, LIST] {
        mock.on_operation(operation.id)
            .body(StatusCode::OK, "application/json", BODY);
    }
    mock
}

#[divan::bench]
fn in_memory_traced(bencher: divan::Bencher) {
    bench_async(bencher, "http://kratos.test", TracingTransport::new(mock()));
}

#[divan::bench]
fn in_memory_cookie_jar(bencher: divan::Bencher) {
    bench_async(bencher, "http://kratos.test", CookieJar::new(mock()));
}

#[divan::bench]
fn loopback_reqwest(bencher: divan::Bencher) {
    bench_async(bencher, server(), ReqwestTransport::new());
}

#[divan::bench]
fn loopback_hyper(bencher: divan::Bencher) {
    bench_async(bencher, server(), HyperTransport::new());
}

#[divan::bench]
fn loopback_ureq_blocking(bencher: divan::Bencher) {
    let client = Client::new(server(), UreqTransport::new()).expect("client");
    let call = || {
        let raw = client
            .send_blocking::<()>(get_request(client.config()))
            .expect("send");
        raw.json::<Identity, ()>().expect("decode").into_inner()
    };
    call();
    bencher.bench_local(call);
}

/// One typed call through `client` as a generated `_stream` method makes it, then the body
/// gathered and decoded.
async fn streamed_call<T: StreamingTransport>(client: &Client<T>) -> Identity {
    let mut request = client.operation(OPERATION, Method::GET);
    request.path_param("id", ID, apiforge_runtime::ParamStyle::Simple);
    let response = client
        .execute_streaming::<(), ()>(
            client.build(request),
            "application/json",
            |status| status == 200,
            |raw| raw.empty(),
        )
        .await
        .expect("send");
    let mut chunks = response.into_byte_stream();
    let mut body = Vec::new();
    while let Some(chunk) = chunks.next().await {
        body.extend_from_slice(&chunk.expect("chunk"));
    }
    apiforge_runtime::serde_json::from_slice(&body).expect("decode")
}

fn bench_streamed<T: StreamingTransport>(bencher: divan::Bencher, transport: T) {
    let rt = runtime();
    let client = Client::new(server(), transport).expect("client");
    rt.block_on(streamed_call(&client));
    bencher.bench_local(|| rt.block_on(streamed_call(&client)));
}

#[divan::bench]
fn loopback_reqwest_streamed(bencher: divan::Bencher) {
    bench_streamed(bencher, ReqwestTransport::new());
}

#[divan::bench]
fn loopback_hyper_streamed(bencher: divan::Bencher) {
    bench_streamed(bencher, HyperTransport::new());
}

#[divan::bench]
fn events_json_100(bencher: divan::Bencher) {
    let stream: Vec<u8> = (0..100)
        .flat_map(|_| format!("event: identity\ndata: {BODY}\n\n").into_bytes())
        .collect();
    let chunks: Vec<Bytes> = stream.chunks(4096).map(Bytes::copy_from_slice).collect();
    let rt = runtime();
    bencher.bench_local(|| {
        let body: ByteStream = Box::pin(futures_util::stream::iter(
            chunks.clone().into_iter().map(Ok),
        ));
        let response = StreamingResponse::new(apiforge_runtime::http::Response::new(body));
        rt.block_on(response.events().json::<Identity>().count())
    });
}
