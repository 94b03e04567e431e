//! JSON pointer helpers (RFC 6901) beyond the escaping in `diagnostics`.

/// The unescaped reference tokens of `pointer` (none for the root, `""`).
pub(crate) fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
}

/// The pointer one level up, or `None` for the root.
pub(crate) fn parent(pointer: &str) -> Option<&str> {
    pointer.rfind('/').map(|i| &pointer[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

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
