//! Decodes one body into one client's type a given number of times, for instruction counts that
//! do not depend on the machine's load:
//!
//! ```sh
//! cargo build --release --example decode_count
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
//!     target/release/examples/decode_count identities generated 200
//! ```
//!
//! The count per decode is the difference between a run of N decodes and a run of 0, divided by N.
//! Bodies: `login_flow`, `session`, `identities`; clients: `generated`, `lean`
//! (`UnknownFields::Drop`), `published`.

use apiforge_peer_benches::{
    compact, kratos, kratos_lean, renamed_for_openapi_generator, IDENTITIES, LOGIN_FLOW, SESSION,
};
use apiforge_runtime::serde::de::DeserializeOwned;
use ory_kratos_client::models as published;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [body, client, count] = &args[..] else {
        eprintln!("usage: decode_count login_flow|session|identities generated|lean|published N");
        std::process::exit(2);
    };
    let count: usize = count.parse().expect("a number of decodes");
    let text = match body.as_str() {
        "login_flow" => LOGIN_FLOW,
        "session" => SESSION,
        "identities" => IDENTITIES,
        other => panic!("unknown body {other}"),
    };
    let run: fn(&[u8], usize) = match (body.as_str(), client.as_str()) {
        ("login_flow", "generated") => repeat::<kratos::SelfServiceLoginFlow>,
        ("login_flow", "lean") => repeat::<kratos_lean::SelfServiceLoginFlow>,
        ("login_flow", "published") => repeat::<published::SelfServiceLoginFlow>,
        ("session", "generated") => repeat::<kratos::Session>,
        ("session", "lean") => repeat::<kratos_lean::Session>,
        ("session", "published") => repeat::<published::Session>,
        ("identities", "generated") => repeat::<kratos::IdentityList>,
        ("identities", "lean") => repeat::<kratos_lean::IdentityList>,
        ("identities", "published") => repeat::<Vec<published::Identity>>,
        (_, other) => panic!("unknown client {other}"),
    };
    let bytes = if (body.as_str(), client.as_str()) == ("login_flow", "published") {
        renamed_for_openapi_generator(text)
    } else {
        compact(text)
    };
    run(&bytes, count);
}

fn repeat<T: DeserializeOwned>(body: &[u8], count: usize) {
    for _ in 0..count {
        black_box(serde_json::from_slice::<T>(black_box(body)).expect("decodes"));
    }
}
