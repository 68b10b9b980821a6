//! `esafety incident FILE.json [--profile PRESET|FILE] [--json]`: the escalation plan for
//! an incident, for a person (the forbidden actions first, then numbered steps with who
//! and by when) or as JSON.

use esafety_core::ErrorCode;
use esafety_core::incident::{Incident, PRESET_NAMES, SchoolProfile, escalate};
use std::path::Path;

/// Usage text.
pub const USAGE: &str = "usage: esafety incident FILE.json [--profile PRESET|FILE] [--json]
  FILE.json   the incident dict (use - for standard input)
  --profile   a preset (national, kilby, highgate, ely, whitwell, russell_house)
              or a school profile file (.toml or .json); default: national
  --json      print the plan as JSON instead of text";

/// Runs the subcommand; `Ok` is what to print, `Err` the message for standard error.
///
/// # Errors
///
/// A one-line message (with the error code for invalid input) when the arguments, the
/// incident or the profile are not valid.
pub fn run(args: &[String]) -> Result<String, String> {
    let mut file = None;
    let mut profile_arg = None;
    let mut json = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--profile" => {
                profile_arg = Some(
                    iter.next()
                        .ok_or_else(|| format!("--profile needs a value\n{USAGE}"))?
                        .clone(),
                );
            }
            "-h" | "--help" => return Ok(USAGE.to_owned()),
            other if other.starts_with("--profile=") => {
                profile_arg = Some(other.trim_start_matches("--profile=").to_owned());
            }
            other if other.starts_with("--") => {
                return Err(format!("unknown option `{other}`\n{USAGE}"));
            }
            other => {
                if file.replace(other.to_owned()).is_some() {
                    return Err(format!("give one incident file\n{USAGE}"));
                }
            }
        }
    }
    let file = file.ok_or_else(|| USAGE.to_owned())?;
    let text = if file == "-" {
        let mut buf = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        buf
    } else {
        esafety_io::read_text(Path::new(&file)).map_err(|e| format!("error[{}]: {e}", e.code()))?
    };
    let profile = load_profile(profile_arg.as_deref())?;
    let incident =
        Incident::from_json_str(&text).map_err(|e| format!("error[{}]: {file}: {e}", e.code()))?;
    let plan = escalate(&incident, &profile);
    if json {
        serde_json::to_string_pretty(&plan.to_json_value()).map_err(|e| e.to_string())
    } else {
        Ok(plan.to_text())
    }
}

fn load_profile(arg: Option<&str>) -> Result<SchoolProfile, String> {
    match arg {
        None => Ok(SchoolProfile::national()),
        Some(name)
            if PRESET_NAMES.contains(&name.replace('-', "_").to_ascii_lowercase().as_str()) =>
        {
            SchoolProfile::preset(name).map_err(|e| format!("error[{}]: {e}", e.code()))
        }
        Some(path) => {
            let text = esafety_io::read_text(Path::new(path))
                .map_err(|e| format!("error[{}]: {e}", e.code()))?;
            SchoolProfile::from_text(path, &text).map_err(|e| format!("error[{}]: {e}", e.code()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, text: &str) -> String {
        let path = std::env::temp_dir().join(format!(
            "esafety-cli-incident-{}-{name}",
            std::process::id()
        ));
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }

    #[test]
    fn prints_forbidden_first_then_numbered_steps() {
        let file = write(
            "a.json",
            r#"{"subjects": [{"role": "pupil", "age": 14}], "alleged": "pupil", "facts": {"image_involved": true}, "tags": ["nudes_u18"]}"#,
        );
        let out = run(&[file, "--profile".into(), "whitwell".into()]).unwrap();
        let forbidden = out.find("DO NOT").unwrap();
        let first_step = out.find(" 1. [NOW]").unwrap();
        assert!(forbidden < first_step);
        assert!(out.contains("DO NOT LOOK AT THE IMAGE"));
        assert!(out.contains("-> dsl"));
        assert!(out.contains("School profile: whitwell"));
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
        let out = run(&[file, "--json".into(), "--profile".into(), profile]).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["category"], "staff_allegation");
        assert!(out.contains("01234 567890"));
    }

    #[test]
    fn errors_carry_the_code_and_field() {
        let file = write("c.json", r#"{"facts": {"adult": true}}"#);
        let err = run(&[file]).unwrap_err();
        assert!(err.contains("incident_unknown_field"), "{err}");
        assert!(err.contains("facts.adult"), "{err}");
        let file = write("d.json", "{}");
        let err = run(&[file, "--profile".into(), "nowhere.toml".into()]).unwrap_err();
        assert!(err.contains("file_unreadable"), "{err}");
    }
}
