//! The command line: every command, its options and its help, declared with clap.

use crate::commands::{
    aup_diff, consent, demo, incident, list, log, procedures, scan, url, url_parse, whatif,
};
use clap::{Parser, Subcommand};

/// The exit scheme, shown in every help text.
pub const EXIT_STATUS: &str = "Exit status (the same with and without --json):
  0  ok
  1  something was found, denied or blocked, or an input in a list was rejected
  2  usage or input error (bad option, unreadable or invalid file, unknown id)
Results go to standard output; diagnostics and errors to standard error (with --json, as
{\"error\": {\"code\", \"message\"}}, and each rejected list line or skipped list file as a
{\"warning\": ...} or {\"note\": ...} line), so standard output stays valid JSON.";

/// esafety: a school's online-safety policy as code.
#[derive(Debug, Parser)]
#[command(
    name = "esafety",
    bin_name = "esafety",
    version = esafety_core::wire::LIBRARY_VERSION,
    about = "esafety: a school's online-safety policy as code",
    after_help = EXIT_STATUS,
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

/// Every command.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Show every capability on the embedded defaults.
    Demo(demo::DemoArgs),
    /// Canonicalise web addresses (scheme, host, port, path, query).
    UrlParse(url_parse::UrlParseArgs),
    /// Decide web addresses for an audience (allow, block, safe_search) and say why.
    Url(url::UrlArgs),
    /// Classify a proxy access log: summary by category and audience, blocked and alerting lines, or every decision as CSV/JSON lines.
    Log(log::LogArgs),
    /// Replay an access log through two policies: every decision that would change.
    Whatif(whatif::WhatifArgs),
    /// Find monitored terms (sees through leetspeak, spacing, look-alikes).
    Scan(scan::ScanArgs),
    /// Image consent: may these pupils appear on this channel at this instant?
    Consent(consent::ConsentArgs),
    /// What to do, and never do, about an incident.
    Incident(incident::IncidentArgs),
    /// Each category's procedure as a numbered checklist with sources.
    Procedures(procedures::ProceduresArgs),
    /// Compare two AUP versions clause by clause (one clause per line).
    AupDiff(aup_diff::AupDiffArgs),
    /// List valid ids: roles, actions, channels, tags, audiences, presets, categories.
    List(list::ListArgs),
    /// Print the version.
    #[command(hide = true)]
    Version,
}

impl Cmd {
    /// The command's name, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Cmd::Demo(_) => "demo",
            Cmd::UrlParse(_) => "url-parse",
            Cmd::Url(_) => "url",
            Cmd::Log(_) => "log",
            Cmd::Whatif(_) => "whatif",
            Cmd::Scan(_) => "scan",
            Cmd::Consent(_) => "consent",
            Cmd::Incident(_) => "incident",
            Cmd::Procedures(_) => "procedures",
            Cmd::AupDiff(_) => "aup-diff",
            Cmd::List(_) => "list",
            Cmd::Version => "version",
        }
    }

    /// Whether the command was asked for JSON (errors are then JSON too).
    pub fn json(&self) -> bool {
        match self {
            Cmd::Demo(_) | Cmd::Version => false,
            Cmd::UrlParse(a) => a.json,
            Cmd::Url(a) => a.json,
            Cmd::Log(a) => a.json,
            Cmd::Whatif(a) => a.json,
            Cmd::Scan(a) => a.json,
            Cmd::Consent(a) => a.json,
            Cmd::Incident(a) => a.json,
            Cmd::Procedures(a) => a.json,
            Cmd::AupDiff(a) => a.json,
            Cmd::List(a) => a.json,
        }
    }
}
