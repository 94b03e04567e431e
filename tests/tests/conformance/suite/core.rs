// The conformance suite's core: collecting calls. The suite is written once and `include!`d (by
// `suite!` in main.rs) into one module per generated client, which names that client's module `api`.

use std::future::Future;
use std::sync::Arc;

use serde_json::Value;

use crate::bodies::*;
use crate::check::{documented, success, success_with_header};
use crate::coverage::VALID_CALLS;
use crate::recording::{decoded_problems, Recording};
use crate::run::{Call, Kind, Outcome};
use crate::values::*;

/// The generated client over the default transport, recording raw bodies.
type Client = api::Client<Recording>;

/// Every call of the suite against the Prism at `url`.
pub fn calls(url: &str) -> Vec<Call> {
    let mut suite = Suite::new(url);
    suite.admin();
    suite.metadata();
    suite.schemas_and_errors();
    suite.login();
    suite.logout();
    suite.recovery();
    suite.registration();
    suite.settings();
    suite.verification();
    suite.sessions();
    suite.calls
}

/// The calls being collected, and the clients they use.
struct Suite {
    url: String,
    client: Arc<Client>,
    calls: Vec<Call>,
}

impl Suite {
    fn new(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            client: Arc::new(client(url)),
            calls: Vec::new(),
        }
    }

    /// Adds `n` calls of `operation` with valid arguments; `call` makes call `i`.
    fn valid<F, Fut>(&mut self, operation: &'static str, kind: Kind, n: usize, call: F)
    where
        F: Fn(Arc<Client>, usize) -> Fut,
        Fut: Future<Output = Outcome> + Send + 'static,
    {
        for i in 0..n {
            let future = call(Arc::clone(&self.client), i);
            self.calls
                .push(Call::new(operation, kind, format!("{kind:?} #{i}"), future));
        }
    }

    /// Adds `VALID_CALLS` calls of `operation` with valid arguments.
    fn each<F, Fut>(&mut self, operation: &'static str, call: F)
    where
        F: Fn(Arc<Client>, usize) -> Fut,
        Fut: Future<Output = Outcome> + Send + 'static,
    {
        self.valid(operation, Kind::Valid, VALID_CALLS, call);
    }

    /// Adds the calls of a submit operation: bodies of the `json` methods (and none), then form
    /// bodies of the `form` methods (and none); `call` sends the body as JSON or form (per `Kind`).
    fn submit<F, Fut>(
        &mut self,
        operation: &'static str,
        [json, form]: [&[&str]; 2],
        build: fn(&str, usize, usize) -> Value,
        call: F,
    ) where
        F: Fn(Arc<Client>, Kind, usize, Option<Value>) -> Fut,
        Fut: Future<Output = Outcome> + Send + 'static,
    {
        for (kind, methods) in [(Kind::Valid, json), (Kind::ValidForm, form)] {
            self.valid(operation, kind, flow_calls(methods), |c, i| {
                call(c, kind, i, flow_body(i, methods, build))
            });
        }
    }

    /// Adds a call of `operation` through a client that sends `Prefer: code=status`.
    fn status<F, Fut>(&mut self, operation: &'static str, status: u16, call: F)
    where
        F: FnOnce(Arc<Client>) -> Fut,
        Fut: Future<Output = Outcome> + Send + 'static,
    {
        let mut client = client(&self.url);
        client
            .runtime_mut()
            .set_default_header("Prefer", &format!("code={status}"))
            .expect("a valid header");
        let future = call(Arc::new(client));
        self.calls.push(Call::new(
            operation,
            Kind::Status(status),
            format!("Prefer: code={status}"),
            future,
        ));
    }
}

/// A client for `url` with an admin access token.
fn client(url: &str) -> Client {
    api::Client::with_transport(url, Recording::default())
        .expect("a valid base URL")
        .with_ory_access_token("ory_at_conformance")
}
