"""Writes an app crate that calls every operation of a generated client once, so that each
operation's future is instantiated (and compiled) as in an app that uses the whole API.

Usage: call_every_operation.py GENERATED_CRATE_DIR APP_DIR apiforge|progenitor

With `CLIENT_DEBUG` set (`false`, `line-tables-only`, ...), the app's manifest builds the client
crate with that much debug info (`[profile.dev.package.<client>] debug = ...`), as a workspace that
depends on a generated crate can; the app itself keeps the dev profile's full debug info.

Arguments come from `any()`, a generic function that never returns: the calls type-check and are
compiled, and are never run. Each future is boxed as `dyn Future`, which compiles its `poll`.
"""
import os
import re
import sys

crate, app, generator = sys.argv[1:4]
source = open(os.path.join(crate, "src/lib.rs")).read()
manifest = open(os.path.join(crate, "Cargo.toml")).read()
package = re.search(r'name = "([^"]+)"', manifest).group(1)

# apiforge: `pub fn NAME(&self, ..) -> impl Future` in the async client (the `_with_response`
# twins are left out); progenitor: `pub async fn NAME<'a>(&'a self, ..)`.
if generator == "apiforge":
    method = re.compile(r"\n    pub fn (\w+)\(\s*&self")
else:
    method = re.compile(r"\n    pub async fn (\w+)(?:<[^>]*>)?\(\s*&'a self")


def argument_count(params):
    """Top-level commas of a parameter list after `self`."""
    depth, count, current = 0, 0, ""
    for c in params:
        depth += c in "<([" 
        depth -= c in ">)]"
        if c == "," and depth == 0:
            count += bool(current.strip())
            current = ""
        else:
            current += c
    return count + bool(current.strip())


calls = []
for found in method.finditer(source):
    name, start, depth, end = found.group(1), found.end(), 1, found.end()
    while depth:
        depth += (source[end] == "(") - (source[end] == ")")
        end += 1
    returns = source[end : end + 200]
    if generator == "apiforge" and ("Future" not in returns or name.endswith("_with_response")):
        continue
    arguments = ", ".join(["any()"] * argument_count(source[start : end - 1]))
    calls.append(f"    keep(client.{name}({arguments}));")

os.makedirs(os.path.join(app, "src"), exist_ok=True)
features = ', features = ["reqwest"]' if generator == "apiforge" else ""
with open(os.path.join(app, "Cargo.toml"), "w") as out:
    out.write(
        f'[package]\nname = "app-{package}"\nversion = "0.1.0"\nedition = "2021"\n\n'
        f'[dependencies]\n{package} = {{ path = "{os.path.abspath(crate)}"{features} }}\n'
    )
    debug = os.environ.get("CLIENT_DEBUG")
    if debug:
        value = debug if debug in ("true", "false") or debug.isdigit() else f'"{debug}"'
        out.write(f"\n[profile.dev.package.{package}]\ndebug = {value}\n")
new = '.unwrap()' if generator == "apiforge" else ""
with open(os.path.join(app, "src/main.rs"), "w") as out:
    out.write(
        "//! Calls every operation once (never run): each operation's future is compiled.\n"
        "#![allow(unused, unreachable_code, deprecated, clippy::all)]\n"
        "use std::future::Future;\nuse std::pin::Pin;\n\n"
        "fn any<T>() -> T {\n    unimplemented!()\n}\n\n"
        "fn keep<'a, F: Future + 'a>(future: F) -> Pin<Box<dyn Future<Output = F::Output> + 'a>> {\n"
        "    Box::pin(future)\n}\n\n"
        f"fn main() {{\n    let client = {package.replace('-', '_')}::Client::new(\"http://localhost:1\"){new};\n"
        + "\n".join(calls)
        + "\n}\n"
    )
print(f"{app}: {len(calls)} operations")
