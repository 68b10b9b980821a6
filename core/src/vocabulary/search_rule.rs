//! Who may search a pupil's device, and on what condition: one id set for the registry's
//! permission rules and the incident plans.

use serde::{Deserialize, Serialize};

/// The device-search rule a school follows.
///
/// Ids: `dfe` (alias `dfe_default`), `pupil_or_parent_consent`,
/// `pupil_consent_else_parents` (alias `pupil_consent`).
///
/// # Examples
///
/// ```
/// use esafety_core::vocabulary::SearchRule;
///
/// let rule: SearchRule = serde_json::from_str("\"pupil_consent\"")?;
/// assert_eq!(rule, SearchRule::PupilConsentElseParents);
/// assert_eq!(serde_json::to_string(&rule)?, "\"pupil_consent_else_parents\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SearchRule {
    /// The DfE's *Searching, screening and confiscation*: the headteacher, or staff they
    /// authorise, may search with reasonable grounds or with the pupil's agreement.
    #[default]
    #[serde(alias = "dfe_default")]
    Dfe,
    /// A member of the leadership team searches with the consent of the pupil or of the
    /// parents (Highgate).
    PupilOrParentConsent,
    /// The pupil must be asked; if they refuse there is no search and parents are called
    /// at once (Russell House).
    #[serde(alias = "pupil_consent")]
    PupilConsentElseParents,
}

impl SearchRule {
    /// Every rule.
    pub const ALL: [SearchRule; 3] = [
        SearchRule::Dfe,
        SearchRule::PupilOrParentConsent,
        SearchRule::PupilConsentElseParents,
    ];

    /// The canonical ids, in the order of [`SearchRule::ALL`].
    pub const IDS: [&'static str; 3] = [
        "dfe",
        "pupil_or_parent_consent",
        "pupil_consent_else_parents",
    ];

    /// Parses a canonical id or an alias (`dfe_default`, `pupil_consent`); `None` when unknown.
    pub fn from_id(id: &str) -> Option<SearchRule> {
        match id {
            "dfe" | "dfe_default" => Some(SearchRule::Dfe),
            "pupil_or_parent_consent" => Some(SearchRule::PupilOrParentConsent),
            "pupil_consent_else_parents" | "pupil_consent" => {
                Some(SearchRule::PupilConsentElseParents)
            }
            _ => None,
        }
    }

    /// The canonical id.
    pub fn as_str(self) -> &'static str {
        match self {
            SearchRule::Dfe => "dfe",
            SearchRule::PupilOrParentConsent => "pupil_or_parent_consent",
            SearchRule::PupilConsentElseParents => "pupil_consent_else_parents",
        }
    }
}
