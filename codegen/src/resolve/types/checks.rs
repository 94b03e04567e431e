//! Type-level problems that do not stop a type from being built, reported as located warnings:
//! `required` naming a property that is not declared, a discriminator mapping to no schema.

use super::{TypeSpace, COMPONENT_PREFIX};
use crate::diagnostics::Diagnostics;
use crate::pointer::child;
use openapiv3::Discriminator;

impl TypeSpace<'_> {
    /// Warns for each `mapping` entry of the discriminator of the schema at `pointer` that leads
    /// to no schema (once per schema, however often it is converted).
    pub(super) fn check_discriminator(
        &mut self,
        discriminator: &Discriminator,
        pointer: &str,
        diags: &mut Diagnostics,
    ) {
        if !self.checked_discriminators.insert(pointer.to_string()) {
            return;
        }
        let mapping = child(&child(pointer, "discriminator"), "mapping");
        for (tag, target) in &discriminator.mapping {
            // A mapping value is a `$ref` or, when it has no `#` or `/`, a component name.
            let reference = match target.contains(['#', '/']) {
                true => target.clone(),
                false => format!("{COMPONENT_PREFIX}{}", crate::pointer::escape_token(target)),
            };
            if self.schema_at(&reference).is_none() {
                diags.warn(
                    child(&mapping, tag),
                    format!("the discriminator maps `{tag}` to `{target}`, which is not a schema in this document; the entry is ignored"),
                );
            }
        }
    }
}

/// Warns for each name in `required` that is not among `declared` properties; `at(i)` is the
/// pointer to report the `i`th required name at.
pub(super) fn check_required<'n>(
    declared: impl Iterator<Item = &'n str> + Clone,
    required: &[String],
    at: impl Fn(usize) -> String,
    diags: &mut Diagnostics,
) {
    for (i, name) in required.iter().enumerate() {
        if !declared.clone().any(|d| d == name) {
            diags.warn(
                at(i),
                format!("`required` names `{name}`, which is not a declared property; the generated type does not check it"),
            );
        }
    }
}
