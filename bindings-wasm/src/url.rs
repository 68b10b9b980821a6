//! `parseUrl`: WHATWG canonicalisation from JavaScript.

use crate::args::Text;
use crate::errors::{Throw, to_js};
use esafety_core::CanonicalUrl;
use wasm_bindgen::prelude::*;

/// Canonicalises a web address. Throws an `EsafetyError` (`code` such as
/// `url_invalid_port`) for invalid input.
#[wasm_bindgen(js_name = parseUrl, unchecked_return_type = "CanonicalUrl")]
pub fn parse_url(url: Text) -> Result<JsValue, JsValue> {
    text_args!(url);
    to_js(&CanonicalUrl::parse(url).or_throw()?)
}
