//! File-system helpers shared by the `esafety` CLI and the Python and mobile bindings.
//!
//! The core never touches the file system. Whatever needs a file (a UT1 directory, a term
//! list, a school profile) is read here and handed to the core as text, so every surface
//! reads files the same way and the bindings stay thin.

use esafety_core::ErrorCode;
use std::path::{Path, PathBuf};

/// A file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IoError {
    /// The file or directory could not be read.
    #[error("cannot read `{path}`: {reason}")]
    Read {
        /// The path that failed.
        path: PathBuf,
        /// The operating system's reason.
        reason: String,
    },
}

impl ErrorCode for IoError {
    fn code(&self) -> &'static str {
        match self {
            IoError::Read { .. } => "file_unreadable",
        }
    }

    fn domain(&self) -> &'static str {
        "io"
    }
}

/// Reads a whole file as UTF-8 text (invalid sequences are replaced, never dropped
/// silently: the replacement character shows in the load report of the caller).
///
/// # Errors
///
/// [`IoError::Read`] naming the path.
pub fn read_text(path: &Path) -> Result<String, IoError> {
    std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|e| IoError::Read {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
}
