//! Sources a school can look up.
//!
//! Every decision carries a `source`: one or more *citations* joined by `; `. Each citation
//! is exactly one of
//!
//! * a heading of `docs/guidance.md` (the national guidance and the engine's rules, in the
//!   project's own words), e.g. `Incident csam` or `UKCIS nudes 2024 trigger (d)`;
//! * a heading of `docs/seeds.md`: a seed school's policy, or one section of it, e.g.
//!   `seed 003 §11.4` or `seed 000 Reporting and Response to incidents`;
//! * the school's own policy, `school policy (<clause>)`, or its profile file
//!   (`kilby.toml`);
//! * a line of a word or URL list, `<list>:<line>` or `<list>#<line>`.
//!
//! [`resolve`] maps a source to those places; a heading's anchor is [`anchor`] of its text
//! (the GitHub rule). The heading lists below are checked against the two pages by a test.
//!
//! # Examples
//!
//! ```
//! use esafety_core::source::{Citation, resolve};
//!
//! let found = resolve("Incident csam; seed 003 §11.4").expect("both parts resolve");
//! assert_eq!(found.citations.len(), 2);
//! assert_eq!(found.citations[0].link(), "docs/guidance.md#incident-csam");
//! match &found.citations[1] {
//!     Citation::Seed { school, section, .. } => {
//!         assert_eq!(*school, "Whitwell Primary School");
//!         assert_eq!(*section, Some("§11.4"));
//!     }
//!     other => panic!("unexpected {other:?}"),
//! }
//! assert!(resolve("issue 6 §6").is_none());
//! assert!(resolve("DOMAIN.md §5.3 csam").is_none());
//! ```

use serde::Serialize;

/// The page holding the national guidance and the engine's rules.
pub const GUIDANCE_PAGE: &str = "docs/guidance.md";

/// The page describing the seed schools' policies.
pub const SEEDS_PAGE: &str = "docs/seeds.md";

/// Every citable heading of `docs/guidance.md`, in page order.
pub const GUIDANCE_HEADINGS: &[&str] = &[
    "KCSIE 2025 Part 1",
    "KCSIE 2025 Part 2 online safety",
    "KCSIE 2025 4Cs",
    "KCSIE 2025 Annex C",
    "KCSIE 2025 Part 4 allegations",
    "KCSIE 2025 Part 4 supply and contracted staff",
    "KCSIE 2025 Part 4 low-level concerns",
    "KCSIE 2025 Part 5",
    "Working Together 2023 referral",
    "Working Together 2023 allegations",
    "DfE F&M standard 1 roles",
    "DfE F&M standard 2 review",
    "DfE F&M standard 3 filtering",
    "DfE F&M standard 4 monitoring",
    "DfE searching 2022",
    "Prevent duty 2023",
    "UK GDPR Art 7",
    "UK GDPR Art 8",
    "UK GDPR Art 33",
    "Computer Misuse Act 1990",
    "Sexual Offences Act 2003 s66B",
    "FGM Act 2003 s5B",
    "UKCIS nudes 2024 definition",
    "UKCIS nudes 2024 staff response",
    "UKCIS nudes 2024 initial review",
    "UKCIS nudes 2024 referral triggers",
    "UKCIS nudes 2024 trigger (a)",
    "UKCIS nudes 2024 trigger (b)",
    "UKCIS nudes 2024 trigger (c)",
    "UKCIS nudes 2024 trigger (d)",
    "UKCIS nudes 2024 trigger (e)",
    "UKCIS nudes 2024 handled in school",
    "UKCIS nudes 2024 viewing",
    "UKCIS nudes 2024 deletion",
    "UKCIS nudes 2024 recording",
    "UKCIS nudes 2024 adult involved",
    "UKSIC filtering illegal",
    "UKSIC filtering categories",
    "UKSIC filtering safe search",
    "UKSIC monitoring",
    "ICO consent records",
    "ICO photos at school",
    "Contact police",
    "Contact IWF",
    "Contact CEOP",
    "Contact Childline",
    "Contact Report Remove",
    "Contact POSH",
    "Contact ACT",
    "Contact Action Fraud",
    "Contact ICO",
    "Contact Cyber Choices",
    "Roles and duties",
    "Incident classification",
    "Incident R1",
    "Incident R2",
    "Incident R3",
    "Incident R4",
    "Incident R5",
    "Incident R6",
    "Incident R7",
    "Incident R8",
    "Incident timing",
    "Incident csam",
    "Incident nudes_u18",
    "Incident sextortion",
    "Incident grooming_cse",
    "Incident fgm",
    "Incident criminal_exploitation",
    "Incident radicalisation",
    "Incident terrorist_content",
    "Incident cyberbullying",
    "Incident online_hate",
    "Incident online_sexual_harassment",
    "Incident staff victim",
    "Incident self_harm_suicide",
    "Incident inappropriate_content_accidental",
    "Incident inappropriate_content_deliberate",
    "Incident filter_bypass",
    "Incident filter_failure",
    "Incident mis_disinformation",
    "Incident cybercrime",
    "Incident commerce_harm",
    "Incident underage_platform_use",
    "Incident staff_allegation",
    "Incident staff_low_level_concern",
    "Incident image_consent_breach",
    "Incident data_breach",
    "Incident unauthorised_recording",
    "Incident safeguarding_concern",
    "Local choice image first contact",
    "Local choice pupil searches",
    "Local choice personal devices",
    "Local choice social media contact",
    "Local choice AUP signatures",
    "Local choice phones",
    "Local choice passwords",
    "Common school practice",
    "Consent channels",
    "Consent record",
    "Consent rule 1",
    "Consent rule 2",
    "Consent rule 3",
    "Consent rule 4",
    "Consent rule 5",
    "Consent rule 6",
    "Consent rule 7",
    "Consent rule 8",
    "Consent rule 9",
    "Consent adult pupil",
    "Consent rule 10",
    "Consent rule 11",
    "AUP audiences",
    "AUP sign before access",
    "AUP re-sign yearly",
    "AUP version change",
    "AUP co-sign",
    "Filter unblock requests",
    "Filter allow-list mode",
    "Filter look-alike domains",
    "Filter safe search",
    "Filter category model",
    "Filter content classification",
    "Filter default allow",
];

/// One seed school's policy and the sections the engine cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SeedPolicy {
    /// The seed number as cited, `000` to `004`.
    pub number: &'static str,
    /// The preset id of the school.
    pub preset: &'static str,
    /// The school.
    pub school: &'static str,
    /// The policy document.
    pub policy: &'static str,
    /// The cited sections: `§11.4` for numbered policies, the heading otherwise.
    pub sections: &'static [&'static str],
}

/// The five seed policies, in file order.
pub const SEEDS: &[SeedPolicy] = &[
    SeedPolicy {
        number: "000",
        preset: "kilby",
        school: "Kilby St Mary's Church of England (Aided) Primary School",
        policy: "Online Safety Policy",
        sections: &[
            "introduction",
            "Roles and responsibilities",
            "Education of pupils",
            "Training of Staff and Governors",
            "Cyberbullying",
            "Sexting",
            "Technical Infrastructure",
            "Data Protection",
            "Use of digital images and sound",
            "with respect to personal devices",
            "Assessment of risk",
            "Reporting and Response to incidents",
        ],
    },
    SeedPolicy {
        number: "001",
        preset: "highgate",
        school: "Highgate Primary School",
        policy: "Online Safety Policy and Guidance (September 2022)",
        sections: &[
            "Managing the school/setting website",
            "Official use of social media",
            "Staff personal use of social media",
            "Pupils' use of social media",
            "Expectations for safe use of personal devices and mobile phones",
            "Pupils' use of personal devices and mobile phones",
            "Staff use of personal devices and mobile phones",
            "Appropriate and safe classroom use of the internet",
            "Safeguarding and remote learning",
            "Managing personal data online",
            "Filtering and Monitoring",
            "Responding to Online Incidents and Safeguarding Concerns",
            "Key Personnel",
            "Policy Monitoring and Review",
            "ICT Acceptable Use Policy (AUP) Staff and Governor Agreement",
            "Pupils Agreement and Online Safety Rules",
            "Image Consent Form",
        ],
    },
    SeedPolicy {
        number: "002",
        preset: "ely",
        school: "Ely St John's Primary School",
        policy: "Online E-Safety Policy (September 2023)",
        sections: &[
            "Background to this policy",
            "Mobile Phones and Use of Mobile Data in School",
            "Monitoring, and Averting Online Safety Incidents",
            "Responding to Online Safety Incidents",
        ],
    },
    SeedPolicy {
        number: "003",
        preset: "whitwell",
        school: "Whitwell Primary School",
        policy: "Online Safety Policy",
        sections: &[
            "§3", "§4", "§7.1", "§7.2", "§7.3.1", "§7.3.2", "§7.4", "§7.5", "§7.5.1", "§7.8",
            "§7.9", "§7.10", "§7.11", "§9.2", "§9.3", "§10", "§10.1", "§11.1", "§11.2", "§11.3",
            "§11.4", "§11.5", "§11.6", "§11.7", "§11.8", "§12",
        ],
    },
    SeedPolicy {
        number: "004",
        preset: "russell_house",
        school: "Russell House",
        policy: "Online Safety Policy",
        sections: &[
            "§3.1", "§3.2", "§3.3", "§3.4", "§6.2", "§6.3", "§7", "§8", "§10", "§12",
        ],
    },
];

/// One resolved citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Citation {
    /// A heading of `docs/guidance.md`.
    Guidance {
        /// The heading text, as cited.
        heading: &'static str,
        /// Its anchor on the page.
        anchor: String,
    },
    /// A seed school's policy, or one section of it (a heading of `docs/seeds.md`).
    Seed {
        /// `000` to `004`.
        number: &'static str,
        /// The school's name.
        school: &'static str,
        /// The policy document.
        policy: &'static str,
        /// The section, `None` when the whole policy is cited.
        section: Option<&'static str>,
        /// The anchor of the citation on `docs/seeds.md`.
        anchor: String,
    },
    /// A clause of the school's own policy, `school policy (<clause>)`.
    SchoolPolicy {
        /// The clause, e.g. `ks2 block list`.
        clause: String,
    },
    /// The school's own profile or policy file (`kilby.toml`, `school.json`).
    SchoolFile {
        /// The file name.
        file: String,
    },
    /// A line of a word or URL list (`default.tsv#12`, `mine.tsv:3`).
    ListEntry {
        /// The list's label.
        list: String,
        /// The line (or entry) number.
        line: u32,
    },
}

impl Citation {
    /// Where to read it: `docs/guidance.md#incident-csam`, `docs/seeds.md#seed-003-114`, or
    /// the school document, policy clause or list entry in words.
    ///
    /// ```
    /// let c = esafety_core::source::resolve_citation("seed 003 §11.4").unwrap();
    /// assert_eq!(c.link(), "docs/seeds.md#seed-003-114");
    /// ```
    pub fn link(&self) -> String {
        match self {
            Citation::Guidance { anchor, .. } => format!("{GUIDANCE_PAGE}#{anchor}"),
            Citation::Seed { anchor, .. } => format!("{SEEDS_PAGE}#{anchor}"),
            Citation::SchoolPolicy { clause } => format!("the school's policy: {clause}"),
            Citation::SchoolFile { file } => format!("the school's file {file}"),
            Citation::ListEntry { list, line } => format!("list {list}, entry {line}"),
        }
    }
}

/// A resolved `source`: one citation per `; `-separated part, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SourceRef {
    /// The citations.
    pub citations: Vec<Citation>,
}

/// Why a school's own `source` cannot stand, or `None` when it resolves ([`resolve`]): the
/// one message every local rule (duties, devices, passwords, contacts, local steps) gives.
pub(crate) fn unresolved(source: &str) -> Option<String> {
    resolve(source).is_none().then(|| {
        format!(
            "`{}` is not a source a reader can open: cite `school policy (<clause>)`, a seed section or a heading of docs/guidance.md",
            crate::vocabulary::short(source)
        )
    })
}

/// Resolves a `source` string; `None` when it is empty or any part does not resolve.
///
/// ```
/// use esafety_core::source::resolve;
///
/// assert!(resolve("Incident R1; KCSIE 2025 Part 1").is_some());
/// assert!(resolve("school policy (ks2 block list)").is_some());
/// assert!(resolve("Incident R1; DOMAIN.md §5.2 R1").is_none());
/// assert!(resolve("").is_none());
/// ```
pub fn resolve(source: &str) -> Option<SourceRef> {
    let citations = source
        .split("; ")
        .map(resolve_citation)
        .collect::<Option<Vec<_>>>()?;
    if citations.is_empty() {
        return None;
    }
    Some(SourceRef { citations })
}

/// Resolves one citation (one part of a `source`).
///
/// ```
/// use esafety_core::source::{Citation, resolve_citation};
///
/// assert!(matches!(resolve_citation("Consent rule 3"), Some(Citation::Guidance { .. })));
/// assert!(matches!(resolve_citation("default.tsv#12"), Some(Citation::ListEntry { line: 12, .. })));
/// assert_eq!(resolve_citation("issue 5 core 2"), None);
/// ```
pub fn resolve_citation(text: &str) -> Option<Citation> {
    if text.is_empty() || text.trim() != text {
        return None;
    }
    if let Some(heading) = GUIDANCE_HEADINGS.iter().find(|h| **h == text) {
        return Some(Citation::Guidance {
            heading,
            anchor: anchor(heading),
        });
    }
    if let Some(rest) = text.strip_prefix("seed ") {
        return seed(text, rest);
    }
    if let Some(clause) = text
        .strip_prefix("school policy (")
        .and_then(|r| r.strip_suffix(')'))
        .filter(|c| !c.is_empty())
    {
        return Some(Citation::SchoolPolicy {
            clause: clause.to_owned(),
        });
    }
    if is_file_name(text) {
        return Some(Citation::SchoolFile {
            file: text.to_owned(),
        });
    }
    list_entry(text)
}

fn seed(text: &str, rest: &str) -> Option<Citation> {
    let (number, section) = match rest.split_once(' ') {
        Some((n, s)) => (n, Some(s)),
        None => (rest, None),
    };
    let policy = SEEDS.iter().find(|s| s.number == number)?;
    let section = match section {
        None => None,
        Some(s) => Some(*policy.sections.iter().find(|known| **known == s)?),
    };
    Some(Citation::Seed {
        number: policy.number,
        school: policy.school,
        policy: policy.policy,
        section,
        anchor: anchor(text),
    })
}

fn is_file_name(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    (lower.ends_with(".toml") || lower.ends_with(".json"))
        && !text.contains(char::is_whitespace)
        && text.len() > 5
}

fn list_entry(text: &str) -> Option<Citation> {
    let split = text.rfind([':', '#'])?;
    let (list, number) = (text.get(..split)?, text.get(split + 1..)?);
    if list.is_empty() || list.contains(char::is_whitespace) || number.is_empty() {
        return None;
    }
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Citation::ListEntry {
        list: list.to_owned(),
        line: number.parse().ok()?,
    })
}

/// The citation a national rule falls back on when every other citation it had was a
/// sibling school's seed.
pub const COMMON_PRACTICE: &str = "Common school practice";

/// The seed number of a school policy id or alias (`kilby` or `seed_000` is `000`); `None`
/// for the national defaults and any school that is not a seed.
///
/// ```
/// use esafety_core::source::seed_of;
///
/// assert_eq!(seed_of("whitwell"), Some("003"));
/// assert_eq!(seed_of("seed_000"), Some("000"));
/// assert_eq!(seed_of("national"), None);
/// ```
pub fn seed_of(school: &str) -> Option<&'static str> {
    let id = crate::policy::canonical_preset(school)?;
    SEEDS.iter().find(|s| s.preset == id).map(|s| s.number)
}

/// `source` as `school` may cite it: citations of another school's seed policy are dropped
/// (a school never cites a sibling's policy; a national rule cites national guidance). When
/// nothing is left, the rule is [`COMMON_PRACTICE`].
///
/// ```
/// use esafety_core::source::for_school;
///
/// let src = "Incident csam; seed 000 Reporting and Response to incidents; seed 003 §11.4";
/// assert_eq!(for_school(src, "whitwell"), "Incident csam; seed 003 §11.4");
/// assert_eq!(for_school(src, "ely"), "Incident csam");
/// assert_eq!(for_school("seed 004 §10", "kilby"), "Common school practice");
/// ```
pub fn for_school(source: &str, school: &str) -> String {
    let own = seed_of(school);
    let kept: Vec<&str> = source
        .split("; ")
        .filter(|c| match c.strip_prefix("seed ") {
            Some(rest) => own.is_some_and(|n| rest.split(' ').next() == Some(n)),
            None => true,
        })
        .collect();
    if kept.is_empty() {
        COMMON_PRACTICE.to_owned()
    } else {
        kept.join("; ")
    }
}

/// The anchor of a Markdown heading (the GitHub rule): lower case, letters, digits, `-` and
/// `_` kept, spaces turned into `-`, everything else dropped.
///
/// ```
/// use esafety_core::source::anchor;
///
/// assert_eq!(anchor("seed 003 §11.4"), "seed-003-114");
/// assert_eq!(anchor("DfE F&M standard 3 filtering"), "dfe-fm-standard-3-filtering");
/// assert_eq!(anchor("UKCIS nudes 2024 trigger (d)"), "ukcis-nudes-2024-trigger-d");
/// ```
pub fn anchor(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDANCE_MD: &str = include_str!("../../docs/guidance.md");
    const SEEDS_MD: &str = include_str!("../../docs/seeds.md");

    fn headings(md: &str, prefix: &str) -> Vec<String> {
        md.lines()
            .filter_map(|l| l.strip_prefix(prefix))
            .map(|h| h.trim().to_owned())
            .collect()
    }

    #[test]
    fn guidance_headings_match_the_page() {
        let page = headings(GUIDANCE_MD, "### ");
        let table: Vec<String> = GUIDANCE_HEADINGS.iter().map(|h| (*h).to_owned()).collect();
        assert_eq!(page, table, "docs/guidance.md and GUIDANCE_HEADINGS differ");
    }

    #[test]
    fn seed_headings_match_the_page() {
        let mut expected = Vec::new();
        for s in SEEDS {
            for section in s.sections {
                expected.push(format!("seed {} {section}", s.number));
            }
        }
        assert_eq!(headings(SEEDS_MD, "### "), expected);
        let policies: Vec<String> = SEEDS.iter().map(|s| format!("seed {}", s.number)).collect();
        let page: Vec<String> = headings(SEEDS_MD, "## ")
            .into_iter()
            .filter(|h| h.starts_with("seed "))
            .collect();
        assert_eq!(page, policies);
    }

    #[test]
    fn anchors_are_unique_and_links_in_the_pages_exist() {
        let mut all: Vec<String> = GUIDANCE_HEADINGS.iter().map(|h| anchor(h)).collect();
        all.sort();
        let n = all.len();
        all.dedup();
        assert_eq!(all.len(), n, "two guidance headings share an anchor");
        let known: Vec<String> = headings(GUIDANCE_MD, "## ")
            .iter()
            .chain(headings(GUIDANCE_MD, "### ").iter())
            .map(|h| anchor(h))
            .collect();
        for md in [GUIDANCE_MD, SEEDS_MD] {
            for part in md.split("](#").skip(1) {
                let target = part.split(')').next().unwrap_or_default();
                assert!(known.iter().any(|k| k == target), "broken link #{target}");
            }
        }
    }

    #[test]
    fn every_heading_resolves_to_itself() {
        for h in GUIDANCE_HEADINGS {
            let c = resolve_citation(h).unwrap();
            assert_eq!(c.link(), format!("{GUIDANCE_PAGE}#{}", anchor(h)));
        }
        for s in SEEDS {
            assert!(resolve_citation(&format!("seed {}", s.number)).is_some());
            for section in s.sections {
                let text = format!("seed {} {section}", s.number);
                let c = resolve_citation(&text).unwrap();
                assert_eq!(c.link(), format!("{SEEDS_PAGE}#{}", anchor(&text)));
            }
        }
    }

    #[test]
    fn unknown_citations_do_not_resolve() {
        for bad in [
            "DOMAIN.md §5.3 csam",
            "issue 6 §6",
            "issue 5 core 2",
            "seed 003 §99",
            "seed 007",
            "seeds 000, 001",
            "seed 000 Reporting",
            "Incident csam ",
            "incident csam",
            "KCSIE Part 4",
            "school policy ()",
            "allow#",
            "a list:x",
            "Incident csam;seed 003 §11.4",
        ] {
            assert_eq!(resolve(bad), None, "{bad}");
        }
    }

    #[test]
    fn list_entries_and_school_documents() {
        assert_eq!(
            resolve_citation("mine.tsv:4"),
            Some(Citation::ListEntry {
                list: "mine.tsv".into(),
                line: 4
            })
        );
        assert_eq!(
            resolve_citation("allow#2"),
            Some(Citation::ListEntry {
                list: "allow".into(),
                line: 2
            })
        );
        assert_eq!(
            resolve_citation("kilby.toml"),
            Some(Citation::SchoolFile {
                file: "kilby.toml".into()
            })
        );
    }
}
