//! What each filter and scanner category means for an incident, by exhaustive `match`.
//!
//! Every category the core emits — a URL category of the filter ([`crate::filter::Category`])
//! or a term category of the scanner ([`crate::scanner::Category`]) — has exactly one
//! [`FromCategory`] outcome: a safeguarding concern of a §5.3 incident category, a category
//! that is not a concern by itself (the draft is still made and the DSL triages it), or a
//! school's own list category that the library cannot interpret ([`FromCategory::Unmapped`]).
//! The matches below have no wildcard over the named variants: adding a category to the
//! filter or the scanner does not compile until it is given an outcome here.
//!
//! # Examples
//!
//! ```
//! use esafety_core::incident::{from_filter, from_scanner, Area, Category, FromCategory};
//! use esafety_core::{filter, scanner};
//!
//! assert_eq!(from_filter(&filter::Category::IllegalCsam).category(), Some(Category::Csam));
//! assert_eq!(from_scanner(&scanner::Category::Wellbeing).category(), Some(Category::SelfHarmSuicide));
//! let games = from_filter(&filter::Category::Games);
//! assert!(!games.is_concern());
//! assert_eq!(games.category(), Some(Category::InappropriateContentAccidental));
//! assert_eq!(games.area(), Some(Area::Content));
//! assert!(matches!(from_filter(&filter::Category::ut1("bank")), FromCategory::Unmapped { .. }));
//! ```

use super::classify::{Area, Category};
use super::input::HitKind;
use crate::{filter, scanner};

/// What one filter or scanner category means for an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromCategory {
    /// A safeguarding concern of this §5.3 category.
    Concern(Category),
    /// Not a safeguarding concern by itself (a games site, profanity): a draft is still made
    /// and classified as `recorded_as` (the R1 fallback: the DSL triages it).
    NotAConcern {
        /// The category the draft is classified as.
        recorded_as: Category,
    },
    /// A school's own list category (`ut1:<folder>`, a custom scanner id, which an incident
    /// hit writes `list:<id>`): the library does
    /// not know what it means, so the draft carries a warning and the DSL decides.
    Unmapped {
        /// The category id.
        id: String,
    },
}

impl FromCategory {
    /// The incident category a draft of this category is classified as (`None` for
    /// [`FromCategory::Unmapped`], where it depends on the incident).
    pub fn category(&self) -> Option<Category> {
        match self {
            FromCategory::Concern(c) => Some(*c),
            FromCategory::NotAConcern { recorded_as } => Some(*recorded_as),
            FromCategory::Unmapped { .. } => None,
        }
    }

    /// The 4C area (that of [`FromCategory::category`]).
    pub fn area(&self) -> Option<Area> {
        self.category().map(Category::area)
    }

    /// Whether the category is a safeguarding concern by itself.
    pub fn is_concern(&self) -> bool {
        matches!(self, FromCategory::Concern(_))
    }
}

/// What a filter (URL) category means for an incident.
///
/// A URL the filter blocked was not deliberately sought, so the categories that are not a
/// concern by themselves are recorded as `inappropriate_content_accidental`.
pub fn from_filter(category: &filter::Category) -> FromCategory {
    use Category as I;
    use FromCategory::Concern;
    use filter::Category as F;
    let not_a_concern = FromCategory::NotAConcern {
        recorded_as: I::InappropriateContentAccidental,
    };
    match category {
        F::IllegalCsam => Concern(I::Csam),
        F::IllegalTerrorism => Concern(I::TerroristContent),
        F::Extremism => Concern(I::Radicalisation),
        F::SelfHarm => Concern(I::SelfHarmSuicide),
        F::Gambling | F::Phishing | F::Cryptocurrency | F::Advertising => Concern(I::CommerceHarm),
        F::MalwareHacking => Concern(I::Cybercrime),
        F::FilterBypass | F::RemoteAccess => Concern(I::FilterBypass),
        F::MisDisinformation => Concern(I::MisDisinformation),
        F::Discrimination
        | F::HateSpeech
        | F::Drugs
        | F::Pornography
        | F::Piracy
        | F::Violence
        | F::Adult
        | F::Dating
        | F::Weapons
        | F::Cults => Concern(I::InappropriateContentAccidental),
        F::SocialNetworks
        | F::Games
        | F::Chat
        | F::Streaming
        | F::Webmail
        | F::Shopping
        | F::FileSharing
        | F::UrlShortener
        | F::Forums
        | F::Blogs
        | F::News
        | F::GenerativeAi
        | F::SexEducation
        | F::Lookalike => not_a_concern,
        F::Ut1(id) => FromCategory::Unmapped { id: id.to_string() },
    }
}

/// What a scanner (term) category means for an incident.
///
/// A term match is something a user typed, so the categories that are not a concern by
/// themselves are recorded as `inappropriate_content_deliberate`. A disclosure of abuse is
/// handled as `grooming_cse` (DSL immediately, police and CSC), with parents told only if
/// that is safe for the child; signs of criminal exploitation (county lines, carrying or
/// holding for others) as `criminal_exploitation`, which adds the local exploitation
/// procedure.
pub fn from_scanner(category: &scanner::Category) -> FromCategory {
    use Category as I;
    use FromCategory::Concern;
    use scanner::Category as S;
    match category {
        S::SelfHarm | S::Suicide | S::Wellbeing => Concern(I::SelfHarmSuicide),
        S::Bullying => Concern(I::Cyberbullying),
        S::SexualContent | S::Drugs | S::Weapons | S::Violence => {
            Concern(I::InappropriateContentDeliberate)
        }
        S::Grooming | S::Abuse => Concern(I::GroomingCse),
        S::Sextortion => Concern(I::Sextortion),
        S::CriminalExploitation => Concern(I::CriminalExploitation),
        S::Extremism => Concern(I::Radicalisation),
        S::HateSpeech | S::Discrimination => Concern(I::OnlineHate),
        S::Gambling => Concern(I::CommerceHarm),
        S::FilterBypass => Concern(I::FilterBypass),
        S::MalwareHacking => Concern(I::Cybercrime),
        S::Profanity => FromCategory::NotAConcern {
            recorded_as: I::InappropriateContentDeliberate,
        },
        S::Custom(id) => match category.parent() {
            Some(parent) => from_scanner(&parent),
            None => FromCategory::Unmapped { id: id.clone() },
        },
    }
}

/// The severity from which a typed `violence` or `weapons` match is a threat ("going to
/// shoot up the school", "bringing a knife to school", "i'll stab you") rather than the
/// bare word ("kill", "knife").
pub const THREAT_SEVERITY: u8 = 4;

/// Whether a hit is a typed threat to hurt someone: a term hit of the scanner's `violence`
/// or `weapons` (or a list's own id under them) of [`THREAT_SEVERITY`] or more.
///
/// A threat is not content a pupil went looking for: it is handled as `cyberbullying`
/// (keep the evidence, identify those involved, parents told) with a criminal offence
/// suspected (threats to kill, a blade or gun brought to school: police, DOMAIN.md §5.3),
/// never by sanctioning the one who reported it.
///
/// ```
/// use esafety_core::incident::{HitKind, is_threat};
///
/// assert!(is_threat(HitKind::Term, "weapons", Some(5)));
/// assert!(is_threat(HitKind::Term, "violence.school", Some(4)));
/// assert!(!is_threat(HitKind::Term, "violence", Some(2)));
/// assert!(!is_threat(HitKind::Url, "weapons", Some(5)));
/// ```
pub fn is_threat(kind: HitKind, category: &str, severity: Option<u8>) -> bool {
    is_violent_term(kind, category) && severity.is_some_and(|s| s >= THREAT_SEVERITY)
}

/// Whether hits of one alert together are a threat though none is alone: extremism beside
/// any violence or weapons term ("we need to start a race war, im getting a gun"), which
/// is talk of an attack, not a bare word (Prevent duty guidance: 999 or the Anti-Terrorist
/// Hotline when an attack may be imminent).
///
/// ```
/// use esafety_core::incident::{HitKind, is_armed_extremism};
///
/// let hit = |c: &str| (HitKind::Term, c.to_owned());
/// assert!(is_armed_extremism([hit("extremism"), hit("weapons")].iter().map(|(k, c)| (*k, c.as_str()))));
/// assert!(!is_armed_extremism([hit("extremism")].iter().map(|(k, c)| (*k, c.as_str()))));
/// assert!(!is_armed_extremism([hit("weapons"), hit("violence")].iter().map(|(k, c)| (*k, c.as_str()))));
/// ```
pub fn is_armed_extremism<'a>(hits: impl Iterator<Item = (HitKind, &'a str)> + Clone) -> bool {
    let extremism = |(kind, category): (HitKind, &str)| {
        kind == HitKind::Term
            && term_category(category).is_some_and(|c| c == scanner::Category::Extremism)
    };
    hits.clone().any(extremism) && hits.into_iter().any(|(k, c)| is_violent_term(k, c))
}

/// Whether a hit is a term of the scanner's `violence` or `weapons` (or a list's own id
/// under them), at any severity.
fn is_violent_term(kind: HitKind, category: &str) -> bool {
    kind == HitKind::Term
        && term_category(category)
            .is_some_and(|c| matches!(c, scanner::Category::Violence | scanner::Category::Weapons))
}

/// The scanner category a hit's category names, a list's own id read as its parent.
fn term_category(category: &str) -> Option<scanner::Category> {
    let parsed = category.parse::<scanner::Category>().ok()?;
    Some(parsed.parent().unwrap_or(parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_category_has_an_incident_category() {
        for c in filter::NAMED_CATEGORIES {
            assert!(from_filter(c).category().is_some(), "{c}");
        }
        for c in scanner::Category::ALL {
            assert!(from_scanner(&c).category().is_some(), "{c}");
        }
    }

    #[test]
    fn custom_categories_are_explicitly_unmapped() {
        assert_eq!(
            from_scanner(&scanner::Category::Custom("nicknames".into())),
            FromCategory::Unmapped {
                id: "nicknames".into()
            }
        );
        assert_eq!(
            from_filter(&filter::Category::ut1("bank")),
            FromCategory::Unmapped {
                id: "ut1:bank".into()
            }
        );
    }
}
