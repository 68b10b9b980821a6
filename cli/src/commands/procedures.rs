//! `esafety procedures [CATEGORY] [--school PRESET|FILE] [--json]`: a category's procedure
//! as a numbered checklist a DSL can review, each step with its owner, recipient, deadline,
//! must or consider, trigger and source, then what must never be done.

use super::incident::load_profile;
use super::{CommandError, Outcome, Status};
use esafety_core::incident::{
    Category, SchoolProfile, procedure, procedure_forbidden, procedure_sources,
};
use std::io::Write;

/// Options of `esafety procedures`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 the procedures were printed, 2 usage or input error \
(unknown category, unreadable or invalid profile).\n\n\
Example:\n  esafety procedures grooming_cse --school whitwell\n  esafety procedures --json"
)]
pub struct ProceduresArgs {
    /// One incident category [default: every category].
    #[arg(value_name = "CATEGORY", help = category_help())]
    pub category: Option<String>,
    /// A school profile: a preset id, a school policy document or a profile file (TOML or JSON) [default: the national profile].
    #[arg(long, value_name = "PRESET|FILE", help = super::incident::profile_help())]
    pub school: Option<String>,
    /// Print a JSON array: {"category", "steps", "forbidden"} per category.
    #[arg(long)]
    pub json: bool,
}

fn category_help() -> String {
    format!(
        "One incident category ({}); default: every category",
        Category::IDS.join(", ")
    )
}

/// Runs `esafety procedures`.
pub fn run(args: &ProceduresArgs, out: &mut dyn Write) -> Outcome {
    let categories: Vec<Category> = match &args.category {
        None => Category::ALL.to_vec(),
        Some(one) => match Category::from_id(&one.replace('-', "_")) {
            Some(c) => vec![c],
            None => {
                return Err(CommandError::Input {
                    code: "incident_invalid_value",
                    message: format!(
                        "unknown category `{one}`{}",
                        esafety_core::vocabulary::unknown_hint(one, Category::IDS.iter().copied())
                    ),
                });
            }
        },
    };
    let profile = load_profile(args.school.as_deref())?;
    if args.json {
        let all: Vec<serde_json::Value> = categories
            .iter()
            .map(|c| {
                serde_json::json!({"category": c.as_str(), "steps": procedure(*c, &profile),
                    "forbidden": procedure_forbidden(*c, &profile)})
            })
            .collect();
        writeln!(out, "{}", serde_json::Value::Array(all))?;
        return Ok(Status::Ok);
    }
    for c in categories {
        checklist(c, &profile, out)?;
    }
    Ok(Status::Ok)
}

fn checklist(c: Category, profile: &SchoolProfile, out: &mut dyn Write) -> std::io::Result<()> {
    let (title, sources) = procedure_sources(c, profile);
    writeln!(out, "== {title} ({c}) — school: {}", profile.id)?;
    writeln!(out, "Sources: {}", sources.join("; "))?;
    writeln!(
        out,
        "Every incident: tell the DSL now (Incident R1); 999 first if a child is in immediate danger (Incident R2); parents, record and debrief follow (Incident R5, R8)."
    )?;
    for (i, s) in procedure(c, profile).iter().enumerate() {
        let when = if s.when.is_empty() {
            "always".to_owned()
        } else {
            s.when.join(" and ")
        };
        writeln!(
            out,
            "{:>2}. [ ] {} {} -> {} by {} ({}){}",
            i + 1,
            if s.mandatory { "MUST" } else { "consider" },
            s.action.as_str().replace('_', " "),
            s.recipient,
            s.deadline.as_str().replace('_', " "),
            s.owner,
            if s.local { " [local step]" } else { "" }
        )?;
        writeln!(out, "      when: {when}")?;
        if let Some(contact) = s
            .contact
            .as_ref()
            .map(|c| c.summary())
            .filter(|c| !c.is_empty())
        {
            writeln!(out, "      contact: {contact}")?;
        }
        if let Some(note) = &s.note {
            writeln!(out, "      note: {note}")?;
        }
        writeln!(out, "      source: {}", s.source)?;
    }
    let forbidden = procedure_forbidden(c, profile);
    if !forbidden.is_empty() {
        writeln!(out, "NEVER:")?;
        for f in forbidden {
            let when = if f.when.is_empty() {
                String::new()
            } else {
                format!(" (when {})", f.when.join(" and "))
            };
            writeln!(out, "  X {}{when}  [{}]", f.text, f.source)?;
        }
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use std::process::ExitCode;

    #[test]
    fn prints_a_numbered_checklist_with_sources_and_local_contacts() {
        let (code, out, _) = run(&["procedures", "grooming_cse", "--school", "whitwell"]);
        assert_eq!(code, ExitCode::SUCCESS);
        assert!(out.contains(" 1. [ ] MUST secure devices -> dsl"), "{out}");
        assert!(out.contains("refer to csc -> csc_front_door"), "{out}");
        assert!(out.contains("01629 533190"), "{out}");
        assert!(
            out.contains("source: Incident grooming_cse; seed 003 §11.3"),
            "{out}"
        );
        assert!(out.contains("X do not contact the suspect"), "{out}");
    }

    #[test]
    fn every_category_json_and_errors() {
        let (code, out, _) = run(&["procedures", "--json"]);
        assert_eq!(code, ExitCode::SUCCESS);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        // One checklist per category of the vocabulary, in its order.
        let ids: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["category"].as_str().unwrap())
            .collect();
        assert_eq!(ids, esafety_core::incident::Category::IDS);
        let (code, out, err) = run(&["procedures", "sexting"]);
        assert_eq!(code, ExitCode::from(2));
        assert!(out.is_empty(), "{out}");
        assert!(
            err.contains("unknown category") && err.contains("nudes_u18"),
            "{err}"
        );
        let (code, _, _) = run(&["procedures", "csam", "nudes_u18"]);
        assert_eq!(code, ExitCode::from(2));
    }
}
