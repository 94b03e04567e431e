//! Valid argument values, varied by call number `i` so that a run covers every optional parameter.

/// Texts that need percent-encoding in paths, queries and form bodies.
const TEXTS: &[&str] = &[
    "alpha",
    "with space",
    "ümlaut-ß",
    "a&b=c?d#e",
    "100%",
    "plus+sign",
    "slash/in/it",
    "semi;colon,comma",
];

/// Whether optional part `bit` is present in call `i`.
pub fn has(i: usize, bit: u32) -> bool {
    (i >> bit) & 1 == 1
}

/// `value` in the calls where `bit` of `i` is set, else `None`.
pub fn opt<T>(i: usize, bit: u32, value: T) -> Option<T> {
    has(i, bit).then_some(value)
}

/// A non-empty text for call `i`, often with characters that must be encoded.
pub fn text(i: usize) -> String {
    format!("{}-{i}", TEXTS[i % TEXTS.len()])
}

/// A session token (header-safe).
pub fn token(i: usize) -> String {
    format!("ory_st_{i:04}AbCdEf")
}

/// A `Cookie` header value.
pub fn cookie(i: usize) -> String {
    format!("ory_kratos_session=s{i}; csrf_token_{i}=c{i}")
}

/// A page size within `1..=1000`.
pub fn per_page(i: usize) -> i64 {
    [1, 250, 1000, 42][i % 4]
}

/// A page number, at least 1.
pub fn page(i: usize) -> i64 {
    [1, 2, 7, 1_000_000][i % 4]
}

/// A UUID.
pub fn uuid(i: usize) -> String {
    format!("{i:08x}-58cc-4372-a567-{i:012x}")
}

/// Credential types to include, for call `i`.
pub fn credential_types(i: usize) -> Vec<String> {
    let types: &[&str] = match i % 3 {
        0 => &["password"],
        1 => &["oidc", "totp"],
        _ => &["webauthn", "lookup_secret", "password"],
    };
    types.iter().map(|t| (*t).to_owned()).collect()
}

/// Where a browser flow returns to, for call `i`.
pub fn return_to(i: usize) -> String {
    format!("https://app.example.org/done?step={}", text(i))
}

/// An assurance level to ask for.
pub fn aal(i: usize) -> &'static str {
    ["aal1", "aal2"][i % 2]
}

/// A timestamp.
pub fn time(i: usize) -> String {
    format!("2022-0{}-1{}T08:30:00Z", 1 + i % 9, i % 10)
}
