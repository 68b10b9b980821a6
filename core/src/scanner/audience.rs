//! Audiences (age bands) and per-audience severity adjustments.
//!
//! The same words mean different things at 5 and at 17: a mild swear word is worth a look
//! in Year 1 and is noise in the sixth form. Each match's severity is its list severity plus
//! the adjustment for the audience and category, clamped to 1..=5. List severities are
//! written for key stage 2, the default audience of every surface, which has no adjustment.
//!
//! Built-in adjustments (a project policy, `DOMAIN.md` §6 "age- and role-differentiated"):
//!
//! | audience | raised (+1) | lowered (−1) |
//! |---|---|---|
//! | `eyfs`, `ks1` | sexual_content, violence, weapons, drugs, gambling, profanity | |
//! | `ks2`, `ks3` | | |
//! | `ks4` | | profanity |
//! | `sixth_form`, `staff`, `guest` | | profanity |
//!
//! Lists can add or override adjustments with `@audience` lines. Protected categories
//! ([`Category::is_protected`]: self-harm, suicide, grooming, extremism, abuse, criminal
//! exploitation) can never be lowered.

use super::ScannerError;
use super::terms::Category;
use serde::{Deserialize, Serialize};

pub use crate::vocabulary::Audience;

/// A severity adjustment for one audience and category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// The audience it applies to.
    pub audience: Audience,
    /// The category it applies to.
    pub category: Category,
    /// Added to the list severity (the result is clamped to 1..=5).
    pub delta: i8,
}

impl Adjustment {
    /// A checked adjustment.
    ///
    /// # Errors
    ///
    /// [`ScannerError::ProtectedCategory`] when `delta` would lower a protected category.
    pub fn new(
        audience: Audience,
        category: Category,
        delta: i8,
    ) -> Result<Adjustment, ScannerError> {
        if delta < 0 && category.is_protected() {
            return Err(ScannerError::ProtectedCategory { category });
        }
        Ok(Adjustment {
            audience,
            category,
            delta,
        })
    }
}

/// The adjustments in force for a scanner: built-ins, overridden by list directives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Adjustments {
    /// Known categories, indexed by audience then category.
    table: [[i8; Category::ALL.len()]; Audience::ALL.len()],
    /// Adjustments of custom categories (from list directives only).
    custom: Vec<Adjustment>,
}

impl Adjustments {
    /// The built-in table (module docs).
    pub(crate) fn builtin() -> Adjustments {
        let mut table = [[0i8; Category::ALL.len()]; Audience::ALL.len()];
        let mut set = |a: Audience, cats: &[Category], delta: i8| {
            if let Some(row) = table.get_mut(a as usize) {
                for c in cats {
                    if let Some(cell) = c.known_index().and_then(|i| row.get_mut(i)) {
                        *cell = delta;
                    }
                }
            }
        };
        let young = [
            Category::SexualContent,
            Category::Violence,
            Category::Weapons,
            Category::Drugs,
            Category::Gambling,
            Category::Profanity,
        ];
        set(Audience::Eyfs, &young, 1);
        set(Audience::Ks1, &young, 1);
        set(Audience::Ks4, &[Category::Profanity], -1);
        set(Audience::SixthForm, &[Category::Profanity], -1);
        set(Audience::Staff, &[Category::Profanity], -1);
        set(Audience::Guest, &[Category::Profanity], -1);
        Adjustments {
            table,
            custom: Vec::new(),
        }
    }

    /// Sets (replaces) one adjustment.
    pub(crate) fn apply(&mut self, adjustment: Adjustment) {
        match adjustment.category.known_index() {
            Some(index) => {
                if let Some(cell) = self
                    .table
                    .get_mut(adjustment.audience as usize)
                    .and_then(|row| row.get_mut(index))
                {
                    *cell = adjustment.delta;
                }
            }
            None => {
                self.custom.retain(|a| {
                    !(a.audience == adjustment.audience && a.category == adjustment.category)
                });
                self.custom.push(adjustment);
            }
        }
    }

    /// The severity of a match of `base` severity in `category` for `audience`.
    pub(crate) fn severity(&self, audience: Audience, category: &Category, base: u8) -> u8 {
        let delta = match category.known_index() {
            Some(index) => self
                .table
                .get(audience as usize)
                .and_then(|row| row.get(index))
                .copied()
                .unwrap_or(0),
            None => self
                .custom
                .iter()
                .find(|a| a.audience == audience && a.category == *category)
                .map_or(0, |a| a.delta),
        };
        let adjusted = i16::from(base) + i16::from(delta);
        // Harm (protected categories, threats) is never lowered, whatever the table says.
        let floor = if super::context::is_harm(category, base) {
            i16::from(base)
        } else {
            1
        };
        adjusted.clamp(floor.max(1), 5) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn builtin_table() {
        let a = Adjustments::builtin();
        assert_eq!(a.severity(Audience::Ks1, &Category::Profanity, 2), 3);
        assert_eq!(a.severity(Audience::Ks2, &Category::Profanity, 2), 2);
        assert_eq!(a.severity(Audience::Ks3, &Category::Profanity, 2), 2);
        assert_eq!(a.severity(Audience::Staff, &Category::Profanity, 2), 1);
        assert_eq!(a.severity(Audience::Staff, &Category::Profanity, 1), 1);
        assert_eq!(a.severity(Audience::Eyfs, &Category::SexualContent, 5), 5);
        assert_eq!(a.severity(Audience::Staff, &Category::Suicide, 5), 5);
        // Key stage 2, the default audience, is the baseline.
        for category in Category::ALL {
            assert_eq!(a.severity(Audience::Ks2, &category, 3), 3, "{category}");
        }
    }

    #[test]
    fn custom_categories_follow_directives_only() {
        let mut a = Adjustments::builtin();
        let memes = Category::Custom("memes".to_owned());
        assert_eq!(a.severity(Audience::Eyfs, &memes, 2), 2);
        a.apply(Adjustment::new(Audience::Eyfs, memes.clone(), 2).unwrap());
        a.apply(Adjustment::new(Audience::Eyfs, memes.clone(), 1).unwrap());
        assert_eq!(a.severity(Audience::Eyfs, &memes, 2), 3);
    }

    #[test]
    fn protected_categories_are_never_lowered() {
        let err = Adjustment::new(Audience::Staff, Category::Grooming, -2).unwrap_err();
        assert_eq!(err.code(), "scanner_protected_category");
        assert!(Adjustment::new(Audience::Staff, Category::Grooming, 1).is_ok());
    }

    #[test]
    fn audience_ids_round_trip() {
        for &a in Audience::ALL {
            assert_eq!(a.as_str().parse::<Audience>().unwrap(), a);
        }
        let err = ScannerError::from("year9".parse::<Audience>().unwrap_err());
        assert_eq!(err.code(), "scanner_unknown_audience");
        assert!(err.to_string().contains("`guest`"), "{err}");
    }
}
