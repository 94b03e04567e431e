//! Where lowering moved nodes: lowered pointer prefix → the pointer of the same node in the file.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::pointer;

/// Prefix rewrites recorded while lowering, applied before looking a pointer up in the text.
#[derive(Debug, Default)]
pub(crate) struct Rewrites {
    moved: HashMap<String, String>,
}

impl Rewrites {
    /// Records that what is now at `lowered` (and below) was written at `original`.
    pub(crate) fn record(&mut self, lowered: impl Into<String>, original: impl Into<String>) {
        let (lowered, original) = (lowered.into(), original.into());
        if lowered != original {
            self.moved.insert(lowered, original);
        }
    }

    /// `pointer` (into the lowered document) as a pointer into the file: the longest recorded
    /// prefix is replaced; without one the pointer is returned unchanged.
    pub(crate) fn original<'p>(&self, pointer: &'p str) -> Cow<'p, str> {
        let mut prefix = pointer;
        loop {
            if let Some(original) = self.moved.get(prefix) {
                return Cow::Owned(format!("{original}{}", &pointer[prefix.len()..]));
            }
            match pointer::parent(prefix) {
                Some(up) => prefix = up,
                None => return Cow::Borrowed(pointer),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_prefix_wins() {
        let mut r = Rewrites::default();
        r.record("/components/schemas", "/definitions");
        r.record("/paths/~1a/get/requestBody", "/paths/~1a/get/parameters/1");
        r.record(
            "/paths/~1a/get/requestBody/content/application~1json/schema",
            "/paths/~1a/get/parameters/1/schema",
        );
        assert_eq!(
            r.original("/components/schemas/Pet/type"),
            "/definitions/Pet/type"
        );
        assert_eq!(r.original("/components/schemasX"), "/components/schemasX");
        assert_eq!(
            r.original("/paths/~1a/get/requestBody/required"),
            "/paths/~1a/get/parameters/1/required"
        );
        assert_eq!(
            r.original("/paths/~1a/get/requestBody/content/application~1json/schema/items"),
            "/paths/~1a/get/parameters/1/schema/items"
        );
        assert_eq!(r.original("/info"), "/info");
        assert_eq!(r.original(""), "");
    }
}
