//! JSON pointers (RFC 6901): building them, taking them apart, escaping their tokens.

/// Escapes one reference token for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes the escaping of one reference token.
pub(crate) fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends an escaped token to a pointer.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}

/// The unescaped reference tokens of `pointer` (none for the root, `""`).
pub(crate) fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(unescape_token)
}

/// The pointer one level up, or `None` for the root.
pub(crate) fn parent(pointer: &str) -> Option<&str> {
    pointer.rfind('/').map(|i| &pointer[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped() {
        assert_eq!(child("/paths", "/a/{id}"), "/paths/~1a~1{id}");
        assert_eq!(child("", "x~y"), "/x~0y");
        assert_eq!(unescape_token(&escape_token("~1/~0")), "~1/~0");
    }

    #[test]
    fn tokens_are_unescaped() {
        assert_eq!(tokens("").count(), 0);
        assert_eq!(
            tokens("/paths/~1a~1{id}/get").collect::<Vec<_>>(),
            ["paths", "/a/{id}", "get"]
        );
        assert_eq!(tokens("/a~01").collect::<Vec<_>>(), ["a~1"]);
        assert_eq!(tokens("/").collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn parents_end_at_the_root() {
        assert_eq!(parent("/a/b"), Some("/a"));
        assert_eq!(parent("/a"), Some(""));
        assert_eq!(parent(""), None);
    }
}
