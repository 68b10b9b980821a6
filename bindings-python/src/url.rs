//! `esafety.parse_url` and `esafety.CanonicalUrl`.

use crate::convert::to_py;
use crate::errors::to_py_err;
use esafety_core::CanonicalUrl as CoreUrl;
use pyo3::prelude::*;

/// A canonical web address (WHATWG semantics): a read-only view of the core value.
#[pyclass(module = "esafety", name = "CanonicalUrl", frozen)]
pub struct CanonicalUrl(CoreUrl);

#[pymethods]
impl CanonicalUrl {
    #[getter]
    fn scheme(&self) -> &str {
        &self.0.scheme
    }
    #[getter]
    fn host(&self) -> &str {
        &self.0.host
    }
    #[getter]
    fn host_kind(&self) -> &'static str {
        self.0.host_kind.as_str()
    }
    #[getter]
    fn port(&self) -> Option<u16> {
        self.0.port
    }
    #[getter]
    fn path(&self) -> &str {
        &self.0.path
    }
    #[getter]
    fn query(&self) -> Option<&str> {
        self.0.query.as_deref()
    }
    #[getter]
    fn href(&self) -> &str {
        &self.0.href
    }

    /// The parts as a dict with the same keys as the JSON form.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!("CanonicalUrl({:?})", self.0.href)
    }

    fn __str__(&self) -> String {
        self.0.href.clone()
    }
}

/// Canonicalises a web address; raises `esafety.UrlError` (a `ValueError`) with `.code`.
#[pyfunction]
fn parse_url(url: &str) -> PyResult<CanonicalUrl> {
    CoreUrl::parse(url)
        .map(CanonicalUrl)
        .map_err(|e| to_py_err(&e))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CanonicalUrl>()?;
    m.add_function(wrap_pyfunction!(parse_url, m)?)?;
    Ok(())
}
