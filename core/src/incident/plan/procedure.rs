//! Procedures as data: each category's ordered steps and forbidden actions live in
//! `core/data/procedures/<category>.toml`, embedded in the library, so that the people
//! who own them (a DSL, not a Rust programmer) can read and review them.
//!
//! A step names an [`Action`], its owner (who does it), its recipient, a [`Deadline`],
//! `must` or `consider`, the conditions that trigger it (`when`: all hold; `unless`:
//! none holds; see [`Condition`]) and its source clause. A school may add local steps
//! (`[[local_steps]]` in its profile) but never remove or weaken a statutory one: a local
//! step with the same action and recipient merges, and the stricter deadline and `must`
//! win.
//!
//! ```
//! use esafety_core::incident::{procedure, Category, SchoolProfile};
//!
//! let steps = procedure(Category::Csam, &SchoolProfile::national());
//! let iwf = steps.iter().find(|s| s.recipient == "iwf").unwrap();
//! assert_eq!(iwf.when, vec!["one of (url_known, incidental_exposure)"]); // online content only
//! assert!(steps.iter().all(|s| !s.source.is_empty()));
//! ```

use super::Deadline;
use super::action::Action;
use super::builder::Builder;
use super::conditions::Condition;
use super::forbidden::ForbiddenAction;
use crate::incident::classify::Category;
use crate::incident::profile::{Contact, Recipient, SchoolProfile};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Who does or receives a step, as written in a procedure file: a role or external
/// contact id, or one of `dsl` (the deputy when the head is both DSL and the subject),
/// `case_manager` (the head, or the chair of governors when it is about the head) and
/// `police` (999 when a child is in immediate danger, otherwise 101).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Who {
    Dsl,
    CaseManager,
    Police,
    OutOfHours,
    Fixed(Recipient),
}

impl<'de> Deserialize<'de> for Who {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as Deserialize>::deserialize(d)?;
        Who::from_id(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown recipient `{s}`: expected dsl, case_manager, police, out_of_hours_contact, a role id or an external contact id"
            ))
        })
    }
}

impl Who {
    fn from_id(s: &str) -> Option<Who> {
        Some(match s {
            "dsl" => Who::Dsl,
            "case_manager" => Who::CaseManager,
            "police" => Who::Police,
            "out_of_hours_contact" => Who::OutOfHours,
            other => Who::Fixed(Recipient::from_id(other)?),
        })
    }
}

/// `must` or `consider`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Must,
    Consider,
}

/// One step as written in a procedure file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StepSpec {
    action: Action,
    #[serde(default)]
    owner: Option<Who>,
    recipient: Who,
    deadline: Deadline,
    kind: Kind,
    #[serde(default)]
    when: Vec<Condition>,
    #[serde(default)]
    unless: Vec<Condition>,
    /// At least one of these must hold (when given).
    #[serde(default)]
    any: Vec<Condition>,
    source: String,
    #[serde(default)]
    note: Option<String>,
}

/// Forbidden actions as written in a procedure file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ForbidSpec {
    actions: Vec<ForbiddenAction>,
    #[serde(default)]
    when: Vec<Condition>,
    #[serde(default)]
    unless: Vec<Condition>,
    source: String,
}

/// One procedure file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcedureFile {
    category: Category,
    title: String,
    sources: Vec<String>,
    #[serde(default)]
    step: Vec<StepSpec>,
    #[serde(default)]
    forbid: Vec<ForbidSpec>,
}

/// The embedded procedure files, one per category, in [`Category::ALL`] order.
const FILES: &[(&str, &str)] = &[
    (
        "staff_allegation",
        include_str!("../../../data/procedures/staff_allegation.toml"),
    ),
    (
        "sextortion",
        include_str!("../../../data/procedures/sextortion.toml"),
    ),
    ("csam", include_str!("../../../data/procedures/csam.toml")),
    (
        "grooming_cse",
        include_str!("../../../data/procedures/grooming_cse.toml"),
    ),
    ("fgm", include_str!("../../../data/procedures/fgm.toml")),
    (
        "nudes_u18",
        include_str!("../../../data/procedures/nudes_u18.toml"),
    ),
    (
        "criminal_exploitation",
        include_str!("../../../data/procedures/criminal_exploitation.toml"),
    ),
    (
        "terrorist_content",
        include_str!("../../../data/procedures/terrorist_content.toml"),
    ),
    (
        "radicalisation",
        include_str!("../../../data/procedures/radicalisation.toml"),
    ),
    (
        "self_harm_suicide",
        include_str!("../../../data/procedures/self_harm_suicide.toml"),
    ),
    (
        "online_sexual_harassment",
        include_str!("../../../data/procedures/online_sexual_harassment.toml"),
    ),
    (
        "online_hate",
        include_str!("../../../data/procedures/online_hate.toml"),
    ),
    (
        "cyberbullying",
        include_str!("../../../data/procedures/cyberbullying.toml"),
    ),
    (
        "data_breach",
        include_str!("../../../data/procedures/data_breach.toml"),
    ),
    (
        "image_consent_breach",
        include_str!("../../../data/procedures/image_consent_breach.toml"),
    ),
    (
        "cybercrime",
        include_str!("../../../data/procedures/cybercrime.toml"),
    ),
    (
        "unauthorised_recording",
        include_str!("../../../data/procedures/unauthorised_recording.toml"),
    ),
    (
        "staff_low_level_concern",
        include_str!("../../../data/procedures/staff_low_level_concern.toml"),
    ),
    (
        "inappropriate_content_deliberate",
        include_str!("../../../data/procedures/inappropriate_content_deliberate.toml"),
    ),
    (
        "filter_bypass",
        include_str!("../../../data/procedures/filter_bypass.toml"),
    ),
    (
        "inappropriate_content_accidental",
        include_str!("../../../data/procedures/inappropriate_content_accidental.toml"),
    ),
    (
        "filter_failure",
        include_str!("../../../data/procedures/filter_failure.toml"),
    ),
    (
        "safeguarding_concern",
        include_str!("../../../data/procedures/safeguarding_concern.toml"),
    ),
    (
        "commerce_harm",
        include_str!("../../../data/procedures/commerce_harm.toml"),
    ),
    (
        "underage_platform_use",
        include_str!("../../../data/procedures/underage_platform_use.toml"),
    ),
    (
        "mis_disinformation",
        include_str!("../../../data/procedures/mis_disinformation.toml"),
    ),
];

type Loaded = Result<Vec<ProcedureFile>, String>;

/// Parses every embedded file once; an error names the file (a test keeps it from
/// happening; a plan built without its data says so in its warnings).
fn load() -> &'static Loaded {
    static CELL: OnceLock<Loaded> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut out = Vec::new();
        for (name, text) in FILES {
            let file: ProcedureFile =
                toml::from_str(text).map_err(|e| format!("procedures/{name}.toml: {e}"))?;
            if file.category.as_str() != *name {
                return Err(format!(
                    "procedures/{name}.toml: declares category `{}`",
                    file.category
                ));
            }
            out.push(file);
        }
        Ok(out)
    })
}

/// An error in the embedded procedure data, if any (checked by a test).
pub(crate) fn load_error() -> Option<&'static str> {
    load().as_ref().err().map(String::as_str)
}

fn file(category: Category) -> Option<&'static ProcedureFile> {
    load()
        .as_ref()
        .ok()?
        .iter()
        .find(|f| f.category == category)
}

/// A step a school adds to a category's procedure (`[[local_steps]]` in its profile).
///
/// It may add a step or make one stricter; it can never remove or weaken a statutory
/// step (same action and recipient: merged, `must` and the earlier deadline win).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalStep {
    /// The category whose procedure gains the step.
    pub category: Category,
    /// What to do.
    pub action: Action,
    /// Who receives it (a role or external contact id).
    pub recipient: Recipient,
    /// How fast.
    pub deadline: Deadline,
    /// `true`: must; `false`: consider.
    #[serde(default)]
    pub mandatory: bool,
    /// The school policy clause it comes from.
    pub source: String,
    /// Extra guidance.
    #[serde(default)]
    pub note: Option<String>,
}

/// One step of a category's procedure, as a DSL reviews it (`esafety procedures`,
/// `esafety.procedure(category, policy)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProcedureStep {
    /// The category.
    pub category: Category,
    /// What to do.
    pub action: Action,
    /// Who does it (a role id; `dsl` for referrals the DSL makes).
    pub owner: String,
    /// Who receives it: a role or external contact id. Police steps name
    /// `police_non_emergency` (101) and say in `note` that 999 is used when a child is in
    /// immediate danger.
    pub recipient: String,
    /// How fast.
    pub deadline: Deadline,
    /// `true`: must; `false`: consider.
    pub mandatory: bool,
    /// The conditions that trigger it: condition ids that must hold, `not <id>` for those
    /// that must not; empty means always.
    pub when: Vec<String>,
    /// The source clause.
    pub source: String,
    /// Extra guidance.
    pub note: Option<String>,
    /// Whether the school added it (a local step).
    pub local: bool,
    /// The recipient's contact in the school profile.
    pub contact: Option<Contact>,
}

/// A forbidden action of a category's procedure, with its trigger and source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProcedureForbidden {
    /// The forbidden action.
    pub action: ForbiddenAction,
    /// What it means.
    pub text: String,
    /// Conditions, as for steps.
    pub when: Vec<String>,
    /// The source clause.
    pub source: String,
}

/// The title and sources of a category's procedure file, as `profile`'s school may cite
/// them (never another school's seed policy: [`crate::source::for_school`]).
pub fn procedure_sources(category: Category, profile: &SchoolProfile) -> (String, Vec<String>) {
    file(category)
        .map(|f| {
            let mut sources: Vec<String> = Vec::new();
            for s in &f.sources {
                let own = crate::source::for_school(s, &profile.id);
                if !sources.contains(&own) {
                    sources.push(own);
                }
            }
            (f.title.clone(), sources)
        })
        .unwrap_or_default()
}

fn when_text(when: &[Condition], unless: &[Condition], any: &[Condition]) -> Vec<String> {
    let any = (!any.is_empty()).then(|| {
        let ids: Vec<&str> = any.iter().map(|c| c.as_str()).collect();
        format!("one of ({})", ids.join(", "))
    });
    when.iter()
        .map(|c| c.as_str().to_owned())
        .chain(any)
        .chain(unless.iter().map(|c| format!("not {c}")))
        .collect()
}

/// A category's procedure for a school: its steps in order, with the school's local
/// steps last.
pub fn procedure(category: Category, profile: &SchoolProfile) -> Vec<ProcedureStep> {
    let mut out = Vec::new();
    let resolve = |who: Who| -> (String, Option<String>) {
        match who {
            Who::Dsl => ("dsl".to_owned(), None),
            Who::CaseManager => (
                "headteacher".to_owned(),
                Some("the chair of governors when the concern is about the headteacher".to_owned()),
            ),
            Who::Police => (
                "police_non_emergency".to_owned(),
                Some("999 (police_emergency) when a child is in immediate danger".to_owned()),
            ),
            Who::OutOfHours => (
                profile
                    .settings
                    .out_of_hours_alert_contact
                    .as_str()
                    .to_owned(),
                None,
            ),
            Who::Fixed(r) => (r.as_str().to_owned(), None),
        }
    };
    if let Some(f) = file(category) {
        for s in &f.step {
            let (recipient, extra) = resolve(s.recipient);
            let owner = match s.owner {
                Some(o) => resolve(o).0,
                None if matches!(s.recipient, Who::Fixed(Recipient::Role(_))) => recipient.clone(),
                None if s.recipient == Who::CaseManager => recipient.clone(),
                None => "dsl".to_owned(),
            };
            let note = match (&s.note, extra) {
                (Some(n), Some(e)) => Some(format!("{n}; {e}")),
                (n, e) => n.clone().or(e),
            };
            let contact = Recipient::from_id(&recipient).and_then(|r| profile.contact(r).cloned());
            let step = ProcedureStep {
                category,
                action: s.action,
                owner,
                recipient,
                deadline: s.deadline,
                mandatory: s.kind == Kind::Must,
                when: when_text(&s.when, &s.unless, &s.any),
                source: crate::source::for_school(&s.source, &profile.id),
                note,
                local: false,
                contact,
            };
            let follow_up = (step.action == Action::ReferToCsc).then(|| follow_up(&step));
            out.push(step);
            // A plan follows every referral to children's social care up (see
            // `closing.rs`): the checklist says so under the referral, on its conditions.
            if let Some(f) = follow_up.filter(|f| !out.contains(f)) {
                out.push(f);
            }
        }
    }
    for l in profile
        .local_steps
        .iter()
        .filter(|l| l.category == category)
    {
        out.push(ProcedureStep {
            category,
            action: l.action,
            owner: match l.recipient {
                Recipient::Role(r) => r.as_str().to_owned(),
                Recipient::External(_) => "dsl".to_owned(),
            },
            recipient: l.recipient.as_str().to_owned(),
            deadline: l.deadline,
            mandatory: l.mandatory,
            when: Vec::new(),
            source: l.source.clone(),
            note: l.note.clone(),
            local: true,
            contact: profile.contact(l.recipient).cloned(),
        });
    }
    out
}

/// The follow-up of a referral step of a checklist: the DSL's, within one working day, on
/// the referral's conditions.
fn follow_up(referral: &ProcedureStep) -> ProcedureStep {
    ProcedureStep {
        category: referral.category,
        action: Action::FollowUpReferral,
        owner: "dsl".to_owned(),
        recipient: "dsl".to_owned(),
        deadline: Deadline::Within1WorkingDay,
        mandatory: referral.mandatory,
        when: referral.when.clone(),
        source: super::closing::FOLLOW_UP_SOURCE.to_owned(),
        note: Some(super::closing::follow_up_note(referral.mandatory).to_owned()),
        local: false,
        contact: None,
    }
}

/// A category's forbidden actions, each with its trigger and source (as `profile`'s school
/// may cite it).
pub fn procedure_forbidden(category: Category, profile: &SchoolProfile) -> Vec<ProcedureForbidden> {
    let mut out: Vec<ProcedureForbidden> = Vec::new();
    if let Some(f) = file(category) {
        for spec in &f.forbid {
            for a in &spec.actions {
                if out.iter().any(|o| o.action == *a) {
                    continue;
                }
                out.push(ProcedureForbidden {
                    action: *a,
                    text: match category {
                        Category::Csam => a.describe_for_abuse_imagery(),
                        _ => a.describe(),
                    }
                    .to_owned(),
                    when: when_text(&spec.when, &spec.unless, &[]),
                    source: crate::source::for_school(&spec.source, &profile.id),
                });
            }
        }
    }
    out
}

impl Builder<'_> {
    fn applies(&self, when: &[Condition], unless: &[Condition], any: &[Condition]) -> bool {
        when.iter().all(|c| self.holds(*c))
            && !unless.iter().any(|c| self.holds(*c))
            && (any.is_empty() || any.iter().any(|c| self.holds(*c)))
    }

    pub(super) fn resolve(&self, who: Who) -> Recipient {
        match who {
            Who::Dsl => Recipient::Role(self.dsl()),
            Who::CaseManager => Recipient::Role(self.case_manager()),
            Who::Police => Recipient::External(self.police()),
            Who::OutOfHours => Recipient::Role(self.profile.settings.out_of_hours_alert_contact),
            Who::Fixed(r) => r,
        }
    }

    /// Adds the steps and forbidden actions of one category's procedure file, then the
    /// school's local steps for it.
    pub(super) fn category_steps(&mut self, c: Category) {
        if let Some(f) = file(c) {
            for s in &f.step {
                if self.applies(&s.when, &s.unless, &s.any) {
                    let to = self.resolve(s.recipient);
                    self.add_note(
                        s.action,
                        to,
                        s.deadline,
                        s.kind == Kind::Must,
                        &s.source,
                        s.note.clone(),
                    );
                }
            }
            for spec in &f.forbid {
                if self.applies(&spec.when, &spec.unless, &[]) {
                    self.forbid(&spec.actions, &spec.source);
                }
            }
        }
        let local: Vec<_> = self
            .profile
            .local_steps
            .iter()
            .filter(|l| l.category == c)
            .cloned()
            .collect();
        for l in local {
            self.add_note(
                l.action,
                l.recipient,
                l.deadline,
                l.mandatory,
                &l.source,
                l.note.clone(),
            );
        }
    }
}
