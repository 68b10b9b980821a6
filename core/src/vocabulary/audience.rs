//! Who is browsing, writing or being protected: a school age band, staff or a guest.

use super::VocabularyError;
use super::suggest::{hint, short, valid_values};
use serde::{Deserialize, Serialize};

crate::ids::closed_ids! {
    /// An audience: the age band a filter policy, a monitoring severity or a decision applies
    /// to. The default is [`Audience::Ks2`] (ages 7–11), the one default every surface uses.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::vocabulary::Audience;
    ///
    /// assert_eq!(Audience::IDS.len(), 8);
    /// assert!(Audience::Ks4.is_pupil());
    /// assert!(!Audience::Guest.is_pupil());
    /// assert_eq!(Audience::SixthForm.as_str(), "sixth_form");
    /// ```
    #[derive(Default, Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    Audience {
        /// Early Years Foundation Stage (ages 3–5).
        Eyfs = "eyfs",
        /// Key Stage 1 (ages 5–7).
        Ks1 = "ks1",
        /// Key Stage 2 (ages 7–11): the default.
        #[default]
        Ks2 = "ks2",
        /// Key Stage 3 (ages 11–14).
        Ks3 = "ks3",
        /// Key Stage 4 (ages 14–16).
        Ks4 = "ks4",
        /// Sixth form (ages 16–18).
        SixthForm = "sixth_form",
        /// Adults who work in the school.
        Staff = "staff",
        /// Guests and visitors using school systems.
        Guest = "guest",
    }
}

impl Audience {
    /// Whether the audience is pupils (EYFS to sixth form).
    pub fn is_pupil(self) -> bool {
        !matches!(self, Audience::Staff | Audience::Guest)
    }

    /// Whether the audience is adults (staff or guests).
    pub fn is_adult(self) -> bool {
        !self.is_pupil()
    }
}

impl std::str::FromStr for Audience {
    type Err = VocabularyError;

    /// Parses an exact id; anything else (`KS2`, `year7`) is an error naming the valid ids.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Audience::from_id(s).ok_or_else(|| VocabularyError::UnknownAudience {
            audience: short(s),
            hint: hint(s, Audience::IDS.iter().copied()),
            valid: valid_values(Audience::IDS.iter().copied()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_all() {
        for (a, &id) in Audience::ALL.iter().zip(Audience::IDS) {
            assert_eq!(a.as_str(), id);
            assert_eq!(id.parse::<Audience>().unwrap(), *a);
            assert_eq!(
                a.index(),
                Audience::ALL.iter().position(|x| x == a).unwrap()
            );
        }
    }

    #[test]
    fn unknown_is_typed_with_hint() {
        let err = "KS2".parse::<Audience>().unwrap_err();
        assert_eq!(crate::ErrorCode::code(&err), "unknown_audience");
        assert!(err.to_string().contains("did you mean `ks2`"), "{err}");
        assert!(err.to_string().contains("`guest`"));
        let err = "".parse::<Audience>().unwrap_err();
        assert!(!err.to_string().contains("did you mean"));
    }
}
