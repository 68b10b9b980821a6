//! What loading a filter's lists left out, on standard error: every rejected line (list,
//! line number, code and text), every name refused on a line whose other names were read
//! (a hosts or dnsmasq line naming several hosts), every list warning (a UT1 folder no audience blocks) and
//! every skipped file (and why), so a run with part of a
//! list never passes for a run with all of it. A rejected line or name makes the exit status 1.
//! Under `--json` each is one JSON object per line (`{"warning": ...}`, `{"note": ...}`),
//! so standard output stays the command's one JSON document.

use crate::text::printable;
use esafety_core::filter::{LoadReport, RejectedLine};
use std::collections::HashSet;
use std::io::Write;

/// The problems of every filter a command loaded, each written once.
pub struct ListProblems<'a> {
    command: &'a str,
    json: bool,
    seen: HashSet<String>,
    /// Rejected lines written.
    pub rejected: u64,
    /// Names refused on otherwise accepted lines, written.
    pub rejected_names: u64,
}

impl<'a> ListProblems<'a> {
    /// Problems of `command` (its name for messages), as JSON lines when `json`.
    pub fn new(command: &'a str, json: bool) -> ListProblems<'a> {
        ListProblems {
            command,
            json,
            seen: HashSet::new(),
            rejected: 0,
            rejected_names: 0,
        }
    }

    /// Writes the rejected lines and skipped files of `report`, loaded for `source` (the
    /// option that named the lists: `--ut1 DIR`, `--new spec.json`), skipping any already
    /// written for another filter (both policies of `whatif` load the same `--ut1`).
    ///
    /// # Errors
    ///
    /// When standard error cannot be written.
    pub fn write(
        &mut self,
        source: &str,
        report: &LoadReport,
        err: &mut dyn Write,
    ) -> std::io::Result<()> {
        let command = self.command;
        for file in &report.files {
            for r in &file.rejected {
                if self.seen.insert(format!(
                    "r\0{}\0{}\0{}\0{}",
                    file.file, r.line, r.code, r.text
                )) {
                    self.rejected += 1;
                    let message =
                        format!("{}:{} rejected ({source}): `{}`", file.file, r.line, r.text);
                    self.warn_line(err, source, &file.file, r, &message)?;
                }
            }
        }
        for file in &report.files {
            for r in &file.rejected_names {
                if self.seen.insert(format!(
                    "n\0{}\0{}\0{}\0{}",
                    file.file, r.line, r.code, r.text
                )) {
                    self.rejected_names += 1;
                    let message = format!(
                        "{}:{} name rejected ({source}), the line's other names read: `{}`",
                        file.file, r.line, r.text
                    );
                    self.warn_line(err, source, &file.file, r, &message)?;
                }
            }
        }
        for file in &report.files {
            for w in &file.warnings {
                let key = format!("w\0{}\0{}", file.file, w.code);
                if !self.seen.insert(key) {
                    continue;
                }
                let message = format!("{} ({source}): {}", file.file, w.message);
                if self.json {
                    let warning = serde_json::json!({"warning": {
                        "code": w.code, "message": message, "source": source, "file": file.file,
                    }});
                    writeln!(err, "{warning}")?;
                } else {
                    writeln!(
                        err,
                        "esafety {command}: warning[{}]: {}",
                        w.code,
                        printable(&message)
                    )?;
                }
            }
        }
        for skipped in &report.skipped_files {
            let key = format!("s\0{}\0{}", skipped.path, skipped.reason);
            if !self.seen.insert(key) {
                continue;
            }
            let message = format!("`{}` skipped ({source}): {}", skipped.path, skipped.reason);
            if self.json {
                let note = serde_json::json!({"note": {
                    "code": "list_file_skipped", "message": message, "source": source,
                    "path": skipped.path, "reason": skipped.reason,
                }});
                writeln!(err, "{note}")?;
            } else {
                writeln!(err, "esafety {command}: note: {}", printable(&message))?;
            }
        }
        Ok(())
    }

    /// After the last [`ListProblems::write`]: the count of rejected lines and of rejected
    /// names, when any (in text only; JSON lines are counted by their reader).
    ///
    /// # Errors
    ///
    /// When standard error cannot be written.
    pub fn finish(&self, err: &mut dyn Write) -> std::io::Result<()> {
        if self.rejected > 0 && !self.json {
            let lines = if self.rejected == 1 { "line" } else { "lines" };
            writeln!(
                err,
                "esafety {}: {} list {lines} rejected: not rules, so what they name is not checked (exit status 1)",
                self.command, self.rejected
            )?;
        }
        if self.rejected_names > 0 && !self.json {
            let names = if self.rejected_names == 1 {
                "name"
            } else {
                "names"
            };
            writeln!(
                err,
                "esafety {}: {} list {names} rejected on lines otherwise read: not rules, so what they name is not checked (exit status 1)",
                self.command, self.rejected_names
            )?;
        }
        Ok(())
    }

    /// Writes one warning about line `r` of `file` (a rejected line or a refused name).
    fn warn_line(
        &self,
        err: &mut dyn Write,
        source: &str,
        file: &str,
        r: &RejectedLine,
        message: &str,
    ) -> std::io::Result<()> {
        if self.json {
            let warning = serde_json::json!({"warning": {
                "code": r.code, "message": message, "source": source,
                "file": file, "line": r.line, "text": r.text,
            }});
            writeln!(err, "{warning}")
        } else {
            writeln!(
                err,
                "esafety {}: warning[{}]: {}",
                self.command,
                r.code,
                printable(message)
            )
        }
    }

    /// Whether a list line or name was rejected (the exit status is then 1).
    pub fn any_rejected(&self) -> bool {
        self.rejected > 0 || self.rejected_names > 0
    }
}
