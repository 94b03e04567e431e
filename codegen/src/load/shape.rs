//! Where each kind of object sits in a 3.0 document, so that walks can find every schema and a
//! failed check can be narrowed down to the innermost object that is wrong.

use serde_json::{Map, Value};

use crate::pointer::escape_token;

/// The kind of OpenAPI 3.0 object at some place in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Document,
    Info,
    Server,
    Tag,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Header,
    Encoding,
    Example,
    Link,
    Callback,
    Components,
    SecurityScheme,
    Schema,
    Discriminator,
}

/// The HTTP methods a path item may hold.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One step down: a key of an object or an index of an array.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// A child object: the steps to it (one, or two for an entry of a map-valued field) and its kind.
#[derive(Debug)]
pub(crate) struct Child {
    pub(crate) steps: Vec<Step>,
    pub(crate) shape: Shape,
}

impl Child {
    /// The child's value under `value`.
    pub(crate) fn get<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        self.steps.iter().try_fold(value, |v, step| match step {
            Step::Key(k) => v.get(k),
            Step::Index(i) => v.get(i),
        })
    }

    /// The child's value under `value`, mutably.
    pub(crate) fn get_mut<'v>(&self, value: &'v mut Value) -> Option<&'v mut Value> {
        self.steps.iter().try_fold(value, |v, step| match step {
            Step::Key(k) => v.get_mut(k),
            Step::Index(i) => v.get_mut(i),
        })
    }

    /// Appends the steps to `pointer`.
    pub(crate) fn extend_pointer(&self, pointer: &mut String) {
        for step in &self.steps {
            pointer.push('/');
            match step {
                Step::Key(k) => pointer.push_str(&escape_token(k)),
                Step::Index(i) => pointer.push_str(&i.to_string()),
            }
        }
    }
}

/// The children of `value`, an object of kind `shape`, that are themselves OpenAPI objects.
pub(crate) fn children(shape: Shape, value: &Value) -> Vec<Child> {
    let Some(object) = value.as_object() else {
        return Vec::new();
    };
    let mut kids = Kids {
        object,
        out: Vec::new(),
    };
    match shape {
        Shape::Document => {
            kids.field("info", Shape::Info);
            kids.each_index("servers", Shape::Server);
            kids.field("paths", Shape::Paths);
            kids.field("components", Shape::Components);
            kids.each_index("tags", Shape::Tag);
        }
        Shape::Paths => kids.own_keys(|k| k.starts_with('/'), Shape::PathItem),
        Shape::PathItem => {
            for method in METHODS {
                kids.field(method, Shape::Operation);
            }
            kids.each_index("parameters", Shape::Parameter);
            kids.each_index("servers", Shape::Server);
        }
        Shape::Operation => {
            kids.each_index("parameters", Shape::Parameter);
            kids.field("requestBody", Shape::RequestBody);
            kids.field("responses", Shape::Responses);
            kids.each_key("callbacks", Shape::Callback);
            kids.each_index("servers", Shape::Server);
        }
        Shape::Callback => kids.own_keys(|_| true, Shape::PathItem),
        Shape::Parameter | Shape::Header => {
            kids.field("schema", Shape::Schema);
            kids.each_key("content", Shape::MediaType);
            kids.each_key("examples", Shape::Example);
        }
        Shape::RequestBody => kids.each_key("content", Shape::MediaType),
        Shape::Responses => kids.own_keys(|k| !k.starts_with("x-"), Shape::Response),
        Shape::Response => {
            kids.each_key("headers", Shape::Header);
            kids.each_key("content", Shape::MediaType);
            kids.each_key("links", Shape::Link);
        }
        Shape::MediaType => {
            kids.field("schema", Shape::Schema);
            kids.each_key("examples", Shape::Example);
            kids.each_key("encoding", Shape::Encoding);
        }
        Shape::Encoding => kids.each_key("headers", Shape::Header),
        Shape::Components => {
            kids.each_key("schemas", Shape::Schema);
            kids.each_key("responses", Shape::Response);
            kids.each_key("parameters", Shape::Parameter);
            kids.each_key("examples", Shape::Example);
            kids.each_key("requestBodies", Shape::RequestBody);
            kids.each_key("headers", Shape::Header);
            kids.each_key("securitySchemes", Shape::SecurityScheme);
            kids.each_key("links", Shape::Link);
            kids.each_key("callbacks", Shape::Callback);
        }
        Shape::Schema => {
            kids.each_key("properties", Shape::Schema);
            if object
                .get("additionalProperties")
                .is_some_and(Value::is_object)
            {
                kids.field("additionalProperties", Shape::Schema);
            }
            kids.field("items", Shape::Schema);
            kids.each_index("allOf", Shape::Schema);
            kids.each_index("anyOf", Shape::Schema);
            kids.each_index("oneOf", Shape::Schema);
            kids.field("not", Shape::Schema);
            kids.field("discriminator", Shape::Discriminator);
        }
        Shape::Info
        | Shape::Server
        | Shape::Tag
        | Shape::Example
        | Shape::Link
        | Shape::SecurityScheme
        | Shape::Discriminator => {}
    }
    kids.out
}

struct Kids<'a> {
    object: &'a Map<String, Value>,
    out: Vec<Child>,
}

impl Kids<'_> {
    fn field(&mut self, name: &str, shape: Shape) {
        if self.object.contains_key(name) {
            self.out.push(Child {
                steps: vec![Step::Key(name.to_owned())],
                shape,
            });
        }
    }

    fn each_key(&mut self, name: &str, shape: Shape) {
        if let Some(Value::Object(map)) = self.object.get(name) {
            for key in map.keys() {
                let steps = vec![Step::Key(name.to_owned()), Step::Key(key.clone())];
                self.out.push(Child { steps, shape });
            }
        }
    }

    fn each_index(&mut self, name: &str, shape: Shape) {
        if let Some(Value::Array(items)) = self.object.get(name) {
            for i in 0..items.len() {
                self.out.push(Child {
                    steps: vec![Step::Key(name.to_owned()), Step::Index(i)],
                    shape,
                });
            }
        }
    }

    fn own_keys(&mut self, keep: impl Fn(&str) -> bool, shape: Shape) {
        for key in self.object.keys().filter(|k| keep(k)) {
            self.out.push(Child {
                steps: vec![Step::Key(key.clone())],
                shape,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pointers(shape: Shape, value: &Value) -> Vec<(String, Shape)> {
        children(shape, value)
            .into_iter()
            .map(|c| {
                let mut p = String::new();
                c.extend_pointer(&mut p);
                (p, c.shape)
            })
            .collect()
    }

    #[test]
    fn operations_and_schemas_are_found() {
        let item = json!({"get": {}, "parameters": [{}], "x-a": 1, "summary": "s"});
        assert_eq!(
            pointers(Shape::PathItem, &item),
            [
                ("/get".to_owned(), Shape::Operation),
                ("/parameters/0".to_owned(), Shape::Parameter)
            ]
        );
        let schema = json!({"properties": {"a/b": {}}, "additionalProperties": true, "items": {}, "not": {}});
        assert_eq!(
            pointers(Shape::Schema, &schema),
            [
                ("/properties/a~1b".to_owned(), Shape::Schema),
                ("/items".to_owned(), Shape::Schema),
                ("/not".to_owned(), Shape::Schema)
            ]
        );
        let c = &children(Shape::Schema, &schema)[0];
        assert_eq!(c.get(&schema), Some(&json!({})));
    }
}
