//! The corpus of real specs: every file in `../shared/specs/corpus/` and the three Kratos files in
//! `../shared/specs/` (and our own `spec/kratos.yaml`) generates a crate (with the `apiforge`
//! binary, as a user runs it), every operation of the spec is generated, and every named type of
//! every client gets a round-trip binary and its documents (see `roundtrip/mod.rs`). One
//! `cargo build --workspace --lib --bins` with clippy as the compiler (`-D warnings`) checks all
//! the crates and builds the binaries; then each binary round-trips its documents. A clippy error,
//! a type whose schema is not found in the file, a difference not listed in
//! `roundtrip/known-differences.txt` fail the test, and so does a listed one that no longer
//! occurs.
//!
//! Run: `cargo test -p apiforge-codegen --test corpus -- --ignored`. While working on one spec,
//! `APIFORGE_CORPUS_ONLY=petstore,keto` limits the run to the specs whose file names contain one
//! of the words (stale known differences of the others are then not reported).
//! The crates land in `<target>/corpus/<name>/` (a workspace of their own) and are built with the
//! target directory `<target>/corpus-target`, reused between runs so only the generated crates are
//! rebuilt. The table is printed and written to `<target>/corpus/REPORT.md`.

mod common;
mod roundtrip;

use apiforge_codegen::{generate_file, Settings};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One spec of the corpus and what became of it.
struct Entry {
    spec: PathBuf,
    /// Package name of the generated crate.
    name: String,
    /// `openapi` / `swagger` as the file states it.
    version: String,
    /// Operations under `paths`, counted from the file itself.
    spec_operations: usize,
    /// Operations, types, fallbacks and warnings as the generator reports them.
    operations: usize,
    types: usize,
    /// Schemas that describe a shape but became `serde_json::Value` (each has a warning).
    fallbacks: usize,
    warnings: Vec<String>,
    generate_time: Duration,
    /// `None` when the generation failed (the reason is in `problems`).
    generated: bool,
    build_time: Option<f64>,
    errors: Vec<String>,
    problems: Vec<String>,
    /// The round trip's documents, and what came back different.
    round_trip: roundtrip::Prepared,
    differences: Vec<roundtrip::Difference>,
}

#[test]
#[ignore = "generates ~15 real-world clients and clippy-checks them (minutes); CI runs ignored tests"]
fn every_corpus_spec_generates_and_passes_clippy() {
    let corpus = common::shared_file("specs/corpus");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("read the corpus directory")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            )
        })
        .collect();
    for kratos in [
        "kratos-v0.9.0-alpha.3.json",
        "kratos-v0.9.0-alpha.3.swagger2.json",
        "kratos-v0.10.1.json",
    ] {
        specs.push(common::shared_file(&format!("specs/{kratos}")));
    }
    specs.push(common::repo_root().join("spec/kratos.yaml"));
    specs.sort();
    let only = std::env::var("APIFORGE_CORPUS_ONLY").ok();
    if let Some(only) = &only {
        specs.retain(|spec| {
            let file = spec
                .file_name()
                .and_then(|f| f.to_str())
                .unwrap_or_default();
            only.split(',').any(|word| file.contains(word))
        });
    }

    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the tmp dir is inside the target dir")
        .to_path_buf();
    let out = target.join("corpus");
    std::fs::create_dir_all(&out).expect("create the corpus directory");
    let runtime = common::repo_root().join("runtime");

    let mut entries: Vec<Entry> = specs.iter().map(|s| generate(s, &out, &runtime)).collect();
    write_workspace(&out, &entries);
    let build_started = Instant::now();
    let built = build(&out, &target.join("corpus-target"), &mut entries);
    let build_total = build_started.elapsed();
    let round_trip_started = Instant::now();
    round_trip(&target.join("corpus-target"), &out, &mut entries);
    let round_trip_total = round_trip_started.elapsed();
    let known = roundtrip::known_differences();
    let mut explained = vec![0usize; known.len()];
    let mut unexplained = Vec::new();
    for e in &entries {
        let file = spec_file(e);
        for difference in &e.differences {
            match known.iter().position(|k| k.explains(file, difference)) {
                Some(i) => explained[i] += 1,
                None => unexplained.push(format!(
                    "{file} | {} | {} ({})",
                    difference.pointer, difference.text, difference.source
                )),
            }
        }
    }

    let mut report = table(&entries, build_total);
    report.push_str(&round_trip_table(
        &entries,
        &known,
        &explained,
        round_trip_total,
    ));
    // Straight to stdout, past the harness's capture, so the table is in every run's log.
    let _ = writeln!(std::io::stdout(), "{report}");
    std::fs::write(out.join("REPORT.md"), &report).expect("write the report");

    let mut failures = Vec::new();
    for e in &entries {
        let mut lines: Vec<String> = e.problems.clone();
        lines.extend(e.errors.iter().take(5).cloned());
        if !lines.is_empty() {
            failures.push(format!(
                "{} ({} problem(s), {} clippy error(s)):\n{}",
                e.spec.display(),
                e.problems.len(),
                e.errors.len(),
                lines.join("\n")
            ));
        }
    }
    if let Err(unattributed) = built {
        failures.push(unattributed);
    }
    if !unexplained.is_empty() {
        failures.push(format!(
            "{} round trip(s) differ without a line in codegen/tests/roundtrip/known-differences.txt:\n{}",
            unexplained.len(),
            unexplained.join("\n")
        ));
    }
    let ran: Vec<&str> = entries.iter().map(spec_file).collect();
    let stale: Vec<String> = known
        .iter()
        .zip(&explained)
        .filter(|(k, &n)| n == 0 && ran.contains(&k.spec.as_str()))
        .map(|(k, _)| format!("line {}: {} | {} | {}", k.line, k.spec, k.pointer, k.text))
        .collect();
    if !stale.is_empty() {
        failures.push(format!(
            "{} known difference(s) no longer occur; remove them:\n{}",
            stale.len(),
            stale.join("\n")
        ));
    }
    assert!(
        failures.is_empty(),
        "{} failing spec(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// A package name from a file name: `kratos-v0.10.1.json` → `kratos-v0_10_1`.
fn crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Generates one spec with the binary (timed), then asks the library for its numbers.
fn generate(spec: &Path, out: &Path, runtime: &Path) -> Entry {
    let name = crate_name(spec);
    let dir = out.join(&name);
    let (version, spec_operations) = read_raw(spec);
    let mut entry = Entry {
        spec: spec.to_path_buf(),
        version,
        spec_operations,
        name,
        operations: 0,
        types: 0,
        fallbacks: 0,
        warnings: Vec::new(),
        generate_time: Duration::ZERO,
        generated: false,
        build_time: None,
        errors: Vec::new(),
        problems: Vec::new(),
        round_trip: roundtrip::Prepared::default(),
        differences: Vec::new(),
    };
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_apiforge"))
        .arg("generate")
        .arg(spec)
        .arg("--out")
        .arg(&dir)
        .args(["--name", &entry.name])
        .arg("--runtime-path")
        .arg(runtime)
        .output()
        .expect("the apiforge binary runs");
    entry.generate_time = started.elapsed();
    if !output.status.success() {
        entry.problems.push(format!(
            "apiforge generate failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
        return entry;
    }
    // The generated crate is a workspace of its own; here it is a member of the corpus workspace.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("read the generated manifest");
    let member: Vec<&str> = text
        .lines()
        .filter(|l| l.trim() != "[workspace]" && !l.starts_with("# A workspace of its own"))
        .collect();
    std::fs::write(&manifest, member.join("\n") + "\n").expect("rewrite the manifest");
    entry.generated = true;

    match generate_file(spec, &Settings::default()) {
        Ok(generated) => {
            entry.operations = generated.summary.operations;
            entry.types = generated.summary.types;
            entry.fallbacks = generated.summary.fallbacks;
            entry.warnings = generated
                .diagnostics
                .iter()
                .map(|d| d.to_string())
                .collect();
            let types: Vec<(String, String)> = generated
                .api()
                .types
                .iter()
                .map(|t| (t.name.clone(), t.pointer.clone()))
                .collect();
            entry.round_trip = roundtrip::prepare(&dir, &entry.name, spec, &types);
            let unlocated = &entry.round_trip.unlocated;
            if !unlocated.is_empty() {
                entry.problems.push(format!(
                    "{} type(s) whose schema is not found in the file, so not round-tripped:\n{}",
                    unlocated.len(),
                    unlocated.join("\n")
                ));
            }
        }
        Err(failure) => entry.problems.push(failure.to_string()),
    }
    if entry.operations != entry.spec_operations {
        entry.problems.push(format!(
            "{} operation(s) generated, the spec has {}; warnings:\n{}",
            entry.operations,
            entry.spec_operations,
            entry.warnings.join("\n")
        ));
    }
    entry
}

/// The version the file states and the operations under `paths` (path-item methods; 3.1
/// `webhooks` are not client operations), read independently of the generator's loader.
fn read_raw(spec: &Path) -> (String, usize) {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let raw = apiforge_testkit::spec::read(spec);
    let version = raw["openapi"].as_str().or(raw["swagger"].as_str());
    let operations = raw["paths"].as_object().map_or(0, |paths| {
        paths
            .values()
            .filter_map(Value::as_object)
            .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
            .sum()
    });
    (version.unwrap_or("?").to_string(), operations)
}

/// The spec's file name, as the known differences name it.
fn spec_file(entry: &Entry) -> &str {
    entry
        .spec
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or("?")
}

/// Runs the round-trip binary of every crate that has one over its documents.
fn round_trip(target_dir: &Path, out: &Path, entries: &mut [Entry]) {
    for entry in entries
        .iter_mut()
        .filter(|e| e.generated && e.round_trip.types > 0)
    {
        let binary = target_dir
            .join("debug")
            .join(roundtrip::binary_name(&entry.name))
            .with_extension(std::env::consts::EXE_EXTENSION);
        if !binary.exists() {
            entry
                .problems
                .push("the round-trip binary was not built".to_string());
            continue;
        }
        match roundtrip::run(&binary, &out.join(&entry.name)) {
            Ok(differences) => entry.differences = differences,
            Err(problem) => entry.problems.push(problem),
        }
    }
}

fn round_trip_table(
    entries: &[Entry],
    known: &[roundtrip::Known],
    explained: &[usize],
    total: Duration,
) -> String {
    let mut out = String::from(
        "\n| spec | types | schemas located | generated documents | examples | differences |\n\
         |---|---|---|---|---|---|\n",
    );
    let mut sums = [0usize; 5];
    for e in entries {
        let r = &e.round_trip;
        let row = [
            r.types,
            r.located,
            r.generated,
            r.examples,
            e.differences.len(),
        ];
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            spec_file(e),
            row[0],
            row[1],
            row[2],
            row[3],
            row[4]
        ));
        for (sum, n) in sums.iter_mut().zip(row) {
            *sum += n;
        }
    }
    out.push_str(&format!(
        "| all {} specs | {} | {} | {} | {} | {} |\n",
        entries.len(),
        sums[0],
        sums[1],
        sums[2],
        sums[3],
        sums[4]
    ));
    let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, &n) in known.iter().zip(explained) {
        *by_reason.entry(k.why.as_str()).or_default() += n;
    }
    out.push_str("\nDifferences by documented reason:\n");
    for (why, n) in by_reason.iter().filter(|(_, &n)| n > 0) {
        out.push_str(&format!("- {n}: {why}\n"));
    }
    out.push_str(&format!(
        "\nThe runs of the round-trip binaries: {:.1} s.\n",
        total.as_secs_f64()
    ));
    out
}

fn write_workspace(out: &Path, entries: &[Entry]) {
    let members: String = entries
        .iter()
        .filter(|e| e.generated)
        .map(|e| format!("    \"{}\",\n", e.name))
        .collect();
    let manifest = format!(
        "# Written by codegen/tests/corpus.rs: every corpus client, built in one cargo run.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n{members}]\n\n\
         # The round-trip binaries run once; debug info would only slow their build.\n\
         [profile.dev]\ndebug = false\n"
    );
    std::fs::write(out.join("Cargo.toml"), manifest).expect("write the corpus workspace");
}

/// Builds the corpus workspace once, libraries and round-trip binaries, with clippy as the
/// compiler of its members (`RUSTC_WORKSPACE_WRAPPER=clippy-driver`, `-D warnings`): the lints of
/// `cargo clippy` and the binaries of `cargo build` from one compilation of each crate. Each error
/// is filed under its spec. `Err` holds a failure no spec explains (cargo itself failing, a
/// dependency not building).
fn build(out: &Path, target_dir: &Path, entries: &mut [Entry]) -> Result<(), String> {
    if !entries.iter().any(|e| e.generated) {
        return Ok(());
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // The clippy of the toolchain that runs this test (beside its cargo), else the one on PATH.
    let clippy = Path::new(&cargo).with_file_name("clippy-driver");
    let clippy = if clippy.exists() {
        clippy
    } else {
        PathBuf::from("clippy-driver")
    };
    let mut child = Command::new(cargo)
        .current_dir(out)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUSTC_WORKSPACE_WRAPPER", clippy)
        // Dependencies build with their lints capped, so this denies warnings of the clients.
        .env("RUSTFLAGS", "-D warnings")
        .args([
            "build",
            "--workspace",
            "--lib",
            "--bins",
            "--keep-going",
            "--timings",
            "--message-format=json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cargo runs");
    let stderr = child.stderr.take().expect("piped stderr");
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            text.push_str(&line);
            text.push('\n');
        }
        text
    });
    // A crate's library and its round-trip binary.
    let by_target: BTreeMap<String, usize> = entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            [
                (e.name.replace('-', "_"), i),
                (roundtrip::binary_name(&e.name), i),
            ]
        })
        .collect();
    let stdout = child.stdout.take().expect("piped stdout");
    for message in common::compiler_messages(stdout) {
        match by_target.get(&message.target) {
            Some(&i) => entries[i].errors.push(message.rendered),
            None => eprintln!("{}", message.rendered),
        }
    }
    let status = child.wait().expect("cargo finishes");
    let stderr = stderr.join().expect("stderr reader");
    for (name, seconds) in unit_times(target_dir) {
        if let Some(e) = entries.iter_mut().find(|e| e.name == name) {
            *e.build_time.get_or_insert(0.0) += seconds;
        }
    }
    if !status.success() && entries.iter().all(|e| e.errors.is_empty()) {
        return Err(format!(
            "cargo build failed without naming a spec:\n{stderr}"
        ));
    }
    Ok(())
}

/// Per-unit build times from cargo's `--timings` report (`UNIT_DATA`: each unit's `name` and
/// `duration` in seconds, measured by cargo from the start to the end of that crate's rustc).
fn unit_times(target_dir: &Path) -> Vec<(String, f64)> {
    let report = target_dir.join("cargo-timings/cargo-timing.html");
    let Ok(html) = std::fs::read_to_string(report) else {
        return Vec::new();
    };
    // `const UNIT_DATA = [ ... ];`, the array spread over many lines.
    let Some(start) = html.find("const UNIT_DATA = ") else {
        return Vec::new();
    };
    let data = &html[start + "const UNIT_DATA = ".len()..];
    let Some(end) = data.find("\n];") else {
        return Vec::new();
    };
    let Ok(units) = serde_json::from_str::<Vec<Value>>(&data[..end + 2]) else {
        return Vec::new();
    };
    units
        .iter()
        .filter_map(|u| Some((u["name"].as_str()?.to_string(), u["duration"].as_f64()?)))
        .collect()
}

fn table(entries: &[Entry], build_total: Duration) -> String {
    let mut out = String::from(
        "| spec | version | operations | types | Value fallbacks | warnings | generate | build |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for e in entries {
        let file = e.spec.file_name().and_then(|f| f.to_str()).unwrap_or("?");
        let operations = if e.operations == e.spec_operations {
            e.operations.to_string()
        } else {
            format!("{} of {}", e.operations, e.spec_operations)
        };
        let build = match (e.build_time, e.errors.len()) {
            (Some(t), 0) => format!("{t:.1} s"),
            (Some(t), n) => format!("{t:.1} s, {n} error(s)"),
            (None, 0) => "-".to_string(),
            (None, n) => format!("{n} error(s)"),
        };
        out.push_str(&format!(
            "| {file} | {} | {operations} | {} | {} | {} | {} ms | {build} |\n",
            e.version,
            e.types,
            e.fallbacks,
            e.warnings.len(),
            e.generate_time.as_millis(),
        ));
    }
    out.push_str(&format!(
        "\nOne `cargo build --workspace --lib --bins` with clippy (`-D warnings`) over all clients \
         and their round-trip binaries: {:.1} s wall (per-crate times, library and binary, from \
         cargo --timings; crates run in parallel).\n",
        build_total.as_secs_f64()
    ));
    for e in entries.iter().filter(|e| !e.warnings.is_empty()) {
        out.push_str(&format!("\nwarnings of {}:\n", e.name));
        for w in &e.warnings {
            out.push_str(&format!("- {}\n", w.replace('\n', " ")));
        }
    }
    out
}
