//! One walk over the lowered document that puts every schema into 3.0 form (`schema::lower`),
//! whatever version the file was written in.

use serde_json::Value;

use super::schema::{self, Context};
use super::shape::{children, Shape};
use super::InputVersion;
use crate::diagnostics::Diagnostics;

/// Rewrites every schema of the 3.0-shaped document `doc` in place.
pub(crate) fn document(doc: &mut Value, input: InputVersion, diags: &mut Diagnostics) {
    let mut walk = Walk {
        input,
        diags,
        pointer: String::new(),
        resource: None,
    };
    walk.visit(Shape::Document, doc);
}

struct Walk<'d> {
    input: InputVersion,
    diags: &'d mut Diagnostics,
    /// Pointer of the node being visited.
    pointer: String,
    /// Pointer of the outermost schema around the node, once inside one.
    resource: Option<String>,
}

impl Walk<'_> {
    fn visit(&mut self, shape: Shape, node: &mut Value) {
        let outermost = shape == Shape::Schema && self.resource.is_none();
        if outermost {
            self.resource = Some(self.pointer.clone());
        }
        if shape == Shape::Schema {
            let cx = Context {
                input: self.input,
                pointer: &self.pointer,
                resource: self.resource.as_deref().unwrap_or_default(),
            };
            schema::lower(node, &cx, self.diags);
        }
        for child in children(shape, node) {
            let len = self.pointer.len();
            child.extend_pointer(&mut self.pointer);
            if let Some(inner) = child.get_mut(node) {
                self.visit(child.shape, inner);
            }
            self.pointer.truncate(len);
        }
        if outermost {
            self.resource = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schemas_everywhere_are_lowered() {
        let mut doc = json!({
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": ["string", "null"]}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"n": {"const": 1}},
                    "example": {"type": ["not", "a", "schema"]}
                }}}}}
            }}},
            "components": {"schemas": {"Tree": {"properties": {"kids": {"items": {"$recursiveRef": "#"}}}}}}
        });
        document(
            &mut doc,
            InputVersion::OpenApi31,
            &mut Diagnostics::default(),
        );
        let op = &doc["paths"]["/a"]["get"];
        assert_eq!(
            op["parameters"][0]["schema"],
            json!({"type": "string", "nullable": true})
        );
        let body = &op["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(body["properties"]["n"], json!({"enum": [1]}));
        assert_eq!(body["example"], json!({"type": ["not", "a", "schema"]}));
        assert_eq!(
            doc["components"]["schemas"]["Tree"]["properties"]["kids"]["items"],
            json!({"$ref": "#/components/schemas/Tree"})
        );
    }
}
