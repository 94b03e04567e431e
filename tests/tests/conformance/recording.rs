//! What a call decoded, held against what the server sent: a transport that keeps the raw body
//! of the last response of the running call, re-encoding of the decoded value, and the
//! comparison of the two as JSON values.
//!
//! The one difference allowed between the raw body and the re-encoded value (the only one the
//! suite meets on `spec/kratos.yaml`): two strings that are the same RFC 3339 instant are equal
//! (Prism writes `2022-01-01T10:00:00.000Z`, `chrono` re-encodes it without the zero fraction,
//! and an offset such as `+00:00` becomes `Z`). Everything else, an absent member against `null`
//! or `[]`, `5` against `5.0`, counts as a difference.

use std::cell::RefCell;
use std::fmt::Debug;
use std::future::Future;

use apiforge_runtime::chrono::DateTime;
use apiforge_runtime::http::{Request, Response};
use apiforge_runtime::serde::Serialize;
use apiforge_runtime::Bytes;
use apiforge_runtime::{
    BlockingTransport, ReqwestTransport, Transport, TransportError, UreqTransport,
};
use serde_json::Value;

tokio::task_local! {
    /// The raw body of the running call's last response.
    static LAST_BODY: RefCell<Option<Bytes>>;
    /// Whether a fallback variant in a decoded value fails the running call.
    static FALLBACKS_FAIL: bool;
}

/// Runs one call with a slot for the raw body its transport receives; `fallbacks_fail` says
/// whether a decoded `Other`/`Unknown` fails it.
pub async fn recording<F: Future>(fallbacks_fail: bool, call: F) -> F::Output {
    FALLBACKS_FAIL
        .scope(fallbacks_fail, LAST_BODY.scope(RefCell::new(None), call))
        .await
}

/// What is wrong with a decoded value: its differences from the raw body, and its fallback
/// variants when the running call forbids them.
pub fn decoded_problems<T: Serialize + Debug>(decoded: &T) -> Vec<String> {
    let mut problems = reencoded_differences(decoded);
    if FALLBACKS_FAIL.try_with(|fail| *fail).unwrap_or(false) {
        let found = fallbacks(&format!("{decoded:?}"));
        problems.extend(found.into_iter().map(|f| format!("fallback variant {f}")));
    }
    problems
}

std::thread_local! {
    /// The raw body of the last response a [`RecordingBlocking`] received on this thread.
    static LAST_BLOCKING_BODY: RefCell<Option<Bytes>> = const { RefCell::new(None) };
}

/// The blocking transport, keeping each response's raw body for [`decoded_problems`].
#[derive(Debug, Default)]
pub struct RecordingBlocking(UreqTransport);

impl BlockingTransport for RecordingBlocking {
    fn send(&self, request: Request<Bytes>) -> Result<Response<Bytes>, TransportError> {
        let response = self.0.send(request)?;
        LAST_BLOCKING_BODY.with(|slot| *slot.borrow_mut() = Some(response.body().clone()));
        Ok(response)
    }
}

/// The default transport, keeping each response's raw body for [`decoded_problems`].
#[derive(Clone, Debug, Default)]
pub struct Recording(ReqwestTransport);

impl Transport for Recording {
    fn send(
        &self,
        request: Request<Bytes>,
    ) -> impl Future<Output = Result<Response<Bytes>, TransportError>> + Send {
        let sent = self.0.send(request);
        async move {
            let response = sent.await?;
            // Outside `recording` (a client used directly) there is nothing to keep it for.
            let _ = LAST_BODY.try_with(|slot| *slot.borrow_mut() = Some(response.body().clone()));
            Ok(response)
        }
    }
}

/// `decoded` re-encoded and compared with the raw JSON body of the last response; the
/// differences, one per line with its JSON pointer (none when the body is not JSON, one when no
/// body was recorded).
fn reencoded_differences<T: Serialize>(decoded: &T) -> Vec<String> {
    let recorded = LAST_BODY.try_with(|slot| slot.borrow().clone());
    let recorded = match recorded {
        Ok(body) => body,
        Err(_) => LAST_BLOCKING_BODY.with(|slot| slot.borrow_mut().take()),
    };
    let Some(raw) = recorded else {
        return vec!["no raw body was recorded for the call".into()];
    };
    let Ok(raw) = serde_json::from_slice::<Value>(&raw) else {
        return Vec::new();
    };
    let encoded = match serde_json::to_value(decoded) {
        Ok(value) => value,
        Err(e) => return vec![format!("the decoded value does not re-encode: {e}")],
    };
    let mut differences = Vec::new();
    compare("", &raw, &encoded, &mut differences);
    differences
}

fn compare(pointer: &str, raw: &Value, encoded: &Value, out: &mut Vec<String>) {
    match (raw, encoded) {
        (Value::Object(raw), Value::Object(encoded)) => {
            for (key, raw_member) in raw {
                let at = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                match encoded.get(key) {
                    Some(member) => compare(&at, raw_member, member, out),
                    None => out.push(format!(
                        "{at}: sent {}, lost in decoding",
                        short(raw_member)
                    )),
                }
            }
            for (key, member) in encoded {
                if !raw.contains_key(key) {
                    out.push(format!(
                        "{pointer}/{key}: not sent, re-encoded as {}",
                        short(member)
                    ));
                }
            }
        }
        (Value::Array(raw), Value::Array(encoded)) if raw.len() == encoded.len() => {
            for (i, (r, e)) in raw.iter().zip(encoded).enumerate() {
                compare(&format!("{pointer}/{i}"), r, e, out);
            }
        }
        (Value::String(r), Value::String(e)) if r == e || same_instant(r, e) => {}
        (r, e) if r == e => {}
        (r, e) => out.push(format!(
            "{pointer}: sent {}, re-encoded as {}",
            short(r),
            short(e)
        )),
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    match (
        DateTime::parse_from_rfc3339(a),
        DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn short(value: &Value) -> String {
    crate::check::cut(&value.to_string(), 80)
}

/// The fallback variants (`Other(..)` of enums, `Unknown(..)` of unions) in a decoded value's
/// `Debug` text, outside string literals: each means the client did not recognise what the
/// server sent.
fn fallbacks(debug: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut word_start = None;
    for (i, c) in debug.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = word_start.take() {
            let word = &debug[start..i];
            if c == '(' && matches!(word, "Other" | "Unknown") {
                let end = (i + 60).min(debug.len());
                let end = (end..=debug.len())
                    .find(|&e| debug.is_char_boundary(e))
                    .unwrap_or(debug.len());
                found.push(format!("{word}{}...", &debug[i..end]));
            }
        }
        in_string = c == '"';
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallbacks_outside_strings_are_found() {
        let debug = r#"Flow { state: Other("x"), note: "Other(not a variant) \" Unknown(", ui: Unknown(Object {}) }"#;
        let found = fallbacks(debug);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("Other(\"x\")"));
        assert!(found[1].starts_with("Unknown(Object"));
        assert!(fallbacks(r#"Flow { kind: Others("x"), x: NotOther(1) }"#).is_empty());
    }

    #[test]
    fn only_the_same_instant_is_allowed() {
        let raw = serde_json::json!({"at": "2022-01-01T10:00:00.000+00:00", "n": 5, "gone": null, "list": [1]});
        let same =
            serde_json::json!({"at": "2022-01-01T10:00:00Z", "n": 5, "gone": null, "list": [1]});
        let mut out = Vec::new();
        compare("", &raw, &same, &mut out);
        assert!(out.is_empty(), "{out:?}");
        let changed =
            serde_json::json!({"at": "2022-01-01T10:00:01Z", "n": 5.0, "list": [2], "empty": []});
        compare("", &raw, &changed, &mut out);
        let pointers: Vec<&str> = out.iter().filter_map(|d| d.split(':').next()).collect();
        assert_eq!(
            pointers,
            ["/at", "/n", "/gone", "/list/0", "/empty"],
            "{out:?}"
        );
    }
}
