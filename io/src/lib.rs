//! File-system helpers shared by the `esafety` CLI and the Python and mobile bindings.
//!
//! The core never touches the file system. Whatever needs a file (a UT1 directory, a term
//! list, a school profile) is read here and handed to the core as text, so every surface
//! reads files the same way and the bindings stay thin.

use esafety_core::ErrorCode;
use esafety_core::filter::{
    Category, FileReport, FileSource, FilterBuilder, FilterError, ListFormat, UrlFilter,
    ut1_file_kind,
};
use std::path::{Path, PathBuf};

mod keys;
pub use keys::generate_signing_key;

/// A file could not be read, or the core refused its content.
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
    /// The file is larger than the limit for what it holds.
    #[error("`{path}` is larger than {max} bytes")]
    TooLarge {
        /// The path that failed.
        path: PathBuf,
        /// The limit.
        max: u64,
    },
    /// The file is not UTF-8 text (a policy, term list, ledger or incident is never read
    /// with its bytes replaced: that would change what it says without telling anyone).
    #[error("`{path}` is not UTF-8 text: invalid byte sequence at byte {offset}")]
    NotUtf8 {
        /// The path that failed.
        path: PathBuf,
        /// The byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The core refused what was read (strict mode, bad policy, ...); code and domain are
    /// the core error's.
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// The operating system gave no random bytes for a new key.
    #[error("no random bytes from the operating system: {reason}")]
    Random {
        /// The operating system's reason.
        reason: String,
    },
}

impl ErrorCode for IoError {
    fn code(&self) -> &'static str {
        match self {
            IoError::Read { .. } => "file_unreadable",
            IoError::TooLarge { .. } => "file_too_large",
            IoError::NotUtf8 { .. } => "file_not_utf8",
            IoError::Random { .. } => "random_unavailable",
            IoError::Filter(e) => e.code(),
        }
    }

    fn domain(&self) -> &'static str {
        match self {
            IoError::Read { .. }
            | IoError::TooLarge { .. }
            | IoError::NotUtf8 { .. }
            | IoError::Random { .. } => "io",
            IoError::Filter(e) => e.domain(),
        }
    }
}

/// The most [`read_text`] reads: 512 MiB (a whole UT1 category file is under 100 MiB).
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// Reads a whole file's bytes, refusing files over `max` bytes (so `/dev/zero` or a
/// runaway log fails fast with [`IoError::TooLarge`] instead of exhausting memory).
fn read_bytes_limited(path: &Path, max: u64) -> Result<Vec<u8>, IoError> {
    use std::io::Read;
    let read_error = |e: std::io::Error| IoError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > max {
        return Err(IoError::TooLarge {
            path: path.to_path_buf(),
            max,
        });
    }
    Ok(bytes)
}

/// Reads a whole file as UTF-8 text, refusing files over `max` bytes and files that are
/// not UTF-8.
///
/// # Errors
///
/// [`IoError::Read`] naming the path, [`IoError::TooLarge`], [`IoError::NotUtf8`] with
/// the offset of the first invalid byte.
///
/// # Example
///
/// ```
/// let path = std::env::temp_dir().join(format!("esafety-io-latin1-{}", std::process::id()));
/// std::fs::write(&path, b"caf\xe9\tdrugs\t3\n").unwrap();
/// let err = esafety_io::read_text_limited(&path, 1024).unwrap_err();
/// assert_eq!(esafety_core::ErrorCode::code(&err), "file_not_utf8");
/// assert!(err.to_string().contains("at byte 3"));
/// # std::fs::remove_file(&path).unwrap();
/// ```
pub fn read_text_limited(path: &Path, max: u64) -> Result<String, IoError> {
    String::from_utf8(read_bytes_limited(path, max)?)
        .map(without_byte_order_mark)
        .map_err(|e| IoError::NotUtf8 {
            path: path.to_path_buf(),
            offset: e.utf8_error().valid_up_to(),
        })
}

/// `text` without the UTF-8 byte-order mark an editor may put in front of a file (Windows
/// Notepad): the mark says how the file is encoded and is no part of its first line.
///
/// ```
/// assert_eq!(esafety_io::without_byte_order_mark("\u{FEFF}id = 1".to_owned()), "id = 1");
/// assert_eq!(esafety_io::without_byte_order_mark("id = 1".to_owned()), "id = 1");
/// ```
pub fn without_byte_order_mark(mut text: String) -> String {
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    text
}

/// Reads a whole file as UTF-8 text (at most [`MAX_FILE_BYTES`]).
///
/// # Errors
///
/// As [`read_text_limited`].
pub fn read_text(path: &Path) -> Result<String, IoError> {
    read_text_limited(path, MAX_FILE_BYTES)
}

/// Reads a filter list (at most [`MAX_FILE_BYTES`]): invalid UTF-8 sequences become
/// U+FFFD, so the lines that hold them are refused one by one and show in the load
/// report's rejected lines, while the rest of a large list still loads.
///
/// # Errors
///
/// [`IoError::Read`], [`IoError::TooLarge`].
pub fn read_list_text(path: &Path) -> Result<String, IoError> {
    let bytes = read_bytes_limited(path, MAX_FILE_BYTES)?;
    Ok(without_byte_order_mark(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }))
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>, IoError> {
    let entries = std::fs::read_dir(dir).map_err(|e| IoError::Read {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Adds every list of a UT1-style directory (`<category>/domains`, `<category>/urls`,
/// `<category>/expressions`, `<category>/usage`, top-level `global_usage`) to a builder.
///
/// Files are read in name order and labelled with their path relative to `dir`
/// (`gambling/domains`). Everything else the walker sees (`SOURCE.md`, symbolic-link
/// aliases such as `porn -> adult`, unknown file names, deeper folders) is recorded in the
/// load report's `skipped_files` with the reason, so nothing is dropped silently.
///
/// # Errors
///
/// [`IoError::Read`] when the directory or a list cannot be read; [`IoError::Filter`] in
/// strict mode.
///
/// # Example
///
/// ```
/// let dir = std::env::temp_dir().join(format!("esafety-io-doc-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("gambling")).unwrap();
/// std::fs::write(dir.join("gambling/domains"), "casino.test\n").unwrap();
/// let mut builder = esafety_core::filter::FilterBuilder::new();
/// esafety_io::add_ut1_directory(&mut builder, &dir)?;
/// assert_eq!(builder.report().accepted(), 1);
/// # std::fs::remove_dir_all(&dir).ok();
/// # Ok::<(), esafety_io::IoError>(())
/// ```
pub fn add_ut1_directory(builder: &mut FilterBuilder, dir: &Path) -> Result<(), IoError> {
    for path in read_dir_sorted(dir)? {
        let name = name_of(&path);
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            builder.skip_file(&name, "symbolic link (a UT1 alias of another category)");
            continue;
        }
        if path.is_dir() {
            add_ut1_folder(builder, &path, &[])?;
        } else if name == "global_usage" {
            let text = read_list_text(&path)?;
            builder.add_ut1_file(&name, &text)?;
        } else {
            builder.skip_file(&name, "not a UT1 list file");
        }
    }
    Ok(())
}

/// Adds the lists of one category's folder of a UT1 tree (`gambling/domains`, ...), each
/// labelled `<folder>/<file>`; anything else is recorded as skipped, with the reason.
/// `categories`, when not empty, replace the folder's.
fn add_ut1_folder(
    builder: &mut FilterBuilder,
    folder: &Path,
    categories: &[Category],
) -> Result<(), IoError> {
    let name = name_of(folder);
    for file in read_dir_sorted(folder)? {
        let label = format!("{name}/{}", name_of(&file));
        if file.is_dir() {
            builder.skip_file(&label, "nested folder (not part of the UT1 layout)");
        } else if ut1_file_kind(&label).is_ok() {
            let text = read_list_text(&file)?;
            builder.add_ut1_list(&label, &label, &text, categories)?;
        } else {
            builder.skip_file(&label, "not a UT1 list file");
        }
    }
    Ok(())
}

/// Adds one list file (plain domain list, hosts file, urls or expressions) to a builder,
/// labelled with its file name.
///
/// # Errors
///
/// [`IoError::Read`], or [`IoError::Filter`] in strict mode.
pub fn add_list_file(
    builder: &mut FilterBuilder,
    path: &Path,
    format: ListFormat,
    categories: &[Category],
) -> Result<FileReport, IoError> {
    let text = read_list_text(path)?;
    Ok(builder.add_list(&name_of(path), format, categories, &text)?)
}

/// A filter made of a UT1-style directory plus the embedded defaults (the directory's
/// lists first, so they are named first when both match), with the default policy.
///
/// # Errors
///
/// As [`add_ut1_directory`]; [`IoError::Filter`] with [`FilterError::InvalidSpec`] when
/// no list of a category is read from the directory (an empty folder, one category's
/// folder, the folder above a UT1 directory): a filter of the defaults alone would pass
/// for the blacklist.
///
/// # Example
///
/// ```
/// let dir = std::env::temp_dir().join(format!("esafety-io-above-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("ut1/gambling")).unwrap();
/// std::fs::write(dir.join("ut1/gambling/domains"), "casino.test\n").unwrap();
/// let err = esafety_io::url_filter_from_directory(&dir, false).unwrap_err();
/// assert!(err.to_string().contains("ut1"), "{err}");
/// assert!(esafety_io::url_filter_from_directory(&dir.join("ut1"), false).is_ok());
/// # std::fs::remove_dir_all(&dir).ok();
/// ```
pub fn url_filter_from_directory(dir: &Path, strict: bool) -> Result<UrlFilter, IoError> {
    let mut builder = FilterBuilder::new();
    builder.strict(strict);
    add_ut1_directory(&mut builder, dir)?;
    if !lists_read_since(&builder, 0) {
        return Err(no_list_read(dir, &dir.display().to_string()));
    }
    builder.strict(false);
    builder.add_defaults()?;
    Ok(builder.build()?)
}

/// Adds one [`FileSource`] to a builder: a UT1 directory (format `auto` or `ut1`), or a
/// list file in the given format (`auto`: detected from its text; `ut1`: a UT1 list file,
/// its folder naming the category). The list is labelled with the path as given, so
/// every match cites file and line.
///
/// # Errors
///
/// [`IoError::Read`] / [`IoError::TooLarge`] for what cannot be read;
/// [`IoError::Filter`] with [`FilterError::InvalidSpec`] for a file without a category, a
/// directory given another format or a directory that holds no list (one category's
/// folder, `ut1/gambling`, loads as that category), [`FilterError::UnknownCategory`],
/// [`FilterError::UnknownListFormat`].
pub fn add_file_source(builder: &mut FilterBuilder, source: &FileSource) -> Result<(), IoError> {
    let path = Path::new(&source.path);
    let invalid = |reason: String| IoError::Filter(FilterError::InvalidSpec { reason });
    if path.is_dir() {
        if !matches!(source.format.as_str(), "auto" | "ut1") {
            return Err(invalid(format!(
                "`{}` is a directory: only a UT1 directory (format `ut1` or `auto`) can be loaded",
                source.path
            )));
        }
        let before = builder.report().files.len();
        let named = named_category(source)?;
        if is_ut1_category_folder(path) {
            // One category's folder (`ut1/gambling`): its files are that category's lists,
            // of the category given, else of the folder's.
            add_ut1_folder(builder, path, &named)?;
        } else if !named.is_empty() {
            return Err(invalid(format!(
                "`{}` is a UT1 directory, whose folders name their categories: give no category, or give one category's folder",
                source.path
            )));
        } else {
            add_ut1_directory(builder, path)?;
        }
        if !lists_read_since(builder, before) {
            return Err(no_list_read(path, &source.path));
        }
        return Ok(());
    }
    // Read first, so a path that does not exist says so before anything else is asked.
    let text = read_list_text(path)?;
    if source.format == "ut1" {
        let parent = path.parent().map(name_of).unwrap_or_default();
        let label = format!("{parent}/{}", name_of(path));
        ut1_file_kind(&label)?;
        let named = named_category(source)?;
        // Labelled by its path, as other lists are; the folder still names its category.
        builder.add_ut1_list(&source.path, &label, &text, &named)?;
        return Ok(());
    }
    let category: Category = match &source.category {
        Some(id) => id.parse()?,
        None => {
            return Err(invalid(format!(
                "list `{}` needs a category (only a UT1 directory names its own)",
                source.path
            )));
        }
    };
    if source.format == "auto" {
        builder.add_list_auto(&source.path, &[category], &text)?;
    } else {
        let format: ListFormat = source.format.parse()?;
        builder.add_list(&source.path, format, &[category], &text)?;
    }
    Ok(())
}

/// The category a source names, if any (parsed: an unknown id is an error).
fn named_category(source: &FileSource) -> Result<Vec<Category>, IoError> {
    match &source.category {
        Some(id) => Ok(vec![id.parse()?]),
        None => Ok(Vec::new()),
    }
}

/// Whether `dir` is one category's folder of a UT1 tree (it holds `domains` or `urls`
/// itself, rather than a folder per category).
fn is_ut1_category_folder(dir: &Path) -> bool {
    ["domains", "urls"].iter().any(|f| dir.join(f).is_file())
}

/// Whether a list of rules (not only `usage` descriptions) was added to `builder` after
/// its first `before` files.
fn lists_read_since(builder: &FilterBuilder, before: usize) -> bool {
    builder
        .report()
        .files
        .iter()
        .skip(before)
        .any(|f| f.format != ListFormat::Metadata)
}

/// The error for a directory (`given` as the caller wrote it) from which no list of rules
/// was read: what it holds instead, and what a UT1 directory holds.
fn no_list_read(dir: &Path, given: &str) -> IoError {
    let inner = read_dir_sorted(dir).ok().and_then(|paths| {
        paths.into_iter().find(|p| {
            p.is_dir()
                && read_dir_sorted(p).is_ok_and(|sub| sub.iter().any(|c| is_ut1_category_folder(c)))
        })
    });
    let found = if is_ut1_category_folder(dir) {
        "it is one category's folder (it holds `domains` or `urls`): give the UT1 directory above it".to_owned()
    } else if let Some(inner) = inner {
        format!(
            "its folder `{}` is the UT1 directory: give that",
            inner.display()
        )
    } else {
        "it has no category folder holding `domains` or `urls`".to_owned()
    };
    IoError::Filter(FilterError::InvalidSpec {
        reason: format!(
            "`{given}` holds no list: {found}; a UT1 directory has a folder per category (`gambling/domains`), and a list file is given by its own path"
        ),
    })
}

/// A filter made of several list files and UT1 directories merged into one engine, plus
/// the embedded defaults, with the default policy (what `UrlFilter.from_sources` binds).
///
/// # Errors
///
/// As [`add_file_source`].
///
/// # Example
///
/// ```
/// use esafety_core::filter::{FileSource, Verdict};
///
/// let dir = std::env::temp_dir().join(format!("esafety-io-sources-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("adult.hosts"), "# list\n0.0.0.0 adult.test\n").unwrap();
/// std::fs::write(dir.join("bets.txt"), "||bet.test^\n").unwrap();
/// let source = |name: &str, category: &str| FileSource {
///     path: dir.join(name).display().to_string(),
///     format: "auto".into(),
///     category: Some(category.into()),
/// };
/// let filter = esafety_io::url_filter_from_sources(
///     &[source("adult.hosts", "pornography"), source("bets.txt", "gambling")], false)?;
/// let d = filter.check("https://www.bet.test/", "ks2", None)?;
/// assert_eq!(d.verdict, Verdict::Block);
/// assert!(d.rule.ends_with("bets.txt:1"));
/// # std::fs::remove_dir_all(&dir).ok();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn url_filter_from_sources(sources: &[FileSource], model: bool) -> Result<UrlFilter, IoError> {
    let mut builder = FilterBuilder::new();
    for source in sources {
        add_file_source(&mut builder, source)?;
    }
    builder.add_defaults()?;
    builder.model(model);
    Ok(builder.build()?)
}

/// [`url_filter_from_sources`] with the sources as JSON (`[{"path", "format",
/// "category"}]`), for bindings.
///
/// # Errors
///
/// [`FilterError::InvalidSpec`] for malformed JSON, then as [`url_filter_from_sources`].
pub fn url_filter_from_sources_json(json: &str, model: bool) -> Result<UrlFilter, IoError> {
    let sources: Vec<FileSource> =
        serde_json::from_str(json).map_err(|e| FilterError::InvalidSpec {
            reason: format!("sources: {e}"),
        })?;
    url_filter_from_sources(&sources, model)
}
