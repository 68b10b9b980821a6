//! The record a DSL files: the decision on each agency (including the decision *not* to
//! refer, with its reason, which the guidance requires to be recorded), and the plan as
//! Markdown or as an HTML page (facts, chronology, decisions, who is told by when).

use super::action::Action;
use super::{Deadline, Plan, Step};
use crate::incident::classify::Category;
use crate::incident::ids::id_enum;
use crate::incident::input::{Alleged, Incident};
use crate::incident::profile::{ExternalContact, Recipient};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

id_enum! {
    /// What was decided about one agency.
    DecisionOutcome, field = "outcome" {
        /// A referral the plan requires.
        Refer = "refer",
        /// A referral the DSL considers.
        Consider = "consider",
        /// No referral: the reason is recorded.
        NotReferred = "not_referred",
    }
}

/// The decision about one agency, with its reason and source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Decision {
    /// The agency (an external contact id).
    pub recipient: Recipient,
    /// Refer, consider, or not referred.
    pub outcome: DecisionOutcome,
    /// Why, in one sentence.
    pub reason: String,
    /// Where the rule comes from.
    pub source: String,
}

/// The agencies whose decision is always recorded.
const ALWAYS: &[ExternalContact] = &[
    ExternalContact::PoliceNonEmergency,
    ExternalContact::CscFrontDoor,
    ExternalContact::Lado,
];

fn police(r: Recipient) -> bool {
    matches!(
        r,
        Recipient::External(ExternalContact::PoliceNonEmergency | ExternalContact::PoliceEmergency)
    )
}

/// The decisions of a plan: every external recipient of a step, plus the police,
/// children's social care and the LADO, each refer / consider / not referred.
pub(crate) fn decisions(
    steps: &[Step],
    incident: &Incident,
    category: Category,
    ukcis_triggers: bool,
) -> Vec<Decision> {
    let mut out: Vec<Decision> = Vec::new();
    let mut seen: Vec<Recipient> = Vec::new();
    let police_referred = steps.iter().any(|s| s.mandatory && police(s.recipient));
    let externals: Vec<Recipient> = steps
        .iter()
        .map(|s| s.recipient)
        .filter(|r| r.is_external())
        .collect();
    for r in externals {
        let key = if police(r) {
            Recipient::External(ExternalContact::PoliceNonEmergency)
        } else {
            r
        };
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let of: Vec<&Step> = steps
            .iter()
            .filter(|s| {
                if police(key) {
                    police(s.recipient)
                } else {
                    s.recipient == key
                }
            })
            .collect();
        // R4's talk with the police before other schools are told is advice, not a referral:
        // a must to do, but recorded as a consultation unless a referral is due as well.
        let consult = |s: &&Step| s.action == Action::ConsultPoliceBeforeSharing;
        let consultation = !of.iter().any(|s| s.mandatory && !consult(s))
            && of.iter().any(|s| s.mandatory && consult(s));
        let of: Vec<&Step> = match consultation {
            true => of.into_iter().filter(consult).collect(),
            false => of,
        };
        let must: Vec<&&Step> = of.iter().filter(|s| s.mandatory && !consult(s)).collect();
        let (outcome, chosen) = match (must.first(), of.first()) {
            (Some(s), _) => (DecisionOutcome::Refer, **s),
            (None, Some(s)) => (DecisionOutcome::Consider, *s),
            (None, None) => continue,
        };
        let recipient = if police(key) { chosen.recipient } else { key };
        let action = chosen.action.as_str().replace('_', " ");
        let deadline = chosen.deadline.as_str().replace('_', " ");
        let reason = match outcome {
            DecisionOutcome::Refer => {
                format!(
                    "required ({action}, {deadline}){}",
                    note_after(chosen, ": ")
                )
            }
            _ if consultation => format!(
                "a consultation, not a referral ({action}, {deadline}): the DSL records the police's advice, and refers if they advise it{}",
                note_after(chosen, "; ")
            ),
            _ => format!(
                "for the DSL to decide and record ({action}){}",
                note_after(chosen, ": ")
            ),
        };
        out.push(Decision {
            recipient,
            outcome,
            reason,
            source: chosen.source.clone(),
        });
    }
    for e in ALWAYS {
        let r = Recipient::External(*e);
        if seen.contains(&r) {
            continue;
        }
        let nudes = category == Category::NudesU18 && !ukcis_triggers && !police_referred;
        let (reason, source) = match e {
            _ if nudes && *e != ExternalContact::Lado => (
                "no UKCIS immediate-referral trigger (a)-(e) applies on the facts given: the school handles it with support and can refer at any time".to_owned(),
                "UKCIS nudes 2024 handled in school; UKCIS nudes 2024 recording",
            ),
            ExternalContact::PoliceNonEmergency => (
                "not required on the facts given (no immediate danger, no suspected offence, no rule of this procedure); the DSL refers at once if that changes".to_owned(),
                "Incident R2; KCSIE 2025 Part 1",
            ),
            ExternalContact::CscFrontDoor => (
                "not required on the facts given by this procedure; the DSL refers at once if a child has been harmed or is at risk of significant harm".to_owned(),
                "KCSIE 2025 Part 1; Incident R2",
            ),
            _ => (
                if category == Category::StaffLowLevelConcern {
                    "not referred on this report alone: reported as a low-level concern, which the headteacher (the chair of governors when it is about the head) handles under the school's own procedure after checking the record for earlier concerns about the same adult; a pattern, or doubt whether the harm threshold is met, means consulting the LADO (KCSIE Part 4, section two)".to_owned()
                } else if incident
                    .alleged
                    .is_some_and(Alleged::works_at_school)
                {
                    "no rule of this procedure refers the adult who works at the school to the LADO on the facts given; the DSL or head refers at once if the harm threshold is met".to_owned()
                } else if incident.alleged.is_some_and(|a| a.is_adult()) {
                    "the adult concerned does not work at the school: not a LADO matter".to_owned()
                } else {
                    "no adult who works at the school is the subject of the concern".to_owned()
                },
                if category == Category::StaffLowLevelConcern {
                    "KCSIE 2025 Part 4 low-level concerns"
                } else {
                    "KCSIE 2025 Part 4 allegations"
                },
            ),
        };
        out.push(Decision {
            recipient: r,
            outcome: DecisionOutcome::NotReferred,
            reason,
            source: source.to_owned(),
        });
    }
    out
}

fn deadline_text(d: Deadline) -> &'static str {
    match d {
        Deadline::Immediately => "now",
        Deadline::SameDay => "today",
        Deadline::Within1WorkingDay => "within 1 working day",
        Deadline::Within72h => "within 72 hours",
        Deadline::Routine => "routine",
    }
}

/// The facts given, as `name: value` lines.
fn fact_lines(incident: &Incident) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(id) = &incident.id {
        out.push(format!("Reference: {id}"));
    }
    out.push(format!(
        "Reported: {}",
        incident
            .reported_at
            .map(|t| t.to_rfc3339())
            .unwrap_or_else(|| "time not given".to_owned())
    ));
    // A record that may reach the LADO or a court names no source nobody gave: without a
    // reporter, a system only when its hits or tags say so (the plan warns otherwise).
    let reporter = match incident.reporter {
        Some(role) => role.as_str(),
        None if crate::incident::classify::from_a_system(incident) => {
            "a monitoring or filtering system"
        }
        None => "not given",
    };
    out.push(format!("Reported by: {reporter}"));
    for (i, s) in incident.subjects.iter().enumerate() {
        let age = match (s.age, s.year_group) {
            (Some(a), _) => format!("age {a}"),
            (None, Some(y)) => format!("year group {y}"),
            _ => "age not given".to_owned(),
        };
        out.push(format!("Subject {}: {} ({age})", i + 1, s.role));
    }
    if let Some(a) = incident.alleged {
        out.push(format!("Alleged: {a}"));
    }
    if let Some(l) = incident.location {
        out.push(format!("Location: {l}"));
    }
    if let Some(d) = incident.device {
        out.push(format!("Device: {d}"));
    }
    let facts = serde_json::to_value(incident.facts).unwrap_or_default();
    let set: Vec<String> = facts
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(_, v)| v.as_bool() == Some(true))
                .map(|(k, _)| k.replace('_', " "))
                .collect()
        })
        .unwrap_or_default();
    out.push(format!(
        "Facts: {}",
        if set.is_empty() {
            "none given".to_owned()
        } else {
            set.join(", ")
        }
    ));
    if !incident.tags.is_empty() {
        out.push(format!("Tags: {}", incident.tags.join(", ")));
    }
    for h in &incident.hits {
        out.push(format!(
            "Monitoring: {} hit `{}`{}{}",
            h.kind,
            h.category,
            h.severity
                .map(|s| format!(" severity {s}"))
                .unwrap_or_default(),
            h.url
                .as_deref()
                .map(|u| format!(" at {u}"))
                .unwrap_or_default()
        ));
    }
    out
}

impl Plan {
    /// The printable plan and record page, in Markdown: facts, classification and reasons,
    /// what never to do (with sources), the numbered steps (who, by when, must or
    /// consider, source), the decision on each agency including the decisions not to
    /// refer and why, a chronology to fill in, and the gaps.
    ///
    /// ```
    /// use esafety_core::incident::{escalate_json};
    ///
    /// let plan = escalate_json(&serde_json::json!({"subjects": [{"role": "pupil", "age": 14}],
    ///     "alleged": "pupil", "facts": {"image_involved": true}, "tags": ["nudes_u18"]}), None)?;
    /// let md = plan.to_markdown();
    /// assert!(md.starts_with("# Incident plan: nudes_u18"));
    /// assert!(md.contains("| police_non_emergency | not referred |"));
    /// # Ok::<(), esafety_core::incident::IncidentError>(())
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "# Incident plan: {}\n", self.category);
        if !self.secondary.is_empty() {
            let s: Vec<&str> = self.secondary.iter().map(|c| c.as_str()).collect();
            let _ = writeln!(o, "Also: {}  ", s.join(", "));
        }
        let _ = writeln!(
            o,
            "Area: {} · Severity: {}/5 · School profile: {}{}\n",
            self.area,
            self.severity,
            md_escape(&self.profile),
            if self.out_of_hours {
                " · **reported out of hours**"
            } else {
                ""
            }
        );
        let _ = writeln!(o, "## Facts\n");
        for l in fact_lines(&self.incident) {
            let _ = writeln!(o, "- {}", md_escape(&l));
        }
        let _ = writeln!(o, "\n## Why this category\n");
        for r in &self.reasons {
            let _ = writeln!(o, "- {} *({})*", md_escape(&r.text), md_escape(&r.source));
        }
        let _ = writeln!(o, "\n## Never do\n");
        if self.forbidden_details.is_empty() {
            let _ = writeln!(o, "- Nothing beyond the school's policies.");
        }
        for f in &self.forbidden_details {
            let _ = writeln!(
                o,
                "- **{}** *({})*",
                md_escape(&f.text),
                md_escape(&f.source)
            );
        }
        let _ = writeln!(o, "\n## Steps\n");
        for (i, s) in self.steps.iter().enumerate() {
            let (action, kind, contact) = step_parts(s, md_escape);
            let _ = writeln!(
                o,
                "{}. [ ] **{action}** → {} · {} · {kind}{contact}  \n   *{}*",
                i + 1,
                s.recipient,
                deadline_text(s.deadline),
                md_escape(&s.source)
            );
            if let Some(n) = &s.note {
                let _ = writeln!(o, "   Note: {}", md_escape(n));
            }
        }
        let _ = writeln!(o, "\n## Decisions\n");
        let _ = writeln!(o, "| Agency | Decision | Reason | Source |");
        let _ = writeln!(o, "|---|---|---|---|");
        for d in &self.decisions {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                d.recipient,
                d.outcome.as_str().replace('_', " "),
                md_escape(&d.reason),
                md_escape(&d.source)
            );
        }
        let _ = writeln!(o, "\n## Chronology (who was told, when, by whom)\n");
        let _ = writeln!(o, "| Time | Who was told / what was done | By | Notes |");
        let _ = writeln!(o, "|---|---|---|---|");
        let at = self
            .incident
            .reported_at
            .map(|t| t.to_rfc3339())
            .unwrap_or_default();
        let _ = writeln!(o, "| {at} | concern reported | | |");
        for s in self.steps.iter().filter(|s| s.mandatory) {
            let _ = writeln!(
                o,
                "| | {} → {} (due {}) | | |",
                s.action.as_str().replace('_', " "),
                s.recipient,
                deadline_text(s.deadline)
            );
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(o, "\n## Gaps to resolve\n");
            for w in &self.warnings {
                let _ = writeln!(o, "- {}", md_escape(w));
            }
        }
        let _ = writeln!(
            o,
            "\nRecorded by: ______________________  Date: ____________  Signature: ____________"
        );
        o
    }

    /// The same record as an HTML page; every value is escaped.
    ///
    /// ```
    /// use esafety_core::incident::escalate_json;
    ///
    /// let plan = escalate_json(&serde_json::json!({"id": "<script>", "tags": ["cyberbullying"],
    ///     "subjects": [{"role": "pupil", "age": 9}]}), None)?;
    /// let html = plan.to_html();
    /// assert!(html.starts_with("<!doctype html>"));
    /// assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
    /// # Ok::<(), esafety_core::incident::IncidentError>(())
    /// ```
    pub fn to_html(&self) -> String {
        let e = html_escape;
        let mut o = String::new();
        let _ = write!(
            o,
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Incident plan: {}</title></head><body>\n",
            e(self.category.as_str())
        );
        let _ = writeln!(o, "<h1>Incident plan: {}</h1>", e(self.category.as_str()));
        let _ = writeln!(
            o,
            "<p>Area: {} · Severity: {}/5 · School profile: {}{}</p>",
            e(self.area.as_str()),
            self.severity,
            e(&self.profile),
            if self.out_of_hours {
                " · <strong>reported out of hours</strong>"
            } else {
                ""
            }
        );
        let list = |o: &mut String, title: &str, items: Vec<String>| {
            let _ = writeln!(o, "<h2>{title}</h2><ul>");
            for i in items {
                let _ = writeln!(o, "<li>{i}</li>");
            }
            let _ = writeln!(o, "</ul>");
        };
        list(
            &mut o,
            "Facts",
            fact_lines(&self.incident).iter().map(|l| e(l)).collect(),
        );
        list(
            &mut o,
            "Why this category",
            self.reasons
                .iter()
                .map(|r| format!("{} <em>({})</em>", e(&r.text), e(&r.source)))
                .collect(),
        );
        list(
            &mut o,
            "Never do",
            self.forbidden_details
                .iter()
                .map(|f| {
                    format!(
                        "<strong>{}</strong> <em>({})</em>",
                        e(&f.text),
                        e(&f.source)
                    )
                })
                .collect(),
        );
        let _ = writeln!(o, "<h2>Steps</h2><ol>");
        for s in &self.steps {
            let (action, kind, contact) = step_parts(s, html_escape);
            let _ = writeln!(
                o,
                "<li><strong>{}</strong> → {} · {} · {kind}{contact}<br><em>{}</em>{}</li>",
                e(&action),
                e(s.recipient.as_str()),
                deadline_text(s.deadline),
                e(&s.source),
                s.note
                    .as_deref()
                    .map(|n| format!("<br>Note: {}", e(n)))
                    .unwrap_or_default()
            );
        }
        let _ = writeln!(o, "</ol>");
        let _ = writeln!(
            o,
            "<h2>Decisions</h2><table><tr><th>Agency</th><th>Decision</th><th>Reason</th><th>Source</th></tr>"
        );
        for d in &self.decisions {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(d.recipient.as_str()),
                e(&d.outcome.as_str().replace('_', " ")),
                e(&d.reason),
                e(&d.source)
            );
        }
        let _ = writeln!(
            o,
            "</table>\n<h2>Chronology</h2><table><tr><th>Time</th><th>Who was told / what was done</th><th>By</th><th>Notes</th></tr>"
        );
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>concern reported</td><td></td><td></td></tr>",
            e(&self
                .incident
                .reported_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_default())
        );
        for s in self.steps.iter().filter(|s| s.mandatory) {
            let _ = writeln!(
                o,
                "<tr><td></td><td>{} → {} (due {})</td><td></td><td></td></tr>",
                e(&s.action.as_str().replace('_', " ")),
                e(s.recipient.as_str()),
                deadline_text(s.deadline)
            );
        }
        let _ = writeln!(o, "</table>");
        if !self.warnings.is_empty() {
            list(
                &mut o,
                "Gaps to resolve",
                self.warnings.iter().map(|w| e(w)).collect(),
            );
        }
        let _ = writeln!(o, "</body></html>");
        o
    }
}

/// A step's action in words, `must` or `consider`, and ` · contact` escaped by `esc`.
fn step_parts(s: &Step, esc: fn(&str) -> String) -> (String, &'static str, String) {
    let contact = s
        .contact
        .as_ref()
        .map(|c| c.summary())
        .filter(|c| !c.is_empty())
        .map(|c| format!(" · {}", esc(&c)))
        .unwrap_or_default();
    let kind = if s.mandatory { "must" } else { "consider" };
    (s.action.as_str().replace('_', " "), kind, contact)
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '`' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The step's note after `separator`, for a decision's reason; a step without a note adds
/// nothing (its action and deadline say it all).
fn note_after(step: &Step, separator: &str) -> String {
    match &step.note {
        Some(note) => format!("{separator}{note}"),
        None => String::new(),
    }
}
