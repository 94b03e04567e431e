// An overlay adds an operation the spec lacks; the client has its method.
mod things {
    apiforge_macros::include_api!(
        "tests/ui/specs/undefined_scheme.yaml",
        overlay = "tests/ui/specs/add_operation.overlay.yaml",
        client = "Things"
    );
}

fn main() {
    let client = things::Things::new("http://127.0.0.1:1").unwrap();
    let _count = client.count_things();
}
