//! `esafety consent ACTION`: image consent from an exported ledger file.
//!
//! * `check --ledger FILE --pupils A,B --channel CHANNEL --at INSTANT [--names-shown]`:
//!   may an image of these pupils go on the channel? Exit 0 when allowed, 1 when not.
//! * `state --ledger FILE --pupil A --channel CHANNEL --at INSTANT`: one pupil's state.
//! * `takedown --ledger FILE --at INSTANT`: published images that lack consent now.
//! * `verify --ledger FILE`: check the hash chain; prints the entry count and head hash.
//!
//! Every action takes `--json`. A ledger that fails verification, an unknown channel or a
//! malformed instant prints `error[code]` and exits 1.

use super::{Command, CommandError, Status};
use crate::args::Args;
use esafety_core::ErrorCode;
use esafety_core::consent::{ConsentLedger, parse_instant};
use std::io::Write;
use std::path::Path;

pub const COMMAND: Command = Command {
    name: "consent",
    usage: "consent check|state|takedown|verify --ledger FILE [...]",
    summary: "image consent: may these pupils appear on this channel at this instant?",
    run,
};

/// A failure to report: a stable code and a message.
struct Failure {
    code: &'static str,
    message: String,
}

impl<E: ErrorCode> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

fn run(argv: &[String], out: &mut dyn Write) -> Result<Status, CommandError> {
    let args = Args::parse(argv, &["ledger", "pupils", "pupil", "channel", "at"])
        .map_err(CommandError::Usage)?;
    let Some((action, rest)) = args.positional.split_first() else {
        return Err(CommandError::Usage(
            "give an action: check, state, takedown or verify".to_owned(),
        ));
    };
    if !rest.is_empty() {
        return Err(CommandError::Usage(format!(
            "unexpected argument `{}`",
            rest.join(" ")
        )));
    }
    let json = args.flag("json");
    let need = |name: &str| {
        args.value(name)
            .ok_or_else(|| CommandError::Usage(format!("`{action}` needs --{name}")))
    };
    let outcome = match action.as_str() {
        "check" => {
            args.only(&["ledger", "pupils", "channel", "at", "names-shown", "json"])
                .map_err(CommandError::Usage)?;
            let (ledger, pupils, channel, at) = (
                need("ledger")?,
                need("pupils")?,
                need("channel")?,
                need("at")?,
            );
            check(
                ledger,
                pupils,
                channel,
                at,
                args.flag("names-shown"),
                json,
                out,
            )?
        }
        "state" => {
            args.only(&["ledger", "pupil", "channel", "at", "json"])
                .map_err(CommandError::Usage)?;
            state(
                need("ledger")?,
                need("pupil")?,
                need("channel")?,
                need("at")?,
                json,
                out,
            )?
        }
        "takedown" => {
            args.only(&["ledger", "at", "json"])
                .map_err(CommandError::Usage)?;
            takedown(need("ledger")?, need("at")?, json, out)?
        }
        "verify" => {
            args.only(&["ledger", "json"])
                .map_err(CommandError::Usage)?;
            verify(need("ledger")?, json, out)?
        }
        other => {
            return Err(CommandError::Usage(format!(
                "unknown action `{other}`: expected check, state, takedown or verify"
            )));
        }
    };
    match outcome {
        Ok(status) => Ok(status),
        Err(failure) => {
            if json {
                let error = serde_json::json!({"error": {"code": failure.code, "message": failure.message}});
                writeln!(out, "{error}")?;
            } else {
                writeln!(out, "error[{}]: {}", failure.code, failure.message)?;
            }
            Ok(Status::Rejected)
        }
    }
}

fn load(path: &str) -> Result<ConsentLedger, Failure> {
    let text = esafety_io::read_text(Path::new(path))?;
    Ok(ConsentLedger::from_json(&text)?)
}

type Outcome = Result<Result<Status, Failure>, CommandError>;

fn check(
    ledger: &str,
    pupils: &str,
    channel: &str,
    at: &str,
    names_shown: bool,
    json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let result = (|| -> Result<_, Failure> {
        let ledger = load(ledger)?;
        let pupils: Vec<&str> = pupils
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        Ok(ledger.check_image(&pupils, channel, parse_instant(at)?, names_shown)?)
    })();
    let decision = match result {
        Ok(d) => d,
        Err(f) => return Ok(Err(f)),
    };
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string(&decision).unwrap_or_default()
        )?;
    } else {
        let verdict = if decision.allowed {
            "ALLOWED"
        } else {
            "NOT ALLOWED"
        };
        writeln!(out, "{verdict}: {} at {at}", decision.channel)?;
        if !decision.blocked_by.is_empty() {
            writeln!(out, "blocked by: {}", decision.blocked_by.join(", "))?;
        }
        for reason in &decision.reasons {
            writeln!(out, "  - {reason}")?;
        }
        for obligation in &decision.obligations {
            writeln!(out, "obligation: {obligation}")?;
        }
    }
    Ok(Ok(if decision.allowed {
        Status::Ok
    } else {
        Status::Rejected
    }))
}

fn state(
    ledger: &str,
    pupil: &str,
    channel: &str,
    at: &str,
    json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let result = (|| -> Result<_, Failure> {
        Ok(load(ledger)?.explain(pupil, channel, parse_instant(at)?)?)
    })();
    let decision = match result {
        Ok(d) => d,
        Err(f) => return Ok(Err(f)),
    };
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string(&decision).unwrap_or_default()
        )?;
    } else {
        writeln!(
            out,
            "{}\n  - {} ({})",
            decision.state, decision.reason, decision.source
        )?;
    }
    Ok(Ok(Status::Ok))
}

fn takedown(ledger: &str, at: &str, json: bool, out: &mut dyn Write) -> Outcome {
    let result =
        (|| -> Result<_, Failure> { Ok(load(ledger)?.takedown_list(parse_instant(at)?)) })();
    let list = match result {
        Ok(l) => l,
        Err(f) => return Ok(Err(f)),
    };
    if json {
        writeln!(out, "{}", serde_json::to_string(&list).unwrap_or_default())?;
    } else if list.is_empty() {
        writeln!(out, "nothing to take down at {at}")?;
    } else {
        for item in &list {
            let action = match item.action {
                esafety_core::consent::TakedownAction::Remove => "remove",
                esafety_core::consent::TakedownAction::StopNewUses => "stop new uses",
            };
            writeln!(
                out,
                "{} ({}): {action}; blocked by {}",
                item.image_id,
                item.channel,
                item.blocked_by.join(", ")
            )?;
        }
    }
    Ok(Ok(Status::Ok))
}

fn verify(ledger: &str, json: bool, out: &mut dyn Write) -> Outcome {
    let ledger = match load(ledger) {
        Ok(l) => l,
        Err(f) => return Ok(Err(f)),
    };
    let entries = ledger.entries().len();
    if json {
        let v = serde_json::json!({"ok": {"entries": entries, "head_hash": ledger.head_hash()}});
        writeln!(out, "{v}")?;
    } else {
        writeln!(
            out,
            "ledger verified: {entries} entries, head {}",
            ledger.head_hash()
        )?;
    }
    Ok(Ok(Status::Ok))
}
