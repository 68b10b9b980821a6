//! Kantara Consent Receipt (v1.1) style receipts for one carer's answers (DOMAIN.md §3.2).

use super::channel::AnswerScope;
use super::decision::ParentalResponsibility;
use super::{
    Channel, CollectionMethod, ConsentError, ConsentLedger, ConsentState, LedgerEvent,
    format_instant, sha256_hex,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Kantara `collectionMethod` (a mandatory text) when the school recorded no method.
pub const METHOD_NOT_RECORDED: &str = "not recorded";

/// The receipt format version written.
pub const RECEIPT_VERSION: &str = "KI-CR-v1.1.0";

/// The controller block of a receipt (Kantara `piiControllers[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptController {
    /// Name (`piiController`).
    pub pii_controller: String,
    /// Whether the controller acts on behalf of another (`onBehalf`).
    pub on_behalf: bool,
    /// Contact (`contact`).
    pub contact: Option<String>,
    /// Address (`address`).
    pub address: Option<String>,
    /// Email (`email`).
    pub email: Option<String>,
    /// Phone (`phone`).
    pub phone: Option<String>,
    /// Website (`piiControllerUrl`).
    pub pii_controller_url: Option<String>,
}

/// One purpose (channel) of a receipt (Kantara `services[].purposes[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptPurpose {
    /// The channel id (`purpose`).
    pub purpose: String,
    /// Purpose categories (`purposeCategory`).
    pub purpose_category: Vec<String>,
    /// Always `EXPLICIT` (`consentType`).
    pub consent_type: String,
    /// What personal data the channel shows (`piiCategory`).
    pub pii_category: Vec<String>,
    /// Whether this is the primary purpose of collection (`primaryPurpose`): false,
    /// images are taken for teaching first.
    pub primary_purpose: bool,
    /// When the consent ends (`termination`).
    pub termination: String,
    /// Whether the image goes to a third party (`thirdPartyDisclosure`).
    pub third_party_disclosure: bool,
    /// Which third party (`thirdPartyName`).
    pub third_party_name: Option<String>,
}

/// The service block of a receipt (Kantara `services[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptService {
    /// The service name (`service`).
    pub service: String,
    /// The channels consented to (`purposes`).
    pub purposes: Vec<ReceiptPurpose>,
}

/// One channel answer listed in the esafety extension of a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReceiptAnswer {
    /// The channel id.
    pub channel: String,
    /// The carer's own answer at the receipt instant.
    pub state: ConsentState,
    /// When they gave that answer.
    pub event_time: DateTime<Utc>,
    /// How it was collected, when recorded.
    pub collection_method: Option<String>,
    /// The notice version they were shown, when known.
    pub notice_version: Option<String>,
}

/// esafety's extension block (outside the Kantara fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReceiptExtension {
    /// The carer id the receipt is for.
    pub carer: String,
    /// Whether the carer holds parental responsibility at the receipt's instant, as the
    /// latest statement recorded with any of their answers about the pupil says (answers
    /// without it never count); `None` when it is not known (nothing recorded says, for a
    /// step-parent, relative, foster carer or other carer).
    pub has_parental_responsibility: Option<bool>,
    /// Every channel the carer answered, including refusals and withdrawals.
    pub answers: Vec<ReceiptAnswer>,
    /// The ledger's head hash when the receipt was made: keep it to detect a rewritten
    /// ledger later ([`ConsentLedger::from_json_anchored`]).
    pub ledger_head_hash: String,
    /// How to withdraw (ISO/IEC TS 27560 `withdrawal_method`).
    pub withdrawal_method: String,
    /// What the receipt's Kantara fields cannot say: a restriction or a leaving date that
    /// stops every use whatever the carer answered, a pupil who is now an adult (18 or
    /// over) and decides for themselves, a notice that is not known, or a ledger imported
    /// without its seal checked (`consent_export_unsealed: ...`).
    pub warnings: Vec<String>,
}

/// A Kantara Consent Receipt v1.1 style receipt for one carer's answers about one pupil.
///
/// Kantara field names are kept (camelCase); esafety's own fields sit under `esafety`.
/// `purposes` lists only the channels the carer currently consents to; every answer,
/// including refusals and withdrawals, is in `esafety.answers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsentReceipt {
    /// Receipt format version (`version`).
    pub version: String,
    /// Jurisdiction (`jurisdiction`), for example `GB-ENG`.
    pub jurisdiction: String,
    /// Seconds since the epoch of the carer's latest answer (`consentTimestamp`).
    pub consent_timestamp: i64,
    /// How the latest answer was collected (`collectionMethod`), or `not recorded`
    /// ([`METHOD_NOT_RECORDED`]).
    pub collection_method: String,
    /// A deterministic id for this receipt (`consentReceiptID`).
    #[serde(rename = "consentReceiptID")]
    pub consent_receipt_id: String,
    /// Language (`language`).
    pub language: String,
    /// The pupil (`piiPrincipalId`).
    pub pii_principal_id: String,
    /// The school (`piiControllers`).
    pub pii_controllers: Vec<ReceiptController>,
    /// The notice URL or id (`policyUrl`).
    pub policy_url: String,
    /// The consented channels (`services`).
    pub services: Vec<ReceiptService>,
    /// Whether sensitive personal data is involved (`sensitive`): images of children are
    /// treated as sensitive.
    pub sensitive: bool,
    /// Special categories (`spiCat`): none.
    pub spi_cat: Vec<String>,
    /// esafety's extension.
    pub esafety: ReceiptExtension,
}

impl ConsentLedger {
    /// A Kantara-style receipt of `carer`'s own answers about `pupil` as of `at`.
    ///
    /// # Errors
    ///
    /// [`ConsentError::NoAnswers`] when the carer had answered nothing about the pupil by
    /// `at`.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::new();
    /// let at = parse_instant("2025-09-05T08:30:00Z")?;
    /// let widget = || RecordOptions { method: Some("widget".into()), ..RecordOptions::default() };
    /// ledger.record("p1", "c1", "school_website", "given", at, widget())?;
    /// ledger.record("p1", "c1", "press_media", "refused", at, widget())?;
    /// let receipt = ledger.receipt("p1", "c1", parse_instant("2025-10-01T00:00:00Z")?)?;
    /// assert_eq!(receipt.version, "KI-CR-v1.1.0");
    /// assert_eq!(receipt.services[0].purposes.len(), 1);
    /// assert_eq!(receipt.services[0].purposes[0].purpose, "school_website");
    /// assert_eq!(receipt.esafety.answers.len(), 2);
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn receipt(
        &self,
        pupil: &str,
        carer: &str,
        at: DateTime<Utc>,
    ) -> Result<ConsentReceipt, ConsentError> {
        let mut channels: BTreeMap<Channel, ()> = BTreeMap::new();
        let mut latest: Option<(DateTime<Utc>, Option<CollectionMethod>)> = None;
        for event in self.pupil_events(pupil) {
            if let LedgerEvent::Consent(e) = event
                && e.entity_id == carer
                && e.event_time <= at
            {
                channels.insert(e.purpose, ());
                if latest.as_ref().is_none_or(|(t, _)| e.event_time >= *t) {
                    latest = Some((e.event_time, e.collection_method));
                }
            }
        }
        let Some((latest_time, latest_method)) = latest else {
            return Err(ConsentError::NoAnswers {
                pupil: super::shorten(pupil),
                carer: super::shorten(carer),
            });
        };
        let mut answers = Vec::new();
        let mut purposes = Vec::new();
        let mut warnings = Vec::new();
        let mut latest_notice: Option<(DateTime<Utc>, Option<String>)> = None;
        // An adult pupil decides for themselves: no carer's answer counts any more.
        let adult = self.adult_since(pupil, at);
        for channel in channels.into_keys() {
            // The carer's own answers, whatever decides the pupil's use: a restriction, a
            // leaving date or the pupil's coming of age stops every use on their say but
            // does not erase what the carer said. Their answer for a channel is their latest
            // for it or for the channel it belongs to (Consent rule 3).
            let Some(own) = self
                .carer_answers(pupil, channel, at)
                .into_iter()
                .find(|a| {
                    a.carer == carer && channel.answer_scope(a.channel) == Some(AnswerScope::Full)
                })
            else {
                continue;
            };
            let event = self.pupil_events(pupil).find_map(|e| match e {
                LedgerEvent::Consent(c)
                    if c.entity_id == carer
                        && c.purpose == own.channel
                        && c.event_time == own.event_time
                        && c.event_state == own.event_state =>
                {
                    Some(c)
                }
                _ => None,
            });
            let method = event.map_or(latest_method, |c| c.collection_method);
            // The notice the carer was told under: the one named on their yes, else on the
            // answer itself, else the one in force when they answered.
            let notice_version = own.notice_version.clone().or_else(|| {
                event
                    .and_then(|c| c.notice_version.clone())
                    .or_else(|| self.notice_in_force(own.event_time))
            });
            if latest_notice
                .as_ref()
                .is_none_or(|(t, _)| own.event_time >= *t)
            {
                latest_notice = Some((own.event_time, notice_version.clone()));
            }
            if own.state == ConsentState::Given
                && let Some(v) = own
                    .notice_version
                    .as_deref()
                    .filter(|v| !self.notice_known(v, at))
            {
                warnings.push(format!(
                    "the yes for `{channel}` names notice version `{v}`, which is not a notice the school published: it does not count, and the school will ask again under the notice in force"
                ));
            }
            let decision = self.decide(pupil, channel, at);
            let stopped = matches!(decision.rule.as_str(), "restriction" | "left_roll");
            let warning = carer_facing_reason(pupil, &decision);
            if stopped && !warnings.contains(&warning) {
                warnings.push(warning);
            }
            if own.state == ConsentState::Given && own.counted && !stopped && adult.is_none() {
                purposes.push(self.receipt_purpose(channel, own.valid_until));
            }
            answers.push(ReceiptAnswer {
                channel: channel.to_string(),
                state: own.state,
                event_time: own.event_time,
                collection_method: method.map(|m| m.as_str().to_owned()),
                notice_version,
            });
        }
        if let Some(since) = adult {
            warnings.push(format!(
                "pupil `{pupil}` has been an adult since {}, when their own answer was recorded at 18 or over: parental responsibility has ended, so these answers no longer decide any use and the pupil's own answers do (Consent adult pupil)",
                format_instant(since)
            ));
        }
        warnings.extend(
            self.warnings()
                .into_iter()
                .map(|w| format!("{w}: {}", w.describe())),
        );
        let policy_url = self.receipt_policy_url(latest_notice.and_then(|(_, v)| v), &mut warnings);
        let config = self.config();
        let controller = &config.controller;
        let head = self.head_hash().to_owned();
        let id_source = format!("{pupil}\n{carer}\n{}\n{head}", format_instant(at));
        let digest = sha256_hex(id_source.as_bytes());
        Ok(ConsentReceipt {
            version: RECEIPT_VERSION.to_owned(),
            jurisdiction: config.jurisdiction.clone(),
            consent_timestamp: latest_time.timestamp(),
            collection_method: latest_method
                .map_or(METHOD_NOT_RECORDED, CollectionMethod::as_str)
                .to_owned(),
            consent_receipt_id: uuid_like(&digest),
            language: config.language.clone(),
            pii_principal_id: pupil.to_owned(),
            pii_controllers: vec![ReceiptController {
                pii_controller: controller.name.clone(),
                on_behalf: false,
                contact: controller.contact.clone(),
                address: controller.address.clone(),
                email: controller.email.clone(),
                phone: controller.phone.clone(),
                pii_controller_url: controller.url.clone(),
            }],
            policy_url,
            services: vec![ReceiptService {
                service: "Images, video and sound of pupils".to_owned(),
                purposes,
            }],
            sensitive: true,
            spi_cat: Vec::new(),
            esafety: ReceiptExtension {
                carer: carer.to_owned(),
                has_parental_responsibility: match self.parental_responsibility(pupil, carer, at) {
                    ParentalResponsibility::Holds => Some(true),
                    ParentalResponsibility::DoesNotHold => Some(false),
                    ParentalResponsibility::Unknown(_) => None,
                },
                answers,
                ledger_head_hash: head,
                warnings,
                withdrawal_method: "the same way consent was given (paper form, website widget or parent app), at any time".to_owned(),
            },
        })
    }

    /// The notice the carer's latest answer was given under (Kantara `policyUrl`, which
    /// is mandatory): the configured notice's address when it is that version, else the
    /// notice named by its version; when no notice is known it says so, with a warning.
    fn receipt_policy_url(&self, version: Option<String>, warnings: &mut Vec<String>) -> String {
        let configured = self.config().notice.as_ref();
        match (configured, version) {
            (Some(n), Some(v)) if v != n.version => format!("{} version {v}", n.id),
            (Some(n), _) => n.url.clone().unwrap_or_else(|| n.id.clone()),
            (None, Some(v)) => format!("notice version {v}"),
            (None, None) => {
                warnings.push(
                    "no privacy notice is recorded for these answers: the school cannot show what the carer was told (DOMAIN.md §3.2)"
                        .to_owned(),
                );
                "unknown: no notice recorded".to_owned()
            }
        }
    }

    fn receipt_purpose(
        &self,
        channel: Channel,
        valid_until: Option<DateTime<Utc>>,
    ) -> ReceiptPurpose {
        let pii_category = match channel {
            Channel::VideoRecording => vec!["video", "sound"],
            Channel::PupilWorkWithName => vec!["pupil_work", "first_and_last_name"],
            _ => vec!["image"],
        };
        let third_party = match channel {
            Channel::PressMedia => Some("local or national press and television".to_owned()),
            Channel::ExternalPhotographer => {
                Some("the school's contracted photographer".to_owned())
            }
            Channel::SchoolSocialMedia(Some(p)) => Some(p.as_str().to_owned()),
            Channel::SchoolSocialMedia(None) => Some("social-media platforms".to_owned()),
            _ => None,
        };
        let termination = match valid_until {
            Some(until) => format!(
                "until withdrawn, or until {} (start of the next school year)",
                format_instant(until)
            ),
            None => "until withdrawn".to_owned(),
        };
        let termination = match self.config().retention {
            Some(r) => format!("{termination}; {}", r.describe()),
            None => termination,
        };
        ReceiptPurpose {
            purpose: channel.to_string(),
            purpose_category: vec!["school_publicity".to_owned()],
            consent_type: "EXPLICIT".to_owned(),
            pii_category: pii_category.into_iter().map(str::to_owned).collect(),
            primary_purpose: false,
            termination,
            third_party_disclosure: third_party.is_some(),
            third_party_name: third_party,
        }
    }
}

/// What a carer may be told about a pupil decision: a safeguarding restriction is never
/// named to a carer, who may be the person it protects the child from (KCSIE: share only
/// what is needed, never in a way that puts the child at risk), so it reads as a neutral
/// sentence; the school-side [`ConsentLedger::explain`] keeps the reason.
///
/// # Examples
///
/// ```
/// use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
///
/// let mut ledger = ConsentLedger::new();
/// ledger.record("a", "dad", "school_website", "given", parse_instant("2025-09-05T10:00:00Z")?, RecordOptions::default())?;
/// ledger.restrict("a", "domestic_abuse", parse_instant("2025-09-10T10:00:00Z")?)?;
/// let at = parse_instant("2025-09-11T10:00:00Z")?;
/// let receipt = ledger.receipt("a", "dad", at)?;
/// assert_eq!(receipt.esafety.warnings[0], "pupil `a`: images of this pupil are not used at present; the school can explain");
/// assert!(!receipt.esafety.warnings.iter().any(|w| w.contains("domestic_abuse") || w.contains("restriction")));
/// assert_eq!(ledger.consent_form("a", "dad", at).channels[0].status, "not_available");
/// assert!(ledger.explain("a", "school_website", at)?.reason.contains("domestic_abuse"));
/// # Ok::<(), esafety_core::consent::ConsentError>(())
/// ```
pub(crate) fn carer_facing_reason(pupil: &str, decision: &super::PupilDecision) -> String {
    if decision.rule == "restriction" {
        format!("pupil `{pupil}`: {NOT_AVAILABLE_TEXT}")
    } else {
        decision.reason.clone()
    }
}

/// The neutral sentence a carer sees while a safeguarding restriction is in force.
pub(crate) const NOT_AVAILABLE_TEXT: &str =
    "images of this pupil are not used at present; the school can explain";

/// Formats the first 128 bits of a hex digest as a UUID-shaped id.
fn uuid_like(hex: &str) -> String {
    let part = |from: usize, to: usize| hex.get(from..to).unwrap_or("");
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}
