//! Open string enums: known values to their variants, anything else kept as sent.

use serde::{Deserialize, Deserializer};

use super::Key;

/// A string enum whose unknown values are kept.
pub trait OpenEnum: Sized {
    /// The variant for a known value.
    fn known(value: &str) -> Option<Self>;

    /// The variant that keeps an unknown value.
    fn other(value: String) -> Self;

    /// The value as sent: the known value of a variant, or the one kept.
    fn as_str(&self) -> &str;
}

/// Deserializes an [`OpenEnum`] from a string without buffering it. The string is read as an
/// object [`Key`] is (borrowed from the input where it allows): one visitor, and one copy of the
/// deserializer's string reading, for every open enum rather than one per enum.
#[inline]
pub fn open_enum<'de, D: Deserializer<'de>, T: OpenEnum>(deserializer: D) -> Result<T, D::Error> {
    let value = Key::deserialize(deserializer)?;
    match T::known(&value) {
        Some(known) => Ok(known),
        None => Ok(T::other(value.into_string())),
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

        fn as_str(&self) -> &str {
            match self {
                State::Active => "active",
                State::Other(value) => value,
            }
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
