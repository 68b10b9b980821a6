//! Safe-search enforcement wherever a pupil can search.
//!
//! Two enforcement forms are reported together so a proxy can rewrite and a DNS filter
//! can redirect:
//!
//! | provider | query parameter (rewrite) | enforced host (DNS CNAME) |
//! |---|---|---|
//! | Google | `safe=active` | `forcesafesearch.google.com` |
//! | Bing | `adlt=strict` | `strict.bing.com` |
//! | DuckDuckGo | `kp=1` | `safe.duckduckgo.com` |
//! | Yahoo | `vm=r` | none |
//! | Brave Search | `safesearch=strict` | none |
//! | Startpage | `qadf=heavy` | none |
//! | Yandex | `family=yes` | none |
//! | Qwant | `safesearch=2` | none |
//! | YouTube (every host, `youtu.be`, `youtube-nocookie.com`) | none (the URL is kept) | `restrict.youtube.com` (strict) or `restrictmoderate.youtube.com` (moderate) |
//!
//! A proxy that inspects HTTPS has a third form for YouTube: the request header
//! `YouTube-Restrict: Strict` (or `Moderate`), reported as [`SafeSearch::header`].
//!
//! The rewrite removes every earlier spelling of the parameter (any case, any
//! percent-encoding: `SAFE=off`, `saf%65=off`) before appending the enforced pair, so no
//! conflicting value is left beside it.
//!
//! Search engines that cannot be enforced by either form ([`unenforceable`]: Ecosia,
//! Ask, Baidu, Mojeek, Seznam, AOL, Naver, Dogpile, Yahoo! JAPAN, Kagi, You.com: their safe
//! search is an account setting or none) are blocked for pupils and guests while safe
//! search is on (UKSIC
//! *Appropriate filtering*: safe search must be enforceable). Kiddle and Swisscows are
//! filtered by design; Vimeo and TikTok only carry search terms.
//!
//! The mode is per audience: `strict` (pupils and guests by default), `moderate` (staff by
//! default; differs from strict only for YouTube) or `off`.
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::{UrlFilter, Verdict};
//!
//! let filter = UrlFilter::default();
//! let d = filter.check("https://www.bing.com/search?q=cats&ADLT=off", "ks2", None)?;
//! assert_eq!(d.verdict, Verdict::SafeSearch);
//! assert_eq!(d.rewrite.as_deref(), Some("https://www.bing.com/search?q=cats&adlt=strict"));
//! assert_eq!(d.safe_search.unwrap().enforced_host.as_deref(), Some("strict.bing.com"));
//! assert_eq!(filter.check("https://www.ask.com/web?q=x", "ks2", None)?.verdict, Verdict::Block);
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

use super::search_terms::SearchProvider;
use serde::{Deserialize, Serialize};

crate::ids::closed_ids! {
    /// How strictly safe search is enforced for an audience.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    SafeSearchMode {
        /// Strictest setting of every provider.
        Strict = "strict",
        /// As strict, except YouTube's moderate restricted mode.
        Moderate = "moderate",
        /// Not enforced.
        Off = "off",
    }
}

/// How safe search is enforced for one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SafeSearch {
    /// The provider (`google`, `bing`, `duckduckgo`, `youtube`).
    pub provider: SearchProvider,
    /// The mode applied.
    pub mode: SafeSearchMode,
    /// The query parameter the rewrite sets (`safe=active`), if the provider has one.
    pub parameter: Option<String>,
    /// The host to resolve the provider to for DNS-level enforcement, if it has one.
    pub enforced_host: Option<String>,
    /// The request header (`Name: value`) an HTTPS-inspecting proxy adds to enforce it, if
    /// the provider honours one (`YouTube-Restrict: Strict`).
    pub header: Option<String>,
}

/// The safe-search enforcement for a provider, if it is one that has it.
pub(crate) fn enforcement(provider: SearchProvider, mode: SafeSearchMode) -> Option<SafeSearch> {
    if mode == SafeSearchMode::Off {
        return None;
    }
    let strict = mode == SafeSearchMode::Strict;
    let (parameter, host, header) = match provider {
        SearchProvider::Google => (
            Some("safe=active"),
            Some("forcesafesearch.google.com"),
            None,
        ),
        SearchProvider::Bing => (Some("adlt=strict"), Some("strict.bing.com"), None),
        SearchProvider::Duckduckgo => (Some("kp=1"), Some("safe.duckduckgo.com"), None),
        SearchProvider::Yahoo => (Some("vm=r"), None, None),
        SearchProvider::Brave => (Some("safesearch=strict"), None, None),
        SearchProvider::Startpage => (Some("qadf=heavy"), None, None),
        SearchProvider::Yandex => (Some("family=yes"), None, None),
        SearchProvider::Qwant => (Some("safesearch=2"), None, None),
        SearchProvider::Youtube if strict => (
            None,
            Some("restrict.youtube.com"),
            Some("YouTube-Restrict: Strict"),
        ),
        SearchProvider::Youtube => (
            None,
            Some("restrictmoderate.youtube.com"),
            Some("YouTube-Restrict: Moderate"),
        ),
        _ => return None,
    };
    Some(SafeSearch {
        provider,
        mode,
        parameter: parameter.map(str::to_owned),
        enforced_host: host.map(str::to_owned),
        header: header.map(str::to_owned),
    })
}

/// Whether a provider is a search engine whose safe search cannot be enforced (blocked
/// for pupils and guests while their safe search is on).
pub fn unenforceable(provider: SearchProvider) -> bool {
    matches!(
        provider,
        SearchProvider::Ecosia
            | SearchProvider::Ask
            | SearchProvider::Baidu
            | SearchProvider::Mojeek
            | SearchProvider::Seznam
            | SearchProvider::Aol
            | SearchProvider::Naver
            | SearchProvider::Dogpile
            | SearchProvider::YahooJapan
            | SearchProvider::Kagi
            | SearchProvider::YouCom
    )
}

/// The query with `parameter` (`key=value`) set: every earlier value of the key, in any
/// case and any percent-encoding, is removed and the enforced pair is appended.
pub(crate) fn rewrite_query(query: Option<&str>, parameter: &str) -> String {
    let key = parameter.split('=').next().unwrap_or(parameter);
    let mut out = String::with_capacity(query.map_or(0, str::len) + parameter.len() + 1);
    if let Some(q) = query {
        for pair in q.split('&') {
            let pair_key = pair.split('=').next().unwrap_or(pair);
            if pair.is_empty() || decoded_key_is(pair_key, key) {
                continue;
            }
            out.push_str(pair);
            out.push('&');
        }
    }
    out.push_str(parameter);
    out
}

/// Whether a raw (form-encoded) key decodes to `key`, ignoring ASCII case.
fn decoded_key_is(raw: &str, key: &str) -> bool {
    let decoded: String = url::form_urlencoded::parse(raw.as_bytes())
        .next()
        .map(|(k, _)| k.into_owned())
        .unwrap_or_default();
    decoded.trim().eq_ignore_ascii_case(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_replaces_the_key() {
        assert_eq!(
            rewrite_query(Some("q=a&safe=off&x=1"), "safe=active"),
            "q=a&x=1&safe=active"
        );
        assert_eq!(rewrite_query(None, "kp=1"), "kp=1");
        assert_eq!(rewrite_query(Some("q=a&&kp=-2"), "kp=1"), "q=a&kp=1");
        assert_eq!(
            rewrite_query(Some("SAFE=off&q=a&saf%65=off&%53afe=images"), "safe=active"),
            "q=a&safe=active"
        );
    }

    #[test]
    fn youtube_modes() {
        let strict = enforcement(SearchProvider::Youtube, SafeSearchMode::Strict).unwrap();
        assert_eq!(
            strict.enforced_host.as_deref(),
            Some("restrict.youtube.com")
        );
        let moderate = enforcement(SearchProvider::Youtube, SafeSearchMode::Moderate).unwrap();
        assert_eq!(
            moderate.enforced_host.as_deref(),
            Some("restrictmoderate.youtube.com")
        );
        assert!(enforcement(SearchProvider::Google, SafeSearchMode::Off).is_none());
        assert!(enforcement(SearchProvider::Ask, SafeSearchMode::Strict).is_none());
        assert!(unenforceable(SearchProvider::Ecosia));
    }
}
