//! Hostile specs: small descriptions written to break the generator, each in
//! `codegen/tests/hostile/` with what it attacks and what must come of it in its first lines:
//!
//! ```yaml
//! # attacks: operationIds that are strict Rust keywords (`match`, `type`, ...)
//! # expect: compiles
//! # expect: warning at /paths/~1a/get: duplicate operationId
//! # expect: error at /paths/~1a/get/requestBody: points to nothing
//! ```
//!
//! `compiles`: `apiforge generate` writes a crate that passes clippy with `-D warnings`.
//! `warning`/`error at POINTER: TEXT`: a diagnostic of that severity at that JSON pointer (or a
//! node inside it), whose message contains TEXT, with a line and column. A spec that expects no error must also
//! compile. Two specs too big to commit (a 10,000-long `$ref` chain and 200 levels of inline
//! objects) are written by [`generated_specs`].
//!
//! For every spec: the `apiforge` binary neither panics nor dies of a signal, never reports an
//! internal error ("a bug in apiforge"), and `generate_file` returns (inside `catch_unwind`).
//! Every generated crate is a member of one workspace in `<target>/hostile/`, checked by one
//! `cargo clippy --workspace -- -D warnings` with the target directory `<target>/corpus-target`
//! (shared with the corpus test, so dependencies are built once and reused between runs).
//!
//! Run: `cargo test -p apiforge-codegen --test hostile -- --ignored`. The per-spec table is printed
//! and written to `<target>/hostile/REPORT.md`.

mod common;

use apiforge_codegen::{generate_file, Diagnostic, Settings, Severity};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// What a spec must produce.
#[derive(Debug, PartialEq)]
enum Expect {
    /// The generated crate passes clippy.
    Compiles,
    /// A located diagnostic of this severity at this pointer mentioning this text.
    Diagnostic {
        severity: Severity,
        pointer: String,
        text: String,
    },
}

/// One hostile spec and what became of it.
struct Case {
    spec: PathBuf,
    /// Package name of its generated crate.
    name: String,
    attacks: String,
    expects: Vec<Expect>,
    /// The crate was written (and is a member of the checked workspace).
    generated: bool,
    /// Everything that went against the expectations.
    problems: Vec<String>,
}

impl Case {
    fn expects_error(&self) -> bool {
        self.expects.iter().any(|e| {
            matches!(
                e,
                Expect::Diagnostic {
                    severity: Severity::Error,
                    ..
                }
            )
        })
    }
}

#[test]
#[ignore = "generates ~70 clients and clippy-checks them in one cargo run (minutes); CI runs ignored tests"]
fn hostile_specs_compile_or_give_located_diagnostics() {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the tmp dir is inside the target dir")
        .to_path_buf();
    let out = target.join("hostile");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(out.join("specs")).expect("create the hostile directory");

    let mut cases: Vec<Case> = committed_specs()
        .into_iter()
        .chain(generated_specs(&out.join("specs")))
        .collect();
    assert!(cases.len() >= 60, "only {} hostile specs", cases.len());
    let runtime = common::repo_root().join("runtime");
    for case in &mut cases {
        run_generator(case, &out, &runtime);
    }
    write_workspace(&out, &cases);
    let unattributed = clippy(&out, &target.join("corpus-target"), &mut cases);

    let report = table(&cases);
    let _ = writeln!(std::io::stdout(), "{report}");
    std::fs::write(out.join("REPORT.md"), &report).expect("write the report");
    let failing: Vec<String> = cases
        .iter()
        .filter(|c| !c.problems.is_empty())
        .map(|c| {
            format!(
                "{} ({}):\n  {}",
                c.spec.file_name().unwrap_or_default().to_string_lossy(),
                c.attacks,
                c.problems.join("\n  ")
            )
        })
        .chain(unattributed)
        .collect();
    assert!(
        failing.is_empty(),
        "{} of {} hostile specs fail:\n\n{}",
        failing.len(),
        cases.len(),
        failing.join("\n\n")
    );
}

/// The specs in `codegen/tests/hostile/`, with their headers read.
fn committed_specs() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read codegen/tests/hostile")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    specs.sort();
    specs
        .into_iter()
        .map(|spec| {
            let text = std::fs::read_to_string(&spec).expect("read a hostile spec");
            let (attacks, expects) =
                header(&text).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
            case(spec, attacks, expects)
        })
        .collect()
}

fn case(spec: PathBuf, attacks: String, expects: Vec<Expect>) -> Case {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    Case {
        name: format!("hostile-{stem}"),
        spec,
        attacks,
        expects,
        generated: false,
        problems: Vec::new(),
    }
}

/// The `# attacks:` and `# expect:` lines at the top of a spec (YAML comments; JSON specs carry
/// them in a top-level `"x-hostile"` array of the same lines).
fn header(text: &str) -> Result<(String, Vec<Expect>), String> {
    let lines: Vec<String> = match serde_json::from_str::<Value>(text) {
        Ok(json) => json["x-hostile"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l.as_str().map(|l| format!("# {l}")))
            .collect(),
        Err(_) => text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .map(str::to_owned)
            .collect(),
    };
    let mut attacks = None;
    let mut expects = Vec::new();
    for line in &lines {
        let line = line.trim_start_matches('#').trim();
        if let Some(what) = line.strip_prefix("attacks:") {
            attacks = Some(what.trim().to_owned());
        } else if let Some(expect) = line.strip_prefix("expect:") {
            expects.push(parse_expect(expect.trim())?);
        }
    }
    let attacks = attacks.ok_or("no `# attacks:` line")?;
    if expects.is_empty() {
        return Err("no `# expect:` line".into());
    }
    Ok((attacks, expects))
}

/// `compiles`, or `warning at POINTER: TEXT` / `error at POINTER: TEXT`.
fn parse_expect(line: &str) -> Result<Expect, String> {
    if line == "compiles" {
        return Ok(Expect::Compiles);
    }
    let (severity, rest) = if let Some(rest) = line.strip_prefix("warning at ") {
        (Severity::Warning, rest)
    } else if let Some(rest) = line.strip_prefix("error at ") {
        (Severity::Error, rest)
    } else {
        return Err(format!("unknown expectation `{line}`"));
    };
    let (pointer, text) = rest
        .split_once(": ")
        .ok_or_else(|| format!("`{line}`: expected `at POINTER: TEXT`"))?;
    Ok(Expect::Diagnostic {
        severity,
        pointer: pointer.trim().to_owned(),
        text: text.trim().to_owned(),
    })
}

/// Specs too big to commit, written into `dir`.
fn generated_specs(dir: &Path) -> Vec<Case> {
    let chain = 10_000;
    let nesting = 200;
    let specs = [
        (
            "ref-chain-10000",
            format!("a chain of {chain} `$ref`s between component schemas"),
            ref_chain(chain),
            Expect::Compiles,
        ),
        (
            "nesting-200",
            format!("{nesting} levels of inline objects in a response body: past the loader's depth limit, a located error"),
            nested_objects(nesting),
            Expect::Diagnostic {
                severity: Severity::Error,
                pointer: String::new(),
                text: "recursion limit exceeded".to_owned(),
            },
        ),
    ];
    specs
        .into_iter()
        .map(|(stem, attacks, spec, expect)| {
            let path = dir.join(format!("{stem}.json"));
            std::fs::write(&path, serde_json::to_string_pretty(&spec).expect("JSON"))
                .expect("write a generated spec");
            case(path, attacks, vec![expect])
        })
        .collect()
}

/// One operation returning `S0`, where `S0` → `S1` → ... → `S{n-1}`, an object.
fn ref_chain(n: usize) -> Value {
    let mut schemas = serde_json::Map::new();
    for i in 0..n - 1 {
        let next = format!("#/components/schemas/S{}", i + 1);
        schemas.insert(format!("S{i}"), json!({ "$ref": next }));
    }
    schemas.insert(
        format!("S{}", n - 1),
        json!({"type": "object", "properties": {"end": {"type": "string"}}}),
    );
    spec_with_response(
        json!({"$ref": "#/components/schemas/S0"}),
        json!({ "schemas": schemas }),
    )
}

/// One operation whose response is `depth` objects nested inline, each in property `inner`.
fn nested_objects(depth: usize) -> Value {
    let mut schema = json!({"type": "object", "properties": {"leaf": {"type": "integer"}}});
    for _ in 0..depth {
        schema = json!({"type": "object", "properties": {"inner": schema}});
    }
    spec_with_response(schema, json!({}))
}

fn spec_with_response(schema: Value, components: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "hostile", "version": "1"},
        "paths": {"/deep": {"get": {
            "operationId": "getDeep",
            "responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": schema}}
            }}
        }}},
        "components": components
    })
}

/// Runs `apiforge check` and `apiforge generate`, then `generate_file` in-process; files every
/// departure from the expectations under the case.
fn run_generator(case: &mut Case, out: &Path, runtime: &Path) {
    let check = apiforge(&["check".as_ref(), case.spec.as_os_str()]);
    if let Some(crash) = crash(&check) {
        case.problems.push(format!("`apiforge check` {crash}"));
        return;
    }
    let dir = out.join(&case.name);
    let generate = apiforge(&[
        "generate".as_ref(),
        case.spec.as_os_str(),
        "--out".as_ref(),
        dir.as_os_str(),
        "--name".as_ref(),
        case.name.as_ref(),
        "--runtime-path".as_ref(),
        runtime.as_os_str(),
    ]);
    if let Some(crash) = crash(&generate) {
        case.problems.push(format!("`apiforge generate` {crash}"));
        return;
    }
    let generated = generate.status.success();
    match (generated, case.expects_error()) {
        (true, true) => case
            .problems
            .push("generated a crate, but an error was expected".into()),
        (false, false) => case.problems.push(format!(
            "`apiforge generate` failed:\n{}",
            indent(&String::from_utf8_lossy(&generate.stderr))
        )),
        _ => {}
    }
    if generated {
        match valid_manifest(&dir) {
            Ok(()) => {
                make_member(&dir);
                case.generated = true;
            }
            Err(e) => case.problems.push(e),
        }
    }
    match diagnostics_in_process(&case.spec) {
        Ok(diagnostics) => check_diagnostics(case, &diagnostics),
        Err(panic) => case.problems.push(panic),
    }
}

/// Runs the `apiforge` binary with `args`.
fn apiforge(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apiforge"))
        .args(args)
        .output()
        .expect("the apiforge binary runs")
}

/// How a run of the binary went wrong beyond reporting problems in the spec, if it did.
fn crash(output: &Output) -> Option<String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let code = output.status.code();
    if code.is_none() {
        return Some(format!(
            "was killed ({}):\n{}",
            output.status,
            indent(&stderr)
        ));
    }
    if stderr.contains("panicked") || code == Some(101) {
        return Some(format!("panicked:\n{}", indent(&stderr)));
    }
    if !matches!(code, Some(0 | 1)) {
        return Some(format!(
            "exited with {}:\n{}",
            output.status,
            indent(&stderr)
        ));
    }
    let text = format!("{stdout}{stderr}");
    if text.contains("a bug in apiforge") || text.contains("internal error") {
        return Some(format!("reported an internal error:\n{}", indent(&text)));
    }
    None
}

/// The diagnostics of `generate_file` (warnings or errors), or how it panicked. Runs on a thread
/// with the main thread's usual 8 MiB stack, as the binary does.
fn diagnostics_in_process(spec: &Path) -> Result<Vec<Diagnostic>, String> {
    let spec = spec.to_path_buf();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            std::panic::catch_unwind(|| match generate_file(&spec, &Settings::default()) {
                Ok(generated) => {
                    // Emitting runs here too: a panic in emit counts.
                    let _ = generated.tokens();
                    generated.diagnostics
                }
                Err(failure) => failure.diagnostics,
            })
            .map_err(|panic| {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                format!("generate_file panicked: {message}")
            })
        })
        .expect("spawn a generator thread")
        .join()
        .unwrap_or_else(|_| Err("the generator thread died".into()))
}

/// Every expected diagnostic is there, located; every diagnostic carries a location.
fn check_diagnostics(case: &mut Case, diagnostics: &[Diagnostic]) {
    for expect in &case.expects {
        let Expect::Diagnostic {
            severity,
            pointer,
            text,
        } = expect
        else {
            continue;
        };
        let inside =
            |d: &Diagnostic| d.pointer == *pointer || d.pointer.starts_with(&format!("{pointer}/"));
        let found = diagnostics
            .iter()
            .find(|d| d.severity == *severity && inside(d) && d.message.contains(text.as_str()));
        match found {
            Some(d) if d.location.is_none() => case
                .problems
                .push(format!("the expected diagnostic has no line:column: {d}")),
            Some(_) => {}
            None => case.problems.push(format!(
                "no {severity:?} at {pointer} mentioning {text:?}; diagnostics:\n{}",
                indent(&listing(diagnostics))
            )),
        }
    }
    for d in diagnostics {
        if d.location.is_none() && !d.pointer.is_empty() {
            case.problems
                .push(format!("a diagnostic without line:column: {d}"));
        }
    }
}

fn listing(diagnostics: &[Diagnostic]) -> String {
    if diagnostics.is_empty() {
        return "(none)".into();
    }
    diagnostics
        .iter()
        .map(|d| d.to_string().replace('\n', " "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn indent(text: &str) -> String {
    text.trim_end().replace('\n', "\n    ")
}

/// Whether cargo reads the generated manifest (one broken manifest would stop the whole workspace).
fn valid_manifest(dir: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .output()
        .expect("cargo runs");
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "cargo cannot read the generated Cargo.toml:\n{}",
        indent(&String::from_utf8_lossy(&output.stderr))
    ))
}

/// The generated crate is a workspace of its own; here it becomes a member of the hostile one.
fn make_member(dir: &Path) {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("read the generated manifest");
    let member: Vec<&str> = text
        .lines()
        .filter(|l| l.trim() != "[workspace]" && !l.starts_with("# A workspace of its own"))
        .collect();
    std::fs::write(&manifest, member.join("\n") + "\n").expect("rewrite the manifest");
}

fn write_workspace(out: &Path, cases: &[Case]) {
    let members: String = cases
        .iter()
        .filter(|c| c.generated)
        .map(|c| format!("    \"{}\",\n", c.name))
        .collect();
    let manifest = format!(
        "# Written by codegen/tests/hostile.rs: every hostile client, checked in one cargo run.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n{members}]\n"
    );
    std::fs::write(out.join("Cargo.toml"), manifest).expect("write the hostile workspace");
    // The repository's lock file pins the same dependency versions the runtime is tested with.
    std::fs::copy(
        common::repo_root().join("Cargo.lock"),
        out.join("Cargo.lock"),
    )
    .expect("copy Cargo.lock");
}

/// Runs clippy once over the workspace and files each message under its case; returns failures
/// no case explains.
fn clippy(out: &Path, target_dir: &Path, cases: &mut [Case]) -> Vec<String> {
    if !cases.iter().any(|c| c.generated) {
        return Vec::new();
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut child = Command::new(cargo)
        .current_dir(out)
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("RUSTFLAGS")
        .args([
            "clippy",
            "--workspace",
            "--lib",
            "--keep-going",
            "--message-format=json",
            "--",
            "-D",
            "warnings",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cargo runs");
    let stderr = child.stderr.take().expect("piped stderr");
    let stderr = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let by_lib: BTreeMap<String, usize> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.replace('-', "_"), i))
        .collect();
    let mut unattributed = Vec::new();
    let stdout = child.stdout.take().expect("piped stdout");
    for message in common::compiler_messages(stdout) {
        let rendered = format!("clippy: {}", indent(&message.rendered));
        match by_lib.get(&message.target) {
            Some(&i) if cases[i].problems.len() < 8 => cases[i].problems.push(rendered),
            Some(_) => {}
            None => unattributed.push(rendered),
        }
    }
    let status = child.wait().expect("cargo finishes");
    let stderr = stderr.join().expect("stderr reader");
    if !status.success() && cases.iter().all(|c| c.problems.is_empty()) {
        unattributed.push(format!(
            "cargo clippy failed without naming a spec:\n{stderr}"
        ));
    }
    unattributed
}

fn table(cases: &[Case]) -> String {
    let mut out = String::from("| spec | attacks | expects | result |\n|---|---|---|---|\n");
    for c in cases {
        let file = c.spec.file_name().unwrap_or_default().to_string_lossy();
        let expects: Vec<String> = c
            .expects
            .iter()
            .map(|e| match e {
                Expect::Compiles => "compiles".to_string(),
                Expect::Diagnostic {
                    severity, pointer, ..
                } => format!("{} at {pointer}", format!("{severity:?}").to_lowercase()),
            })
            .collect();
        let result = match c.problems.len() {
            0 => "ok".to_string(),
            n => format!(
                "FAILS ({n} problem(s)): {}",
                c.problems[0]
                    .lines()
                    .next()
                    .unwrap_or("")
                    .replace('|', "\\|")
            ),
        };
        out.push_str(&format!(
            "| {file} | {} | {} | {result} |\n",
            c.attacks.replace('|', "\\|"),
            expects.join("; ")
        ));
    }
    let failing = cases.iter().filter(|c| !c.problems.is_empty()).count();
    out.push_str(&format!(
        "\n{} hostile specs: {} as expected, {failing} failing.\n",
        cases.len(),
        cases.len() - failing
    ));
    out
}
