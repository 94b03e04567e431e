//! Clients the behaviour tests share, compiled once for all of them.

pub mod fixtures;
pub mod golden;
pub mod prism;
pub mod schemas;
pub mod shared;

/// The Kratos client generated from `spec/kratos.yaml`, as checked in at `tests/golden/kratos.rs`.
pub mod kratos {
    include!("../golden/kratos.rs");
}

/// The Kratos client from `spec/kratos.yaml` generated with `UnknownFields::Drop`: structs skip
/// undeclared keys.
pub mod kratos_lean {
    include!(concat!(env!("OUT_DIR"), "/kratos_lean.rs"));
}

/// The client generated from the upstream Kratos file in `../shared` (absent without it).
#[cfg(upstream_kratos)]
pub mod kratos_upstream {
    include!(concat!(env!("OUT_DIR"), "/kratos_upstream.rs"));
}
