//! The expansion cache: a generated client written once to a file under the build's target
//! directory, keyed by a hash of everything it depends on, so that rebuilding the calling crate
//! after an edit elsewhere costs a hash of the inputs and an `include!` of the file, not a
//! generation.
//!
//! The directory is `<target>/<profile>/apiforge-cache/`, found from the `--out-dir` that cargo
//! passes to the compiler the macro runs in (`<target>/<profile>/deps`): it belongs to the user's
//! build, `cargo clean` removes it, and no other user of the machine can write into it (a shared
//! temp directory could be planted with code the build would then include). Without `--out-dir`
//! (rust-analyzer's macro server, rustdoc) nothing is cached.
//!
//! The key hashes the spec's and overlays' paths and bytes, the settings, the crate version and
//! the path, size and modification time of the macro's own library (from the compiler's
//! `--extern` arguments): a rebuilt macro (a new apiforge, or a changed generator in a path
//! dependency) never reads an expansion written by another build of it.

use std::collections::hash_map::DefaultHasher;
use std::ffi::OsString;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Where expansions are kept, and the fingerprint of the macro build that writes them.
pub(crate) struct Cache {
    dir: PathBuf,
    macro_build: String,
}

/// One call's entry: the file holding its expansion, and the inputs it is derived from.
pub(crate) struct Entry {
    /// The file `include!` reads; it exists when [`Cache::entry`] found it.
    pub(crate) path: PathBuf,
    /// Files of the same call site (same spec and settings) with other keys, stale once this
    /// entry is written.
    stale: Vec<PathBuf>,
    /// The newest modification time of the inputs; the written file gets it, so cargo does not
    /// see a file newer than the build that wrote it (which would rebuild the crate once more).
    inputs_modified: Option<SystemTime>,
}

impl Cache {
    /// The cache of the build this compiler runs, if the compiler was started by cargo with an
    /// output directory and the macro's library among its `--extern`s.
    pub(crate) fn of_this_build() -> Option<Cache> {
        Self::from_args(std::env::args_os())
    }

    fn from_args(args: impl Iterator<Item = OsString>) -> Option<Cache> {
        let args: Vec<String> = args.filter_map(|a| a.into_string().ok()).collect();
        let out_dir = flag_values(&args, "--out-dir").next()?;
        let dir = Path::new(out_dir).parent()?.join("apiforge-cache");
        let library = flag_values(&args, "--extern")
            .filter_map(|e| e.split_once('=').map(|(_, path)| Path::new(path)))
            .find(|path| is_this_macro(path))?;
        let meta = fs::metadata(library).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?;
        Some(Cache {
            dir,
            macro_build: format!(
                "{} {} {} {}",
                env!("CARGO_PKG_VERSION"),
                library.display(),
                meta.len(),
                modified.as_nanos()
            ),
        })
    }

    /// The entry for a spec and its overlays (path and bytes each) generated with `settings`
    /// (their `Debug` form), or `None` when an input cannot be read (generation then reports it).
    pub(crate) fn entry(&self, inputs: &[PathBuf], settings: &str) -> Option<Entry> {
        let mut call_site = DefaultHasher::new();
        (&self.macro_build, inputs, settings).hash(&mut call_site);
        let mut key = call_site.clone();
        let mut inputs_modified = None;
        for input in inputs {
            fs::read(input).ok()?.hash(&mut key);
            let modified = fs::metadata(input).and_then(|m| m.modified()).ok();
            inputs_modified = inputs_modified.max(modified);
        }
        let prefix = format!("{:016x}-", call_site.finish());
        let name = format!("{prefix}{:016x}.rs", key.finish());
        let stale = fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .filter_map(|n| n.into_string().ok())
            .filter(|n| n.starts_with(&prefix) && *n != name)
            .map(|n| self.dir.join(n))
            .collect();
        Some(Entry {
            path: self.dir.join(name),
            stale,
            inputs_modified,
        })
    }
}

impl Entry {
    /// Whether the expansion is already written.
    pub(crate) fn exists(&self) -> bool {
        self.path.is_file()
    }

    /// Writes the expansion (through a temporary file and a rename, so a compiler running
    /// beside this one never reads half a file) and removes the call site's stale entries.
    pub(crate) fn write(&self, code: &str) -> std::io::Result<()> {
        let dir = self
            .path
            .parent()
            .expect("cache entries are in a directory");
        fs::create_dir_all(dir)?;
        let partial = self
            .path
            .with_extension(format!("{}.partial", std::process::id()));
        fs::write(&partial, code)?;
        if let Some(modified) = self.inputs_modified {
            fs::File::options()
                .write(true)
                .open(&partial)?
                .set_modified(modified)?;
        }
        fs::rename(&partial, &self.path)?;
        for stale in &self.stale {
            let _ = fs::remove_file(stale);
        }
        Ok(())
    }
}

/// The values of a compiler flag, given as `--flag value` or `--flag=value`.
fn flag_values<'a>(args: &'a [String], flag: &'a str) -> impl Iterator<Item = &'a str> {
    args.iter().enumerate().filter_map(move |(i, arg)| {
        if arg == flag {
            args.get(i + 1).map(String::as_str)
        } else {
            arg.strip_prefix(flag)?.strip_prefix('=')
        }
    })
}

/// Whether `path` is a build of this macro crate (`libapiforge_macros-<hash>.so`, `.dylib`, or
/// `apiforge_macros-<hash>.dll`).
fn is_this_macro(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| {
            let name = name.strip_prefix("lib").unwrap_or(name);
            name.starts_with(concat!(env!("CARGO_CRATE_NAME"), "-"))
                || name.starts_with(concat!(env!("CARGO_CRATE_NAME"), "."))
        })
}

/// The expansion as source text for `include!`: the tokens as the compiler would print them, one
/// top-level item per line so that a diagnostic pointing into the file shows one item.
pub(crate) fn source_text(tokens: proc_macro2::TokenStream) -> String {
    use proc_macro2::{Delimiter, Spacing, TokenTree};
    let mut text = String::new();
    for token in tokens {
        let separator = match &token {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => "\n",
            TokenTree::Punct(p) if p.as_char() == ';' => "\n",
            TokenTree::Punct(p) if p.spacing() == Spacing::Joint => "",
            _ => " ",
        };
        text.push_str(&token.to_string());
        text.push_str(separator);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = OsString> {
        list.iter()
            .map(OsString::from)
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn the_cache_is_beside_the_output_directory_of_a_cargo_build() {
        let library =
            std::env::temp_dir().join(format!("libapiforge_macros-{}-test.so", std::process::id()));
        fs::write(&library, b"a library").unwrap();
        let extern_arg = format!("apiforge_macros={}", library.display());
        let cache = Cache::from_args(args(&[
            "rustc",
            "--out-dir",
            "/work/target/debug/deps",
            "--extern",
            "serde=/work/target/debug/deps/libserde-1.rlib",
            "--extern",
            &extern_arg,
        ]))
        .expect("a cache");
        assert_eq!(cache.dir, Path::new("/work/target/debug/apiforge-cache"));
        assert!(cache.macro_build.contains(&library.display().to_string()));
        fs::remove_file(&library).unwrap();
    }

    #[test]
    fn nothing_is_cached_outside_a_cargo_build() {
        assert!(Cache::from_args(args(&["rustc", "--extern", "apiforge_macros=/x.so"])).is_none());
        assert!(Cache::from_args(args(&["rustc", "--out-dir=/t/debug/deps"])).is_none());
    }

    #[test]
    fn the_key_follows_the_bytes_and_an_edit_makes_older_entries_stale() {
        let dir = std::env::temp_dir().join(format!("apiforge-cache-test-{}", std::process::id()));
        let spec = dir.join("spec.yaml");
        fs::create_dir_all(&dir).unwrap();
        fs::write(&spec, "openapi: 3.0.0").unwrap();
        let inputs = std::slice::from_ref(&spec);
        let cache = Cache {
            dir: dir.join("cache"),
            macro_build: "test".into(),
        };
        let first = cache.entry(inputs, "settings").unwrap();
        assert!(!first.exists());
        first.write("struct A;").unwrap();
        assert!(cache.entry(inputs, "settings").unwrap().exists());
        let other_settings = cache.entry(inputs, "other").unwrap();
        assert!(!other_settings.exists() && other_settings.stale.is_empty());
        fs::write(&spec, "openapi: 3.0.1").unwrap();
        let edited = cache.entry(inputs, "settings").unwrap();
        assert!(!edited.exists());
        assert_eq!(edited.stale, vec![first.path.clone()]);
        edited.write("struct B;").unwrap();
        assert!(!first.path.exists() && edited.exists());
        assert!(cache
            .entry(&[dir.join("missing.yaml")], "settings")
            .is_none());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn items_are_one_a_line_and_read_back_as_the_same_tokens() {
        let tokens: proc_macro2::TokenStream =
            "pub struct A<'a> { x: &'a u8 } impl std::fmt::Debug for A<'_> {} const _: u8 = 1;"
                .parse()
                .unwrap();
        let text = source_text(tokens.clone());
        assert_eq!(text.lines().count(), 3, "{text}");
        let read_back: proc_macro2::TokenStream = text.parse().unwrap();
        assert_eq!(read_back.to_string(), tokens.to_string());
    }
}
