//! `esafety.parse_url`: a web address as the generated `esafety._wire.CanonicalUrl`.

use crate::args::Text;
use crate::convert::{Obj, OrRaise, wire};
use esafety_core::CanonicalUrl;
use pyo3::prelude::*;

/// Canonicalises a web address; raises `esafety.UrlError` (a `ValueError`) with `.code`.
#[pyfunction]
fn parse_url(url: Text) -> PyResult<Obj> {
    wire(&CanonicalUrl::parse(&url).or_raise()?)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse_url, m)?)
}
