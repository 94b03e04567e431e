//! The calls of a suite and running them with bounded concurrency.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A call passes (`Ok`) or fails with the reason.
pub type Outcome = Result<(), String>;

/// How many calls are in flight at once.
const CONCURRENCY: usize = 8;
/// How long one call may take before it counts as failed.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// What a call checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Valid arguments, the JSON body (or no body): a success response.
    Valid,
    /// Valid arguments, the form-urlencoded body: a success response.
    ValidForm,
    /// Valid arguments with `Prefer: code=N`: the documented response N.
    Status(u16),
}

/// One request of a suite, not yet sent.
pub struct Call {
    /// The operationId.
    pub operation: &'static str,
    /// What it checks.
    pub kind: Kind,
    /// What varies between this operation's calls, for failure messages.
    pub label: String,
    future: Pin<Box<dyn Future<Output = Outcome> + Send>>,
}

impl Call {
    /// A call of `operation` whose `future` sends the request and checks the response.
    pub fn new(
        operation: &'static str,
        kind: Kind,
        label: String,
        future: impl Future<Output = Outcome> + Send + 'static,
    ) -> Self {
        Self {
            operation,
            kind,
            label,
            future: Box::pin(future),
        }
    }
}

/// A call after it ran.
pub struct Done {
    /// The operationId.
    pub operation: &'static str,
    /// What it checked.
    pub kind: Kind,
    /// Pass, or the reason (prefixed with the call's label).
    pub outcome: Outcome,
}

/// Runs every call, `CONCURRENCY` at a time, each within `CALL_TIMEOUT`; results in call order.
/// `fallbacks_fail`: a decoded `Other`/`Unknown` fails a call.
pub async fn run_all(calls: Vec<Call>, fallbacks_fail: bool) -> Vec<Done> {
    let queue = Arc::new(Mutex::new(calls.into_iter().enumerate().collect()));
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| tokio::spawn(worker(Arc::clone(&queue), fallbacks_fail)))
        .collect();
    let mut done = Vec::new();
    for worker in workers {
        done.extend(worker.await.expect("a conformance worker panicked"));
    }
    done.sort_by_key(|(position, _)| *position);
    done.into_iter().map(|(_, done)| done).collect()
}

/// Takes calls from `queue` until it is empty; returns them with their positions.
async fn worker(
    queue: Arc<Mutex<VecDeque<(usize, Call)>>>,
    fallbacks_fail: bool,
) -> Vec<(usize, Done)> {
    let mut done = Vec::new();
    loop {
        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
        let Some((position, call)) = next else {
            return done;
        };
        let recorded = crate::recording::recording(fallbacks_fail, call.future);
        let outcome = match tokio::time::timeout(CALL_TIMEOUT, recorded).await {
            Ok(outcome) => outcome,
            Err(_) => Err(format!("no response within {} s", CALL_TIMEOUT.as_secs())),
        };
        let outcome = outcome.map_err(|reason| format!("[{}] {reason}", call.label));
        let (operation, kind) = (call.operation, call.kind);
        done.push((
            position,
            Done {
                operation,
                kind,
                outcome,
            },
        ));
    }
}
