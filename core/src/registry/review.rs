//! The review schedule of the online-safety policy and the filtering & monitoring provision.
//!
//! DfE standards (DOMAIN.md §2 "F&M review"): the F&M provision is reviewed at least
//! annually, and also when a safeguarding risk is identified, working practice changes or
//! new technology is introduced; the SLT lead, the DSL and the IT provider carry it out with
//! the named governor. The seeds review the online-safety policy at least annually too
//! (seed 001 'Policy Monitoring and Review', seed 003 §3, seed 004 §12). A trigger makes a
//! review due on the day it is flagged; a review closes every trigger flagged before it.
//!
//! # Example
//!
//! ```
//! use chrono::NaiveDate;
//! use esafety_core::registry::{ReviewSchedule, ReviewSubject, ReviewTrigger};
//!
//! let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let mut reviews = ReviewSchedule::default();
//! reviews.record(ReviewSubject::FilteringMonitoring, d("2024-09-10"));
//! let status = reviews.status(ReviewSubject::FilteringMonitoring, d("2025-03-01"), 365);
//! assert!(!status.overdue);
//! reviews.flag(ReviewSubject::FilteringMonitoring, ReviewTrigger::NewTechnology, d("2025-03-01"));
//! let status = reviews.status(ReviewSubject::FilteringMonitoring, d("2025-03-02"), 365);
//! assert!(status.overdue);
//! ```

use super::RegistryError;
use super::role::{Role, short};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

crate::ids::closed_ids! {
    /// What is reviewed.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    ReviewSubject {
        /// The school's online-safety policy (and its AUPs).
        OnlineSafetyPolicy = "online_safety_policy",
        /// The filtering and monitoring provision.
        FilteringMonitoring = "filtering_monitoring",
    }
}

/// Both subjects, in order.
pub const ALL_SUBJECTS: &[ReviewSubject] = ReviewSubject::ALL;

impl ReviewSubject {
    /// The roles that carry out the review.
    pub fn reviewer_roles(self) -> &'static [Role] {
        match self {
            ReviewSubject::OnlineSafetyPolicy => {
                &[Role::Headteacher, Role::Dsl, Role::GoverningBoard]
            }
            ReviewSubject::FilteringMonitoring => &[
                Role::SltFmLead,
                Role::Dsl,
                Role::ItProvider,
                Role::NamedGovernor,
            ],
        }
    }

    /// Where the review rule comes from.
    pub fn source(self) -> &'static str {
        match self {
            ReviewSubject::OnlineSafetyPolicy => {
                "seed 001 Policy Monitoring and Review; seed 003 §3; seed 004 §12"
            }
            ReviewSubject::FilteringMonitoring => "DfE F&M standard 2 review",
        }
    }
}

impl FromStr for ReviewSubject {
    type Err = RegistryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReviewSubject::from_id(s).ok_or_else(|| RegistryError::UnknownReviewSubject {
            subject: short(s),
            hint: crate::vocabulary::unknown_hint(s, ReviewSubject::IDS.iter().copied()),
        })
    }
}

crate::ids::closed_ids! {
    /// Why a review is due before its yearly date.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    ReviewTrigger {
        /// A safeguarding risk was identified.
        SafeguardingRisk = "safeguarding_risk",
        /// Working practice changed (remote learning, bring-your-own-device).
        WorkingPracticeChange = "working_practice_change",
        /// New technology was introduced.
        NewTechnology = "new_technology",
        /// A significant incident (seed 002).
        SignificantIncident = "significant_incident",
        /// A change in law or national guidance (seeds 002, 003).
        GuidanceChange = "guidance_change",
    }
}

/// Every trigger, in order.
pub const ALL_TRIGGERS: [ReviewTrigger; 5] = [
    ReviewTrigger::SafeguardingRisk,
    ReviewTrigger::WorkingPracticeChange,
    ReviewTrigger::NewTechnology,
    ReviewTrigger::SignificantIncident,
    ReviewTrigger::GuidanceChange,
];

impl FromStr for ReviewTrigger {
    type Err = RegistryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ALL_TRIGGERS
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| RegistryError::UnknownReviewTrigger {
                trigger: short(s),
                hint: crate::vocabulary::unknown_hint(s, ALL_TRIGGERS.map(ReviewTrigger::as_str)),
            })
    }
}

/// A trigger flagged on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FlaggedTrigger {
    /// The subject it makes due.
    pub subject: ReviewSubject,
    /// Why.
    pub trigger: ReviewTrigger,
    /// When it was flagged.
    pub on: NaiveDate,
    /// Flagged after a review of the subject recorded on the same day, which therefore
    /// did not close it (a review closes only the triggers flagged before it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_same_day_review: bool,
}

/// Where one subject stands on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReviewStatus {
    /// The subject.
    pub subject: ReviewSubject,
    /// The latest review on or before the date.
    pub last_reviewed: Option<NaiveDate>,
    /// When the next review is due (`None` when never reviewed: due now).
    pub due: Option<NaiveDate>,
    /// Whether the review is overdue on the date (never reviewed counts as overdue).
    pub overdue: bool,
    /// Triggers flagged since the last review.
    pub open_triggers: Vec<FlaggedTrigger>,
    /// The roles that carry out the review.
    pub reviewer_roles: Vec<Role>,
    /// Reviewer roles with no holder on the date (filled in by the registry).
    pub vacant_reviewer_roles: Vec<Role>,
    /// Required posts with no holder on the date (a DSL covered only by deputies, say),
    /// one sentence each (filled in by the registry, see `Registry::vacancies`).
    pub warnings: Vec<String>,
    /// Where the rule comes from.
    pub source: String,
}

/// Reviews done and triggers flagged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReviewSchedule {
    reviews: Vec<(ReviewSubject, NaiveDate)>,
    triggers: Vec<FlaggedTrigger>,
}

impl ReviewSchedule {
    /// Records a review carried out on `on`: it closes every trigger of the subject flagged
    /// before it, those of the same day included.
    pub fn record(&mut self, subject: ReviewSubject, on: NaiveDate) {
        self.reviews.push((subject, on));
        self.reviews.sort();
        for t in &mut self.triggers {
            if t.subject == subject && t.on == on {
                t.after_same_day_review = false;
            }
        }
    }

    /// Flags a trigger that makes a review due on `on`. Flagged on the day of a review
    /// already recorded, it stays open: that review came before it.
    pub fn flag(&mut self, subject: ReviewSubject, trigger: ReviewTrigger, on: NaiveDate) {
        let after_same_day_review = self.reviews.contains(&(subject, on));
        self.triggers.push(FlaggedTrigger {
            subject,
            trigger,
            on,
            after_same_day_review,
        });
    }

    /// Where `subject` stands on `on`, with reviews due every `interval_days`.
    pub fn status(
        &self,
        subject: ReviewSubject,
        on: NaiveDate,
        interval_days: u32,
    ) -> ReviewStatus {
        let last = self
            .reviews
            .iter()
            .filter(|(s, d)| *s == subject && *d <= on)
            .map(|(_, d)| *d)
            .max();
        let open: Vec<FlaggedTrigger> = self
            .triggers
            .iter()
            .filter(|t| {
                t.subject == subject
                    && t.on <= on
                    && last.is_none_or(|l| t.on > l || (t.on == l && t.after_same_day_review))
            })
            .cloned()
            .collect();
        let yearly =
            last.and_then(|l| l.checked_add_days(chrono::Days::new(u64::from(interval_days))));
        let earliest_trigger = open.iter().map(|t| t.on).min();
        let due = match (yearly, earliest_trigger, last) {
            (_, _, None) => None,
            (Some(y), Some(t), _) => Some(y.min(t)),
            (Some(y), None, _) => Some(y),
            (None, t, _) => t,
        };
        let overdue = match (last, due) {
            (None, _) => true,
            (Some(_), Some(d)) => on > d,
            (Some(_), None) => false,
        };
        ReviewStatus {
            subject,
            last_reviewed: last,
            due,
            overdue,
            open_triggers: open,
            reviewer_roles: subject.reviewer_roles().to_vec(),
            vacant_reviewer_roles: Vec::new(),
            warnings: Vec::new(),
            source: subject.source().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn yearly_review_and_triggers() {
        let mut r = ReviewSchedule::default();
        let s = ReviewSubject::OnlineSafetyPolicy;
        assert!(r.status(s, d("2025-01-01"), 365).overdue);
        r.record(s, d("2024-09-01"));
        let st = r.status(s, d("2025-09-01"), 365);
        assert_eq!(st.due, Some(d("2025-09-01")));
        assert!(!st.overdue);
        assert!(r.status(s, d("2025-09-02"), 365).overdue);
        r.flag(s, ReviewTrigger::SignificantIncident, d("2025-02-01"));
        assert!(r.status(s, d("2025-02-02"), 365).overdue);
        r.record(s, d("2025-02-10"));
        let st = r.status(s, d("2025-02-11"), 365);
        assert!(!st.overdue && st.open_triggers.is_empty());
        assert!("nonsense".parse::<ReviewSubject>().is_err());
        assert!("nonsense".parse::<ReviewTrigger>().is_err());
    }

    proptest! {
        #[test]
        fn a_review_today_is_never_overdue(days in 0i64..5000, interval in 1u32..800) {
            let on = d("2020-01-01") + chrono::Duration::days(days);
            let mut r = ReviewSchedule::default();
            r.flag(ReviewSubject::FilteringMonitoring, ReviewTrigger::NewTechnology, on);
            r.record(ReviewSubject::FilteringMonitoring, on);
            prop_assert!(!r.status(ReviewSubject::FilteringMonitoring, on, interval).overdue);
        }
    }
}
