//! Look-alike (homograph) detection for internationalised hosts.
//!
//! Internationalised domains are not blocked as such. A host is flagged `lookalike` when
//!
//! * one of its labels mixes scripts in a way real names do not (Latin with Cyrillic,
//!   Greek or Armenian, for instance; Latin with Han, Kana or Hangul is allowed, as are
//!   Han with Kana and Hangul), or
//! * replacing its look-alike letters (Cyrillic `а`, Greek `ο`, Latin `ı`, and any letter
//!   written on an ASCII letter with accents or dots, such as `ö` or `ḟ`) by the Latin
//!   letters they imitate gives a *known* domain: any domain in the loaded lists, including
//!   reference lists of well-known sites, or a brand's own (`bärclays.co.uk`: the category
//!   model's brands, [`super::brands`]).
//!
//! Only hosts with a punycode (`xn--`) label are examined, so plain ASCII hosts pay nothing.
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::UrlFilter;
//!
//! let filter = UrlFilter::default();
//! // "pаypal.com" with a Cyrillic "а".
//! let d = filter.check("https://p\u{0430}ypal.com/login", "staff", None)?;
//! assert!(d.categories.iter().any(|c| c.as_str() == "lookalike"));
//! assert_eq!(d.lookalike.unwrap().imitates.as_deref(), Some("paypal.com"));
//! // An ordinary German domain is not flagged.
//! let d = filter.check("https://bücher.example/", "staff", None)?;
//! assert!(d.lookalike.is_none());
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

use serde::{Deserialize, Serialize};

/// Why a host was flagged as a look-alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Lookalike {
    /// The host in Unicode, as a reader would see it.
    pub unicode: String,
    /// Whether a label mixes scripts.
    pub mixed_script: bool,
    /// The listed domain it imitates, if its look-alike letters spell one.
    pub imitates: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Indic,
    Thai,
    Hangul,
    Cjk,
    Other,
}

fn script(c: char) -> Option<Script> {
    let u = u32::from(c);
    Some(match u {
        0x30..=0x39 | 0x2d | 0x5f | 0x2e => return None,
        0x61..=0x7a | 0x41..=0x5a | 0xc0..=0x24f | 0x1e00..=0x1eff => Script::Latin,
        0x370..=0x3ff | 0x1f00..=0x1fff => Script::Greek,
        0x400..=0x52f | 0x1c80..=0x1c8f | 0x2de0..=0x2dff | 0xa640..=0xa69f => Script::Cyrillic,
        0x530..=0x58f => Script::Armenian,
        0x590..=0x5ff => Script::Hebrew,
        0x600..=0x6ff | 0x750..=0x77f | 0x8a0..=0x8ff => Script::Arabic,
        0x900..=0xdff => Script::Indic,
        0xe00..=0xe7f => Script::Thai,
        0x1100..=0x11ff | 0x3130..=0x318f | 0xac00..=0xd7af => Script::Hangul,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0x3005 => Script::Cjk,
        0x300..=0x36f => return None,
        _ => Script::Other,
    })
}

fn mixes_scripts(label: &str) -> bool {
    let mut seen: [Option<Script>; 2] = [None, None];
    for s in label.chars().filter_map(script) {
        match seen {
            [None, _] => seen[0] = Some(s),
            [Some(a), None] if a != s => seen[1] = Some(s),
            [Some(a), Some(b)] if a != s && b != s => return true,
            _ => {}
        }
    }
    match seen {
        [Some(a), Some(b)] => {
            let ok = |x: Script, y: Script| {
                matches!(
                    (x, y),
                    (Script::Latin, Script::Cjk)
                        | (Script::Latin, Script::Hangul)
                        | (Script::Cjk, Script::Hangul)
                )
            };
            !(ok(a, b) || ok(b, a))
        }
        _ => false,
    }
}

/// The Latin letter a look-alike character imitates.
fn skeleton_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    Some(match c {
        // Cyrillic
        'а' => 'a',
        'в' | 'ь' => 'b',
        'е' | 'ё' | 'є' => 'e',
        'о' | 'ѻ' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' | 'ү' => 'y',
        'х' => 'x',
        'і' | 'ї' => 'i',
        'ӏ' => 'l',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'һ' => 'h',
        'к' => 'k',
        'м' => 'm',
        'т' => 't',
        'п' => 'n',
        // Greek
        'α' => 'a',
        'β' => 'b',
        'ε' => 'e',
        'ι' | 'ί' => 'i',
        'κ' => 'k',
        'ν' => 'v',
        'ο' | 'ό' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' | 'ύ' => 'u',
        'χ' => 'x',
        'ϲ' => 'c',
        'ω' => 'w',
        // Armenian
        'օ' => 'o',
        'ս' => 'u',
        'հ' => 'h',
        'ո' => 'n',
        'ց' => 'g',
        'զ' => 'q',
        // Latin look-alikes that do not decompose (a dotless i, a script a, letters with a
        // stroke); other accented letters are read by their decomposition below.
        'ı' | 'ɩ' => 'i',
        'ɑ' => 'a',
        'ɡ' => 'g',
        'đ' => 'd',
        'ħ' => 'h',
        'ŀ' | 'ł' => 'l',
        'ø' => 'o',
        'ŧ' => 't',
        _ => return base_letter(c),
    })
}

/// The ASCII letter or digit an accented character is written on (`é` → `e`, `ṁ` → `m`,
/// `ḟ` → `f`): its Unicode compatibility decomposition is that one character and combining
/// marks. `None` for anything else.
fn base_letter(c: char) -> Option<char> {
    let (mut base, mut other) = (None, false);
    unicode_normalization::char::decompose_compatible(c, |d| {
        if unicode_normalization::char::is_combining_mark(d) {
            return;
        }
        match base {
            None if d.is_ascii_alphanumeric() => base = Some(d),
            _ => other = true,
        }
    });
    base.filter(|_| !other)
}

/// A punycode host as a reader sees it.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    /// The host in Unicode.
    pub unicode: String,
    /// The host with every look-alike letter replaced by the Latin letter it imitates
    /// (`paypal-login.com` for `pàypal-login.com`), when every letter has one.
    pub skeleton: Option<String>,
}

/// Reads a canonical host with a punycode (`xn--`) label; `None` for any other host.
pub(crate) fn read(host: &str) -> Option<Reading> {
    if !host.split('.').any(|l| l.starts_with("xn--")) {
        return None;
    }
    let (unicode, result) = idna::domain_to_unicode(host);
    if result.is_err() {
        return None;
    }
    let skeleton: Option<String> = unicode.chars().map(skeleton_char).collect();
    Some(Reading {
        skeleton: skeleton.filter(|s| s != host),
        unicode,
    })
}

/// Examines a punycode host, [`read`] already. `is_known` answers whether a domain is in the
/// loaded lists or is a brand's own.
pub(crate) fn detect(reading: &Reading, is_known: impl Fn(&str) -> bool) -> Option<Lookalike> {
    let mixed_script = reading.unicode.split('.').any(mixes_scripts);
    let imitates = reading.skeleton.as_deref().and_then(|s| {
        // The longest known suffix of the skeleton, on label boundaries.
        let mut start = 0;
        loop {
            let suffix = s.get(start..)?;
            if suffix.contains('.') && is_known(suffix) {
                return Some(suffix.to_owned());
            }
            start += suffix.find('.')? + 1;
        }
    });
    (mixed_script || imitates.is_some()).then(|| Lookalike {
        unicode: reading.unicode.clone(),
        mixed_script,
        imitates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(domain: &str) -> bool {
        domain == "paypal.com" || domain == "google.com"
    }

    fn ascii(host: &str) -> String {
        idna::domain_to_ascii(host).unwrap()
    }

    /// [`detect`] on the punycode form of a Unicode host.
    fn look(host: &str, known: impl Fn(&str) -> bool) -> Option<Lookalike> {
        read(&ascii(host)).and_then(|r| detect(&r, known))
    }

    #[test]
    fn mixed_scripts_are_flagged() {
        let d = look("pаypal.com", listed).unwrap();
        assert!(d.mixed_script);
        assert_eq!(d.imitates.as_deref(), Some("paypal.com"));
        // Whole-Cyrillic label imitating a listed domain.
        let d = look("www.gооglе.com", listed).unwrap();
        assert_eq!(d.imitates.as_deref(), Some("google.com"));
    }

    #[test]
    fn genuine_idns_pass() {
        assert!(look("bücher.example", listed).is_none());
        assert!(look("пример.рф", listed).is_none());
        assert!(look("日本語abc.jp", listed).is_none());
        assert!(read("example.com").is_none());
    }

    #[test]
    fn accents_imitating_listed_domains() {
        let d = look("gööglé.com", listed).unwrap();
        assert!(!d.mixed_script);
        assert_eq!(d.imitates.as_deref(), Some("google.com"));
        // Letters with a dot above or below are read by their decomposition.
        let d = look("ṗaypaḷ.com", listed).unwrap();
        assert_eq!(d.imitates.as_deref(), Some("paypal.com"));
        let d = look("www.goọgle.com", listed).unwrap();
        assert_eq!(d.imitates.as_deref(), Some("google.com"));
        // A letter with a stroke does not decompose: it is in the table.
        let d = look("gøøgle.com", listed).unwrap();
        assert_eq!(d.imitates.as_deref(), Some("google.com"));
    }

    #[test]
    fn a_brands_own_domain_is_known() {
        let known = |domain: &str| listed(domain) || domain == "barclays.co.uk";
        let d = look("www.bärclays.co.uk", known).unwrap();
        assert_eq!(d.imitates.as_deref(), Some("barclays.co.uk"));
        assert!(look("bärclays.co.uk", listed).is_none());
    }

    #[test]
    fn base_letters() {
        assert_eq!(base_letter('ṁ'), Some('m'));
        assert_eq!(base_letter('ḟ'), Some('f'));
        assert_eq!(base_letter('é'), Some('e'));
        assert_eq!(base_letter('ǆ'), None); // two letters
        assert_eq!(base_letter('ヨ'), None);
        assert_eq!(base_letter('ß'), None);
    }
}
