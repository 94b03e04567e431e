apiforge_macros::include_api!(
    "tests/ui/specs/undefined_scheme.yaml",
    overlay = "tests/ui/specs/bad_target.overlay.yaml"
);

fn main() {}
