//! A school's consent configuration: channels asked about, the notice, the expiry rule and
//! the controller named on receipts (DOMAIN.md §3.2, §3.3 rule 8, §7 `SchoolConfig`).

use super::{Channel, ConsentError, sha256_hex};
use crate::vocabulary::SchoolClock;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The image notice parents are shown (ISO/IEC TS 27560 `notice`, Kantara `policyUrl`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// The school's id for the notice, for example `image-consent`.
    pub id: String,
    /// The version in force when the ledger starts.
    pub version: String,
    /// Where the notice is published, if online.
    #[serde(default)]
    pub url: Option<String>,
    /// The sha256 (lower-case hex) of the notice text.
    #[serde(default)]
    pub content_hash: Option<String>,
}

impl Notice {
    /// Builds a notice from its text, computing the content hash.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::consent::Notice;
    ///
    /// let notice = Notice::from_text("image-consent", "2025-1", "We take photographs...", None);
    /// assert_eq!(notice.content_hash.as_deref().map(str::len), Some(64));
    /// ```
    pub fn from_text(id: &str, version: &str, text: &str, url: Option<&str>) -> Notice {
        Notice {
            id: id.to_owned(),
            version: version.to_owned(),
            url: url.map(str::to_owned),
            content_hash: Some(sha256_hex(text.as_bytes())),
        }
    }
}

/// When a yes stops counting by itself (DOMAIN.md §3.3 rule 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum ExpiryRule {
    /// Reconfirm at the start of every school year: a yes given before the most recent
    /// start date (00:00 in England, Europe/London civil time) is `expired` unless renewed.
    /// The default is 1 September.
    SchoolYear {
        /// Month the school year starts (1–12).
        start_month: u32,
        /// Day of that month (February 29 is not allowed).
        start_day: u32,
    },
    /// Keep a yes until it is withdrawn (seed 000: "until the data is no longer in use").
    // Written with braces so that a key beside `rule` is refused: serde reads a unit
    // variant of a tagged enum without looking at the rest.
    Never {},
}

impl Default for ExpiryRule {
    fn default() -> Self {
        ExpiryRule::SchoolYear {
            start_month: 9,
            start_day: 1,
        }
    }
}

impl ExpiryRule {
    /// The instant a yes given at `given_at` stops counting, or `None` if it never lapses:
    /// 00:00 Europe/London on the first school-year start after `given_at`'s local date
    /// (see [`SchoolClock`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use esafety_core::consent::ExpiryRule;
    ///
    /// let given = Utc.with_ymd_and_hms(2025, 6, 10, 9, 0, 0).unwrap();
    /// let lapses = ExpiryRule::default().lapses_at(given);
    /// // Midnight on 1 September in British Summer Time is 23:00 UTC on 31 August.
    /// assert_eq!(lapses, Some(Utc.with_ymd_and_hms(2025, 8, 31, 23, 0, 0).unwrap()));
    /// ```
    pub fn lapses_at(self, given_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let clock = self.clock()?;
        let next = clock.next_school_year_start(given_at)?;
        Some(clock.utc_of_local_midnight(next))
    }

    /// The school clock this rule counts school years by, or `None` for [`ExpiryRule::Never {}`]
    /// or an impossible start date.
    pub fn clock(self) -> Option<SchoolClock> {
        match self {
            ExpiryRule::Never {} => None,
            ExpiryRule::SchoolYear {
                start_month,
                start_day,
            } => SchoolClock::with_year_start(start_month, start_day),
        }
    }

    fn validate(self) -> Result<(), ConsentError> {
        match self {
            ExpiryRule::Never {} => Ok(()),
            ExpiryRule::SchoolYear {
                start_month,
                start_day,
            } => match SchoolClock::with_year_start(start_month, start_day) {
                Some(_) => Ok(()),
                None => Err(ConsentError::InvalidConfig {
                    reason: format!(
                        "school year start `{start_month}-{start_day}` is not a date in every year"
                    ),
                }),
            },
        }
    }
}

/// How long the school keeps consent records and the images they cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentRetention {
    /// Until the images are no longer in use (seed 000).
    WhileInUse,
    /// As the school's data retention policy says.
    RetentionPolicy,
}

impl ConsentRetention {
    /// The rule in plain words (printed on receipts).
    pub fn describe(self) -> &'static str {
        match self {
            ConsentRetention::WhileInUse => {
                "the consent record is kept until the images are no longer in use"
            }
            ConsentRetention::RetentionPolicy => {
                "the consent record is kept as the school's data retention policy says"
            }
        }
    }
}

/// The school or trust that controls the images (Kantara `piiControllers[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Controller {
    /// Name of the school or trust.
    pub name: String,
    /// Contact person or office.
    #[serde(default)]
    pub contact: Option<String>,
    /// Postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Telephone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Website.
    #[serde(default)]
    pub url: Option<String>,
}

impl Default for Controller {
    fn default() -> Self {
        Controller {
            name: "the school".to_owned(),
            contact: None,
            address: None,
            email: None,
            phone: None,
            url: None,
        }
    }
}

/// A school's consent configuration.
///
/// The default asks about every [`Channel`], reconfirms on 1 September and when the notice
/// changes in substance, and is in English for England (`GB-ENG`).
///
/// # Examples
///
/// ```
/// use esafety_core::consent::{Channel, SchoolConsentConfig};
///
/// let config = SchoolConsentConfig::from_json(
///     r#"{"channels": ["printed_publications", "school_website", "video_recording", "press_media"],
///         "notice": {"id": "image-consent", "version": "2025-1"}}"#,
/// )?;
/// assert!(config.asks_about(Channel::SchoolWebsite));
/// assert!(!config.asks_about(Channel::ExternalPhotographer));
/// # Ok::<(), esafety_core::consent::ConsentError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SchoolConsentConfig {
    /// The channels the school asks parents about. Asking about `school_social_media`
    /// covers every platform; a platform id asks about that platform only.
    pub channels: Vec<Channel>,
    /// The notice in force when the ledger starts (later versions are ledger events).
    pub notice: Option<Notice>,
    /// When a yes lapses by itself.
    pub expiry: ExpiryRule,
    /// Whether a notice version marked substantive makes every earlier yes lapse; also
    /// whether a yes given before any notice was in force lapses when the first one is.
    pub reconfirm_on_notice_change: bool,
    /// The age from which a pupil is old enough to be asked about images of themselves, so
    /// that their own refusal wins over a parent's yes (UK GDPR Art 8; ICO "Children and the
    /// UK GDPR"). `None` (the default): the school sets no age, and each
    /// [`ConsentLedger::record_pupil_voice`](super::ConsentLedger::record_pupil_voice) must say
    /// whether the pupil is old enough.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pupil_voice_min_age: Option<u8>,
    /// Channels a carer's yes does not open alone: the pupil's own agreement must be
    /// recorded too ([`ConsentLedger::record_pupil_voice`](super::ConsentLedger::record_pupil_voice)),
    /// and until it is the answer is no. Seed 000 publishes pupils' work only "with their
    /// permission and the permission of their parents" (DOMAIN.md §3.3 rule 9).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pupil_agreement_channels: Vec<Channel>,
    /// How long consent records are kept (`None`: not stated; the school's data
    /// retention policy applies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention: Option<ConsentRetention>,
    /// The controller named on receipts.
    pub controller: Controller,
    /// Jurisdiction code for receipts.
    pub jurisdiction: String,
    /// Language code for receipts.
    pub language: String,
}

impl Default for SchoolConsentConfig {
    fn default() -> Self {
        SchoolConsentConfig {
            channels: Channel::ALL.to_vec(),
            notice: None,
            expiry: ExpiryRule::default(),
            reconfirm_on_notice_change: true,
            pupil_voice_min_age: None,
            pupil_agreement_channels: Vec::new(),
            retention: None,
            controller: Controller::default(),
            jurisdiction: "GB-ENG".to_owned(),
            language: "en".to_owned(),
        }
    }
}

impl SchoolConsentConfig {
    /// Reads a configuration from JSON (missing fields take their defaults).
    ///
    /// # Errors
    ///
    /// [`ConsentError::InvalidConfig`] for malformed JSON, unknown fields, an unknown
    /// channel or an impossible school-year start.
    pub fn from_json(text: &str) -> Result<SchoolConsentConfig, ConsentError> {
        crate::wire::limits::check_size(text)?;
        crate::wire::limits::check_json(text)?;
        let config: SchoolConsentConfig =
            crate::wire::object_from_json(text).map_err(|e| ConsentError::InvalidConfig {
                reason: e.to_string(),
            })?;
        config.validate()?;
        Ok(config)
    }

    /// Checks the configuration.
    ///
    /// # Errors
    ///
    /// [`ConsentError::InvalidConfig`] when no channel is configured or the school year
    /// start is not a date in every year.
    pub fn validate(&self) -> Result<(), ConsentError> {
        if self.channels.is_empty() {
            return Err(ConsentError::InvalidConfig {
                reason: "no channel is configured".to_owned(),
            });
        }
        if let Some(age) = self.pupil_voice_min_age
            && !(2..=19).contains(&age)
        {
            return Err(ConsentError::InvalidConfig {
                reason: format!("pupil_voice_min_age `{age}` is not a pupil's age (2 to 19)"),
            });
        }
        self.expiry.validate()
    }

    /// Whether the school asks parents about `channel`.
    pub fn asks_about(&self, channel: Channel) -> bool {
        self.channels
            .iter()
            .any(|c| *c == channel || *c == channel.generic())
    }

    /// Whether `channel` also needs the pupil's own agreement
    /// ([`SchoolConsentConfig::pupil_agreement_channels`]).
    pub fn needs_pupil_agreement(&self, channel: Channel) -> bool {
        // A generic check is a use on every platform of the channel, so it needs the
        // pupil's agreement where any one of them does.
        self.pupil_agreement_channels.iter().any(|c| {
            *c == channel
                || *c == channel.generic()
                || (channel == channel.generic() && c.generic() == channel)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    #[test]
    fn school_year_expiry() {
        let rule = ExpiryRule::default();
        // 00:00 on 1 September in England is 23:00 UTC on 31 August (BST).
        let sep1 = |y| Utc.with_ymd_and_hms(y, 8, 31, 23, 0, 0).unwrap();
        assert_eq!(rule.lapses_at(t(2025, 8, 31)), Some(sep1(2025)));
        assert_eq!(
            rule.lapses_at(Utc.with_ymd_and_hms(2025, 8, 31, 22, 59, 59).unwrap()),
            Some(sep1(2025))
        );
        assert_eq!(rule.lapses_at(t(2025, 9, 1)), Some(sep1(2026)));
        assert_eq!(rule.lapses_at(sep1(2025)), Some(sep1(2026)));
        assert_eq!(rule.lapses_at(t(2026, 1, 5)), Some(sep1(2026)));
        assert_eq!(ExpiryRule::Never {}.lapses_at(t(2026, 1, 5)), None);
        let never: ExpiryRule = serde_json::from_str(r#"{"rule": "never"}"#).unwrap();
        assert_eq!(never, ExpiryRule::Never {});
        assert_eq!(
            serde_json::to_string(&never).unwrap(),
            r#"{"rule":"never"}"#
        );
        assert!(
            serde_json::from_str::<ExpiryRule>(r#"{"rule": "never", "start_day": 1}"#).is_err()
        );
        // A school year starting in winter starts at 00:00 GMT (= UTC).
        let january = ExpiryRule::SchoolYear {
            start_month: 1,
            start_day: 6,
        };
        assert_eq!(
            january.lapses_at(t(2025, 9, 1)),
            Some(Utc.with_ymd_and_hms(2026, 1, 6, 0, 0, 0).unwrap())
        );
    }

    #[test]
    fn config_validation() {
        assert!(SchoolConsentConfig::default().validate().is_ok());
        let bad = SchoolConsentConfig::from_json(
            r#"{"expiry": {"rule": "school_year", "start_month": 2, "start_day": 29}}"#,
        )
        .unwrap_err();
        assert_eq!(crate::ErrorCode::code(&bad), "consent_invalid_config");
        assert!(SchoolConsentConfig::from_json(r#"{"channels": ["tiktok"]}"#).is_err());
        assert!(SchoolConsentConfig::from_json(r#"{"channels": []}"#).is_err());
        assert!(SchoolConsentConfig::from_json(r#"{"colour": "red"}"#).is_err());
        assert!(SchoolConsentConfig::from_json(r#"{"pupil_voice_min_age": 30}"#).is_err());
        let twelve = SchoolConsentConfig::from_json(r#"{"pupil_voice_min_age": 12}"#).unwrap();
        assert_eq!(twelve.pupil_voice_min_age, Some(12));
        // Unset, the field stays out of the JSON (and of the ledger's genesis hash).
        let json = serde_json::to_string(&SchoolConsentConfig::default()).unwrap();
        assert!(!json.contains("pupil_voice_min_age"));
    }

    #[test]
    fn platform_channels_are_covered_by_the_generic_one() {
        let config = SchoolConsentConfig::default();
        assert!(config.asks_about("school_social_media.youtube".parse().unwrap()));
        let only_x = SchoolConsentConfig {
            channels: vec!["school_social_media.x".parse().unwrap()],
            ..SchoolConsentConfig::default()
        };
        assert!(only_x.asks_about("school_social_media.x".parse().unwrap()));
        assert!(!only_x.asks_about("school_social_media.facebook".parse().unwrap()));
        assert!(!only_x.asks_about(Channel::SchoolSocialMedia(None)));
    }
}
