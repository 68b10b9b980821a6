//! Search providers and the search terms in their URLs, decoded so monitoring can scan them.
//!
//! | provider | hosts | parameter |
//! |---|---|---|
//! | Google | `google.<tld>`, `google.cat`, `www.` / `images.` / `ipv4.` / `ipv6.` / `encrypted.` | `q`, `as_q`, `as_epq`, `as_oq` |
//! | Bing | `bing.com`, `www.` / `www2.` / `cn.` / `m.` | `q` |
//! | DuckDuckGo | `duckduckgo.com`, `www.` / `html.` / `lite.` / `start.` / `noai.` / `links.` (the results endpoint, `links.duckduckgo.com/d.js`) | `q` |
//! | YouTube | `youtube.com` and every subdomain, `youtu.be`, `youtube-nocookie.com`, `youtube(i).googleapis.com` | `search_query`, `q` (YouTube Music) |
//! | Yahoo | `search.yahoo.com`, `<country>.search.yahoo.com`, `[<country>.]images.search.yahoo.com`, `[<country>.]video.search.yahoo.com` | `p`, `q` |
//! | Yahoo! JAPAN | `search.yahoo.co.jp`, `image.` / `video.` / `m.` in front of it | `p`, `q` |
//! | Kagi, You.com | `kagi.com`, `you.com` (and `www.`) | `q` |
//! | Ecosia, Ask, Kiddle | `ecosia.org`, `ask.com`, `kiddle.co` (and subdomains) | `q` |
//! | Brave Search | `search.brave.com` | `q` |
//! | Qwant | `qwant.com` (and subdomains) | `q` |
//! | Startpage | `startpage.com` (and subdomains) | `query`, `q` |
//! | Swisscows | `swisscows.com` | `query` |
//! | Baidu | `baidu.com`, `www.` / `m.` / `wap.` / `image.` / `video.` | `wd`, `word` |
//! | Yandex | `yandex.<tld>`, `www.` / `m.` | `text` |
//! | Mojeek, Dogpile | `mojeek.com`, `dogpile.com` (and `www.`) | `q` |
//! | Seznam, AOL, Naver | `search.seznam.cz`, `search.aol.com`, `search.aol.co.uk`, `(m.)search.naver.com` | `q`, `q`, `query` |
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

crate::ids::closed_ids! {
    /// A search engine or video site whose URLs carry search terms.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    SearchProvider {
        /// Google web and image search.
        Google = "google",
        /// Microsoft Bing.
        Bing = "bing",
        /// DuckDuckGo.
        Duckduckgo = "duckduckgo",
        /// YouTube.
        Youtube = "youtube",
        /// Yahoo search.
        Yahoo = "yahoo",
        /// Ecosia.
        Ecosia = "ecosia",
        /// Ask.
        Ask = "ask",
        /// Kiddle (child-oriented search).
        Kiddle = "kiddle",
        /// Startpage.
        Startpage = "startpage",
        /// Brave Search.
        Brave = "brave",
        /// Qwant.
        Qwant = "qwant",
        /// Swisscows.
        Swisscows = "swisscows",
        /// Baidu.
        Baidu = "baidu",
        /// Yandex.
        Yandex = "yandex",
        /// Vimeo search.
        Vimeo = "vimeo",
        /// TikTok search.
        Tiktok = "tiktok",
        /// Mojeek (no safe search a school can enforce).
        Mojeek = "mojeek",
        /// Seznam search (no safe search a school can enforce).
        Seznam = "seznam",
        /// AOL search (no safe search a school can enforce).
        Aol = "aol",
        /// Naver search (no safe search a school can enforce).
        Naver = "naver",
        /// Dogpile (no safe search a school can enforce).
        Dogpile = "dogpile",
        /// Yahoo! JAPAN search (safe search is an account setting, not forced by URL or DNS).
        YahooJapan = "yahoo_japan",
        /// Kagi (safe search is an account setting a school cannot enforce).
        Kagi = "kagi",
        /// You.com (no safe search a school can enforce).
        YouCom = "you_com",
    }
}

impl SearchProvider {
    /// The query parameters holding the search terms (the first is the main one).
    ///
    /// ```
    /// use esafety_core::filter::SearchProvider;
    ///
    /// assert_eq!(SearchProvider::Google.terms_parameters(), ["q", "as_q", "as_epq", "as_oq"]);
    /// assert_eq!(SearchProvider::Baidu.terms_parameters(), ["wd", "word"]);
    /// ```
    pub fn terms_parameters(self) -> &'static [&'static str] {
        match self {
            // Google's advanced search runs a search from its `as_` fields too.
            SearchProvider::Google => &["q", "as_q", "as_epq", "as_oq"],
            SearchProvider::Youtube => &["search_query", "q"],
            // Both also take `q`, the parameter a typed URL or a browser's search box uses.
            SearchProvider::Yahoo | SearchProvider::YahooJapan => &["p", "q"],
            SearchProvider::Startpage => &["query", "q"],
            SearchProvider::Swisscows | SearchProvider::Naver => &["query"],
            // `wd` on the web search, `word` on the mobile and image hosts.
            SearchProvider::Baidu => &["wd", "word"],
            SearchProvider::Yandex => &["text"],
            _ => &["q"],
        }
    }

    /// The provider of a canonical host, if any.
    pub fn of_host(host: &str) -> Option<SearchProvider> {
        use SearchProvider as P;
        // A provider is known by its name: the label under the public suffix (`google` in
        // `www.google.co.uk`, `youtu` in `youtu.be`). The name picks the one provider the
        // host can be, so most hosts are answered by one comparison, read from the end of
        // the host without splitting it.
        // The labels after the name (`suffix`: `com`, `co.uk`) and before it (`front`:
        // `www`, `uk.search`).
        let (head, mut suffix) = host.rsplit_once('.')?;
        let (mut front, mut name) = split_last(head);
        if matches!(name, "co" | "com") && suffix.len() == 2 {
            suffix = host.get(head.len() - name.len()..)?;
            (front, name) = split_last(front?);
        }
        let suffix_is = |tld: &str| suffix == tld;
        // Only the given first label (`www`) or none in front of the name.
        let prefix_is = |allowed: &[&str]| front.is_none_or(|f| allowed.contains(&f));
        let (provider, known) = match name {
            "bing" => (
                P::Bing,
                suffix_is("com") && prefix_is(&["www", "www2", "cn", "m"]),
            ),
            "duckduckgo" => (
                P::Duckduckgo,
                suffix_is("com") && prefix_is(&["www", "html", "lite", "start", "noai", "links"]),
            ),
            // youtube.com and every subdomain, youtu.be, youtube-nocookie.com, and the API
            // hosts youtube(i).googleapis.com.
            "youtube" => (P::Youtube, suffix_is("com")),
            "youtu" => (P::Youtube, suffix_is("be")),
            "youtube-nocookie" => (P::Youtube, suffix_is("com")),
            "googleapis" => (
                P::Youtube,
                host == "youtubei.googleapis.com" || host == "youtube.googleapis.com",
            ),
            // Yahoo! JAPAN's search hosts (its news, auctions and answers are not search).
            "yahoo" if suffix_is("co.jp") => (
                P::YahooJapan,
                front.is_some_and(|f| {
                    matches!(f, "search" | "image.search" | "video.search" | "m.search")
                }),
            ),
            "yahoo" => (
                P::Yahoo,
                suffix_is("com") && front.is_some_and(is_yahoo_search_front),
            ),
            "brave" => (P::Brave, host == "search.brave.com"),
            // The name and every subdomain.
            "ecosia" => (P::Ecosia, suffix_is("org")),
            "startpage" => (P::Startpage, suffix_is("com")),
            "qwant" => (P::Qwant, suffix_is("com")),
            // The name, or `www.` in front of it.
            "ask" => (P::Ask, suffix_is("com") && prefix_is(&["www"])),
            "kiddle" => (P::Kiddle, suffix_is("co") && prefix_is(&["www"])),
            "swisscows" => (P::Swisscows, suffix_is("com") && prefix_is(&["www"])),
            "baidu" => (
                P::Baidu,
                suffix_is("com") && prefix_is(&["www", "m", "wap", "image", "video"]),
            ),
            "mojeek" => (P::Mojeek, suffix_is("com") && prefix_is(&["www"])),
            "seznam" => (P::Seznam, host == "search.seznam.cz"),
            "aol" => (
                P::Aol,
                (suffix_is("com") || suffix_is("co.uk")) && front.is_some_and(|f| f == "search"),
            ),
            "naver" => (
                P::Naver,
                suffix_is("com") && prefix_is(&["search", "m.search"]) && front.is_some(),
            ),
            "dogpile" => (P::Dogpile, suffix_is("com") && prefix_is(&["www"])),
            "kagi" => (P::Kagi, suffix_is("com") && prefix_is(&["www"])),
            "you" => (P::YouCom, suffix_is("com") && prefix_is(&["www"])),
            "vimeo" => (P::Vimeo, suffix_is("com") && prefix_is(&["www"])),
            "tiktok" => (P::Tiktok, suffix_is("com") && prefix_is(&["www"])),
            "ya" => (P::Yandex, host == "ya.ru"),
            // google.<tld> and yandex.<tld>, with co. and com. second levels (and Google's
            // own `google.cat`); the search front-ends in front of the name.
            "google" => (
                P::Google,
                (country_or_com(suffix) || suffix_is("cat"))
                    && prefix_is(&["www", "images", "ipv4", "ipv6", "encrypted"]),
            ),
            "yandex" => (
                P::Yandex,
                country_or_com(suffix) && prefix_is(&["www", "m"]),
            ),
            _ => return None,
        };
        // A host of more than five labels is no provider.
        (known && memchr::memchr_iter(b'.', host.as_bytes()).count() <= 4).then_some(provider)
    }
}

/// Whether the labels in front of `yahoo.com` name a Yahoo search host: `search`, with an
/// optional country (`uk.`) and an optional `images.` or `video.` (`uk.images.search`).
fn is_yahoo_search_front(front: &str) -> bool {
    let Some(rest) = front.strip_suffix("search") else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    let Some(rest) = rest.strip_suffix('.') else {
        return false;
    };
    let country = |c: &str| !c.is_empty() && !c.contains('.');
    match rest.rsplit_once('.') {
        Some((cc, "images" | "video")) => country(cc),
        _ => country(rest),
    }
}

/// `labels` without its last label, and that label (`("www", "google")` for `www.google`).
fn split_last(labels: &str) -> (Option<&str>, &str) {
    match labels.rsplit_once('.') {
        Some((front, last)) => (Some(front), last),
        None => (None, labels),
    }
}

/// Whether the labels after a provider's name are `com`, a country code, or `co.` or `com.`
/// and a country code.
fn country_or_com(suffix: &str) -> bool {
    match suffix.split_once('.') {
        None => suffix == "com" || suffix.len() == 2,
        Some((second, tld)) => matches!(second, "co" | "com") && tld.len() == 2,
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
    let wanted = provider.terms_parameters();
    let values: Vec<String> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| wanted.contains(&k.as_ref()))
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
            // The name under a country's second level, and hosts that only look alike.
            ("co.uk", None),
            ("com.au", None),
            ("www.google.com.au", Some(P::Google)),
            ("yandex.com.tr", Some(P::Yandex)),
            ("google.com.evil.de", None),
            ("google.google.com", None),
            ("youtube.co.uk", None),
            ("startpage.co.uk", None),
            ("ask.co.uk", None),
            ("www.ask.com", Some(P::Ask)),
            ("m.youtu.be", Some(P::Youtube)),
            ("youtubei.googleapis.com", Some(P::Youtube)),
            ("maps.googleapis.com", None),
            ("ya.ru", Some(P::Yandex)),
            ("www.ya.ru", None),
            ("de.search.yahoo.com", Some(P::Yahoo)),
            ("uk.images.search.yahoo.com", Some(P::Yahoo)),
            ("uk.video.search.yahoo.com", Some(P::Yahoo)),
            ("video.search.yahoo.com", Some(P::Yahoo)),
            ("x.y.images.search.yahoo.com", None),
            ("uk.mail.search.yahoo.com", None),
            ("mysearch.yahoo.com", None),
            ("search.aol.co.uk", Some(P::Aol)),
            ("a.b.search.yahoo.com", None),
            ("www.baidu.com", Some(P::Baidu)),
            ("image.baidu.com", Some(P::Baidu)),
            ("m.baidu.com", Some(P::Baidu)),
            ("baike.baidu.com", None),
            ("ipv4.google.com", Some(P::Google)),
            ("encrypted.google.com", Some(P::Google)),
            ("www.google.cat", Some(P::Google)),
            ("noai.duckduckgo.com", Some(P::Duckduckgo)),
            ("www2.bing.com", Some(P::Bing)),
            ("m.yandex.ru", Some(P::Yandex)),
            ("www.mojeek.com", Some(P::Mojeek)),
            ("search.seznam.cz", Some(P::Seznam)),
            ("www.seznam.cz", None),
            ("search.aol.com", Some(P::Aol)),
            ("mail.aol.com", None),
            ("m.search.naver.com", Some(P::Naver)),
            ("naver.com", None),
            ("www.dogpile.com", Some(P::Dogpile)),
            ("links.duckduckgo.com", Some(P::Duckduckgo)),
            ("search.yahoo.co.jp", Some(P::YahooJapan)),
            ("image.search.yahoo.co.jp", Some(P::YahooJapan)),
            ("news.yahoo.co.jp", None),
            ("yahoo.co.jp", None),
            ("search.yahoo.co.uk", None),
            ("kagi.com", Some(P::Kagi)),
            ("www.kagi.com", Some(P::Kagi)),
            ("kagi.co.uk", None),
            ("you.com", Some(P::YouCom)),
            ("www.you.com", Some(P::YouCom)),
            ("thank.you.com", None),
            ("www.tiktok.com", Some(P::Tiktok)),
            ("vimeo.com", Some(P::Vimeo)),
            ("swisscows.com", Some(P::Swisscows)),
            ("www.ecosia.org", Some(P::Ecosia)),
            ("ecosia.org.uk", None),
            ("", None),
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
