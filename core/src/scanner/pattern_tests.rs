//! Patterns, context cues, extending and the issue 13 obfuscation gaps, on the scanner.

use super::*;

fn default() -> TermScanner {
    TermScanner::embedded_default().unwrap()
}

#[test]
fn default_list_is_readable_and_every_pattern_compiles() {
    let list = TermScanner::default_list().unwrap();
    let s = default();
    assert_eq!(list.patterns.len(), s.patterns().len());
    assert!(s.patterns().len() >= 10);
    assert!(s.cues().len() >= 100);
    assert!(s.skipped().is_empty(), "{:?}", s.skipped());
    for p in s.patterns() {
        assert!(p.source.starts_with("default.tsv:"), "{}", p.source);
        assert!(!p.id.contains(' '), "{}", p.id);
    }
    let slots: std::collections::BTreeSet<&str> =
        list.slots.iter().map(|v| v.slot.as_str()).collect();
    for slot in [
        "identity",
        "dehumanising",
        "violent",
        "violent_action",
        "insult",
    ] {
        assert!(slots.contains(slot), "{slot}");
    }
}

#[test]
fn a_pattern_names_its_id_and_slots() {
    let m = default().scan("Kill ALL black people", "ks3").unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].pattern.as_deref(), Some("violence_against_identity"));
    assert_eq!(m[0].slots["identity"], "black people");
    assert_eq!(m[0].slots["violent_action"], "kill");
    assert_eq!(m[0].category, Category::Violence);
    assert!(m[0].is_flagged());
}

#[test]
fn context_lowers_hate_but_never_harm() {
    let s = default();
    let m = s.scan("I don't hate muslims", "ks3").unwrap();
    assert_eq!(m[0].context, vec![ContextCue::Negated]);
    assert!(!m[0].is_flagged());
    let m = s.scan("he said \"i want to kill myself\"", "ks3").unwrap();
    assert!(m[0].context.contains(&ContextCue::Quoted));
    assert_eq!(m[0].confidence, FLAG_CONFIDENCE);
    assert!(m[0].is_flagged());
}

#[test]
fn a_slur_the_writer_is_called_is_a_disclosure_not_a_report() {
    let s = default();
    for (text, disclosed) in [
        ("kids in my class keep calling me a paki", true),
        ("he called me a \"paki\"", true),
        ("i got called a paki on the bus", true),
        ("he said the word paki in class", false),
        ("he keeps saying paki in class", false),
        ("why would you think its okay to call me a paki", false),
    ] {
        let m = s.scan(text, "ks3").unwrap();
        let flagged = m.iter().any(|m| m.is_flagged() && m.context.is_empty());
        let reported = m
            .iter()
            .all(|m| m.context.contains(&ContextCue::ReportedSpeech) && !m.is_flagged());
        assert_eq!(
            (flagged, reported),
            (disclosed, !disclosed),
            "{text}: {m:?}"
        );
    }
}

#[test]
fn obfuscation_gaps_of_issue_13_are_closed() {
    let s = default();
    for text in [
        "k🔪ll myself",
        "ki😀ll myself",
        "🅺🅸🅻🅻 myself",
        "kill.myself",
        "neck myself",
        "sewer slide",
        "unalive myself",
        "kms",
        "i want 2 die",
    ] {
        let m = s.scan(text, "ks3").unwrap();
        assert_eq!(m.len(), 1, "{text}: {m:?}");
        assert_eq!(m[0].category, Category::Suicide, "{text}");
        assert_eq!(&text[m[0].start..m[0].end], m[0].matched_text);
    }
}

#[test]
fn extended_keeps_provenance_roster_and_allow() {
    let base = default().with_roster(Roster::from_names(["Jo Dick"]));
    let s = base
        .extended_with_tsv(
            "school.tsv",
            "bunk off\tbullying\t2\n@slot\tidentity\tyear 7s\n",
            &["kill myself in minecraft"],
        )
        .unwrap();
    let m = s.scan("bunk off, year 7s are scum", "ks2").unwrap();
    assert_eq!(m[0].source, "school.tsv:1");
    assert_eq!(m[1].slots["identity"], "year 7s");
    assert!(m[1].source.starts_with("default.tsv:"));
    assert!(
        s.scan("i could kill myself in minecraft", "ks2")
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        base.scan("i could kill myself in minecraft", "ks2")
            .unwrap()
            .len(),
        1
    );
    assert!(s.scan("Jo Dick", "ks2").unwrap().is_empty());
    assert_eq!(s.lists().len(), 3);
}

#[test]
fn bad_patterns_are_typed_errors() {
    let err = TermScanner::from_tsv("t.tsv", "{nope} x\tdrugs\t2\n").unwrap_err();
    assert_eq!(err.code(), "scanner_invalid_pattern");
    assert!(err.to_string().contains("t.tsv:1"), "{err}");
    let err = TermScanner::from_tsv("t.tsv", "a ~9 b\tdrugs\t2\n").unwrap_err();
    assert_eq!(err.code(), "scanner_malformed_line");
    let err = TermScanner::from_tsv("t.tsv", "@cue\tnegated\tsideways\tno\n").unwrap_err();
    assert_eq!(err.code(), "scanner_malformed_line");
}

#[test]
fn matches_serialise_with_the_new_keys_and_read_old_ones() {
    let m = &default().scan("kms", "ks3").unwrap()[0];
    let v = serde_json::to_value(m).unwrap();
    assert_eq!(v["pattern"], serde_json::Value::Null);
    assert_eq!(v["confidence"], 1.0);
    assert_eq!(v["context"], serde_json::json!([]));
    let old = serde_json::json!({"term": "kms", "category": "suicide", "severity": 5,
        "list_severity": 5, "start": 0, "end": 3, "matched_text": "kms", "source": "x"});
    let back: Match = serde_json::from_value(old).unwrap();
    assert_eq!(back.confidence, 1.0);
}

#[test]
fn a_masked_word_with_many_readings_is_one_match_with_the_first_reading() {
    // `s****s` reads as every six-letter value that starts and ends with `s`: 300 of them
    // here. The pattern is walked once per span, and the match names the first reading.
    let mut tsv = String::from("{group} are {bad}\thate_speech\t3\tid=groups_bad\n");
    for i in 0..300 {
        let (a, b) = (b'a' + (i / 26) as u8 % 26, b'a' + (i % 26) as u8);
        tsv.push_str(&format!(
            "@slot\tbad\ts{}{}{}{}s\n",
            a as char, b as char, a as char, b as char
        ));
    }
    tsv.push_str("@slot\tgroup\tpeople\n");
    let s = TermScanner::from_tsv("t.tsv", &tsv).unwrap();
    let text = "people are s****s. ".repeat(50);
    let m = s.scan(&text, "ks3").unwrap();
    assert_eq!(m.len(), 50);
    assert!(
        m.iter().all(|m| m.slots["bad"] == "saaaas"),
        "{:?}",
        m[0].slots
    );
}

#[test]
fn everyday_words_are_reported_below_the_flag_and_threats_above_it() {
    let s = default();
    let flagged = |text: &str| {
        s.scan(text, "ks3")
            .unwrap()
            .iter()
            .any(|m| m.confidence >= context::FLAG_CONFIDENCE)
    };
    for text in [
        "this song is the bomb",
        "we had to kill the wasps",
        "strapped for cash",
    ] {
        let m = s.scan(text, "ks3").unwrap();
        assert_eq!(m.len(), 1, "{text}");
        assert_eq!(m[0].context, vec![ContextCue::EverydaySense], "{text}");
        assert!(!flagged(text), "{text}");
    }
    for text in [
        "im bringing a knife to school tomorrow",
        "i will bomb the school",
        "kill those bastards",
        "i will kill you",
    ] {
        assert!(flagged(text), "{text}");
    }
    assert!(!flagged("bringing my water gun to school"));
}

#[test]
fn a_school_allow_phrase_never_silences_harm_by_a_word_of_it() {
    let base = default();
    let scan = |s: &TermScanner, text: &str| -> Vec<String> {
        s.scan(text, "ks2")
            .unwrap()
            .into_iter()
            .filter(|m| m.confidence >= 0.5)
            .map(|m| m.category.as_str().to_owned())
            .collect()
    };
    for (allow, text, category) in [
        ("myself", "i want to kill myself", "suicide"),
        ("kill myself", "i want to kill myself", "suicide"),
        ("send", "send nudes", "grooming"),
        ("nudes", "send nudes", "grooming"),
        // Written exactly as the harm term, or as one word of a threat.
        ("overdose", "im going to overdose tonight", "suicide"),
        ("kms", "kms", "suicide"),
        ("knife", "im bringing a knife to school tomorrow", "weapons"),
        ("shoot", "im going to shoot up the school", "violence"),
    ] {
        let s = base
            .extended(&[TermList::from_entries::<&str, &str, &str>(&[], &[allow]).unwrap()])
            .unwrap();
        assert!(
            scan(&s, text).contains(&category.to_owned()),
            "{allow}: {text}"
        );
    }
    // A longer expression around the whole match is the school's to allow, and a phrase
    // over a category that is not protected silences it as before.
    let s = base
        .extended(&[TermList::from_entries::<&str, &str, &str>(
            &[],
            &["kill myself in minecraft", "loser"],
        )
        .unwrap()])
        .unwrap();
    assert!(scan(&s, "i could kill myself in minecraft").is_empty());
    // The silenced phrase still stands for its words: the threat its first words could
    // also spell ("i'll kill") is not reported in its place.
    assert!(scan(&s, "i'll kill myself in minecraft").is_empty());
    // A school's term written exactly as a harm term does not re-file it.
    let games = TermList::from_entries(&[("isis", "games", 5)], &[] as &[&str]).unwrap();
    let refiled = base.extended(&[games]).unwrap();
    assert_eq!(scan(&refiled, "i love isis"), vec!["extremism"]);
    assert!(
        scan(&s, "what a loser").is_empty(),
        "{:?}",
        scan(&s, "what a loser")
    );
}

/// A negation of a negation asserts: "can't stop" and "never stop" are no negation; a
/// single negation still lowers.
#[test]
fn a_double_negative_asserts() {
    let s = default();
    let cues = |text: &str| -> Vec<(String, Vec<ContextCue>, bool)> {
        s.scan(text, "ks3")
            .unwrap()
            .into_iter()
            .map(|m| {
                (
                    m.category.as_str().to_owned(),
                    m.context.clone(),
                    m.confidence >= 0.5,
                )
            })
            .collect()
    };
    for text in [
        "i cant stop cutting myself",
        "i will never stop hating jews",
    ] {
        let found = cues(text);
        assert!(!found.is_empty(), "{text}");
        assert!(
            found
                .iter()
                .all(|(_, c, flagged)| !c.contains(&ContextCue::Negated)
                    && !c.contains(&ContextCue::CounterSpeech)
                    && *flagged),
            "{text}: {found:?}"
        );
    }
    let found = cues("i dont hate jews");
    assert!(
        found
            .iter()
            .all(|(_, c, flagged)| c.contains(&ContextCue::Negated) && !flagged),
        "{found:?}"
    );
}
