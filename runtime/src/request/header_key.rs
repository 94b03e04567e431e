//! `HeaderKey`: the name of a request header, checked when the client is compiled.

use http::header::HeaderName;

use crate::security::is_sensitive_name;

/// The name of a request header that a generated client sets, made in a `const` block: the name
/// is checked (a lower-case HTTP token) and found secret-bearing or not
/// ([`is_sensitive_name`](crate::is_sensitive_name)) when the client is compiled, not on every
/// call. [`RequestBuilder::header_key`](crate::RequestBuilder::header_key) takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderKey {
    pub(crate) name: HeaderName,
    pub(crate) sensitive: bool,
}

impl HeaderKey {
    /// The key of `name`, which must be a lower-case HTTP token of at most 65,535 bytes: in a
    /// `const` block anything else fails to compile.
    ///
    /// # Panics
    ///
    /// Outside a `const` block, on a name that is not such a token.
    pub const fn new(name: &'static str) -> Self {
        Self {
            name: HeaderName::from_static(name),
            sensitive: is_sensitive_name(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_know_their_name_and_whether_it_is_secret() {
        let key = |name| {
            let key = HeaderKey::new(name);
            (key.name.to_string(), key.sensitive)
        };
        assert_eq!(key("x-session-token"), ("x-session-token".into(), true));
        assert_eq!(key("cookie"), ("cookie".into(), true));
        assert_eq!(key("x-request-id"), ("x-request-id".into(), false));
        // Every character of an HTTP token, as the generator lets through (lower-cased).
        let all = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz";
        assert_eq!(key(all), (all.into(), false));
        const COOKIE: HeaderKey = HeaderKey::new("cookie");
        assert_eq!(COOKIE, HeaderKey::new("cookie"));
        assert_eq!(COOKIE.name, http::header::COOKIE);
    }
}
