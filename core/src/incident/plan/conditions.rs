//! The conditions a procedure step can be triggered by (`when` / `unless` in
//! `core/data/procedures/*.toml`): facts of the incident, its classification and the
//! school's settings, each a named, documented predicate a DSL can read.

use super::builder::Builder;
use crate::incident::classify::Category;
use crate::incident::ids::id_enum;
use crate::incident::input::{Alleged, Device, Role};
use crate::incident::profile::{IncidentalCsamRoute, PupilHackingRoute};

id_enum! {
    /// A named condition of a procedure step (docs/procedures.md lists them all).
    Condition, field = "when" {
        /// A child is in immediate danger or at risk of harm now.
        Danger = "immediate_danger",
        /// An adult is involved (the fact, or the alleged person is an adult).
        Adult = "adult_involved",
        /// A child is involved (a pupil, an under-18, or the under-13 fact).
        Child = "child_involved",
        /// The alleged person is an adult from outside the school, or not known.
        AllegedOutsiderOrUnknown = "alleged_outsider_or_unknown",
        /// The concern is about an adult working at the school.
        StaffAlleged = "staff_alleged",
        /// The plan includes an allegation against staff (primary or secondary).
        StaffAllegation = "staff_allegation",
        /// A nude, semi-nude or sexual image or video is involved.
        Image = "image_involved",
        /// The device is known (school or personal).
        DeviceKnown = "device_known",
        /// The material is on a school device or system.
        SchoolDevice = "school_device",
        /// A sexual image of a child is held on a school device or system.
        ImageOnSchoolDevice = "image_on_school_device",
        /// The web address of the content is known (a URL hit or a `url`).
        UrlKnown = "url_known",
        /// Staff or a pupil merely came across abuse imagery (no adult suspect, no staff
        /// member alleged, and not also said to be deliberate).
        Incidental = "incidental_exposure",
        /// A criminal offence is suspected.
        Crime = "criminal_offence_suspected",
        /// Coercion, blackmail or grooming.
        Coercion = "coercion_or_blackmail",
        /// The act was deliberate: the `deliberate` fact, or the incident is also
        /// `inappropriate_content_deliberate`.
        Deliberate = "deliberate",
        /// Money or goods were lost.
        FinancialLoss = "financial_loss",
        /// A sexual image is part of the incident (facts or hits).
        SexualImage = "sexual_image",
        /// Any UKCIS immediate-referral trigger applies.
        UkcisTrigger = "ukcis_trigger",
        /// A pupil is one of the subjects.
        PupilSubject = "pupil_subject",
        /// A pupil is the one alleged, or no one is named and a child is a subject, or an
        /// adult coerced the child into it: the pupil who did it (the one a Cyber Choices
        /// referral or the behaviour policy is for), never a child who is only its victim.
        PupilResponsible = "pupil_responsible",
        /// A sexual image of adults only (a pupil aged 18 or over, a member of staff) was
        /// shared further or its sharing threatened: an offence at any age (Sexual
        /// Offences Act 2003 s66B).
        IntimateImageAbuse = "intimate_image_abuse",
        /// Subjects are named and none of them is a child (pupils aged 18 or over, staff):
        /// the routes for children (CEOP, children's social care, Report Remove) do not
        /// apply. Without subjects a child is assumed.
        AdultsOnly = "adults_only",
        /// A member of staff is among the subjects, no child is, and no member of staff is
        /// alleged: the member of staff is the one harmed, and the school looks after them as
        /// their employer.
        StaffVictim = "staff_victim",
        /// Only adults who are not pupils are involved: subjects are named, none is a pupil
        /// or a child, and no pupil is alleged (a pupil who did it is involved too).
        NoPupilInvolved = "no_pupil_involved",
        /// The concern comes only from monitoring matches in text, and nobody has said it
        /// was deliberate: who wrote the words, or whether they were sent to the pupil, is
        /// not yet known.
        TextAlertOnly = "text_alert_only",
        /// The incident is a filter block drafted by the pipeline (nothing was shown).
        FilterBlock = "filter_block",
        /// Terrorist material was shared further, or deliberately sought or made by a
        /// member of the school community.
        CommunityInvolved = "school_community_involved",
        /// The facts reach a police matter in an allegation against staff (offence,
        /// sexual imagery, sexual acts, coercion or violence).
        AllegationCrime = "allegation_crime",
        /// Devices in an allegation must be isolated (a police matter, a school device,
        /// or an image).
        AllegationDevices = "allegation_devices",
        /// Deliberate misuse by an adult working at the school (staff or headteacher).
        StaffMisuse = "staff_misuse",
        /// Abuse images found on a school device where the school's policy keeps copies only
        /// at the police's request (the DSL deletes the others after telling the police).
        CsamCopiesDeleted = "csam_copies_deleted",
        /// Setting: incidental exposure to abuse images goes to the police.
        IncidentalRoutePolice = "setting_incidental_csam_police",
        /// Setting: incidental exposure is IWF report and deletion of copies.
        IncidentalRouteIwf = "setting_incidental_csam_iwf_and_delete",
        /// Setting: images found on school devices are kept only at the police's request.
        CopiesForPoliceOnly = "setting_csam_copies_kept_only_for_police",
        /// Setting: pupil hacking is referred to Cyber Choices.
        HackingCyberChoices = "setting_pupil_hacking_cyber_choices",
        /// Setting: pupil hacking is reported to the police.
        HackingPolice = "setting_pupil_hacking_police",
        /// The alleged person is a pupil, or not known.
        AllegedPupilOrUnknown = "alleged_pupil_or_unknown",
        /// A threat to kill or hurt someone, or a weapon brought to school: the
        /// `threat_of_violence` fact, extremism beside a violence or weapons hit, or a
        /// monitoring hit of violence or weapons of severity 4
        /// or more.
        Threat = "threat_of_violence",
        /// A known case of FGM in a child: she says it was done, or signs were seen.
        FgmKnown = "fgm_known",
        /// Earlier low-level concerns about the same adult are on the school's record.
        PreviousConcerns = "previous_concerns",
        /// The adult alleged works at the school but another organisation employs them
        /// (supply staff placed by an agency, a contractor).
        AllegedEmployedElsewhere = "alleged_employed_elsewhere",
    }
}

impl Builder<'_> {
    /// Whether `c` holds for this incident, classification and school.
    pub(super) fn holds(&self, c: Condition) -> bool {
        use Condition::*;
        let f = self.incident.facts;
        let settings = &self.profile.settings;
        match c {
            Danger => self.danger(),
            Adult => self.s.adult,
            Child => self.child(),
            AllegedOutsiderOrUnknown => matches!(
                self.incident.alleged,
                Some(Alleged::AdultOutside) | Some(Alleged::Unknown) | None
            ),
            AllegedPupilOrUnknown => matches!(
                self.incident.alleged,
                Some(Alleged::Pupil) | Some(Alleged::Unknown) | None
            ),
            StaffAlleged => self.s.staff_alleged,
            StaffAllegation => self.has(Category::StaffAllegation),
            Image => f.image_involved,
            DeviceKnown => self.incident.device.is_some(),
            SchoolDevice => self.incident.device == Some(Device::School),
            ImageOnSchoolDevice => f.image_involved && self.incident.device == Some(Device::School),
            UrlKnown => self.url_known(),
            Incidental => f.incidental() && !self.s.adult && !self.s.staff_alleged,
            Crime => f.criminal_offence_suspected,
            Coercion => f.coercion_or_blackmail,
            Deliberate => f.deliberate || self.has(Category::InappropriateContentDeliberate),
            FinancialLoss => f.financial_loss,
            SexualImage => self.s.sexual_image,
            UkcisTrigger => !self.class.ukcis_triggers.is_empty(),
            PupilSubject => self.incident.subjects.iter().any(|s| s.role == Role::Pupil),
            PupilResponsible => match self.incident.alleged {
                Some(Alleged::Pupil) => true,
                None => self.child(),
                // A child an adult coerced into it did it (and is exploited).
                Some(_) => self.child() && f.coercion_or_blackmail,
            },
            AdultsOnly => self.s.adults_only,
            StaffVictim => {
                self.s.adults_only
                    && !self.s.staff_alleged
                    && self
                        .incident
                        .subjects
                        .iter()
                        .any(|s| s.role.works_at_school())
            }
            NoPupilInvolved => {
                self.s.adults_only
                    && self.incident.alleged != Some(Alleged::Pupil)
                    && !self.incident.subjects.iter().any(|s| s.role == Role::Pupil)
            }
            TextAlertOnly => {
                !f.deliberate
                    && !self.incident.hits.is_empty()
                    && self
                        .incident
                        .hits
                        .iter()
                        .all(|h| h.kind == crate::incident::HitKind::Term)
            }
            IntimateImageAbuse => {
                self.s.sexual_image
                    && self.s.adults_only
                    && (f.shared_further || f.coercion_or_blackmail)
            }
            FilterBlock => self.blocked(),
            CommunityInvolved => {
                f.shared_further
                    || (f.deliberate
                        && matches!(
                            self.incident.alleged,
                            Some(
                                Alleged::Pupil
                                    | Alleged::Staff
                                    | Alleged::Supply
                                    | Alleged::Contractor
                                    | Alleged::Dsl
                                    | Alleged::Parent
                                    | Alleged::Family
                            )
                        ))
            }
            AllegationCrime => {
                f.criminal_offence_suspected
                    || self.s.sexual_image
                    || f.sexual_act_depicted
                    || f.coercion_or_blackmail
                    || f.violence_depicted
            }
            AllegationDevices => {
                self.holds(AllegationCrime)
                    || self.incident.device == Some(Device::School)
                    || f.image_involved
            }
            StaffMisuse => {
                self.s.staff_alleged || self.incident.alleged.is_some_and(Alleged::works_at_school)
            }
            CsamCopiesDeleted => {
                self.holds(ImageOnSchoolDevice)
                    && !self.holds(Incidental)
                    && !self.s.staff_alleged
                    && settings.csam_copies_kept_only_for_police
            }
            IncidentalRoutePolice => {
                settings.incidental_csam_exposure == IncidentalCsamRoute::Police
            }
            IncidentalRouteIwf => {
                settings.incidental_csam_exposure == IncidentalCsamRoute::IwfAndDelete
            }
            CopiesForPoliceOnly => settings.csam_copies_kept_only_for_police,
            HackingCyberChoices => settings.pupil_hacking_route == PupilHackingRoute::CyberChoices,
            HackingPolice => settings.pupil_hacking_route == PupilHackingRoute::Police,
            Threat => f.threat_of_violence || self.threat_hit(),
            FgmKnown => f.fgm_known && self.child(),
            PreviousConcerns => f.previous_concerns,
            AllegedEmployedElsewhere => self
                .incident
                .alleged
                .is_some_and(Alleged::employed_elsewhere),
        }
    }

    /// Whether a monitoring hit is a threat ([`crate::incident::is_threat`]), or the hits
    /// together are ([`crate::incident::is_armed_extremism`]).
    fn threat_hit(&self) -> bool {
        let hits = &self.incident.hits;
        hits.iter()
            .any(|h| crate::incident::is_threat(h.kind, &h.category, h.severity))
            || crate::incident::is_armed_extremism(
                hits.iter().map(|h| (h.kind, h.category.as_str())),
            )
    }
}
