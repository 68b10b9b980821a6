//! The escalation plan: ordered steps, forbidden actions, parent notification, record
//! keeping and debrief (DOMAIN.md §5.2–§5.5, the seeds' incident procedures).
//!
//! Steps are built in the order a person would take them (999 first when a child is in
//! danger, then the first report, then the category's own steps, then parents, record and
//! debrief) and then stably sorted by [`Deadline`], so every step is listed no later than
//! any step with a later deadline. Steps with the same action and recipient are merged:
//! the stricter deadline wins, `mandatory` wins over `consider`, sources are joined.
//! When 999 is called, a separate 101 referral is dropped (999 *is* the police referral).

mod action;
mod builder;
mod closing;
mod conditions;
mod dates;
mod forbidden;
mod procedure;
mod record;
mod universal;

pub use action::Action;
pub use conditions::Condition;
pub use forbidden::{ForbiddenAction, ForbiddenDetail};
#[cfg(test)]
pub(crate) use procedure::load_error as procedure_load_error;
pub use procedure::{
    LocalStep, ProcedureForbidden, ProcedureStep, procedure, procedure_forbidden, procedure_sources,
};
pub use record::{Decision, DecisionOutcome};

use super::classify::{Category, Reason, Signals, UkcisTrigger, classify};
use super::ids::id_enum;
use super::input::Incident;
use super::profile::{Contact, Recipient, SchoolProfile};
use builder::Builder;
use chrono::{Datelike, Timelike, Weekday};
use serde::{Deserialize, Serialize};
use serde_json::Value;

id_enum! {
    /// How fast a step must happen (DOMAIN.md §5.4), most urgent first.
    Deadline, field = "deadline" {
        /// Act now; interrupt the lesson if needed.
        Immediately = "immediately",
        /// Before the end of the school day.
        SameDay = "same_day",
        /// Within one working day (the LADO).
        Within1WorkingDay = "within_1_working_day",
        /// Within 72 hours (the ICO).
        Within72h = "within_72h",
        /// Log and review.
        Routine = "routine",
    }
}

id_enum! {
    /// Whether parents are told (DOMAIN.md §5.2 R5).
    ParentNotification, field = "inform_parents" {
        /// Parents are told.
        Yes = "yes",
        /// Parents are not told (no child of theirs is involved, or the school's setting).
        No = "no",
        /// Parents are told unless that would put the child at risk (UKCIS; R5).
        UnlessRisk = "unless_risk",
    }
}

/// One step of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Step {
    /// What to do ([`Action`]; on the wire its snake_case id: `call_999`, `report_to_dsl`).
    pub action: Action,
    /// Who receives it (or does it, for actions such as `secure_device`).
    pub recipient: Recipient,
    /// How fast.
    pub deadline: Deadline,
    /// `true`: must be done; `false`: consider it.
    pub mandatory: bool,
    /// Where the rule comes from.
    pub source: String,
    /// The recipient's contact details from the school profile, when it has them.
    pub contact: Option<Contact>,
    /// Extra guidance (who does it, local procedure, missing contact).
    pub note: Option<String>,
}

/// What staff must do, and never do, about one incident.
///
/// Build it with [`escalate`]. [`Plan::to_json_value`] gives the dict the bindings return
/// from `to_dict()`.
///
/// # Examples
///
/// ```
/// use esafety_core::incident::{escalate, Deadline, Incident, SchoolProfile};
///
/// let incident = Incident::from_json_str(r#"{"reporter": "all_staff",
///     "subjects": [{"role": "pupil", "year_group": 9}], "alleged": "pupil",
///     "facts": {"image_involved": true}, "tags": ["nudes_u18"]}"#)?;
/// let plan = escalate(&incident, &SchoolProfile::national());
/// assert_eq!(plan.category.as_str(), "nudes_u18");
/// assert_eq!(plan.steps[0].recipient.as_str(), "dsl");
/// assert_eq!(plan.steps[0].deadline, Deadline::Immediately);
/// assert!(plan.forbidden_ids().contains(&"view_image"));
/// assert_eq!(plan.inform_parents.as_str(), "unless_risk");
/// # Ok::<(), esafety_core::incident::IncidentError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Plan {
    /// The primary category.
    pub category: Category,
    /// Secondary categories.
    pub secondary: Vec<Category>,
    /// The 4C area.
    pub area: super::classify::Area,
    /// 1 to 5.
    pub severity: u8,
    /// UKCIS immediate-referral triggers that apply.
    pub ukcis_triggers: Vec<UkcisTrigger>,
    /// Why the incident was classified so.
    pub reasons: Vec<Reason>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// What staff must not do.
    pub forbidden: Vec<ForbiddenAction>,
    /// The forbidden actions explained.
    pub forbidden_details: Vec<ForbiddenDetail>,
    /// Whether parents are told.
    pub inform_parents: ParentNotification,
    /// Whether it was reported outside the school day.
    pub out_of_hours: bool,
    /// The school profile used.
    pub profile: String,
    /// Gaps that affect this plan: missing or flagged contacts in the profile, and gaps in
    /// the incident (an adult "pupil", an unmapped list category, an unknown time, an
    /// age or alleged person not given).
    pub warnings: Vec<String>,
    /// The decision on each agency: refer, consider, or not referred with the reason (the
    /// guidance requires a decision not to refer to be recorded with its reason).
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// The incident as given (the facts of the record page).
    #[serde(default)]
    pub incident: Incident,
}

impl Plan {
    /// Whether `category` is the primary or a secondary category.
    pub fn has_category(&self, category: Category) -> bool {
        self.category == category || self.secondary.contains(&category)
    }

    /// The forbidden action ids.
    pub fn forbidden_ids(&self) -> Vec<&'static str> {
        self.forbidden.iter().map(|f| f.as_str()).collect()
    }

    /// The mandatory steps.
    pub fn mandatory_steps(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| s.mandatory)
    }

    /// The plan as a JSON value (what `to_dict()` returns in the bindings), with
    /// `schemaVersion`.
    pub fn to_json_value(&self) -> Value {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            map.insert(
                "schemaVersion".to_owned(),
                Value::from(crate::wire::SCHEMA_VERSION),
            );
        }
        value
    }

    /// The plan for a person, as plain text: the forbidden actions first, in a banner
    /// that cannot be missed, then numbered steps with who and by when.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::incident::{escalate, Incident, SchoolProfile};
    ///
    /// let incident = Incident::from_json_str(r#"{"subjects": [{"role": "pupil", "age": 14}],
    ///     "alleged": "pupil", "facts": {"image_involved": true}, "tags": ["nudes_u18"]}"#)?;
    /// let text = escalate(&incident, &SchoolProfile::national()).to_text();
    /// assert!(text.starts_with("=="));
    /// assert!(text.find("DO NOT").unwrap() < text.find(" 1. ").unwrap());
    /// # Ok::<(), esafety_core::incident::IncidentError>(())
    /// ```
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let bar = "=".repeat(72);
        let mut out = String::new();
        if !self.forbidden_details.is_empty() {
            let _ = writeln!(out, "{bar}");
            let _ = writeln!(out, "  DO NOT  (whoever you are, whatever happens next)");
            let _ = writeln!(out, "{bar}");
            for f in &self.forbidden_details {
                let _ = writeln!(out, "  X  {}  [{}]", f.text.to_uppercase(), f.action);
            }
            let _ = writeln!(out, "{bar}");
        } else {
            let _ = writeln!(out, "{bar}");
            let _ = writeln!(
                out,
                "  No action is forbidden beyond the school's policies."
            );
            let _ = writeln!(out, "{bar}");
        }
        let _ = writeln!(out);
        let secondary = if self.secondary.is_empty() {
            String::new()
        } else {
            format!(
                " (also: {})",
                self.secondary
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let _ = writeln!(
            out,
            "Incident: {}{} | area: {} | severity {}/5",
            self.category, secondary, self.area, self.severity
        );
        if !self.ukcis_triggers.is_empty() {
            let letters: Vec<String> = self
                .ukcis_triggers
                .iter()
                .map(|t| format!("({})", t.as_str()))
                .collect();
            let _ = writeln!(out, "UKCIS immediate referral: {}", letters.join(" "));
        }
        let parents = match self.inform_parents {
            ParentNotification::Yes => "yes",
            ParentNotification::No => "no",
            ParentNotification::UnlessRisk => "yes, unless that would put the child at risk",
        };
        let _ = writeln!(out, "Parents told: {parents}");
        if self.out_of_hours {
            let _ = writeln!(out, "Reported OUT OF HOURS: use the out-of-hours route.");
        }
        let _ = writeln!(out, "School profile: {}", self.profile);
        let _ = writeln!(out);
        let _ = writeln!(out, "STEPS");
        for (i, step) in self.steps.iter().enumerate() {
            let when = match step.deadline {
                Deadline::Immediately => "NOW",
                Deadline::SameDay => "TODAY",
                Deadline::Within1WorkingDay => "WITHIN 1 WORKING DAY",
                Deadline::Within72h => "WITHIN 72 HOURS",
                Deadline::Routine => "ROUTINE",
            };
            let must = if step.mandatory { "must" } else { "consider" };
            let _ = writeln!(
                out,
                "{:>2}. [{when}] ({must}) {} -> {}",
                i + 1,
                step.action.as_str().replace('_', " "),
                step.recipient
            );
            if let Some(contact) = &step.contact {
                let summary = contact.summary();
                if !summary.is_empty() {
                    let _ = writeln!(out, "      contact: {summary}");
                }
            }
            if let Some(note) = &step.note {
                let _ = writeln!(out, "      note: {note}");
            }
            let _ = writeln!(out, "      why: {}", step.source);
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "GAPS (profile and incident)");
            for w in &self.warnings {
                let _ = writeln!(out, "  ! {w}");
            }
        }
        out
    }
}

/// Turns an incident into a plan for a school.
///
/// Deterministic and pure: the same incident and profile always give the same plan.
///
/// # Examples
///
/// ```
/// use esafety_core::incident::{escalate, Incident, SchoolProfile};
///
/// // An allegation about the headteacher goes to the chair of governors, then the LADO.
/// let incident = Incident::from_json_str(r#"{"reporter": "all_staff",
///     "subjects": [{"role": "pupil", "age": 9}], "alleged": "headteacher",
///     "tags": ["staff_allegation"]}"#)?;
/// let plan = escalate(&incident, &SchoolProfile::national());
/// let who: Vec<&str> = plan.mandatory_steps().map(|s| s.recipient.as_str()).collect();
/// let chair = who.iter().position(|r| *r == "chair_of_governors").unwrap();
/// let lado = who.iter().position(|r| *r == "lado").unwrap();
/// assert!(chair < lado);
/// assert!(!who.contains(&"headteacher"));
/// assert!(plan.forbidden_ids().contains(&"inform_alleged_staff_member"));
/// # Ok::<(), esafety_core::incident::IncidentError>(())
/// ```
pub fn escalate(incident: &Incident, profile: &SchoolProfile) -> Plan {
    let class = classify(incident);
    let signals = Signals::of(incident);
    let when = out_of_hours(incident, profile);
    let mut b = Builder {
        incident,
        profile,
        class: &class,
        s: signals,
        steps: Vec::new(),
        forbidden: Vec::new(),
        out_of_hours: when.is_some(),
    };
    b.build(when.as_deref());
    let out_of_hours = when.is_some();
    let inform_parents = b.inform_parents();
    b.parents_step(inform_parents);
    b.closing_steps();
    let (steps, mut warnings) = b.finish();
    warnings.extend(input_warnings(incident));
    warnings.extend(fact_gaps(incident, &class));
    warnings.extend(dates::date_warnings(incident));
    warnings.extend(calendar_gap(incident, profile, &class, out_of_hours));
    if let Some(e) = procedure::load_error() {
        warnings.push(format!(
            "the procedure data could not be read ({e}): follow the school's written procedures"
        ));
    }
    let forbidden_details = b.forbidden.clone();
    let decisions = record::decisions(
        &steps,
        incident,
        class.category,
        !class.ukcis_triggers.is_empty(),
    );
    let mut plan = Plan {
        category: class.category,
        secondary: class.secondary.clone(),
        area: class.area,
        severity: class.severity,
        ukcis_triggers: class.ukcis_triggers.clone(),
        reasons: class.reasons.clone(),
        steps,
        forbidden: forbidden_details.iter().map(|f| f.action).collect(),
        forbidden_details,
        inform_parents,
        out_of_hours,
        profile: profile.id.clone(),
        warnings,
        decisions,
        incident: incident.clone(),
    };
    own_sources(&mut plan, &profile.id);
    plan
}

/// Every source in the plan as this school may cite it: no sibling school's seed policy
/// ([`crate::source::for_school`]).
fn own_sources(plan: &mut Plan, school: &str) {
    let own = |s: &mut String| *s = crate::source::for_school(s, school);
    plan.steps.iter_mut().for_each(|x| own(&mut x.source));
    plan.forbidden_details
        .iter_mut()
        .for_each(|x| own(&mut x.source));
    plan.reasons.iter_mut().for_each(|x| own(&mut x.source));
    plan.decisions.iter_mut().for_each(|x| own(&mut x.source));
}

/// Gaps in the incident itself that the plan cannot settle: an adult "pupil", an age and a
/// year group that disagree, a school list category the library cannot interpret, a
/// monitoring event with no time.
fn input_warnings(incident: &Incident) -> Vec<String> {
    let mut out = Vec::new();
    if incident.reporter.is_none() && !super::classify::from_a_system(incident) {
        out.push("reporter: no person is named as the reporter and no monitoring or filtering hit or tag is linked: the record says `not given`; name who reported it (a role id), or link the alert".to_owned());
    }
    for (i, s) in incident.subjects.iter().enumerate() {
        if let (true, Some(age), Some(year)) = (s.age_and_year_disagree(), s.age, s.year_group) {
            out.push(format!(
                "subjects[{i}]: age {age} and year group {year} disagree (Year {year} pupils are {} or {}): the reading that protects the child was used (under 13 if either says so); check the record",
                i16::from(year) + 4,
                i16::from(year) + 5
            ));
        }
        if s.is_adult_pupil() {
            out.push(format!(
                "subjects[{i}]: a pupil aged {} is an adult: the under-18 rules (UKCIS nudes guidance, parents told) do not apply; check the age",
                s.age.unwrap_or(18)
            ));
        }
    }
    for (i, h) in incident.hits.iter().enumerate() {
        if let Some(confidence) = h
            .confidence
            .filter(|c| *c < crate::scanner::context::FLAG_CONFIDENCE)
        {
            let cues: Vec<&str> = h.context.iter().map(|c| c.as_str()).collect();
            let why = match cues.is_empty() {
                true => String::new(),
                false => format!(", context: {}", cues.join(", ")),
            };
            out.push(format!(
                "hits[{i}]: the monitoring scanner did not flag this match (confidence {confidence:.2}{why}): it reads the words as no concern here; the plan is the one its category needs, for the DSL to confirm or close"
            ));
        }
        if let Ok(super::classify::HitMapping::Unmapped) =
            super::classify::map_hit(h.kind, &h.category, h.severity)
        {
            out.push(format!(
                "hits[{i}]: category `{}` is a school list category with no incident mapping: the DSL decides what it means",
                h.category
            ));
        }
    }
    // A tag the facts contradict: followed as tagged, and said.
    let hints = super::classify::hint_categories(incident);
    let staff_tag = hints.iter().any(|c| {
        matches!(
            c,
            Category::StaffAllegation | Category::StaffLowLevelConcern
        )
    });
    if let Some(a) = incident.alleged
        && staff_tag
        && !a.works_at_school()
        && a != super::input::Alleged::Unknown
    {
        out.push(format!(
            "tags: a concern about a member of staff, but `alleged` is `{}`: check who the concern is about (the staff route was followed as tagged)",
            a.as_str()
        ));
    }
    if incident.facts.incidental_and_deliberate() {
        out.push("facts: `incidental_exposure` and `deliberate` are both given and cannot both be right: the deliberate reading was used (it protects the child: the police lead and nothing is deleted); check the record".to_owned());
    }
    let ages_known = incident
        .subjects
        .iter()
        .any(|s| s.age.is_some() || s.year_group.is_some());
    if hints.contains(&Category::UnderagePlatformUse) && ages_known && !incident.under_13() {
        out.push("tags: `underage_platform_use`, but no pupil is under 13 by the ages given: check the ages (the underage route was followed as tagged)".to_owned());
    }
    let child_ages: Vec<_> = incident.subjects.iter().filter(|s| s.is_child()).collect();
    if incident.facts.under_13_involved
        && !child_ages.is_empty()
        && child_ages
            .iter()
            .all(|s| !s.may_be_under_13() && (s.age.is_some() || s.year_group.is_some()))
    {
        out.push("facts: `under_13_involved`, but every pupil's age is 13 or over: the under-13 reading was used (it protects the child); check the record".to_owned());
    }
    if incident.reported_at.is_none() && !incident.hits.is_empty() {
        out.push(
            "reported_at: the time of the event is not known, so the out-of-hours route was not assessed"
                .to_owned(),
        );
    }
    out
}

/// Facts the plan needs but was not given: it says so instead of guessing (issue 15).
fn fact_gaps(incident: &Incident, class: &super::classify::Classification) -> Vec<String> {
    let mut out = Vec::new();
    let image_case = class.all().any(Category::is_sexual_image);
    if image_case {
        for (i, s) in incident.subjects.iter().enumerate() {
            if s.role == super::input::Role::Pupil && s.age.is_none() && s.year_group.is_none() {
                out.push(format!(
                    "subjects[{i}]: the pupil's age is not given: whether they are under 18 (youth-produced imagery) or under 13 (UKCIS trigger (d) with sexual acts) cannot be decided; confirm the age before the initial review"
                ));
            }
        }
        // Only adult victims named (no staff among them): an adult involved changes nothing.
        let adult_victims =
            incident.adults_only() && !incident.subjects.iter().any(|s| s.role.works_at_school());
        if matches!(
            incident.alleged,
            None | Some(super::input::Alleged::Unknown)
        ) && !incident.facts.adult_involved
            && !adult_victims
        {
            out.push("alleged: who made or shared the image is not known: if an adult is involved it is child sexual abuse (UKCIS trigger (a)) and goes to the police".to_owned());
        }
    }
    if class.category == Category::SafeguardingConcern
        && class.reasons.iter().any(|r| r.rule == "fallback")
    {
        out.push("tags: no category fitted this concern (no tag, monitoring hit or decisive fact): the neutral safeguarding route was followed; the DSL records what the concern is (a child missing, missing education, neglect) and tags it if a category fits".to_owned());
    }
    if incident.subjects.is_empty() && incident.hits.is_empty() {
        out.push("subjects: nobody is named: whether a child is involved (parents told, children's social care) cannot be decided".to_owned());
    }
    // An urgent concern with no time: whether it needs the out-of-hours alert route cannot
    // be told (a monitoring event with no time is warned of with the input).
    if incident.reported_at.is_none() && incident.hits.is_empty() && class.urgent() {
        out.push(
            "reported_at: the time of the report is not given, so whether it came out of hours (and needs the out-of-hours alert route now) was not assessed; give the time"
                .to_owned(),
        );
    }
    // A date without a time reads as midnight in England, which is always out of hours:
    // the safe reading, but the record then holds a time nobody gave.
    if let Some(at) = incident.reported_at
        && class.urgent()
        && crate::vocabulary::SchoolClock::london().local(at).time() == chrono::NaiveTime::MIN
    {
        out.push(
            "reported_at: 00:00 exactly, as a date without a time reads: it was taken as out of hours (alert now); if only the date is known, record that the time was not given"
                .to_owned(),
        );
    }
    out
}

/// The warning for an urgent incident reported in school hours on a weekday by a school whose
/// policy names no term dates for that school year: whether the school was open (and the
/// out-of-hours route needed) could not be told.
fn calendar_gap(
    incident: &Incident,
    profile: &SchoolProfile,
    class: &super::classify::Classification,
    out_of_hours: bool,
) -> Option<String> {
    let at = incident.reported_at?;
    let day = crate::vocabulary::SchoolClock::london().local(at).date();
    let settings = &profile.settings;
    if out_of_hours || !class.urgent() || settings.closures_cover(day) {
        return None;
    }
    let names = if settings.closures.is_empty() {
        "the policy names no term dates"
    } else {
        "the policy names no closures in that school year"
    };
    Some(format!(
        "school.closures: {names}, so {day} was taken as a school day; if the school was closed (a holiday or INSET day), alert the out-of-hours contact now, and add the school's closures to its policy"
    ))
}

/// When the incident was reported, if that was out of hours: at the weekend, on a bank
/// holiday or a day the school is closed, or outside the school day (all by the school's
/// clock).
fn out_of_hours(incident: &Incident, profile: &SchoolProfile) -> Option<String> {
    let at = incident.reported_at?;
    // The school's own clock, not the reporter's offset: 08:30 in England is school time
    // whichever zone the report was written in.
    let at = crate::vocabulary::SchoolClock::london().local(at);
    if matches!(at.weekday(), Weekday::Sat | Weekday::Sun) {
        return Some("at the weekend".to_owned());
    }
    let settings = &profile.settings;
    if let Some(closed) = settings.closed_on(at.date()) {
        return Some(closed);
    }
    let (start, end) = settings.school_day();
    let time = chrono::NaiveTime::from_hms_opt(at.hour(), at.minute(), 0)?;
    (time < start || time >= end).then(|| {
        format!(
            "outside the school day ({} to {})",
            start.format("%H:%M"),
            end.format("%H:%M")
        )
    })
}
