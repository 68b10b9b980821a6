//! Publication channels: one consent decision per channel, never bundled (DOMAIN.md §3.1).

use super::ConsentError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

crate::ids::closed_ids! {
    /// A social-media platform, for schools that ask about each platform separately.
    SocialPlatform {
        /// X (formerly Twitter); `twitter` is accepted as an alias when parsing.
        X = "x" | "twitter",
        /// Facebook.
        Facebook = "facebook",
        /// Instagram.
        Instagram = "instagram",
        /// LinkedIn.
        Linkedin = "linkedin",
        /// YouTube.
        Youtube = "youtube",
    }
}

/// A use of a pupil's image that needs its own consent answer.
///
/// On the wire a channel is its snake_case id (`school_website`); a social-media platform
/// is written after a dot (`school_social_media.instagram`).
///
/// # Examples
///
/// ```
/// use esafety_core::consent::{Channel, SocialPlatform};
///
/// let web: Channel = "school_website".parse()?;
/// assert_eq!(web, Channel::SchoolWebsite);
/// assert!(web.forbids_full_names());
///
/// let insta: Channel = "school_social_media.instagram".parse()?;
/// assert_eq!(insta, Channel::SchoolSocialMedia(Some(SocialPlatform::Instagram)));
/// assert_eq!(insta.to_string(), "school_social_media.instagram");
///
/// assert!("snapchat_story".parse::<Channel>().is_err());
/// # Ok::<(), esafety_core::consent::ConsentError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    /// Prospectus, newsletter and other printed school publications (seed 001 question 1).
    PrintedPublications,
    /// Displays inside the school building (seed 001 question 1 asks with printed publications).
    InSchoolDisplay,
    /// The school's public website (seed 001 question 2).
    SchoolWebsite,
    /// The school's official social-media accounts, all platforms or one platform.
    SchoolSocialMedia(Option<SocialPlatform>),
    /// Video recording of the pupil (seed 001 question 3).
    VideoRecording,
    /// Local or national newspapers and television (seed 001 question 4).
    PressMedia,
    /// Learning platforms shared with the child's own parents (Seesaw, Tapestry, Teams).
    LearningPlatformParents,
    /// Class or group spaces shared with the parents of the whole class.
    ClassGroupSharedWithParents,
    /// Photographs taken by a contracted external photographer.
    ExternalPhotographer,
    /// Pupil work published together with the pupil's name.
    PupilWorkWithName,
}

impl Channel {
    /// Every channel (the social-media one without a platform), in a stable order.
    pub const ALL: [Channel; 10] = [
        Channel::PrintedPublications,
        Channel::InSchoolDisplay,
        Channel::SchoolWebsite,
        Channel::SchoolSocialMedia(None),
        Channel::VideoRecording,
        Channel::PressMedia,
        Channel::LearningPlatformParents,
        Channel::ClassGroupSharedWithParents,
        Channel::ExternalPhotographer,
        Channel::PupilWorkWithName,
    ];

    /// The snake_case id without the platform (`school_social_media` for every platform).
    pub fn base_id(self) -> &'static str {
        match self {
            Channel::PrintedPublications => "printed_publications",
            Channel::InSchoolDisplay => "in_school_display",
            Channel::SchoolWebsite => "school_website",
            Channel::SchoolSocialMedia(_) => "school_social_media",
            Channel::VideoRecording => "video_recording",
            Channel::PressMedia => "press_media",
            Channel::LearningPlatformParents => "learning_platform_parents",
            Channel::ClassGroupSharedWithParents => "class_group_shared_with_parents",
            Channel::ExternalPhotographer => "external_photographer",
            Channel::PupilWorkWithName => "pupil_work_with_name",
        }
    }

    /// Parses a channel id.
    ///
    /// # Errors
    ///
    /// [`ConsentError::UnknownChannel`] for an id that is not a channel.
    pub fn parse(id: &str) -> Result<Channel, ConsentError> {
        let unknown = || ConsentError::UnknownChannel {
            channel: super::shorten(id),
            hint: crate::vocabulary::unknown_hint(id, Channel::ALL.iter().map(|c| c.base_id())),
        };
        let (base, platform) = match id.split_once('.') {
            Some((base, platform)) => (base, Some(platform)),
            None => (id, None),
        };
        let channel = Channel::ALL
            .into_iter()
            .find(|c| c.base_id() == base)
            .ok_or_else(unknown)?;
        match (channel, platform) {
            (_, None) => Ok(channel),
            (Channel::SchoolSocialMedia(None), Some(p)) => SocialPlatform::from_id(p)
                .map(|p| Channel::SchoolSocialMedia(Some(p)))
                .ok_or_else(unknown),
            _ => Err(unknown()),
        }
    }

    /// The platform-free form of the channel (`school_social_media.x` → `school_social_media`).
    pub fn generic(self) -> Channel {
        match self {
            Channel::SchoolSocialMedia(_) => Channel::SchoolSocialMedia(None),
            other => other,
        }
    }

    /// Whether full names must never appear beside images on this channel: the website and
    /// school social media (DOMAIN.md §3.3 rule 6; seed 000, seed 001).
    pub fn forbids_full_names(self) -> bool {
        matches!(self, Channel::SchoolWebsite | Channel::SchoolSocialMedia(_))
    }

    /// Whether a published copy can be taken down by the school (online channels), as
    /// opposed to printed or broadcast copies that cannot be recalled (DOMAIN.md §3.3 rule 7).
    pub fn is_recallable(self) -> bool {
        !matches!(
            self,
            Channel::PrintedPublications | Channel::PressMedia | Channel::VideoRecording
        )
    }

    /// How an answer recorded for `answered` bears on a question about `self`.
    ///
    /// * the same channel, or the generic social-media channel asked about one platform:
    ///   every answer counts ([`AnswerScope::Full`]);
    /// * a platform answer asked about the generic social-media channel (a post to every
    ///   platform): only refusals and withdrawals count ([`AnswerScope::NegativeOnly`]),
    ///   so a "no" for one platform blocks an all-platform post;
    /// * anything else: unrelated (`None`).
    pub(crate) fn answer_scope(self, answered: Channel) -> Option<AnswerScope> {
        match (self, answered) {
            (q, a) if q == a => Some(AnswerScope::Full),
            (Channel::SchoolSocialMedia(Some(_)), Channel::SchoolSocialMedia(None)) => {
                Some(AnswerScope::Full)
            }
            (Channel::SchoolSocialMedia(None), Channel::SchoolSocialMedia(Some(_))) => {
                Some(AnswerScope::NegativeOnly)
            }
            _ => None,
        }
    }
}

/// How far an answer on one channel counts for a question about another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AnswerScope {
    /// Yes and no both count.
    Full,
    /// Only a no counts.
    NegativeOnly,
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Channel::SchoolSocialMedia(Some(p)) => write!(f, "{}.{}", self.base_id(), p.as_str()),
            other => f.write_str(other.base_id()),
        }
    }
}

impl FromStr for Channel {
    type Err = ConsentError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Channel::parse(s)
    }
}

impl Serialize for Channel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Channel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        Channel::parse(&id).map_err(serde::de::Error::custom)
    }
}

crate::wire::string_schema!(Channel, "Channel");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_round_trips() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(&c.to_string()).unwrap(), c);
        }
        for &p in SocialPlatform::ALL {
            let c = Channel::SchoolSocialMedia(Some(p));
            assert_eq!(Channel::parse(&c.to_string()).unwrap(), c);
        }
        assert_eq!(
            Channel::parse("school_social_media.twitter").unwrap(),
            Channel::SchoolSocialMedia(Some(SocialPlatform::X))
        );
    }

    #[test]
    fn unknown_channels_are_rejected() {
        for bad in [
            "",
            "website",
            "School_Website",
            "school_website.x",
            "school_social_media.",
            "school_social_media.myspace",
        ] {
            let err = Channel::parse(bad).unwrap_err();
            assert_eq!(crate::ErrorCode::code(&err), "consent_unknown_channel");
        }
    }

    #[test]
    fn platforms_relate_to_the_generic_channel_only() {
        let generic = Channel::SchoolSocialMedia(None);
        let x = Channel::SchoolSocialMedia(Some(SocialPlatform::X));
        let insta = Channel::SchoolSocialMedia(Some(SocialPlatform::Instagram));
        assert_eq!(x.answer_scope(generic), Some(AnswerScope::Full));
        assert_eq!(generic.answer_scope(x), Some(AnswerScope::NegativeOnly));
        assert_eq!(x.answer_scope(insta), None);
        assert_eq!(
            Channel::SchoolWebsite.answer_scope(Channel::PressMedia),
            None
        );
        assert_eq!(
            Channel::SchoolWebsite.answer_scope(Channel::SchoolWebsite),
            Some(AnswerScope::Full)
        );
    }
}
