//! Round trip over every named type of every corpus client: each generated crate gets a binary
//! (`src/bin/roundtrip_<crate>.rs`, its `main` written from the IR's type list) and a file of
//! documents per type (`roundtrip.json`): the examples the spec carries (`example`/`examples` on
//! the type's schema, and on media types and 2.0 responses whose schema is the type) and two
//! documents made from the schema (`apiforge_testkit::documents`), which [`locate`] finds in the
//! file as written. The binaries are built in the corpus workspace's one `cargo build`; each
//! decodes every document as its type, encodes it back to text, and the test compares the two as
//! JSON values. A difference must be listed in `known-differences.txt`.

mod locate;

use apiforge_testkit::compare::difference;
use apiforge_testkit::documents::{Generator, Kind};
use locate::locate;
use serde_json::{json, Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// What was written for one crate.
#[derive(Default)]
pub struct Prepared {
    /// Named types of the client.
    pub types: usize,
    /// Types whose schema was found in the spec file ([`locate`]).
    pub located: usize,
    /// Pointers of the types whose schema was not found.
    pub unlocated: Vec<String>,
    /// Documents made from schemas.
    pub generated: usize,
    /// Documents taken from the spec's examples.
    pub examples: usize,
}

/// One document of `roundtrip.json`.
struct Document {
    /// Index of the type in the binary's table.
    index: usize,
    pointer: String,
    /// `full`, `lean` or `example at <pointer>`.
    source: String,
    doc: Value,
}

/// Writes the round-trip binary and its documents into the generated crate at `dir`; `types` are
/// the client's (name, schema pointer) pairs.
pub fn prepare(dir: &Path, package: &str, spec: &Path, types: &[(String, String)]) -> Prepared {
    let raw = apiforge_testkit::spec::read(spec);
    let swagger2 = raw.get("swagger").is_some();
    let mut prepared = Prepared {
        types: types.len(),
        ..Prepared::default()
    };
    // The first type found at each schema of the file, for the examples beside a `schema`.
    let mut by_node: HashMap<*const Value, usize> = HashMap::new();
    let mut documents = Vec::new();
    for (index, (_, pointer)) in types.iter().enumerate() {
        let Some(schema) = locate(&raw, pointer, swagger2) else {
            prepared.unlocated.push(pointer.clone());
            continue;
        };
        prepared.located += 1;
        if let Cow::Borrowed(node) = schema {
            by_node.entry(std::ptr::from_ref(node)).or_insert(index);
        }
        for (kind, source) in [(Kind::Full, "full"), (Kind::Lean, "lean")] {
            let doc = Generator::new(&raw, kind, &format!("{package} {pointer}")).document(&schema);
            documents.push(Document {
                index,
                pointer: pointer.clone(),
                source: source.into(),
                doc,
            });
        }
        prepared.generated += 2;
        for (at, example) in schema_examples(&schema, pointer) {
            documents.push(Document {
                index,
                pointer: pointer.clone(),
                source: format!("example at {at}"),
                doc: example,
            });
            prepared.examples += 1;
        }
    }
    let mut found = Vec::new();
    body_examples(&raw, &raw, "", swagger2, &mut found);
    for (schema, at, example) in found {
        let Some(&index) = by_node.get(&std::ptr::from_ref(schema)) else {
            continue;
        };
        documents.push(Document {
            index,
            pointer: types[index].1.clone(),
            source: format!("example at {at}"),
            doc: example,
        });
        prepared.examples += 1;
    }
    let file: Vec<Value> = documents
        .iter()
        .map(|d| json!({"type": d.index, "pointer": d.pointer, "source": d.source, "doc": d.doc}))
        .collect();
    std::fs::write(
        dir.join("roundtrip.json"),
        serde_json::to_string(&file).expect("documents serialize"),
    )
    .expect("write the documents");
    let bin = dir.join("src/bin");
    std::fs::create_dir_all(&bin).expect("create src/bin");
    std::fs::write(
        bin.join(format!("{}.rs", binary_name(package))),
        bin_source(package, types),
    )
    .expect("write the round-trip binary");
    prepared
}

/// The round-trip binary's name for a package.
pub fn binary_name(package: &str) -> String {
    format!("roundtrip_{}", package.replace('-', "_"))
}

/// The binary: reads the documents file named by its argument, prints one JSON line per document
/// (`{"encoded": ..}` or `{"error": ..}`).
fn bin_source(package: &str, types: &[(String, String)]) -> String {
    let lib = package.replace('-', "_");
    let arms: String = types
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("            {i} => round_trip::<::{lib}::{name}>(&text),\n"))
        .collect();
    format!(
        "//! Written by codegen/tests/corpus.rs: decodes each document of the file named by the \
         argument as its type and prints what it encodes back to.\n\n\
         use apiforge_runtime::serde_json::{{self, json, Value}};\n\n\
         fn round_trip<T>(text: &str) -> Value\nwhere\n    \
         T: apiforge_runtime::serde::de::DeserializeOwned + apiforge_runtime::serde::Serialize,\n{{\n    \
         match serde_json::from_str::<T>(text) {{\n        \
         // The text a client sends, read back (`to_value` would widen an `f32` to more digits).\n        \
         Ok(decoded) => match serde_json::to_string(&decoded) {{\n            \
         Ok(encoded) => json!({{\"encoded\": serde_json::from_str::<Value>(&encoded).expect(\"JSON\")}}),\n            \
         Err(e) => json!({{\"error\": format!(\"encode: {{e}}\")}}),\n        }},\n        \
         Err(e) => json!({{\"error\": format!(\"decode: {{e}}\")}}),\n    }}\n}}\n\n\
         fn main() {{\n    \
         let path = std::env::args().nth(1).expect(\"the documents file\");\n    \
         let text = std::fs::read_to_string(path).expect(\"read the documents\");\n    \
         let documents: Vec<Value> = serde_json::from_str(&text).expect(\"documents\");\n    \
         for document in documents {{\n        \
         let text = document[\"doc\"].to_string();\n        \
         let result = match document[\"type\"].as_u64().expect(\"type index\") {{\n\
         {arms}            _ => json!({{\"error\": \"no such type\"}}),\n        }};\n        \
         println!(\"{{result}}\");\n    }}\n}}\n"
    )
}

/// `example` and 3.1 `examples` (a list) on a schema.
fn schema_examples(schema: &Value, pointer: &str) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    if let Some(example) = schema.get("example") {
        found.push((format!("{pointer}/example"), example.clone()));
    }
    if let Some(examples) = schema.get("examples").and_then(Value::as_array) {
        for (i, example) in examples.iter().enumerate() {
            found.push((format!("{pointer}/examples/{i}"), example.clone()));
        }
    }
    found
}

/// Examples beside a `schema` (media types, 2.0 responses and body parameters), anywhere in the
/// spec: (the schema, its `$ref`s followed; pointer of the example; example).
fn body_examples<'r>(
    raw: &'r Value,
    node: &'r Value,
    at: &str,
    swagger2: bool,
    found: &mut Vec<(&'r Value, String, Value)>,
) {
    match node {
        Value::Object(entries) => {
            if let Some(schema) = entries.get("schema") {
                let target = resolved(raw, schema);
                for (where_, example) in examples_of(entries, at, swagger2) {
                    found.push((target, where_, example));
                }
            }
            for (key, value) in entries {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                body_examples(raw, value, &format!("{at}/{escaped}"), swagger2, found);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                body_examples(raw, item, &format!("{at}/{i}"), swagger2, found);
            }
        }
        _ => {}
    }
}

/// `schema` with its local `$ref`s followed (a cycle of references ends where it started).
fn resolved<'r>(raw: &'r Value, schema: &'r Value) -> &'r Value {
    let mut schema = schema;
    for _ in 0..64 {
        match schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| raw.pointer(r.strip_prefix('#')?))
        {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

/// The examples of a media type (3.x: `example`, or `examples` of Example Objects with a `value`,
/// `$ref`s into `components/examples` followed) or of a 2.0 response (`examples` by media type).
fn examples_of(entries: &Map<String, Value>, at: &str, swagger2: bool) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    if let Some(example) = entries.get("example") {
        found.push((format!("{at}/example"), example.clone()));
    }
    let Some(examples) = entries.get("examples").and_then(Value::as_object) else {
        return found;
    };
    for (name, example) in examples {
        let value = if swagger2 {
            Some(example.clone())
        } else {
            example.get("value").cloned()
        };
        if let Some(value) = value {
            found.push((format!("{at}/examples/{name}"), value));
        }
    }
    found
}

/// One round trip that did not give back what was sent.
pub struct Difference {
    pub pointer: String,
    pub source: String,
    /// What differs: `decode: ...`, `at /path: sent .., encoded ..`.
    pub text: String,
}

/// Runs the round-trip binary of a crate over its documents; the differences found.
pub fn run(binary: &Path, dir: &Path) -> Result<Vec<Difference>, String> {
    let documents_file = dir.join("roundtrip.json");
    let output = std::process::Command::new(binary)
        .arg(&documents_file)
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} failed: {}",
            binary.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let text = std::fs::read_to_string(&documents_file).expect("read the documents");
    let documents: Vec<Value> = serde_json::from_str(&text).expect("documents");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let results: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    if results.len() != documents.len() {
        return Err(format!(
            "{} printed {} results for {} documents",
            binary.display(),
            results.len(),
            documents.len()
        ));
    }
    let mut differences = Vec::new();
    for (document, result) in documents.iter().zip(results) {
        let text = match (result.get("encoded"), result.get("error")) {
            (Some(encoded), _) => match difference(&document["doc"], encoded) {
                Some(text) => text,
                None => continue,
            },
            (None, Some(error)) => error.as_str().unwrap_or_default().to_string(),
            (None, None) => "no result".to_string(),
        };
        differences.push(Difference {
            pointer: document["pointer"].as_str().unwrap_or_default().into(),
            source: document["source"].as_str().unwrap_or_default().into(),
            text,
        });
    }
    Ok(differences)
}

/// A listed difference: `spec | type pointer or * | text the difference contains | why`.
pub struct Known {
    pub spec: String,
    pub pointer: String,
    pub text: String,
    pub why: String,
    pub line: usize,
}

/// Reads `known-differences.txt` (blank lines and `#` comments skipped).
pub fn known_differences() -> Vec<Known> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/roundtrip/known-differences.txt");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .map(|(n, line)| {
            let fields: Vec<&str> = line.splitn(4, " | ").map(str::trim).collect();
            let [spec, pointer, text, why] = fields[..] else {
                panic!(
                    "{}:{}: expected `spec | pointer | text | why`",
                    path.display(),
                    n + 1
                );
            };
            Known {
                spec: spec.into(),
                pointer: pointer.into(),
                text: text.into(),
                why: why.into(),
                line: n + 1,
            }
        })
        .collect()
}

impl Known {
    /// Whether this entry explains `difference` found in `spec`: its text is part of the
    /// difference as the test prints it, `text (source)`, so an entry can name the example.
    pub fn explains(&self, spec: &str, difference: &Difference) -> bool {
        self.spec == spec
            && (self.pointer == "*" || self.pointer == difference.pointer)
            && format!("{} ({})", difference.text, difference.source).contains(&self.text)
    }
}
