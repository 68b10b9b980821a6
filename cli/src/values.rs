//! Valid values of options, from the core, for help texts and parsers.

use esafety_core::vocabulary::Audience;

/// Clap's parser for an audience id: exact ids, as the core reads them, listed in `--help`;
/// anything else is the core's error, with its nearest match (`KS2`: did you mean `ks2`?).
pub fn audience() -> AudienceParser {
    AudienceParser
}

/// See [`audience`].
#[derive(Clone, Copy, Debug)]
pub struct AudienceParser;

impl clap::builder::TypedValueParser for AudienceParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let text = value.to_str().unwrap_or_default();
        match text.parse::<Audience>() {
            Ok(audience) => Ok(audience.as_str().to_owned()),
            Err(e) => {
                let option = arg.map_or_else(|| "--audience".to_owned(), ToString::to_string);
                let message = format!("invalid value for '{option}': {e}\n");
                Err(clap::Error::raw(clap::error::ErrorKind::InvalidValue, message).with_cmd(cmd))
            }
        }
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            Audience::IDS
                .iter()
                .map(|id| clap::builder::PossibleValue::new(*id)),
        ))
    }
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
