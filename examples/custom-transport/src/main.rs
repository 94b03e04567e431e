//! The Kratos client over a custom [`Transport`]: no network, no reqwest.
//!
//! `CannedKratos` records every request it is given and answers from a table: an identity for
//! `GET /admin/identities/{KNOWN_ID}`, Kratos' 404 `jsonError` for anything else. The same shape
//! of transport is how to add retries, tracing or another HTTP stack (one that puts requests on
//! the wire calls `apiforge_runtime::attach_query_credentials` just before, so API keys `in: query`
//! reach the server), or to test code that uses the client.
//!
//! `cargo run -p apiforge-example-custom-transport`

// `pub`, so the operations this program does not call are not reported as dead code.
pub mod kratos {
    apiforge_macros::include_api!("../../spec/kratos.yaml");
}

use std::sync::{Mutex, PoisonError};

use apiforge_runtime::http::{header, HeaderMap, Method, Request, Response, StatusCode, Uri};
use apiforge_runtime::serde_json::{json, Value};
use apiforge_runtime::{Bytes, Error, Transport, TransportError};
use kratos::{AdminDeleteIdentityError, Client};

/// The one identity the canned server knows.
const KNOWN_ID: &str = "5e1c0b6a-7f45-4f1c-9a47-1b2f8e0d3c11";
/// An identity it does not know.
const UNKNOWN_ID: &str = "00000000-0000-4000-8000-000000000000";

/// A request as the transport received it.
struct Recorded {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
}

/// A transport that records requests and answers canned responses.
#[derive(Default)]
struct CannedKratos {
    requests: Mutex<Vec<Recorded>>,
}

impl CannedKratos {
    /// The canned response to `request`.
    fn answer(request: &Request<Bytes>) -> Response<Bytes> {
        if request.method() == Method::GET
            && request.uri().path() == format!("/admin/identities/{KNOWN_ID}")
        {
            let identity = json!({
                "id": KNOWN_ID,
                "schema_id": "default",
                "schema_url": "http://127.0.0.1:4433/schemas/default",
                "state": "active",
                "traits": { "email": "ada@example.com" },
            });
            return json_response(StatusCode::OK, &identity);
        }
        let error = json!({
            "error": {
                "code": 404,
                "status": "Not Found",
                "message": "The requested resource could not be found",
            }
        });
        json_response(StatusCode::NOT_FOUND, &error)
    }

    /// Everything recorded so far, taken out.
    fn take_requests(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.requests.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}

impl Transport for CannedKratos {
    async fn send(&self, request: Request<Bytes>) -> Result<Response<Bytes>, TransportError> {
        let response = Self::answer(&request);
        let recorded = Recorded {
            method: request.method().clone(),
            uri: request.uri().clone(),
            headers: request.headers().clone(),
        };
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(recorded);
        Ok(response)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let transport = CannedKratos::default();
    // `&CannedKratos` is a transport too, so the recorder stays ours to inspect.
    let client = Client::with_transport("http://kratos.invalid:4434", &transport)?
        .with_ory_access_token("example-token");

    println!("admin_get_identity({KNOWN_ID}):");
    match client.admin_get_identity(KNOWN_ID, None).await {
        Ok(identity) => println!(
            "  Ok: identity {} ({:?}), traits {}",
            identity.id, identity.state, identity.traits
        ),
        Err(error) => println!("  Err: {error}"),
    }

    println!("admin_delete_identity({UNKNOWN_ID}):");
    match client.admin_delete_identity(UNKNOWN_ID).await {
        Ok(()) => println!("  Ok: deleted"),
        Err(Error::Response(response)) => {
            let status = response.status();
            match response.into_inner() {
                AdminDeleteIdentityError::NotFound(body) => {
                    println!(
                        "  Err: {status}, AdminDeleteIdentityError::NotFound: {}",
                        body.error.message
                    );
                }
                other => println!("  Err: {status}, {other:?}"),
            }
        }
        Err(error) => println!("  Err: {error}"),
    }

    println!("requests the transport saw:");
    for request in transport.take_requests() {
        println!("  {} {}", request.method, request.uri);
        for (name, value) in &request.headers {
            println!("    {name}: {}", value.to_str().unwrap_or("<binary>"));
        }
    }
    Ok(())
}
