//! `esafety aup-diff OLD NEW`: what changed between two versions of an Acceptable Use Policy.
//!
//! Each file is read as one clause per line (list markers such as `1.` or `-` removed, blank
//! lines skipped). The output lists clauses changed, added and removed, with their numbers,
//! and the content hash of each version, so a school can decide whether the change is
//! material (everyone re-signs) or minor (signatures still count).

use super::{CommandError, Outcome, Status};
use esafety_core::registry::aup::diff_texts;
use esafety_core::registry::{ALL_AUDIENCES, Audience, AupDiff};
use std::io::Write;

/// Options of `esafety aup-diff`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status (as diff): 0 no clause changed, 1 clauses changed, were \
added or removed, 2 usage or input error.\n\n\
Example:\n  esafety aup-diff --audience staff staff-aup-2024.txt staff-aup-2025.txt\n  \
esafety aup-diff --json old.txt - < new.txt"
)]
pub struct AupDiffArgs {
    /// The older version, one clause per line; `-` reads standard input.
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The newer version, one clause per line; `-` reads standard input.
    #[arg(value_name = "NEW")]
    pub new: String,
    /// Whose AUP it is.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(ALL_AUDIENCES.iter().map(|a| a.as_str())), default_value = Audience::Staff.as_str())]
    pub audience: String,
    /// Print the diff as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `esafety aup-diff`.
pub fn run(args: &AupDiffArgs, out: &mut dyn Write) -> Outcome {
    let audience: Audience = args.audience.parse().map_err(|e| CommandError::input(&e))?;
    let text_old = crate::input::read_source(&args.old)?;
    let text_new = crate::input::read_source(&args.new)?;
    let diff = diff_texts(audience, (&args.old, &text_old), (&args.new, &text_new));
    if args.json {
        let json = serde_json::to_string(&diff).map_err(std::io::Error::other)?;
        writeln!(out, "{json}")?;
    } else {
        print_diff(&diff, out)?;
    }
    let same = diff.changed.is_empty() && diff.added.is_empty() && diff.removed.is_empty();
    Ok(if same { Status::Ok } else { Status::Found })
}

/// Prints a diff as plain text (also used by `esafety demo`).
pub fn print_diff(diff: &AupDiff, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} AUP: {} -> {}",
        diff.audience, diff.version_a, diff.version_b
    )?;
    writeln!(out, "  {}  {}", diff.hash_a, diff.version_a)?;
    writeln!(out, "  {}  {}", diff.hash_b, diff.version_b)?;
    for c in &diff.changed {
        writeln!(
            out,
            "  changed {:>3} -> {:<3} - {}",
            c.number_a, c.number_b, c.before
        )?;
        writeln!(out, "                    + {}", c.after)?;
    }
    for c in &diff.added {
        writeln!(out, "  added          {:<3} + {}", c.number, c.text)?;
    }
    for c in &diff.removed {
        writeln!(out, "  removed {:>3}        - {}", c.number, c.text)?;
    }
    writeln!(
        out,
        "  {} changed, {} added, {} removed, {} unchanged",
        diff.changed.len(),
        diff.added.len(),
        diff.removed.len(),
        diff.unchanged
    )
}

/// Seed 001's staff AUP clauses 9 and 11, and a revision of them, for `esafety demo`.
const DEMO_OLD: &str = "9. I will not install any hardware or software without the prior permission of the SLT.\n\
11. I will ensure that images of pupils will be taken, stored and used for professional purposes with written consent.\n\
16. I understand that network activities and online communications may be monitored.\n";
const DEMO_NEW: &str = "9. I will not install any hardware, software or AI tool without the prior permission of the SLT.\n\
11. I will ensure that images of pupils will be taken, stored and used for professional purposes with written consent.\n\
16. I understand that network activities and online communications may be monitored.\n\
19. I will never contact a pupil through a personal account.\n";

/// The registry section of `esafety demo`: an AUP diff, sign-before-access and two
/// permission decisions that differ between seed schools.
pub fn demo(out: &mut dyn Write) -> Result<(), CommandError> {
    use esafety_core::registry::{DecisionContext, Registry, SignatureDetails, parse_instant};
    let fail = |e: esafety_core::registry::RegistryError| {
        CommandError::Output(std::io::Error::other(e.to_string()))
    };
    writeln!(
        out,
        "\n== Acceptable Use Policies (seed 001 staff AUP, revised) =="
    )?;
    print_diff(
        &diff_texts(Audience::Staff, ("2024", DEMO_OLD), ("2025", DEMO_NEW)),
        out,
    )?;
    writeln!(out, "\n== Sign before access: a technician at seed 000 ==")?;
    let mut reg = Registry::with_preset("seed_000").map_err(fail)?;
    let since = esafety_core::registry::parse_date("2025-09-01").map_err(fail)?;
    let at = parse_instant("2025-10-01T10:00:00Z").map_err(fail)?;
    reg.assign("tech", "it_provider", since, None, None)
        .map_err(fail)?;
    reg.assign("teacher", "all_staff", since, None, None)
        .map_err(fail)?;
    reg.publish_aup("staff", "2025", since, true, &[])
        .map_err(fail)?;
    reg.publish_aup("technician", "2025", since, true, &[])
        .map_err(fail)?;
    reg.sign("tech", "staff", "2025", at, SignatureDetails::default())
        .map_err(fail)?;
    let access = reg.may_access_systems("tech", at);
    writeln!(
        out,
        "  tech may access systems: {} (missing: {}) [{}]",
        access.allowed,
        access.missing.join(", "),
        access.source
    )?;
    writeln!(
        out,
        "\n== Photos on a personal device: seed 000 vs seed 001 =="
    )?;
    // The teacher says the photo is necessary; only seed 000 also needs SLT permission.
    let necessary = DecisionContext::from_pairs([("necessary", true.into())]).map_err(fail)?;
    for preset in ["seed_000", "seed_001"] {
        let mut school = Registry::with_preset(preset).map_err(fail)?;
        school
            .assign("teacher", "all_staff", since, None, None)
            .map_err(fail)?;
        let d = school
            .decide("teacher", "photograph_on_personal_device", at, &necessary)
            .map_err(fail)?;
        writeln!(
            out,
            "  {preset}: {} {}- {} [{}]",
            d.outcome.as_str(),
            d.approver_role
                .map(|r| format!("(by {r}) "))
                .unwrap_or_default(),
            d.reason,
            d.source
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{run, temp_file};
    use super::*;
    use std::process::ExitCode;

    #[test]
    fn diffs_two_files() {
        let old = temp_file(
            "old.txt",
            "1. I will keep my password private.\n2. I will report misuse.\n",
        );
        let new = temp_file(
            "new.txt",
            "1. I will keep my password private.\n2. I will report any misuse at once.\n3. I will use AI tools only as allowed.\n",
        );
        let (code, out, _) = run(&["aup-diff", &old, &new]);
        assert_eq!(code, ExitCode::from(1));
        assert!(out.contains("- I will report misuse."), "{out}");
        assert!(
            out.contains("+ I will use AI tools only as allowed."),
            "{out}"
        );
        assert!(
            out.contains("1 changed, 1 added, 0 removed, 1 unchanged"),
            "{out}"
        );
        let (_, json, _) = run(&["aup-diff", "--json", "--audience", "governor", &old, &new]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["audience"], "governor");
        assert_eq!(v["unchanged"], 1);
        let (code, _, _) = run(&["aup-diff", &old, &old]);
        assert_eq!(code, ExitCode::SUCCESS);
    }

    #[test]
    fn demo_section_shows_diff_access_and_decisions() {
        let mut out = Vec::new();
        assert!(demo(&mut out).is_ok());
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("1 changed, 1 added, 0 removed, 2 unchanged"),
            "{out}"
        );
        assert!(out.contains("missing: technician"), "{out}");
        assert!(
            out.contains("seed_000: needs_approval (by headteacher)"),
            "{out}"
        );
        assert!(out.contains("seed_001: allowed"), "{out}");
    }

    #[test]
    fn bad_input_is_a_usage_or_input_error() {
        let f = temp_file("one.txt", "a\n");
        let (code, _, err) = run(&["aup-diff", &f]);
        assert_eq!(code, ExitCode::from(2), "{err}");
        let (code, out, err) = run(&["aup-diff", "--audience", "janitors", &f, &f]);
        assert_eq!(code, ExitCode::from(2));
        assert!(out.is_empty());
        assert!(
            err.contains("janitors") && err.contains("governor"),
            "{err}"
        );
        let (code, out, err) = run(&["aup-diff", "--json", &f, "/nonexistent/esafety.txt"]);
        assert_eq!(code, ExitCode::from(2));
        assert!(out.is_empty());
        let v: serde_json::Value = serde_json::from_str(&err).unwrap();
        assert_eq!(v["error"]["code"], "file_unreadable");
    }
}
