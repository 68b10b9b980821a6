//! `add_file_source` on small trees made in a temporary folder: a category's own folder,
//! a folder that holds no list, and a path that does not exist.

use esafety_core::filter::{FileSource, FilterBuilder, Verdict};
use std::path::PathBuf;

fn temp(name: &str) -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("esafety-io-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn source(path: &std::path::Path, category: Option<&str>) -> FileSource {
    FileSource {
        path: path.display().to_string(),
        format: "auto".into(),
        category: category.map(str::to_owned),
    }
}

#[test]
fn a_category_folder_loads_as_that_category() {
    let root = temp("category-folder").unwrap();
    let folder = root.join("gambling");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("domains"), "casino.test\n").unwrap();
    std::fs::write(folder.join("usage"), "black\n").unwrap();
    let filter = esafety_io::url_filter_from_sources(&[source(&folder, None)], false).unwrap();
    let d = filter.check("casino.test", "ks2", None).unwrap();
    assert_eq!(d.verdict, Verdict::Block);
    assert_eq!(d.rule, "gambling/domains:1");
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn a_folder_with_no_list_is_an_error() {
    let root = temp("no-list").unwrap();
    std::fs::write(root.join("README.md"), "lists\n").unwrap();
    let mut builder = FilterBuilder::new();
    let err = esafety_io::add_file_source(&mut builder, &source(&root, None)).unwrap_err();
    assert!(err.to_string().contains("holds no list"), "{err}");
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn a_missing_file_says_it_cannot_be_read() {
    let root = temp("missing").unwrap();
    let mut builder = FilterBuilder::new();
    let err = esafety_io::add_file_source(&mut builder, &source(&root.join("nope.txt"), None))
        .unwrap_err();
    assert!(!err.to_string().contains("needs a category"), "{err}");
    assert!(matches!(err, esafety_io::IoError::Read { .. }), "{err:?}");
    std::fs::remove_dir_all(&root).ok();
}
