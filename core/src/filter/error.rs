//! Why the filter refused: [`FilterError`] and the instant helper bindings use.

use super::category;
use crate::canonical_url::UrlError;
use crate::error::ErrorCode;
use chrono::{DateTime, Utc};

/// Everything that can go wrong building or asking the filter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FilterError {
    /// The input is nested deeper than [`crate::wire::limits::MAX_DEPTH`] (`input_too_deep`).
    #[error(transparent)]
    TooDeep(#[from] crate::wire::limits::TooDeep),
    /// A document longer than [`crate::wire::limits::MAX_DOCUMENT_BYTES`].
    #[error(transparent)]
    TooLarge(#[from] crate::wire::limits::TooLarge),
    /// The URL is not a usable web address (code and domain are the URL error's).
    #[error(transparent)]
    Url(#[from] UrlError),
    /// A page's title and text together are longer than the scanner reads in one call
    /// ([`crate::scanner::MAX_TEXT_BYTES`]).
    #[error(
        "the page's title and text are longer than {} bytes (16 MiB): classify it in parts",
        crate::scanner::MAX_TEXT_BYTES
    )]
    PageTooLong,
    /// A category id is not in the closed set.
    #[error("unknown category `{category}`{hint}")]
    UnknownCategory {
        /// The id given.
        category: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// An audience id is not one of the eight (the message lists them and the nearest).
    #[error(transparent)]
    UnknownAudience(crate::vocabulary::VocabularyError),
    /// A list format id is unknown, or a file name is not a UT1 list.
    #[error("unknown list format `{format}`{hint}")]
    UnknownListFormat {
        /// The format or path given.
        format: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// Strict mode: a line of a list could not be read.
    #[error("rejected line `{file}:{line}` ({reason})")]
    RejectedLine {
        /// The list label.
        file: String,
        /// 1-based line number.
        line: u32,
        /// The rejection code.
        reason: String,
    },
    /// More than 65,536 lists.
    #[error("too many lists (at most 65536)")]
    TooManyLists,
    /// More than 256 distinct categories.
    #[error("too many categories (at most 256)")]
    TooManyCategories,
    /// A configuration or request tried to unblock an illegal category.
    #[error("category `{category}` is illegal and can never be unblocked")]
    IllegalCategoryLocked {
        /// The category (or `illegal` for a listed site).
        category: String,
    },
    /// A policy value is malformed (day, time or list entry).
    #[error("invalid policy: {reason}")]
    InvalidPolicy {
        /// What is wrong.
        reason: String,
    },
    /// A filter specification is not valid JSON or has the wrong shape.
    #[error("invalid filter specification: {reason}")]
    InvalidSpec {
        /// What is wrong.
        reason: String,
    },
    /// Text that names no one instant (as [`crate::vocabulary::parse_instant`] reads it).
    #[error(
        "invalid instant `{input}`: expected {}",
        crate::vocabulary::InstantForms
    )]
    InvalidTime {
        /// The input.
        input: String,
    },
    /// An override event names a request that does not exist.
    #[error("unknown override request `{id}`")]
    UnknownOverride {
        /// The id.
        id: String,
    },
    /// An approval, rejection or revocation does not fit the request's state.
    #[error("override request `{id}` is not in a state that allows this")]
    OverrideNotPending {
        /// The id.
        id: String,
    },
    /// An override event is malformed (audiences, times, target).
    #[error("invalid override: {reason}")]
    InvalidOverride {
        /// What is wrong.
        reason: String,
    },
    /// A change log whose events do not hash to the head it carries (edited, reordered,
    /// inserted or removed events).
    #[error("the change log was altered: {reason}")]
    ChangeLogTampered {
        /// What does not match.
        reason: String,
    },
    /// A sealed change log whose seal is missing, of another key, or does not match.
    #[error("the change log seal does not verify: {reason}")]
    ChangeLogSignatureInvalid {
        /// Why.
        reason: String,
    },
    /// A line of an access log is not in squid's native format.
    #[error("invalid access-log line: {reason}")]
    InvalidLogLine {
        /// What is wrong.
        reason: String,
    },
    /// A key of an audience map that no log line can match (a CIDR range, a wildcard, an
    /// empty key, a client that is neither an address nor a prefix of whole octets).
    #[error("audience map key `{key}` can never match a log line: {reason}")]
    InvalidAudienceKey {
        /// The key, shortened.
        key: String,
        /// Why, and what to write instead.
        reason: String,
    },
    /// A squid log line that records a transaction which never became a request
    /// (`error:transaction-end-before-headers`, `error:invalid-request`): no URL to check.
    #[error(
        "squid's record `error:{entry}` of a transaction that never became a request (no URL to check)"
    )]
    SquidInternalEntry {
        /// What squid wrote after `error:`.
        entry: String,
    },
    /// The approver does not hold an SLT role.
    #[error("role `{role}` may not approve filter changes (an SLT role is required)")]
    ApproverNotSlt {
        /// The role given.
        role: String,
    },
    /// The registry shows the approver holding no role that approves filtering changes on
    /// the decision date (or not the role they claim to act in).
    #[error("`{person}` holds no role that approves filtering changes on {on}")]
    ApproverNotAuthorised {
        /// The approver's person id.
        person: String,
        /// The date of the decision.
        on: chrono::NaiveDate,
    },
    /// The approver is the person who asked for the change.
    #[error("`{id}` cannot be approved by the person who asked for it")]
    SelfApproval {
        /// The request or policy-change id.
        id: String,
    },
    /// A policy change dated before the latest policy change in the change log: it would
    /// put an earlier decision in force over a later one.
    #[error(
        "policy change `{id}` is dated {at}, before the latest policy change in the log ({latest}): changes are recorded in time order"
    )]
    PolicyChangeOutOfOrder {
        /// The change's id.
        id: String,
        /// Its date.
        at: String,
        /// The date of the latest change in the log.
        latest: String,
    },
    /// Recorded without a registry but the event lacks what the unverified path needs (the
    /// approver's role), or claims a registry check that was not made.
    #[error("no registry given: {reason}")]
    RegistryRequired {
        /// What is missing.
        reason: String,
    },
}

impl From<crate::vocabulary::VocabularyError> for FilterError {
    fn from(error: crate::vocabulary::VocabularyError) -> Self {
        FilterError::UnknownAudience(error)
    }
}

impl ErrorCode for FilterError {
    fn code(&self) -> &'static str {
        match self {
            FilterError::TooDeep(_) => crate::wire::limits::TooDeep::CODE,
            FilterError::TooLarge(_) => crate::wire::limits::TooLarge::CODE,
            FilterError::Url(e) => e.code(),
            FilterError::PageTooLong => "filter_page_too_long",
            FilterError::UnknownCategory { .. } => "filter_unknown_category",
            FilterError::UnknownAudience(_) => "filter_unknown_audience",
            FilterError::UnknownListFormat { .. } => "filter_unknown_list_format",
            FilterError::RejectedLine { .. } => "filter_rejected_line",
            FilterError::TooManyLists => "filter_too_many_lists",
            FilterError::TooManyCategories => "filter_too_many_categories",
            FilterError::IllegalCategoryLocked { .. } => "filter_illegal_category_locked",
            FilterError::InvalidPolicy { .. } => "filter_invalid_policy",
            FilterError::InvalidSpec { .. } => "filter_invalid_spec",
            FilterError::InvalidTime { .. } => "invalid_instant",
            FilterError::UnknownOverride { .. } => "filter_unknown_override",
            FilterError::OverrideNotPending { .. } => "filter_override_not_pending",
            FilterError::InvalidOverride { .. } => "filter_invalid_override",
            FilterError::ChangeLogTampered { .. } => "change_log_tampered",
            FilterError::ChangeLogSignatureInvalid { .. } => "change_log_signature_invalid",
            FilterError::ApproverNotSlt { .. } => "filter_approver_not_slt",
            FilterError::InvalidLogLine { .. } => "filter_invalid_log_line",
            FilterError::SquidInternalEntry { .. } => "squid_internal_entry",
            FilterError::InvalidAudienceKey { .. } => "filter_invalid_audience_key",
            FilterError::ApproverNotAuthorised { .. } => "filter_approver_not_authorised",
            FilterError::SelfApproval { .. } => "filter_self_approval",
            FilterError::RegistryRequired { .. } => "filter_registry_required",
            FilterError::PolicyChangeOutOfOrder { .. } => "filter_policy_change_out_of_order",
        }
    }

    fn domain(&self) -> &'static str {
        match self {
            FilterError::Url(e) => e.domain(),
            _ => "filter",
        }
    }
}

/// Parses an optional instant as [`crate::vocabulary::parse_instant`] does (a helper for
/// bindings that pass strings).
///
/// # Errors
///
/// [`FilterError::InvalidTime`].
pub fn parse_instant(input: Option<&str>) -> Result<Option<DateTime<Utc>>, FilterError> {
    input
        .map(|s| {
            crate::vocabulary::parse_instant(s).map_err(|_| FilterError::InvalidTime {
                input: category::shorten(s),
            })
        })
        .transpose()
}

pub(super) fn spec_error(e: &serde_json::Error) -> FilterError {
    FilterError::InvalidSpec {
        reason: category::shorten(&e.to_string()),
    }
}
