//! The takedown list: published images that lack consent now (DOMAIN.md §3.3 rule 7).

use super::decision::Leaving;
use super::{Channel, ConsentLedger, ConsentWarning, LedgerEvent, PublicationEvent};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the school must do about a published image that lacks consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TakedownAction {
    /// Remove it from the school's own online channel.
    Remove,
    /// Printed, broadcast or press copies cannot be recalled: stop every new use.
    StopNewUses,
}

/// A published image that must come down (or stop being used).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Takedown {
    /// The image id.
    pub image_id: String,
    /// Where it was published.
    pub channel: Channel,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// Every pupil in it.
    pub pupils: Vec<String>,
    /// The pupils who are not permitted now.
    pub blocked_by: Vec<String>,
    /// Why, per pupil.
    pub reasons: Vec<String>,
    /// What to do.
    pub action: TakedownAction,
    /// Whether the image had consent when it was published; `false` means it was published
    /// against consent (an `image_consent_breach` incident, DOMAIN.md §5.3).
    pub consented_when_published: bool,
    /// What the caller must know about the ledger's log (`consent_export_unsealed`: the
    /// list may miss images whose withdrawal was cut from an unsealed export).
    #[serde(default)]
    pub warnings: Vec<ConsentWarning>,
}

impl ConsentLedger {
    /// The images published by `at`, not yet taken down, that lack consent at `at`
    /// (after a withdrawal, a refusal, expiry or a safeguarding restriction), oldest first.
    /// A pupil leaving the roll stops new uses only: images already published follow the
    /// school's retention policy, so leaving alone puts no image on the list (a withdrawal
    /// after leaving still does). Each item carries the ledger's
    /// [`warnings`](Self::warnings); an empty list says nothing of them, so read them too.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::consent::{ConsentLedger, RecordOptions, TakedownAction, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::new();
    /// let sept = parse_instant("2025-09-05T08:30:00Z")?;
    /// ledger.record("p1", "c1", "school_website", "given", sept, RecordOptions::default())?;
    /// ledger.record_publication("sports-day-12", &["p1"], "school_website", parse_instant("2025-09-20T12:00:00Z")?)?;
    /// ledger.record("p1", "c1", "school_website", "withdrawn", parse_instant("2026-01-10T18:00:00Z")?, RecordOptions::default())?;
    ///
    /// assert!(ledger.takedown_list(parse_instant("2026-01-01T00:00:00Z")?).is_empty());
    /// let list = ledger.takedown_list(parse_instant("2026-01-11T08:00:00Z")?);
    /// assert_eq!(list[0].image_id, "sports-day-12");
    /// assert_eq!(list[0].action, TakedownAction::Remove);
    /// assert!(list[0].consented_when_published);
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn takedown_list(&self, at: DateTime<Utc>) -> Vec<Takedown> {
        let mut published: BTreeMap<&str, &PublicationEvent> = BTreeMap::new();
        let mut removed: BTreeMap<&str, DateTime<Utc>> = BTreeMap::new();
        for event in self.publication_events() {
            match event {
                LedgerEvent::Publication(p) if p.event_time <= at => {
                    published.insert(p.image_id.as_str(), p);
                }
                LedgerEvent::PublicationRemoved(r) if r.event_time <= at => {
                    let entry = removed.entry(r.image_id.as_str()).or_insert(r.event_time);
                    *entry = (*entry).min(r.event_time);
                }
                _ => {}
            }
        }
        let mut list: Vec<Takedown> = published
            .into_values()
            .filter(|p| {
                removed
                    .get(p.image_id.as_str())
                    .is_none_or(|r| *r < p.event_time)
            })
            .filter_map(|p| {
                let then = self
                    .check_image_on(&p.pupils, p.channel, p.event_time, false, Leaving::Counts)
                    .ok()?;
                // Leaving is set aside only for a use that was lawful when it was made: an
                // image published after a pupil left is a new use, and lacks consent.
                let leaving = if then.allowed {
                    Leaving::SetAside
                } else {
                    Leaving::Counts
                };
                let now = self
                    .check_image_on(&p.pupils, p.channel, at, false, leaving)
                    .ok()?;
                if now.allowed {
                    return None;
                }
                Some(Takedown {
                    image_id: p.image_id.clone(),
                    channel: p.channel,
                    published_at: p.event_time,
                    pupils: p.pupils.clone(),
                    blocked_by: now.blocked_by,
                    reasons: now
                        .pupils
                        .into_iter()
                        .filter(|d| !d.permitted)
                        .map(|d| d.reason)
                        .collect(),
                    action: if p.channel.is_recallable() {
                        TakedownAction::Remove
                    } else {
                        TakedownAction::StopNewUses
                    },
                    consented_when_published: then.allowed,
                    warnings: now.warnings,
                })
            })
            .collect();
        list.sort_by(|a, b| (a.published_at, &a.image_id).cmp(&(b.published_at, &b.image_id)));
        list
    }
}
