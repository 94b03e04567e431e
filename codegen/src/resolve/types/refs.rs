//! Following `$ref`s: to components (named, converted once) and to any other place in the document.
//!
//! Chains of `$ref`s (`A` → `B` → … → a schema) are followed in a loop, never by recursion, so a
//! chain of any length resolves; a chain that ends nowhere or comes back to itself falls back to
//! `serde_json::Value` with a warning at the `$ref` that started it.

use super::unions::admits_null;
use super::{
    component_schemas, schema_doc, ComponentState, Naming, Resolved, TypeSpace, COMPONENT_PREFIX,
    MAX_NESTING,
};
use crate::diagnostics::Diagnostics;
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::pointer::{escape_token, unescape_token};
use openapiv3::{ReferenceOr, Schema};
use std::borrow::Cow;
use std::collections::HashSet;
use std::rc::Rc;

/// A `$ref` as written: `#/components/schemas/{key}`, another place in the document, or a file.
enum Link<'r> {
    /// A component schema, by (unescaped) key.
    Component(String),
    /// Any other place in this document (the pointer after `#`).
    Pointer(&'r str),
    /// Another file or URL.
    External,
}

impl<'a> TypeSpace<'a> {
    fn link<'r>(&self, reference: &'r str) -> Link<'r> {
        if let Some(key) = reference.strip_prefix(COMPONENT_PREFIX) {
            let key = unescape_token(key);
            if self.component_names.contains_key(key.as_str()) {
                return Link::Component(key);
            }
        }
        match reference.strip_prefix('#') {
            Some(pointer) => Link::Pointer(pointer),
            None => Link::External,
        }
    }

    /// The schema or `$ref` at a pointer into the document (`None` if nothing there reads as one).
    fn at_pointer(&mut self, pointer: &str) -> Option<Rc<ReferenceOr<Schema>>> {
        if let Some(cached) = self.pointer_schemas.get(pointer) {
            return cached.clone();
        }
        let found = self
            .raw
            .pointer(pointer)
            .and_then(|v| serde_json::from_value::<ReferenceOr<Schema>>(v.clone()).ok())
            .map(Rc::new);
        self.pointer_schemas
            .insert(pointer.to_string(), found.clone());
        found
    }

    /// Resolves the `$ref` met at `pointer`.
    pub(super) fn reference(
        &mut self,
        reference: &str,
        pointer: &str,
        diags: &mut Diagnostics,
    ) -> Resolved {
        self.chain(Vec::new(), reference, pointer, diags)
    }

    /// Follows `reference` to the schema it ends at and converts that; every component and
    /// pointer passed on the way (`passed`, then those found here) resolves to the same type.
    fn chain(
        &mut self,
        mut passed: Vec<Passed>,
        reference: &str,
        pointer: &str,
        diags: &mut Diagnostics,
    ) -> Resolved {
        let mut reference = reference.to_string();
        let end = loop {
            match self.link(&reference) {
                Link::Component(key) => {
                    let next = match &component_schemas(self.doc)[key.as_str()] {
                        ReferenceOr::Item(_) => break self.component(&key, diags),
                        ReferenceOr::Reference { reference } => reference.clone(),
                    };
                    match self.components.get(&key) {
                        Some(ComponentState::Done(done)) => break done.clone(),
                        Some(_) => {
                            let why = format!("$ref `{reference}` leads back to a schema that is only references to itself");
                            break self.fall_back(pointer, why, diags);
                        }
                        None => {}
                    }
                    self.components
                        .insert(key.clone(), ComponentState::InProgress(None));
                    passed.push(Passed::Component(key));
                    reference = next;
                }
                Link::Pointer(target) => {
                    let target = target.to_string();
                    match self.pointer_types.get(&target) {
                        Some(Some(done)) => break done.clone(),
                        Some(None) => {
                            let why = format!("$ref `{reference}` leads back to itself");
                            break self.fall_back(pointer, why, diags);
                        }
                        None => {}
                    }
                    let Some(found) = self.at_pointer(&target) else {
                        let why = format!("$ref `{reference}` points to nothing");
                        break self.fall_back(pointer, why, diags);
                    };
                    self.pointer_types.insert(target.clone(), None);
                    match &*found {
                        ReferenceOr::Reference { reference: next } => {
                            passed.push(Passed::Pointer(target));
                            reference = next.clone();
                        }
                        ReferenceOr::Item(_) if self.nesting >= MAX_NESTING => {
                            let why = format!(
                                "$ref `{reference}` is nested more than {MAX_NESTING} schemas deep"
                            );
                            break self.fall_back(pointer, why, diags);
                        }
                        ReferenceOr::Item(schema) => {
                            let hint = target.rsplit('/').next().unwrap_or("Schema").to_string();
                            let resolved =
                                self.convert(schema, &target, Naming::Inline(&hint), diags);
                            self.pointer_types.insert(target, Some(resolved.clone()));
                            break resolved;
                        }
                    }
                }
                Link::External => {
                    let why = format!("external $ref `{reference}` is not supported");
                    break self.fall_back(pointer, why, diags);
                }
            }
        };
        for step in passed.into_iter().rev() {
            match step {
                Passed::Component(key) => self.finish_component(&key, &end),
                Passed::Pointer(target) => {
                    self.pointer_types.insert(target, Some(end.clone()));
                }
            }
        }
        end
    }

    /// Resolves the component schema `key`, converting it the first time (or deferring it, when
    /// met too deep inside other conversions).
    pub(super) fn component(&mut self, key: &str, diags: &mut Diagnostics) -> Resolved {
        let pointer = format!("/components/schemas/{}", escape_token(key));
        let schema = match &component_schemas(self.doc)[key] {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { .. } => {
                // A component that only refers on resolves with the chain it starts.
                let itself = format!("{COMPONENT_PREFIX}{}", escape_token(key));
                return self.reference(&itself, &pointer, diags);
            }
        };
        match self.components.get(key) {
            Some(ComponentState::Done(resolved)) => return resolved.clone(),
            Some(ComponentState::InProgress(Some(id))) => {
                return Resolved::new(TypeRef::Named(*id))
            }
            Some(ComponentState::InProgress(None)) => {
                let why = format!("schema `{key}` contains itself without an object in between");
                return self.fall_back(&pointer, why, diags);
            }
            Some(ComponentState::Deferred(id)) if self.nesting >= MAX_NESTING => {
                return Resolved {
                    ty: TypeRef::Named(*id),
                    nullable: admits_null(schema),
                }
            }
            Some(ComponentState::Deferred(_)) | None => {}
        }
        if self.nesting >= MAX_NESTING {
            let id = self.new_slot(self.component_names[key].clone());
            self.reserved.insert(key.to_string(), id);
            self.components
                .insert(key.to_string(), ComponentState::Deferred(id));
            self.deferred.push(key.to_string());
            return Resolved {
                ty: TypeRef::Named(id),
                nullable: admits_null(schema),
            };
        }
        self.components
            .insert(key.to_string(), ComponentState::InProgress(None));
        let name = self.component_names[key].clone();
        let resolved = self.convert(schema, &pointer, Naming::Component(&name), diags);
        self.finish_component(key, &resolved);
        resolved
    }

    /// Records what component `key` resolved to; unless it defined its own named type, its name
    /// becomes an alias of that type.
    fn finish_component(&mut self, key: &str, resolved: &Resolved) {
        let name = self.component_names[key].clone();
        let defined_here =
            matches!(&resolved.ty, TypeRef::Named(id) if self.slot_names[id.0] == name);
        if !defined_here {
            let doc = match &component_schemas(self.doc)[key] {
                ReferenceOr::Item(schema) => schema_doc(schema),
                ReferenceOr::Reference { .. } => None,
            };
            let alias = TypeKind::Alias(resolved.clone().optional_if_nullable());
            let slot = match self.reserved.get(key) {
                Some(id) => *id,
                None => self.new_slot(name.clone()),
            };
            self.defs[slot.0] = Some(TypeDef {
                name,
                pointer: format!("/components/schemas/{}", escape_token(key)),
                doc,
                kind: alias,
            });
        }
        self.components
            .insert(key.to_string(), ComponentState::Done(resolved.clone()));
    }

    /// The schema a `$ref` ends at (a component or any other place in the document), following
    /// chains; `None` when it ends nowhere, outside the document, or in a cycle.
    pub(super) fn schema_at(&mut self, reference: &str) -> Option<Cow<'a, Schema>> {
        let mut reference = reference.to_string();
        let mut seen = HashSet::new();
        while seen.insert(reference.clone()) {
            let next = match self.link(&reference) {
                Link::Component(key) => match &component_schemas(self.doc)[key.as_str()] {
                    ReferenceOr::Item(schema) => return Some(Cow::Borrowed(schema)),
                    ReferenceOr::Reference { reference } => reference.clone(),
                },
                Link::Pointer(target) => match &*self.at_pointer(target)? {
                    ReferenceOr::Item(schema) => return Some(Cow::Owned(schema.clone())),
                    ReferenceOr::Reference { reference } => reference.clone(),
                },
                Link::External => return None,
            };
            reference = next;
        }
        None
    }
}

/// A component or pointer a chain of `$ref`s went through.
enum Passed {
    Component(String),
    Pointer(String),
}
