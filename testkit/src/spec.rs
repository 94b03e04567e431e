//! A spec file as a JSON value, as written (no lowering): the place the schema pointers of a 3.x
//! spec point into.

use serde_json::{json, Value};
use std::path::Path;
use yaml_rust2::{Yaml, YamlLoader};

/// The spec file as JSON (YAML with serde_yaml, or yaml-rust2 for the integers beyond 128 bits
/// serde_yaml refuses). Panics naming the file when it cannot be read or parsed.
pub fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "json") {
        return serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    }
    if let Ok(value) = serde_yaml::from_str(&text) {
        return value;
    }
    let yaml = YamlLoader::load_from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
    yaml.first().map_or(Value::Null, yaml_to_json)
}

fn yaml_to_json(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::Real(text) => text.parse::<f64>().map_or(Value::Null, |f| json!(f)),
        Yaml::Integer(i) => json!(i),
        Yaml::String(s) => json!(s),
        Yaml::Boolean(b) => json!(b),
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Hash(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        Yaml::Real(r) => r.clone(),
                        _ => String::new(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        // Integers beyond i64 stay text in yaml-rust2; as JSON numbers they are floats.
        Yaml::BadValue | Yaml::Null | Yaml::Alias(_) => Value::Null,
    }
}
