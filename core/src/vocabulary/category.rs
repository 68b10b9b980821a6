//! The category vocabulary: every category a filter decision or a scanner match can name,
//! with the incident category it becomes and its 4C area.

use crate::filter::{Category as FilterCategory, NAMED_CATEGORIES};
use crate::incident::{
    Area, Category as IncidentCategory, FromCategory, from_filter, from_scanner,
};
use crate::scanner::Category as ScannerCategory;
use serde::{Deserialize, Serialize};

/// Which module defines a category id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceModule {
    /// A web filter category (`pornography`, `illegal.csam`, …).
    Filter,
    /// A monitoring category (`suicide`, `grooming`, …).
    Scanner,
    /// An incident category (`csam`, `self_harm_suicide`, …).
    Incident,
}

/// One category of the vocabulary.
///
/// # Examples
///
/// ```
/// use esafety_core::vocabulary::{SourceModule, categories};
///
/// let all = categories();
/// let gambling = all.iter().find(|c| c.id == "gambling" && c.source_module == SourceModule::Filter).unwrap();
/// assert_eq!(gambling.incident_category.as_deref(), Some("commerce_harm"));
/// assert_eq!(gambling.area.as_deref(), Some("commerce"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CategoryInfo {
    /// The category id as the module writes it.
    pub id: String,
    /// The module that defines it.
    pub source_module: SourceModule,
    /// The incident category a decision or match of this category becomes.
    pub incident_category: Option<String>,
    /// The 4C area (`content`, `contact`, `conduct`, `commerce`, `data_protection`).
    pub area: Option<String>,
}

/// Every named filter, scanner and incident category.
pub fn categories() -> Vec<CategoryInfo> {
    let mut out = Vec::new();
    for c in NAMED_CATEGORIES {
        out.push(info(c.as_str(), SourceModule::Filter, filter_incident(c)));
    }
    for c in ScannerCategory::ALL {
        out.push(info(
            c.as_str(),
            SourceModule::Scanner,
            scanner_incident(&c),
        ));
    }
    for c in IncidentCategory::ALL {
        out.push(info(c.as_str(), SourceModule::Incident, Some(*c)));
    }
    out
}

fn info(id: &str, source_module: SourceModule, incident: Option<IncidentCategory>) -> CategoryInfo {
    CategoryInfo {
        id: id.to_owned(),
        source_module,
        incident_category: incident.map(|c| c.as_str().to_owned()),
        area: incident.map(|c| area_id(c.area()).to_owned()),
    }
}

fn area_id(area: Area) -> &'static str {
    area.as_str()
}

/// The incident category a filter category's decision becomes (an exhaustive `match` in
/// [`crate::incident::from_filter`]); `None` only for a `ut1:` folder the library does not
/// know, which the DSL triages.
pub fn filter_incident(category: &FilterCategory) -> Option<IncidentCategory> {
    recorded(from_filter(category))
}

/// The incident category a scanner category's match becomes (see
/// [`crate::incident::from_scanner`]); `None` only for a list's own category.
pub fn scanner_incident(category: &ScannerCategory) -> Option<IncidentCategory> {
    recorded(from_scanner(category))
}

fn recorded(outcome: FromCategory) -> Option<IncidentCategory> {
    match outcome {
        FromCategory::Concern(c) | FromCategory::NotAConcern { recorded_as: c } => Some(c),
        FromCategory::Unmapped { .. } => None,
    }
}
