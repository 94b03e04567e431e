//! The Prism harness leaves no process behind: dropping it stops Prism, also when a test panics.

#![cfg(target_os = "linux")]

use std::path::Path;
use std::sync::mpsc;
use std::thread;

use apiforge_tests::prism::Prism;
use apiforge_tests::shared::repo_root;

/// Whether process `pid` exists (it is reaped once stopped).
fn running(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn prism_stops_when_dropped_and_when_its_test_panics() {
    let spec = repo_root().join("spec/kratos.yaml");
    let prism = Prism::start(&spec).unwrap_or_else(|e| panic!("{e}"));
    let pid = prism.pid();
    assert!(running(pid), "Prism is not running after start");
    drop(prism);
    assert!(!running(pid), "Prism still runs after drop");

    let (sent, received) = mpsc::channel();
    let test = thread::spawn(move || {
        let prism = Prism::start(&spec).unwrap_or_else(|e| panic!("{e}"));
        sent.send(prism.pid()).expect("the receiver waits");
        panic!("deliberate panic, to check that Prism is stopped anyway");
    });
    assert!(test.join().is_err(), "the thread did not panic");
    let pid = received.recv().expect("Prism was started");
    assert!(!running(pid), "Prism still runs after its test panicked");
}

#[test]
fn a_spec_prism_cannot_load_is_reported_with_its_output() {
    let missing = repo_root().join("spec/no-such-spec.yaml");
    let error = match Prism::start(&missing) {
        Ok(_) => panic!("Prism started without a spec"),
        Err(e) => e.to_string(),
    };
    assert!(
        error.starts_with("Prism exited before listening") && error.contains("no-such-spec.yaml"),
        "{error}"
    );
}
