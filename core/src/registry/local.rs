//! A school's own rules beyond the national defaults: contact through personal social
//! media, phones and personal devices, passwords and the duties it gives its roles.
//!
//! Each default is the national position (docs/guidance.md); a school's policy document
//! changes it only where its own policy says so.

use super::role::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whether staff may contact pupils or parents through personal social media.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PersonalSocialMediaContact {
    /// Never (national: school accounts and equipment only).
    #[default]
    Never,
    /// Only with the headteacher's prior approval (seed 001).
    WithHeadApproval,
}

/// When staff may use their own phones and devices during the school day.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum StaffPhones {
    /// The school's own rules, not stated in its policy (national: away from pupils).
    #[default]
    AwayFromPupils,
    /// Only at break and lunch, in restricted areas away from pupils, unless the
    /// headteacher allows otherwise (seed 000).
    BreaksInStaffAreasUnlessHeadAllows,
    /// Silent in lessons and not used while teaching unless a leader allows (seed 001).
    NotWhileTeachingUnlessLeaderAllows,
    /// Kept secure and out of sight, never used in live classrooms, used at breaks in
    /// staff rooms; the headteacher may let one be carried, out of pupils' view, but not
    /// used with them (seed 004 §8).
    OutOfSightNeverInClass,
}

/// What pupils do with their own phones.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PupilPhones {
    /// Not used during the school day (national: the school's behaviour policy).
    #[default]
    NotUsedInSchoolDay,
    /// Switched off and kept in a secure place out of sight (seed 001).
    SwitchedOffAndStored,
    /// Not brought in; when unavoidable, handed to the class teacher until home time
    /// (seed 003 §9.2).
    HandedToTeacher,
}

/// Phones and personal devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DeviceRules {
    /// Staff phones during the school day.
    pub staff_phones: StaffPhones,
    /// Pupils' phones.
    pub pupil_phones: PupilPhones,
    /// Whether staff and pupils may join personal devices to the school wireless network.
    pub personal_devices_on_school_wifi: bool,
    /// The school policy section these rules come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Default for DeviceRules {
    fn default() -> Self {
        DeviceRules {
            staff_phones: StaffPhones::AwayFromPupils,
            pupil_phones: PupilPhones::NotUsedInSchoolDay,
            personal_devices_on_school_wifi: true,
            source: None,
        }
    }
}

/// Password rules (national: none beyond private, unique logins).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PasswordRules {
    /// The shortest password accepted (0: no rule).
    pub min_length: u32,
    /// Whether upper- and lower-case letters, a digit and a symbol are all required.
    pub mixed_characters: bool,
    /// Staff change their password every this many days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_every_days: Option<u32>,
    /// Who holds the master and administrator passwords.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_passwords_held_by: Option<Role>,
    /// The school policy section these rules come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The result of checking a password, or a password's age, against the school's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PasswordCheck {
    /// Whether the password meets every rule.
    pub ok: bool,
    /// The rules it breaks: `too_short`, `needs_mixed_characters`, `change_due`.
    pub problems: Vec<String>,
    /// The school policy section the rules come from.
    pub source: String,
}

impl PasswordRules {
    /// Checks a password (never stored) and, when given, when it was last changed.
    pub fn check(
        &self,
        password: &str,
        changed_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> PasswordCheck {
        let mut problems = Vec::new();
        if (password.chars().count() as u64) < u64::from(self.min_length) {
            problems.push("too_short".to_owned());
        }
        let has = |f: fn(&char) -> bool| password.chars().any(|c| f(&c));
        let mixed = has(char::is_ascii_uppercase)
            && has(char::is_ascii_lowercase)
            && has(char::is_ascii_digit)
            && password.chars().any(|c| !c.is_alphanumeric());
        if self.mixed_characters && !mixed {
            problems.push("needs_mixed_characters".to_owned());
        }
        if let (Some(days), Some(changed)) = (self.change_every_days, changed_at)
            && at - changed >= chrono::Duration::days(i64::from(days))
        {
            problems.push("change_due".to_owned());
        }
        PasswordCheck {
            ok: problems.is_empty(),
            problems,
            source: self
                .source
                .clone()
                .unwrap_or_else(|| "Local choice passwords".to_owned()),
        }
    }
}

/// A duty a school gives one of its roles on top of the national duties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalDuty {
    /// The role.
    pub role: Role,
    /// The duty, in plain words.
    pub duty: String,
    /// The school policy section it comes from.
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn password_rules() {
        let at = Utc.with_ymd_and_hms(2025, 10, 1, 9, 0, 0).unwrap();
        let strict = PasswordRules {
            min_length: 8,
            mixed_characters: true,
            change_every_days: Some(60),
            admin_passwords_held_by: None,
            source: None,
        };
        assert!(strict.check("Abcdef1!", None, at).ok);
        assert_eq!(
            strict.check("abc", None, at).problems,
            ["too_short", "needs_mixed_characters"]
        );
        let old = Utc.with_ymd_and_hms(2025, 8, 1, 9, 0, 0).unwrap();
        assert_eq!(
            strict.check("Abcdef1!", Some(old), at).problems,
            ["change_due"]
        );
        assert!(PasswordRules::default().check("", None, at).ok);
    }
}
