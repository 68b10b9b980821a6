//! Every engine built from one policy document.

use super::SchoolPolicy;
use super::document::PolicyDocument;
use crate::consent::{ConsentError, ConsentLedger, SchoolConsentConfig};
use crate::filter::{FilterError, PolicyConfig, UrlFilter};
use crate::registry::{Registry, SchoolSettings};
use crate::scanner::{Adjustment, ScannerError, TermScanner};

impl SchoolPolicy {
    /// The registry's settings (roles, permissions, AUPs), with `preset` set to the
    /// school's id.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::policy::SchoolPolicy;
    /// use esafety_core::registry::VisitorAccess;
    ///
    /// let ely = SchoolPolicy::preset("ely")?;
    /// assert_eq!(ely.registry_settings().visitor_access, VisitorAccess::GenericLogin);
    /// # Ok::<(), esafety_core::policy::PolicyError>(())
    /// ```
    pub fn registry_settings(&self) -> SchoolSettings {
        registry_settings(&self.document)
    }

    /// The consent configuration.
    pub fn consent_config(&self) -> &SchoolConsentConfig {
        &self.document.consent
    }

    /// The web filter's per-audience policy.
    pub fn filter_policy(&self) -> &PolicyConfig {
        &self.document.filter
    }

    /// The monitoring severity adjustments.
    pub fn monitoring_adjustments(&self) -> &[Adjustment] {
        &self.document.monitoring.adjustments
    }

    /// A registry with this school's settings and no assignments yet.
    pub fn registry(&self) -> Registry {
        Registry::with_settings(self.registry_settings())
    }

    /// An empty consent ledger with this school's consent configuration.
    ///
    /// # Errors
    ///
    /// The ledger's own configuration check (already passed when the policy was read).
    pub fn consent_ledger(&self) -> Result<ConsentLedger, ConsentError> {
        ConsentLedger::with_config(self.document.consent.clone())
    }

    /// The embedded web filter under this school's policy.
    ///
    /// # Errors
    ///
    /// The filter's own policy check (already passed when the policy was read).
    pub fn url_filter(&self) -> Result<UrlFilter, FilterError> {
        let mut filter = UrlFilter::default();
        filter.adopt_policy(self.document.filter.clone())?;
        Ok(filter)
    }

    /// Starts a filter built from other lists (UT1, a hosts file) on this school's policy
    /// (not logged as a change: it is where the filter starts).
    ///
    /// # Errors
    ///
    /// As [`SchoolPolicy::url_filter`].
    pub fn apply_to_filter(&self, filter: &mut UrlFilter) -> Result<(), FilterError> {
        filter.adopt_policy(self.document.filter.clone())
    }

    /// The embedded term scanner with this school's severity adjustments.
    ///
    /// # Errors
    ///
    /// The embedded list failing to load (a build defect, caught by the tests).
    pub fn term_scanner(&self) -> Result<TermScanner, ScannerError> {
        let mut scanner = TermScanner::embedded_default()?;
        self.apply_to_scanner(&mut scanner);
        Ok(scanner)
    }

    /// Applies this school's severity adjustments to a scanner built from other lists.
    pub fn apply_to_scanner(&self, scanner: &mut TermScanner) {
        for a in &self.document.monitoring.adjustments {
            scanner.set_adjustment(a.clone());
        }
    }
}

/// The registry settings a policy document gives (its AUPs and roles sections).
pub(super) fn registry_settings(d: &PolicyDocument) -> SchoolSettings {
    SchoolSettings {
        preset: d.id.clone(),
        aup_refresh: d.aups.refresh,
        joint_staff_governor_aup: d.aups.joint_staff_governor,
        technician_aup: d.aups.technician,
        social_media_aup: d.aups.social_media,
        visitor_access: d.aups.visitor_access,
        search_rule: d.roles.search_rule,
        personal_device_photos: d.roles.personal_device_photos,
        child_protection_record_roles: d.roles.child_protection_record_roles.clone(),
        review_interval_days: d.roles.review_interval_days,
        personal_social_media_contact: d.roles.personal_social_media_contact,
        parents_sign_aup: d.aups.parents_sign,
        head_is_dsl: d.school.head_is_dsl,
        pupil_aup_co_signed: d.aups.pupil_co_signed,
        aup_refresh_by_audience: d.aups.refresh_by_audience.clone(),
        devices: d.roles.devices.clone(),
        passwords: d.roles.passwords.clone(),
        local_duties: d.roles.duties.clone(),
    }
}
