//! Search providers and the search terms in their URLs, decoded so monitoring can scan them.
//!
//! | provider | hosts | parameter |
//! |---|---|---|
//! | Google | `google.<tld>`, `www.` / `images.` | `q` |
//! | Bing | `bing.com`, `www.` / `cn.` | `q` |
//! | DuckDuckGo | `duckduckgo.com`, `www.` / `html.` / `lite.` / `start.` | `q` |
//! | YouTube | `youtube.com` and every subdomain, `youtu.be`, `youtube-nocookie.com`, `youtube(i).googleapis.com` | `search_query` |
//! | Yahoo | `search.yahoo.com`, `<country>.search.yahoo.com` | `p` |
//! | Ecosia, Ask, Kiddle | `ecosia.org`, `ask.com`, `kiddle.co` (and subdomains) | `q` |
//! | Brave Search | `search.brave.com` | `q` |
//! | Qwant | `qwant.com` (and subdomains) | `q` |
//! | Startpage, Swisscows | `startpage.com` (and subdomains), `swisscows.com` | `query` |
//! | Baidu | `www.baidu.com` | `wd` |
//! | Yandex | `yandex.<tld>` | `text` |
//! | Vimeo, TikTok | `vimeo.com/search`, `www.tiktok.com/search` | `q` |
//!
//! Every value of the parameter counts (`?q=a&q=kill+myself` has the terms `a | kill
//! myself`): a second `q` must not hide the first from monitoring.
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::UrlFilter;
//!
//! let filter = UrlFilter::default();
//! let d = filter.check("https://www.google.co.uk/search?q=how+to+make+a+b%C3%B6mb", "ks3", None)?;
//! assert_eq!(d.search_terms.as_deref(), Some("how to make a bömb"));
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

use serde::{Deserialize, Serialize};

/// A search engine or video site whose URLs carry search terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SearchProvider {
    /// Google web and image search.
    Google,
    /// Microsoft Bing.
    Bing,
    /// DuckDuckGo.
    Duckduckgo,
    /// YouTube.
    Youtube,
    /// Yahoo search.
    Yahoo,
    /// Ecosia.
    Ecosia,
    /// Ask.
    Ask,
    /// Kiddle (child-oriented search).
    Kiddle,
    /// Startpage.
    Startpage,
    /// Brave Search.
    Brave,
    /// Qwant.
    Qwant,
    /// Swisscows.
    Swisscows,
    /// Baidu.
    Baidu,
    /// Yandex.
    Yandex,
    /// Vimeo search.
    Vimeo,
    /// TikTok search.
    Tiktok,
}

impl SearchProvider {
    /// The snake_case id.
    pub fn as_str(self) -> &'static str {
        match self {
            SearchProvider::Google => "google",
            SearchProvider::Bing => "bing",
            SearchProvider::Duckduckgo => "duckduckgo",
            SearchProvider::Youtube => "youtube",
            SearchProvider::Yahoo => "yahoo",
            SearchProvider::Ecosia => "ecosia",
            SearchProvider::Ask => "ask",
            SearchProvider::Kiddle => "kiddle",
            SearchProvider::Startpage => "startpage",
            SearchProvider::Brave => "brave",
            SearchProvider::Qwant => "qwant",
            SearchProvider::Swisscows => "swisscows",
            SearchProvider::Baidu => "baidu",
            SearchProvider::Yandex => "yandex",
            SearchProvider::Vimeo => "vimeo",
            SearchProvider::Tiktok => "tiktok",
        }
    }

    /// The query parameter holding the search terms.
    pub fn terms_parameter(self) -> &'static str {
        match self {
            SearchProvider::Youtube => "search_query",
            SearchProvider::Yahoo => "p",
            SearchProvider::Startpage | SearchProvider::Swisscows => "query",
            SearchProvider::Baidu => "wd",
            SearchProvider::Yandex => "text",
            _ => "q",
        }
    }

    /// The provider of a canonical host, if any.
    pub fn of_host(host: &str) -> Option<SearchProvider> {
        let mut labels: [&str; 5] = [""; 5];
        let mut n = 0;
        for label in host.split('.') {
            *labels.get_mut(n)? = label;
            n += 1;
        }
        let labels = labels.get(..n)?;
        let prefix_is = |count: usize, allowed: &[&str]| match count {
            0 => true,
            1 => labels.first().is_some_and(|l| allowed.contains(l)),
            _ => false,
        };
        let two = |a: &str, b: &str| {
            n >= 2 && labels.get(n - 2) == Some(&a) && labels.get(n - 1) == Some(&b)
        };
        if two("bing", "com") && prefix_is(n - 2, &["www", "cn"]) {
            return Some(SearchProvider::Bing);
        }
        if two("duckduckgo", "com") && prefix_is(n - 2, &["www", "html", "lite", "start"]) {
            return Some(SearchProvider::Duckduckgo);
        }
        let under = |domain: &str| {
            host == domain
                || host
                    .strip_suffix(domain)
                    .is_some_and(|rest| rest.ends_with('.'))
        };
        if under("youtube.com")
            || under("youtu.be")
            || under("youtube-nocookie.com")
            || host == "youtubei.googleapis.com"
            || host == "youtube.googleapis.com"
        {
            return Some(SearchProvider::Youtube);
        }
        if two("yahoo", "com") && labels.get(n.wrapping_sub(3)) == Some(&"search") && n <= 4 {
            return Some(SearchProvider::Yahoo);
        }
        if host == "search.brave.com" {
            return Some(SearchProvider::Brave);
        }
        let families = [
            ("ecosia.org", SearchProvider::Ecosia),
            ("startpage.com", SearchProvider::Startpage),
            ("qwant.com", SearchProvider::Qwant),
        ];
        if let Some((_, p)) = families.iter().find(|(d, _)| under(d)) {
            return Some(*p);
        }
        let exact = [
            ("ask.com", SearchProvider::Ask),
            ("kiddle.co", SearchProvider::Kiddle),
            ("swisscows.com", SearchProvider::Swisscows),
            ("baidu.com", SearchProvider::Baidu),
            ("vimeo.com", SearchProvider::Vimeo),
            ("tiktok.com", SearchProvider::Tiktok),
        ];
        let bare = host.strip_prefix("www.").unwrap_or(host);
        if let Some((_, p)) = exact.iter().find(|(h, _)| *h == bare) {
            return Some(*p);
        }
        if host == "ya.ru" {
            return Some(SearchProvider::Yandex);
        }
        // google.<tld> / yandex.<tld>, with co./com. second levels.
        for (name, provider, prefixes) in [
            ("google", SearchProvider::Google, &["www", "images"][..]),
            ("yandex", SearchProvider::Yandex, &["www"][..]),
        ] {
            let Some(pos) = labels.iter().position(|l| *l == name) else {
                continue;
            };
            let tail = labels.get(pos + 1..).unwrap_or(&[]);
            let tld_ok = match tail {
                [tld] => *tld == "com" || tld.len() == 2,
                [second, tld] => matches!(*second, "co" | "com") && tld.len() == 2,
                _ => false,
            };
            if tld_ok && prefix_is(pos, prefixes) {
                return Some(provider);
            }
        }
        None
    }
}

/// The decoded search terms of a provider URL: every value of its terms parameter, in
/// order, joined by ` | ` (`None` when the URL carries none).
pub(crate) fn search_terms(
    provider: SearchProvider,
    path: &str,
    query: Option<&str>,
) -> Option<String> {
    let query = query?;
    if matches!(provider, SearchProvider::Vimeo | SearchProvider::Tiktok)
        && !path.starts_with("/search")
    {
        return None;
    }
    let wanted = provider.terms_parameter();
    let values: Vec<String> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == wanted)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        None
    } else {
        Some(values.join(" | "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers() {
        use SearchProvider as P;
        for (host, want) in [
            ("www.google.com", Some(P::Google)),
            ("google.co.uk", Some(P::Google)),
            ("images.google.de", Some(P::Google)),
            ("mail.google.com", None),
            ("google.evil.test", None),
            ("www.bing.com", Some(P::Bing)),
            ("duckduckgo.com", Some(P::Duckduckgo)),
            ("m.youtube.com", Some(P::Youtube)),
            ("uk.search.yahoo.com", Some(P::Yahoo)),
            ("search.yahoo.com", Some(P::Yahoo)),
            ("mail.yahoo.com", None),
            ("www.kiddle.co", Some(P::Kiddle)),
            ("yandex.ru", Some(P::Yandex)),
            ("notgoogle.com", None),
            ("a.b.c.d.e.f", None),
            ("youtu.be", Some(P::Youtube)),
            ("www.youtube-nocookie.com", Some(P::Youtube)),
            ("gaming.youtube.com", Some(P::Youtube)),
            ("notyoutube.com", None),
            ("search.brave.com", Some(P::Brave)),
            ("brave.com", None),
            ("www.qwant.com", Some(P::Qwant)),
            ("eu.startpage.com", Some(P::Startpage)),
        ] {
            assert_eq!(SearchProvider::of_host(host), want, "{host}");
        }
    }

    #[test]
    fn terms_are_decoded() {
        assert_eq!(
            search_terms(
                SearchProvider::Google,
                "/search",
                Some("client=x&q=self+harm%20help")
            ),
            Some("self harm help".to_owned())
        );
        assert_eq!(
            search_terms(
                SearchProvider::Youtube,
                "/results",
                Some("search_query=knife")
            ),
            Some("knife".to_owned())
        );
        assert_eq!(
            search_terms(SearchProvider::Google, "/search", Some("q=")),
            None
        );
        assert_eq!(
            search_terms(SearchProvider::Vimeo, "/video", Some("q=x")),
            None
        );
        assert_eq!(
            search_terms(SearchProvider::Google, "/search", Some("q=a&q=kill+myself")),
            Some("a | kill myself".to_owned())
        );
    }
}
