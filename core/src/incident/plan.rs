//! The escalation plan: ordered steps, forbidden actions, parent notification, record
//! keeping and debrief (DOMAIN.md §5.2–§5.5, the seeds' incident procedures).
//!
//! Steps are built in the order a person would take them (999 first when a child is in
//! danger, then the first report, then the category's own steps, then parents, record and
//! debrief) and then stably sorted by [`Deadline`], so every step is listed no later than
//! any step with a later deadline. Steps with the same action and recipient are merged:
//! the stricter deadline wins, `mandatory` wins over `consider`, sources are joined.
//! When 999 is called, a separate 101 referral is dropped (999 *is* the police referral).

use super::classify::{Category, Classification, Reason, Signals, UkcisTrigger, classify};
use super::ids::id_enum;
use super::input::{Alleged, Device, Incident, Role};
use super::profile::{
    Contact, ExternalContact, FirstContact, IncidentalCsamRoute, PupilHackingRoute, Recipient,
    SchoolProfile, SearchRule,
};
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

id_enum! {
    /// Things staff must not do.
    ForbiddenAction, field = "forbidden" {
        /// Look at the image.
        ViewImage = "view_image",
        /// Copy, screenshot or photograph the image.
        CopyImage = "copy_image",
        /// Send the image on to anyone, including the DSL.
        ForwardImage = "forward_image",
        /// Print the image.
        PrintImage = "print_image",
        /// Save or store the image anywhere.
        SaveImage = "save_image",
        /// Ask a child to show, send or download the image.
        AskChildToSendImage = "ask_child_to_send_image",
        /// Delete the image, or ask the pupil to, before the DSL decides.
        DeleteBeforeDslDecision = "delete_before_dsl_decision",
        /// Ask the pupil to delete the image.
        AskChildToDeleteImage = "ask_child_to_delete_image",
        /// Question children about what the image shows.
        QuestionChildAboutImage = "question_child_about_image",
        /// Tell other staff who do not need to know.
        TellOtherStaff = "tell_other_staff",
        /// Tell other pupils.
        TellOtherPupils = "tell_other_pupils",
        /// Tell other parents.
        TellOtherParents = "tell_other_parents",
        /// Blame or shame the child.
        BlameChild = "blame_child",
        /// Warn or tell the member of staff the allegation is about.
        InformAllegedStaffMember = "inform_alleged_staff_member",
        /// Investigate before speaking to the LADO.
        InvestigateBeforeLado = "investigate_before_lado",
        /// Contact the suspect.
        ContactSuspect = "contact_suspect",
        /// Delete messages, images, logs or accounts that are evidence.
        DeleteEvidence = "delete_evidence",
        /// Investigate yourself instead of referring.
        InvestigateYourself = "investigate_yourself",
        /// Pay, or engage with, the person making threats.
        PayOrEngageWithOffender = "pay_or_engage_with_offender",
        /// Spread the content further.
        ShareContentFurther = "share_content_further",
        /// Open or look at the material again.
        AccessMaterialAgain = "access_material_again",
        /// Dismiss it because it is "only online".
        IgnoreBecauseOnline = "ignore_because_online",
        /// Leave a monitoring alert unread.
        LeaveAlertUnread = "leave_alert_unread",
        /// Create an account for a child under 13 on a 13+ service.
        CreateUnder13Account = "create_under_13_account",
    }
}

impl ForbiddenAction {
    /// What the forbidden action means, for a person.
    pub fn describe(self) -> &'static str {
        use ForbiddenAction::*;
        match self {
            ViewImage => {
                "do not look at the image (only the DSL may, and only if there is no other way to safeguard the child)"
            }
            CopyImage => "do not copy, screenshot or photograph it",
            ForwardImage => "do not send it to anyone, not even the DSL",
            PrintImage => "do not print it",
            SaveImage => "do not save or store it anywhere",
            AskChildToSendImage => "do not ask a child to show, send or download it",
            DeleteBeforeDslDecision => "do not delete it before the DSL decides",
            AskChildToDeleteImage => "do not ask the pupil to delete it",
            QuestionChildAboutImage => "do not question the children about what it shows",
            TellOtherStaff => "do not tell other staff who do not need to know",
            TellOtherPupils => "do not tell other pupils",
            TellOtherParents => "do not tell other parents",
            BlameChild => "do not blame or shame the child",
            InformAllegedStaffMember => "do not tell or warn the adult the allegation is about",
            InvestigateBeforeLado => "do not investigate before the LADO has been consulted",
            ContactSuspect => "do not contact the suspect",
            DeleteEvidence => "do not delete messages, images, logs or accounts: they are evidence",
            InvestigateYourself => "do not investigate yourself: refer",
            PayOrEngageWithOffender => "do not pay or reply to the person making threats",
            ShareContentFurther => "do not share or forward the content",
            AccessMaterialAgain => "do not open or look at the material again",
            IgnoreBecauseOnline => "do not dismiss it because it is only online",
            LeaveAlertUnread => "do not leave a monitoring alert unread",
            CreateUnder13Account => "do not create accounts for under-13s on 13+ services",
        }
    }
}

/// One step of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// What to do, a snake_case id (`call_999`, `report_to_dsl`, `refer_to_lado`).
    pub action: String,
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

/// A forbidden action with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForbiddenDetail {
    /// The action id.
    pub action: ForbiddenAction,
    /// What it means.
    pub text: String,
    /// Where the rule comes from.
    pub source: String,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// the incident (an adult "pupil", an unmapped list category, an unknown time).
    pub warnings: Vec<String>,
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
                step.action.replace('_', " "),
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
            let _ = writeln!(out, "PROFILE GAPS");
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
    let mut b = Builder {
        incident,
        profile,
        class: &class,
        s: signals,
        steps: Vec::new(),
        forbidden: Vec::new(),
    };
    b.build(is_out_of_hours(incident, profile));
    let out_of_hours = is_out_of_hours(incident, profile);
    let inform_parents = b.inform_parents();
    b.parents_step(inform_parents);
    b.closing_steps();
    let (steps, mut warnings) = b.finish();
    warnings.extend(input_warnings(incident));
    let forbidden_details = b.forbidden.clone();
    Plan {
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
    }
}

/// Gaps in the incident itself that the plan cannot settle: an adult "pupil", a school
/// list category the library cannot interpret, a monitoring event with no time.
fn input_warnings(incident: &Incident) -> Vec<String> {
    let mut out = Vec::new();
    for (i, s) in incident.subjects.iter().enumerate() {
        if s.is_adult_pupil() {
            out.push(format!(
                "subjects[{i}]: a pupil aged {} is an adult: the under-18 rules (UKCIS nudes guidance, parents told) do not apply; check the age",
                s.age.unwrap_or(18)
            ));
        }
    }
    for (i, h) in incident.hits.iter().enumerate() {
        if let Ok(super::classify::HitMapping::Unmapped) =
            super::classify::map_hit(h.kind, &h.category, h.severity)
        {
            out.push(format!(
                "hits[{i}]: category `{}` is a school list category with no incident mapping: the DSL decides what it means",
                h.category
            ));
        }
    }
    if incident.reported_at.is_none() && !incident.hits.is_empty() {
        out.push(
            "reported_at: the time of the event is not known, so the out-of-hours route was not assessed"
                .to_owned(),
        );
    }
    out
}

fn is_out_of_hours(incident: &Incident, profile: &SchoolProfile) -> bool {
    let Some(at) = incident.reported_at else {
        return false;
    };
    if matches!(at.weekday(), Weekday::Sat | Weekday::Sun) {
        return true;
    }
    let (start, end) = profile.settings.school_day();
    let time = chrono::NaiveTime::from_hms_opt(at.hour(), at.minute(), 0).unwrap_or_default();
    time < start || time >= end
}

const M: bool = true;
const C: bool = false;

struct Builder<'a> {
    incident: &'a Incident,
    profile: &'a SchoolProfile,
    class: &'a Classification,
    s: Signals,
    steps: Vec<Step>,
    forbidden: Vec<ForbiddenDetail>,
}

impl Builder<'_> {
    fn add(
        &mut self,
        action: &str,
        to: impl Into<Recipient>,
        deadline: Deadline,
        mandatory: bool,
        source: &str,
    ) {
        self.add_note(action, to, deadline, mandatory, source, None);
    }

    fn add_note(
        &mut self,
        action: &str,
        to: impl Into<Recipient>,
        deadline: Deadline,
        mandatory: bool,
        source: &str,
        note: Option<String>,
    ) {
        let recipient = to.into();
        if let Some(existing) = self
            .steps
            .iter_mut()
            .find(|s| s.action == action && s.recipient == recipient)
        {
            existing.deadline = existing.deadline.min(deadline);
            existing.mandatory |= mandatory;
            if !existing.source.contains(source) {
                existing.source = format!("{}; {}", existing.source, source);
            }
            if existing.note.is_none() {
                existing.note = note;
            }
            return;
        }
        self.steps.push(Step {
            action: action.to_owned(),
            recipient,
            deadline,
            mandatory,
            source: source.to_owned(),
            contact: None,
            note,
        });
    }

    fn forbid(&mut self, actions: &[ForbiddenAction], source: &str) {
        for a in actions {
            if !self.forbidden.iter().any(|f| f.action == *a) {
                self.forbidden.push(ForbiddenDetail {
                    action: *a,
                    text: a.describe().to_owned(),
                    source: source.to_owned(),
                });
            }
        }
    }

    fn has(&self, c: Category) -> bool {
        self.class.has(c)
    }

    fn danger(&self) -> bool {
        self.incident.facts.immediate_danger
    }

    /// 999 when a child is in danger, otherwise 101.
    fn police(&self) -> ExternalContact {
        if self.danger() {
            ExternalContact::PoliceEmergency
        } else {
            ExternalContact::PoliceNonEmergency
        }
    }

    /// The DSL, or the deputy when the head is both DSL and the subject of the allegation.
    fn dsl(&self) -> Role {
        if self.profile.settings.head_is_dsl && self.s.head_alleged {
            Role::DeputyDsl
        } else {
            Role::Dsl
        }
    }

    /// The case manager for allegations: the head, or the chair when it is about the head.
    fn case_manager(&self) -> Role {
        if self.s.head_alleged {
            Role::ChairOfGovernors
        } else {
            Role::Headteacher
        }
    }

    fn url_known(&self) -> bool {
        self.incident
            .hits
            .iter()
            .any(|h| h.url.is_some() || h.kind == super::input::HitKind::Url)
    }

    /// Whether the incident is a filter block drafted by the pipeline (nothing was shown).
    fn blocked(&self) -> bool {
        self.incident.tags.iter().any(|t| t == "filter_block")
    }

    fn child(&self) -> bool {
        self.s.child
    }

    fn build(&mut self, out_of_hours: bool) {
        let f = self.incident.facts;
        // R2: 999 first, whatever the category.
        if self.danger() {
            self.add_note(
                "call_999",
                ExternalContact::PoliceEmergency,
                Deadline::Immediately,
                M,
                "DOMAIN.md §5.2 R2; §5.4 (999 whenever there is immediate danger)",
                Some("a child is in immediate danger or at risk of harm: call 999 now, then tell the DSL".to_owned()),
            );
        }
        // R3: allegations about adults working at the school go to the case manager first.
        if self.has(Category::StaffAllegation) {
            let cm = self.case_manager();
            let note = if cm == Role::ChairOfGovernors {
                "the allegation is about the headteacher: the chair of governors is the case manager; do not route it through the head"
            } else {
                "the headteacher is the case manager for allegations against staff"
            };
            self.add_note(
                "report_to_case_manager",
                cm,
                Deadline::Immediately,
                M,
                "DOMAIN.md §5.2 R3; §5.3 staff_allegation; KCSIE Part 4",
                Some(note.to_owned()),
            );
        }
        // Seed 004: suspected nude image → confiscate, tell the head, who decides with the DSL.
        let image_case = self.class.all().any(Category::is_sexual_image);
        if image_case
            && self.profile.settings.first_contact_image_incidents == FirstContact::Headteacher
            && !self.s.head_alleged
        {
            self.add_note(
                "secure_device",
                Role::AllStaff,
                Deadline::Immediately,
                M,
                "seed 004 §6.3; DOMAIN.md §8 (first contact for image incidents)",
                Some("confiscate the device without looking at the image".to_owned()),
            );
            self.add_note(
                "report_to_headteacher",
                Role::Headteacher,
                Deadline::Immediately,
                M,
                "seed 004 §6.3; DOMAIN.md §8 (first contact for image incidents: headteacher)",
                Some("the headteacher decides what happens next; the DSL makes the decision under UKCIS".to_owned()),
            );
        }
        // R1: the DSL, immediately (data categories: the same day; the DPL leads).
        let data_only = self
            .class
            .all()
            .all(|c| matches!(c, Category::DataBreach | Category::ImageConsentBreach));
        let dsl = self.dsl();
        let dsl_note = if self.has(Category::StaffAllegation) {
            Some("the DSL looks after the child's welfare while the case manager handles the allegation".to_owned())
        } else if dsl == Role::DeputyDsl {
            Some("the headteacher is the DSL and the subject: use the deputy DSL".to_owned())
        } else {
            None
        };
        self.add_note(
            "report_to_dsl",
            dsl,
            if data_only {
                Deadline::SameDay
            } else {
                Deadline::Immediately
            },
            M,
            "DOMAIN.md §5.2 R1",
            dsl_note,
        );
        if out_of_hours {
            self.out_of_hours_step();
        }
        if self.profile.settings.online_safety_lead {
            self.add(
                "inform_online_safety_lead",
                Role::OnlineSafetyLead,
                Deadline::SameDay,
                C,
                "seed 000 Technical Infrastructure ('reported immediately to the Online Safety Lead or DSL')",
            );
        }

        let categories: Vec<Category> = self.class.all().collect();
        for c in categories {
            self.category_steps(c);
        }
        // UKCIS immediate referral (a)-(e), for every image incident.
        self.ukcis_referrals();

        // R4: other schools or the public → police first, then the LA team.
        if f.other_schools_involved || f.public_at_risk {
            let police_step = self
                .steps
                .iter()
                .any(|s| s.mandatory && s.action == "refer_to_police" || s.action == "call_999");
            if !police_step {
                self.add_note(
                    "consult_police_before_sharing",
                    ExternalContact::PoliceNonEmergency,
                    Deadline::SameDay,
                    M,
                    "DOMAIN.md §5.2 R4; seed 003 §10",
                    Some(
                        "talk to the police first so that an investigation is not compromised"
                            .to_owned(),
                    ),
                );
            }
            self.add_note(
                "share_with_la_education_safeguarding",
                ExternalContact::LaEducationSafeguarding,
                Deadline::SameDay,
                M,
                "DOMAIN.md §5.2 R4; seeds 000, 001",
                Some("only after the police have been consulted; the LA team tells the other schools".to_owned()),
            );
        }

        // R7: searching a pupil's personal device.
        let evidence_on_device = image_case
            || self.has(Category::Cyberbullying)
            || self.has(Category::OnlineSexualHarassment)
            || self.has(Category::OnlineHate);
        let pupil_device = self.incident.device == Some(Device::Personal)
            && self.incident.subjects.iter().any(|s| s.role == Role::Pupil)
            && matches!(
                self.incident.alleged,
                Some(Alleged::Pupil) | None | Some(Alleged::Unknown)
            );
        if evidence_on_device && pupil_device {
            let (note, source) = match self.profile.settings.search_rule {
                SearchRule::Dfe => (
                    "searches and deletions follow the DfE 'Searching, screening and confiscation' guidance",
                    "DOMAIN.md §5.2 R7",
                ),
                SearchRule::PupilOrParentConsent => (
                    "a member of the leadership team searches, with the consent of the pupil or a parent",
                    "seed 001 Pupils' use of personal devices; DOMAIN.md §5.2 R7",
                ),
                SearchRule::PupilConsentElseParents => (
                    "ask the pupil's consent; if they refuse there is no search and parents are called immediately",
                    "seed 004 §6.3; DOMAIN.md §5.2 R7",
                ),
            };
            self.add_note(
                "search_device_per_school_rule",
                Role::Dsl,
                Deadline::SameDay,
                C,
                source,
                Some(note.to_owned()),
            );
            if self.profile.settings.search_rule == SearchRule::PupilConsentElseParents {
                self.add_note(
                    "call_parents_if_search_refused",
                    Role::ParentCarer,
                    Deadline::Immediately,
                    C,
                    "seed 004 §6.3",
                    Some("if the pupil refuses a search, call the parents immediately".to_owned()),
                );
            }
        }
    }

    fn image_forbidden(&mut self, source: &str) {
        use ForbiddenAction::*;
        self.forbid(
            &[
                ViewImage,
                CopyImage,
                ForwardImage,
                PrintImage,
                SaveImage,
                AskChildToSendImage,
                DeleteBeforeDslDecision,
                AskChildToDeleteImage,
                QuestionChildAboutImage,
                TellOtherStaff,
                TellOtherPupils,
                TellOtherParents,
                BlameChild,
                DeleteEvidence,
            ],
            source,
        );
    }

    fn preserve_evidence(&mut self) {
        // An allegation against staff is never investigated before the LADO is consulted.
        if self.has(Category::StaffAllegation) {
            return;
        }
        self.add_note(
            "preserve_evidence_two_staff_one_computer",
            Role::Dsl,
            Deadline::SameDay,
            M,
            "DOMAIN.md §5.2 R6; seed 000 Reporting and Response to incidents",
            Some(
                "at least two staff, one a senior leader, on one designated computer; record URLs, keep signed and dated screenshots; stop at once if child abuse images appear"
                    .to_owned(),
            ),
        );
    }

    fn category_steps(&mut self, c: Category) {
        use Deadline::*;
        use ForbiddenAction as F;
        let f = self.incident.facts;
        let police = self.police();
        match c {
            Category::Csam => {
                let incidental = f.incidental_exposure && !self.s.adult && !self.s.staff_alleged;
                let route = self.profile.settings.incidental_csam_exposure;
                if !incidental {
                    if f.image_involved || self.incident.device.is_some() {
                        self.add_note(
                            "secure_and_switch_off_device",
                            Role::AllStaff,
                            Immediately,
                            M,
                            "DOMAIN.md §5.3 csam; seed 000 Sexting",
                            Some(
                                "do not open, copy or delete anything; give the device to the DSL"
                                    .to_owned(),
                            ),
                        );
                    }
                    self.add(
                        "stop_all_access_to_material",
                        Role::AllStaff,
                        Immediately,
                        M,
                        "DOMAIN.md §5.2 R6; seed 000 Reporting ('no further access')",
                    );
                }
                let on_school_device =
                    f.image_involved && self.incident.device == Some(Device::School);
                if self.url_known() || incidental || on_school_device {
                    self.add_note(
                        "report_url_to_iwf",
                        ExternalContact::Iwf,
                        Immediately,
                        M,
                        "DOMAIN.md §5.3 csam; seed 003 §11.4 ('Immediately inform ... the IWF')",
                        Some("report the web address where the image was found, never the image itself".to_owned()),
                    );
                } else {
                    self.add_note(
                        "report_url_to_iwf",
                        ExternalContact::Iwf,
                        SameDay,
                        C,
                        "DOMAIN.md §5.3 csam",
                        Some(
                            "if the image is online, report its web address (never the image)"
                                .to_owned(),
                        ),
                    );
                }
                if incidental && route == IncidentalCsamRoute::IwfAndDelete {
                    self.add_note(
                        "delete_incidental_copies",
                        self.dsl(),
                        SameDay,
                        M,
                        "DOMAIN.md §5.3 csam (staff merely came across it); seed 003 §11.4",
                        Some("delete copies such as emails, after the IWF report".to_owned()),
                    );
                    self.add_note(
                        "seek_police_advice_if_unclear",
                        ExternalContact::PoliceNonEmergency,
                        SameDay,
                        C,
                        "seed 003 §11.4",
                        Some("if it is unclear whether an offence was committed".to_owned()),
                    );
                } else {
                    let source = if incidental {
                        "seed 000 Reporting ('referred to the Police immediately'); profile setting incidental_csam_exposure = police"
                    } else {
                        "DOMAIN.md §5.3 csam; §5.5 step 7; seed 000 Reporting ('referred to the Police immediately')"
                    };
                    self.add_note(
                        "refer_to_police",
                        police,
                        Immediately,
                        M,
                        source,
                        Some("copies are kept only if the police ask (seed 003 §11.4)".to_owned()),
                    );
                    self.forbid(
                        &[F::DeleteEvidence, F::AccessMaterialAgain],
                        "DOMAIN.md §5.2 R6; §5.3 csam",
                    );
                }
                if !incidental && f.image_involved && self.incident.device == Some(Device::School) {
                    self.add(
                        "refer_to_csc",
                        ExternalContact::CscFrontDoor,
                        Immediately,
                        M,
                        "DOMAIN.md §5.3 csam (found on school devices); seed 003 §11.4",
                    );
                }
                if !incidental && self.child() {
                    self.add(
                        "support_child",
                        self.dsl(),
                        SameDay,
                        M,
                        "DOMAIN.md §5.5 step 1; §5.3 csam",
                    );
                    if matches!(
                        self.incident.alleged,
                        Some(Alleged::AdultOutside) | Some(Alleged::Unknown) | None
                    ) && self.s.adult
                    {
                        self.add(
                            "report_to_ceop",
                            ExternalContact::Ceop,
                            SameDay,
                            C,
                            "DOMAIN.md §5.3 grooming_cse (Click CEOP)",
                        );
                    }
                }
                self.image_forbidden("DOMAIN.md §5.3 csam; §5.5 step 1");
                if self.s.adult && !self.s.staff_alleged {
                    self.forbid(&[F::ContactSuspect], "DOMAIN.md §5.3 grooming_cse");
                }
                if incidental {
                    self.forbidden.retain(|d| {
                        !matches!(
                            d.action,
                            F::DeleteBeforeDslDecision
                                | F::AskChildToDeleteImage
                                | F::DeleteEvidence
                        )
                    });
                }
            }
            Category::Sextortion => {
                self.add(
                    "preserve_evidence",
                    self.dsl(),
                    Immediately,
                    M,
                    "DOMAIN.md §5.3 sextortion (treat as child sexual abuse)",
                );
                self.add_note(
                    "refer_to_police",
                    police,
                    Immediately,
                    M,
                    "DOMAIN.md §5.3 sextortion ('police urgently'; the same day at the latest)",
                    None,
                );
                self.add(
                    "report_to_ceop",
                    ExternalContact::Ceop,
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 sextortion",
                );
                self.add(
                    "refer_to_csc",
                    ExternalContact::CscFrontDoor,
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 sextortion",
                );
                self.add(
                    "support_child",
                    self.dsl(),
                    Immediately,
                    M,
                    "DOMAIN.md §5.3 sextortion",
                );
                self.add_note(
                    "point_to_report_remove",
                    ExternalContact::ReportRemove,
                    SameDay,
                    C,
                    "DOMAIN.md §5.3 sextortion; §5.5 step 5",
                    Some("the young person can ask for the image to be taken down".to_owned()),
                );
                self.forbid(
                    &[
                        F::PayOrEngageWithOffender,
                        F::ContactSuspect,
                        F::DeleteEvidence,
                    ],
                    "DOMAIN.md §5.3 sextortion",
                );
                self.image_forbidden("DOMAIN.md §5.3 sextortion; §5.5 step 1");
            }
            Category::GroomingCse | Category::CriminalExploitation => {
                let source = if c == Category::GroomingCse {
                    "DOMAIN.md §5.3 grooming_cse; seed 003 §11.3"
                } else {
                    "DOMAIN.md §5.3 criminal_exploitation (as grooming_cse); seed 003 §11.3"
                };
                self.add("secure_devices", self.dsl(), Immediately, M, source);
                self.add_note(
                    "refer_to_police",
                    police,
                    Immediately,
                    M,
                    "DOMAIN.md §5.3 grooming_cse; seed 003 §11.3 ('immediately inform the Police via 101, or 999 if a child is at immediate risk')",
                    None,
                );
                self.add(
                    "refer_to_csc",
                    ExternalContact::CscFrontDoor,
                    SameDay,
                    M,
                    source,
                );
                self.add("risk_assessment", self.dsl(), SameDay, M, source);
                self.add("support_child", self.dsl(), SameDay, M, "seed 003 §11.3");
                if c == Category::GroomingCse {
                    self.add(
                        "report_to_ceop",
                        ExternalContact::Ceop,
                        SameDay,
                        C,
                        "DOMAIN.md §5.3 grooming_cse (Click CEOP)",
                    );
                } else {
                    self.add_note(
                        "follow_local_exploitation_procedure",
                        self.dsl(),
                        SameDay,
                        M,
                        "DOMAIN.md §5.3 criminal_exploitation; seed 003 §11.8 (CRE procedure)",
                        Some("children at risk of exploitation procedure and risk assessment toolkit".to_owned()),
                    );
                }
                self.forbid(
                    &[F::ContactSuspect, F::InvestigateYourself, F::DeleteEvidence],
                    source,
                );
            }
            Category::NudesU18 => {
                self.add_note(
                    "secure_device",
                    Role::AllStaff,
                    Immediately,
                    M,
                    "DOMAIN.md §5.5 step 1; seed 000 Sexting; seed 004 §6.3",
                    Some("confiscate or secure it, switched off; do not look, delete or ask the pupil to delete".to_owned()),
                );
                self.add_note(
                    "tell_child_it_will_be_passed_on",
                    Role::Pupil,
                    Immediately,
                    M,
                    "DOMAIN.md §5.5 step 1",
                    Some("tell the child the concern will be passed on and that they will get support".to_owned()),
                );
                self.add_note(
                    "hold_initial_review_meeting",
                    self.dsl(),
                    SameDay,
                    M,
                    "DOMAIN.md §5.5 step 2 (UKCIS initial review)",
                    Some("with the relevant staff; then talk to the children involved if appropriate".to_owned()),
                );
                if self.class.ukcis_triggers.is_empty() {
                    self.add_note(
                        "handle_internally_with_support",
                        self.dsl(),
                        SameDay,
                        C,
                        "DOMAIN.md §5.5 step 3 (no trigger applies)",
                        Some(
                            "the school may deal with it internally and can escalate at any time"
                                .to_owned(),
                        ),
                    );
                    self.add(
                        "record_decision_not_to_refer",
                        self.dsl(),
                        SameDay,
                        M,
                        "DOMAIN.md §5.5 step 6",
                    );
                    self.add_note(
                        "consider_deletion_after_dsl_confirms",
                        self.dsl(),
                        Routine,
                        C,
                        "DOMAIN.md §5.5 step 5; seed 003 §11.2",
                        Some(
                            "only once the DSL confirms no other agency needs to be involved"
                                .to_owned(),
                        ),
                    );
                }
                self.add("risk_assessment", self.dsl(), SameDay, M, "seed 003 §11.2");
                self.add(
                    "point_to_report_remove",
                    ExternalContact::ReportRemove,
                    SameDay,
                    C,
                    "DOMAIN.md §5.5 step 5",
                );
                if self.incident.device == Some(Device::School) {
                    self.add(
                        "block_and_isolate_image",
                        Role::ItProvider,
                        Immediately,
                        M,
                        "DOMAIN.md §5.5 step 5; seed 003 §11.2",
                    );
                }
                self.image_forbidden("DOMAIN.md §5.3 nudes_u18; §5.5 step 1 (UKCIS)");
            }
            Category::TerroristContent => {
                self.add(
                    "block_url",
                    Role::ItProvider,
                    Immediately,
                    M,
                    "DOMAIN.md §5.3 terrorist_content",
                );
                self.add_note(
                    "report_terrorist_content",
                    ExternalContact::CounterTerrorismReporting,
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 terrorist_content",
                    Some(
                        "report it online via the government 'report terrorism' service".to_owned(),
                    ),
                );
                let community = f.shared_further
                    || (f.deliberate
                        && matches!(
                            self.incident.alleged,
                            Some(Alleged::Pupil | Alleged::Staff | Alleged::Parent)
                        ));
                self.add(
                    "refer_to_police",
                    police,
                    if community { Immediately } else { SameDay },
                    community,
                    "DOMAIN.md §5.3 terrorist_content (police if shared or made by someone in the school community)",
                );
                self.add(
                    "consider_prevent_referral",
                    ExternalContact::PreventTeam,
                    SameDay,
                    C,
                    "DOMAIN.md §5.3 terrorist_content",
                );
                self.forbid(
                    &[F::ShareContentFurther],
                    "DOMAIN.md §5.3 terrorist_content",
                );
            }
            Category::Radicalisation => {
                if self.s.staff_alleged {
                    self.add(
                        "report_to_case_manager",
                        self.case_manager(),
                        Immediately,
                        M,
                        "DOMAIN.md §5.3 radicalisation (staff: headteacher plus allegations process); seed 003 §11.7",
                    );
                } else {
                    self.add_note(
                        "refer_to_prevent",
                        ExternalContact::PreventTeam,
                        SameDay,
                        M,
                        "DOMAIN.md §5.3 radicalisation; seed 003 §11.7",
                        Some("through the local Prevent pathway; Channel support is voluntary and consent-based".to_owned()),
                    );
                }
                if self.danger() {
                    self.add(
                        "call_anti_terrorist_hotline",
                        ExternalContact::CounterTerrorismReporting,
                        Immediately,
                        C,
                        "DOMAIN.md §5.3 radicalisation (emergency: 999 or Anti-Terrorist Hotline)",
                    );
                }
                self.forbid(&[F::IgnoreBecauseOnline], "DOMAIN.md §5.3 radicalisation");
            }
            Category::SelfHarmSuicide => {
                self.add_note(
                    "make_sure_child_is_safe_now",
                    self.dsl(),
                    Immediately,
                    M,
                    "DOMAIN.md §5.3 self_harm_suicide ('immediately (minutes, not days)')",
                    Some("act on the alert now, out of hours too".to_owned()),
                );
                if !self.danger() {
                    self.add_note(
                        "call_999_if_imminent_risk",
                        ExternalContact::PoliceEmergency,
                        Immediately,
                        C,
                        "DOMAIN.md §5.3 self_harm_suicide ('999 if there is imminent risk')",
                        Some("if the child cannot be reached or is at imminent risk".to_owned()),
                    );
                }
                self.add(
                    "pastoral_or_mental_health_pathway",
                    self.dsl(),
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 self_harm_suicide",
                );
                self.forbid(
                    &[F::LeaveAlertUnread],
                    "DOMAIN.md §5.3 self_harm_suicide; §6 monitoring",
                );
            }
            Category::OnlineSexualHarassment => {
                self.add(
                    "follow_child_protection_and_anti_bullying_policies",
                    self.dsl(),
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 online_sexual_harassment; seed 003 §11.1",
                );
                self.add(
                    "support_all_children_involved",
                    self.dsl(),
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 online_sexual_harassment; seed 003 §11.1",
                );
                if f.criminal_offence_suspected {
                    self.add_note(
                        "refer_to_police",
                        police,
                        SameDay,
                        M,
                        "DOMAIN.md §5.3 online_sexual_harassment (upskirting is a criminal offence; police first before other settings, seed 003 §11.1)",
                        None,
                    );
                } else {
                    self.add(
                        "refer_to_csc",
                        ExternalContact::CscFrontDoor,
                        SameDay,
                        C,
                        "DOMAIN.md §5.3 online_sexual_harassment (CSC and/or police as appropriate)",
                    );
                }
                if !self.s.sexual_image {
                    self.preserve_evidence();
                }
                self.forbid(
                    &[F::DeleteEvidence, F::BlameChild],
                    "DOMAIN.md §5.3 online_sexual_harassment",
                );
            }
            Category::OnlineHate => {
                self.add(
                    "keep_evidence",
                    Role::AllStaff,
                    Immediately,
                    M,
                    "DOMAIN.md §5.3 online_hate",
                );
                self.add(
                    "follow_behaviour_or_anti_bullying_policy",
                    self.dsl(),
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 online_hate; seed 003 §11.6",
                );
                if f.criminal_offence_suspected {
                    self.add(
                        "refer_to_police",
                        police,
                        SameDay,
                        M,
                        "DOMAIN.md §5.3 online_hate (police where criminal); seed 003 §11.6",
                    );
                } else {
                    self.add_note(
                        "seek_police_or_hate_service_advice",
                        ExternalContact::PoliceNonEmergency,
                        SameDay,
                        C,
                        "seed 003 §11.6",
                        Some("if unsure whether an offence was committed".to_owned()),
                    );
                }
                self.preserve_evidence();
                self.forbid(&[F::DeleteEvidence], "DOMAIN.md §5.3 online_hate");
            }
            Category::Cyberbullying => {
                self.add_note(
                    "keep_evidence",
                    Role::AllStaff,
                    Immediately,
                    M,
                    "DOMAIN.md §5.3 cyberbullying; seed 000 Cyberbullying",
                    Some("screenshots with dates and usernames; advise those involved to keep them too".to_owned()),
                );
                self.add(
                    "follow_anti_bullying_policy",
                    self.dsl(),
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 cyberbullying; seed 000 Cyberbullying; seed 004 §6.2",
                );
                if !self.has(Category::StaffAllegation) {
                    self.add_note(
                        "identify_those_involved",
                        self.dsl(),
                        SameDay,
                        C,
                        "seed 000 Cyberbullying",
                        Some("school system logs, witnesses, the service provider".to_owned()),
                    );
                }
                self.add(
                    "request_content_removal",
                    self.dsl(),
                    SameDay,
                    C,
                    "DOMAIN.md §5.3 cyberbullying",
                );
                self.add(
                    "suspend_access",
                    Role::ItProvider,
                    SameDay,
                    C,
                    "DOMAIN.md §5.3 cyberbullying; seed 000",
                );
                if f.criminal_offence_suspected {
                    self.add(
                        "refer_to_police",
                        police,
                        SameDay,
                        M,
                        "DOMAIN.md §5.3 cyberbullying; seed 000 Cyberbullying ('the police being contacted if a criminal offence is suspected')",
                    );
                }
                self.preserve_evidence();
                self.forbid(
                    &[F::DeleteEvidence],
                    "DOMAIN.md §5.3 cyberbullying ('deleting evidence before it is recorded')",
                );
            }
            Category::DataBreach | Category::ImageConsentBreach => {
                if c == Category::ImageConsentBreach {
                    self.add_note(
                        "remove_image",
                        Role::SocialMediaOfficer,
                        Immediately,
                        M,
                        "DOMAIN.md §5.3 image_consent_breach",
                        Some("take it down from every channel it was published on".to_owned()),
                    );
                }
                self.add(
                    "tell_data_protection_lead",
                    Role::DataProtectionLead,
                    Immediately,
                    M,
                    "DOMAIN.md §5.3 data_breach; seed 000 Data Protection ('immediately')",
                );
                self.add(
                    "record_in_breach_log",
                    Role::DataProtectionLead,
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 data_breach",
                );
                self.add(
                    "decide_ico_notification",
                    Role::DataProtectionLead,
                    Within72h,
                    M,
                    "DOMAIN.md §5.3; §5.4 (ICO within 72 h of becoming aware)",
                );
                self.add_note(
                    "notify_ico",
                    ExternalContact::Ico,
                    Within72h,
                    C,
                    "DOMAIN.md §5.3 data_breach; UK GDPR Art. 33",
                    Some(
                        "only if the breach is likely to risk people's rights and freedoms"
                            .to_owned(),
                    ),
                );
            }
            Category::Cybercrime => {
                self.add(
                    "follow_behaviour_policy",
                    self.dsl(),
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 cybercrime; seed 003 §11.8",
                );
                match self.profile.settings.pupil_hacking_route {
                    PupilHackingRoute::CyberChoices => self.add_note(
                        "refer_to_cyber_choices",
                        ExternalContact::CyberChoicesRocu,
                        Routine,
                        M,
                        "DOMAIN.md §5.3 cybercrime; seed 003 §11.8",
                        Some("early intervention; no set deadline".to_owned()),
                    ),
                    PupilHackingRoute::Police => self.add(
                        "refer_to_police",
                        ExternalContact::PoliceNonEmergency,
                        Routine,
                        M,
                        "seeds 000, 001 (Computer Misuse Act breaches reported to police); profile setting pupil_hacking_route = police",
                    ),
                }
                if f.criminal_offence_suspected {
                    self.add(
                        "refer_to_police",
                        police,
                        SameDay,
                        M,
                        "DOMAIN.md §5.3 cybercrime (police for serious Computer Misuse Act offences)",
                    );
                }
                if f.coercion_or_blackmail {
                    self.add(
                        "follow_local_exploitation_procedure",
                        self.dsl(),
                        SameDay,
                        M,
                        "DOMAIN.md §5.3 cybercrime (exploited for their skills); seed 003 §11.8",
                    );
                }
                self.preserve_evidence();
                self.forbid(&[F::DeleteEvidence], "DOMAIN.md §5.2 R6");
            }
            Category::UnauthorisedRecording => {
                self.add_note(
                    "challenge_and_ask_for_deletion",
                    Role::AllStaff,
                    Immediately,
                    M,
                    "DOMAIN.md §5.3 unauthorised_recording; seeds 001, 003",
                    Some(
                        "challenge when safe, ask for deletion or removal, tell the DSL".to_owned(),
                    ),
                );
                self.add_note(
                    "check_for_protected_children",
                    self.dsl(),
                    SameDay,
                    C,
                    "DOMAIN.md §5.3 unauthorised_recording",
                    Some("if an identifiable child is also protected, treat it as a safeguarding issue".to_owned()),
                );
            }
            Category::StaffLowLevelConcern => {
                self.add_note(
                    "report_low_level_concern",
                    self.case_manager(),
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 staff_low_level_concern; KCSIE Part 4 (low-level concerns)",
                    Some(if self.s.head_alleged {
                        "the concern is about the headteacher: share it with the chair of governors"
                            .to_owned()
                    } else {
                        "under the low-level concerns policy".to_owned()
                    }),
                );
                self.add(
                    "code_of_conduct_route",
                    self.case_manager(),
                    Routine,
                    C,
                    "DOMAIN.md §5.3 staff_low_level_concern",
                );
            }
            Category::InappropriateContentDeliberate => {
                if self.s.staff_alleged || matches!(self.incident.alleged, Some(Alleged::Staff)) {
                    self.add(
                        "report_staff_misuse_to_headteacher",
                        self.case_manager(),
                        SameDay,
                        M,
                        "seed 001 Responding ('any complaint about staff misuse will be referred to the head teacher'); seed 004 §10",
                    );
                } else {
                    self.add(
                        "apply_behaviour_and_aup_sanctions",
                        self.dsl(),
                        SameDay,
                        M,
                        "DOMAIN.md §5.3 inappropriate_content_deliberate",
                    );
                }
                self.add(
                    "consider_welfare_or_child_protection_signal",
                    self.dsl(),
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 inappropriate_content_deliberate",
                );
                self.add(
                    "suspend_access",
                    Role::ItProvider,
                    SameDay,
                    C,
                    "DOMAIN.md §5.3 inappropriate_content_deliberate",
                );
                if self.url_known() {
                    self.add(
                        "block_url",
                        Role::ItProvider,
                        SameDay,
                        M,
                        "DOMAIN.md §5.3; seed 003 §7.3.2",
                    );
                }
                self.preserve_evidence();
            }
            Category::InappropriateContentAccidental if self.blocked() => {
                self.add_note(
                    "review_blocked_access",
                    self.dsl(),
                    SameDay,
                    M,
                    "DOMAIN.md §6 (alerts when content is blocked); §5.3 inappropriate_content_accidental",
                    Some("the filter blocked it: check whether it was deliberate, a pattern or a welfare signal".to_owned()),
                );
                self.add(
                    "feed_into_fm_review",
                    Role::SltFmLead,
                    Routine,
                    C,
                    "DOMAIN.md §2 (F&M review)",
                );
            }
            Category::InappropriateContentAccidental => {
                if self.incident.subjects.iter().any(|s| s.role == Role::Pupil) {
                    self.add(
                        "minimise_screen_and_tell_staff",
                        Role::Pupil,
                        Immediately,
                        M,
                        "DOMAIN.md §5.3 inappropriate_content_accidental; seed 003 §7.3.2",
                    );
                }
                self.add_note(
                    "report_url_to_it",
                    Role::ItProvider,
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 inappropriate_content_accidental; seed 003 §7.3.2",
                    Some(
                        "email the URL to the network manager so there is an audit trail"
                            .to_owned(),
                    ),
                );
                self.add(
                    "block_url",
                    Role::ItProvider,
                    SameDay,
                    M,
                    "DOMAIN.md §5.3; seed 003 §7.3.2",
                );
                self.add(
                    "pass_url_to_filtering_provider",
                    ExternalContact::FilteringProvider,
                    SameDay,
                    C,
                    "seed 003 §7.3.2",
                );
                self.add(
                    "feed_into_fm_review",
                    Role::SltFmLead,
                    Routine,
                    C,
                    "DOMAIN.md §2 (F&M review)",
                );
            }
            Category::FilterBypass | Category::FilterFailure => {
                self.add(
                    "close_filter_gap",
                    Role::ItProvider,
                    SameDay,
                    M,
                    "DOMAIN.md §5.3 filter_bypass / filter_failure",
                );
                if c == Category::FilterFailure {
                    self.add(
                        "report_to_filtering_provider",
                        ExternalContact::FilteringProvider,
                        SameDay,
                        C,
                        "seed 003 §7.3.2",
                    );
                } else if f.deliberate {
                    self.add(
                        "apply_behaviour_and_aup_sanctions",
                        self.dsl(),
                        SameDay,
                        C,
                        "DOMAIN.md §5.3 filter_bypass",
                    );
                }
                self.add(
                    "feed_into_fm_review",
                    Role::SltFmLead,
                    Routine,
                    M,
                    "DOMAIN.md §5.3 filter_bypass / filter_failure; DfE filtering and monitoring standards",
                );
            }
            Category::CommerceHarm => {
                self.add(
                    "educational_response",
                    self.dsl(),
                    Routine,
                    M,
                    "DOMAIN.md §5.3 commerce_harm",
                );
                if f.financial_loss {
                    self.add(
                        "report_to_action_fraud",
                        ExternalContact::ActionFraud,
                        SameDay,
                        M,
                        "DOMAIN.md §5.3 commerce_harm ('Action Fraud if there was a loss')",
                    );
                }
                self.add(
                    "block_categories",
                    Role::ItProvider,
                    Routine,
                    C,
                    "DOMAIN.md §5.3 commerce_harm",
                );
            }
            Category::UnderagePlatformUse => {
                self.add(
                    "educational_response",
                    self.dsl(),
                    Routine,
                    C,
                    "DOMAIN.md §5.3 underage_platform_use",
                );
                self.forbid(
                    &[F::CreateUnder13Account],
                    "seed 001 Social Media; DOMAIN.md §5.3 underage_platform_use",
                );
            }
            Category::MisDisinformation => {
                self.add(
                    "educational_response",
                    self.dsl(),
                    Routine,
                    M,
                    "DOMAIN.md §5.3 mis_disinformation",
                );
                self.add(
                    "review_filtering",
                    Role::SltFmLead,
                    Routine,
                    C,
                    "DOMAIN.md §5.3 mis_disinformation (a filtering matter, UKSIC 2025)",
                );
            }
            Category::StaffAllegation => {
                let crime = f.criminal_offence_suspected
                    || self.s.sexual_image
                    || f.sexual_act_depicted
                    || f.coercion_or_blackmail
                    || f.violence_depicted;
                if crime {
                    self.add_note(
                        "refer_to_police",
                        police,
                        Immediately,
                        M,
                        "DOMAIN.md §5.3 staff_allegation ('police first if a crime is involved')",
                        Some("the police first, before any internal step".to_owned()),
                    );
                }
                if crime || self.incident.device == Some(Device::School) || f.image_involved {
                    self.add_note(
                        "quarantine_devices",
                        Role::ItProvider,
                        Immediately,
                        M,
                        "DOMAIN.md §5.3 staff_allegation; seed 003 §11.4",
                        Some(
                            "isolate the devices, untouched, until police advice has been sought"
                                .to_owned(),
                        ),
                    );
                }
                let cm = self.case_manager();
                self.add_note(
                    "refer_to_lado",
                    ExternalContact::Lado,
                    Within1WorkingDay,
                    M,
                    "DOMAIN.md §5.2 R3; §5.3 staff_allegation; KCSIE Part 4",
                    Some(format!("the case manager ({cm}) refers; local forms apply")),
                );
                self.forbid(
                    &[
                        F::InformAllegedStaffMember,
                        F::InvestigateBeforeLado,
                        F::DeleteEvidence,
                        F::TellOtherParents,
                    ],
                    "DOMAIN.md §5.3 staff_allegation; KCSIE Part 4",
                );
            }
        }
    }

    /// UKCIS immediate referral at the initial review: police, and CSC for child-welfare
    /// triggers (b)–(e).
    fn ukcis_referrals(&mut self) {
        let triggers = self.class.ukcis_triggers.clone();
        if triggers.is_empty() {
            return;
        }
        let sources: Vec<String> = triggers.iter().map(|t| t.source()).collect();
        let source = sources.join("; ");
        let police = self.police();
        self.add_note(
            "refer_to_police",
            police,
            Deadline::Immediately,
            M,
            &source,
            Some("immediate referral at the initial review (DOMAIN.md §5.5 step 3)".to_owned()),
        );
        let welfare: Vec<String> = triggers
            .iter()
            .filter(|t| **t != UkcisTrigger::AdultInvolved)
            .map(|t| t.source())
            .collect();
        if welfare.is_empty() {
            self.add(
                "refer_to_csc",
                ExternalContact::CscFrontDoor,
                Deadline::SameDay,
                C,
                &source,
            );
        } else {
            self.add(
                "refer_to_csc",
                ExternalContact::CscFrontDoor,
                Deadline::Immediately,
                M,
                &welfare.join("; "),
            );
        }
    }

    fn inform_parents(&self) -> ParentNotification {
        use Category::*;
        if !self.child() {
            return ParentNotification::No;
        }
        let cats: Vec<Category> = self.class.all().collect();
        if cats.iter().all(|c| *c == StaffLowLevelConcern) {
            return ParentNotification::No;
        }
        let filtering_only = cats.iter().all(|c| {
            matches!(
                c,
                InappropriateContentAccidental | FilterFailure | FilterBypass
            )
        });
        if filtering_only && !self.profile.settings.parents_told_of_filtering_breaches {
            return ParentNotification::No;
        }
        let cautious = cats.iter().any(|c| {
            matches!(
                c,
                Csam | NudesU18
                    | Sextortion
                    | CriminalExploitation
                    | Radicalisation
                    | TerroristContent
                    | SelfHarmSuicide
                    | OnlineSexualHarassment
                    | StaffAllegation
            )
        });
        let parent_alleged = matches!(self.incident.alleged, Some(Alleged::Parent))
            && !cats
                .iter()
                .all(|c| matches!(c, UnauthorisedRecording | ImageConsentBreach | DataBreach));
        if cautious || parent_alleged || self.s.abuse_disclosure {
            ParentNotification::UnlessRisk
        } else {
            ParentNotification::Yes
        }
    }

    fn parents_step(&mut self, notification: ParentNotification) {
        use Category::*;
        let (action, source) = match notification {
            ParentNotification::No => return,
            ParentNotification::Yes => ("inform_parents", "DOMAIN.md §5.2 R5"),
            ParentNotification::UnlessRisk => (
                "inform_parents_unless_risk",
                "DOMAIN.md §5.2 R5; §5.5 step 2 (UKCIS: unless that would put the child at risk)",
            ),
        };
        let (deadline, note) = if self.has(StaffAllegation) {
            (
                Deadline::Within1WorkingDay,
                Some("after the case manager has agreed with the LADO (and police) what can be shared".to_owned()),
            )
        } else if self.has(SelfHarmSuicide) && (self.s.risk_to_self || self.class.severity >= 5) {
            (
                Deadline::Immediately,
                Some("unless that is unsafe for the child".to_owned()),
            )
        } else if self
            .class
            .all()
            .all(|c| matches!(c, CommerceHarm | UnderagePlatformUse | MisDisinformation))
        {
            (Deadline::Routine, None)
        } else if self.class.all().any(|c| {
            matches!(
                c,
                InappropriateContentAccidental | FilterFailure | FilterBypass
            )
        }) && self.class.all().all(|c| {
            matches!(
                c,
                InappropriateContentAccidental | FilterFailure | FilterBypass
            )
        }) {
            (
                Deadline::SameDay,
                Some("parents are told of filtering breaches involving their child (seed 003 §7.3.2)".to_owned()),
            )
        } else {
            (Deadline::SameDay, None)
        };
        self.add_note(action, Role::ParentCarer, deadline, M, source, note);
        if notification == ParentNotification::UnlessRisk {
            self.forbid(
                &[ForbiddenAction::TellOtherParents],
                "DOMAIN.md §5.5 step 1",
            );
        }
    }

    fn closing_steps(&mut self) {
        let keeper = if self.class.category == Category::StaffAllegation {
            Recipient::Role(self.case_manager())
        } else {
            Recipient::Role(self.dsl())
        };
        let system = self.profile.settings.record_system.clone();
        self.add_note(
            "record_incident",
            keeper,
            Deadline::SameDay,
            M,
            "DOMAIN.md §5.2 R1; §5.5 step 6 (record decisions and reasons)",
            Some(format!(
                "record it in {system}: facts, decisions, who was told and when, and why"
            )),
        );
        self.add_note(
            "debrief_lessons_learnt",
            keeper,
            Deadline::Routine,
            M,
            "DOMAIN.md §5.2 R8; seeds 000, 001, 003",
            Some("after closure: debrief, lessons learnt, policy or curriculum changes".to_owned()),
        );
        self.add(
            "report_trends_to_governors",
            Role::GoverningBoard,
            Deadline::Routine,
            M,
            "DOMAIN.md §5.2 R8",
        );
    }

    fn out_of_hours_step(&mut self) {
        let urgent = self.class.severity >= 4 || self.has(Category::SelfHarmSuicide);
        if !urgent {
            return;
        }
        let contact = self.profile.settings.out_of_hours_alert_contact;
        self.add_note(
            "alert_out_of_hours_contact",
            contact,
            Deadline::Immediately,
            M,
            "DOMAIN.md §5.3 self_harm_suicide; §6 (a route for alerts out of hours)",
            Some(
                "reported outside the school day: use the out-of-hours alert route now".to_owned(),
            ),
        );
    }

    fn finish(&mut self) -> (Vec<Step>, Vec<String>) {
        let mut steps = std::mem::take(&mut self.steps);
        // 999 is the police referral when a child is in danger.
        if let Some(pos) = steps.iter().position(|s| s.action == "call_999") {
            let merged: Vec<String> = steps
                .iter()
                .filter(|s| {
                    s.recipient == Recipient::External(ExternalContact::PoliceNonEmergency)
                        && s.action == "refer_to_police"
                })
                .map(|s| s.source.clone())
                .collect();
            steps.retain(|s| {
                !(s.recipient == Recipient::External(ExternalContact::PoliceNonEmergency)
                    && s.action == "refer_to_police")
            });
            let police_999: Vec<String> = steps
                .iter()
                .filter(|s| {
                    s.action == "refer_to_police"
                        && s.recipient == Recipient::External(ExternalContact::PoliceEmergency)
                })
                .map(|s| s.source.clone())
                .collect();
            steps.retain(|s| {
                !(s.action == "refer_to_police"
                    && s.recipient == Recipient::External(ExternalContact::PoliceEmergency))
            });
            if let Some(call) = steps.iter_mut().find(|s| s.action == "call_999") {
                for src in merged.into_iter().chain(police_999) {
                    if !call.source.contains(&src) {
                        call.source = format!("{}; {}", call.source, src);
                    }
                }
            }
            let _ = pos;
        }
        steps.sort_by_key(|s| s.deadline);
        let mut warnings = Vec::new();
        for step in &mut steps {
            step.contact = self.profile.contact(step.recipient).cloned();
            if let Recipient::External(e) = step.recipient
                && step.contact.is_none()
            {
                let flagged = self.profile.ignored_contacts.contains_key(&step.recipient);
                let msg = if flagged {
                    format!(
                        "the profile's `{e}` contact is flagged (wrong area) and not used: look up the local `{e}` contact"
                    )
                } else {
                    format!(
                        "no `{e}` contact in the school profile: look up the local one and add it"
                    )
                };
                if step.note.is_none() {
                    step.note = Some(msg.clone());
                }
                if !warnings.contains(&msg) {
                    warnings.push(msg);
                }
            }
        }
        (steps, warnings)
    }
}
