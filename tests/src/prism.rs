//! The Prism mock server (pinned in `tests/prism`), started on a free local port and stopped on drop.
//!
//! Prism runs as a single `node` process (`--multiprocess=false`, so it forks nothing). Dropping
//! [`Prism`] kills and reaps it, also while a failing test unwinds; should the test process die
//! without unwinding, Prism exits by itself when its stdin (a pipe from this process) closes.

use std::collections::VecDeque;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::shared::repo_root;

/// How long Prism may take to load a spec and listen (it usually needs about 2 s).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// How many times a port that was taken between choosing and binding it is replaced.
const PORT_ATTEMPTS: usize = 3;
/// How many of Prism's last output lines are kept for error messages.
const LOG_LINES: usize = 200;
/// Runs Prism's CLI (`argv[1]`) and exits when stdin closes, i.e. when the test process is gone.
const LAUNCHER: &str =
    "process.stdin.on('end', () => process.exit(0)).resume(); require(process.argv[1]);";
/// No made-up extra properties in generated bodies: json-schema-faker names them after lorem words
/// plus a random suffix, which can hit a declared property (`non` + `ce` is `nonce`) and replace
/// its value with one of the wrong type, so Prism would now and then answer against its own spec.
const FILL_PROPERTIES: &str = "--json-schema-faker-fillProperties=false";
/// What Prism prints once it accepts requests.
const READY_LINE: &str = "Prism is listening on";

/// Why Prism could not be started.
#[derive(Debug)]
pub enum StartError {
    /// Prism is not in `tests/prism/node_modules` and `npm ci` could not install it.
    NotInstalled(PathBuf, String),
    /// No free local port could be found.
    NoPort(std::io::Error),
    /// `node` could not be run.
    Spawn(std::io::Error),
    /// Prism exited before listening.
    Exited(String),
    /// Prism did not listen within the startup timeout.
    Timeout(String),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::NotInstalled(cli, why) => write!(
                f,
                "Prism is not installed ({} is missing) and `npm ci --prefix tests/prism` failed: {why}",
                cli.display()
            ),
            StartError::NoPort(e) => write!(f, "no free port on 127.0.0.1 for Prism: {e}"),
            StartError::Spawn(e) => write!(f, "could not run `node` to start Prism (is Node.js installed?): {e}"),
            StartError::Exited(log) => write!(f, "Prism exited before listening; its output:\n{log}"),
            StartError::Timeout(log) => write!(
                f,
                "Prism did not listen within {} s; its output:\n{log}",
                STARTUP_TIMEOUT.as_secs()
            ),
        }
    }
}

impl std::error::Error for StartError {}

/// Prism's CLI script, installed from `tests/prism/package-lock.json` with `npm ci` on first use
/// (so a fresh checkout's `cargo test` needs nothing but Node.js and npm).
fn installed_cli() -> Result<PathBuf, StartError> {
    static INSTALL: Mutex<()> = Mutex::new(());
    let dir = repo_root().join("tests/prism");
    let cli = dir.join("node_modules/@stoplight/prism-cli/dist/index.js");
    let _one_at_a_time = INSTALL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if cli.exists() {
        return Ok(cli);
    }
    let output = Command::new("npm")
        .args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(&dir)
        .stdin(Stdio::null())
        .output();
    match output {
        Ok(out) if out.status.success() && cli.exists() => Ok(cli),
        Ok(out) => Err(StartError::NotInstalled(
            cli,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )),
        Err(e) => Err(StartError::NotInstalled(
            cli,
            format!("could not run npm: {e}"),
        )),
    }
}

/// A running Prism mock server in dynamic mode; killed when dropped.
pub struct Prism {
    child: Child,
    // Held only to be closed with `self`: its end of the pipe tells the launcher to exit.
    _stdin: ChildStdin,
    url: String,
    log: Log,
}

impl Prism {
    /// Starts `prism mock -d spec` on a free port of 127.0.0.1 and waits until it listens.
    pub fn start(spec: &Path) -> Result<Self, StartError> {
        let cli = installed_cli()?;
        let mut attempt = 1;
        loop {
            match Self::start_on(&cli, spec, free_port()?) {
                Err(StartError::Exited(log))
                    if log.contains("EADDRINUSE") && attempt < PORT_ATTEMPTS =>
                {
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The process id of Prism's `node` process.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn start_on(cli: &Path, spec: &Path, port: u16) -> Result<Self, StartError> {
        let mut child = Command::new("node")
            .args(["-e", LAUNCHER])
            .arg(cli)
            .args([
                "mock",
                "--multiprocess=false",
                "--dynamic",
                FILL_PROPERTIES,
                "-h",
                "127.0.0.1",
            ])
            .args(["-p", &port.to_string()])
            .arg(spec)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(StartError::Spawn)?;
        let log = Log::default();
        let (ready_tx, ready) = mpsc::channel();
        let taken = (child.stdout.take(), child.stderr.take(), child.stdin.take());
        let (Some(stdout), Some(stderr), Some(stdin)) = taken else {
            unreachable!("all three streams were piped");
        };
        log.follow(stdout, Some(ready_tx));
        let stderr = log.follow(stderr, None);
        let mut prism = Prism {
            child,
            _stdin: stdin,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        match ready.recv_timeout(STARTUP_TIMEOUT) {
            Ok(()) => Ok(prism),
            Err(RecvTimeoutError::Disconnected) => {
                // Stdout closed: Prism exited. Reap it and read the rest of its stderr.
                let _ = prism.child.wait();
                let _ = stderr.join();
                Err(StartError::Exited(prism.log.text()))
            }
            Err(RecvTimeoutError::Timeout) => Err(StartError::Timeout(prism.log.text())),
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Fails only if it already exited; either way `wait` reaps it.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port that was free a moment ago (Prism may still lose it to another process: then we retry).
fn free_port() -> Result<u16, StartError> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(StartError::NoPort)
}

/// The tail of Prism's stdout and stderr, shared with the threads that read them.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<VecDeque<String>>>);

impl Log {
    /// Reads `stream` line by line on a thread; signals `ready` once Prism says it listens.
    fn follow(
        &self,
        stream: impl Read + Send + 'static,
        ready: Option<mpsc::Sender<()>>,
    ) -> JoinHandle<()> {
        let log = self.clone();
        thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if line.contains(READY_LINE) {
                    if let Some(ready) = &ready {
                        let _ = ready.send(());
                    }
                }
                log.push(line);
            }
        })
    }

    fn push(&self, line: String) {
        let mut lines = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if lines.len() == LOG_LINES {
            lines.pop_front();
        }
        lines.push_back(line);
    }

    fn text(&self) -> String {
        let lines = self.0.lock().unwrap_or_else(|e| e.into_inner());
        lines
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    }
}
