//! The other spellings of a phrase a list writes once, compiled beside it.
//!
//! A list writes `want to die` once; pupils also write "wants to die", "wanting to die",
//! "kill my self", "shoot up this school" and, of a friend, "she wants to kill herself".
//! [`variants`] gives those spellings of a normalised phrase (words separated by
//! [`normalize::SPACE`]); the build registers each as the same list entry, so the match
//! names the line as listed and shows the text as written. See docs/scanner.md "Spellings a
//! term also matches".
//!
//! ```text
//! kill myself     → kill my self, kill herself, kill her self, kill himself, ...
//! want to die     → wants to die, wanted to die, wanting to die
//! shoot up the school → shoot up this school, shoot up my school, shoot up our school
//! ```

use super::normalize;
use super::terms::Category;

/// Reflexive pronouns and their two-word spellings (`kill my self`, `hurt ur self`).
const REFLEXIVES: &[(&[u8], &[u8])] = &[
    (b"myself", b"my self"),
    (b"yourself", b"your self"),
    (b"urself", b"ur self"),
    (b"himself", b"him self"),
    (b"herself", b"her self"),
    (b"itself", b"it self"),
    (b"oneself", b"one self"),
    (b"ourselves", b"our selves"),
    (b"yourselves", b"your selves"),
    (b"themselves", b"them selves"),
    (b"themself", b"them self"),
];

/// The other persons of a first-person phrase: (`myself`, `my`) become each pair.
const OTHER_PERSONS: &[(&[u8], &[u8])] = &[
    (b"himself", b"his"),
    (b"herself", b"her"),
    (b"themselves", b"their"),
    (b"themself", b"their"),
];

/// Words that make a phrase first person by its subject (`i want to kill myself`): a
/// phrase with one keeps its person.
const FIRST_PERSON_SUBJECTS: &[&[u8]] = &[b"i", b"im", b"me", b"id", b"ill", b"ive"];

/// Determiners a harm phrase may write as another ("shoot up this school"); a phrase's
/// `my` is left alone (it says whose life).
const DETERMINERS: &[&[u8]] = &[b"the", b"this"];
/// What a determiner may be written as.
const DETERMINER_SPELLINGS: &[&[u8]] = &[b"the", b"this", b"my", b"our"];

/// First words that are not verbs to inflect: pronouns, determiners, auxiliaries,
/// negations and other function words.
const NOT_VERBS: &[&[u8]] = &[
    b"i",
    b"im",
    b"id",
    b"ill",
    b"ive",
    b"you",
    b"u",
    b"ur",
    b"youre",
    b"he",
    b"she",
    b"we",
    b"they",
    b"it",
    b"me",
    b"my",
    b"your",
    b"his",
    b"her",
    b"our",
    b"their",
    b"the",
    b"a",
    b"an",
    b"this",
    b"that",
    b"these",
    b"those",
    b"no",
    b"not",
    b"dont",
    b"cant",
    b"wont",
    b"nobody",
    b"noone",
    b"everyone",
    b"everybody",
    b"someone",
    b"all",
    b"what",
    b"whats",
    b"how",
    b"why",
    b"when",
    b"where",
    b"who",
    b"is",
    b"are",
    b"was",
    b"were",
    b"be",
    b"am",
    b"do",
    b"does",
    b"did",
    b"have",
    b"has",
    b"had",
    b"will",
    b"would",
    b"should",
    b"could",
    b"can",
    b"to",
    b"of",
    b"in",
    b"on",
    b"at",
    b"for",
    b"with",
    b"and",
    b"or",
    b"if",
    b"so",
    b"just",
    b"gonna",
    b"wanna",
    b"going",
    b"never",
];

/// A verb's base, third-person, past and `-ing` forms.
type Forms = (&'static [u8], &'static [u8], &'static [u8], &'static [u8]);

/// Irregular verbs of the lists.
const IRREGULAR: &[Forms] = &[
    (b"take", b"takes", b"took", b"taking"),
    (b"make", b"makes", b"made", b"making"),
    (b"give", b"gives", b"gave", b"giving"),
    (b"send", b"sends", b"sent", b"sending"),
    (b"get", b"gets", b"got", b"getting"),
    (b"go", b"goes", b"went", b"going"),
    (b"meet", b"meets", b"met", b"meeting"),
    (b"shoot", b"shoots", b"shot", b"shooting"),
    (b"hurt", b"hurts", b"hurt", b"hurting"),
    (b"cut", b"cuts", b"cut", b"cutting"),
    (b"hit", b"hits", b"hit", b"hitting"),
    (b"slit", b"slits", b"slit", b"slitting"),
    (b"hang", b"hangs", b"hanged", b"hanging"),
    (b"throw", b"throws", b"threw", b"throwing"),
    (b"tell", b"tells", b"told", b"telling"),
    (b"buy", b"buys", b"bought", b"buying"),
    (b"sell", b"sells", b"sold", b"selling"),
    (b"pay", b"pays", b"paid", b"paying"),
    (b"hold", b"holds", b"held", b"holding"),
    (b"bring", b"brings", b"brought", b"bringing"),
    (b"keep", b"keeps", b"kept", b"keeping"),
    (b"leave", b"leaves", b"left", b"leaving"),
    (b"feel", b"feels", b"felt", b"feeling"),
    (b"burn", b"burns", b"burnt", b"burning"),
    (b"run", b"runs", b"ran", b"running"),
    (b"die", b"dies", b"died", b"dying"),
    (b"put", b"puts", b"put", b"putting"),
    (b"beat", b"beats", b"beat", b"beating"),
];

/// The other spellings of a phrase (the phrase itself not included), for a list entry of
/// `category` (`None` for an allow-phrase, which is ordinary language about anyone):
///
/// * its reflexive pronouns as two words (`kill my self`): pupils write both;
/// * a reflexive phrase about someone else (`kill herself`, `take his own life`, `cutting
///   them selves`), for suicide, self-harm in an ongoing verb (`cutting myself`, not `cut
///   myself`: "she cut herself on the glass" is an accident more often than not) and
///   allow-phrases. Only a reflexive (`myself`, `my own`) says who is at risk: `end my
///   life` stays first person ("I want to end his life" is a threat), as does a phrase with
///   a first-person subject (`i want to kill myself`);
/// * for a category that signals harm, and allow-phrases: its first `the` or `this` after
///   the first word as each of `the`, `this`, `my`, `our` (`shoot up this school`); and for
///   a protected category ([`Category::is_protected`]) and allow-phrases, its first word
///   inflected when it is a verb (`wants to die`, `wanted to die`, `wanting to die`): a
///   threat told in the past tense is a story.
pub(super) fn variants(bytes: &[u8], category: Option<&Category>) -> Vec<Vec<u8>> {
    let words: Vec<&[u8]> = bytes.split(|&b| b == normalize::SPACE).collect();
    let harm = category.is_none_or(Category::signals_harm);
    let base: Vec<Vec<u8>> = words.iter().map(|w| w.to_vec()).collect();
    let mut spellings: Vec<Vec<Vec<u8>>> = vec![base.clone()];
    if words.len() >= 2 && harm {
        if let Some(det) = words.iter().skip(1).position(|w| DETERMINERS.contains(w)) {
            let at = det + 1;
            for &other in DETERMINER_SPELLINGS {
                if words.get(at) != Some(&other) {
                    let mut swapped = base.clone();
                    if let Some(w) = swapped.get_mut(at) {
                        *w = other.to_vec();
                    }
                    spellings.push(swapped);
                }
            }
        }
        // A threat or an insult in the past tense is a story ("the dragon killed him"):
        // only the protected categories (`Category::is_protected`), where a past or a
        // friend's act is still a disclosure, are inflected.
        let protected = category.is_none_or(Category::is_protected);
        let forms = match words.first() {
            Some(first) if protected => inflections(first),
            _ => Vec::new(),
        };
        let snapshot = spellings.clone();
        for spelling in &snapshot {
            for form in &forms {
                let mut inflected = spelling.clone();
                if let Some(first) = inflected.first_mut() {
                    *first = form.clone();
                }
                spellings.push(inflected);
            }
        }
    }
    if about_someone_else(&words, category) {
        let snapshot = spellings.clone();
        for spelling in &snapshot {
            for (reflexive, possessive) in OTHER_PERSONS {
                let other = spelling.iter().map(|w| match w.as_slice() {
                    b"myself" => reflexive.to_vec(),
                    b"my" => possessive.to_vec(),
                    _ => w.clone(),
                });
                spellings.push(other.collect());
            }
        }
    }
    // The categories where a missed phrase is a missed child (and allow-phrases): each chat
    // spelling is one more pattern to build, so the swearing and slur lists of other makers,
    // whose words match alone anyway, are not multiplied.
    let bullying =
        category.is_some_and(|c| c.parent().as_ref().unwrap_or(c) == &Category::Bullying);
    if words.len() >= 2 && (harm || bullying) {
        chat_spellings(&mut spellings);
    }
    let mut out = Vec::new();
    for (k, spelling) in spellings.iter().enumerate() {
        if k > 0 {
            out.push(spelling.join(&normalize::SPACE));
        }
        let split: Vec<&[u8]> = spelling
            .iter()
            .map(|w| {
                REFLEXIVES
                    .iter()
                    .find(|(one, _)| *one == w.as_slice())
                    .map_or(w.as_slice(), |(_, two)| *two)
            })
            .collect();
        if split.iter().zip(spelling).any(|(a, b)| *a != b.as_slice()) {
            out.push(split.join(&normalize::SPACE));
        }
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|v| v.as_slice() != bytes);
    out
}

/// Words pupils write in chat for the words of a phrase, both ways round: a list writes
/// `dont tell your mum` once and a pupil types "do not tell ur mom". Each group holds the
/// spellings of one word or two-word expression (normalised: no apostrophes).
const CHAT: &[&[&[u8]]] = &[
    &[b"you", b"u", b"ya"],
    &[b"your", b"ur", b"yr"],
    &[b"youre", b"ur", b"you are", b"u r"],
    &[b"are", b"r"],
    &[b"dont", b"do not"],
    &[b"doesnt", b"does not"],
    &[b"didnt", b"did not"],
    &[b"isnt", b"is not"],
    &[b"cant", b"cannot", b"can not"],
    &[b"want to", b"wanna"],
    &[b"going to", b"gonna"],
    &[b"got to", b"gotta"],
    &[b"to", b"2"],
    &[b"im", b"i am"],
    &[b"ill", b"i will"],
    &[b"mum", b"mom", b"mam"],
    &[b"please", b"pls", b"plz"],
    &[b"because", b"cos", b"cuz", b"coz"],
    &[b"people", b"ppl"],
    &[b"tonight", b"tonite", b"2nite"],
    &[b"tomorrow", b"tmrw", b"tmr"],
    &[b"someone", b"somebody", b"some1"],
    &[b"anyone", b"anybody", b"any1"],
    &[b"everyone", b"everybody", b"every1"],
    &[b"anymore", b"any more", b"no more"],
];

/// The most chat spellings added for one phrase (a long phrase of common words would
/// otherwise multiply into thousands).
const MAX_CHAT_SPELLINGS: usize = 24;

/// Adds to `spellings` each one with one or more of its words in another [`CHAT`] spelling
/// (`dont tell your mum` → `do not tell ur mom`), at most [`MAX_CHAT_SPELLINGS`] new ones.
fn chat_spellings(spellings: &mut Vec<Vec<Vec<u8>>>) {
    let as_words = |s: &[u8]| -> Vec<Vec<u8>> {
        s.split(|&b| b == normalize::SPACE)
            .map(<[u8]>::to_vec)
            .collect()
    };
    let mut added = 0;
    let mut k = 0;
    while let Some(spelling) = spellings.get(k).cloned() {
        k += 1;
        for at in 0..spelling.len() {
            for group in CHAT {
                for member in group.iter() {
                    let words = as_words(member);
                    // The words before the member, the member's place, and those after it.
                    let Some((before, rest)) = spelling.split_at_checked(at) else {
                        continue;
                    };
                    let Some((here, after)) = rest.split_at_checked(words.len()) else {
                        continue;
                    };
                    if here != words.as_slice() {
                        continue;
                    }
                    for other in group.iter().filter(|o| *o != member) {
                        let mut respelt = before.to_vec();
                        respelt.extend(as_words(other));
                        respelt.extend(after.iter().cloned());
                        if added >= MAX_CHAT_SPELLINGS {
                            return;
                        }
                        if !spellings.contains(&respelt) {
                            spellings.push(respelt);
                            added += 1;
                        }
                    }
                }
            }
        }
    }
}

/// Whether a reflexive phrase is also matched about someone else (see [`variants`]).
fn about_someone_else(words: &[&[u8]], category: Option<&Category>) -> bool {
    let allowed = match category.map(|c| c.parent().unwrap_or_else(|| c.clone())) {
        None | Some(Category::Suicide) => true,
        Some(Category::SelfHarm) => words.first().is_some_and(|verb| verb.ends_with(b"ing")),
        Some(_) => false,
    };
    let reflexive =
        words.contains(&&b"myself"[..]) || words.windows(2).any(|w| w == [&b"my"[..], &b"own"[..]]);
    allowed && reflexive && !words.iter().any(|w| FIRST_PERSON_SUBJECTS.contains(w))
}

/// The third-person, past and `-ing` forms of a first word that may be a verb (the `-ing`
/// form also without its `g`): none for a function word, a short word, or a word already
/// inflected (`-ed`, `-s`); an `-ing` word only without its `g`.
fn inflections(word: &[u8]) -> Vec<Vec<u8>> {
    if word.ends_with(b"ing") && !NOT_VERBS.contains(&word) {
        // Already inflected: only as typed without its `g` (`cuttin myself`).
        return with_dropped_g(vec![word.to_vec()])
            .into_iter()
            .skip(1)
            .collect();
    }
    if NOT_VERBS.contains(&word)
        || word.len() < 3 && word != b"go"
        || !word.iter().all(u8::is_ascii_lowercase)
        || word.ends_with(b"ed")
        || (word.ends_with(b"s") && !word.ends_with(b"ss"))
    {
        return Vec::new();
    }
    if let Some(&(_, third, past, ing)) = IRREGULAR.iter().find(|(base, ..)| *base == word) {
        return with_dropped_g(vec![third.to_vec(), past.to_vec(), ing.to_vec()]);
    }
    let [.., before, last] = *word else {
        return Vec::new();
    };
    let vowel = |b: u8| b"aeiou".contains(&b);
    let with = |tail: &[u8], cut: usize| {
        let mut w = word
            .get(..word.len().saturating_sub(cut))
            .unwrap_or(word)
            .to_vec();
        w.extend_from_slice(tail);
        w
    };
    let third = if last == b'y' && !vowel(before) {
        with(b"ies", 1)
    } else if word.ends_with(b"sh") || word.ends_with(b"ch") || b"sxzo".contains(&last) {
        with(b"es", 0)
    } else {
        with(b"s", 0)
    };
    let (past, ing) = if last == b'e' {
        (with(b"d", 0), with(b"ing", 1))
    } else if last == b'y' && !vowel(before) {
        (with(b"ied", 1), with(b"ing", 0))
    } else {
        (with(b"ed", 0), with(b"ing", 0))
    };
    with_dropped_g(vec![third, past, ing])
}

/// The forms, with the `-ing` form also as pupils type it without its `g` (`killin`,
/// `cuttin`, `starvin`).
fn with_dropped_g(mut forms: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    let dropped = forms.iter().find_map(|f| {
        f.strip_suffix(b"g")
            .filter(|f| f.ends_with(b"in") && f.len() >= 5)
    });
    if let Some(form) = dropped.map(<[u8]>::to_vec) {
        forms.push(form);
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(phrase: &str, category: Option<&Category>) -> Vec<String> {
        variants(phrase.as_bytes(), category)
            .into_iter()
            .map(|v| String::from_utf8(v).unwrap())
            .collect()
    }

    #[test]
    fn verbs_are_inflected_and_function_words_are_not() {
        let v = of("want to die", Some(&Category::Suicide));
        for s in ["wants to die", "wanted to die", "wanting to die"] {
            assert!(v.contains(&s.to_owned()), "{s}: {v:?}");
        }
        let v = of("slide away", Some(&Category::Suicide));
        assert!(v.contains(&"sliding away".to_owned()), "{v:?}");
        let v = of("kill myself", Some(&Category::Suicide));
        assert!(v.contains(&"killin myself".to_owned()), "{v:?}");
        let v = of("i want to die", Some(&Category::Suicide));
        assert!(
            !v.iter()
                .any(|s| s.contains("wants") || s.starts_with("is ")),
            "{v:?}"
        );
        let v = of("killing myself", Some(&Category::Violence));
        assert_eq!(v, ["killing my self"]);
    }

    #[test]
    fn determiners_swap_only_for_harm() {
        let v = of("shoot up the school", Some(&Category::Violence));
        assert!(v.contains(&"shoot up this school".to_owned()), "{v:?}");
        assert!(v.contains(&"shoot up our school".to_owned()), "{v:?}");
        assert!(
            !v.iter().any(|s| s.starts_with("shot")),
            "a threat is not inflected: {v:?}"
        );
        let v = of("go to the shops", Some(&Category::Profanity));
        assert!(
            !v.iter().any(|s| s.contains("this") || s.contains("our")),
            "{v:?}"
        );
    }

    #[test]
    fn chat_spellings_both_ways() {
        let v = of("dont tell your mum", Some(&Category::Grooming));
        for s in [
            "do not tell ur mum",
            "dont tell ur mom",
            "do not tell your mam",
        ] {
            assert!(v.contains(&s.to_owned()), "{s}: {v:?}");
        }
        let v = of("do not want to live", Some(&Category::Suicide));
        assert!(v.contains(&"dont wanna live".to_owned()), "{v:?}");
        assert!(v.len() <= 3 * (MAX_CHAT_SPELLINGS + 1), "{}", v.len());
        assert!(of("are you ok", Some(&Category::Profanity)).is_empty());
        assert!(
            of("nobody likes you", Some(&Category::Bullying))
                .contains(&"nobody likes u".to_owned())
        );
    }

    #[test]
    fn persons_only_from_a_reflexive() {
        let v = of("kill myself", Some(&Category::Suicide));
        assert!(v.contains(&"kill herself".to_owned()) && v.contains(&"kill my self".to_owned()));
        let words = |v: &[String]| {
            v.iter()
                .flat_map(|s| s.split(' ').map(str::to_owned))
                .collect::<Vec<_>>()
        };
        let v = of("end my life", Some(&Category::Suicide));
        assert!(!words(&v).iter().any(|w| w == "his" || w == "the"), "{v:?}");
        let v = of("cut myself", Some(&Category::SelfHarm));
        assert!(!words(&v).iter().any(|w| w == "herself"), "{v:?}");
    }
}
