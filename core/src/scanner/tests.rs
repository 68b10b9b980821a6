use super::*;
use proptest::prelude::*;

fn scanner(entries: &[(&str, &str, i64)], allow: &[&str]) -> TermScanner {
    TermScanner::from_entries(entries, allow).unwrap()
}

fn found(s: &TermScanner, text: &str) -> Vec<(String, String)> {
    s.scan(text, "ks3")
        .unwrap()
        .into_iter()
        .map(|m| {
            assert_eq!(&text[m.start..m.end], m.matched_text);
            (m.term, m.matched_text)
        })
        .collect()
}

fn pair(term: &str, typed: &str) -> (String, String) {
    (term.to_owned(), typed.to_owned())
}

#[test]
fn embedded_default_parses_and_compiles_everything() {
    let s = TermScanner::embedded_default().unwrap();
    assert!(s.entries().len() > 250, "{}", s.entries().len());
    assert!(s.skipped().is_empty(), "{:?}", s.skipped());
    let categories: std::collections::BTreeSet<Category> =
        s.entries().iter().map(|e| e.category.clone()).collect();
    for c in [
        Category::SelfHarm,
        Category::Suicide,
        Category::Bullying,
        Category::SexualContent,
        Category::Grooming,
        Category::Extremism,
        Category::Drugs,
        Category::Weapons,
        Category::HateSpeech,
        Category::Violence,
    ] {
        assert!(categories.contains(&c), "default list lacks {c}");
    }
}

#[test]
fn obfuscation_classes() {
    let s = scanner(
        &[("kill", "violence", 3), ("sex", "sexual_content", 2)],
        &[],
    );
    for typed in [
        "KILL",
        "ＫＩＬＬ",
        "kïll",
        "кіll",
        "κιll",
        "k1ll",
        "ki11",
        "k!ll",
        "k|ll",
        "ki\u{200B}ll",
        "ki\u{00AD}ll",
        "k.i.l.l",
        "k i l l",
        "k-i-l-l",
        "kiiiill",
        "killlll",
        "k*ll",
    ] {
        let text = format!("i will {typed} you");
        assert_eq!(found(&s, &text), vec![pair("kill", typed)], "{typed}");
    }
    assert_eq!(found(&s, "$3x"), vec![pair("sex", "$3x")]);
    assert_eq!(found(&s, "5ex"), vec![pair("sex", "5ex")]);
}

#[test]
fn false_positive_classes() {
    let s = scanner(
        &[
            ("kill", "violence", 3),
            ("sex", "sexual_content", 2),
            ("cunt", "profanity", 3),
            ("god", "profanity", 1),
        ],
        &["to kill a mockingbird"],
    );
    for text in [
        "Scunthorpe United",
        "a skilled player with real skill",
        "Essex and Sussex",
        "we read To Kill a Mockingbird in class",
        "to k1ll a mockingbird",
        "a good day",
        "kil",
        "killer whales",
    ] {
        assert!(found(&s, text).is_empty(), "{text}: {:?}", found(&s, text));
    }
}

#[test]
fn doubled_letters_are_taken_as_written() {
    let s = scanner(&[("god", "profanity", 1), ("ass", "profanity", 2)], &[]);
    assert!(found(&s, "good").is_empty());
    assert_eq!(found(&s, "gooood"), vec![pair("god", "gooood")]);
    assert!(found(&s, "as").is_empty());
    assert_eq!(found(&s, "asssss"), vec![pair("ass", "asssss")]);
    assert_eq!(found(&s, "a55"), vec![pair("ass", "a55")]);
}

#[test]
fn phrases_cross_separators_but_not_sentences() {
    let s = scanner(
        &[("kill myself", "suicide", 5), ("kill", "violence", 2)],
        &[],
    );
    assert_eq!(
        found(&s, "i'll kill - myself"),
        vec![pair("kill myself", "kill - myself")]
    );
    assert_eq!(found(&s, "kill. myself"), vec![pair("kill", "kill")]);
    assert_eq!(
        found(&s, "k i l l m y s e l f"),
        vec![pair("kill myself", "k i l l m y s e l f")]
    );
    // Run together only with the `phrase` flag.
    assert_eq!(found(&s, "killmyself"), Vec::<(String, String)>::new());
    let flagged = TermScanner::from_tsv("t", "kill myself\tsuicide\t5\tphrase\n").unwrap();
    assert_eq!(
        found(&flagged, "#killmyself"),
        vec![pair("kill myself", "killmyself")]
    );
}

#[test]
fn plus_and_star_between_words_join_them_as_a_search_box_does() {
    let s = scanner(
        &[
            ("kill myself", "suicide", 5),
            ("want to die", "suicide", 5),
            ("kill", "violence", 2),
            ("bitch", "insult", 3),
            ("fuck", "profanity", 2),
        ],
        &[],
    );
    assert_eq!(
        found(&s, "kill+myself"),
        vec![pair("kill myself", "kill+myself")]
    );
    assert_eq!(
        found(&s, "how+to+kill+myself"),
        vec![pair("kill myself", "kill+myself")]
    );
    assert_eq!(
        found(&s, "i+want+to+die"),
        vec![pair("want to die", "want+to+die")]
    );
    assert_eq!(
        found(&s, "kill*myself"),
        vec![pair("kill myself", "kill*myself")]
    );
    // Inside a word they are still a letter: a `t` and a masked letter.
    assert_eq!(found(&s, "what a bi+ch"), vec![pair("bitch", "bi+ch")]);
    assert_eq!(found(&s, "oh f*ck"), vec![pair("fuck", "f*ck")]);
    // A run of masks stays one masked word.
    assert_eq!(found(&s, "you b***h"), vec![pair("bitch", "b***h")]);
    for ordinary in [
        "c++ and notepad++",
        "disney+ or google+",
        "grade a+ work",
        "2+2=4",
    ] {
        assert_eq!(
            found(&s, ordinary),
            Vec::<(String, String)>::new(),
            "{ordinary}"
        );
    }
}

#[test]
fn a_zero_width_space_may_separate_words_as_well_as_hide_inside_one() {
    let s = scanner(
        &[
            ("kill myself", "suicide", 5),
            ("want to die", "suicide", 5),
            ("kill", "violence", 2),
        ],
        &[],
    );
    let z = "\u{200B}";
    let text = format!("how{z}to{z}kill{z}myself");
    let typed = format!("kill{z}myself");
    assert_eq!(found(&s, &text), vec![pair("kill myself", &typed)]);
    let text = format!("i{z}want{z}to{z}die");
    let typed = format!("want{z}to{z}die");
    assert_eq!(found(&s, &text), vec![pair("want to die", &typed)]);
    // Still hidden inside a word, and never a word of its own inside an ordinary one.
    let typed = format!("ki{z}ll");
    assert_eq!(
        found(&s, &format!("i will {typed} you")),
        vec![pair("kill", &typed)]
    );
    assert_eq!(found(&s, &format!("s{z}kill")), vec![pair("kill", "kill")]);
    assert_eq!(
        found(&s, &format!("ski{z}ll")),
        Vec::<(String, String)>::new()
    );
}

#[test]
fn a_joined_phrase_is_read_inside_a_word_run_together_with_others() {
    let s = TermScanner::from_tsv(
        "t.tsv",
        "kill myself\tsuicide\t5\tphrase\nwant to die\tsuicide\t5\tphrase\nkill all\tviolence\t3\tphrase\nkill\tviolence\t2\n",
    )
    .unwrap();
    assert_eq!(
        found(&s, "howtokillmyself"),
        vec![pair("kill myself", "killmyself")]
    );
    assert_eq!(
        found(&s, "#ijustwanttodie"),
        vec![pair("want to die", "wanttodie")]
    );
    // At the start of the word, as before; never a single word inside another, never a
    // phrase that does not end where the word ends, never a short joined phrase.
    assert_eq!(
        found(&s, "killmyself"),
        vec![pair("kill myself", "killmyself")]
    );
    for ordinary in [
        "skillmyselfish",
        "reskillmyselfx",
        "overkillall",
        "skilled",
        "killmyselfie",
    ] {
        assert_eq!(
            found(&s, ordinary),
            Vec::<(String, String)>::new(),
            "{ordinary}"
        );
    }
}

#[test]
fn the_rapist_is_not_in_therapist() {
    let s = scanner(&[("the rapist", "violence", 3)], &[]);
    assert!(found(&s, "my therapist said").is_empty());
}

#[test]
fn prefix_terms_cover_the_word() {
    let s = TermScanner::from_tsv("t", "suicid\tsuicide\t4\tprefix\n").unwrap();
    assert_eq!(
        found(&s, "feeling suicidal"),
        vec![pair("suicid", "suicidal")]
    );
    assert!(found(&s, "nonsuicidal").is_empty());
}

#[test]
fn pathological_inputs_stay_linear() {
    let s = TermScanner::from_tsv("t", "aa\tprofanity\t1\tprefix\nkill\tviolence\t2\n").unwrap();
    for text in [
        "a".repeat(200_000),
        format!("k{}ll", "*".repeat(100_000)),
        "k i ".repeat(50_000),
        "k1".repeat(100_000),
    ] {
        let started = std::time::Instant::now();
        let _ = s.scan(&text, "ks3").unwrap();
        assert!(started.elapsed().as_secs() < 20, "{}", &text[..10]);
    }
    assert_eq!(s.scan(&"a".repeat(1000), "ks3").unwrap().len(), 1);
}

#[test]
fn overlaps_resolve_leftmost_longest() {
    let s = scanner(
        &[
            ("kill", "violence", 2),
            ("kill myself", "suicide", 5),
            ("myself", "wellbeing", 1),
        ],
        &[],
    );
    let m = s.scan("i will kill myself", "ks3").unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].category, Category::Suicide);
    assert_eq!((m[0].start, m[0].end), (7, 18));
}

#[test]
fn a_more_severe_overlap_displaces_only_when_it_flags() {
    let s = scanner(
        &[
            ("going to kill", "violence", 4),
            ("kill myself", "suicide", 5),
            ("going to", "bullying", 2),
            ("to fucking", "profanity", 3),
        ],
        &[],
    );
    assert_eq!(
        found(&s, "i am going to kill myself"),
        vec![pair("kill myself", "kill myself")]
    );
    // Swearing from ks3 up is lowered below the flag (mild_for_audience): it displaces nothing.
    let alone = s.scan("to fucking", "ks3").unwrap();
    assert_eq!(alone.len(), 1);
    assert!(alone[0].severity > 2 && alone[0].confidence < 0.5);
    assert_eq!(
        found(&s, "going to fucking"),
        vec![pair("going to", "going to")]
    );
}

#[test]
fn same_pattern_keeps_highest_severity_and_allow_wins() {
    let s = scanner(&[("k1ll", "violence", 2), ("kill", "violence", 4)], &[]);
    let m = s.scan("kill", "ks3").unwrap();
    assert_eq!(m[0].severity, 4);
    let s = scanner(&[("kill", "violence", 4)], &["KILL"]);
    assert!(s.scan("kill", "ks3").unwrap().is_empty());
}

#[test]
fn roster_names_are_not_alerts_but_disguises_are() {
    let s = scanner(&[("jo", "profanity", 2)], &[]).with_roster(Roster::from_names(["Jo Bloggs"]));
    assert!(found(&s, "Jo said hi").is_empty());
    assert_eq!(found(&s, "j0 said hi"), vec![pair("jo", "j0")]);
    let salt = "s3cret";
    let hashed = Roster::from_hashes(salt, [Roster::hash_name(salt, "Jo")]).unwrap();
    let s = scanner(&[("jo", "profanity", 2)], &[]).with_roster(hashed);
    assert!(found(&s, "JO!").is_empty());
}

#[test]
fn roster_names_never_silence_harm_or_a_non_name_use() {
    let s = scanner(&[("isis", "extremism", 4), ("dick", "profanity", 2)], &[])
        .with_roster(Roster::from_names(["Isis Dick"]));
    let names = |text: &str| -> Vec<(String, bool)> {
        s.scan(text, "ks3")
            .unwrap()
            .into_iter()
            .map(|m| (m.term, m.possible_name))
            .collect()
    };
    assert_eq!(names("join isis now"), vec![("isis".to_owned(), true)]);
    assert_eq!(names("suck my dick"), vec![("dick".to_owned(), true)]);
    assert!(names("Dick said hi").is_empty());
    assert!(names("tell Dick").is_empty());
    let plain = scanner(&[("dick", "profanity", 2)], &[]);
    assert!(!plain.scan("suck my dick", "ks3").unwrap()[0].possible_name);
}

#[test]
fn audience_adjusts_severity() {
    let s = scanner(
        &[("shit", "profanity", 2), ("kill myself", "suicide", 5)],
        &[],
    );
    let sev = |aud: &str| s.scan("shit", aud).unwrap()[0].severity;
    assert_eq!(sev("ks1"), 3);
    assert_eq!(sev("ks2"), 2);
    assert_eq!(sev("ks3"), 2);
    assert_eq!(sev("staff"), 1);
    assert_eq!(s.scan("kill myself", "staff").unwrap()[0].severity, 5);
    assert_eq!(
        s.scan("x", "year7").unwrap_err().code(),
        "scanner_unknown_audience"
    );
}

/// A line flagged `pupils` is read for every pupil audience and never for staff or guests.
#[test]
fn pupils_lines_are_not_read_for_adults() {
    let s = TermScanner::from_tsv(
        "t",
        "catfished\tgrooming\t3\tpupils\n\
         my boyfriend is {age}\tgrooming\t3\tpupils,id=older_partner\n\
         @slot\tage\t24\n\
         kill myself\tsuicide\t5\n",
    )
    .unwrap();
    let terms = |text: &str, aud: &str| -> Vec<String> {
        s.scan(text, aud)
            .unwrap()
            .into_iter()
            .map(|m| m.pattern.unwrap_or(m.term))
            .collect()
    };
    for aud in ["eyfs", "ks1", "ks2", "ks3", "ks4", "sixth_form"] {
        assert_eq!(terms("i got catfished", aud), ["catfished"], "{aud}");
        assert_eq!(terms("my boyfriend is 24", aud), ["older_partner"], "{aud}");
    }
    for aud in ["staff", "guest"] {
        assert!(terms("i got catfished", aud).is_empty(), "{aud}");
        assert!(terms("my boyfriend is 24", aud).is_empty(), "{aud}");
        assert_eq!(terms("i could kill myself", aud), ["kill myself"], "{aud}");
    }
    let list = crate::scanner::TermList::parse_named("tsv", "t", "x\tdrugs\t2\tpupils\n").unwrap();
    assert!(list.entries.iter().all(|e| e.flags.pupils));
}

#[test]
fn custom_categories_are_reported_as_written() {
    let s = scanner(&[("kill", "hate", 3)], &[]);
    let m = s.scan("kill", "ks1").unwrap();
    assert_eq!(m[0].category.as_str(), "hate");
    assert_eq!(m[0].severity, 3);
}

#[test]
fn report_summarises() {
    let s = TermScanner::embedded_default().unwrap();
    let r = s
        .scan_report("i want to die, they bully me, buy a gun", "ks3")
        .unwrap();
    assert_eq!(r.summary.highest_severity, Some(5));
    assert_eq!(r.summary.categories[0], Category::Suicide);
    assert!(r.summary.categories.contains(&Category::Bullying));
    assert!(r.summary.categories.contains(&Category::Weapons));
    let empty = s.scan_report("lovely weather", "ks3").unwrap();
    assert_eq!(empty.summary.highest_severity, None);
}

#[test]
fn offsets_convert_to_chars_and_utf16() {
    let s = scanner(&[("kill", "violence", 2)], &[]);
    let text = "😀é k1ll";
    let bytes = s.scan_in(text, "ks3", "byte").unwrap();
    assert_eq!((bytes[0].start, bytes[0].end), (7, 11));
    let chars = s.scan_in(text, "ks3", "char").unwrap();
    assert_eq!((chars[0].start, chars[0].end), (3, 7));
    let utf16 = s.scan_in(text, "ks3", "utf16").unwrap();
    assert_eq!((utf16[0].start, utf16[0].end), (4, 8));
    assert_eq!(
        s.scan_in(text, "ks3", "nibble").unwrap_err().code(),
        "scanner_unknown_offset_unit"
    );
    assert_eq!(
        convert_offset("é", 1, OffsetUnit::Char).unwrap_err().code(),
        "scanner_invalid_offset"
    );
}

#[test]
fn formats_by_id() {
    let s = TermScanner::from_format("ldnoobw", "en.txt", "badword\n").unwrap();
    assert_eq!(
        s.scan("a b4dword", "ks3").unwrap()[0].category,
        Category::Profanity
    );
    let err = TermScanner::from_format("xml", "x", "").unwrap_err();
    assert_eq!(err.code(), "scanner_unknown_format");
}

#[test]
fn entries_are_validated() {
    let bad_sev = TermScanner::from_entries(&[("x", "drugs", 6)], &[] as &[&str]).unwrap_err();
    assert_eq!(bad_sev.code(), "scanner_invalid_severity");
    let bad_cat = TermScanner::from_entries(&[("x", "Not An Id", 2)], &[] as &[&str]).unwrap_err();
    assert_eq!(bad_cat.code(), "scanner_invalid_category");
    assert_eq!(bad_cat.domain(), "scanner");
    let empty = TermScanner::from_entries(&[(" ", "drugs", 2)], &[] as &[&str]).unwrap_err();
    assert_eq!(empty.code(), "scanner_empty_term");
}

#[test]
fn scratch_reuse_gives_the_same_results() {
    let s = TermScanner::embedded_default().unwrap();
    let mut scratch = Scratch::default();
    for text in [
        "kill myself",
        "nothing here",
        "send nudes",
        "k i l l yourself",
    ] {
        let a = s.scan_with(&mut scratch, text, Audience::Ks3).unwrap();
        let b = s.scan(text, "ks3").unwrap();
        assert_eq!(a, b);
    }
}

// ---- real data in ../shared/data/terms (skipped plainly when absent) ----

fn shared(path: &str) -> Option<String> {
    let full = format!(
        "{}/../../shared/data/terms/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    match std::fs::read_to_string(full) {
        Ok(text) => Some(text),
        Err(_) => {
            println!("skipped: ../shared/data not found");
            None
        }
    }
}

#[test]
fn dsojevic_exceptions_produce_no_false_positives() {
    let Some(json) = shared("dsojevic-profanity/en.json") else {
        return;
    };
    let list = TermList::parse(TermListFormat::Dsojevic, "en.json", &json).unwrap();
    assert!(list.entries.len() > 700);
    let s = TermScanner::from_lists(std::slice::from_ref(&list)).unwrap();
    let mut checked = 0;
    for allow in &list.allow {
        let text = format!("I said {} today", allow.phrase);
        let m = s.scan(&text, "ks3").unwrap();
        assert!(m.is_empty(), "exception `{}` matched {:?}", allow.phrase, m);
        checked += 1;
    }
    assert!(checked > 500, "{checked}");
    // The same exceptions against the terms alone (no allow-phrases): whole-word matching
    // by itself keeps single-word exceptions quiet.
    let terms_only = TermList {
        allow: Vec::new(),
        ..list.clone()
    };
    let bare = TermScanner::from_lists(&[terms_only]).unwrap();
    let single_word_hits: Vec<String> = list
        .allow
        .iter()
        .filter(|a| !a.phrase.contains(' '))
        // `spic|spics|spick|spicks` lists `*ks` as an exception: "spicks" is both.
        .filter(|a| !list.entries.iter().any(|e| e.term == a.phrase))
        .filter(|a| !bare.scan(&a.phrase, "ks3").unwrap().is_empty())
        .map(|a| a.phrase.clone())
        .collect();
    assert!(single_word_hits.is_empty(), "{single_word_hits:?}");
    // And the terms are still found.
    assert!(!s.scan("what a bitch", "ks3").unwrap().is_empty());
}

#[test]
fn ldnoobw_english_loads_and_matches() {
    let Some(text) = shared("ldnoobw/en.txt") else {
        return;
    };
    let list = TermList::parse(TermListFormat::Ldnoobw, "en.txt", &text).unwrap();
    assert!(list.entries.len() > 350);
    let s = TermScanner::from_lists(&[list]).unwrap();
    assert!(s.entries().len() > 350);
    assert!(!s.scan("b1tch", "ks3").unwrap().is_empty());
    assert!(
        s.scan("Scunthorpe, Essex, skill, cocktail, assassin", "ks3")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn suicide_risk_lexicon_loads() {
    let Some(text) = shared("suicide-risk-lexicon/suicide_risk_lexicon_long.tsv") else {
        return;
    };
    let list = TermList::parse(TermListFormat::SuicideRiskLexicon, "lexicon.tsv", &text).unwrap();
    assert!(list.entries.len() > 4000);
    let s = TermScanner::from_lists(&[list]).unwrap();
    let m = s.scan("honestly i want to die", "ks4").unwrap();
    assert!(m.iter().any(|m| m.category == Category::Suicide), "{m:?}");
}

#[test]
fn other_formats_load() {
    let cases = [
        (
            "surge-ai-profanity/profanity_en.csv",
            TermListFormat::SurgeAi,
            1500,
        ),
        (
            "davidson-hate-offensive/refined_ngram_dict.csv",
            TermListFormat::Davidson,
            150,
        ),
        ("hurtlex/hurtlex_EN.tsv", TermListFormat::Hurtlex, 8000),
    ];
    for (path, format, at_least) in cases {
        let Some(text) = shared(path) else { return };
        let list = TermList::parse(format, path, &text).unwrap();
        assert!(
            list.entries.len() >= at_least,
            "{path}: {}",
            list.entries.len()
        );
        TermScanner::from_lists(&[list]).unwrap();
    }
}

proptest! {
    /// Every match's span is a slice of the text that equals its matched text.
    #[test]
    fn spans_slice_the_text(text in "[a-z 1@$!.*\u{200B}éкΚ]{0,60}") {
        let s = scanner(&[("kill", "violence", 2), ("sex", "sexual_content", 2), ("kill me", "suicide", 5)], &[]);
        let matches = s.scan(&text, "ks3").unwrap();
        let mut last_end = 0;
        for m in &matches {
            prop_assert!(m.start < m.end);
            prop_assert_eq!(text.get(m.start..m.end), Some(m.matched_text.as_str()));
            prop_assert!(m.start >= last_end, "overlap");
            last_end = m.end;
        }
    }

    /// No term is ever found strictly inside a longer plain word.
    #[test]
    fn no_match_inside_words(prefix in "[a-z]{1,4}", suffix in "[a-z]{1,4}") {
        let s = scanner(&[("kill", "violence", 2)], &[]);
        let word = format!("{prefix}kill{suffix}");
        prop_assert!(s.scan(&word, "ks3").unwrap().is_empty());
    }

    /// Scanning never panics on arbitrary text.
    #[test]
    fn never_panics(text in "\\PC{0,80}") {
        let s = scanner(&[("kill", "violence", 2), ("中文", "profanity", 2)], &["kill time"]);
        let _ = s.scan(&text, "ks2").unwrap();
    }
}

/// Words of the default list's overlapping phrases and patterns, to build texts where
/// matches compete (a more severe one displacing the one before it).
const OVERLAP_WORDS: &[&str] = &[
    "i", "am", "going", "to", "kill", "myself", "my", "self", "herself", "dad", "step", "hits",
    "touches", "me", "not", "dont", "hate", "women", "are", "so", "stupid", "gay", "people",
    "should", "just", "die", "you", "a", "faggot", "all", "the", "muslims", "end", "life", "his",
    "cutting", "them", "selves", "laughing", "\"", ".", "never",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// With the default list (terms, patterns and cues), where matches compete and displace
    /// one another, matches stay in text order, flagging ones never overlap, and each span
    /// slices the text.
    #[test]
    fn default_list_overlaps_stay_ordered(picks in proptest::collection::vec(0usize..OVERLAP_WORDS.len(), 0..24)) {
        static DEFAULT: std::sync::OnceLock<TermScanner> = std::sync::OnceLock::new();
        let s = DEFAULT.get_or_init(|| TermScanner::embedded_default().unwrap());
        let words: Vec<&str> = picks.iter().filter_map(|&i| OVERLAP_WORDS.get(i).copied()).collect();
        let text = words.join(" ");
        let matches = s.scan(&text, "ks3").unwrap();
        let mut last_end = 0;
        let mut last_start = 0;
        for m in &matches {
            prop_assert!(m.start < m.end);
            prop_assert_eq!(text.get(m.start..m.end), Some(m.matched_text.as_str()));
            prop_assert!(m.start >= last_start, "out of order in {:?}", text);
            last_start = m.start;
            // A match lowered below the flag may hold terms judged on their own; flagging
            // matches never overlap.
            if m.confidence >= 0.5 {
                prop_assert!(m.start >= last_end, "overlap in {:?}", text);
                last_end = m.end;
            }
        }
    }
}

/// Applies one disguise per letter: 0 keep, 1 upper-case, 2 leet, 3 zero-width after,
/// 4 repeat three to five times, 5 fullwidth, 6 Cyrillic look-alike.
fn disguise(word: &str, ops: &[u8]) -> String {
    let mut out = String::new();
    for (c, op) in word.chars().zip(ops.iter().cycle()) {
        match op {
            1 => out.push(c.to_ascii_uppercase()),
            2 => out.push(match c {
                'a' => '4',
                'e' => '3',
                'i' => '1',
                'o' => '0',
                's' => '$',
                't' => '7',
                other => other,
            }),
            3 => {
                out.push(c);
                out.push('\u{200B}');
            }
            4 => {
                let n = 3 + usize::from(*op % 3);
                out.extend(std::iter::repeat_n(c, n));
            }
            5 => out.push(char::from_u32(c as u32 - 'a' as u32 + 0xFF41).unwrap_or(c)),
            6 => out.push(match c {
                'a' => 'а',
                'e' => 'е',
                'o' => 'о',
                'k' => 'к',
                'i' => 'і',
                'c' => 'с',
                'p' => 'р',
                other => other,
            }),
            _ => out.push(c),
        }
    }
    out
}

proptest! {
    /// Any mix of disguises of a term is found, with a span that covers exactly what was typed.
    #[test]
    fn disguised_terms_are_found(
        word in proptest::sample::select(vec!["kill", "hate", "drugs", "stab", "porn", "cocaine"]),
        ops in proptest::collection::vec(0u8..7, 1..8),
    ) {
        let s = scanner(&[("kill", "violence", 2), ("hate", "bullying", 2), ("drugs", "drugs", 2),
            ("stab", "violence", 3), ("porn", "sexual_content", 3), ("cocaine", "drugs", 3)], &[]);
        let typed = disguise(word, &ops);
        let text = format!("so {typed} now");
        let found = s.scan(&text, "ks3").unwrap();
        prop_assert_eq!(found.len(), 1, "{} → {:?}", typed, found);
        prop_assert_eq!(found[0].term.as_str(), word);
        prop_assert_eq!(found[0].matched_text.trim_end_matches('\u{200B}'), typed.trim_end_matches('\u{200B}'));
    }
}

/// `i` spelled with one syllable per decimal digit (`keka` for 10): distinct letter-only
/// terms (digits would read as leetspeak and merge).
fn numbered(i: usize) -> String {
    const SYLLABLES: [&str; 10] = ["ka", "ke", "ki", "ko", "ku", "ma", "me", "mi", "mo", "mu"];
    i.to_string()
        .bytes()
        .map(|d| SYLLABLES[usize::from(d - b'0')])
        .collect()
}

#[test]
fn lists_larger_than_a_scanner_compiles_are_refused_before_the_automaton_is_built() {
    // Too many patterns.
    let tsv: String = (0..=MAX_PATTERNS)
        .map(|i| format!("{}\tbullying\t2\n", numbered(i)))
        .collect();
    let e = TermScanner::from_tsv("many.tsv", &tsv).err();
    assert!(
        matches!(e, Some(ScannerError::ListTooLarge { patterns, .. }) if patterns > MAX_PATTERNS),
        "{e:?}"
    );
    assert_eq!(e.map(|e| e.code()), Some("scanner_list_too_large"));
    // Too many bytes: one term longer than the whole budget is never normalised.
    let long = "ab".repeat(MAX_PATTERN_BYTES);
    let no_allow: [&str; 0] = [];
    let e = TermScanner::from_entries(&[(long.as_str(), "bullying", 2)], &no_allow).err();
    assert!(
        matches!(e, Some(ScannerError::ListTooLarge { patterns: 0, .. })),
        "{e:?}"
    );
    assert!(
        e.is_some_and(|e| e.to_string().contains("at most 100000 patterns")),
        "the message names the bound"
    );
    // Within the bounds a numbered list builds and matches.
    let tsv: String = (0..2_000)
        .map(|i| format!("{}\tbullying\t2\n", numbered(i)))
        .collect();
    let s = TermScanner::from_tsv("numbered.tsv", &tsv).unwrap();
    assert_eq!(
        found(&s, "kemumumu and mo, not kumumumu"),
        vec![pair("kemumumu", "kemumumu"), pair("mo", "mo")]
    );
}

/// The one-slip spellings of `word` after its first two letters: two neighbouring letters
/// swapped, one left out, one doubled.
fn slips(word: &str) -> Vec<String> {
    let b = word.as_bytes();
    let mut out = Vec::new();
    for k in 2..b.len() {
        let mut left_out = b.to_vec();
        left_out.remove(k);
        out.push(left_out);
        let mut doubled = b.to_vec();
        doubled.insert(k, b[k]);
        out.push(doubled);
        if k + 1 < b.len() {
            let mut swapped = b.to_vec();
            swapped.swap(k, k + 1);
            out.push(swapped);
        }
    }
    out.into_iter()
        .filter_map(|s| String::from_utf8(s).ok())
        .filter(|s| s != word)
        .collect()
}

/// Whether `word` has a run of three equal letters (read by the repeated-letter rule, not
/// as a slip).
fn has_run(word: &str) -> bool {
    word.as_bytes()
        .windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2])
}

proptest! {
    /// A slip in a later word of a phrase still finds the phrase, as listed and as written.
    #[test]
    fn a_slip_in_a_later_word_finds_the_phrase(first in "[a-z]{2,6}", second in "[a-z]{5,9}", pick in 0usize..64) {
        let phrase = format!("{first} {second}");
        let s = scanner(&[(phrase.as_str(), "violence", 3)], &[]);
        let variants = slips(&second);
        let slipped = &variants[pick % variants.len()];
        prop_assume!(!has_run(&first) && !has_run(&second) && !has_run(slipped));
        let typed = format!("{first} {slipped}");
        let text = format!("they said {typed} today");
        prop_assert_eq!(found(&s, &text), vec![pair(&phrase, &typed)]);
    }

    /// A single word, or the first word of a phrase, is never read with a slip.
    #[test]
    fn single_and_first_words_are_read_exactly(word in "[a-z]{5,9}", pick in 0usize..64) {
        let variants = slips(&word);
        let typed = &variants[pick % variants.len()];
        prop_assume!(!has_run(&word) && !has_run(typed));
        let single = scanner(&[(word.as_str(), "violence", 3)], &[]);
        let alone = format!("they said {typed} today");
        prop_assert!(found(&single, &alone).is_empty());
        let phrase = format!("{word} now");
        let first = scanner(&[(phrase.as_str(), "violence", 3)], &[]);
        let leading = format!("they said {typed} now today");
        prop_assert!(found(&first, &leading).is_empty());
    }
}

#[test]
fn a_school_entry_that_can_never_match_is_an_error_and_patterns_come_as_entries() {
    let default = TermScanner::embedded_default().unwrap();
    for term in ["🍆", "!!!", "f*ck"] {
        let list = TermList::from_entries(&[(term, "sexual_content", 3)], &[] as &[&str]).unwrap();
        let err = default.extended(&[list]).unwrap_err();
        assert_eq!(err.code(), "scanner_term_matches_nothing", "{term}");
        assert!(err.to_string().contains("entries#1"), "{err}");
    }
    let allow = TermList::from_entries(&[] as &[(&str, &str, i64)], &["???"]).unwrap();
    assert_eq!(
        default.extended(&[allow]).unwrap_err().code(),
        "scanner_term_matches_nothing"
    );
    let tsv = default.extended_with_tsv("school.tsv", "a*b\tbullying\t2\n", &[] as &[&str]);
    assert_eq!(tsv.unwrap_err().code(), "scanner_term_matches_nothing");
    // A list written for the school, on its own, says the same (never a scanner that
    // quietly has no terms); another maker's list keeps its skipped entries listed.
    let own = TermScanner::from_entries(&[("🔪", "weapons", 4)], &[] as &[&str]);
    assert_eq!(own.unwrap_err().code(), "scanner_term_matches_nothing");
    let own = TermScanner::from_tsv("school.tsv", "knife\tweapons\t2\n!!!\tbullying\t3\n");
    let e = own.unwrap_err();
    assert_eq!(e.code(), "scanner_term_matches_nothing");
    assert!(e.to_string().contains("school.tsv:2"), "{e}");
    let tsv = TermScanner::from_format("tsv", "school.tsv", "🔪\tweapons\t4\n");
    assert_eq!(tsv.unwrap_err().code(), "scanner_term_matches_nothing");
    let theirs = TermScanner::from_format("ldnoobw", "en", "f*ck\nbollocks\n").unwrap();
    assert_eq!(theirs.skipped(), ["en:1"]);
    // A term holding pattern syntax is a pattern, as in the TSV format.
    let gang =
        TermList::from_entries(&[("(grape|lemon) gang", "bullying", 3)], &[] as &[&str]).unwrap();
    let found = default
        .extended(&[gang])
        .unwrap()
        .scan("the lemon gang", "ks3")
        .unwrap();
    assert!(
        found
            .iter()
            .any(|m| m.pattern.as_deref() == Some("(grape|lemon) gang"))
    );
    // A malformed one is refused when read, an unknown slot when compiled.
    let bad = TermList::from_entries(&[("(grape gang", "bullying", 3)], &[] as &[&str]);
    assert_eq!(bad.unwrap_err().code(), "scanner_invalid_pattern");
    let unknown =
        TermList::from_entries(&[("{nope} gang", "bullying", 3)], &[] as &[&str]).unwrap();
    assert_eq!(
        default.extended(&[unknown]).unwrap_err().code(),
        "scanner_invalid_pattern"
    );
}

#[test]
fn spelled_out_phrases_survive_a_one_letter_word_after_them_and_stop_at_sentences() {
    let s = TermScanner::embedded_default().unwrap();
    let found = |text: &str| {
        s.scan(text, "ks3")
            .unwrap()
            .iter()
            .map(|m| m.category.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    for text in [
        "i want to k i l l m y s e l f x",
        "i want to k i l l m y s e l f u know",
        "i want to d i e i m done",
        "k i l l m y s e l f\nk i l l m y s e l f",
        "k i l l m y s e l f. k i l l m y s e l f",
    ] {
        assert!(found(text).iter().any(|c| c == "suicide"), "{text}");
    }
    // Only a short chat word ends early: the letters of a longer spelled-out word do not
    // ("a s l u t" is not `asl`).
    assert!(
        !found("you are nothing but a s l u t")
            .iter()
            .any(|c| c == "grooming")
    );
    let plural = s.scan("too many b i t c h e s here", "ks3").unwrap();
    assert_eq!(plural.len(), 1, "{plural:?}");
    // The two spelled-out sentences are two matches.
    let two = s
        .scan("k i l l m y s e l f. k i l l m y s e l f", "ks3")
        .unwrap();
    assert_eq!(
        two.iter()
            .filter(|m| m.category.as_str() == "suicide")
            .count(),
        2
    );
}

#[test]
fn a_text_longer_than_the_limit_is_refused_before_it_is_read() {
    let s = TermScanner::embedded_default().unwrap();
    let over = "a".repeat(MAX_TEXT_BYTES + 1);
    let e = s.scan(&over, "ks3").unwrap_err();
    assert_eq!(crate::ErrorCode::code(&e), "scanner_text_too_long");
    assert!(e.to_string().contains("16 MiB"), "{e}");
    // A page whose title and text together pass the limit is refused by the filter, never
    // classified as if it held no phrase.
    let f = crate::filter::UrlFilter::default();
    let e = f
        .classify_content("http://example.test/", "title", &over, "ks3")
        .unwrap_err();
    assert_eq!(crate::ErrorCode::code(&e), "filter_page_too_long");
    // The title counts, with the line between it and the text.
    let text = "a".repeat(MAX_TEXT_BYTES - 5);
    let e = f
        .classify_content("http://example.test/", "title", &text, "ks3")
        .unwrap_err();
    assert_eq!(crate::ErrorCode::code(&e), "filter_page_too_long");
}
