//! Safe-search enforcement for Google, Bing, DuckDuckGo and YouTube.
//!
//! Two enforcement forms are reported together so a proxy can rewrite and a DNS filter
//! can redirect:
//!
//! | provider | query parameter (rewrite) | enforced host (DNS CNAME) |
//! |---|---|---|
//! | Google | `safe=active` | `forcesafesearch.google.com` |
//! | Bing | `adlt=strict` | `strict.bing.com` |
//! | DuckDuckGo | `kp=1` | `safe.duckduckgo.com` |
//! | YouTube | none (YouTube has no URL parameter; the URL is kept) | `restrict.youtube.com` (strict) or `restrictmoderate.youtube.com` (moderate) |
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
//! let d = filter.check("https://www.bing.com/search?q=cats&adlt=off", "ks2", None)?;
//! assert_eq!(d.verdict, Verdict::SafeSearch);
//! assert_eq!(d.rewrite.as_deref(), Some("https://www.bing.com/search?q=cats&adlt=strict"));
//! assert_eq!(d.safe_search.unwrap().enforced_host, "strict.bing.com");
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

use super::search_terms::SearchProvider;
use serde::{Deserialize, Serialize};

/// How strictly safe search is enforced for an audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SafeSearchMode {
    /// Strictest setting of every provider.
    Strict,
    /// As strict, except YouTube's moderate restricted mode.
    Moderate,
    /// Not enforced.
    Off,
}

impl SafeSearchMode {
    /// The snake_case id.
    pub fn as_str(self) -> &'static str {
        match self {
            SafeSearchMode::Strict => "strict",
            SafeSearchMode::Moderate => "moderate",
            SafeSearchMode::Off => "off",
        }
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
    /// The host to resolve the provider to for DNS-level enforcement.
    pub enforced_host: String,
}

/// The safe-search enforcement for a provider, if it is one that has it.
pub(crate) fn enforcement(provider: SearchProvider, mode: SafeSearchMode) -> Option<SafeSearch> {
    if mode == SafeSearchMode::Off {
        return None;
    }
    let (parameter, host) = match provider {
        SearchProvider::Google => (Some("safe=active"), "forcesafesearch.google.com"),
        SearchProvider::Bing => (Some("adlt=strict"), "strict.bing.com"),
        SearchProvider::Duckduckgo => (Some("kp=1"), "safe.duckduckgo.com"),
        SearchProvider::Youtube => (
            None,
            if mode == SafeSearchMode::Strict {
                "restrict.youtube.com"
            } else {
                "restrictmoderate.youtube.com"
            },
        ),
        _ => return None,
    };
    Some(SafeSearch {
        provider,
        mode,
        parameter: parameter.map(str::to_owned),
        enforced_host: host.to_owned(),
    })
}

/// The query with `parameter` (`key=value`) set: earlier values of the key are removed and
/// the enforced pair is appended.
pub(crate) fn rewrite_query(query: Option<&str>, parameter: &str) -> String {
    let key = parameter.split('=').next().unwrap_or(parameter);
    let mut out = String::with_capacity(query.map_or(0, str::len) + parameter.len() + 1);
    if let Some(q) = query {
        for pair in q.split('&') {
            let pair_key = pair.split('=').next().unwrap_or(pair);
            if pair.is_empty() || pair_key == key {
                continue;
            }
            out.push_str(pair);
            out.push('&');
        }
    }
    out.push_str(parameter);
    out
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
    }

    #[test]
    fn youtube_modes() {
        let strict = enforcement(SearchProvider::Youtube, SafeSearchMode::Strict).unwrap();
        assert_eq!(strict.enforced_host, "restrict.youtube.com");
        let moderate = enforcement(SearchProvider::Youtube, SafeSearchMode::Moderate).unwrap();
        assert_eq!(moderate.enforced_host, "restrictmoderate.youtube.com");
        assert!(enforcement(SearchProvider::Google, SafeSearchMode::Off).is_none());
        assert!(enforcement(SearchProvider::Yahoo, SafeSearchMode::Strict).is_none());
    }
}
