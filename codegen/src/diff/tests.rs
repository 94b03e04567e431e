use super::*;
use crate::{resolve_str, Settings};

/// The changes from spec `old` to spec `new` (both YAML), as `item: change [positional/builder]`.
fn changes(old: &str, new: &str) -> Vec<String> {
    let resolve = |text: &str| resolve_str("t.yaml", text, &Settings::default()).unwrap().0;
    diff(&resolve(old), &resolve(new))
        .changes
        .iter()
        .map(|c| format!("{}: {} [{}/{}]", c.item, c.change, c.positional, c.builder))
        .collect()
}

const BASE: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things/{id}:
    post:
      operationId: updateThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: dry, in: query, schema: {type: boolean}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Patch'}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        "404": {description: gone}
components:
  schemas:
    Patch:
      type: object
      properties:
        name: {type: string}
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
        kind: {type: string, enum: [a, b]}
"#;

#[test]
fn identical_specs_have_no_changes() {
    assert_eq!(changes(BASE, BASE), Vec::<String>::new());
}

#[test]
fn new_optional_inputs_break_positional_calls_only() {
    let new = BASE
        .replace(
            "        - {name: dry, in: query, schema: {type: boolean}}\n",
            "        - {name: dry, in: query, schema: {type: boolean}}\n        - {name: Cookie, in: header, schema: {type: string}}\n",
        )
        .replace(
            "        name: {type: string}\n",
            "        name: {type: string}\n        note: {type: string}\n",
        );
    assert_eq!(
        changes(BASE, &new),
        [
            "method update_thing: optional parameter cookie: Option<String> added [breaking/additive]",
            "type Patch: optional field note: Option<String> added [breaking/additive]",
        ]
    );
}

#[test]
fn required_inputs_break_both_forms_and_a_required_body_is_noted() {
    let new = BASE
        .replace(
            "      requestBody:\n",
            "      requestBody:\n        required: true\n",
        )
        .replace(
            "        - {name: dry, in: query, schema: {type: boolean}}\n",
            "        - {name: dry, in: query, required: true, schema: {type: boolean}}\n",
        );
    let diff = changes(BASE, &new);
    assert_eq!(
        diff,
        [
            "method update_thing: parameter dry made required [breaking/breaking]",
            "method update_thing: body made required [breaking/compatible]",
        ]
    );
}

#[test]
fn response_types_grow_without_breaking_but_enums_and_removals_break() {
    let new = BASE
        .replace("        kind: {type: string, enum: [a, b]}\n", "        kind: {type: string, enum: [a, b, c]}\n        size: {type: integer}\n")
        .replace("        \"404\": {description: gone}\n", "")
        .replace(
            "components:\n",
            "  /other:\n    get:\n      operationId: listOther\n      responses:\n        \"204\": {description: none}\ncomponents:\n",
        );
    assert_eq!(
        changes(BASE, &new),
        [
            "method list_other: added (GET /other) [additive/additive]",
            "type ListOtherError: added [additive/additive]",
            "type Thing: optional field size: Option<i64> added [additive/additive]",
            "type ThingKind: variant C added [breaking/breaking]",
            "type UpdateThingError: variant NotFound removed [breaking/breaking]",
        ]
    );
}
