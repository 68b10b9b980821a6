//! `esafety.parse_url` and `esafety.CanonicalUrl`.

use crate::errors::to_py_err;
use esafety_core::CanonicalUrl as CoreUrl;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A canonical web address (WHATWG semantics).
#[pyclass(module = "esafety", name = "CanonicalUrl", frozen, get_all)]
pub struct CanonicalUrl {
    scheme: String,
    host: String,
    host_kind: &'static str,
    port: Option<u16>,
    path: String,
    query: Option<String>,
    href: String,
}

impl From<CoreUrl> for CanonicalUrl {
    fn from(url: CoreUrl) -> Self {
        CanonicalUrl {
            host_kind: url.host_kind.as_str(),
            scheme: url.scheme,
            host: url.host,
            port: url.port,
            path: url.path,
            query: url.query,
            href: url.href,
        }
    }
}

#[pymethods]
impl CanonicalUrl {
    /// The parts as a dict with the same keys as the JSON form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("scheme", &self.scheme)?;
        d.set_item("host", &self.host)?;
        d.set_item("host_kind", self.host_kind)?;
        d.set_item("port", self.port)?;
        d.set_item("path", &self.path)?;
        d.set_item("query", &self.query)?;
        d.set_item("href", &self.href)?;
        Ok(d)
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
    CoreUrl::parse(url)
        .map(CanonicalUrl::from)
        .map_err(|e| to_py_err(&e))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CanonicalUrl>()?;
    m.add_function(wrap_pyfunction!(parse_url, m)?)?;
    Ok(())
}
