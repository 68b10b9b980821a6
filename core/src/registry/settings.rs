//! School settings: the local choices where the seed schools differ (DOMAIN.md §8).
//!
//! [`SchoolSettings::default`] is the project's safe default; [`SchoolSettings::preset`]
//! gives each seed school's choices (`seed_000` … `seed_004`). Settings are plain serde
//! structs (`deny_unknown_fields`), so a school can also pass its own as JSON.
//!
//! # Example
//!
//! ```
//! use esafety_core::registry::{PersonalDevicePhotos, SchoolSettings, SearchRule};
//!
//! let wfs = SchoolSettings::preset("seed_004")?;
//! assert_eq!(wfs.search_rule, SearchRule::PupilConsentElseParents);
//! let highgate = SchoolSettings::preset("seed_001")?;
//! assert_eq!(highgate.personal_device_photos, PersonalDevicePhotos::WhenNecessaryThenTransfer);
//! assert!(highgate.joint_staff_governor_aup);
//! # Ok::<(), esafety_core::registry::RegistryError>(())
//! ```

use super::RegistryError;
use super::aup::Audience;
use super::local::{DeviceRules, LocalDuty, PasswordRules, PersonalSocialMediaContact};
use super::role::{Role, short};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

/// When AUP signatures stop counting and must be renewed (DOMAIN.md §4.2).
///
/// On the wire: `"never"`, `"start_of_school_year"` or `{"every_days": 365}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AupRefresh {
    /// Signatures count until a material change or an audience change.
    Never,
    /// Signatures count for this many days (365: "every year").
    EveryDays(u32),
    /// Signatures count until the next 1 September (seed 000: each class signs at the
    /// beginning of every school year).
    StartOfSchoolYear,
}

/// Who may search a pupil's device and on what condition (DOMAIN.md §5.2 R7): the one
/// search-rule vocabulary (`dfe`, `pupil_or_parent_consent`, `pupil_consent_else_parents`;
/// the older ids `dfe_default` and `pupil_consent` are read as aliases).
pub use crate::vocabulary::SearchRule;

crate::ids::closed_ids! {
    /// Whether staff and visitors may photograph on personal devices (DOMAIN.md §8).
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    PersonalDevicePhotos {
        /// Seed 000: not for any purpose without the express permission of SLT.
        WithSltPermission = "with_slt_permission",
        /// Seed 001: staff may when appropriate and necessary for professional purposes, then
        /// move the images to school hardware as soon as practical and delete them.
        WhenNecessaryThenTransfer = "when_necessary_then_transfer",
        /// Never on a personal device: school equipment only (the national default, seed 003
        /// §7.11).
        Never = "never",
    }
}

crate::ids::closed_ids! {
    /// How visitors get onto school systems.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    VisitorAccess {
        /// Visitors read and sign the visitor AUP before any access (seed 003 §7.2).
        SignedAup = "signed_aup",
        /// Visitors use a generic visitor login to part of the systems; the guest Wi-Fi key
        /// is issued case by case (seed 002 'Monitoring, and Averting Online Safety Incidents').
        GenericLogin = "generic_login",
        /// Visitors abide by the notice printed on their access slip; no signature (seed 004 §7).
        AccessSlip = "access_slip",
    }
}

/// One school's local choices that the registry needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SchoolSettings {
    /// Which preset the settings started from (`default`, `seed_000` … `seed_004`).
    pub preset: String,
    /// When AUP signatures must be renewed.
    pub aup_refresh: AupRefresh,
    /// One joint Staff & Governor AUP: governors sign the `staff` document (seed 001).
    pub joint_staff_governor_aup: bool,
    /// IT providers sign a technician AUP on top of the staff AUP (seed 000).
    pub technician_aup: bool,
    /// Social-media officers sign a social-media AUP on top of the staff AUP (seed 001).
    pub social_media_aup: bool,
    /// How visitors get access.
    pub visitor_access: VisitorAccess,
    /// The device-search rule.
    pub search_rule: SearchRule,
    /// The personal-device photo rule.
    pub personal_device_photos: PersonalDevicePhotos,
    /// The roles whose job gives access to child-protection records (seed 003 §7.5.1:
    /// restricted per job role, with regular reviews of who has access).
    pub child_protection_record_roles: Vec<Role>,
    /// The longest gap, in days, between two reviews of the online-safety policy and of
    /// the filtering & monitoring provision (DfE: at least annually).
    pub review_interval_days: u32,
    /// Whether staff may contact pupils or parents through personal social media.
    pub personal_social_media_contact: PersonalSocialMediaContact,
    /// Whether parents and carers sign a parent AUP.
    pub parents_sign_aup: bool,
    /// Whether a KS2 pupil's AUP needs a parent's co-signature to count.
    pub pupil_aup_co_signed: bool,
    /// The headteacher is also the DSL (seed 002): the head holds `dsl` and the post is
    /// not vacant while a head is in post.
    pub head_is_dsl: bool,
    /// Re-signing per audience, overriding `aup_refresh` for that audience.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub aup_refresh_by_audience: BTreeMap<Audience, AupRefresh>,
    /// Phones and personal devices.
    pub devices: DeviceRules,
    /// Password rules.
    pub passwords: PasswordRules,
    /// Duties the school gives its roles on top of the national duties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub local_duties: Vec<LocalDuty>,
}

impl Default for SchoolSettings {
    /// The project's safe default: sign before access for everyone, yearly re-signing,
    /// separate governor AUP, technician and social-media AUPs required, DfE search rule,
    /// photos of pupils on school equipment only.
    fn default() -> Self {
        SchoolSettings {
            preset: "default".to_owned(),
            aup_refresh: AupRefresh::EveryDays(365),
            joint_staff_governor_aup: false,
            technician_aup: true,
            social_media_aup: true,
            visitor_access: VisitorAccess::SignedAup,
            search_rule: SearchRule::Dfe,
            personal_device_photos: PersonalDevicePhotos::Never,
            child_protection_record_roles: vec![Role::Dsl, Role::DeputyDsl, Role::Headteacher],
            review_interval_days: 365,
            personal_social_media_contact: PersonalSocialMediaContact::Never,
            parents_sign_aup: true,
            head_is_dsl: false,
            pupil_aup_co_signed: true,
            aup_refresh_by_audience: BTreeMap::new(),
            devices: DeviceRules::default(),
            passwords: PasswordRules::default(),
            local_duties: Vec::new(),
        }
    }
}

/// The registry's older preset ids, still accepted by [`SchoolSettings::preset`] beside the
/// school policy ids (`national`, `kilby`, …, see [`crate::policy::PRESET_IDS`]).
pub const PRESETS: [&str; 6] = [
    "default", "seed_000", "seed_001", "seed_002", "seed_003", "seed_004",
];

impl SchoolSettings {
    /// When signatures of `audience` must be renewed.
    pub fn refresh_for(&self, audience: Audience) -> AupRefresh {
        self.aup_refresh_by_audience
            .get(&audience)
            .copied()
            .unwrap_or(self.aup_refresh)
    }

    /// The settings of a seed school, or the default, read from the school's policy
    /// document (ids `national`, `kilby`, … or the aliases `default`, `seed_000`, …).
    ///
    /// | preset | what differs from the default |
    /// |---|---|
    /// | `seed_000` | pupils re-sign at the start of every school year; technician AUP; no social-media AUP |
    /// | `seed_001` | joint Staff & Governor AUP; social-media AUP; no technician AUP; personal-device photos when necessary, then transfer and delete; searches by leadership with pupil or parent consent |
    /// | `seed_002` | generic visitor login; no technician or social-media AUP |
    /// | `seed_003` | everyone, visitors included, signs before access; no technician or social-media AUP |
    /// | `seed_004` | pupil must consent to a search; no technician or social-media AUP |
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownPreset`] for any other id.
    pub fn preset(id: &str) -> Result<Self, RegistryError> {
        let policy =
            crate::policy::SchoolPolicy::preset(id).map_err(|_| RegistryError::UnknownPreset {
                preset: short(id),
                hint: crate::vocabulary::unknown_hint(id, crate::policy::PRESET_IDS),
            })?;
        // The preset's own id, whichever alias named it (`seed_000` is `kilby`).
        Ok(policy.registry_settings())
    }

    /// Reads settings from JSON text: either a full or partial settings object (missing
    /// fields take the default), or an object with a `preset` key plus overrides.
    ///
    /// # Errors
    ///
    /// [`RegistryError::UnknownPreset`] for an unknown preset,
    /// [`RegistryError::InvalidSettings`] for malformed JSON or unknown fields.
    pub fn from_json(text: &str) -> Result<Self, RegistryError> {
        crate::wire::limits::check_size(text)?;
        crate::wire::limits::check_json(text)?;
        let value: serde_json::Value =
            crate::wire::json_value(text).map_err(|e| RegistryError::InvalidSettings {
                reason: e.to_string(),
            })?;
        Self::from_value(&value)
    }

    /// Reads settings from a JSON value (see [`SchoolSettings::from_json`]).
    ///
    /// # Errors
    ///
    /// As [`SchoolSettings::from_json`].
    pub fn from_value(value: &serde_json::Value) -> Result<Self, RegistryError> {
        crate::wire::limits::check_value(value)?;
        let serde_json::Value::Object(map) = value else {
            return Err(RegistryError::InvalidSettings {
                reason: "settings must be a json object".to_owned(),
            });
        };
        // Settings written out whole (`Registry.settings` of a school's own policy, whose
        // `preset` is the school's id): read as they are, with nothing taken from a preset.
        let whole = match serde_json::to_value(SchoolSettings::default()) {
            Ok(serde_json::Value::Object(every)) => every.keys().all(|k| map.contains_key(k)),
            _ => false,
        };
        if whole {
            return serde_json::from_value::<SchoolSettings>(value.clone())
                .map_err(|e| RegistryError::InvalidSettings {
                    reason: e.to_string(),
                })?
                .checked();
        }
        let preset = match map.get("preset") {
            None => "default",
            Some(serde_json::Value::String(p)) => p.as_str(),
            Some(_) => {
                return Err(RegistryError::InvalidSettings {
                    reason: "`preset` must be a string".to_owned(),
                });
            }
        };
        let base = SchoolSettings::preset(preset)?;
        let mut merged = match serde_json::to_value(&base) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        for (k, v) in map {
            merged.insert(k.clone(), v.clone());
        }
        serde_json::from_value::<SchoolSettings>(serde_json::Value::Object(merged))
            .map_err(|e| RegistryError::InvalidSettings {
                reason: e.to_string(),
            })?
            .checked()
    }
}

impl SchoolSettings {
    /// Settings from an optional preset id and optional overrides (a JSON object of
    /// settings fields), as bindings receive them (`Registry(preset=..., settings=...)`).
    ///
    /// The overrides' own `preset` key wins over `preset` when both are given.
    ///
    /// # Errors
    ///
    /// As [`SchoolSettings::preset`] and [`SchoolSettings::from_value`].
    pub fn resolve(
        preset: Option<&str>,
        overrides: Option<&serde_json::Value>,
    ) -> Result<Self, RegistryError> {
        match (preset, overrides) {
            (None, None) => Ok(SchoolSettings::default()),
            (Some(p), None) => SchoolSettings::preset(p),
            (p, Some(serde_json::Value::Object(map))) => {
                let mut map = map.clone();
                if let Some(p) = p {
                    map.entry("preset")
                        .or_insert_with(|| serde_json::Value::String(p.to_owned()));
                }
                SchoolSettings::from_value(&serde_json::Value::Object(map))
            }
            (_, Some(other)) => SchoolSettings::from_value(other),
        }
    }
}

impl SchoolSettings {
    /// These settings with overrides (a JSON object of settings fields) applied on top.
    ///
    /// # Errors
    ///
    /// [`RegistryError::InvalidSettings`] for a non-object, unknown fields or bad values.
    pub fn with_overrides(
        self,
        overrides: Option<&serde_json::Value>,
    ) -> Result<SchoolSettings, RegistryError> {
        let Some(overrides) = overrides else {
            return Ok(self);
        };
        let serde_json::Value::Object(extra) = overrides else {
            return Err(RegistryError::InvalidSettings {
                reason: "settings must be a json object".to_owned(),
            });
        };
        let mut merged = match serde_json::to_value(&self) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        merged.extend(extra.clone());
        serde_json::from_value::<SchoolSettings>(serde_json::Value::Object(merged))
            .map_err(|e| RegistryError::InvalidSettings {
                reason: e.to_string(),
            })?
            .checked()
    }
}

impl SchoolSettings {
    /// What in these settings cannot stand, each as `(field, why)`: the same checks however
    /// the settings arrive (a policy document, keyword arguments, JSON, a saved registry).
    ///
    /// ```
    /// use esafety_core::registry::SchoolSettings;
    /// use esafety_core::vocabulary::Role;
    ///
    /// let mut settings = SchoolSettings::default();
    /// assert!(settings.problems().is_empty());
    /// settings.review_interval_days = 5000;
    /// settings.child_protection_record_roles = vec![Role::Pupil];
    /// let fields: Vec<String> = settings.problems().into_iter().map(|(f, _)| f).collect();
    /// assert_eq!(fields, ["review_interval_days", "child_protection_record_roles"]);
    /// ```
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut cite = |field: String, source: Option<&str>| {
            if let Some(why) = source.and_then(crate::source::unresolved) {
                out.push((field, why));
            }
        };
        cite("devices.source".to_owned(), self.devices.source.as_deref());
        cite(
            "passwords.source".to_owned(),
            self.passwords.source.as_deref(),
        );
        for (i, duty) in self.local_duties.iter().enumerate() {
            cite(format!("local_duties[{i}].source"), Some(&duty.source));
        }
        for (i, duty) in self.local_duties.iter().enumerate() {
            if duty.duty.trim().is_empty() {
                out.push((
                    format!("local_duties[{i}].duty"),
                    "a duty says in plain words what the role does".to_owned(),
                ));
            }
        }
        // DfE filtering and monitoring standard 2: reviewed at least once a year.
        if !(1..=365).contains(&self.review_interval_days) {
            out.push(("review_interval_days".to_owned(), format!(
                "expected 1 to 365 days: filtering and monitoring are reviewed at least once a year (DfE F&M standard 2), not every {} days",
                self.review_interval_days
            )));
        }
        // A signature that lapses the day it is made would shut everyone out.
        let refreshes = std::iter::once(("aup_refresh".to_owned(), self.aup_refresh)).chain(
            self.aup_refresh_by_audience
                .iter()
                .map(|(a, r)| (format!("aup_refresh_by_audience.{a}"), *r)),
        );
        for (field, refresh) in refreshes {
            if refresh == AupRefresh::EveryDays(0) {
                out.push((
                    field,
                    "expected at least 1 day: a signature that lapses as it is made shuts everyone out of the school's systems".to_owned(),
                ));
            }
        }
        // The DSL keeps the child-protection record (KCSIE Part 2); only staff may open it.
        let record = &self.child_protection_record_roles;
        if let Some(role) = record.iter().find(|r| !r.works_at_school()) {
            out.push(("child_protection_record_roles".to_owned(), format!(
                "`{role}` is not a staff role: child-protection records are opened by staff with a safeguarding role"
            )));
        } else if !record.contains(&Role::Dsl) {
            out.push((
                "child_protection_record_roles".to_owned(),
                "the DSL keeps the child-protection record and cannot be left out (KCSIE Part 2)"
                    .to_owned(),
            ));
        }
        out
    }

    /// These settings, or [`RegistryError::InvalidSettings`] naming every problem of
    /// [`SchoolSettings::problems`].
    ///
    /// # Errors
    ///
    /// [`RegistryError::InvalidSettings`].
    pub fn checked(self) -> Result<SchoolSettings, RegistryError> {
        match self.problem_text() {
            None => Ok(self),
            Some(reason) => Err(RegistryError::InvalidSettings { reason }),
        }
    }

    /// Every problem of [`SchoolSettings::problems`] in one line (`field: why; …`), or
    /// `None` when there is none.
    pub(crate) fn problem_text(&self) -> Option<String> {
        let problems = self.problems();
        (!problems.is_empty()).then(|| {
            problems
                .iter()
                .map(|(field, why)| format!("{field}: {why}"))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

impl FromStr for SchoolSettings {
    type Err = RegistryError;

    /// Parses a preset id.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SchoolSettings::preset(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_exist_and_differ() {
        // Every id names its preset; an older alias gives the preset's own id.
        for id in PRESETS {
            let named = SchoolSettings::preset(id).unwrap().preset;
            let own = crate::policy::SchoolPolicy::preset(id)
                .unwrap()
                .id()
                .to_owned();
            assert_eq!(named, own, "{id}");
        }
        assert_eq!(SchoolSettings::preset("seed_000").unwrap().preset, "kilby");
        assert_eq!(
            SchoolSettings::preset("seed_002").unwrap().visitor_access,
            VisitorAccess::GenericLogin
        );
        let err = SchoolSettings::preset("seed_999").unwrap_err();
        assert_eq!(crate::ErrorCode::code(&err), "registry_unknown_preset");
        // Settings written out whole round-trip, whatever school they name.
        let mut own = SchoolSettings::preset("kilby").unwrap();
        own.preset = "oak".to_owned();
        let text = serde_json::to_string(&own).unwrap();
        assert_eq!(SchoolSettings::from_json(&text).unwrap(), own);
    }

    #[test]
    fn resolve_preset_and_overrides() {
        let s = SchoolSettings::resolve(
            Some("seed_002"),
            Some(&serde_json::json!({"technician_aup": true})),
        )
        .unwrap();
        assert_eq!(s.visitor_access, VisitorAccess::GenericLogin);
        assert!(s.technician_aup);
        assert_eq!(
            SchoolSettings::resolve(None, None).unwrap(),
            SchoolSettings::default()
        );
        assert!(SchoolSettings::resolve(None, Some(&serde_json::json!(3))).is_err());
    }

    #[test]
    fn json_overrides_a_preset() {
        let s = SchoolSettings::from_json(
            r#"{"preset": "seed_004", "aup_refresh": {"every_days": 30}, "technician_aup": true}"#,
        )
        .unwrap();
        assert_eq!(s.search_rule, SearchRule::PupilConsentElseParents);
        assert_eq!(s.aup_refresh, AupRefresh::EveryDays(30));
        assert!(s.technician_aup);
        let s = SchoolSettings::from_json(r#"{"aup_refresh": "never"}"#).unwrap();
        assert_eq!(s.aup_refresh, AupRefresh::Never);
        let err = SchoolSettings::from_json(r#"{"colour": "red"}"#).unwrap_err();
        assert_eq!(crate::ErrorCode::code(&err), "registry_invalid_settings");
    }
}
