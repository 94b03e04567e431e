//! Paginated lists: which operations get a method that walks every page, and how.
//!
//! A `GET` operation whose success response declares a `Link` header follows `rel="next"`. The
//! `x-apiforge-pagination` extension on an operation describes the others (and where the items are
//! when the body is not the list itself):
//!
//! ```yaml
//! x-apiforge-pagination:
//!   items: data                 # the body property holding a page's items (omit: the body is the list)
//!   cursor:                     # the next page's cursor ...
//!     param: page_token         #   ... goes in this query parameter,
//!     field: next_page_token    #   ... and comes from this body property (none or "" ends)
//!   # or, instead of `cursor`:
//!   page: page                  # page numbers in this query parameter, until a page is empty
//!   first: 1                    # the first page's number (default 1)
//! ```
//!
//! Runs once every type is resolved (it looks into the success body's struct); an extension that
//! cannot be followed is a warning at its pointer and the operation gets no such method.

use super::names::snake_join;
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{
    NextPage, Operation, PageField, Pagination, ParamLocation, Presence, ResponseBody, Struct,
    TypeDef, TypeKind, TypeRef,
};
use serde_json::Value;

/// The vendor extension that describes a list's pagination.
pub const EXTENSION: &str = "x-apiforge-pagination";

const KEYS: [&str; 4] = ["items", "cursor", "page", "first"];

/// Decides [`Operation::pagination`] for every operation.
pub fn resolve(
    raw: &Value,
    types: &[TypeDef],
    operations: &mut [Operation],
    diags: &mut Diagnostics,
) {
    for op in operations {
        let pointer = child(&op.pointer, EXTENSION);
        let extension = raw.pointer(&op.pointer).and_then(|o| o.get(EXTENSION));
        let has_link = op.responses.success.iter().any(|case| {
            let fields = case.headers.iter().flat_map(|h| &h.fields);
            fields.into_iter().any(|f| f.wire_name == "link")
        });
        if extension.is_none() && !has_link {
            continue;
        }
        let walk = Walk {
            op,
            types,
            has_link,
        };
        match walk.pagination(extension) {
            Ok(pagination) => op.pagination = Some(pagination),
            // A `Link` header alone is no promise of a list; only a described one is reported.
            Err(why) if extension.is_some() => {
                diags.warn(&pointer, format!("{why}; no method walks its pages"))
            }
            Err(_) => {}
        }
    }
}

struct Walk<'a> {
    op: &'a Operation,
    types: &'a [TypeDef],
    has_link: bool,
}

impl Walk<'_> {
    fn pagination(&self, extension: Option<&Value>) -> Result<Pagination, String> {
        let empty = serde_json::Map::new();
        let extension = match extension {
            None => &empty,
            Some(Value::Object(map)) => map,
            Some(_) => return Err(format!("`{EXTENSION}` is not an object")),
        };
        if let Some(key) = extension.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(format!(
                "`{EXTENSION}` has an unknown key `{key}` (known: {})",
                KEYS.join(", ")
            ));
        }
        if self.op.responses.success_enum.is_some() {
            return Err("its success responses carry different types".into());
        }
        let body = match self.op.responses.success.first().map(|case| &case.body) {
            Some(ResponseBody::Json(ty)) => ty,
            _ => return Err("its success response has no JSON body".into()),
        };
        let (items, item_ty) = match extension.get("items") {
            None => match self.resolved(body) {
                TypeRef::Vec(item) => (None, (**item).clone()),
                _ => return Err(
                    "its success body is not a list; name the property with the items in `items`"
                        .into(),
                ),
            },
            Some(Value::String(name)) => {
                let (field, ty) = self.field(body, name)?;
                match self.resolved(ty) {
                    TypeRef::Vec(item) => (Some(field), (**item).clone()),
                    _ => return Err(format!("body property `{name}` is not a list")),
                }
            }
            Some(_) => return Err("`items` is not a property name".into()),
        };
        let next = match (extension.get("cursor"), extension.get("page")) {
            (Some(_), Some(_)) => return Err("`cursor` and `page` exclude each other".into()),
            (Some(cursor), None) => self.cursor(body, cursor)?,
            (None, Some(Value::String(param))) => {
                let first = match extension.get("first") {
                    None => 1,
                    Some(first) => first.as_i64().ok_or("`first` is not an integer")?,
                };
                NextPage::Page {
                    param: self.query_param(param)?,
                    first,
                }
            }
            (None, Some(_)) => return Err("`page` is not a query parameter name".into()),
            (None, None) if self.has_link && self.op.http_method == "GET" => NextPage::Link,
            (None, None) if self.has_link => {
                return Err("only GET lists follow a `Link` header".into())
            }
            (None, None) => {
                return Err("it names no `cursor` or `page`, and its success response declares no `Link` header".into())
            }
        };
        Ok(Pagination {
            method_name: snake_join(&self.op.calls[0].method_name, "all"),
            items,
            item_ty,
            next,
        })
    }

    fn cursor(&self, body: &TypeRef, cursor: &Value) -> Result<NextPage, String> {
        let text = |key: &str| cursor.get(key).and_then(Value::as_str);
        let (Some(param), Some(field_name)) = (text("param"), text("field")) else {
            return Err(
                "`cursor` needs `param` (a query parameter) and `field` (a body property)".into(),
            );
        };
        let (field, ty) = self.field(body, field_name)?;
        if !matches!(self.resolved(ty), TypeRef::String | TypeRef::Integer(_)) {
            return Err(format!(
                "body property `{field_name}` is not a string or an integer"
            ));
        }
        Ok(NextPage::Cursor {
            param: self.query_param(param)?,
            field,
        })
    }

    /// The wire name of the operation's query parameter `name`.
    fn query_param(&self, name: &str) -> Result<String, String> {
        self.op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Query && p.wire_name == name)
            .map(|p| p.wire_name.clone())
            .ok_or_else(|| format!("the operation has no query parameter `{name}`"))
    }

    /// The property `name` of the body struct: how it is read, and its type.
    fn field<'t>(&'t self, body: &TypeRef, name: &str) -> Result<(PageField, &'t TypeRef), String> {
        let object = self
            .object(body)
            .ok_or("its success body is not an object")?;
        let field = object
            .fields
            .iter()
            .find(|f| f.wire_name == name && f.presence != Presence::Flatten)
            .ok_or_else(|| format!("its success body has no property `{name}`"))?;
        let page_field = PageField {
            name: field.name.clone(),
            presence: field.presence,
        };
        Ok((page_field, &field.ty))
    }

    fn object(&self, ty: &TypeRef) -> Option<&Struct> {
        match self.resolved(ty) {
            TypeRef::Named(id) => match &self.types[id.0].kind {
                TypeKind::Struct(object) => Some(object),
                _ => None,
            },
            _ => None,
        }
    }

    /// `ty` past aliases and boxes (not past `Option`: a nullable body is no list).
    fn resolved<'t>(&'t self, mut ty: &'t TypeRef) -> &'t TypeRef {
        // Each step passes one alias or box: more steps than types means a cycle.
        for _ in 0..=2 * self.types.len() {
            ty = match ty {
                TypeRef::Boxed(inner) => inner,
                TypeRef::Named(id) => match &self.types[id.0].kind {
                    TypeKind::Alias(inner) => inner,
                    _ => return ty,
                },
                _ => return ty,
            };
        }
        &TypeRef::Json
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, NextPage, Presence, TypeRef};
    use crate::{resolve_str, Settings};

    /// Resolves one GET `/things` operation with `extra` (operation keys) and a 200 response
    /// whose `headers` and body schema are given.
    fn resolve(extra: &str, headers: &str, body: &str) -> (Api, Vec<String>) {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: listThings\n{extra}\n      parameters:\n        - {{name: after, in: query, schema: {{type: string}}}}\n        - {{name: page, in: query, schema: {{type: integer}}}}\n      responses:\n        '200':\n          description: ok\n          headers: {headers}\n          content:\n            application/json:\n              schema: {body}\n"
        );
        let (api, diags) = resolve_str("t.yaml", &spec, &Settings::default()).unwrap();
        (api, diags.iter().map(|d| d.to_string()).collect())
    }

    const LIST: &str = "{type: array, items: {type: integer}}";
    const PAGE: &str = "{type: object, required: [data], properties: {data: {type: array, items: {type: string}}, next: {type: string}}}";

    #[test]
    fn a_link_header_on_a_list_walks_by_link() {
        let (api, diags) = resolve("", "{Link: {schema: {type: string}}}", LIST);
        assert!(diags.is_empty(), "{diags:?}");
        let pagination = api.operations[0].pagination.as_ref().unwrap();
        assert_eq!(pagination.method_name, "list_things_all");
        assert!(matches!(pagination.next, NextPage::Link));
        assert!(pagination.items.is_none());
        assert_eq!(
            pagination.item_ty,
            TypeRef::Integer(crate::ir::IntegerKind::I64)
        );
        // Without a Link header or the extension, no walk; a Link on an object body is no list.
        assert!(resolve("", "{}", LIST).0.operations[0].pagination.is_none());
        let (api, diags) = resolve("", "{Link: {schema: {type: string}}}", PAGE);
        assert!(api.operations[0].pagination.is_none() && diags.is_empty());
    }

    #[test]
    fn the_extension_describes_cursors_and_page_numbers() {
        let cursor =
            "      x-apiforge-pagination: {items: data, cursor: {param: after, field: next}}";
        let (api, diags) = resolve(cursor, "{}", PAGE);
        assert!(diags.is_empty(), "{diags:?}");
        let pagination = api.operations[0].pagination.as_ref().unwrap();
        let NextPage::Cursor { param, field } = &pagination.next else {
            panic!("{:?}", pagination.next)
        };
        assert_eq!((param.as_str(), field.name.as_str()), ("after", "next"));
        assert_eq!(field.presence, Presence::Optional);
        assert_eq!(pagination.items.as_ref().unwrap().name, "data");
        assert_eq!(pagination.item_ty, TypeRef::String);

        let page = "      x-apiforge-pagination: {items: data, page: page, first: 0}";
        let pagination = resolve(page, "{}", PAGE).0.operations[0]
            .pagination
            .clone()
            .unwrap();
        assert!(
            matches!(pagination.next, NextPage::Page { ref param, first: 0 } if param == "page")
        );
    }

    #[test]
    fn an_extension_that_cannot_be_followed_is_a_located_warning() {
        for (extension, why) in [
            (
                "{cursor: {param: after, field: next}}",
                "not a list; name the property",
            ),
            ("{items: nope, page: page}", "no property `nope`"),
            (
                "{items: data, page: missing}",
                "no query parameter `missing`",
            ),
            (
                "{items: data, page: page, cursor: {param: after, field: next}}",
                "exclude each other",
            ),
            ("{items: data}", "names no `cursor` or `page`"),
            ("{items: data, pages: page}", "unknown key `pages`"),
            ("{items: data, cursor: {param: after}}", "needs `param`"),
            ("[]", "not an object"),
        ] {
            let extra = format!("      x-apiforge-pagination: {extension}");
            let (api, diags) = resolve(&extra, "{}", PAGE);
            assert!(api.operations[0].pagination.is_none(), "{extension}");
            assert_eq!(diags.len(), 1, "{extension}: {diags:?}");
            assert!(diags[0].contains(why), "{extension}: {}", diags[0]);
            assert!(
                diags[0].contains("no method walks its pages"),
                "{}",
                diags[0]
            );
            assert!(
                diags[0].contains("t.yaml:7:") && diags[0].contains("/x-apiforge-pagination"),
                "{}",
                diags[0]
            );
        }
    }
}
