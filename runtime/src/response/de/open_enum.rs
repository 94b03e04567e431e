//! Open string enums: known values to their variants, anything else kept as sent.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, Error, Visitor};

/// A string enum whose unknown values are kept.
pub trait OpenEnum: Sized {
    /// The variant for a known value.
    fn known(value: &str) -> Option<Self>;

    /// The variant that keeps an unknown value.
    fn other(value: String) -> Self;
}

/// Deserializes an [`OpenEnum`] from a string without buffering it.
pub fn open_enum<'de, D: Deserializer<'de>, T: OpenEnum>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_str(OpenEnumVisitor(PhantomData))
}

struct OpenEnumVisitor<T>(PhantomData<T>);

impl<T: OpenEnum> Visitor<'_> for OpenEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
        Ok(T::known(value).unwrap_or_else(|| T::other(value.to_owned())))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<T, E> {
        Ok(T::known(&value).unwrap_or_else(|| T::other(value)))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, PartialEq)]
    enum State {
        Active,
        Other(String),
    }

    impl OpenEnum for State {
        fn known(value: &str) -> Option<Self> {
            (value == "active").then_some(State::Active)
        }

        fn other(value: String) -> Self {
            State::Other(value)
        }
    }

    impl<'de> Deserialize<'de> for State {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            open_enum(deserializer)
        }
    }

    #[test]
    fn known_unknown_and_wrong_types() {
        assert_eq!(
            serde_json::from_str::<State>(r#""active""#).unwrap(),
            State::Active
        );
        let from_value = serde_json::from_value::<State>(serde_json::json!("gone")).unwrap();
        assert_eq!(from_value, State::Other("gone".into()));
        assert!(serde_json::from_str::<State>("1").is_err());
    }
}
