//! Where a ledger's log came from, and the warning every answer of an unchecked one carries.
//!
//! The hash chain shows an edited, reordered or inserted entry, but not entries cut from the
//! end: the head hash is public, so a cut log with its head recomputed verifies. Only the
//! school's seal checked against its key ([`ConsentLedger::from_json_sealed`]), or a head
//! kept elsewhere ([`ConsentLedger::from_json_anchored`]), shows the log is whole. A ledger
//! imported with [`ConsentLedger::from_json`] alone remembers that, and every decision it
//! makes says so (a withdrawal cut from the end would otherwise read as a yes, unseen).

use super::ConsentLedger;
use serde::{Deserialize, Serialize};

crate::ids::closed_ids! {
    /// Something a caller must know about every answer a ledger gives.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    ConsentWarning {
        /// The ledger was imported from an export without checking the school's seal: the
        /// chain verifies, but whether entries (a withdrawal, a restriction) were cut from
        /// the end cannot be checked. Re-import it with the school's public key
        /// (`from_json_sealed`), or against a head hash kept elsewhere.
        #[serde(rename = "consent_export_unsealed")]
        ExportUnsealed = "consent_export_unsealed",
    }
}

impl ConsentWarning {
    /// One sentence for people: what it means and what to do.
    pub fn describe(self) -> &'static str {
        match self {
            ConsentWarning::ExportUnsealed => {
                "the ledger was imported without the school's seal being checked: whether answers were cut from the end of its log (a withdrawal, a restriction) cannot be known; re-import it with the school's public key"
            }
        }
    }
}

/// Whether a ledger's log is known to be whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Provenance {
    /// Built in this process, or imported with its seal or head checked.
    #[default]
    Checked,
    /// Imported without its seal or head checked: answers carry
    /// [`ConsentWarning::ExportUnsealed`].
    Unsealed,
}

impl ConsentLedger {
    /// What every answer of this ledger warns of: `consent_export_unsealed` when it was
    /// imported with [`from_json`](Self::from_json) alone (its seal not checked against the
    /// school's key), else nothing. Decisions, takedowns and receipts carry the same list.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::consent::{ConsentLedger, ConsentWarning};
    /// use esafety_core::seal::SchoolKey;
    ///
    /// let ledger = ConsentLedger::new();
    /// assert!(ledger.warnings().is_empty());
    /// let copy = ConsentLedger::from_json(&ledger.to_json())?;
    /// assert_eq!(copy.warnings(), [ConsentWarning::ExportUnsealed]);
    /// let key = SchoolKey::from_seed([7; 32]);
    /// let sealed = ConsentLedger::from_json_sealed(&ledger.to_json_sealed(&key), &key.public_key())?;
    /// assert!(sealed.warnings().is_empty());
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn warnings(&self) -> Vec<ConsentWarning> {
        match self.provenance() {
            Provenance::Checked => Vec::new(),
            Provenance::Unsealed => vec![ConsentWarning::ExportUnsealed],
        }
    }
}
