//! Roster-aware allow list: pupils' and staff names never raise alerts.
//!
//! A pupil called "Jo", "Fanny" or "Dick" should not put their own name in the DSL's alert
//! queue. A school gives the scanner its roster, either as plain names or as salted SHA-256
//! hashes so that the roster never leaves the MIS:
//!
//! `hash = lowercase hex of SHA-256(salt bytes ‖ folded name bytes)`
//!
//! where the *folded name* is the name in lower case with compatibility forms, diacritics
//! and look-alike letters undone and words separated by one space (`Zoë  O'Brien` →
//! `zoe obrien`). [`Roster::hash_name`] computes it; hash every given name, preferred name
//! and surname separately (and the full name if you wish).
//!
//! A roster name is judged, not trusted ([`judge`]). A match whose *matched text*, folded
//! the same way, is a roster name is suppressed only when
//!
//! * its category does not signal harm ([`Category::signals_harm`]: suicide, self-harm,
//!   grooming, extremism, abuse, violence, weapons) and its list severity is below 4, and
//! * the words are used as a name: not straight after a possessive or determiner
//!   (`my`, `your`, `the`, …), so "suck my dick" is not silenced by a pupil called Dick.
//!
//! Otherwise the match is reported with `possible_name` set, so "join isis now" still
//! reaches the DSL when a pupil is called Isis. Folding does not undo leetspeak, spacing or
//! repeated letters: a disguised word (`j0`, `j o`) is not a name and is reported as usual.

use super::normalize::fold_name;
use super::{Category, ScannerError};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The names whose matches are suppressed.
///
/// # Examples
///
/// ```
/// use esafety_core::scanner::Roster;
///
/// let plain = Roster::from_names(["Jo Smith"]);
/// assert!(plain.contains("JO"));
/// assert!(plain.contains("smith"));
///
/// let hash = Roster::hash_name("school-salt", "Jo");
/// let hashed = Roster::from_hashes("school-salt", [hash.as_str()])?;
/// assert!(hashed.contains("jo"));
/// assert!(!hashed.contains("j0"));
/// # Ok::<(), esafety_core::scanner::ScannerError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    names: HashSet<String>,
    hashes: HashSet<[u8; 32]>,
    salt: String,
}

fn digest(salt: &str, folded: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(folded.as_bytes());
    hasher.finalize().into()
}

fn parse_hex32(hex: &str) -> Option<[u8; 32]> {
    let hex = hex.trim().as_bytes();
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in hex.chunks(2).enumerate() {
        let text = std::str::from_utf8(pair).ok()?;
        *out.get_mut(i)? = u8::from_str_radix(text, 16).ok()?;
    }
    Some(out)
}

impl Roster {
    /// An empty roster (nothing suppressed).
    pub fn new() -> Roster {
        Roster::default()
    }

    /// A roster of plain names. A full name also adds each of its words, so
    /// `"Jo Smith"` suppresses "Jo", "Smith" and "Jo Smith".
    pub fn from_names<I, S>(names: I) -> Roster
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut roster = Roster::new();
        for name in names {
            let folded = fold_name(name.as_ref());
            if folded.is_empty() {
                continue;
            }
            for part in folded.split(' ') {
                roster.names.insert(part.to_owned());
            }
            roster.names.insert(folded);
        }
        roster
    }

    /// A roster of salted name hashes (see the module docs for the recipe).
    ///
    /// # Errors
    ///
    /// [`ScannerError::InvalidRosterHash`] when a hash is not 64 hexadecimal digits; the
    /// error gives its position, never the value.
    pub fn from_hashes<I, S>(salt: &str, hashes: I) -> Result<Roster, ScannerError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut roster = Roster {
            salt: salt.to_owned(),
            ..Roster::default()
        };
        for (index, hash) in hashes.into_iter().enumerate() {
            let parsed =
                parse_hex32(hash.as_ref()).ok_or(ScannerError::InvalidRosterHash { index })?;
            roster.hashes.insert(parsed);
        }
        Ok(roster)
    }

    /// The salted hash of one name, as the MIS side computes it.
    pub fn hash_name(salt: &str, name: &str) -> String {
        digest(salt, &fold_name(name))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Whether `text` (folded) is one of the roster's names.
    pub fn contains(&self, text: &str) -> bool {
        if self.is_empty() {
            return false;
        }
        let folded = fold_name(text);
        self.names.contains(&folded)
            || (!self.hashes.is_empty() && self.hashes.contains(&digest(&self.salt, &folded)))
    }

    /// Whether the roster suppresses nothing.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.hashes.is_empty()
    }

    /// How many names or hashes it holds.
    pub fn len(&self) -> usize {
        self.names.len() + self.hashes.len()
    }
}

/// What a roster makes of one match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    /// The matched words are not a roster name: report as usual.
    NotAName,
    /// A roster name, but reported (with `possible_name`): the category signals harm, the
    /// list severity is high, or the words are not used as a name.
    PossibleName,
    /// A roster name used as a name, in a lower-severity category: suppressed.
    Name,
}

/// Words after which a matched word is not a name ("my dick", "the isis flag").
const NOT_BEFORE_A_NAME: [&str; 15] = [
    "my", "your", "ur", "yr", "his", "her", "their", "our", "its", "a", "an", "the", "this",
    "that", "some",
];

/// Judges the match `text[start..end]` of `category` at list severity `severity`.
///
/// # Examples
///
/// ```
/// use esafety_core::scanner::roster::{Judgement, judge};
/// use esafety_core::scanner::{Category, Roster};
///
/// let roster = Roster::from_names(["Dick Isis"]);
/// let at = |text: &str, word: &str| text.find(word).unwrap();
/// let text = "Dick said hi";
/// assert_eq!(judge(&roster, text, 0, 4, &Category::Profanity, 2), Judgement::Name);
/// let text = "suck my dick";
/// let start = at(text, "dick");
/// assert_eq!(judge(&roster, text, start, start + 4, &Category::Profanity, 2), Judgement::PossibleName);
/// let text = "join isis now";
/// let start = at(text, "isis");
/// assert_eq!(judge(&roster, text, start, start + 4, &Category::Extremism, 4), Judgement::PossibleName);
/// ```
pub fn judge(
    roster: &Roster,
    text: &str,
    start: usize,
    end: usize,
    category: &Category,
    severity: u8,
) -> Judgement {
    if roster.is_empty() || !text.get(start..end).is_some_and(|t| roster.contains(t)) {
        return Judgement::NotAName;
    }
    if category.signals_harm() || severity >= 4 || !used_as_name(text, start) {
        return Judgement::PossibleName;
    }
    Judgement::Name
}

/// Whether the word before `start` leaves the match free to be a name (a span that is not
/// on a character boundary is never judged a name: the pupil is protected).
fn used_as_name(text: &str, start: usize) -> bool {
    let Some(before) = text.get(..start) else {
        return false;
    };
    let before = before.trim_end();
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '\'')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .flat_map(char::to_lowercase)
        .collect();
    !NOT_BEFORE_A_NAME.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn known_hash() {
        // sha256("s" + "jo")
        let expected: String = Sha256::digest(b"sjo")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(Roster::hash_name("s", " JO "), expected);
    }

    #[test]
    fn bad_hash_is_reported_by_position() {
        let err = Roster::from_hashes("s", ["00", "zz"]).unwrap_err();
        assert_eq!(err.code(), "scanner_invalid_roster_hash");
        assert!(err.to_string().contains('0'));
    }

    #[test]
    fn disguised_names_are_not_names() {
        let r = Roster::from_names(["Jo"]);
        assert!(r.contains("Jo"));
        assert!(r.contains("jö"));
        assert!(!r.contains("j0"));
        assert!(!r.contains("joe"));
        assert_eq!(r.len(), 1);
    }
}
