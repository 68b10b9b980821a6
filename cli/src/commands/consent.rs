//! `esafety consent ACTION`: image consent from an exported ledger file.
//!
//! * `check --ledger FILE --pupils A,B --channel CHANNEL [--at AT] [--names-shown]`:
//!   may an image of these pupils go on the channel? Exit 0 when allowed, 1 when not.
//! * `state --ledger FILE --pupil A --channel CHANNEL [--at AT]`: one pupil's state.
//! * `takedown --ledger FILE [--at AT]`: published images that lack consent at that instant.
//! * `verify --ledger FILE`: check the hash chain; exit 1 when it fails.
//!
//! `--at` defaults to `now`. An unreadable ledger, an unknown channel or a malformed
//! instant is an input error (exit 2).

use super::{CommandError, Outcome, Status};
use crate::input::{AT_HELP, instant, read_source};
use esafety_core::consent::{ConsentLedger, TakedownAction};
use esafety_core::vocabulary::format_instant;
use std::io::Write;

const AFTER_HELP: &str = "Exit status: 0 allowed (check) or verified (verify), 1 not allowed or \
the ledger fails verification, 2 usage or input error (unreadable ledger, unknown channel, bad instant).

Example:
  esafety consent check --ledger ledger.json --pupils A,B --channel school_website --at 2026-03-01
  esafety consent takedown --ledger - --json < ledger.json";

/// Options of `esafety consent`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct ConsentArgs {
    /// What to ask of the ledger.
    #[command(subcommand)]
    pub action: Action,
    /// Print JSON.
    #[arg(long, global = true)]
    pub json: bool,
}

/// The consent actions.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// May an image of these pupils go on this channel? (exit 1 when not)
    #[command(after_help = AFTER_HELP)]
    Check(CheckArgs),
    /// One pupil's consent state on a channel, and why.
    #[command(after_help = AFTER_HELP)]
    State(StateArgs),
    /// Published images that lack consent at the instant.
    #[command(after_help = AFTER_HELP)]
    Takedown(TakedownArgs),
    /// Check the ledger's hash chain (exit 1 when it fails).
    #[command(after_help = AFTER_HELP)]
    Verify(VerifyArgs),
}

/// The exported ledger (JSON); `-` reads standard input.
#[derive(Debug, clap::Args)]
pub struct Ledger {
    /// The exported ledger (JSON); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub ledger: String,
}

/// The instant to answer for.
#[derive(Debug, clap::Args)]
pub struct At {
    /// The instant to answer for.
    #[arg(long, value_name = "AT", default_value = "now", help = AT_HELP)]
    pub at: String,
}

/// Options of `esafety consent check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    ledger: Ledger,
    /// Pupil ids, comma separated.
    #[arg(long, value_name = "A,B")]
    pupils: String,
    #[command(flatten)]
    channel: ChannelArg,
    #[command(flatten)]
    at: At,
    /// The image is published with the pupils' names.
    #[arg(long, default_value_t = esafety_core::consent::NAMES_SHOWN_BY_DEFAULT)]
    names_shown: bool,
}

/// Options of `esafety consent state`.
#[derive(Debug, clap::Args)]
pub struct StateArgs {
    #[command(flatten)]
    ledger: Ledger,
    /// The pupil id.
    #[arg(long)]
    pupil: String,
    #[command(flatten)]
    channel: ChannelArg,
    #[command(flatten)]
    at: At,
}

/// Options of `esafety consent takedown`.
#[derive(Debug, clap::Args)]
pub struct TakedownArgs {
    #[command(flatten)]
    ledger: Ledger,
    #[command(flatten)]
    at: At,
}

/// Options of `esafety consent verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    ledger: Ledger,
}

/// The publication channel.
#[derive(Debug, clap::Args)]
pub struct ChannelArg {
    /// The channel.
    #[arg(long, help = crate::values::channel_help())]
    channel: String,
}

/// Runs `esafety consent`.
pub fn run(args: &ConsentArgs, out: &mut dyn Write) -> Outcome {
    match &args.action {
        Action::Check(a) => check(a, args.json, out),
        Action::State(a) => state(a, args.json, out),
        Action::Takedown(a) => takedown(a, args.json, out),
        Action::Verify(a) => verify(a, args.json, out),
    }
}

fn load(ledger: &Ledger) -> Result<ConsentLedger, CommandError> {
    let text = read_source(&ledger.ledger)?;
    ConsentLedger::from_json(&text).map_err(|e| CommandError::input(&e))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CommandError> {
    serde_json::to_string(value).map_err(|e| CommandError::Output(std::io::Error::other(e)))
}

fn check(a: &CheckArgs, json: bool, out: &mut dyn Write) -> Outcome {
    let at = instant(&a.at.at)?;
    let ledger = load(&a.ledger)?;
    let pupils: Vec<&str> = a
        .pupils
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let decision = ledger
        .check_image(&pupils, &a.channel.channel, at, a.names_shown)
        .map_err(|e| CommandError::input(&e))?;
    if json {
        writeln!(out, "{}", to_json(&decision)?)?;
    } else {
        let verdict = if decision.allowed {
            "ALLOWED"
        } else {
            "NOT ALLOWED"
        };
        writeln!(
            out,
            "{verdict}: {} at {}",
            decision.channel,
            format_instant(at)
        )?;
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
    Ok(if decision.allowed {
        Status::Ok
    } else {
        Status::Found
    })
}

fn state(a: &StateArgs, json: bool, out: &mut dyn Write) -> Outcome {
    let at = instant(&a.at.at)?;
    let decision = load(&a.ledger)?
        .explain(&a.pupil, &a.channel.channel, at)
        .map_err(|e| CommandError::input(&e))?;
    if json {
        writeln!(out, "{}", to_json(&decision)?)?;
    } else {
        writeln!(
            out,
            "{}\n  - {} ({})",
            decision.state, decision.reason, decision.source
        )?;
    }
    Ok(Status::Ok)
}

fn takedown(a: &TakedownArgs, json: bool, out: &mut dyn Write) -> Outcome {
    let at = instant(&a.at.at)?;
    let list = load(&a.ledger)?.takedown_list(at);
    if json {
        writeln!(out, "{}", to_json(&list)?)?;
    } else if list.is_empty() {
        writeln!(out, "nothing to take down at {}", format_instant(at))?;
    } else {
        for item in &list {
            let action = match item.action {
                TakedownAction::Remove => "remove",
                TakedownAction::StopNewUses => "stop new uses",
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
    Ok(Status::Ok)
}

/// Verifies the chain: a tampered or badly signed ledger is the answer (exit 1), any
/// other failure an input error.
fn verify(a: &VerifyArgs, json: bool, out: &mut dyn Write) -> Outcome {
    let ledger = match load(&a.ledger) {
        Ok(l) => l,
        Err(CommandError::Input { code, message })
            if matches!(code, "ledger_tampered" | "ledger_signature_invalid") =>
        {
            if json {
                let v = serde_json::json!({"error": {"code": code, "message": message}});
                writeln!(out, "{v}")?;
            } else {
                writeln!(out, "ledger NOT verified: error[{code}]: {message}")?;
            }
            return Ok(Status::Found);
        }
        Err(e) => return Err(e),
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
    Ok(Status::Ok)
}
