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

#[test]
fn a_directory_that_yields_no_ut1_list_is_an_error_saying_what_it_holds() {
    let root = temp("no-ut1-list").unwrap();
    let ut1 = root.join("ut1");
    std::fs::create_dir_all(ut1.join("gambling")).unwrap();
    std::fs::write(ut1.join("gambling/domains"), "casino.test\n").unwrap();
    std::fs::write(ut1.join("global_usage"), "black\n").unwrap();
    let empty = root.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let only_usage = root.join("only-usage");
    std::fs::create_dir_all(only_usage.join("gambling")).unwrap();
    std::fs::write(only_usage.join("gambling/usage"), "black\n").unwrap();
    for (dir, says) in [
        (&root, "its folder `"),
        (&ut1.join("gambling"), "one category's folder"),
        (&empty, "no category folder"),
        (&only_usage, "no category folder"),
    ] {
        let err = esafety_io::url_filter_from_directory(dir, false).unwrap_err();
        assert_eq!(esafety_core::ErrorCode::code(&err), "filter_invalid_spec");
        let text = err.to_string();
        assert!(
            text.contains("holds no list") && text.contains(says),
            "{text}"
        );
    }
    let err = esafety_io::url_filter_from_directory(&root, false).unwrap_err();
    assert!(
        err.to_string().contains(&ut1.display().to_string()),
        "{err}"
    );
    let filter = esafety_io::url_filter_from_directory(&ut1, false).unwrap();
    assert_eq!(filter.load_report().rejected(), 0);
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn a_ut1_source_honours_its_category_and_its_folder_in_any_case() {
    let root = temp("ut1-category").unwrap();
    for folder in ["adult_ut1", "Adult", "arjel"] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        std::fs::write(
            root.join(folder).join("domains"),
            format!("{}.test\n", folder.to_lowercase()),
        )
        .unwrap();
    }
    let ut1_file = |folder: &str, category: Option<&str>| FileSource {
        path: root.join(folder).join("domains").display().to_string(),
        format: "ut1".into(),
        category: category.map(str::to_owned),
    };
    let sources = [
        ut1_file("adult_ut1", Some("pornography")),
        source(&root.join("Adult"), None),
        source(&root.join("arjel"), None),
    ];
    let filter = esafety_io::url_filter_from_sources(&sources, false).unwrap();
    for host in ["adult_ut1.test", "adult.test", "arjel.test"] {
        assert_eq!(
            filter.check(host, "ks2", None).unwrap().verdict,
            Verdict::Block,
            "{host}"
        );
    }
    assert!(
        filter
            .load_report()
            .files
            .iter()
            .all(|f| f.warnings.is_empty())
    );
    // With no category, the unknown folder is loaded, and the report says no one blocks it.
    let mut builder = FilterBuilder::new();
    esafety_io::add_file_source(&mut builder, &ut1_file("adult_ut1", None)).unwrap();
    let warnings = &builder.report().files[0].warnings;
    assert_eq!(warnings[0].code, "ut1_folder_unknown", "{warnings:?}");
    // A category for a whole UT1 tree, whose folders name their own, is refused.
    let err =
        esafety_io::add_file_source(&mut builder, &source(&root, Some("pornography"))).unwrap_err();
    assert!(err.to_string().contains("name their categories"), "{err}");
    std::fs::remove_dir_all(&root).ok();
}
