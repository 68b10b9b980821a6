//! Valid values of options, from the core, for help texts and parsers.

use esafety_core::vocabulary::Audience;

/// Clap's parser for an audience id (exact ids, as the core reads them).
pub fn audience() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(Audience::IDS)
}

/// The default audience of the core (`ks2`).
pub fn default_audience() -> &'static str {
    Audience::default().as_str()
}

/// Every consent channel id, comma separated.
pub fn channels() -> String {
    esafety_core::consent::Channel::ALL
        .iter()
        .map(|c| c.base_id())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every preset id, comma separated.
pub fn presets() -> String {
    esafety_core::policy::PRESET_IDS.join(", ")
}

/// Every term-list format id, comma separated.
pub fn term_formats() -> Vec<&'static str> {
    esafety_core::scanner::TermListFormat::ALL
        .iter()
        .map(|f| f.as_str())
        .collect()
}

/// The help of a `--channel` option: every channel id.
pub fn channel_help() -> String {
    format!(
        "The channel: one of {} (school_social_media.PLATFORM for one platform)",
        channels()
    )
}
