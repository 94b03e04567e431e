//! The `apiforge` binary, run as a user runs it: files written, summary printed, exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn apiforge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apiforge"))
        .args(args)
        .output()
        .expect("the apiforge binary runs")
}

fn kratos() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/kratos.yaml")
        .display()
        .to_string()
}

/// A fresh directory under cargo's scratch space for integration tests.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn generate_writes_a_standalone_crate_and_summarizes() {
    let out = scratch("kratos");
    let spec = kratos();
    let run = apiforge(&[
        "generate",
        &spec,
        "--out",
        out.to_str().unwrap(),
        "--client",
        "KratosClient",
    ]);
    let stdout = text(&run.stdout);
    assert!(
        run.status.success(),
        "stdout:\n{stdout}\nstderr:\n{}",
        text(&run.stderr)
    );

    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"kratos\""), "{manifest}");
    assert!(manifest.contains("edition = \"2021\""), "{manifest}");
    assert!(manifest.contains("\n[workspace]\n"), "{manifest}");
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../runtime")
        .canonicalize()
        .unwrap();
    assert!(
        manifest.contains(&format!(
            "apiforge-runtime = {{ path = \"{}\"",
            runtime.display()
        )),
        "{manifest}"
    );

    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("//! Typed client for "),
        "{}",
        &lib[..300.min(lib.len())]
    );
    assert!(lib.contains("pub struct KratosClient<T>"));
    assert!(lib.contains("pub async fn admin_get_identity("));

    for line in [
        "spec ",
        "api ",
        "input       OpenAPI 3.0",
        "operations  ",
        "methods ",
        "types ",
        "warnings ",
        "output ",
        "time ",
    ] {
        assert!(stdout.contains(line), "summary lacks `{line}`:\n{stdout}");
    }
    assert!(
        stdout.lines().count() <= 40,
        "the summary fits one screen:\n{stdout}"
    );

    // Regenerating over its own output is fine.
    let again = apiforge(&[
        "generate",
        &spec,
        "-o",
        out.to_str().unwrap(),
        "--client",
        "KratosClient",
    ]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(
        std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
        lib,
        "output is stable"
    );
}

#[test]
fn generate_lists_warnings_with_locations_up_to_a_screen() {
    let out = scratch("warned");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/warned.yaml");
    let run = apiforge(&[
        "generate",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    assert!(
        stdout.contains("api         Warned (version 2.1)"),
        "{stdout}"
    );
    assert!(stdout.contains("warnings    25"), "{stdout}");
    assert_eq!(
        stdout
            .matches(": security requirement names undefined")
            .count(),
        20,
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("  {}:11:11: security requirement", spec.display())),
        "first warning located:\n{stdout}"
    );
    assert!(stdout.contains("... and 5 more"), "{stdout}");
    assert!(std::fs::read_to_string(out.join("Cargo.toml"))
        .unwrap()
        .contains("name = \"warned\""));

    let strict = apiforge(&[
        "generate",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--strict",
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        text(&strict.stderr).contains("error: security requirement"),
        "{}",
        text(&strict.stderr)
    );
}

#[test]
fn generate_never_overwrites_files_it_did_not_write() {
    let out = scratch("foreign");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    let run = apiforge(&["generate", &kratos(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stderr).contains("was not written by apiforge"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("Cargo.toml")).unwrap(),
        "[package]\nname = \"mine\"\n"
    );
}

#[test]
fn check_reports_errors_with_their_location() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/broken.yaml");
    let run = apiforge(&["check", spec.to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "stdout:\n{stdout}");
    assert!(stdout.contains("error: invalid YAML"), "{stdout}");
    assert!(
        stdout.contains(&format!("{}:9:", spec.display())),
        "no file:line:column in:\n{stdout}"
    );
}

#[test]
fn check_passes_a_good_spec() {
    let run = apiforge(&["check", &kratos()]);
    assert!(
        run.status.success(),
        "{}{}",
        text(&run.stdout),
        text(&run.stderr)
    );
    assert!(text(&run.stdout).contains(": ok ("));
}

#[test]
fn generate_fails_on_a_missing_spec() {
    let out = scratch("missing");
    let run = apiforge(&[
        "generate",
        "no/such/spec.yaml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stderr).contains("cannot read no/such/spec.yaml"),
        "{}",
        text(&run.stderr)
    );
    assert!(!out.exists(), "nothing is written for a spec that fails");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["generate", "spec.yaml"],
        &["check"],
        &["check", "a.yaml", "--bogus"],
    ] {
        let run = apiforge(args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let stderr = text(&run.stderr);
        assert!(
            stderr.starts_with("error: ") && stderr.contains("Usage: apiforge"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn help_and_version() {
    for flag in ["--help", "-h"] {
        let run = apiforge(&[flag]);
        assert!(run.status.success());
        let stdout = text(&run.stdout);
        assert!(
            stdout.contains("Exit status:") && stdout.contains("apiforge generate SPEC --out DIR"),
            "{stdout}"
        );
    }
    let run = apiforge(&["--version"]);
    assert!(run.status.success());
    assert_eq!(
        text(&run.stdout),
        format!("apiforge {}\n", env!("CARGO_PKG_VERSION"))
    );
}
