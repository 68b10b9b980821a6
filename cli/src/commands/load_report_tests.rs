//! Lists that load only in part: every command that reads them names each rejected line
//! and skipped file on standard error and exits 1; a `--ut1` folder from which no
//! category's list is read is an input error.

use crate::commands::tests::{run, temp_file};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A UT1 tree under a per-test folder: `gambling/domains` with one good and two bad lines.
fn ut1_tree(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("esafety-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(root.join("ut1/gambling")).unwrap();
    std::fs::write(
        root.join("ut1/gambling/domains"),
        "bet365.com\n||school-bad-casino.test^\nhttp://casino-two.test/\n",
    )
    .unwrap();
    std::fs::write(root.join("ut1/README"), "lists\n").unwrap();
    root
}

fn text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[test]
fn url_names_each_rejected_line_and_skipped_file_and_exits_1() {
    let root = ut1_tree("ut1-rejects");
    let ut1 = text(&root.join("ut1"));
    let (code, out, err) = run(&["url", "--ut1", &ut1, "http://casino-two.test/"]);
    assert_eq!(code, ExitCode::from(1), "{out}{err}");
    assert!(out.starts_with("allow"), "{out}");
    assert!(
        err.contains("warning[invalid_host]: gambling/domains:2 rejected")
            && err.contains("`||school-bad-casino.test^`"),
        "{err}"
    );
    assert!(
        err.contains("warning[line_has_path]: gambling/domains:3"),
        "{err}"
    );
    assert!(err.contains("note: `README` skipped"), "{err}");
    assert!(err.contains("2 list lines rejected"), "{err}");
    // Under --json standard output stays one document and each problem is a JSON line.
    let (code, out, err) = run(&["url", "--json", "--ut1", &ut1, "http://example.org/"]);
    assert_eq!(code, ExitCode::from(1), "{err}");
    assert!(
        serde_json::from_str::<serde_json::Value>(&out).is_ok(),
        "{out}"
    );
    let lines: Vec<serde_json::Value> = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert_eq!(lines[0]["warning"]["code"], "invalid_host");
    assert_eq!(lines[0]["warning"]["file"], "gambling/domains");
    assert_eq!(lines[0]["warning"]["line"], 2);
    assert_eq!(lines[2]["note"]["path"], "README");
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn a_ut1_folder_with_no_category_list_is_an_input_error() {
    let root = ut1_tree("ut1-none");
    let empty = root.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    for (dir, says) in [
        (root.clone(), "is the UT1 directory: give that"),
        (root.join("ut1/gambling"), "one category's folder"),
        (empty, "no category folder"),
    ] {
        let dir = text(&dir);
        for command in [
            vec!["url", "--ut1", &dir, "http://example.org/"],
            vec!["log", "--ut1", &dir, "no-such.log"],
            vec![
                "whatif", "--old", "national", "--new", "national", "--ut1", &dir, "x.log",
            ],
        ] {
            let (code, out, err) = run(&command);
            assert_eq!(code, ExitCode::from(2), "{command:?}: {out}{err}");
            assert!(err.contains("holds no list") && err.contains(says), "{err}");
        }
    }
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn log_and_whatif_name_the_rejected_lines_once() {
    let root = ut1_tree("ut1-log");
    let ut1 = text(&root.join("ut1"));
    let log = temp_file(
        "rejects.log",
        "1764064800.000 1 10.0.0.1 TCP_MISS/200 1 GET http://www.bbc.co.uk/ - - -\n",
    );
    let (code, out, err) = run(&["log", "--ut1", &ut1, &log]);
    assert_eq!(
        code,
        ExitCode::from(1),
        "nothing blocked, but lines rejected: {out}{err}"
    );
    assert!(err.contains("gambling/domains:3 rejected"), "{err}");
    let (code, out, err) = run(&[
        "whatif", "--old", "national", "--new", "kilby", "--ut1", &ut1, &log,
    ]);
    assert_eq!(code, ExitCode::from(1), "{out}{err}");
    assert!(out.contains("(none)"), "{out}");
    assert_eq!(
        err.matches("gambling/domains:3 rejected").count(),
        1,
        "both policies load the same lists: {err}"
    );
    // A filter spec's list: its rejected lines are named with the option that gave it.
    let spec = temp_file(
        "rejects-spec.json",
        r#"{"lists": [{"label": "school/extra", "format": "auto", "categories": ["gambling"],
            "text": "example.com\n||adblock-only.test^\nnot a domain\n"}]}"#,
    );
    let (code, out, err) = run(&[
        "whatif", "--json", "--old", "national", "--new", &spec, &log,
    ]);
    assert_eq!(code, ExitCode::from(1), "{out}{err}");
    assert!(
        serde_json::from_str::<serde_json::Value>(&out).is_ok(),
        "{out}"
    );
    let warning: serde_json::Value = serde_json::from_str(err.lines().next().unwrap()).unwrap();
    assert_eq!(warning["warning"]["file"], "school/extra");
    assert_eq!(warning["warning"]["line"], 2);
    assert!(
        warning["warning"]["source"]
            .as_str()
            .unwrap()
            .starts_with("--new "),
        "{warning}"
    );
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn url_warns_of_a_ut1_folder_no_audience_blocks() {
    let root = std::env::temp_dir().join(format!("esafety-cli-ut1-unknown-{}", std::process::id()));
    std::fs::create_dir_all(root.join("ut1/adult_ut1")).unwrap();
    std::fs::write(root.join("ut1/adult_ut1/domains"), "adult-example.test\n").unwrap();
    let ut1 = text(&root.join("ut1"));
    let (_, _, err) = run(&["url", "--ut1", &ut1, "http://adult-example.test/"]);
    assert!(
        err.contains("warning[ut1_folder_unknown]: adult_ut1/domains")
            && err.contains("ut1:adult_ut1"),
        "{err}"
    );
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn a_bad_name_on_a_multi_name_line_is_named_and_exits_1() {
    let spec = temp_file(
        "rejected-name-spec.json",
        r#"{"lists": [{"label": "school/hosts", "format": "hosts", "categories": ["gambling"],
            "text": "0.0.0.0 casino-a.test bad..name casino-c.test\n"}]}"#,
    );
    let log = temp_file(
        "rejected-name.log",
        "1764064800.000 1 10.0.0.1 TCP_MISS/200 1 GET http://casino-c.test/ - - -\n",
    );
    let (code, out, err) = run(&["whatif", "--old", "national", "--new", &spec, &log]);
    assert_eq!(code, ExitCode::from(1), "{out}{err}");
    assert!(
        err.contains("warning[invalid_host_label]: school/hosts:1 name rejected")
            && err.contains("`bad..name`"),
        "{err}"
    );
    assert!(err.contains("1 list name rejected"), "{err}");
}
