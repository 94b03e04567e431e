//! Untagged unions: the first alternative that reads the value back exactly, else the first that
//! reads it at all.
//!
//! serde's `#[serde(untagged)]` takes the first alternative that decodes. An alternative that
//! skips keys it does not declare (a closed object), or that fills in a missing nullable field,
//! decodes more than it should: a document meant for a later alternative would lose those keys.
//! Here an alternative counts as an exact match only when encoding what it decoded gives the
//! same JSON value back; an inexact one is kept only in case no alternative is exact.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Chooses among the alternatives of an untagged union, in the order they are offered.
pub struct Untagged<'v, U> {
    value: &'v Value,
    exact: Option<U>,
    inexact: Option<U>,
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
        if let Ok(decoded) = T::deserialize(self.value) {
            if serde_json::to_value(&decoded).is_ok_and(|back| back == *self.value) {
                self.exact = Some(wrap(decoded));
            } else if self.inexact.is_none() {
                self.inexact = Some(wrap(decoded));
            }
        }
        self
    }

    /// The chosen alternative, or `None` when no alternative decodes the value.
    pub fn chosen(self) -> Option<U> {
        self.exact.or(self.inexact)
    }
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
    fn nothing_is_chosen_when_no_alternative_decodes() {
        assert_eq!(choose(&json!(3)), None);
    }
}
