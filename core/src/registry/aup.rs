//! Acceptable Use Policies: audiences, versioned documents, signatures and clause diffs.
//!
//! Each audience of DOMAIN.md §4.1 has its own document and version line. A version has an
//! effective date, clauses, a SHA-256 content hash and a `material` flag: a material version
//! makes every signature of an earlier version invalid once it takes effect, a minor one
//! does not (DOMAIN.md §4.2). A [`Signature`] records signer, audience, version, content
//! hash, instant, method, co-signer (parent for pupils), `signed_on_behalf_by` and
//! `explained_to_pupil`.
//!
//! # Example
//!
//! ```
//! use chrono::NaiveDate;
//! use esafety_core::registry::{AupLibrary, Audience};
//!
//! let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let mut aups = AupLibrary::default();
//! aups.publish(Audience::Staff, "1.0", d("2024-09-01"), true, &["I will keep my password private.".into()])?;
//! aups.publish(Audience::Staff, "1.1", d("2025-01-06"), false, &[
//!     "I will keep my password private.".into(),
//!     "I will report misuse.".into(),
//! ])?;
//! let diff = aups.diff(Audience::Staff, "1.0", "1.1")?;
//! assert_eq!(diff.added.len(), 1);
//! assert!(!diff.material);
//! # Ok::<(), esafety_core::registry::RegistryError>(())
//! ```

use super::RegistryError;
use super::role::short;
use super::settings::AupRefresh;
use crate::vocabulary::SchoolClock;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::str::FromStr;

crate::ids::closed_ids! {
    /// An AUP audience (DOMAIN.md §4.1): each has its own document and version line.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[schemars(rename = "AupAudience")]
    #[serde(rename_all = "snake_case")]
    Audience {
        /// Teaching and support staff, supply, trainees, volunteers or contractors with access.
        Staff = "staff",
        /// Governors (combined with staff in seed 001).
        Governor = "governor",
        /// IT staff and holders of admin accounts, on top of the staff AUP (seed 000).
        Technician = "technician",
        /// Staff who run official social-media accounts, on top of the staff AUP (seed 001).
        SocialMediaOfficer = "social_media_officer",
        /// Pupils in EYFS and key stage 1 (signed for the child by a parent, or class charter).
        PupilEyfsKs1 = "pupil_eyfs_ks1",
        /// Pupils in key stage 2 (pupil and parent co-sign).
        PupilKs2 = "pupil_ks2",
        /// Parents and carers.
        ParentCarer = "parent_carer",
        /// Visitors, guests and community users.
        Visitor = "visitor",
    }
}

/// Every audience, in table order.
pub const ALL_AUDIENCES: &[Audience] = Audience::ALL;

impl Audience {
    /// Whether the audience is a pupil audience.
    pub fn is_pupil(self) -> bool {
        matches!(self, Audience::PupilEyfsKs1 | Audience::PupilKs2)
    }

    /// The stricter AUPs whose current signature also covers this one: the staff AUP covers
    /// the visitor one (DOMAIN.md §4.1: the staff AUP is for volunteers and contractors with
    /// access too, so a volunteer who signed it need not sign the visitor notice as well).
    ///
    /// ```
    /// use esafety_core::registry::Audience;
    ///
    /// assert_eq!(Audience::Visitor.covered_by(), [Audience::Staff]);
    /// assert!(Audience::Staff.covered_by().is_empty());
    /// ```
    pub fn covered_by(self) -> &'static [Audience] {
        match self {
            Audience::Visitor => &[Audience::Staff],
            Audience::Staff
            | Audience::Governor
            | Audience::Technician
            | Audience::SocialMediaOfficer
            | Audience::PupilEyfsKs1
            | Audience::PupilKs2
            | Audience::ParentCarer => &[],
        }
    }

    /// Whether a signature for this audience needs a parent's co-signature (or a parent
    /// signing for the child) to count (DOMAIN.md §4.1: KS2 pupils and parents co-sign,
    /// seeds 000 and 001; the EYFS/KS1 AUP is signed for the child by a parent).
    pub fn needs_co_signer(self) -> bool {
        matches!(self, Audience::PupilEyfsKs1 | Audience::PupilKs2)
    }
}

impl FromStr for Audience {
    type Err = RegistryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Audience::from_id(s).ok_or_else(|| RegistryError::UnknownAudience {
            audience: short(s),
            hint: crate::vocabulary::unknown_hint(s, Audience::IDS.iter().copied()),
        })
    }
}

/// Whether a version is published as material when the caller does not say (the safe
/// choice: every earlier signature must be renewed).
pub const MATERIAL_BY_DEFAULT: bool = true;

/// One published version of an audience's AUP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AupVersion {
    /// The audience the document is for.
    pub audience: Audience,
    /// The version label, unique within the audience (for example `2025.1`).
    pub version: String,
    /// The first day the version is in force.
    pub effective: NaiveDate,
    /// Whether the change from the previous version is material: once effective, it makes
    /// every signature of an earlier version invalid.
    pub material: bool,
    /// The clauses, in document order.
    pub clauses: Vec<String>,
    /// `sha256:` followed by the lower-case hex SHA-256 of the audience, the version and
    /// the clauses (each on its own line).
    pub content_hash: String,
}

crate::ids::closed_ids! {
    /// How a signature was given.
    #[derive(Serialize, Deserialize, Default, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    SignatureMethod {
        /// A wet signature on paper.
        #[default]
        Paper = "paper",
        /// An electronic signature (web form, app, MIS).
        Electronic = "electronic",
        /// Agreement to terms printed on an access slip (seed 004 visitors).
        AccessSlip = "access_slip",
        /// A class charter written and signed by the class (seed 000).
        ClassCharter = "class_charter",
    }
}

impl FromStr for SignatureMethod {
    type Err = RegistryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SignatureMethod::from_id(s)
            .ok_or_else(|| RegistryError::UnknownSignatureMethod { method: short(s) })
    }
}

/// Optional details of a signature beyond who, what and when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureDetails {
    /// The parent or carer who co-signs a pupil's AUP.
    #[serde(default)]
    pub co_signer: Option<String>,
    /// Who signed on the signer's behalf (SEND or young pupils).
    #[serde(default)]
    pub signed_on_behalf_by: Option<String>,
    /// Whether the AUP was explained to the pupil.
    #[serde(default)]
    pub explained_to_pupil: bool,
    /// How the signature was given.
    #[serde(default)]
    pub method: SignatureMethod,
    /// The pupil's class, when relevant (`class_name` is accepted on input).
    #[serde(default, alias = "class_name")]
    pub class: Option<String>,
}

/// The optional details of [`Registry::publish_aup`](super::Registry::publish_aup), for
/// bindings that take them as one options object (`{}` gives the defaults).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishOptions {
    /// Whether the change is material, so earlier signatures stop counting (default `true`).
    #[serde(default = "material_by_default")]
    pub material: bool,
    /// The clauses, in order.
    #[serde(default)]
    pub clauses: Vec<String>,
}

/// An AUP change is material unless the school says otherwise.
fn material_by_default() -> bool {
    true
}

/// A signature of one AUP version by one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Signature {
    /// The signer's id.
    pub signer: String,
    /// The audience of the document signed.
    pub audience: Audience,
    /// The version signed.
    pub version: String,
    /// The content hash of the version signed.
    pub content_hash: String,
    /// When the signature was given.
    pub at: DateTime<Utc>,
    /// How it was given.
    pub method: SignatureMethod,
    /// The parent or carer who co-signed (pupils).
    pub co_signer: Option<String>,
    /// Who signed on the signer's behalf.
    pub signed_on_behalf_by: Option<String>,
    /// Whether the AUP was explained to the pupil.
    pub explained_to_pupil: bool,
    /// The pupil's class.
    pub class: Option<String>,
}

crate::ids::closed_ids! {
    /// Why a signature does not (or no longer) count.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    SignatureProblem {
        /// The audience has no AUP published (nothing can be signed yet).
        NotPublished = "not_published",
        /// The person has never signed this audience's AUP (before the instant asked about).
        NotSigned = "not_signed",
        /// A material version published after the one signed is now in force.
        SupersededByMaterialChange = "superseded_by_material_change",
        /// The signature is older than the school's re-sign period.
        Expired = "expired",
        /// A primary pupil (EYFS/KS1 or KS2) signed without a parent's co-signature and
        /// with no parent signing for them.
        CoSignerMissing = "co_signer_missing",
    }
}

impl SignatureProblem {
    /// The rule's source.
    pub fn source(self) -> &'static str {
        match self {
            SignatureProblem::NotPublished | SignatureProblem::NotSigned => {
                "AUP sign before access; seed 002 Background to this policy; seed 003 §7.2"
            }
            SignatureProblem::SupersededByMaterialChange => "AUP version change",
            SignatureProblem::Expired => {
                "AUP re-sign yearly; seed 000 Education of pupils; seed 001 Policy Monitoring and Review; seed 003 §3"
            }
            SignatureProblem::CoSignerMissing => {
                "AUP co-sign; seed 001 Pupils Agreement and Online Safety Rules; seed 000 Education of pupils"
            }
        }
    }
}

/// Every published version, per audience, in publication order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AupLibrary {
    versions: Vec<AupVersion>,
}

impl AupLibrary {
    /// Publishes a new version of an audience's AUP.
    ///
    /// Versions of one audience form a line in publication order; each must take effect no
    /// earlier than the one before.
    ///
    /// # Errors
    ///
    /// [`RegistryError::EmptyId`] for an empty version label,
    /// [`RegistryError::AupVersionExists`] when the label is already used for the audience,
    /// [`RegistryError::AupEffectiveOutOfOrder`] when the version takes effect before the
    /// latest published one.
    pub fn publish(
        &mut self,
        audience: Audience,
        version: &str,
        effective: NaiveDate,
        material: bool,
        clauses: &[String],
    ) -> Result<&AupVersion, RegistryError> {
        super::role::check_id(version)?;
        if self.find(audience, version).is_some() {
            return Err(RegistryError::AupVersionExists {
                audience,
                version: short(version),
            });
        }
        if let Some(last) = self.line(audience).last()
            && effective < last.effective
        {
            return Err(RegistryError::AupEffectiveOutOfOrder {
                audience,
                version: short(version),
            });
        }
        let content_hash = content_hash(audience, version, clauses);
        self.versions.push(AupVersion {
            audience,
            version: version.to_owned(),
            effective,
            material,
            clauses: clauses.to_vec(),
            content_hash,
        });
        self.versions
            .last()
            .ok_or(RegistryError::AupVersionUnknown {
                audience,
                version: short(version),
            })
    }

    /// The versions of one audience, in publication order.
    pub fn line(&self, audience: Audience) -> Vec<&AupVersion> {
        self.versions
            .iter()
            .filter(|v| v.audience == audience)
            .collect()
    }

    /// Every published version.
    pub fn all(&self) -> &[AupVersion] {
        &self.versions
    }

    /// One version, when published.
    pub fn find(&self, audience: Audience, version: &str) -> Option<&AupVersion> {
        self.versions
            .iter()
            .find(|v| v.audience == audience && v.version == version)
    }

    /// One version.
    ///
    /// # Errors
    ///
    /// [`RegistryError::AupVersionUnknown`] when the audience has no such version.
    pub fn get(&self, audience: Audience, version: &str) -> Result<&AupVersion, RegistryError> {
        self.find(audience, version)
            .ok_or_else(|| RegistryError::AupVersionUnknown {
                audience,
                version: short(version),
            })
    }

    /// The version in force on `on`: the latest one whose effective date has come.
    pub fn current(&self, audience: Audience, on: NaiveDate) -> Option<&AupVersion> {
        self.line(audience)
            .into_iter()
            .rev()
            .find(|v| v.effective <= on)
    }

    /// Checks one signature at an instant; `None` means it counts.
    ///
    /// A signature counts when it was given at or before `at`, no *material* version
    /// published after the one signed is in force on `at`'s date, it is within the
    /// school's re-sign period, and (KS2) it carries a parent's co-signature (or was signed
    /// on the pupil's behalf, seed 004 "if cognitively able"). A signature
    /// of a version that is not yet in force (signed ahead of time) counts too.
    pub fn problem_with(
        &self,
        signature: &Signature,
        at: DateTime<Utc>,
        refresh: AupRefresh,
    ) -> Option<SignatureProblem> {
        if signature.at > at {
            return Some(SignatureProblem::NotSigned);
        }
        let line = self.line(signature.audience);
        let Some(pos) = line.iter().position(|v| v.version == signature.version) else {
            return Some(SignatureProblem::NotSigned);
        };
        let on = SchoolClock::london().local_date(at);
        let superseded = line
            .iter()
            .skip(pos + 1)
            .any(|v| v.material && v.effective <= on);
        if superseded {
            return Some(SignatureProblem::SupersededByMaterialChange);
        }
        if refresh.expires(signature.at).is_some_and(|end| end <= at) {
            return Some(SignatureProblem::Expired);
        }
        // A parent signing on the pupil's behalf (seed 004: "if cognitively able") also
        // carries the parent's agreement.
        if signature.audience.needs_co_signer()
            && signature.co_signer.is_none()
            && signature.signed_on_behalf_by.is_none()
        {
            return Some(SignatureProblem::CoSignerMissing);
        }
        None
    }

    /// Compares two versions of an audience's AUP clause by clause.
    ///
    /// Clauses are matched by a longest-common-subsequence on their text; within each run
    /// of unmatched clauses, removed and added clauses are paired in order as *changed*,
    /// and the rest are reported as removed or added.
    ///
    /// # Errors
    ///
    /// [`RegistryError::AupVersionUnknown`] when either version is not published.
    pub fn diff(
        &self,
        audience: Audience,
        version_a: &str,
        version_b: &str,
    ) -> Result<AupDiff, RegistryError> {
        let a = self.get(audience, version_a)?;
        let b = self.get(audience, version_b)?;
        let pos_a = self
            .line(audience)
            .iter()
            .position(|v| v.version == a.version);
        let pos_b = self
            .line(audience)
            .iter()
            .position(|v| v.version == b.version);
        let material = match (pos_a, pos_b) {
            (Some(pa), Some(pb)) if pb > pa => self
                .line(audience)
                .iter()
                .skip(pa + 1)
                .take(pb - pa)
                .any(|v| v.material),
            _ => false,
        };
        let mut diff = diff_clauses(&a.clauses, &b.clauses);
        diff.audience = audience;
        diff.version_a = a.version.clone();
        diff.version_b = b.version.clone();
        diff.material = material;
        diff.hash_a = a.content_hash.clone();
        diff.hash_b = b.content_hash.clone();
        Ok(diff)
    }
}

/// Splits the text of an AUP into clauses: one clause per non-blank line, with list markers
/// (`1.`, `17)`, `-`, `*`, `•`) removed and spaces trimmed.
///
/// Paragraphs wrapped over several lines should be joined by the caller first; seed 001's
/// numbered Staff & Governor AUP reads as one clause per line.
///
/// # Examples
///
/// ```
/// use esafety_core::registry::aup::clauses_from_text;
///
/// let clauses = clauses_from_text("1. I will keep my password private.\n\n- I will report misuse.\n");
/// assert_eq!(clauses, vec!["I will keep my password private.", "I will report misuse."]);
/// ```
pub fn clauses_from_text(text: &str) -> Vec<String> {
    text.lines()
        .map(strip_list_marker)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Compares two AUP texts (see [`clauses_from_text`]) without publishing them: the clause
/// diff, the content hash of each text, and `material` left `false` (whether a change is
/// material is the school's call when it publishes).
///
/// # Examples
///
/// ```
/// use esafety_core::registry::Audience;
/// use esafety_core::registry::aup::diff_texts;
///
/// let diff = diff_texts(Audience::Staff, ("2024", "1. a\n2. b\n"), ("2025", "1. a\n2. b, revised\n3. c\n"));
/// assert_eq!(diff.changed.len(), 1);
/// assert_eq!(diff.added[0].text, "c");
/// ```
pub fn diff_texts(audience: Audience, a: (&str, &str), b: (&str, &str)) -> AupDiff {
    let (version_a, text_a) = a;
    let (version_b, text_b) = b;
    let clauses_a = clauses_from_text(text_a);
    let clauses_b = clauses_from_text(text_b);
    let mut diff = diff_clauses(&clauses_a, &clauses_b);
    diff.audience = audience;
    diff.version_a = version_a.to_owned();
    diff.version_b = version_b.to_owned();
    diff.hash_a = content_hash(audience, version_a, &clauses_a);
    diff.hash_b = content_hash(audience, version_b, &clauses_b);
    diff
}

/// Removes a leading list marker and surrounding spaces from one line.
fn strip_list_marker(line: &str) -> &str {
    let t = line.trim();
    for bullet in ['-', '*', '•', '·'] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return rest.trim();
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0
        && let Some(rest) = t.get(digits..)
        && let Some(rest) = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))
    {
        return rest.trim();
    }
    t
}

/// The SHA-256 content hash of a version.
fn content_hash(audience: Audience, version: &str, clauses: &[String]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(audience.as_str().as_bytes());
    hasher.update(b"\n");
    hasher.update(version.as_bytes());
    for clause in clauses {
        hasher.update(b"\n");
        hasher.update(clause.as_bytes());
    }
    let digest = hasher.finalize();
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// A clause and its 1-based number in its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NumberedClause {
    /// 1-based position of the clause in its version.
    pub number: usize,
    /// The clause text.
    pub text: String,
}

/// A clause whose wording changed between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClauseChange {
    /// 1-based position in the first version.
    pub number_a: usize,
    /// 1-based position in the second version.
    pub number_b: usize,
    /// The wording in the first version.
    pub before: String,
    /// The wording in the second version.
    pub after: String,
}

/// What changed between two versions of one audience's AUP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AupDiff {
    /// The audience.
    pub audience: Audience,
    /// The first version.
    pub version_a: String,
    /// The second version.
    pub version_b: String,
    /// Content hash of the first version.
    pub hash_a: String,
    /// Content hash of the second version.
    pub hash_b: String,
    /// Whether any version after `version_a` up to and including `version_b` is material
    /// (so signatures of `version_a` stop counting once `version_b` is in force).
    pub material: bool,
    /// Clauses only in the second version.
    pub added: Vec<NumberedClause>,
    /// Clauses only in the first version.
    pub removed: Vec<NumberedClause>,
    /// Clauses reworded in place.
    pub changed: Vec<ClauseChange>,
    /// How many clauses are identical in both.
    pub unchanged: usize,
}

/// Diffs two clause lists (see [`AupLibrary::diff`]).
fn diff_clauses(a: &[String], b: &[String]) -> AupDiff {
    // Longest common subsequence table, (n+1) x (m+1), filled from the end.
    let n = a.len();
    let m = b.len();
    let width = m + 1;
    let mut table = vec![0usize; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let here = if a.get(i) == b.get(j) {
                table.get((i + 1) * width + j + 1).copied().unwrap_or(0) + 1
            } else {
                let down = table.get((i + 1) * width + j).copied().unwrap_or(0);
                let right = table.get(i * width + j + 1).copied().unwrap_or(0);
                down.max(right)
            };
            if let Some(cell) = table.get_mut(i * width + j) {
                *cell = here;
            }
        }
    }
    let at = |i: usize, j: usize| table.get(i * width + j).copied().unwrap_or(0);
    let mut diff = AupDiff {
        audience: Audience::Staff,
        version_a: String::new(),
        version_b: String::new(),
        hash_a: String::new(),
        hash_b: String::new(),
        material: false,
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
        unchanged: 0,
    };
    let mut pending_removed: Vec<usize> = Vec::new();
    let mut pending_added: Vec<usize> = Vec::new();
    let (mut i, mut j) = (0, 0);
    let flush = |diff: &mut AupDiff, removed: &mut Vec<usize>, added: &mut Vec<usize>| {
        let pairs = removed.len().min(added.len());
        for (ri, ai) in removed.iter().zip(added.iter()).take(pairs) {
            diff.changed.push(ClauseChange {
                number_a: ri + 1,
                number_b: ai + 1,
                before: a.get(*ri).cloned().unwrap_or_default(),
                after: b.get(*ai).cloned().unwrap_or_default(),
            });
        }
        for ri in removed.iter().skip(pairs) {
            diff.removed.push(NumberedClause {
                number: ri + 1,
                text: a.get(*ri).cloned().unwrap_or_default(),
            });
        }
        for ai in added.iter().skip(pairs) {
            diff.added.push(NumberedClause {
                number: ai + 1,
                text: b.get(*ai).cloned().unwrap_or_default(),
            });
        }
        removed.clear();
        added.clear();
    };
    while i < n || j < m {
        if i < n && j < m && a.get(i) == b.get(j) {
            flush(&mut diff, &mut pending_removed, &mut pending_added);
            diff.unchanged += 1;
            i += 1;
            j += 1;
        } else if j < m && (i == n || at(i, j + 1) >= at(i + 1, j)) {
            pending_added.push(j);
            j += 1;
        } else {
            pending_removed.push(i);
            i += 1;
        }
    }
    flush(&mut diff, &mut pending_removed, &mut pending_added);
    diff
}

impl AupRefresh {
    /// The instant from which a signature given at `signed` no longer counts, or `None`
    /// when signatures never expire.
    pub fn expires(self, signed: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            AupRefresh::Never => None,
            AupRefresh::EveryDays(days) => {
                signed.checked_add_signed(chrono::Duration::days(i64::from(days)))
            }
            AupRefresh::StartOfSchoolYear => {
                let clock = SchoolClock::london();
                clock
                    .next_school_year_start(signed)
                    .map(|start| clock.utc_of_local_midnight(start))
            }
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

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn strings(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| (*s).to_owned()).collect()
    }

    fn sig(audience: Audience, version: &str, at: &str, co: Option<&str>) -> Signature {
        Signature {
            signer: "p".into(),
            audience,
            version: version.into(),
            content_hash: String::new(),
            at: t(at),
            method: SignatureMethod::Paper,
            co_signer: co.map(str::to_owned),
            signed_on_behalf_by: None,
            explained_to_pupil: false,
            class: None,
        }
    }

    #[test]
    fn audience_ids_round_trip() {
        for &a in ALL_AUDIENCES {
            assert_eq!(a.as_str().parse::<Audience>().unwrap(), a);
        }
        let err = "pupil_ks3".parse::<Audience>().unwrap_err();
        assert_eq!(crate::ErrorCode::code(&err), "registry_unknown_audience");
    }

    #[test]
    fn publishing_rules() {
        let mut lib = AupLibrary::default();
        lib.publish(Audience::Staff, "1", d("2024-09-01"), true, &[])
            .unwrap();
        let err = lib
            .publish(Audience::Staff, "1", d("2024-09-02"), true, &[])
            .unwrap_err();
        assert_eq!(crate::ErrorCode::code(&err), "aup_version_exists");
        let err = lib
            .publish(Audience::Staff, "2", d("2024-08-01"), true, &[])
            .unwrap_err();
        assert_eq!(crate::ErrorCode::code(&err), "aup_effective_out_of_order");
        assert!(
            lib.publish(Audience::Visitor, "1", d("2020-01-01"), true, &[])
                .is_ok()
        );
        assert_eq!(lib.current(Audience::Staff, d("2024-08-31")), None);
        assert_eq!(
            lib.current(Audience::Staff, d("2024-09-01"))
                .unwrap()
                .version,
            "1"
        );
        let err = lib.get(Audience::Staff, "9").unwrap_err();
        assert_eq!(crate::ErrorCode::code(&err), "aup_version_unknown");
    }

    #[test]
    fn content_hash_depends_on_clauses() {
        let mut lib = AupLibrary::default();
        let a = lib
            .publish(
                Audience::Staff,
                "1",
                d("2024-09-01"),
                true,
                &strings(&["x"]),
            )
            .unwrap()
            .content_hash
            .clone();
        let b = lib
            .publish(
                Audience::Staff,
                "2",
                d("2024-09-01"),
                true,
                &strings(&["y"]),
            )
            .unwrap()
            .content_hash
            .clone();
        assert!(a.starts_with("sha256:") && a.len() == 71);
        assert_ne!(a, b);
    }

    #[test]
    fn material_change_invalidates_minor_does_not() {
        let mut lib = AupLibrary::default();
        lib.publish(Audience::Staff, "1.0", d("2024-09-01"), true, &[])
            .unwrap();
        lib.publish(Audience::Staff, "1.1", d("2024-11-01"), false, &[])
            .unwrap();
        lib.publish(Audience::Staff, "2.0", d("2025-01-06"), true, &[])
            .unwrap();
        let s = sig(Audience::Staff, "1.0", "2024-09-02T08:00:00Z", None);
        let never = AupRefresh::Never;
        assert_eq!(lib.problem_with(&s, t("2024-12-01T00:00:00Z"), never), None);
        assert_eq!(
            lib.problem_with(&s, t("2025-01-06T00:00:00Z"), never),
            Some(SignatureProblem::SupersededByMaterialChange)
        );
        // Signed ahead of time: counts; but not before it was given.
        let early = sig(Audience::Staff, "2.0", "2024-12-15T08:00:00Z", None);
        assert_eq!(
            lib.problem_with(&early, t("2025-02-01T00:00:00Z"), never),
            None
        );
        assert_eq!(
            lib.problem_with(&early, t("2024-12-14T00:00:00Z"), never),
            Some(SignatureProblem::NotSigned)
        );
    }

    #[test]
    fn refresh_and_co_signer() {
        let mut lib = AupLibrary::default();
        lib.publish(Audience::PupilKs2, "1", d("2024-09-01"), true, &[])
            .unwrap();
        let yearly = AupRefresh::EveryDays(365);
        let s = sig(Audience::PupilKs2, "1", "2024-09-10T09:00:00Z", Some("mum"));
        assert_eq!(
            lib.problem_with(&s, t("2025-09-09T09:00:00Z"), yearly),
            None
        );
        assert_eq!(
            lib.problem_with(&s, t("2025-09-10T09:00:00Z"), yearly),
            Some(SignatureProblem::Expired)
        );
        let school_year = AupRefresh::StartOfSchoolYear;
        assert_eq!(
            lib.problem_with(&s, t("2025-08-31T22:59:59Z"), school_year),
            None
        );
        // 1 September starts at 00:00 in England, 23:00 UTC the day before.
        assert_eq!(
            lib.problem_with(&s, t("2025-08-31T23:00:00Z"), school_year),
            Some(SignatureProblem::Expired)
        );
        let alone = sig(Audience::PupilKs2, "1", "2024-09-10T09:00:00Z", None);
        assert_eq!(
            lib.problem_with(&alone, t("2024-10-01T00:00:00Z"), yearly),
            Some(SignatureProblem::CoSignerMissing)
        );
        let on_behalf = Signature {
            signed_on_behalf_by: Some("dad".into()),
            ..alone
        };
        assert_eq!(
            lib.problem_with(&on_behalf, t("2024-10-01T00:00:00Z"), yearly),
            None
        );
    }

    #[test]
    fn clauses_from_numbered_text() {
        let text = "1. one\n2) two\n\n  * three  \n2025 is not a marker\n";
        assert_eq!(
            clauses_from_text(text),
            vec!["one", "two", "three", "2025 is not a marker"]
        );
    }

    #[test]
    fn diff_reports_added_removed_changed() {
        let a = strings(&["one", "two", "three", "four"]);
        let b = strings(&["one", "two (revised)", "three", "five", "six"]);
        let diff = diff_clauses(&a, &b);
        assert_eq!(diff.unchanged, 2);
        assert_eq!(diff.changed.len(), 2);
        assert_eq!(diff.changed[0].before, "two");
        assert_eq!(diff.changed[0].after, "two (revised)");
        assert_eq!(diff.changed[1].before, "four");
        assert_eq!(diff.added.len(), 1);
        assert_eq!(diff.added[0].text, "six");
        assert!(diff.removed.is_empty());
    }

    proptest! {
        #[test]
        fn diff_accounts_for_every_clause(
            a in proptest::collection::vec("[a-d]{1,2}", 0..8),
            b in proptest::collection::vec("[a-d]{1,2}", 0..8),
        ) {
            let diff = diff_clauses(&a, &b);
            prop_assert_eq!(diff.unchanged + diff.changed.len() + diff.removed.len(), a.len());
            prop_assert_eq!(diff.unchanged + diff.changed.len() + diff.added.len(), b.len());
            let same = diff_clauses(&a, &a);
            prop_assert_eq!(same.unchanged, a.len());
        }

        #[test]
        fn minor_versions_never_invalidate(minor_count in 1usize..6, days in 0i64..400) {
            let mut lib = AupLibrary::default();
            lib.publish(Audience::Staff, "v0", d("2024-09-01"), true, &[]).unwrap();
            for k in 0..minor_count {
                lib.publish(Audience::Staff, &format!("v0.{k}"), d("2024-10-01"), false, &[]).unwrap();
            }
            let s = sig(Audience::Staff, "v0", "2024-09-01T08:00:00Z", None);
            let at = t("2024-09-01T08:00:00Z") + chrono::Duration::days(days);
            prop_assert_eq!(lib.problem_with(&s, at, AupRefresh::Never), None);
        }
    }
}
