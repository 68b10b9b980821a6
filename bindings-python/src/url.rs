//! `esafety.parse_url` and `esafety.CanonicalUrl`.

use crate::convert::{Obj, OrRaise, to_py};
use esafety_core::CanonicalUrl as CoreUrl;
use pyo3::prelude::*;

/// A canonical web address (WHATWG semantics): a read-only view of the core value.
#[pyclass(module = "esafety", name = "CanonicalUrl", frozen)]
pub struct CanonicalUrl {
    #[pyo3(get)]
    scheme: String,
    #[pyo3(get)]
    host: String,
    #[pyo3(get)]
    host_kind: &'static str,
    #[pyo3(get)]
    port: Option<u16>,
    #[pyo3(get)]
    path: String,
    #[pyo3(get)]
    query: Option<String>,
    #[pyo3(get)]
    href: String,
    url: CoreUrl,
}

#[pymethods]
impl CanonicalUrl {
    /// The parts as a dict with the same keys as the JSON form.
    fn to_dict(&self) -> PyResult<Obj> {
        to_py(&self.url)
    }

    fn __repr__(&self) -> String {
        format!("CanonicalUrl({:?})", self.href)
    }

    fn __str__(&self) -> String {
        self.href.clone()
    }
}

/// Canonicalises a web address; raises `esafety.UrlError` (a `ValueError`) with `.code`.
#[pyfunction]
fn parse_url(url: &str) -> PyResult<CanonicalUrl> {
    let url = CoreUrl::parse(url).or_raise()?;
    let (scheme, host, port, path) = (
        url.scheme.clone(),
        url.host.clone(),
        url.port,
        url.path.clone(),
    );
    let (query, href, host_kind) = (url.query.clone(), url.href.clone(), url.host_kind.as_str());
    Ok(CanonicalUrl {
        scheme,
        host,
        host_kind,
        port,
        path,
        query,
        href,
        url,
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CanonicalUrl>()?;
    m.add_function(wrap_pyfunction!(parse_url, m)?)
}
