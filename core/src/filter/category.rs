//! Filtering categories: the closed set of ids a decision reports, and the documented
//! mapping from UT1 folder names onto it.
//!
//! The UKSIC "appropriate filtering" categories (DOMAIN.md §6) come first; the illegal ones
//! carry the `illegal.` prefix and can never be unblocked. Practical categories that schools
//! configure follow. A UT1 folder with no mapping loads as [`Category::Ut1`] (`ut1:<name>`):
//! it is kept and reported, never dropped, and a school can block it by that id.
//!
//! # UT1 mapping
//!
//! | UT1 folder | category id(s) |
//! |---|---|
//! | `adult` | `pornography` |
//! | `mixed_adult`, `lingerie` | `adult` |
//! | `agressif` | `hate_speech`, `violence` |
//! | `drogue` | `drugs` |
//! | `gambling`, `arjel` | `gambling` |
//! | `hacking`, `ddos`, `malware`, `cryptojacking`, `stalkerware`, `dialer` | `malware_hacking` |
//! | `phishing` | `phishing` |
//! | `vpn`, `doh`, `residential-proxies`, `redirector`, `strict_redirector`, `strong_redirector`, `dynamic-dns` | `filter_bypass` |
//! | `remote-control` | `remote_access` |
//! | `warez` | `piracy` |
//! | `dating` | `dating` |
//! | `social_networks` | `social_networks` |
//! | `games` | `games` |
//! | `chat` | `chat` |
//! | `sect` | `cults` |
//! | `fakenews` | `mis_disinformation` |
//! | `dangerous_material` | `weapons` |
//! | `audio-video`, `radio` | `streaming` |
//! | `webmail` | `webmail` |
//! | `shopping` | `shopping` |
//! | `publicite`, `marketingware` | `advertising` |
//! | `filehosting` | `file_sharing` |
//! | `shortener` | `url_shortener` |
//! | `forums` | `forums` |
//! | `blog` | `blogs` |
//! | `press` | `news` |
//! | `bitcoin` | `cryptocurrency` |
//! | `ai` | `generative_ai` |
//! | `sexual_education` | `sex_education` |
//! | `bank`, `child`, `jobsearch`, `liste_blanche` and the other folders of [`ut1_folder_is_known`] | `ut1:<folder>` |
//! | anything else | `ut1:<folder>`, with a `ut1_folder_unknown` warning in the load report |
//!
//! Folder names are compared without ASCII case (`Adult` is `adult`). A mapped folder named
//! by id means its category (`ut1:adult` is `pornography`); one that maps to several
//! (`ut1:agressif`) is refused with their names, as it names no one category.
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::{Category, ut1_categories};
//!
//! let c: Category = "illegal.csam".parse()?;
//! assert!(c.is_illegal());
//! assert_eq!(ut1_categories("agressif"), vec![Category::HateSpeech, Category::Violence]);
//! assert_eq!(ut1_categories("jobsearch")[0].as_str(), "ut1:jobsearch");
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

use super::FilterError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A filtering category id.
///
/// On the wire and in every binding a category is its string id ([`Category::as_str`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Category {
    /// `illegal.csam`: child sexual abuse material (IWF list). Always blocked, for everyone.
    IllegalCsam,
    /// `illegal.terrorism`: unlawful terrorist content (CTIRU list). Always blocked, for everyone.
    IllegalTerrorism,
    /// `discrimination` (UKSIC).
    Discrimination,
    /// `hate_speech` (UKSIC, 2024).
    HateSpeech,
    /// `drugs` (UKSIC).
    Drugs,
    /// `extremism` (UKSIC, Prevent duty).
    Extremism,
    /// `gambling` (UKSIC).
    Gambling,
    /// `malware_hacking` (UKSIC).
    MalwareHacking,
    /// `filter_bypass`: anonymisers, proxies, VPNs (UKSIC sub-category of malware/hacking).
    FilterBypass,
    /// `mis_disinformation` (UKSIC 2025).
    MisDisinformation,
    /// `pornography` (UKSIC).
    Pornography,
    /// `piracy` (UKSIC).
    Piracy,
    /// `self_harm`, including suicide and eating disorders (UKSIC).
    SelfHarm,
    /// `violence` (UKSIC).
    Violence,
    /// `adult`: sexualised but not pornographic content (lingerie, mixed adult).
    Adult,
    /// `dating`.
    Dating,
    /// `social_networks`.
    SocialNetworks,
    /// `games`.
    Games,
    /// `chat`.
    Chat,
    /// `streaming`: audio and video sites.
    Streaming,
    /// `phishing`.
    Phishing,
    /// `weapons`, including dangerous material such as bomb making.
    Weapons,
    /// `webmail`.
    Webmail,
    /// `shopping`.
    Shopping,
    /// `cults`.
    Cults,
    /// `advertising`.
    Advertising,
    /// `file_sharing`: file hosting services.
    FileSharing,
    /// `url_shortener`.
    UrlShortener,
    /// `forums`.
    Forums,
    /// `blogs`.
    Blogs,
    /// `news`.
    News,
    /// `cryptocurrency`.
    Cryptocurrency,
    /// `generative_ai`: generative AI tools (DfE product safety expectations).
    GenerativeAi,
    /// `sex_education`: sex and RSE education, kept reachable by default (UKSIC).
    SexEducation,
    /// `lookalike`: a host that mixes scripts or imitates a listed domain with look-alike letters.
    Lookalike,
    /// `remote_access`: remote desktop and meeting tools (TeamViewer, LogMeIn), which let a
    /// pupil reach an unfiltered computer; staff use them for work.
    RemoteAccess,
    /// `ut1:<folder>`: a UT1 folder with no mapping, kept under its own name.
    Ut1(std::sync::Arc<str>),
}

/// Every named category (all but [`Category::Ut1`]), in declaration order.
pub const NAMED_CATEGORIES: &[Category] = &[
    Category::IllegalCsam,
    Category::IllegalTerrorism,
    Category::Discrimination,
    Category::HateSpeech,
    Category::Drugs,
    Category::Extremism,
    Category::Gambling,
    Category::MalwareHacking,
    Category::FilterBypass,
    Category::MisDisinformation,
    Category::Pornography,
    Category::Piracy,
    Category::SelfHarm,
    Category::Violence,
    Category::Adult,
    Category::Dating,
    Category::SocialNetworks,
    Category::Games,
    Category::Chat,
    Category::Streaming,
    Category::Phishing,
    Category::Weapons,
    Category::Webmail,
    Category::Shopping,
    Category::Cults,
    Category::Advertising,
    Category::FileSharing,
    Category::UrlShortener,
    Category::Forums,
    Category::Blogs,
    Category::News,
    Category::Cryptocurrency,
    Category::GenerativeAi,
    Category::SexEducation,
    Category::Lookalike,
    Category::RemoteAccess,
];

/// The UKSIC "inappropriate" categories (DOMAIN.md §6), filtered by default from KS2 up.
pub const UKSIC_CATEGORIES: &[Category] = &[
    Category::Discrimination,
    Category::HateSpeech,
    Category::Drugs,
    Category::Extremism,
    Category::Gambling,
    Category::MalwareHacking,
    Category::FilterBypass,
    Category::MisDisinformation,
    Category::Pornography,
    Category::Piracy,
    Category::SelfHarm,
    Category::Violence,
];

/// The illegal categories: blocked for every audience; no configuration can unblock them.
pub const ILLEGAL_CATEGORIES: &[Category] = &[Category::IllegalCsam, Category::IllegalTerrorism];

impl Category {
    /// The string id, for example `illegal.csam`, `hate_speech` or `ut1:jobsearch`.
    pub fn as_str(&self) -> &str {
        match self {
            Category::IllegalCsam => "illegal.csam",
            Category::IllegalTerrorism => "illegal.terrorism",
            Category::Discrimination => "discrimination",
            Category::HateSpeech => "hate_speech",
            Category::Drugs => "drugs",
            Category::Extremism => "extremism",
            Category::Gambling => "gambling",
            Category::MalwareHacking => "malware_hacking",
            Category::FilterBypass => "filter_bypass",
            Category::MisDisinformation => "mis_disinformation",
            Category::Pornography => "pornography",
            Category::Piracy => "piracy",
            Category::SelfHarm => "self_harm",
            Category::Violence => "violence",
            Category::Adult => "adult",
            Category::Dating => "dating",
            Category::SocialNetworks => "social_networks",
            Category::Games => "games",
            Category::Chat => "chat",
            Category::Streaming => "streaming",
            Category::Phishing => "phishing",
            Category::Weapons => "weapons",
            Category::Webmail => "webmail",
            Category::Shopping => "shopping",
            Category::Cults => "cults",
            Category::Advertising => "advertising",
            Category::FileSharing => "file_sharing",
            Category::UrlShortener => "url_shortener",
            Category::Forums => "forums",
            Category::Blogs => "blogs",
            Category::News => "news",
            Category::Cryptocurrency => "cryptocurrency",
            Category::GenerativeAi => "generative_ai",
            Category::SexEducation => "sex_education",
            Category::Lookalike => "lookalike",
            Category::RemoteAccess => "remote_access",
            Category::Ut1(name) => name,
        }
    }

    /// Whether this is an illegal category (`illegal.*`), which nothing can unblock.
    pub fn is_illegal(&self) -> bool {
        matches!(self, Category::IllegalCsam | Category::IllegalTerrorism)
    }

    /// Whether this is one of the UKSIC categories (illegal or inappropriate).
    pub fn is_uksic(&self) -> bool {
        self.is_illegal() || UKSIC_CATEGORIES.contains(self)
    }

    /// Whether the category names a platform that hosts other people's sites (`blogs`, UT1
    /// `webhosting`): a list entry for the platform says nothing about a tenant's content.
    pub fn is_hosting_platform(&self) -> bool {
        match self {
            Category::Blogs => true,
            Category::Ut1(name) => &**name == "ut1:webhosting",
            _ => false,
        }
    }

    /// The category for an unmapped UT1 folder: `ut1:<folder>`.
    pub fn ut1(folder: &str) -> Category {
        Category::Ut1(format!("ut1:{folder}").into())
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Category {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Category {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::str::FromStr for Category {
    type Err = FilterError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(found) = NAMED_CATEGORIES.iter().find(|c| c.as_str() == s) {
            return Ok(found.clone());
        }
        if let Some(folder) = s.strip_prefix("ut1:")
            && !folder.is_empty()
            && folder.len() <= 64
            && folder
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-'))
        {
            // A folder the mapping knows means what the folder loads as (`ut1:adult` is
            // `pornography`), never a category of its own that no audience blocks.
            return match ut1_mapped(folder) {
                [] => Ok(Category::ut1(folder)),
                [one] => Ok(one.clone()),
                several => Err(FilterError::UnknownCategory {
                    category: shorten(s),
                    hint: format!(
                        ": UT1's folder `{folder}` loads as {}; name those",
                        several
                            .iter()
                            .map(|c| format!("`{}`", c.as_str()))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                }),
            };
        }
        Err(FilterError::UnknownCategory {
            category: shorten(s),
            hint: crate::vocabulary::unknown_hint(s, NAMED_CATEGORIES.iter().map(Category::as_str)),
        })
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The categories a UT1 folder loads as (see the module docs for the table).
///
/// Never empty: a folder with no mapping gives `ut1:<folder>`.
pub fn ut1_categories(folder: &str) -> Vec<Category> {
    let mapped = ut1_mapped(folder);
    if mapped.is_empty() {
        vec![Category::ut1(&sanitise_folder(folder))]
    } else {
        mapped.to_vec()
    }
}

/// UT1 folders that name no school category on purpose: white lists and everyday topics
/// (`bank`, `liste_blanche`), kept as `ut1:<folder>` for a school to block by id.
const UT1_UNMAPPED: &[&str] = &[
    "associations_religieuses",
    "astrology",
    "bank",
    "celebrity",
    "child",
    "cleaning",
    "cooking",
    "download",
    "educational_games",
    "examen_pix",
    "exceptions_liste_bu",
    "financial",
    "jobsearch",
    "liste_blanche",
    "liste_bu",
    "manga",
    "mobile-phone",
    "reaffected",
    "special",
    "sports",
    "translation",
    "tricheur",
    "tricheur_pix",
    "update",
    "webhosting",
];

/// Whether a UT1 folder name (any case) is one the filter knows: mapped to a category, or
/// left unmapped on purpose. An unknown folder's rules carry `ut1:<folder>`, which no
/// audience blocks, so the load report warns (`ut1_folder_unknown`).
pub fn ut1_folder_is_known(folder: &str) -> bool {
    let lower = folder.to_ascii_lowercase();
    !ut1_mapped(&lower).is_empty() || UT1_UNMAPPED.contains(&lower.as_str())
}

/// The mapped categories of a UT1 folder, compared without ASCII case (an `Adult` folder
/// from a Windows unzip is `adult`); empty when unmapped.
fn ut1_mapped(folder: &str) -> &'static [Category] {
    use Category as C;
    match folder.to_ascii_lowercase().as_str() {
        "adult" | "porn" => &[C::Pornography],
        "mixed_adult" | "lingerie" => &[C::Adult],
        "agressif" | "aggressive" | "violence" => &[C::HateSpeech, C::Violence],
        "drogue" | "drugs" => &[C::Drugs],
        "gambling" | "arjel" => &[C::Gambling],
        "hacking" | "ddos" | "malware" | "cryptojacking" | "stalkerware" | "dialer" => {
            &[C::MalwareHacking]
        }
        "phishing" => &[C::Phishing],
        "vpn"
        | "doh"
        | "residential-proxies"
        | "redirector"
        | "proxy"
        | "strict_redirector"
        | "strong_redirector"
        | "dynamic-dns" => &[C::FilterBypass],
        "remote-control" => &[C::RemoteAccess],
        "warez" => &[C::Piracy],
        "dating" => &[C::Dating],
        "social_networks" => &[C::SocialNetworks],
        "games" => &[C::Games],
        "chat" => &[C::Chat],
        "sect" => &[C::Cults],
        "fakenews" => &[C::MisDisinformation],
        "dangerous_material" => &[C::Weapons],
        "audio-video" | "radio" => &[C::Streaming],
        "webmail" => &[C::Webmail],
        "shopping" => &[C::Shopping],
        "publicite" | "ads" | "marketingware" => &[C::Advertising],
        "filehosting" => &[C::FileSharing],
        "shortener" => &[C::UrlShortener],
        "forums" => &[C::Forums],
        "blog" => &[C::Blogs],
        "press" => &[C::News],
        "bitcoin" => &[C::Cryptocurrency],
        "ai" => &[C::GenerativeAi],
        "sexual_education" => &[C::SexEducation],
        _ => &[],
    }
}

/// Folder names become part of an id: keep them to `[a-z0-9_-]`.
fn sanitise_folder(folder: &str) -> String {
    let cleaned: String = folder
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if cleaned.is_empty() {
        "_".to_owned()
    } else {
        cleaned
    }
}

pub(crate) use crate::vocabulary::short as shorten;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for c in NAMED_CATEGORIES {
            assert_eq!(&c.as_str().parse::<Category>().unwrap(), c);
        }
        assert_eq!(
            "ut1:bank".parse::<Category>().unwrap(),
            Category::ut1("bank")
        );
    }

    #[test]
    fn unknown_ids_are_errors() {
        use crate::ErrorCode;
        let err = "porn".parse::<Category>().unwrap_err();
        assert_eq!(err.code(), "filter_unknown_category");
        assert!("ut1:".parse::<Category>().is_err());
        assert!("ut1:Bad Name".parse::<Category>().is_err());
    }

    #[test]
    fn unmapped_folders_keep_their_name() {
        assert_eq!(ut1_categories("bank"), vec![Category::ut1("bank")]);
        assert_eq!(ut1_categories("adult"), vec![Category::Pornography]);
        assert_eq!(ut1_categories("vpn"), vec![Category::FilterBypass]);
        assert_eq!(ut1_categories("Weird Name")[0].as_str(), "ut1:weird_name");
    }

    #[test]
    fn a_mapped_ut1_folder_named_by_id_is_its_category() {
        use crate::ErrorCode;
        // `ut1:adult` is UT1's folder `adult`, which loads as `pornography`.
        assert_eq!(
            "ut1:adult".parse::<Category>().unwrap(),
            Category::Pornography
        );
        assert_eq!("ut1:arjel".parse::<Category>().unwrap(), Category::Gambling);
        // A folder that loads as two categories names neither alone: refused, with both.
        let e = "ut1:agressif".parse::<Category>().unwrap_err();
        assert_eq!(e.code(), "filter_unknown_category");
        assert!(
            e.to_string().contains("`hate_speech` and `violence`"),
            "{e}"
        );
        // A list named so blocks as the folder does.
        let mut b = super::super::FilterBuilder::new();
        b.add_source(&super::super::ListSource {
            label: "school/adult".into(),
            format: "domains".into(),
            categories: vec!["ut1:adult".into()],
            text: "adult-example.test\n".into(),
        })
        .unwrap();
        let f = b.build().unwrap();
        let d = f.check("adult-example.test", "ks2", None).unwrap();
        assert_eq!(d.verdict, super::super::Verdict::Block);
        assert_eq!(d.categories, vec![Category::Pornography]);
    }

    #[test]
    fn compares_with_ids() {
        assert!(Category::HateSpeech == "hate_speech");
        assert!([Category::Gambling].iter().any(|c| c == "gambling"));
    }

    #[test]
    fn serde_uses_ids() {
        let json = serde_json::to_string(&vec![Category::IllegalCsam, Category::ut1("x")]).unwrap();
        assert_eq!(json, r#"["illegal.csam","ut1:x"]"#);
        let back: Vec<Category> = serde_json::from_str(&json).unwrap();
        assert_eq!(back[0], Category::IllegalCsam);
    }
}

crate::wire::string_schema!(Category, "FilterCategory");
