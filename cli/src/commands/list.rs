//! `esafety list KIND`: the valid ids of a kind, one per line (or a JSON array), from the core.

use super::{Outcome, Status};
use std::io::Write;

/// The kinds of id `esafety list` knows.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    /// Roles in a school (`headteacher`, `dsl`, ...).
    Roles,
    /// Registry actions a role may be allowed to take.
    Actions,
    /// Image-consent publication channels.
    Channels,
    /// Incident tags: incident categories and context tags.
    Tags,
    /// Audiences (who browses or writes).
    Audiences,
    /// School presets (for --profile and policies).
    Presets,
    /// Filter, scanner and incident categories.
    Categories,
}

/// Options of `esafety list`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Exit status: 0, or 2 for an unknown kind.\n\n\
Example:\n  esafety list audiences\n  esafety list --json channels")]
pub struct ListArgs {
    /// Which ids to list.
    #[arg(value_enum, value_name = "KIND")]
    pub kind: Kind,
    /// Print a JSON array of strings.
    #[arg(long)]
    pub json: bool,
}

/// Every id of `kind`, in the core's order (categories without repeats).
pub fn ids(kind: Kind) -> Vec<String> {
    use esafety_core::{consent, incident, policy, registry, vocabulary};
    let own = |ids: &[&str]| ids.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    match kind {
        Kind::Roles => own(vocabulary::Role::IDS),
        Kind::Actions => registry::ALL_ACTIONS
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect(),
        Kind::Channels => consent::Channel::ALL
            .iter()
            .map(|c| c.base_id().to_owned())
            .collect(),
        Kind::Tags => own(&incident::Category::IDS
            .iter()
            .chain(incident::CONTEXT_TAGS)
            .copied()
            .collect::<Vec<_>>()),
        Kind::Audiences => own(vocabulary::Audience::IDS),
        Kind::Presets => own(&policy::PRESET_IDS),
        Kind::Categories => {
            let mut seen = std::collections::BTreeSet::new();
            vocabulary::categories()
                .into_iter()
                .map(|c| c.id)
                .filter(|id| seen.insert(id.clone()))
                .collect()
        }
    }
}

/// Runs `esafety list`.
pub fn run(args: &ListArgs, out: &mut dyn Write) -> Outcome {
    let ids = ids(args.kind);
    if args.json {
        writeln!(out, "{}", serde_json::Value::from(ids))?;
    } else {
        for id in ids {
            writeln!(out, "{id}")?;
        }
    }
    Ok(Status::Ok)
}
