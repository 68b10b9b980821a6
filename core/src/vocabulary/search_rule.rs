//! Who may search a pupil's device, and on what condition: one id set for the registry's
//! permission rules and the incident plans.

use serde::{Deserialize, Serialize};

crate::ids::closed_ids! {
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
    #[derive(Default, Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    SearchRule {
        /// The DfE's *Searching, screening and confiscation*: the headteacher, or staff they
        /// authorise, may search with reasonable grounds or with the pupil's agreement.
        #[default]
        #[serde(alias = "dfe_default")]
        Dfe = "dfe" | "dfe_default",
        /// A member of the leadership team searches with the consent of the pupil or of the
        /// parents (Highgate).
        PupilOrParentConsent = "pupil_or_parent_consent",
        /// The pupil must be asked; if they refuse there is no search and parents are called
        /// at once (Russell House).
        #[serde(alias = "pupil_consent")]
        PupilConsentElseParents = "pupil_consent_else_parents" | "pupil_consent",
    }
}
