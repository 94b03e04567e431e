//! The fixture clients (`tests/fixtures/<feature>.rs`), one small spec per feature group, compiled
//! here so that `cargo clippy -p apiforge-tests --all-targets -- -D warnings` checks them.

/// Generated from `tests/fixtures/bodies.yaml`.
pub mod bodies {
    include!("../fixtures/bodies.rs");
}

/// Generated from `tests/fixtures/composition.yaml`.
pub mod composition {
    include!("../fixtures/composition.rs");
}

/// Generated from `tests/fixtures/headers.yaml`.
pub mod headers {
    include!("../fixtures/headers.rs");
}

/// Generated from `tests/fixtures/openapi31.yaml`.
pub mod openapi31 {
    include!("../fixtures/openapi31.rs");
}

/// Generated from `tests/fixtures/pagination.yaml`.
pub mod pagination {
    include!("../fixtures/pagination.rs");
}

/// Generated from `tests/fixtures/parameters.yaml`.
pub mod parameters {
    include!("../fixtures/parameters.rs");
}

/// Generated from `tests/fixtures/responses.yaml`.
pub mod responses {
    include!("../fixtures/responses.rs");
}

/// Generated from `tests/fixtures/security.yaml`.
pub mod security {
    include!("../fixtures/security.rs");
}

/// Generated from `tests/fixtures/swagger2.yaml`.
pub mod swagger2 {
    include!("../fixtures/swagger2.rs");
}

/// Generated from `tests/fixtures/types.yaml`.
pub mod types {
    include!("../fixtures/types.rs");
}
