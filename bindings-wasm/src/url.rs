//! `parseUrl`: WHATWG canonicalisation from JavaScript.

use crate::errors::{to_js, to_js_error};
use esafety_core::CanonicalUrl;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CANONICAL_URL: &str = r#"
/** A canonical web address (WHATWG semantics). */
export interface CanonicalUrl {
  /** Lower-case scheme, e.g. `https`. */
  scheme: string;
  /** Lower-case ASCII host: punycode, no trailing dot, IPv6 without brackets. */
  host: string;
  /** Whether the host is a domain or an IP literal. */
  host_kind: "domain" | "ipv4" | "ipv6";
  /** The effective port (the scheme's default when none is written). */
  port: number | null;
  /** The path, dot segments resolved, unreserved escapes decoded. */
  path: string;
  /** The query without `?`; `null` when there is no `?`. */
  query: string | null;
  /** The canonical serialisation (no user info, no fragment). */
  href: string;
}

/** The `Error` every esafety function throws. */
export interface EsafetyError extends Error {
  name: "EsafetyError";
  /** A stable snake_case id such as `url_invalid_port`. */
  code: string;
  /** The core module that raised it (`url`, `filter`, ...). */
  domain: string;
}
"#;

/// Canonicalises a web address. Throws an `EsafetyError` (`code` such as
/// `url_invalid_port`) for invalid input.
#[wasm_bindgen(js_name = parseUrl, unchecked_return_type = "CanonicalUrl")]
pub fn parse_url(url: &str) -> Result<JsValue, JsValue> {
    let parsed = CanonicalUrl::parse(url).map_err(|e| to_js_error(&e))?;
    to_js(&parsed)
}
