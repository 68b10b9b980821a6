//! The events a consent ledger holds, with ISO/IEC TS 27560 field names (DOMAIN.md §3.2).

use super::{Channel, ConsentError};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A closed set of consent ids ([`crate::ids::closed_ids`]) with derived serde and schema,
/// and `parse`/`FromStr` raising `ConsentError::$error` with the nearest id as a hint.
macro_rules! id_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $error:ident, $field:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $id:literal ),+ $(,)?
        }
    ) => {
        $crate::ids::closed_ids! {
            $(#[$meta])*
            #[derive(Serialize, Deserialize, schemars::JsonSchema)]
            #[serde(rename_all = "snake_case")]
            $name {
                $( $(#[$vmeta])* $variant = $id ),+
            }
        }

        impl $name {
            /// Parses the snake_case id.
            ///
            /// # Errors
            ///
            #[doc = concat!("[`ConsentError::", stringify!($error), "`] for an unknown id.")]
            pub fn parse(id: &str) -> Result<$name, ConsentError> {
                $name::from_id(id).ok_or_else(|| ConsentError::$error {
                    $field: super::shorten(id),
                    hint: crate::vocabulary::unknown_hint(id, $name::IDS.iter().copied()),
                })
            }
        }

        impl FromStr for $name {
            type Err = ConsentError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s)
            }
        }
    };
}

id_enum! {
    /// What a carer's event says about one channel (`event_state` in ISO/IEC TS 27560).
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::consent::EventState;
    ///
    /// assert_eq!("withdrawn".parse::<EventState>()?, EventState::Withdrawn);
    /// assert!("maybe".parse::<EventState>().is_err());
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    EventState, UnknownState, state {
        /// The carer agreed.
        Given => "given",
        /// The carer said no.
        Refused => "refused",
        /// The carer took back an earlier yes; it applies from the event's instant.
        Withdrawn => "withdrawn",
        /// The school recorded that the carer's consent lapsed.
        Expired => "expired",
        /// The carer reconfirmed an earlier yes (it counts from the renewal's instant).
        Renewed => "renewed",
        /// The school found the earlier answer invalid (wrong person, unverifiable form):
        /// the carer's earlier answer no longer counts either way.
        Invalidated => "invalidated",
    }
}

impl EventState {
    /// Orders events of one carer that share an instant, most protective last, so the
    /// latest event wins whatever order they were recorded in.
    pub(crate) fn tie_rank(self) -> u8 {
        match self {
            EventState::Given => 0,
            EventState::Renewed => 1,
            EventState::Invalidated => 2,
            EventState::Expired => 3,
            EventState::Withdrawn => 4,
            EventState::Refused => 5,
        }
    }
}

id_enum! {
    /// How an answer reached the school (`collection_method`, Kantara `collectionMethod`).
    CollectionMethod, UnknownMethod, method {
        /// A signed paper form, matched to the contact on file.
        Paper => "paper",
        /// The website consent widget.
        Widget => "widget",
        /// The authenticated parent app.
        App => "app",
        /// Imported from the school's management information system.
        MisImport => "mis_import",
    }
}

id_enum! {
    /// How the consenting adult is related to the pupil.
    Relationship, UnknownRelationship, relationship {
        /// Mother.
        Mother => "mother",
        /// Father.
        Father => "father",
        /// Parent (any legal parent).
        Parent => "parent",
        /// Step-parent (holds parental responsibility only by order or agreement).
        StepParent => "step_parent",
        /// Grandparent or other relative.
        Relative => "relative",
        /// Legal guardian or special guardian.
        Guardian => "guardian",
        /// Foster carer.
        FosterCarer => "foster_carer",
        /// The local authority (looked-after child).
        LocalAuthority => "local_authority",
        /// Any other relationship.
        Other => "other",
    }
}

id_enum! {
    /// Why a safeguarding restriction forbids images of a pupil (DOMAIN.md §3.3 rule 4).
    RestrictionReason, UnknownRestrictionReason, reason {
        /// Looked-after child.
        LookedAfter => "looked_after",
        /// Adopted child.
        Adopted => "adopted",
        /// A court order.
        CourtOrder => "court_order",
        /// A domestic-abuse concern.
        DomesticAbuse => "domestic_abuse",
        /// The DSL instructed "no images".
        DslNoImages => "dsl_no_images",
        /// Another safeguarding reason recorded by the DSL.
        Other => "other",
    }
}

impl RestrictionReason {
    /// Reads the reason a lift names: the ids and spellings [`read`](Self::read) knows,
    /// but nothing else. A lift is refused for its wording (refusing it keeps the pupil
    /// protected), so a typo never lifts an `other` restriction.
    ///
    /// # Errors
    ///
    /// [`ConsentError::UnknownRestrictionReason`] for any other text.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::consent::RestrictionReason;
    ///
    /// assert_eq!(RestrictionReason::read_lift("DSL")?, RestrictionReason::DslNoImages);
    /// assert_eq!(RestrictionReason::read_lift("other")?, RestrictionReason::Other);
    /// assert!(RestrictionReason::read_lift("cort order").is_err());
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn read_lift(text: &str) -> Result<RestrictionReason, ConsentError> {
        match RestrictionReason::read(text) {
            RestrictionReason::Other => RestrictionReason::parse(text),
            known => Ok(known),
        }
    }

    /// Reads a reason leniently: the ids above, case-insensitive, with spaces or hyphens for
    /// underscores, plus a few common spellings (`lac`, `cla`, `dsl`, `no_images`). Anything
    /// else is [`RestrictionReason::Other`]: a restriction is never refused for its wording,
    /// because refusing it would leave the pupil unprotected.
    pub fn read(text: &str) -> RestrictionReason {
        let id: String = text
            .trim()
            .chars()
            .map(|c| {
                if c == ' ' || c == '-' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        match id.as_str() {
            "lac" | "cla" | "looked_after_child" | "child_looked_after" => {
                RestrictionReason::LookedAfter
            }
            "adopted_child" | "adoption" => RestrictionReason::Adopted,
            "court" => RestrictionReason::CourtOrder,
            "domestic_abuse_concern" | "domestic_violence" => RestrictionReason::DomesticAbuse,
            "dsl" | "no_images" | "dsl_instruction" => RestrictionReason::DslNoImages,
            other => RestrictionReason::parse(other).unwrap_or(RestrictionReason::Other),
        }
    }
}

/// A carer's answer for one pupil and one channel, as stored in the ledger.
///
/// Field names follow ISO/IEC TS 27560 (`pii_principal_id` is the child, `entity_id` the
/// adult who answered); the Kantara receipt names are given on each field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentEvent {
    /// The pupil the answer is about (Kantara `piiPrincipalId`).
    pub pii_principal_id: String,
    /// The adult who answered (the carer id from the MIS or parent app).
    pub entity_id: String,
    /// How the adult is related to the pupil, when known.
    pub relationship: Option<Relationship>,
    /// Whether the adult holds parental responsibility, when stated (`null`: not known);
    /// answers without it never count. Always written (`null` when not known), and an
    /// export without the field is refused.
    #[serde(deserialize_with = "Option::deserialize")]
    pub has_parental_responsibility: Option<bool>,
    /// The channel (Kantara `purpose`).
    pub purpose: Channel,
    /// What the event says.
    pub event_state: EventState,
    /// When it happened (Kantara `consentTimestamp`); it applies from this instant on.
    pub event_time: DateTime<Utc>,
    /// How it was collected (Kantara `collectionMethod`), when recorded (`null`: not
    /// recorded; always written).
    #[serde(deserialize_with = "Option::deserialize")]
    pub collection_method: Option<CollectionMethod>,
    /// The notice the adult was shown (Kantara `policyUrl` names the notice), when stated.
    pub notice_id: Option<String>,
    /// The version of that notice; `None` means the version in force at `event_time`.
    pub notice_version: Option<String>,
    /// The sha256 (hex) of the notice text the adult saw, when known.
    pub notice_content_hash: Option<String>,
    /// When a yes lapses by itself under the school's expiry rule, computed when recorded
    /// (ISO/IEC TS 27560 `validity_duration`; Kantara `termination`); `None` for other
    /// states or a rule without expiry. A withdrawal or a notice change can end it sooner.
    #[serde(default)]
    pub valid_until: Option<DateTime<Utc>>,
}

/// A safeguarding restriction placed on a pupil (DOMAIN.md §3.3 rule 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestrictionEvent {
    /// The pupil.
    pub pii_principal_id: String,
    /// Why.
    pub reason: RestrictionReason,
    /// From when.
    pub event_time: DateTime<Utc>,
}

/// The lifting of a safeguarding restriction on a pupil.
///
/// With a `reason`, only restrictions for that reason are lifted. Without one, the lift
/// ends the restriction in force at its instant when exactly one reason is in force, and
/// lifts nothing when several are (it cannot tell which was meant, so the pupil stays
/// protected); [`ConsentLedger::lift_restriction`](super::ConsentLedger::lift_restriction)
/// refuses such a lift when it can already see several reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestrictionLiftedEvent {
    /// The pupil.
    pub pii_principal_id: String,
    /// The reason lifted; absent: the one reason in force at the lift's instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RestrictionReason>,
    /// From when.
    pub event_time: DateTime<Utc>,
}

/// A new version of the school's image notice came into force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeEvent {
    /// The version id.
    pub notice_version: String,
    /// The sha256 (hex) of the notice text, when known.
    pub notice_content_hash: Option<String>,
    /// Whether the change is one of substance (new purpose, recipient or retention): then
    /// every earlier yes must be asked again (DOMAIN.md §3.3 rule 8).
    pub substantive: bool,
    /// From when the version is in force.
    pub event_time: DateTime<Utc>,
}

/// An image the school published (for the takedown list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicationEvent {
    /// The school's id for the image or video.
    pub image_id: String,
    /// Every identifiable pupil in it.
    pub pupils: Vec<String>,
    /// Where it was published.
    pub channel: Channel,
    /// When.
    pub event_time: DateTime<Utc>,
}

/// A published image was taken down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemovalEvent {
    /// The image id.
    pub image_id: String,
    /// When it was taken down.
    pub event_time: DateTime<Utc>,
}

/// A pupil's own agreement or objection for one channel (the child's voice: UK GDPR Art 8,
/// ICO "Children and the UK GDPR"; seed 000 "Use of digital images and sound": images are
/// chosen "with their knowledge").
///
/// Under 18, a refusal or withdrawal by a pupil old enough to be asked wins over any carer's
/// yes, and a pupil's yes never permits a use by itself (a carer's consent is still needed).
/// An answer recorded with an age of 18 or more makes the pupil an adult for the ledger from
/// its instant: their own latest answer decides, and carers' answers no longer count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PupilVoiceEvent {
    /// The pupil, who is also the one answering.
    pub pii_principal_id: String,
    /// The channel.
    pub purpose: Channel,
    /// `given`, `refused` or `withdrawn`.
    pub event_state: EventState,
    /// When the pupil said it; it applies from this instant on.
    pub event_time: DateTime<Utc>,
    /// The pupil's age in years then, when stated (compared with the school's
    /// `pupil_voice_min_age`; 18 or more makes the pupil an adult for the ledger).
    pub age: Option<u8>,
    /// The school's own statement that the pupil is (or is not) old enough to be asked;
    /// when given it decides, whatever the age.
    pub old_enough: Option<bool>,
    /// How it was collected, when recorded (`null`: not recorded; always written).
    #[serde(deserialize_with = "Option::deserialize")]
    pub collection_method: Option<CollectionMethod>,
}

/// A pupil left the school roll: every use lapses from 00:00 Europe/London on the leaving
/// date (new uses stop; retention follows the school's retention policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LeftRollEvent {
    /// The pupil.
    pub pii_principal_id: String,
    /// The leaving date.
    pub leaving_date: NaiveDate,
    /// 00:00 Europe/London on the leaving date, from which every check is no.
    pub event_time: DateTime<Utc>,
}

/// A pupil came back onto the school roll after leaving it: from 00:00 Europe/London on
/// the rejoining date the pupil is on the roll again. Answers given before the leaving date
/// lapsed when the pupil left (a yes is asked again; a "no" still stands), and answers given
/// since count. A rejoining dated the same day as a leaving cancels that leaving (a leaving
/// date recorded by mistake): nothing lapses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RejoinedRollEvent {
    /// The pupil.
    pub pii_principal_id: String,
    /// The rejoining date.
    pub rejoining_date: NaiveDate,
    /// 00:00 Europe/London on the rejoining date, from which the pupil is on the roll.
    pub event_time: DateTime<Utc>,
}

/// One entry of the append-only ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LedgerEvent {
    /// A carer's answer.
    Consent(ConsentEvent),
    /// A safeguarding restriction.
    Restriction(RestrictionEvent),
    /// A restriction lifted.
    RestrictionLifted(RestrictionLiftedEvent),
    /// A notice version came into force.
    NoticePublished(NoticeEvent),
    /// An image was published.
    Publication(PublicationEvent),
    /// An image was taken down.
    PublicationRemoved(RemovalEvent),
    /// A pupil's own agreement or objection.
    PupilVoice(PupilVoiceEvent),
    /// A pupil left the school roll.
    LeftRoll(LeftRollEvent),
    /// A pupil came back onto the school roll.
    RejoinedRoll(RejoinedRollEvent),
}

impl LedgerEvent {
    /// When the event applies.
    pub fn event_time(&self) -> DateTime<Utc> {
        match self {
            LedgerEvent::Consent(e) => e.event_time,
            LedgerEvent::Restriction(e) => e.event_time,
            LedgerEvent::RestrictionLifted(e) => e.event_time,
            LedgerEvent::NoticePublished(e) => e.event_time,
            LedgerEvent::Publication(e) => e.event_time,
            LedgerEvent::PublicationRemoved(e) => e.event_time,
            LedgerEvent::PupilVoice(e) => e.event_time,
            LedgerEvent::LeftRoll(e) => e.event_time,
            LedgerEvent::RejoinedRoll(e) => e.event_time,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn ids_round_trip_and_unknown_ids_fail() {
        for s in EventState::ALL {
            assert_eq!(EventState::parse(s.as_str()).unwrap(), *s);
        }
        assert_eq!(
            EventState::parse("not_asked").unwrap_err().code(),
            "consent_unknown_state"
        );
        assert_eq!(
            CollectionMethod::parse("email").unwrap_err().code(),
            "consent_unknown_method"
        );
        assert_eq!(
            Relationship::parse("uncle").unwrap_err().code(),
            "consent_unknown_relationship"
        );
    }

    #[test]
    fn restriction_reasons_are_read_leniently() {
        assert_eq!(
            RestrictionReason::read("Court order"),
            RestrictionReason::CourtOrder
        );
        assert_eq!(
            RestrictionReason::read("looked-after"),
            RestrictionReason::LookedAfter
        );
        assert_eq!(
            RestrictionReason::read("LAC"),
            RestrictionReason::LookedAfter
        );
        assert_eq!(
            RestrictionReason::read("adopted"),
            RestrictionReason::Adopted
        );
        assert_eq!(
            RestrictionReason::read("anything else"),
            RestrictionReason::Other
        );
    }

    #[test]
    fn most_protective_event_ranks_last() {
        assert!(EventState::Refused.tie_rank() > EventState::Given.tie_rank());
        assert!(EventState::Withdrawn.tie_rank() > EventState::Renewed.tie_rank());
    }
}
