//! Object keys, borrowed from the input when the deserializer allows it.

use std::fmt;
use std::ops::Deref;

use serde::de::{Deserialize, Deserializer, Error, Visitor};

/// An object key: borrowed from the input (no allocation for keys without escapes when decoding
/// from a byte slice), or owned when the deserializer hands over a transient or owned string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Copied or taken over from the deserializer.
    Owned(String),
}

impl Key<'_> {
    /// The key as an owned string (no copy when it is already owned).
    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(key) => key.to_owned(),
            Key::Owned(key) => key,
        }
    }
}

impl Deref for Key<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(key))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key.to_owned()))
    }

    fn visit_string<E: Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_from_slices_and_owns_otherwise() {
        let key: Key<'_> = serde_json::from_str(r#""node_type""#).unwrap();
        assert!(matches!(key, Key::Borrowed("node_type")));
        let escaped: Key<'_> = serde_json::from_str(r#""a\u0062""#).unwrap();
        assert_eq!(escaped, Key::Owned("ab".into()));
        let from_value = Key::deserialize(serde_json::json!("v")).unwrap();
        assert_eq!(from_value.into_string(), "v");
        assert!(serde_json::from_str::<Key<'_>>("1").is_err());
    }
}
