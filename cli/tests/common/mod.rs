//! Runs the built `esafety` binary as a user would.

#![allow(dead_code, reason = "each test file uses part of the helpers")]
#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is a failed test"
)]

use std::io::Write;
use std::process::{Command, Stdio};

/// What one run gave: exit code, standard output, standard error.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub out: String,
    /// Standard error.
    pub err: String,
}

/// Runs `esafety ARGS` with `stdin` on standard input.
pub fn esafety(args: &[&str], stdin: impl AsRef<[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_esafety"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let text = stdin.as_ref().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&text);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&output.stdout).into_owned(),
        err: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Writes `bytes` to a file in a per-process temporary directory and returns its path.
pub fn temp_file(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("esafety-cli-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// A squid native-format log: a blocked request, a search and a staff request.
pub const SQUID_LOG: &str = "1764064800.000 1 10.0.1.5 TCP_MISS/200 1 GET http://www.bet365.com/ - - -\n\
1764064801.000 1 10.0.1.5 TCP_MISS/200 1 GET https://www.bing.com/search?q=owls - - -\n";

/// An exported consent ledger: pupil A consented to the school website in 2025.
pub fn ledger() -> String {
    use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    let mut ledger = ConsentLedger::new();
    let at = parse_instant("2025-09-05T09:00:00Z").unwrap();
    ledger
        .record(
            "A",
            "mum",
            "school_website",
            "given",
            at,
            RecordOptions::default(),
        )
        .unwrap();
    ledger.to_json()
}
