//! Swagger 2.0 lowering cases, each loaded end to end (so `openapiv3` accepts the result).

use serde_json::{json, Value};

use crate::diagnostics::{Diagnostic, Severity};
use crate::load::{load, InputVersion, Spec};

/// Loads a 2.0 document given as JSON; the spec and what was reported.
fn lowered(doc: Value) -> (Spec, Vec<Diagnostic>) {
    let mut doc = doc;
    doc["swagger"] = json!("2.0");
    doc["info"] = json!({"title": "t", "version": "1"});
    let (spec, found) = load("s.json", doc.to_string());
    let spec = spec.unwrap_or_else(|| panic!("did not load: {found:?}"));
    assert_eq!(spec.input, InputVersion::Swagger2);
    assert!(
        found.iter().all(|d| d.severity == Severity::Warning),
        "{found:?}"
    );
    (spec, found)
}

fn operation(spec: &Spec, path: &str, method: &str) -> Value {
    spec.raw["paths"][path][method].clone()
}

#[test]
fn a_body_parameter_becomes_the_request_body() {
    let (spec, _) = lowered(json!({
        "consumes": ["application/json", "application/xml"],
        "paths": {"/pets": {
            "post": {
                "parameters": [{"name": "pet", "in": "body", "required": true, "description": "d", "schema": {"$ref": "#/definitions/Pet"}}],
                "responses": {"204": {"description": "none"}}
            },
            "put": {
                "consumes": ["text/plain"],
                "parameters": [{"name": "pet", "in": "body", "schema": {"type": "string"}}],
                "responses": {"204": {"description": "none"}}
            }
        }},
        "definitions": {"Pet": {"type": "object"}}
    }));
    let post = operation(&spec, "/pets", "post");
    assert_eq!(post.get("parameters"), None);
    let pet = json!({"schema": {"$ref": "#/components/schemas/Pet"}});
    assert_eq!(
        post["requestBody"],
        json!({"description": "d", "content": {"application/json": pet, "application/xml": pet}, "required": true})
    );
    let put = operation(&spec, "/pets", "put");
    assert_eq!(
        put["requestBody"],
        json!({"content": {"text/plain": {"schema": {"type": "string"}}}})
    );
    assert_eq!(
        spec.raw["components"]["schemas"]["Pet"],
        json!({"type": "object"})
    );
}

#[test]
fn form_fields_become_an_object_body() {
    let (spec, _) = lowered(json!({"paths": {
        "/upload": {"post": {
            "parameters": [
                {"name": "id", "in": "path", "required": true, "type": "string"},
                {"name": "file", "in": "formData", "type": "file", "required": true, "description": "the file"},
                {"name": "note", "in": "formData", "type": "string"}
            ],
            "responses": {"204": {"description": "none"}}
        }},
        "/login": {"post": {
            "parameters": [
                {"name": "user", "in": "formData", "type": "string", "required": true},
                {"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"}
            ],
            "responses": {"204": {"description": "none"}}
        }}
    }}));
    let upload = operation(&spec, "/upload", "post");
    assert_eq!(
        upload["parameters"],
        json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}])
    );
    assert_eq!(
        upload["requestBody"],
        json!({"content": {"multipart/form-data": {"schema": {
            "type": "object",
            "properties": {
                "file": {"type": "string", "format": "binary", "description": "the file"},
                "note": {"type": "string"}
            },
            "required": ["file"]
        }}}, "required": true})
    );
    let login = operation(&spec, "/login", "post");
    assert_eq!(
        login["requestBody"]["content"]["application/x-www-form-urlencoded"],
        json!({
            "schema": {
                "type": "object",
                "properties": {"user": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}},
                "required": ["user"]
            },
            "encoding": {"tags": {"style": "form", "explode": true}}
        })
    );
    // The form field is found where it was written.
    let file = spec.locate("/paths/~1upload/post/requestBody/content/multipart~1form-data/schema/properties/file/format");
    let written = spec.locate("/paths/~1upload/post/parameters/1");
    assert_eq!(file, written);
}

#[test]
fn collection_formats_become_styles() {
    let array = |name: &str, location: &str, format: Option<&str>| {
        let mut p = json!({"name": name, "in": location, "type": "array", "items": {"type": "integer", "format": "int64"}});
        if let Some(format) = format {
            p["collectionFormat"] = json!(format);
        }
        p
    };
    let (spec, found) = lowered(json!({"paths": {"/a/{ids}": {"get": {
        "parameters": [
            array("ids", "path", None),
            array("csv", "query", Some("csv")),
            array("multi", "query", Some("multi")),
            array("ssv", "query", Some("ssv")),
            array("pipes", "query", Some("pipes")),
            array("tsv", "query", Some("tsv")),
            array("X-Ids", "header", Some("csv"))
        ],
        "responses": {"204": {"description": "none"}}
    }}}}));
    let params = operation(&spec, "/a/{ids}", "get")["parameters"].clone();
    let style = |i: usize| (params[i]["style"].clone(), params[i]["explode"].clone());
    assert_eq!(style(0), (json!("simple"), json!(false)));
    assert_eq!(params[0]["required"], json!(true));
    assert_eq!(
        params[0]["schema"],
        json!({"type": "array", "items": {"type": "integer", "format": "int64"}})
    );
    assert_eq!(style(1), (json!("form"), json!(false)));
    assert_eq!(style(2), (json!("form"), json!(true)));
    assert_eq!(style(3), (json!("spaceDelimited"), json!(false)));
    assert_eq!(style(4), (json!("pipeDelimited"), json!(false)));
    assert_eq!(style(5), (json!("form"), json!(false)));
    assert_eq!(style(6), (json!("simple"), json!(false)));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].pointer, "/paths/~1a~1{ids}/get/parameters/5");
    assert!(found[0].message.contains("tsv"), "{}", found[0].message);
}

#[test]
fn security_definitions_become_schemes() {
    let (spec, _) = lowered(json!({
        "paths": {},
        "securityDefinitions": {
            "basic": {"type": "basic", "description": "d"},
            "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": {"r": "read"}},
            "password": {"type": "oauth2", "flow": "password", "tokenUrl": "https://t", "scopes": {}},
            "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": {}},
            "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}
        },
        "security": [{"key": []}]
    }));
    let schemes = &spec.raw["components"]["securitySchemes"];
    assert_eq!(
        schemes["basic"],
        json!({"type": "http", "scheme": "basic", "description": "d"})
    );
    assert_eq!(
        schemes["key"],
        json!({"type": "apiKey", "name": "X-Key", "in": "header"})
    );
    assert_eq!(
        schemes["implicit"]["flows"],
        json!({"implicit": {"authorizationUrl": "https://a", "scopes": {"r": "read"}}})
    );
    assert_eq!(
        schemes["password"]["flows"],
        json!({"password": {"tokenUrl": "https://t", "scopes": {}}})
    );
    assert_eq!(
        schemes["app"]["flows"],
        json!({"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}})
    );
    assert_eq!(
        schemes["code"]["flows"],
        json!({"authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}})
    );
    assert_eq!(spec.raw["security"], json!([{"key": []}]));
    assert_eq!(
        spec.document
            .components
            .as_ref()
            .map(|c| c.security_schemes.len()),
        Some(6)
    );
}

#[test]
fn global_parameters_and_responses_move_and_refs_follow() {
    let (spec, _) = lowered(json!({
        "paths": {"/pets/{id}": {
            "parameters": [{"$ref": "#/parameters/Id"}],
            "put": {
                "parameters": [{"$ref": "#/parameters/Limit"}, {"$ref": "#/parameters/PetBody"}],
                "responses": {"200": {"$ref": "#/responses/Pet"}, "default": {"description": "error"}}
            }
        }},
        "parameters": {
            "Id": {"name": "id", "in": "path", "required": true, "type": "string"},
            "Limit": {"name": "limit", "in": "query", "type": "integer", "x-nullable": true},
            "PetBody": {"name": "pet", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}}
        },
        "responses": {"Pet": {"description": "a pet", "schema": {"$ref": "#/definitions/Pet"}}},
        "definitions": {"Pet": {"type": "object", "properties": {"friend": {"$ref": "#/definitions/Pet"}}}}
    }));
    let item = &spec.raw["paths"]["/pets/{id}"];
    assert_eq!(
        item["parameters"],
        json!([{"$ref": "#/components/parameters/Id"}])
    );
    let put = &item["put"];
    assert_eq!(
        put["parameters"],
        json!([{"$ref": "#/components/parameters/Limit"}])
    );
    assert_eq!(
        put["requestBody"],
        json!({"$ref": "#/components/requestBodies/PetBody"})
    );
    assert_eq!(
        put["responses"]["200"],
        json!({"$ref": "#/components/responses/Pet"})
    );
    let components = &spec.raw["components"];
    assert_eq!(
        components["parameters"]["Limit"]["schema"],
        json!({"type": "integer", "nullable": true})
    );
    assert_eq!(
        components["requestBodies"]["PetBody"],
        json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}, "required": true})
    );
    assert_eq!(
        components["responses"]["Pet"],
        json!({"description": "a pet", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}})
    );
    assert_eq!(
        components["schemas"]["Pet"]["properties"]["friend"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
}

#[test]
fn path_level_bodies_reach_every_operation() {
    let (spec, _) = lowered(json!({"paths": {"/a": {
        "parameters": [{"name": "b", "in": "body", "schema": {"type": "string"}}, {"name": "q", "in": "query", "type": "string"}],
        "post": {"responses": {"204": {"description": "none"}}},
        "put": {"parameters": [{"name": "b", "in": "body", "schema": {"type": "integer"}}], "responses": {"204": {"description": "none"}}}
    }}}));
    let item = &spec.raw["paths"]["/a"];
    assert_eq!(
        item["parameters"],
        json!([{"name": "q", "in": "query", "schema": {"type": "string"}}])
    );
    assert_eq!(
        item["post"]["requestBody"]["content"]["application/json"]["schema"],
        json!({"type": "string"})
    );
    assert_eq!(
        item["put"]["requestBody"]["content"]["application/json"]["schema"],
        json!({"type": "integer"})
    );
}

#[test]
fn responses_get_content_per_produced_media_type() {
    let (spec, _) = lowered(json!({
        "produces": ["application/json"],
        "paths": {"/a": {"get": {
            "produces": ["application/json", "text/csv"],
            "responses": {
                "200": {
                    "description": "ok",
                    "schema": {"type": "string"},
                    "headers": {"X-Rate": {"type": "integer", "description": "left"}},
                    "examples": {"text/csv": "a,b"}
                },
                "404": {"description": "missing"}
            }
        }}}
    }));
    let responses = &operation(&spec, "/a", "get")["responses"];
    assert_eq!(
        responses["200"],
        json!({
            "description": "ok",
            "headers": {"X-Rate": {"description": "left", "schema": {"type": "integer"}}},
            "content": {
                "application/json": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}, "example": "a,b"}
            }
        })
    );
    assert_eq!(responses["404"], json!({"description": "missing"}));
}

#[test]
fn servers_come_from_host_base_path_and_schemes() {
    let servers = |extra: Value| {
        let mut doc = json!({"paths": {}});
        doc.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        lowered(doc).0.raw.get("servers").cloned()
    };
    assert_eq!(
        servers(json!({"host": "api.x.io", "basePath": "/v1"})),
        Some(json!([{"url": "https://api.x.io/v1"}]))
    );
    assert_eq!(
        servers(json!({"host": "api.x.io", "schemes": ["http"]})),
        Some(json!([{"url": "http://api.x.io"}]))
    );
    assert_eq!(
        servers(json!({"host": "h", "schemes": ["wss", "https", "http"]})),
        Some(json!([{"url": "https://h"}, {"url": "http://h"}]))
    );
    assert_eq!(
        servers(json!({"basePath": "/api"})),
        Some(json!([{"url": "/api"}]))
    );
    assert_eq!(servers(json!({})), None);
}
