//! Build times of what users compile, printed as figures
//! (run: `cargo bench -p apiforge-codegen --bench builds`; takes a few minutes).
//!
//! 1. The generated Kratos crate alone, dev profile: its dependencies are built first, then the
//!    crate's own source is touched and rebuilt, three times.
//! 2. A small application using `include_api!("spec/kratos.yaml")`, built cold (empty target
//!    directory, dev profile) three times; it is dominated by the dependency tree of the macro and
//!    runtime.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace root");
    let work = std::env::temp_dir().join("apiforge-build-bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("scratch directory");

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
        .current_dir(&root)
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

    let app = work.join("macro-app");
    std::fs::create_dir_all(app.join("src")).expect("app directory");
    let manifest = format!(
        "[package]\nname = \"macro-app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         apiforge-macros = {{ path = {macros:?} }}\napiforge-runtime = {{ path = {runtime:?} }}\n\n[workspace]\n",
        macros = root.join("macros"),
        runtime = root.join("runtime"),
    );
    std::fs::write(app.join("Cargo.toml"), manifest).expect("app manifest");
    let spec = root.join("spec/kratos.yaml");
    let main_rs = format!(
        "pub mod kratos {{\n    apiforge_macros::include_api!({spec:?});\n}}\n\nfn main() {{\n    \
         let client = kratos::Client::new(\"http://127.0.0.1:4433\").expect(\"valid URL\");\n    \
         println!(\"{{}}\", client.runtime().base_url());\n}}\n"
    );
    std::fs::write(app.join("src/main.rs"), main_rs).expect("app source");
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock"))
        .expect("reuse the workspace lock file");
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
