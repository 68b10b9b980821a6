//! Platforms anyone can publish on, whose domain is a public suffix of its own (the
//! private section of the Public Suffix List): `github.io`, `blogspot.com`, `web.app`.
//!
//! An allow-list entry for such a platform would open every site on it, phishing pages the
//! filter otherwise blocks included; a school names its own site there
//! (`ourclass.github.io`). A block-list entry for the whole platform stays a school's choice.
//!
//! ```
//! use esafety_core::filter::platforms::is_shared_platform;
//!
//! assert!(is_shared_platform("github.io") && is_shared_platform("blogspot.com"));
//! assert!(!is_shared_platform("ourclass.github.io") && !is_shared_platform("github.com"));
//! ```

/// The platforms, a curated part of the Public Suffix List's private section: free hosting,
/// blogs and app platforms pupils and phishing pages both use.
const SHARED_PLATFORMS: &[&str] = &[
    "000webhostapp.com",
    "appspot.com",
    "azurewebsites.net",
    "blogspot.co.uk",
    "blogspot.com",
    "cloudfront.net",
    "firebaseapp.com",
    "github.io",
    "gitlab.io",
    "glitch.me",
    "herokuapp.com",
    "neocities.org",
    "netlify.app",
    "pages.dev",
    "repl.co",
    "vercel.app",
    "web.app",
    "webflow.io",
    "weebly.com",
    "wixsite.com",
    "wordpress.com",
];

/// Whether a canonical host is a whole platform anyone can publish on (not one site on it).
pub fn is_shared_platform(host: &str) -> bool {
    SHARED_PLATFORMS.contains(&host.trim_end_matches('.'))
}
