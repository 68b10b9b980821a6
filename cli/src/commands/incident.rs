//! `esafety incident FILE.json [--profile PRESET|FILE] [--json|--markdown|--html]`: the escalation plan for
//! an incident, for a person (the forbidden actions first, in a banner, then numbered
//! steps with who and by when) or as JSON.

use super::{CommandError, Outcome, Status};
use esafety_core::ErrorCode;
use esafety_core::incident::{Incident, SchoolProfile, escalate};
use esafety_core::policy::{PRESET_IDS, SchoolPolicy};
use std::io::Write;

/// Options of `esafety incident`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 a plan was printed, 2 usage or input error (unreadable or \
invalid incident or profile).\n\n\
Example:\n  esafety incident --profile whitwell incident.json\n  \
echo '{\"tags\": [\"nudes_u18\"]}' | esafety incident --json -"
)]
pub struct IncidentArgs {
    /// The incident (JSON); `-` reads standard input.
    #[arg(value_name = "FILE.json")]
    pub file: String,
    /// A school profile: a preset id, a school policy document or a profile file (TOML or JSON) [default: the national profile].
    #[arg(long, value_name = "PRESET|FILE", help = profile_help())]
    pub profile: Option<String>,
    /// Print the plan as JSON.
    #[arg(long, conflicts_with_all = ["markdown", "html"])]
    pub json: bool,
    /// Print the plan as a Markdown record.
    #[arg(long, conflicts_with = "html")]
    pub markdown: bool,
    /// Print the plan as an HTML record.
    #[arg(long)]
    pub html: bool,
}

/// The help of a school-profile option: the presets, or a file.
pub fn profile_help() -> String {
    format!(
        "A school profile: a preset ({}), a school policy document or a profile file (TOML or JSON); default: the national profile",
        crate::values::presets()
    )
}

/// Runs `esafety incident`.
pub fn run(args: &IncidentArgs, out: &mut dyn Write) -> Outcome {
    let text = crate::input::read_source(&args.file)?;
    let profile = load_profile(args.profile.as_deref())?;
    let incident = Incident::from_json_str(&text).map_err(|e| CommandError::Input {
        code: e.code(),
        message: format!("{}: {e}", args.file),
    })?;
    let plan = escalate(&incident, &profile);
    if args.json {
        writeln!(out, "{}", plan.to_json_value())?;
    } else if args.markdown {
        write!(out, "{}", plan.to_markdown())?;
    } else if args.html {
        write!(out, "{}", plan.to_html())?;
    } else {
        write!(out, "{}", plan.to_text())?;
    }
    Ok(Status::Ok)
}

/// A preset id, a school policy document (its `[incidents]`) or a profile file (TOML or
/// JSON); the national defaults when absent. A
/// name that is neither names the presets and the nearest one.
///
/// # Errors
///
/// An input error: the core's, or `profile_not_found` for neither a preset nor a file.
pub fn load_profile(arg: Option<&str>) -> Result<SchoolProfile, CommandError> {
    let Some(arg) = arg else {
        return Ok(SchoolProfile::national());
    };
    let as_preset = arg.replace('-', "_").to_ascii_lowercase();
    if PRESET_IDS.contains(&as_preset.as_str()) {
        return SchoolProfile::preset(arg).map_err(|e| CommandError::input(&e));
    }
    let is_file = arg == "-" || std::path::Path::new(arg).exists();
    if !is_file {
        return Err(CommandError::Input {
            code: "profile_not_found",
            message: format!(
                "`{arg}` is neither a preset nor a readable file{}",
                esafety_core::vocabulary::unknown_hint(arg, PRESET_IDS)
            ),
        });
    }
    let text = crate::input::read_source(arg)?;
    // A school's policy document (`schema_version`, docs/policy.md) holds its incident
    // profile in `[incidents]`; a profile file of its own says `schemaVersion`.
    let policy_document = text.contains("\"schema_version\"")
        || text
            .lines()
            .any(|l| l.trim_start().starts_with("schema_version"));
    if policy_document {
        let json = text.trim_start().starts_with('{');
        let policy = match json {
            true => SchoolPolicy::from_json(&text),
            false => SchoolPolicy::from_toml(&text),
        };
        return policy
            .map(|p| p.incident_profile().clone())
            .map_err(|e| CommandError::input(&e));
    }
    SchoolProfile::from_text(arg, &text).map_err(|e| CommandError::input(&e))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{run, temp_file as write};
    use std::process::ExitCode;

    #[test]
    fn prints_forbidden_first_then_numbered_steps() {
        let file = write(
            "a.json",
            r#"{"subjects": [{"role": "pupil", "age": 14}], "alleged": "pupil", "facts": {"image_involved": true}, "tags": ["nudes_u18"]}"#,
        );
        let (code, out, _) = run(&["incident", &file, "--profile", "whitwell"]);
        assert_eq!(code, ExitCode::SUCCESS);
        let forbidden = out.find("DO NOT").unwrap();
        let first_step = out.find(" 1. [NOW]").unwrap();
        assert!(forbidden < first_step);
        assert!(out.contains("DO NOT LOOK AT THE IMAGE"));
        assert!(out.contains("-> dsl"));
        assert!(out.contains("School profile: whitwell"));
    }

    #[test]
    fn demo_shows_an_escalation() {
        let (code, out, _) = run(&["demo"]);
        assert_eq!(code, ExitCode::SUCCESS);
        assert!(out.contains("Incident: csam"), "{out}");
        assert!(out.contains("DO NOT LOOK AT THE IMAGE"), "{out}");
    }

    #[test]
    fn a_school_policy_document_is_a_profile_too() {
        let file = write("policy-incident.json", r#"{"tags": ["csam"]}"#);
        let policy = esafety_core::policy::SchoolPolicy::preset("whitwell").unwrap();
        let toml = write("whitwell-policy.toml", &policy.to_toml().unwrap());
        let json = write("whitwell-policy.json", &policy.to_json_value().to_string());
        for document in [&toml, &json] {
            let (code, out, err) = run(&["incident", &file, "--profile", document]);
            assert_eq!(code, ExitCode::SUCCESS, "{err}");
            assert!(out.contains("School profile: whitwell"), "{out}");
        }
        let broken = write(
            "broken-policy.toml",
            "schema_version = 1\nid = \"x\"\ncolour = 1\n",
        );
        let (code, _, err) = run(&["incident", &file, "--profile", &broken]);
        assert_eq!(code, ExitCode::from(2));
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn json_output_and_profile_file() {
        let file = write(
            "b.json",
            r#"{"subjects": [{"role": "pupil", "age": 9}], "alleged": "staff", "tags": ["staff_allegation"]}"#,
        );
        let profile = write(
            "p.toml",
            "id = \"ex\"\n[contacts.lado]\nphone = \"01234 567890\"\n",
        );
        let (code, out, _) = run(&["incident", "--json", "--profile", &profile, &file]);
        assert_eq!(code, ExitCode::SUCCESS);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["category"], "staff_allegation");
        assert!(out.contains("01234 567890"));
    }

    #[test]
    fn bad_input_is_an_input_error_with_code_and_field() {
        let file = write("c.json", r#"{"facts": {"adult": true}}"#);
        let (code, out, err) = run(&["incident", &file]);
        assert_eq!(code, ExitCode::from(2));
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("incident_unknown_field"), "{err}");
        assert!(err.contains("facts.adult"), "{err}");
        let file = write("d.json", "{}");
        let (code, _, err) = run(&["incident", &file, "--profile", "nowhere.toml"]);
        assert_eq!(code, ExitCode::from(2));
        assert!(
            err.contains("neither a preset nor a readable file"),
            "{err}"
        );
        let (code, _, err) = run(&["incident"]);
        assert_eq!(code, ExitCode::from(2));
        assert!(err.contains("Usage"), "{err}");
    }

    #[test]
    fn an_unknown_preset_names_the_nearest_and_the_presets() {
        let file = write("e.json", "{}");
        let (code, _, err) = run(&["incident", &file, "--profile", "whitwel"]);
        assert_eq!(code, ExitCode::from(2));
        assert!(err.contains("did you mean `whitwell`"), "{err}");
        assert!(
            err.contains("`kilby`") && err.contains("`national`"),
            "{err}"
        );
    }
}
