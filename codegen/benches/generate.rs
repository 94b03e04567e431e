//! Generation speed, printed as figures (run: `cargo bench -p apiforge-codegen --bench generate`).
//!
//! 1. In-process: spec file → formatted client source for `spec/kratos.yaml`, repeated.
//! 2. Whole process: the release `apiforge generate` binary on the Kratos spec and on the largest
//!    corpus specs (when `../shared` is present), repeated, each into a fresh directory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let kratos = root.join("spec/kratos.yaml");
    println!(
        "apiforge generation benchmark ({} cores)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let in_process = measure(30, || {
        let generated = apiforge_codegen::generate_file(&kratos, &Default::default())
            .expect("kratos generates");
        generated.to_formatted_string().expect("formats");
    });
    report(
        "spec/kratos.yaml → formatted code (in process)",
        &in_process,
    );

    let mut specs = vec![kratos];
    for name in ["openai-2.3.0.yaml", "vault-1.15.0.json", "box-2024.0.json"] {
        let path = root.join("../shared/specs/corpus").join(name);
        if path.exists() {
            specs.push(path);
        } else {
            println!("(skipping {name}: ../shared/specs/corpus not found)");
        }
    }
    let out = std::env::temp_dir().join("apiforge-bench");
    for spec in &specs {
        let runs = measure(10, || generate_process(spec, &out));
        let label = format!(
            "apiforge generate {} (whole process)",
            spec.file_name().unwrap_or_default().to_string_lossy()
        );
        report(&label, &runs);
    }
    let _ = std::fs::remove_dir_all(&out);
}

fn generate_process(spec: &Path, out: &PathBuf) {
    let _ = std::fs::remove_dir_all(out);
    let status = Command::new(env!("CARGO_BIN_EXE_apiforge"))
        .arg("generate")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run apiforge");
    assert!(
        status.success(),
        "apiforge generate {} failed",
        spec.display()
    );
}

/// Runs `f` once to warm up, then `runs` times; returns the sorted durations.
fn measure(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn report(label: &str, times: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: min {:.1} ms, median {:.1} ms, max {:.1} ms ({} runs)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        times.len()
    );
}
