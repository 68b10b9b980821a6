//! `esafety.parse_url`: a web address as the generated `esafety._wire.CanonicalUrl`.

use crate::args::Text;
use crate::convert::{Obj, OrRaise, wire};
use esafety_core::CanonicalUrl;
use pyo3::prelude::*;

/// Canonicalise a web address.
///
/// Arguments:
///     url: an absolute URL, or a scheme-less one such as ``example.com/a``.
///
/// Returns:
///     The canonical parts.
///
/// Raises:
///     UrlError: with ``.code`` such as ``url_empty`` or ``url_invalid_port``.
#[pyfunction]
fn parse_url(url: Text) -> PyResult<Obj> {
    wire(&CanonicalUrl::parse(&url).or_raise()?)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse_url, m)?)
}
