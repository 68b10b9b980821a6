//! `esafety incident FILE.json [--profile PRESET|FILE] [--json]`: the escalation plan for
//! an incident, for a person (the forbidden actions first, in a banner, then numbered
//! steps with who and by when) or as JSON.

use super::{Command, CommandError, Status};
use crate::args::Args;
use esafety_core::ErrorCode;
use esafety_core::incident::{Incident, PRESET_NAMES, SchoolProfile, escalate};
use std::io::Write;
use std::path::Path;

pub const COMMAND: Command = Command {
    name: "incident",
    usage: "incident [--json|--markdown|--html] [--profile PRESET|FILE] FILE.json",
    summary: "what to do, and never do, about an incident (- reads standard input)",
    run,
};

fn run(argv: &[String], out: &mut dyn Write) -> Result<Status, CommandError> {
    let args = Args::parse(argv, &["profile"]).map_err(CommandError::Usage)?;
    args.only(&["json", "markdown", "html", "profile"])
        .map_err(CommandError::Usage)?;
    let [file] = args.positional.as_slice() else {
        return Err(CommandError::Usage(
            "give one incident file (JSON)".to_owned(),
        ));
    };
    let text = if file == "-" {
        let mut buf = String::new();
        match std::io::Read::read_to_string(&mut std::io::stdin(), &mut buf) {
            Ok(_) => buf,
            Err(e) => {
                writeln!(out, "error[file_unreadable]: standard input: {e}")?;
                return Ok(Status::Rejected);
            }
        }
    } else {
        match esafety_io::read_text(Path::new(file)) {
            Ok(text) => text,
            Err(e) => {
                writeln!(out, "error[{}]: {e}", e.code())?;
                return Ok(Status::Rejected);
            }
        }
    };
    let profile = match load_profile(args.value("profile")) {
        Ok(p) => p,
        Err(message) => {
            writeln!(out, "{message}")?;
            return Ok(Status::Rejected);
        }
    };
    let incident = match Incident::from_json_str(&text) {
        Ok(i) => i,
        Err(e) => {
            writeln!(out, "error[{}]: {file}: {e}", e.code())?;
            return Ok(Status::Rejected);
        }
    };
    let plan = escalate(&incident, &profile);
    if args.flag("json") {
        writeln!(out, "{}", plan.to_json_value())?;
    } else if args.flag("markdown") {
        write!(out, "{}", plan.to_markdown())?;
    } else if args.flag("html") {
        write!(out, "{}", plan.to_html())?;
    } else {
        write!(out, "{}", plan.to_text())?;
    }
    Ok(Status::Ok)
}

/// A preset name, or a profile file (TOML or JSON); the national defaults when absent.
pub(super) fn load_profile(arg: Option<&str>) -> Result<SchoolProfile, String> {
    let Some(arg) = arg else {
        return Ok(SchoolProfile::national());
    };
    let as_preset = arg.replace('-', "_").to_ascii_lowercase();
    if PRESET_NAMES.contains(&as_preset.as_str()) {
        return SchoolProfile::preset(arg).map_err(|e| format!("error[{}]: {e}", e.code()));
    }
    let text =
        esafety_io::read_text(Path::new(arg)).map_err(|e| format!("error[{}]: {e}", e.code()))?;
    SchoolProfile::from_text(arg, &text).map_err(|e| format!("error[{}]: {e}", e.code()))
}

#[cfg(test)]
mod tests {
    use super::super::dispatch;
    use std::process::ExitCode;

    fn write(name: &str, text: &str) -> String {
        let path = std::env::temp_dir().join(format!(
            "esafety-cli-incident-{}-{name}",
            std::process::id()
        ));
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }

    fn run(argv: &[&str]) -> (ExitCode, String, String) {
        let argv: Vec<String> = argv.iter().map(|s| (*s).to_owned()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = dispatch(&argv, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

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
    fn bad_input_is_rejected_with_code_and_field() {
        let file = write("c.json", r#"{"facts": {"adult": true}}"#);
        let (code, out, _) = run(&["incident", &file]);
        assert_eq!(code, ExitCode::from(1));
        assert!(out.contains("incident_unknown_field"), "{out}");
        assert!(out.contains("facts.adult"), "{out}");
        let file = write("d.json", "{}");
        let (code, out, _) = run(&["incident", &file, "--profile", "nowhere.toml"]);
        assert_eq!(code, ExitCode::from(1));
        assert!(out.contains("file_unreadable"), "{out}");
        let (code, _, err) = run(&["incident"]);
        assert_eq!(code, ExitCode::from(2));
        assert!(err.contains("usage"), "{err}");
    }
}
