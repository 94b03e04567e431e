//! JSON documents made from a spec's schemas, deterministic for a seed: types and formats, enums and
//! `const`, required and optional properties, `nullable` (3.0), `x-nullable` (2.0) and `null` in a
//! type list (3.1), `oneOf`/`anyOf` (one variant chosen by the seed, its discriminator tag set),
//! `allOf` (members merged), `items` as a list (any of them), `additionalProperties` (one undeclared key where objects allow them),
//! and bounds (`minimum`/`maximum`, `minLength`/`maxLength`, `minItems`/`maxItems`).
//!
//! Two documents per schema: the *full* one has every property and values away from the usual
//! (an `int64` beyond `f64` precision, date-times with an offset and six fraction digits); the
//! *lean* one has the required properties only, `null` wherever the schema allows it, and `null`
//! for arrays it does not mark nullable (as Go servers write empty lists).

use serde_json::{json, Map, Value};

/// Objects nested deeper than this get their required properties only, arrays their minimum
/// number of items (recursive schemas end).
const MAX_DEPTH: usize = 6;

/// Deeper than this, a required property of a recursive schema is cut short as `{}`, which keeps
/// documents finite where the schema itself has no finite instance.
const HARD_DEPTH: usize = 24;

/// Which of the two documents of a schema.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// Every property, values away from the usual.
    Full,
    /// Required properties only, `null` where allowed.
    Lean,
}

/// Makes documents for the schemas of one spec.
pub struct Generator<'s> {
    spec: &'s Value,
    kind: Kind,
    state: u64,
}

impl<'s> Generator<'s> {
    /// A generator for `kind` documents, seeded with `seed` (the same seed gives the same
    /// documents).
    pub fn new(spec: &'s Value, kind: Kind, seed: &str) -> Self {
        // FNV-1a of the seed text: stable across runs and platforms.
        let state = seed.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
        Self {
            spec,
            kind,
            state: state | 1,
        }
    }

    /// A number below `bound` (xorshift64*).
    fn pick(&mut self, bound: usize) -> usize {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        let value = self.state.wrapping_mul(0x2545_f491_4f6c_dd1d);
        (value % bound.max(1) as u64) as usize
    }

    /// The schema a local `$ref` points to.
    pub fn lookup(&self, reference: &str) -> Option<&'s Value> {
        let pointer = reference.strip_prefix('#')?;
        self.spec.pointer(pointer)
    }

    /// A document for `schema`.
    pub fn document(&mut self, schema: &Value) -> Value {
        self.value(schema, 0)
    }

    fn value(&mut self, schema: &Value, depth: usize) -> Value {
        let Some(object) = schema.as_object() else {
            // `true` / `{}` (anything) and `false` (nothing; never reached for valid documents).
            return json!({"any": [1, "two"]});
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            return match self.lookup(reference) {
                Some(target) if depth < HARD_DEPTH => self.value(target, depth + 1),
                _ => json!({}),
            };
        }
        // The document itself stays a value of the type; `null` goes into its properties.
        if self.kind == Kind::Lean && depth > 0 && nullable(object) {
            return Value::Null;
        }
        if let Some(value) = object.get("const") {
            return value.clone();
        }
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if !values.is_empty() {
                return values[self.pick(values.len())].clone();
            }
        }
        if object.get("allOf").is_some_and(Value::is_array) {
            return self.all_of(object, depth);
        }
        let variants = object.get("oneOf").or_else(|| object.get("anyOf"));
        if let Some(variants) = variants.and_then(Value::as_array) {
            // A branch that only allows `null` makes the union nullable (`Option` of the rest).
            let (nulls, values): (Vec<&Value>, Vec<&Value>) =
                variants.iter().partition(|v| self.is_null_only(v));
            if self.kind == Kind::Lean && depth > 0 && !nulls.is_empty() {
                return Value::Null;
            }
            if !values.is_empty() {
                let chosen = values[self.pick(values.len())];
                let mut doc = self.variant(object, chosen, depth);
                // Properties declared beside the union belong to every variant, and a union
                // closed beside its variants (`additionalProperties: false`) takes no key of
                // theirs that it does not declare.
                if let (true, Value::Object(entries)) = (is_object(object), &mut doc) {
                    if let Value::Object(own) = self.object(object, depth, false, &[]) {
                        for (key, value) in own {
                            entries.entry(key).or_insert(value);
                        }
                    }
                    if object.get("additionalProperties") == Some(&Value::Bool(false)) {
                        entries.remove("undeclared_key");
                    }
                }
                return doc;
            }
        }
        match schema_type(object).or_else(|| implied_type(object)) {
            Some("string") => self.string(object),
            Some("integer") => self.integer(object),
            Some("number") => number(object),
            Some("boolean") => json!(self.pick(2) == 0),
            Some("array") => self.array(object, depth),
            Some("null") => Value::Null,
            _ => self.object(object, depth, true, &[]),
        }
    }

    /// The object of an `allOf`: the properties of every member (members of members too) and
    /// of the schema itself, the required ones of all of them present in lean documents too,
    /// and an undeclared key unless one of them is closed.
    fn all_of(&mut self, schema: &Map<String, Value>, depth: usize) -> Value {
        if !self.describes_object(schema) {
            // Constraints on one value (`allOf: [{type: string}, {nullable: false}]`): the
            // document of their keywords together.
            let mut merged = Map::new();
            self.merge_keywords(schema, 0, &mut merged);
            return self.value(&Value::Object(merged), depth + 1);
        }
        let mut required = Vec::new();
        self.collect_required(schema, 0, &mut required);
        let mut merged = Map::new();
        if !self.merge(schema, depth, &required, &mut merged) {
            let mut members = Vec::new();
            self.with_members(schema, 0, &mut members);
            // Undeclared keys of the schema a member gives them, if one does.
            let values = members
                .iter()
                .find_map(|m| m.get("additionalProperties").filter(|v| v.is_object()));
            match values {
                Some(values) if depth < MAX_DEPTH => {
                    let value = self.value(values, depth + 1);
                    merged.insert("extra_key".into(), value);
                }
                Some(_) => {}
                None => {
                    merged.insert("undeclared_key".into(), json!({"kept": [1, null]}));
                }
            }
        }
        Value::Object(merged)
    }

    /// Merges the properties of `schema` and of its `allOf` members into `merged` (those
    /// `required` names among them in any document); whether one of them is closed.
    fn merge(
        &mut self,
        schema: &Map<String, Value>,
        depth: usize,
        required: &[String],
        merged: &mut Map<String, Value>,
    ) -> bool {
        let mut closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        let members = schema.get("allOf").and_then(Value::as_array);
        for member in members.into_iter().flatten() {
            let member = self.resolved(member);
            match member.as_object() {
                Some(member)
                    if depth < HARD_DEPTH
                        && (is_object(member) || member.contains_key("allOf")) =>
                {
                    closed |= self.merge(member, depth + 1, required, merged);
                }
                Some(member) if member.contains_key("anyOf") || member.contains_key("oneOf") => {
                    // A union: the document of one of its variants, merged when it is an object.
                    if let Value::Object(part) =
                        self.value(&Value::Object(member.clone()), depth + 1)
                    {
                        merged.extend(part);
                    }
                }
                // Documentation (`{description: ..}`) or constraints on no property.
                _ => {}
            }
        }
        if is_object(schema) {
            if let Value::Object(own) = self.object(schema, depth, false, required) {
                merged.extend(own);
            }
        }
        closed
    }

    /// Whether `schema` or one of its `allOf` members (members of members too) describes an
    /// object, or none of them has a type at all.
    fn describes_object(&self, schema: &Map<String, Value>) -> bool {
        let mut all = Vec::new();
        self.with_members(schema, 0, &mut all);
        all.iter().any(|s| is_object(s)) || all.iter().all(|s| schema_type(s).is_none())
    }

    /// `schema` and its `allOf` members, members of members too (`$ref`s followed).
    fn with_members<'v>(
        &self,
        schema: &'v Map<String, Value>,
        depth: usize,
        into: &mut Vec<&'v Map<String, Value>>,
    ) where
        's: 'v,
    {
        into.push(schema);
        let members = schema.get("allOf").and_then(Value::as_array);
        for member in members.into_iter().flatten() {
            if let Some(member) = self.resolved(member).as_object() {
                if depth < HARD_DEPTH {
                    self.with_members(member, depth + 1, into);
                }
            }
        }
    }

    /// The keywords of `schema` and of its `allOf` members in one schema (members first, the
    /// schema's own last; `allOf` itself left out).
    fn merge_keywords(
        &self,
        schema: &Map<String, Value>,
        depth: usize,
        into: &mut Map<String, Value>,
    ) {
        let members = schema.get("allOf").and_then(Value::as_array);
        for member in members.into_iter().flatten() {
            if let Some(member) = self.resolved(member).as_object() {
                if depth < HARD_DEPTH {
                    self.merge_keywords(member, depth + 1, into);
                }
            }
        }
        for (key, value) in schema.iter().filter(|(k, _)| *k != "allOf") {
            into.insert(key.clone(), value.clone());
        }
    }

    /// The `required` names of `schema` and of its `allOf` members, members of members too.
    fn collect_required(&self, schema: &Map<String, Value>, depth: usize, into: &mut Vec<String>) {
        let names = schema.get("required").and_then(Value::as_array);
        into.extend(
            names
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(String::from),
        );
        let members = schema.get("allOf").and_then(Value::as_array);
        for member in members.into_iter().flatten() {
            if let Some(member) = self.resolved(member).as_object() {
                if depth < HARD_DEPTH {
                    self.collect_required(member, depth + 1, into);
                }
            }
        }
    }

    /// Whether `schema` allows `null` and nothing else (`type: null`, `enum: [null]`, or
    /// `nullable: true` with no other constraint).
    fn is_null_only(&self, schema: &Value) -> bool {
        let Some(schema) = self.resolved(schema).as_object() else {
            return false;
        };
        let documentation = |k: &str| {
            matches!(
                k,
                "nullable" | "description" | "title" | "default" | "example" | "deprecated"
            )
        };
        schema.get("type").is_some_and(|t| t == "null")
            || schema.get("enum") == Some(&json!([null]))
            || (nullable(schema) && schema.keys().all(|k| documentation(k)))
    }

    /// Whether `schema` is an array the spec does not mark nullable.
    fn is_plain_array(&self, schema: &Value) -> bool {
        let schema = self.resolved(schema);
        schema
            .as_object()
            .is_some_and(|s| schema_type(s) == Some("array") && !nullable(s))
    }

    /// `schema` with a local `$ref` followed (chains too), else itself.
    fn resolved<'v>(&self, schema: &'v Value) -> &'v Value
    where
        's: 'v,
    {
        let mut schema = schema;
        for _ in 0..64 {
            match schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| self.lookup(r))
            {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }

    fn variant(&mut self, union: &Map<String, Value>, chosen: &Value, depth: usize) -> Value {
        let mut doc = self.value(chosen, depth + 1);
        let Some(discriminator) = union.get("discriminator") else {
            return doc;
        };
        let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
            return doc;
        };
        let target = chosen
            .get("$ref")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mapped = discriminator
            .get("mapping")
            .and_then(Value::as_object)
            .and_then(|m| m.iter().find(|(_, to)| to.as_str() == Some(target)))
            .map(|(tag, _)| tag.clone());
        let tag = mapped.unwrap_or_else(|| target.rsplit('/').next().unwrap_or_default().into());
        if let Value::Object(entries) = &mut doc {
            // A tag the variant's own schema fixes (an enum or const) is already right.
            let fixed = entries.get(property).is_some_and(Value::is_string)
                && discriminator.get("mapping").is_none();
            if !fixed && !tag.is_empty() {
                entries.insert(property.to_string(), json!(tag));
            }
        }
        doc
    }

    fn string(&mut self, schema: &Map<String, Value>) -> Value {
        let format = schema.get("format").and_then(Value::as_str);
        let text = match (format, self.kind) {
            (Some("date-time"), Kind::Full) => "2021-08-17T11:15:59.232288+02:00",
            (Some("date-time"), Kind::Lean) => "2021-08-17T09:15:59Z",
            (Some("date"), _) => "2021-08-17",
            (Some("uuid" | "uuid4"), _) => "9f425a8d-7efc-4768-8f23-7647a74fdf13",
            (Some("byte"), _) => "aGVsbG8=",
            (Some("email"), _) => "ada@example.org",
            (Some("uri" | "url"), _) => "https://example.org/a",
            _ => "text",
        };
        let min = bound(schema, "minLength").unwrap_or(0) as usize;
        let max = bound(schema, "maxLength").map_or(usize::MAX, |m| m.max(0) as usize);
        let mut text = text.to_string();
        if format.is_none() || !matches!(format, Some("date-time" | "date" | "uuid" | "uuid4")) {
            while text.chars().count() < min {
                text.push('x');
            }
            text = text.chars().take(max).collect();
        }
        json!(text)
    }

    fn integer(&mut self, schema: &Map<String, Value>) -> Value {
        let format = schema.get("format").and_then(Value::as_str);
        let wide = match format {
            Some("int32") => 7,
            Some("uint32") => 7,
            _ if self.kind == Kind::Full => 9_007_199_254_740_993_i64,
            _ => 7,
        };
        let min = bound(schema, "minimum");
        let max = bound(schema, "maximum");
        let value = match (min, max) {
            (Some(min), Some(max)) if min <= max => {
                ((i128::from(min) + i128::from(max)) / 2) as i64
            }
            (Some(min), _) if wide < min => min,
            (_, Some(max)) if wide > max => max,
            _ => wide,
        };
        json!(value)
    }

    fn array(&mut self, schema: &Map<String, Value>, depth: usize) -> Value {
        let min = bound(schema, "minItems").unwrap_or(0).max(0) as usize;
        let max = bound(schema, "maxItems").map_or(usize::MAX, |m| m.max(0) as usize);
        let count = if depth >= MAX_DEPTH { min } else { min.max(1) };
        let count = count.min(max).min(3);
        let items = match schema.get("items") {
            // A tuple (draft 4), which a client reads as any of its schemas.
            Some(Value::Array(list)) => json!({ "anyOf": list }),
            Some(items) => items.clone(),
            None => json!({}),
        };
        let values = (0..count).map(|_| self.value(&items, depth + 1)).collect();
        Value::Array(values)
    }

    /// An object with its properties (all of them, or the required ones in lean documents and
    /// deep down; `inherited` names more required ones) and, when `extra` and the schema allows
    /// them, one undeclared key.
    fn object(
        &mut self,
        schema: &Map<String, Value>,
        depth: usize,
        extra: bool,
        inherited: &[String],
    ) -> Value {
        let mut required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        required.extend(inherited.iter().map(String::as_str));
        let properties = schema.get("properties").and_then(Value::as_object);
        let all = self.kind == Kind::Full && depth < MAX_DEPTH;
        let mut doc = Map::new();
        for (name, property) in properties.into_iter().flatten() {
            if !all && !required.contains(&name.as_str()) {
                continue;
            }
            let value = if depth >= HARD_DEPTH {
                json!({})
            } else if self.kind == Kind::Lean && self.is_plain_array(property) {
                // Go writes an empty slice as `null`, whatever the spec says.
                Value::Null
            } else {
                self.value(property, depth + 1)
            };
            doc.insert(name.clone(), value);
        }
        if !extra {
            return Value::Object(doc);
        }
        match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => {}
            Some(values @ Value::Object(_)) if depth < MAX_DEPTH => {
                let value = self.value(values, depth + 1);
                doc.insert("extra_key".into(), value);
            }
            Some(Value::Object(_)) => {}
            _ if properties.is_some() || self.kind == Kind::Full => {
                doc.insert("undeclared_key".into(), json!({"kept": [1, null]}));
            }
            _ => {}
        }
        Value::Object(doc)
    }
}

/// Whether the schema allows `null`.
fn nullable(schema: &Map<String, Value>) -> bool {
    let flag = |key: &str| schema.get(key) == Some(&Value::Bool(true));
    let listed = schema
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|types| types.iter().any(|t| t == "null"));
    flag("nullable") || flag("x-nullable") || listed
}

/// The schema's type (the first one that is not `null` of a 3.1 list).
fn schema_type(schema: &Map<String, Value>) -> Option<&str> {
    match schema.get("type")? {
        Value::String(single) => Some(single),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ => None,
    }
}

/// The type a schema without `type` has by its keywords: `items` makes an array.
fn implied_type(schema: &Map<String, Value>) -> Option<&'static str> {
    schema.contains_key("items").then_some("array")
}

/// Whether the schema describes an object by its own keywords.
fn is_object(schema: &Map<String, Value>) -> bool {
    schema_type(schema) == Some("object") || schema.contains_key("properties")
}

/// An integer bound of the schema (`minimum`, `maxLength`, ...), fractional ones rounded inward.
fn bound(schema: &Map<String, Value>, key: &str) -> Option<i64> {
    let value = schema.get(key)?;
    value.as_i64().or_else(|| {
        let float = value.as_f64()?;
        let rounded = if key.starts_with("min") {
            float.ceil()
        } else {
            float.floor()
        };
        Some(rounded.clamp(i64::MIN as f64, i64::MAX as f64) as i64)
    })
}

fn number(schema: &Map<String, Value>) -> Value {
    let get = |key: &str| schema.get(key).and_then(Value::as_f64);
    match (get("minimum"), get("maximum")) {
        (Some(min), Some(max)) if min <= max => json!(min + (max - min) / 2.0),
        (Some(min), _) if min > 1.5 => json!(min + 0.5),
        (_, Some(max)) if max < 1.5 => json!(max - 0.5),
        _ => json!(1.5),
    }
}

#[cfg(test)]
mod tests {
    use super::{Generator, Kind};
    use serde_json::json;

    #[test]
    fn lean_all_of_documents_have_the_properties_any_member_requires() {
        let spec = json!({"components": {"schemas": {
            "Base": {"type": "object", "properties": {"id": {"type": "string"}, "note": {"type": "string"}}},
            "Item": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"allOf": [{"properties": {"size": {"type": "integer", "format": "int32"}}}]},
                {"required": ["id", "size"]}
            ]}
        }}});
        let schema = &spec["components"]["schemas"]["Item"];
        let lean = Generator::new(&spec, Kind::Lean, "seed").document(schema);
        assert_eq!(
            lean,
            json!({"id": "text", "size": 7, "undeclared_key": {"kept": [1, null]}})
        );
        let full = Generator::new(&spec, Kind::Full, "seed").document(schema);
        assert_eq!(full["note"], "text");
    }

    #[test]
    fn an_all_of_of_one_value_gives_that_value() {
        let spec = json!({});
        let schema = json!({"properties": {"seq": {"allOf": [
            {"type": "string", "nullable": true},
            {"nullable": false}
        ]}}});
        let lean = Generator::new(&spec, Kind::Full, "seed").document(&schema);
        assert_eq!(lean["seq"], "text");
    }

    #[test]
    fn tuple_items_give_items_of_one_of_their_schemas() {
        let spec = json!({});
        let schema = json!({"type": "array", "items": [{"type": "boolean"}, {"type": "boolean"}]});
        let doc = Generator::new(&spec, Kind::Full, "seed").document(&schema);
        assert!(doc[0].is_boolean(), "{doc}");
    }
}
