//! The type space: schemas in, named and deduplicated Rust types out.
//!
//! Component schemas want their own names; inline schemas want names synthesized from where they
//! stand (`Identity` + `credentials` → `IdentityCredentials`). Types carry the names they want
//! until the whole API is known; `namespaces::settle_types` then makes them unique, in an order
//! that does not depend on which type was met first.
//! A `$ref` to an alias-like component (an array, a primitive) resolves to the aliased type, so a
//! signature reads `Vec<Identity>` rather than `IdentityList`.
//!
//! This module interns types (the [`TypeSpace`], its name slots and the progress of components);
//! the jobs live beside it: `refs` follows `$ref`s, `objects` builds structs, arrays, maps and
//! primitives, `unions` builds enums and oneOf/anyOf unions, `all_of` merges allOf.

mod all_of;
mod checks;
mod objects;
mod refs;
mod unions;

use super::names::camel_ident;
use super::view::{SchemaRef, SchemaView};
use crate::diagnostics::Diagnostics;
use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};
use crate::pointer::unescape_token;
use crate::settings::{Settings, UnknownFields};
pub(super) use objects::unclaimed_field_name;
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use unions::enum_repr;

/// A resolved schema: its Rust type and whether `null` is allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// The type without nullability.
    pub ty: TypeRef,
    /// Whether the schema admits `null`.
    pub nullable: bool,
}

impl Resolved {
    fn new(ty: TypeRef) -> Self {
        Self {
            ty,
            nullable: false,
        }
    }

    /// The type, wrapped in `Option` when nullable.
    pub fn optional_if_nullable(self) -> TypeRef {
        if self.nullable {
            TypeRef::Option(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

/// Progress of a component schema.
enum ComponentState {
    /// Being converted; `Some` once its named slot exists (recursion then refers to it).
    InProgress(Option<TypeId>),
    /// Met deeper than [`MAX_NESTING`]: referred to by the name in its reserved slot, converted
    /// later from [`TypeSpace::finish`].
    Deferred(TypeId),
    /// Converted.
    Done(Resolved),
}

/// How a type being defined gets its name.
#[derive(Clone, Copy)]
enum Naming<'n> {
    /// A component schema with a name claimed up front.
    Component(&'n str),
    /// An inline schema, named from its position.
    Inline(&'n str),
}

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// How many schemas are converted inside one another before a `$ref` met there is not followed
/// on the spot: a component is deferred (referred to by name, converted later), another place
/// falls back to `serde_json::Value`. With inline nesting bounded by the parsers (128 levels),
/// this bounds the resolver's recursion whatever the spec.
const MAX_NESTING: usize = 128;

/// Interns every type the API needs.
pub struct TypeSpace<'a> {
    doc: &'a OpenAPI,
    raw: &'a Value,
    /// The names component schemas want, by schema key.
    component_names: HashMap<&'a str, String>,
    components: HashMap<String, ComponentState>,
    defs: Vec<Option<TypeDef>>,
    /// The name of every slot in `defs`, known before its definition is built.
    slot_names: Vec<String>,
    /// What `$ref`s to non-component places resolved to (`None` while being converted).
    pointer_types: HashMap<String, Option<Resolved>>,
    /// Schemas (or further `$ref`s) reached through `$ref`s that do not point at a component.
    pointer_schemas: HashMap<String, Option<Rc<ReferenceOr<Schema>>>>,
    /// Schemas that describe a shape but became `serde_json::Value` (each with a warning).
    fallbacks: usize,
    /// Schemas being converted inside one another right now.
    nesting: usize,
    /// Slots reserved for deferred components, by key.
    reserved: HashMap<String, TypeId>,
    /// Deferred components not converted yet.
    deferred: Vec<String>,
    /// Schemas whose discriminator mapping was checked, by pointer.
    checked_discriminators: HashSet<String>,
    /// allOf schemas being merged inside one another right now: a member that holds the schema
    /// itself through a property would otherwise be merged without end.
    merging: usize,
    /// Whether objects that allow undeclared keys without saying so get a map to keep them.
    unknown_fields: UnknownFields,
}

/// The finished type space.
pub struct Finished {
    /// Every named type, indexed by the ids handed out, recursion and large values boxed (names
    /// still the wanted ones: `namespaces::settle_types` decides them and sorts).
    pub types: Vec<TypeDef>,
    /// Schemas that describe a shape but became `serde_json::Value`.
    pub fallbacks: usize,
}

impl<'a> TypeSpace<'a> {
    /// A type space for `doc`; `raw` is the same document as JSON.
    pub fn new(doc: &'a OpenAPI, raw: &'a Value, settings: &Settings) -> Self {
        let component_names = component_schemas(doc)
            .keys()
            .map(|key| (key.as_str(), camel_ident(key)))
            .collect();
        Self {
            doc,
            raw,
            component_names,
            components: HashMap::new(),
            defs: Vec::new(),
            slot_names: Vec::new(),
            pointer_types: HashMap::new(),
            pointer_schemas: HashMap::new(),
            unknown_fields: settings.unknown_fields(),
            fallbacks: 0,
            nesting: 0,
            reserved: HashMap::new(),
            deferred: Vec::new(),
            checked_discriminators: HashSet::new(),
            merging: 0,
        }
    }

    /// Resolves a schema or reference met at `pointer`; `hint` names inline types found there.
    pub fn resolve(
        &mut self,
        schema: SchemaRef<'_>,
        pointer: &str,
        hint: &str,
        diags: &mut Diagnostics,
    ) -> Resolved {
        match schema {
            SchemaRef::Ref(reference) => self.reference(reference, pointer, diags),
            SchemaRef::Item(schema) => self.convert(schema, pointer, Naming::Inline(hint), diags),
        }
    }

    /// Converts every component schema not reached yet, then returns the finished types with
    /// recursion and large values boxed, indexed by the ids handed out (names still the wanted
    /// ones).
    pub fn finish(mut self, diags: &mut Diagnostics) -> Finished {
        let keys: Vec<&'a String> = component_schemas(self.doc).keys().collect();
        for key in keys {
            self.component(key, diags);
        }
        while let Some(key) = self.deferred.pop() {
            self.component(&key, diags);
        }
        let mut defs: Vec<TypeDef> = self.defs.into_iter().flatten().collect();
        super::recursion::box_cycles(&mut defs);
        super::recursion::box_deep_and_large(&mut defs);
        Finished {
            types: defs,
            fallbacks: self.fallbacks,
        }
    }

    /// A schema that describes a shape this generator cannot type: `serde_json::Value`, a
    /// warning at `pointer` saying `why`, and one more fallback counted.
    pub fn fall_back(
        &mut self,
        pointer: &str,
        why: impl std::fmt::Display,
        diags: &mut Diagnostics,
    ) -> Resolved {
        self.fallbacks += 1;
        diags.warn(pointer, format!("{why}; using serde_json::Value"));
        Resolved::new(TypeRef::Json)
    }

    /// Converts an inline or component schema body.
    fn convert(
        &mut self,
        schema: &Schema,
        pointer: &str,
        naming: Naming<'_>,
        diags: &mut Diagnostics,
    ) -> Resolved {
        self.nesting += 1;
        if let Some(discriminator) = &schema.schema_data.discriminator {
            self.check_discriminator(discriminator, pointer, diags);
        }
        let view = SchemaView::of(schema);
        let mut nullable =
            schema.schema_data.nullable || view.enumeration.iter().any(Value::is_null);
        let ty = if !view.all_of.is_empty() {
            let merged = self.all_of(schema, &view, pointer, naming, diags);
            nullable |= merged.nullable;
            merged.ty
        } else if !view.one_of.is_empty() || !view.any_of.is_empty() {
            let union = self.union(schema, &view, pointer, naming, diags);
            nullable |= union.nullable;
            union.ty
        } else if view.enumeration.iter().any(|v| !v.is_null()) && enum_repr(&view).is_some() {
            self.enumeration(schema, &view, pointer, naming, diags)
        } else {
            self.plain(schema, &view, pointer, naming, diags)
        };
        self.nesting -= 1;
        Resolved { ty, nullable }
    }

    /// An empty slot for a type named `name`, filled once its definition is built.
    fn new_slot(&mut self, name: String) -> TypeId {
        let id = TypeId(self.defs.len());
        self.defs.push(None);
        self.slot_names.push(name);
        id
    }

    /// Creates (or reuses) the named type for a struct, enum or union.
    fn define(
        &mut self,
        schema: &Schema,
        pointer: &str,
        naming: Naming<'_>,
        build: impl FnOnce(&mut Self, &str, &mut Diagnostics) -> TypeKind,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        let name = match naming {
            Naming::Component(name) => name.to_string(),
            Naming::Inline(hint) => camel_ident(hint),
        };
        let component_key = match naming {
            Naming::Component(_) => pointer.rsplit('/').next().map(unescape_token),
            Naming::Inline(_) => None,
        };
        let reserved = component_key.as_ref().and_then(|k| self.reserved.get(k));
        let id = match reserved {
            Some(id) => *id,
            None => self.new_slot(name.clone()),
        };
        if let Some(key) = component_key {
            self.components
                .insert(key, ComponentState::InProgress(Some(id)));
        }
        let kind = build(self, &name, diags);
        self.defs[id.0] = Some(TypeDef {
            name,
            pointer: pointer.to_string(),
            doc: schema_doc(schema),
            kind,
        });
        TypeRef::Named(id)
    }
}

fn component_schemas(doc: &OpenAPI) -> &indexmap::IndexMap<String, ReferenceOr<Schema>> {
    static EMPTY: std::sync::OnceLock<indexmap::IndexMap<String, ReferenceOr<Schema>>> =
        std::sync::OnceLock::new();
    match &doc.components {
        Some(components) => &components.schemas,
        None => EMPTY.get_or_init(Default::default),
    }
}

fn naming_hint<'n>(naming: Naming<'n>) -> &'n str {
    match naming {
        Naming::Component(name) | Naming::Inline(name) => name,
    }
}

/// Title and description of a schema, as doc text.
fn schema_doc(schema: &Schema) -> Option<String> {
    super::join_doc(
        schema.schema_data.title.as_deref(),
        schema.schema_data.description.as_deref(),
    )
}
