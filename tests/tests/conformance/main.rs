//! Every Kratos operation through the generated clients, over the default reqwest transport,
//! against the Prism mock server (dynamic mode): for `spec/kratos.yaml` with zero failures, and
//! for the upstream spec with only the failures listed in `upstream-known-failures.txt`.
//!
//! Each test prints a per-operation table straight to stdout (past the test harness's capture, so
//! it shows in every run's log, passing or not).
//! Prism is installed from `tests/prism/package-lock.json` on first use (`npm ci`).

use std::io::Write;

mod blocking;
mod bodies;
mod check;
mod coverage;
#[cfg(upstream_kratos)]
mod known;
mod run;
mod table;
mod values;

use std::path::Path;

use apiforge_tests::kratos::SubmitSelfServiceLoginFlowBody;
use apiforge_tests::prism::Prism;
use apiforge_tests::shared::{repo_root, shared_file};

use crate::run::{Call, Done};
use crate::table::Table;

/// Adds one `Prefer: code=N` call per listed status, expecting the matching variant of the error enum.
macro_rules! statuses {
    ($suite:expr, $op:literal, |$c:ident| $call:expr, { $($code:literal => $variant:pat),+ $(,)? }) => {
        $($suite.status($op, $code, move |$c| async move {
            documented($call.await, $code, |e| matches!(e, $variant))
        });)+
    };
}

/// The suite (written once, in `suite/`) for the generated client in module `$api`.
macro_rules! suite {
    ($api:path) => {
        use $api as api;
        include!("suite/core.rs");
        include!("suite/admin.rs");
        include!("suite/metadata.rs");
        include!("suite/login.rs");
        include!("suite/registration.rs");
        include!("suite/settings.rs");
        include!("suite/recovery.rs");
        include!("suite/sessions.rs");
    };
}

/// The suite for the client generated from `spec/kratos.yaml`.
mod ours {
    suite!(apiforge_tests::kratos);
}

/// The suite for the client generated from the upstream spec.
#[cfg(upstream_kratos)]
mod upstream {
    suite!(apiforge_tests::kratos_upstream);
}

/// Starts Prism for `spec`, runs `calls(url)` and returns the table, after checking coverage.
async fn run_suite(spec: &Path, calls: fn(&str) -> Vec<Call>) -> Table {
    let prism = Prism::start(spec).unwrap_or_else(|e| panic!("{e}"));
    let done: Vec<Done> = run::run_all(calls(prism.url())).await;
    let table = Table::new(format!("Prism serving {}", spec.display()), &done);
    // Written to the process's stdout directly: `println!` would be captured for passing tests.
    let _ = writeln!(std::io::stdout(), "{table}");
    let gaps = coverage::gaps(spec, &done);
    assert!(
        gaps.is_empty(),
        "the suite misses parts of {}:\n{}",
        spec.display(),
        gaps.join("\n")
    );
    table
}

/// Our spec: every call passes.
#[tokio::test]
async fn our_spec_passes_every_call() {
    let spec = repo_root().join("spec/kratos.yaml");
    let table = run_suite(&spec, ours::calls).await;
    let failed = table.rows().values().any(|row| row.passed < row.calls);
    assert!(
        !failed,
        "calls failed against {}:\n{table}\n{}",
        spec.display(),
        table.failures()
    );
}

/// The upstream spec: exactly the operations in the known-failures list fail.
#[cfg(upstream_kratos)]
#[tokio::test]
async fn upstream_spec_fails_only_where_known() {
    let Some(spec) = shared_file("specs/kratos-v0.9.0-alpha.3.json") else {
        return;
    };
    let table = run_suite(&spec, upstream::calls).await;
    let list =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/upstream-known-failures.txt");
    let problems = known::problems(&table, &known::read(&list));
    assert!(
        problems.is_empty(),
        "{}:\n{}\n{table}",
        list.display(),
        problems.join("\n")
    );
}

/// Without the upstream spec there is no upstream client: say so (or fail under CI).
#[cfg(not(upstream_kratos))]
#[test]
fn upstream_spec_fails_only_where_known() {
    assert!(
        shared_file("specs/kratos-v0.9.0-alpha.3.json").is_none(),
        "the upstream client was not generated"
    );
}

/// The checks can fail: requests Prism finds invalid, and wrong variants, are failures.
#[tokio::test]
async fn invalid_calls_are_reported_as_failures() {
    let prism =
        Prism::start(&repo_root().join("spec/kratos.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let client = apiforge_tests::kratos::Client::new(prism.url())
        .expect("a valid base URL")
        .with_ory_access_token("ory_at_conformance");
    let rejected = |outcome: run::Outcome| {
        outcome.is_err_and(|reason| {
            reason.starts_with("Prism reported violations") || reason.starts_with("Prism rejected")
        })
    };

    let page_too_big = client
        .admin_list_identities_with_response(Some(5000), None)
        .await;
    assert!(
        rejected(check::success(page_too_big, 200)),
        "per_page above its maximum passed"
    );

    let unknown =
        SubmitSelfServiceLoginFlowBody::Unknown(serde_json::json!({"method": "carrier-pigeon"}));
    let login = client
        .submit_self_service_login_flow_with_response("f1", None, Some(&unknown))
        .await;
    assert!(
        rejected(check::success(login, 200)),
        "a body matching no oneOf branch passed"
    );

    let mut prefer = apiforge_tests::kratos::Client::new(prism.url()).expect("a valid base URL");
    prefer
        .runtime_mut()
        .set_default_header("Prefer", "code=404")
        .expect("a valid header");
    let missing = prefer.get_json_schema_with_response("default").await;
    let wrong_variant = check::documented(missing, 404, |e| {
        matches!(
            e,
            apiforge_tests::kratos::GetJsonSchemaError::InternalServerError(_)
        )
    });
    assert!(wrong_variant.is_err(), "a 404 passed as the 500 variant");
}
