//! Untagged unions: the first alternative that reads the value back exactly, else the one that
//! loses the least of it.
//!
//! serde's `#[serde(untagged)]` takes the first alternative that decodes. An alternative that
//! skips keys it does not declare (a closed object), or that fills in a missing nullable field,
//! decodes more than it should: a document meant for a later alternative would lose those keys.
//! Here an alternative counts as an exact match only when encoding what it decoded gives the
//! same JSON value back. When none is exact, the alternative whose encoding loses the fewest
//! values of the document wins (the first of those that lose equally).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Chooses among the alternatives of an untagged union, in the order they are offered.
pub struct Untagged<'v, U> {
    value: &'v Value,
    exact: Option<U>,
    /// The least lossy inexact alternative so far, with its [`loss`].
    inexact: Option<(usize, U)>,
}

impl<'v, U> Untagged<'v, U> {
    /// Starts choosing for `value`.
    pub fn new(value: &'v Value) -> Self {
        Self {
            value,
            exact: None,
            inexact: None,
        }
    }

    /// Offers the alternative that decodes as `T`, wrapped into the union by `wrap`.
    pub fn or<T: DeserializeOwned + Serialize>(mut self, wrap: fn(T) -> U) -> Self {
        if self.exact.is_some() {
            return self;
        }
        let Ok(decoded) = T::deserialize(self.value) else {
            return self;
        };
        let Ok(back) = serde_json::to_value(&decoded) else {
            return self;
        };
        if back == *self.value {
            self.exact = Some(wrap(decoded));
            return self;
        }
        let lost = loss(self.value, &back);
        let less_lossy = match &self.inexact {
            Some((least, _)) => lost < *least,
            None => true,
        };
        if less_lossy {
            self.inexact = Some((lost, wrap(decoded)));
        }
        self
    }

    /// The chosen alternative, or `None` when no alternative decodes the value.
    pub fn chosen(self) -> Option<U> {
        self.exact.or(self.inexact.map(|(_, chosen)| chosen))
    }
}

/// How much of `sent` is missing or different in `back`: the scalar values it holds there, plus
/// one for each key that `back` adds.
fn loss(sent: &Value, back: &Value) -> usize {
    match (sent, back) {
        (Value::Object(sent), Value::Object(back)) => {
            let missing: usize = sent
                .iter()
                .map(|(key, value)| {
                    back.get(key)
                        .map_or_else(|| size(value), |b| loss(value, b))
                })
                .sum();
            missing + back.keys().filter(|key| !sent.contains_key(*key)).count()
        }
        (Value::Array(sent), Value::Array(back)) => {
            let kept: usize = sent.iter().zip(back).map(|(s, b)| loss(s, b)).sum();
            kept + sent.iter().skip(back.len()).map(size).sum::<usize>()
                + back.len().saturating_sub(sent.len())
        }
        _ if sent == back => 0,
        _ => size(sent),
    }
}

/// The scalar values in `value` (at least one).
fn size(value: &Value) -> usize {
    let inner: usize = match value {
        Value::Object(entries) => entries.values().map(size).sum(),
        Value::Array(items) => items.iter().map(size).sum(),
        _ => 0,
    };
    inner.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Closed {
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct WithUrl {
        url: String,
    }

    #[derive(Debug, PartialEq)]
    enum Either {
        Closed(Closed),
        WithUrl(WithUrl),
    }

    fn choose(value: &Value) -> Option<Either> {
        Untagged::new(value)
            .or(Either::Closed)
            .or(Either::WithUrl)
            .chosen()
    }

    #[test]
    fn a_later_alternative_that_reads_back_exactly_wins() {
        let value = json!({"url": "https://example.com"});
        assert_eq!(
            choose(&value),
            Some(Either::WithUrl(WithUrl {
                url: "https://example.com".into()
            }))
        );
    }

    #[test]
    fn the_first_exact_alternative_wins() {
        let value = json!({"name": "a"});
        assert_eq!(
            choose(&value),
            Some(Either::Closed(Closed {
                name: Some("a".into())
            }))
        );
    }

    #[test]
    fn the_first_inexact_alternative_stands_in_when_none_is_exact() {
        let value = json!({"name": "a", "other": 1});
        assert_eq!(
            choose(&value),
            Some(Either::Closed(Closed {
                name: Some("a".into())
            }))
        );
    }

    #[test]
    fn the_least_lossy_alternative_wins_when_none_is_exact() {
        // `Closed` keeps nothing of it; `WithUrl` loses only the undeclared key.
        let value = json!({"url": "https://example.com", "other": 1});
        assert_eq!(
            choose(&value),
            Some(Either::WithUrl(WithUrl {
                url: "https://example.com".into()
            }))
        );
    }

    #[test]
    fn loss_counts_scalars_missing_changed_or_added() {
        let sent = json!({"a": {"b": [1, 2, 3]}, "c": "x", "d": null});
        assert_eq!(loss(&sent, &sent), 0);
        assert_eq!(loss(&sent, &json!({"c": "x", "d": null})), 3);
        assert_eq!(
            loss(&sent, &json!({"a": {"b": [1, 2]}, "c": "y", "d": null})),
            2
        );
        assert_eq!(
            loss(
                &sent,
                &json!({"a": {"b": [1, 2, 3]}, "c": "x", "d": null, "e": 1})
            ),
            1
        );
    }

    #[test]
    fn nothing_is_chosen_when_no_alternative_decodes() {
        assert_eq!(choose(&json!(3)), None);
    }
}
