#!/usr/bin/env bash
# Generates the Kratos client as a standalone crate with the `apiforge` CLI, then builds it.
# Run from anywhere; paths are relative to the workspace root.
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo run --quiet -p apiforge-codegen --bin apiforge -- \
    generate spec/kratos.yaml --out target/kratos-client --name kratos-client --runtime-path runtime
# Sharing the workspace target directory reuses the dependencies already built there.
cargo build --manifest-path target/kratos-client/Cargo.toml --target-dir target
