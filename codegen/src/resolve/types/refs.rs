//! Following `$ref`s: to components (named, converted once) and to any other place in the document.

use super::{
    component_schemas, schema_doc, ComponentState, Naming, Resolved, TypeSpace, COMPONENT_PREFIX,
};
use crate::diagnostics::Diagnostics;
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::pointer::{escape_token, unescape_token};
use crate::resolve::view::SchemaView;
use openapiv3::{ReferenceOr, Schema};
use std::rc::Rc;

impl<'a> TypeSpace<'a> {
    pub(super) fn reference(
        &mut self,
        reference: &str,
        pointer: &str,
        diags: &mut Diagnostics,
    ) -> Resolved {
        if let Some(name) = reference.strip_prefix(COMPONENT_PREFIX) {
            let name = unescape_token(name);
            if self.component_names.contains_key(name.as_str()) {
                return self.component(&name, diags);
            }
        }
        let Some(target) = reference.strip_prefix('#') else {
            diags.warn(
                pointer,
                format!("external $ref `{reference}` is not supported; using serde_json::Value"),
            );
            return Resolved::json();
        };
        let schema = match self.pointer_schemas.get(target) {
            Some(cached) => cached.clone(),
            None => {
                let found = self
                    .raw
                    .pointer(target)
                    .and_then(|v| serde_json::from_value::<Schema>(v.clone()).ok());
                let found = found.map(Rc::new);
                self.pointer_schemas
                    .insert(target.to_string(), found.clone());
                found
            }
        };
        let Some(schema) = schema else {
            diags.error(pointer, format!("$ref `{reference}` points to nothing"));
            return Resolved::json();
        };
        match self.pointer_types.get(target) {
            Some(Some(done)) => return done.clone(),
            Some(None) => {
                diags.warn(
                    pointer,
                    format!("$ref `{reference}` refers to itself; using serde_json::Value there"),
                );
                return Resolved::json();
            }
            None => {}
        }
        self.pointer_types.insert(target.to_string(), None);
        let hint = target.rsplit('/').next().unwrap_or("Schema").to_string();
        let resolved = self.convert(&schema, target, Naming::Inline(&hint), diags);
        self.pointer_types
            .insert(target.to_string(), Some(resolved.clone()));
        resolved
    }

    pub(super) fn component(&mut self, key: &str, diags: &mut Diagnostics) -> Resolved {
        let pointer = format!("/components/schemas/{}", escape_token(key));
        match self.components.get(key) {
            Some(ComponentState::Done(resolved)) => return resolved.clone(),
            Some(ComponentState::InProgress(Some(id))) => {
                return Resolved::new(TypeRef::Named(*id))
            }
            Some(ComponentState::InProgress(None)) => {
                let schema = &component_schemas(self.doc)[key];
                if is_pure_reference(schema) {
                    diags.error(
                        &pointer,
                        format!("schema `{key}` is only a cycle of references"),
                    );
                } else {
                    diags.warn(&pointer, format!("schema `{key}` contains itself without an object in between; using serde_json::Value there"));
                }
                return Resolved::json();
            }
            None => {}
        }
        self.components
            .insert(key.to_string(), ComponentState::InProgress(None));
        let name = self.component_names[key].clone();
        let resolved = match &component_schemas(self.doc)[key] {
            ReferenceOr::Reference { reference } => self.reference(reference, &pointer, diags),
            ReferenceOr::Item(schema) => {
                self.convert(schema, &pointer, Naming::Component(&name), diags)
            }
        };
        let defined_here =
            matches!(&resolved.ty, TypeRef::Named(id) if self.slot_names[id.0] == name);
        if !defined_here {
            let doc = match &component_schemas(self.doc)[key] {
                ReferenceOr::Item(schema) => schema_doc(schema),
                ReferenceOr::Reference { .. } => None,
            };
            let alias = TypeKind::Alias(resolved.clone().optional_if_nullable());
            self.slot_names.push(name.clone());
            self.defs.push(Some(TypeDef {
                name,
                pointer,
                doc,
                kind: alias,
            }));
        }
        self.components
            .insert(key.to_string(), ComponentState::Done(resolved.clone()));
        resolved
    }

    /// The component schema a `$ref` names, following `$ref` chains.
    pub(super) fn component_schema(&self, reference: &str) -> Option<&'a Schema> {
        let mut reference = reference;
        for _ in 0..32 {
            let name = unescape_token(reference.strip_prefix(COMPONENT_PREFIX)?);
            match component_schemas(self.doc).get(name.as_str())? {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }
}

/// Whether a component is nothing but a reference to another schema.
fn is_pure_reference(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(schema) => {
            let view = SchemaView::of(schema);
            view.properties.is_empty()
                && view.typ.is_none()
                && [view.all_of, view.one_of, view.any_of]
                    .iter()
                    .any(|members| members.len() == 1)
        }
    }
}
