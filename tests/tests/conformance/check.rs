//! Judging a response: Prism accepted the request, and the body decoded into the expected type.

use std::fmt::Debug;

use apiforge_runtime::http::HeaderMap;
use apiforge_runtime::serde::Serialize;
use apiforge_runtime::{DecodeError, Error, ResponseValue};

use crate::recording::decoded_problems;
use crate::run::Outcome;

/// The header in which Prism lists what it found wrong with the request or its own response.
const VIOLATIONS: &str = "sl-violations";
/// How the `type` of the problem documents Prism writes itself starts.
const PRISM_PROBLEM: &str = "https://stoplight.io/prism/errors#";
/// How much of a body or value a failure message quotes.
const QUOTE: usize = 300;

/// Passes when the call succeeded with `status`, Prism reported no violations, and the decoded
/// value holds what the server sent ([`decoded_problems`]).
pub fn success<T: Serialize + Debug, E: Debug>(
    result: Result<ResponseValue<T>, Error<E>>,
    status: u16,
) -> Outcome {
    match result {
        Ok(value) => {
            accepted(value.headers())?;
            expect_status(value.status().as_u16(), status)?;
            faithful(decoded_problems(&*value))
        }
        Err(error) => Err(describe(&error)),
    }
}

/// Fails with the problems of a decoded value, if any.
fn faithful(problems: Vec<String>) -> Outcome {
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "decoded value differs from the body: {}",
        problems.join("; ")
    ))
}

/// Like [`success`], and the response's `name` header starts with `prefix`.
pub fn success_with_header<T: Serialize + Debug, E: Debug>(
    result: Result<ResponseValue<T>, Error<E>>,
    status: u16,
    name: &str,
    prefix: &str,
) -> Outcome {
    let headers = result.as_ref().ok().map(|value| value.headers().clone());
    success(result, status)?;
    let value = headers.as_ref().and_then(|h| h.get(name));
    match value.and_then(|v| v.to_str().ok()) {
        Some(v) if v.starts_with(prefix) => Ok(()),
        other => Err(format!(
            "header `{name}` is {other:?}, expected `{prefix}...`"
        )),
    }
}

/// Passes when the call failed with the documented `status`, its body decoded into the expected
/// variant, and Prism reported no violations. `problems` gives, for the expected variant, the
/// problems of its decoded value ([`decoded_problems`]), and `None` for any other variant.
pub fn documented<T, E: Debug>(
    result: Result<ResponseValue<T>, Error<E>>,
    status: u16,
    problems: impl FnOnce(&E) -> Option<Vec<String>>,
) -> Outcome {
    match result {
        Ok(value) => Err(format!(
            "expected status {status}, got a success with status {}",
            value.status()
        )),
        Err(Error::Response(value)) => {
            accepted(value.headers())?;
            expect_status(value.status().as_u16(), status)?;
            match problems(&value) {
                Some(problems) => faithful(problems),
                None => Err(format!(
                    "status {status} decoded into the wrong variant: {}",
                    quote(&format!("{:?}", &*value))
                )),
            }
        }
        Err(error) => Err(describe(&error)),
    }
}

/// Fails when Prism reported violations of the spec by the request (or by its response).
fn accepted(headers: &HeaderMap) -> Outcome {
    violations(headers).map_or(Ok(()), Err)
}

/// The violations Prism reported in a response's headers, if any.
fn violations(headers: &HeaderMap) -> Option<String> {
    let text = String::from_utf8_lossy(headers.get(VIOLATIONS)?.as_bytes()).into_owned();
    Some(format!("Prism reported violations: {}", quote(&text)))
}

fn expect_status(actual: u16, expected: u16) -> Outcome {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("status {actual}, expected {expected}"))
    }
}

/// A failed call in one line: Prism's rejection, or the status and why it is not the expected one.
fn describe<E: Debug>(error: &Error<E>) -> String {
    if let Some(rejection) = error
        .headers()
        .and_then(violations)
        .or_else(|| prism_problem(error))
    {
        return rejection;
    }
    match error {
        Error::Transport(e) => format!("transport failure: {}", chain(e)),
        Error::InvalidRequest(e) => format!("the request could not be encoded: {}", chain(e)),
        Error::Pagination(e) => format!("the walk over the pages stopped: {}", chain(e)),
        Error::Response(value) => format!(
            "documented error status {}: {}",
            value.status(),
            quote(&format!("{:?}", &**value))
        ),
        Error::UnexpectedResponse(raw) => format!(
            "undocumented status {} ({}): {}",
            raw.status(),
            content_type(raw.headers()),
            quote(&String::from_utf8_lossy(raw.body()))
        ),
        Error::Decode { source, response } => format!(
            "status {} did not decode: {}; body near there: {}",
            response.status(),
            chain(source),
            near(source, response.body())
        ),
    }
}

/// The part of `body` around where JSON decoding failed (the start when that is unknown).
fn near(error: &DecodeError, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let at = match error {
        DecodeError::Json(e) if e.line() > 0 => {
            let line_start: usize = text
                .split_inclusive('\n')
                .take(e.line() - 1)
                .map(str::len)
                .sum();
            line_start + e.column().saturating_sub(1)
        }
        _ => 0,
    };
    let start = at.saturating_sub(QUOTE / 2);
    let start = (0..=start)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    quote(&text[start..])
}

/// The problem document Prism answers with when it refuses a request itself (e.g. a 422 for an
/// invalid request to an operation without a documented 400 or 422).
fn prism_problem<E>(error: &Error<E>) -> Option<String> {
    let (Error::UnexpectedResponse(raw) | Error::Decode { response: raw, .. }) = error else {
        return None;
    };
    let problem: serde_json::Value = serde_json::from_slice(raw.body()).ok()?;
    let kind = problem.get("type")?.as_str()?;
    kind.starts_with(PRISM_PROBLEM).then(|| {
        let title = problem
            .get("title")
            .and_then(|t| t.as_str())
            .unwrap_or(kind);
        let details = problem
            .get("validation")
            .map(|v| v.to_string())
            .unwrap_or_default();
        format!(
            "Prism rejected the request: status {}, {title} {}",
            raw.status(),
            quote(&details)
        )
    })
}

/// An error and its sources, joined with `: `.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get("content-type")
        .map_or("no content-type".into(), |v| {
            String::from_utf8_lossy(v.as_bytes()).into_owned()
        })
}

/// `text`, cut to `QUOTE` characters.
fn quote(text: &str) -> String {
    cut(text, QUOTE)
}

/// `text`, cut to `max` characters.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}
