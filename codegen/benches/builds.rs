//! Build times of what users compile, printed as figures
//! (run: `cargo bench -p apiforge-codegen --bench builds [-- SCENARIO...]`; takes minutes). With no
//! scenario named, all run.
//!
//! - `crate`: the generated Kratos crate alone, dev profile: its dependencies are built first, then
//!   the crate's own source is touched and rebuilt, three times.
//! - `cold`: a small application using `include_api!("spec/kratos.yaml")`, built cold (empty target
//!   directory, dev profile) three times; it is dominated by the dependency tree of the macro and
//!   runtime.
//! - `per-edit`: the same application in its two forms, `include_api!` and `build.rs` with
//!   `Builder`, in one target directory (kept between bench runs under the system temp directory,
//!   so only the first run builds the dependencies): after one warm-up build each, `main.rs` is
//!   touched and the application rebuilt, alternating the forms, seven times each. The figure is the
//!   median of the seven paired ratios.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The application's code after the client module; both forms share it.
const APP_MAIN: &str = "\nfn main() {\n    \
    let client = kratos::Client::new(\"http://127.0.0.1:4433\").expect(\"valid URL\");\n    \
    println!(\"{}\", client.runtime().base_url());\n}\n";

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace root");
    let named: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |scenario: &str| named.is_empty() || named.iter().any(|n| n == scenario);
    if wanted("crate") {
        generated_crate(&root);
    }
    if wanted("cold") {
        cold_macro_app(&root);
    }
    if wanted("per-edit") {
        per_edit(&root);
    }
}

/// A fresh scratch directory under the system temp directory.
fn scratch(name: &str) -> PathBuf {
    let work = std::env::temp_dir().join(name);
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("scratch directory");
    work
}

fn generated_crate(root: &Path) {
    let work = scratch("apiforge-build-bench");
    let client = work.join("kratos-client");
    let status = Command::new(env!("CARGO_BIN_EXE_apiforge"))
        .args([
            "generate",
            "spec/kratos.yaml",
            "--runtime-path",
            "runtime",
            "--out",
        ])
        .arg(&client)
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run apiforge");
    assert!(status.success(), "apiforge generate failed");
    let target = work.join("target-client");
    cargo_build(&client, &target);
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            touch(&client.join("src/lib.rs"));
            cargo_build(&client, &target)
        })
        .collect();
    times.sort();
    println!(
        "generated Kratos crate alone, dev build: median {:.2} s (min {:.2} s, 3 runs)",
        times[1].as_secs_f64(),
        times[0].as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&work);
}

fn cold_macro_app(root: &Path) {
    let work = scratch("apiforge-build-bench-cold");
    let app = work.join("macro-app");
    write_macro_app(root, &app);
    let mut cold: Vec<Duration> = (0..3)
        .map(|run| cargo_build(&app, &work.join(format!("target-app-{run}"))))
        .collect();
    cold.sort();
    println!(
        "small app using include_api!, cold dev build: median {:.1} s (min {:.1} s, max {:.1} s, 3 runs)",
        cold[1].as_secs_f64(),
        cold[0].as_secs_f64(),
        cold[2].as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&work);
}

fn per_edit(root: &Path) {
    const RUNS: usize = 7;
    let work = std::env::temp_dir().join("apiforge-build-bench-per-edit");
    let target = work.join("target");
    let macro_app = work.join("macro-app");
    let build_app = work.join("build-script-app");
    write_macro_app(root, &macro_app);
    write_build_script_app(root, &build_app);
    cargo_build(&macro_app, &target);
    cargo_build(&build_app, &target);
    let mut macro_times = Vec::new();
    let mut build_times = Vec::new();
    for _ in 0..RUNS {
        touch(&macro_app.join("src/main.rs"));
        macro_times.push(cargo_build(&macro_app, &target).as_secs_f64());
        touch(&build_app.join("src/main.rs"));
        build_times.push(cargo_build(&build_app, &target).as_secs_f64());
    }
    let mut ratios: Vec<f64> = macro_times
        .iter()
        .zip(&build_times)
        .map(|(m, b)| m / b)
        .collect();
    let summary = |times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        format!("median {:.2} s (min {:.2} s)", times[RUNS / 2], times[0])
    };
    println!(
        "per edit of main.rs, include_api!: {}; build.rs: {}; paired ratio median {:.2} (min {:.2}, max {:.2}, {RUNS} pairs)",
        summary(&mut macro_times),
        summary(&mut build_times),
        {
            ratios.sort_by(f64::total_cmp);
            ratios[RUNS / 2]
        },
        ratios[0],
        ratios[RUNS - 1]
    );
}

/// A small application with the Kratos client from `include_api!`.
fn write_macro_app(root: &Path, app: &Path) {
    let spec = root.join("spec/kratos.yaml");
    let dependencies = format!("apiforge-macros = {{ path = {:?} }}\n", root.join("macros"));
    let module = format!("pub mod kratos {{\n    apiforge_macros::include_api!({spec:?});\n}}\n");
    write_app(root, app, &dependencies, &module);
}

/// The same application with the client generated by `build.rs` with `Builder`.
fn write_build_script_app(root: &Path, app: &Path) {
    let dependencies = format!(
        "\n[build-dependencies]\napiforge-codegen = {{ path = {:?}, default-features = false, features = [\"format\"] }}\n",
        root.join("codegen")
    );
    let module = "pub mod kratos {\n    include!(concat!(env!(\"OUT_DIR\"), \"/kratos.rs\"));\n}\n";
    write_app(root, app, &dependencies, module);
    let build_rs = format!(
        "fn main() {{\n    apiforge_codegen::Builder::new({:?}).generate().expect(\"generate\");\n}}\n",
        root.join("spec/kratos.yaml")
    );
    std::fs::write(app.join("build.rs"), build_rs).expect("build script");
}

/// Writes the manifest (runtime plus `dependencies`), `src/main.rs` (`module` then the shared
/// code) and the workspace's lock file into `app`.
fn write_app(root: &Path, app: &Path, dependencies: &str, module: &str) {
    std::fs::create_dir_all(app.join("src")).expect("app directory");
    let name = app.file_name().and_then(|n| n.to_str()).expect("app name");
    let manifest = format!(
        "[package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         apiforge-runtime = {{ path = {runtime:?} }}\n{dependencies}\n[workspace]\n",
        runtime = root.join("runtime"),
    );
    std::fs::write(app.join("Cargo.toml"), manifest).expect("app manifest");
    std::fs::write(app.join("src/main.rs"), format!("{module}{APP_MAIN}")).expect("app source");
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock"))
        .expect("reuse the workspace lock file");
}

fn cargo_build(dir: &Path, target: &PathBuf) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--offline"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir)
        .status()
        .expect("run cargo");
    assert!(status.success(), "cargo build failed in {}", dir.display());
    start.elapsed()
}

fn touch(file: &Path) {
    let text = std::fs::read_to_string(file).expect("read");
    std::fs::write(file, text).expect("write");
}
