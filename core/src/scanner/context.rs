//! Context that changes a match's meaning, and the match's confidence.
//!
//! A match starts at confidence 1.0 (a term) or [`PATTERN_CONFIDENCE`] (a pattern). Cue
//! phrases near it (`@cue` lines of the list) and quotation marks around it lower it to the
//! cue's figure below (the lowest cue wins), and the match lists every cue found in its
//! `context`. A text is *flagged* when one of its matches has confidence of at least
//! [`FLAG_CONFIDENCE`].
//!
//! | cue | found | window | confidence |
//! |---|---|---|---|
//! | `negated` | a negation before a pattern or phrase ("don't", "not", "never"; a slur stays a slur; "don't you think ...", "isn't it ..." ask, they do not deny) | 2 words | 0.3 |
//! | `quoted` | the match is between quotation marks on its line; not for grooming, abuse or criminal exploitation (a pupil quoting what was said to them) | — | 0.4 |
//! | `reported_speech` | reporting before it ("he said", "saying"); not when it names the writer as called a slur or insult ("keeps calling me a …": a disclosure), nor for grooming, abuse or criminal exploitation, where what was said to the pupil is the harm ("he said if I tell anyone he'll hurt my sister") | 4 words | 0.4 |
//! | `counter_speech` | condemnation before or after it ("stop saying", "is wrong", "is racist") | 4 words | 0.25 |
//! | `self_reference` | the speaker claims a slur, insult or swear word for themselves, just before or after it ("I am", "call myself", "like me"; never a statement: "I am disgusted by all X") | 1 word | 0.2 |
//! | `mild_for_audience` | swearing, or severity 1 for the audience, from `ks3` up ([`is_mild`]) | — | 0.4 |
//! | `everyday_sense` | a lone word the list marks `everyday`: its everyday senses outnumber the harmful one ("killing it", "the bomb") | — | 0.4 |
//! | `endorsed` | the speaker agrees with what they report or quote, just after it or opening the next sentence ("... and he's right", "... . I agree") | 4 words | none: the report and the quotation no longer lower the match |
//!
//! Cues never cross a sentence end, but for an endorsement that opens the next sentence. **Harm is never silenced**: a match whose category is a
//! harm match ([`is_harm`]: suicide, self-harm, grooming, abuse, extremism, threats and
//! violence, "kill yourself") keeps a confidence of at least [`FLAG_CONFIDENCE`], so it is still flagged with
//! its cues listed ("I don't want to kill myself" is a conversation the DSL must see).

use super::normalize::{STOP, Unit};
use super::terms::Category;
use serde::{Deserialize, Serialize};

/// The confidence from which a match flags its text.
pub const FLAG_CONFIDENCE: f64 = 0.5;

/// The confidence of a pattern match before context.
pub const PATTERN_CONFIDENCE: f64 = 0.8;

crate::ids::closed_ids! {
    /// A context cue that lowers a match's confidence.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    ContextCue {
        /// Negated ("I don't hate ...").
        Negated = "negated",
        /// Between quotation marks.
        Quoted = "quoted",
        /// Reported speech ("he called me ...", "saying ...").
        ReportedSpeech = "reported_speech",
        /// Counter-speech ("... is wrong", "stop calling people ...").
        CounterSpeech = "counter_speech",
        /// The speaker claims a word for themselves ("I am gay", "we call ourselves fags").
        SelfReference = "self_reference",
        /// Swearing, or a severity-1 term, for key stage 3 and older: noise, not a
        /// safeguarding signal.
        MildForAudience = "mild_for_audience",
        /// A lone word that the list marks `everyday`: it is said far more often in its
        /// everyday senses ("killing it", "this song is the bomb") than as a threat. The match
        /// is still reported; its phrases and patterns ("i will kill you") keep their own
        /// confidence.
        EverydaySense = "everyday_sense",
        /// The speaker agrees with what they report or quote ("my dad says X are Y and he's
        /// right"): `reported_speech` and `quoted` no longer lower the match.
        Endorsed = "endorsed",
        /// A topic of a lesson, a book, a film or a game, not an event ("pshe presentation
        /// on knife crime", "best gun loadout in warzone").
        Educational = "educational",
    }
}

impl ContextCue {
    /// The confidence a match keeps with this cue (module table; `endorsed` lowers nothing).
    pub fn confidence(self) -> f64 {
        match self {
            ContextCue::Endorsed => 1.0,
            ContextCue::Negated => 0.3,
            ContextCue::Quoted
            | ContextCue::ReportedSpeech
            | ContextCue::MildForAudience
            | ContextCue::EverydaySense
            | ContextCue::Educational => 0.4,
            ContextCue::CounterSpeech => 0.25,
            ContextCue::SelfReference => 0.2,
        }
    }

    /// Whether a pattern's gap (`~`, `~~`) stops at this cue's phrases: a negation, a
    /// report or a condemnation changes what follows it; a self-reference ("us") does not.
    pub fn stops_gap(self) -> bool {
        matches!(
            self,
            ContextCue::Negated | ContextCue::ReportedSpeech | ContextCue::CounterSpeech
        )
    }

    /// How many words away from the match a cue phrase may be (at most [`MAX_WINDOW`]).
    pub fn window(self) -> usize {
        match self {
            ContextCue::Negated => 2,
            ContextCue::Quoted | ContextCue::MildForAudience | ContextCue::EverydaySense => 0,
            ContextCue::ReportedSpeech | ContextCue::CounterSpeech | ContextCue::Endorsed => 4,
            // A lesson frames its whole sentence ("in biology we studied the penis and
            // the vagina"), never past a full stop.
            ContextCue::Educational => 8,
            ContextCue::SelfReference => 1,
        }
    }
}

impl std::str::FromStr for ContextCue {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Only the cues that phrases signal: the last two come from the audience and the
        // list's `everyday` flag.
        ContextCue::from_id(s)
            .filter(|c| !matches!(c, ContextCue::MildForAudience | ContextCue::EverydaySense))
            .ok_or_else(|| {
                format!(
                    "unknown cue `{}`: expected negated, quoted, reported_speech, counter_speech, self_reference, endorsed or educational",
                    super::terms::shorten(s)
                )
            })
    }
}

/// Where a cue phrase stands relative to the match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CuePosition {
    /// Before the match ("don't" hate ...).
    Before,
    /// After the match (... "is wrong").
    After,
}

/// One cue phrase (`@cue<TAB>negated<TAB>before<TAB>dont`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CueEntry {
    /// The cue it signals.
    pub cue: ContextCue,
    /// Where it stands relative to the match.
    pub position: CuePosition,
    /// The phrase as written.
    pub phrase: String,
    /// Where it comes from (`default.tsv:600`).
    pub source: String,
}

/// Whether a match is harm that nothing may silence, only lower to [`FLAG_CONFIDENCE`]
/// (context cues) or leave as it is (a school's allow-phrases and adjustments): risk to
/// life, exploitation, abuse and terrorism (the protected categories), violence of list
/// severity 3 or more (threats, not the bare word "kill"), weapons of 4 or more (a weapon
/// brought to school or pulled on someone, not "machete" or "the bomb"), and bullying of
/// severity 5 ("kill yourself"). A list's own id under a known category counts as that
/// category.
pub fn is_harm(category: &Category, list_severity: u8) -> bool {
    let known = category.parent().unwrap_or_else(|| category.clone());
    known.is_protected()
        || (known == Category::Violence && list_severity >= 3)
        || (known == Category::Weapons && list_severity >= 4)
        || (known == Category::Bullying && list_severity >= 5)
}

/// Whether a lesson may take a term the list marks `topic` below the flag: the name of a
/// group or a crime pupils study ("a documentary on isis", "a video about county lines").
/// Never for risk to life or sexual harm (suicide, self-harm, grooming, sextortion, abuse)
/// nor for a threat (violence of 3 or more, weapons of 4 or more, bullying of 5): a lesson
/// may lower those, never silence them.
pub fn topic_may_be_silenced(category: &Category, list_severity: u8) -> bool {
    let known = category.parent().unwrap_or_else(|| category.clone());
    let risk_to_life_or_sexual_harm = matches!(
        known,
        Category::Suicide
            | Category::SelfHarm
            | Category::Grooming
            | Category::Sextortion
            | Category::Abuse
    );
    // A threat is harm outside the protected categories ([`is_harm`]).
    let threat = is_harm(category, list_severity) && !known.is_protected();
    !risk_to_life_or_sexual_harm && !threat
}

/// Whether a match is mild for the audience: swearing, or a term of severity 1 for the
/// audience, from key stage 3 up (never a harm match, see [`is_harm`]).
pub fn is_mild(audience: super::Audience, category: &Category, severity: u8) -> bool {
    audience >= super::Audience::Ks3 && (*category == Category::Profanity || severity <= 1)
}

/// The confidence of a match from its base confidence, its cues, its category and its
/// list severity. An endorsement takes back what a report or a quotation lowered.
pub fn confidence(base: f64, cues: &[ContextCue], category: &Category, list_severity: u8) -> f64 {
    let endorsed = cues.contains(&ContextCue::Endorsed);
    let lowered = cues
        .iter()
        .filter(|c| !(endorsed && matches!(c, ContextCue::ReportedSpeech | ContextCue::Quoted)))
        .map(|c| c.confidence())
        .fold(base, f64::min);
    if is_harm(category, list_severity) {
        lowered.max(FLAG_CONFIDENCE.min(base))
    } else {
        lowered
    }
}

/// Whether a category's harm is done in words said to the pupil (grooming, sextortion,
/// abuse, criminal exploitation, and a list's own categories under them): a report or a quotation of such
/// words is what a disclosure sounds like, so neither lowers the match.
fn is_told(category: &Category) -> bool {
    match category {
        Category::Custom(_) => category.parent().is_some_and(|p| is_told(&p)),
        _ => matches!(
            category,
            Category::Grooming
                | Category::Sextortion
                | Category::Abuse
                | Category::CriminalExploitation
        ),
    }
}

/// A cue phrase found in the text (units `first..=last`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CueHit {
    pub first: usize,
    pub last: usize,
    pub cue: ContextCue,
    pub position: CuePosition,
}

/// The widest [`ContextCue::window`].
pub(crate) const MAX_WINDOW: usize = 8;

/// The cue hits (sorted by first unit) that may lie within [`MAX_WINDOW`] words of the match
/// on units `first..=last`: a bounded slice, so a text with many matches and many cue
/// phrases costs linear time, not the product of the two. `longest` is the most units any
/// of the hits spans.
pub(crate) fn near<'a>(
    hits: &'a [CueHit],
    longest: usize,
    (first, last): (usize, usize),
    starts: &[u32],
) -> &'a [CueHit] {
    let word = |unit: usize| starts.partition_point(|&s| s as usize <= unit);
    let unit_of = |w: usize| starts.get(w).map(|&s| s as usize);
    // A cue before ends in a word at most MAX_WINDOW before the match's first word.
    let low = unit_of(word(first).saturating_sub(MAX_WINDOW + 2))
        .unwrap_or(0)
        .saturating_sub(longest);
    // A cue after starts at most MAX_WINDOW words after the match's last word.
    let high = unit_of(word(last) + MAX_WINDOW + 1).unwrap_or(usize::MAX);
    let from = hits.partition_point(|h| h.first < low);
    let to = hits.partition_point(|h| h.first <= high);
    hits.get(from..to.max(from)).unwrap_or_default()
}

/// The byte offsets of every quotation mark [`is_quoted`] reads, in order, appended to `out`
/// (read once per text, so a match far from any mark costs a binary search, not a read of
/// the 2 KB around it).
pub(crate) fn quote_marks(text: &str, out: &mut Vec<u32>) {
    // `"` and `'`, then the UTF-8 forms of ‘ ’ “ ” „ (E2 80 98/99/9C/9D/9E) and « » (C2
    // AB/BB), found with `memchr`. A lead byte is never inside another character, so each
    // hit is a character boundary.
    let bytes = text.as_bytes();
    let third = |i: usize| bytes.get(i + 2);
    for i in memchr::memchr3_iter(b'"', b'\'', 0xE2, bytes) {
        let mark = match bytes.get(i) {
            Some(0xE2) => {
                bytes.get(i + 1) == Some(&0x80)
                    && third(i).is_some_and(|c| matches!(c, 0x98 | 0x99 | 0x9C | 0x9D | 0x9E))
            }
            _ => true,
        };
        if mark {
            out.push(i as u32);
        }
    }
    let before = out.len();
    for i in memchr::memchr_iter(0xC2, bytes) {
        if bytes.get(i + 1).is_some_and(|c| matches!(c, 0xAB | 0xBB)) {
            out.push(i as u32);
        }
    }
    if out.len() > before {
        out.sort_unstable();
    }
}

/// Which cues a match reads besides the others.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reads {
    /// Negation: only a statement (a pattern or a phrase) is negated; a negated slur is
    /// still a slur.
    negation: bool,
    /// Self-reference: only a single word that a speaker can claim for themselves, a slur,
    /// an insult or a swear word ("we call ourselves fags", "my nigga"). A statement ("I am
    /// disgusted by all ...") is not lowered, and neither is "my knife" or "my weed".
    self_reference: bool,
    /// A lesson or a game: not for a hateful or bullying statement ("in pshe i learned gays
    /// are disgusting" is still a statement of the speaker's), only for a topic.
    educational: bool,
    /// A disclosure: a slur or an insult that the report names the writer as called
    /// ("they keep calling me a …") is abuse the pupil is telling of, not a quotation to
    /// discount ([`discloses`]).
    disclosure: bool,
    /// Told to the pupil: grooming, abuse and criminal exploitation are done in words said
    /// to the child ("he said if I tell anyone he'll hurt my sister", "she told me to keep
    /// it secret"), so a report or a quotation of them is a disclosure, never a discount.
    told: bool,
}

impl Reads {
    /// The cues a match of a `statement` (or not) of `category` reads.
    pub(crate) fn of(statement: bool, category: &Category) -> Reads {
        let claimable = matches!(
            category,
            Category::HateSpeech
                | Category::Discrimination
                | Category::Bullying
                | Category::Profanity
        );
        Reads {
            negation: statement,
            self_reference: !statement && claimable,
            educational: !(statement && claimable),
            disclosure: !statement && matches!(category, Category::HateSpeech | Category::Bullying),
            told: is_told(category),
        }
    }

    /// The same, for a match of a listed term (not a pattern) when `listed`: a bullying
    /// phrase a list names ("no one likes you", "nobody wants you here") is words said to
    /// the pupil, so a report of it ("they keep saying no one likes u") is a disclosure. A
    /// bullying *pattern* (`you are a {insult}`) stays discounted in a report or a
    /// quotation: quoted insults are how counter-speech and song lyrics read.
    pub(crate) fn listed(mut self, listed: bool, category: &Category) -> Reads {
        let bullying = category.parent().as_ref().unwrap_or(category) == &Category::Bullying;
        self.told |= listed && bullying;
        self
    }

    fn cue(self, cue: ContextCue) -> bool {
        match cue {
            ContextCue::Negated => self.negation,
            ContextCue::SelfReference => self.self_reference,
            ContextCue::Educational => self.educational,
            ContextCue::Quoted | ContextCue::ReportedSpeech => !self.told,
            ContextCue::CounterSpeech
            | ContextCue::MildForAudience
            | ContextCue::EverydaySense
            | ContextCue::Endorsed => true,
        }
    }
}

/// The cues around the match on units `first..=last` (text bytes `start..end`), sorted;
/// `reads` says which of them the match can take. `marks` are the text's [`quote_marks`].
#[allow(clippy::too_many_arguments)] // one call site; the arguments are the scan's state
pub(crate) fn cues_of(
    reads: Reads,
    (first, last): (usize, usize),
    (start, end): (usize, usize),
    hits: &[CueHit],
    units: &[Unit],
    starts: &[u32],
    text: &str,
    marks: &[u32],
) -> Vec<ContextCue> {
    let word = |unit: usize| starts.partition_point(|&s| s as usize <= unit);
    let no_stop = |from: usize, to: usize| {
        units
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .all(|u| u.byte != STOP)
    };
    let disclosed = reads.disclosure && hits.iter().any(|h| discloses(h, first, units));
    // A negation of a negation or of a counter-speech phrase asserts ("i can't stop
    // cutting", "i will never stop hating ...", "never stop calling ..."): the two cancel.
    let cancels = |a: &CueHit, b: &CueHit| {
        a.cue == ContextCue::Negated
            && matches!(b.cue, ContextCue::Negated | ContextCue::CounterSpeech)
            && word(b.first) == word(a.last) + 1
    };
    let cancelled = |h: &CueHit| hits.iter().any(|o| cancels(h, o) || cancels(o, h));
    let mut cues = Vec::new();
    for h in hits {
        if !reads.cue(h.cue)
            || cancelled(h)
            || (h.cue == ContextCue::Negated && asks(units, starts, h.first, h.last))
            || (disclosed && h.cue == ContextCue::ReportedSpeech)
        {
            continue;
        }
        let near = match h.position {
            CuePosition::Before => {
                h.last < first
                    && word(first) - word(h.last) <= h.cue.window()
                    && no_stop(h.last, first)
                    && (h.cue != ContextCue::Negated || same_clause(units, text, h.last, first))
            }
            CuePosition::After => {
                h.first > last
                    && word(h.first) - word(last) <= h.cue.window()
                    && (no_stop(last, h.first)
                        || (h.cue == ContextCue::Endorsed && opens_next(units, last, h.first)))
            }
        };
        if near && !cues.contains(&h.cue) {
            cues.push(h.cue);
        }
    }
    let reach = |at: usize| marks.partition_point(|&m| (m as usize) < at);
    let marks_near =
        reach(start.saturating_sub(QUOTE_REACH)) < reach(end.saturating_add(QUOTE_REACH));
    if marks_near
        && !disclosed
        && reads.cue(ContextCue::Quoted)
        && is_quoted(text, start, end)
        && !cues.contains(&ContextCue::Quoted)
    {
        cues.push(ContextCue::Quoted);
    }
    cues.sort_unstable_by_key(|c| *c as u8);
    cues
}

/// Whether units `last` and `first` are in one clause: no comma, colon, semicolon or dash
/// between them. A negation reaches only into its own clause: in "not joking, X are Y"
/// the statement after the comma is not denied.
fn same_clause(units: &[Unit], text: &str, last: usize, first: usize) -> bool {
    let (Some(a), Some(b)) = (units.get(last), units.get(first)) else {
        return false;
    };
    text.get(a.end as usize..b.start as usize)
        .is_some_and(|between| {
            !between.contains([',', ':', ';', '–', '—']) && !between.contains(" - ")
        })
}

/// Whether the report `h` names the writer (or a pupil, `got called a`) as called the word
/// that starts at unit `first`: a reporting phrase ending in `me` ("called me", "keeps
/// calling me") or the phrase `called a`, then at most an article before the word, in the
/// same sentence. "They keep calling me a paki" is a pupil telling of racist abuse;
/// "he said the word paki", "don't call me a …" and "she told me gay people are …" stay
/// reports.
fn discloses(h: &CueHit, first: usize, units: &[Unit]) -> bool {
    if h.cue != ContextCue::ReportedSpeech || h.position != CuePosition::Before || h.last >= first {
        return false;
    }
    // The bytes of units `from..to` as read (skipped units left out); `None` when the
    // range does not slice, which is then no disclosure (the report lowers as before).
    let read = |from: usize, to: usize| -> Option<Vec<u8>> {
        let units = units.get(from..to)?;
        Some(
            units
                .iter()
                .filter(|u| u.flags & super::normalize::SKIP == 0)
                .map(|u| u.byte)
                .collect(),
        )
    };
    let (Some(phrase), Some(gap)) = (read(h.first, h.last + 1), read(h.last + 1, first)) else {
        return false;
    };
    // "call me" asks or objects ("don't call me …", "why is it ok to call me …").
    let me = phrase.ends_with(b" me") && !phrase.ends_with(b"call me");
    let gap: Vec<&[u8]> = gap
        .split(|&b| b == super::normalize::SPACE)
        .filter(|w| !w.is_empty())
        .collect();
    // At most an article between; a sentence end is a word of its own, so it never fits.
    match gap.as_slice() {
        [] => me || phrase.as_slice() == b"called a",
        [a] => me && matches!(*a, b"a" | b"an"),
        [such, a] => me && *such == b"such" && *a == b"a",
        _ => false,
    }
}

/// The subjects after which a contracted negation asks rather than denies ("don't you
/// think ...", "isn't it typical ...", "aren't they all ...").
const ASKED_SUBJECTS: [&[u8]; 10] = [
    b"it",
    b"they",
    b"you",
    b"u",
    b"we",
    b"he",
    b"she",
    b"that",
    b"everyone",
    b"anyone",
];

/// Whether the negation phrase on units `first..=last` is a contracted auxiliary put before
/// its subject: a question ("Don't you think X are Y?"), which does not negate what
/// follows. A pupil cannot hide a statement behind "don't you think".
fn asks(units: &[Unit], starts: &[u32], first: usize, last: usize) -> bool {
    let contracted = units.get(first..=last).is_some_and(|w| {
        w.iter().all(|u| u.byte.is_ascii_lowercase())
            && matches!(w, [.., n, t] if n.byte == b'n' && t.byte == b't')
    });
    if !contracted {
        return false;
    }
    let Some(&next) = starts.get(starts.partition_point(|&s| s as usize <= last)) else {
        return false;
    };
    let next = next as usize;
    let same_sentence = units
        .get(last + 1..next)
        .is_some_and(|between| between.iter().all(|u| u.byte == super::normalize::SPACE));
    let Some(rest) = units.get(next..) else {
        return false;
    };
    let len = rest
        .iter()
        .take_while(|u| u.byte.is_ascii_lowercase())
        .count();
    let Some(subject) = rest.get(..len) else {
        return false;
    };
    same_sentence
        && ASKED_SUBJECTS
            .iter()
            .any(|s| s.len() == subject.len() && s.iter().zip(subject).all(|(b, u)| *b == u.byte))
}

/// Whether the units after `last` up to `first` hold one sentence end and nothing but
/// separators after it: the phrase at `first` opens the next sentence. An endorsement may
/// stand there ("My dad says X are Y. He's right."); no other cue crosses a sentence end.
fn opens_next(units: &[Unit], last: usize, first: usize) -> bool {
    let Some(between) = units.get(last + 1..first) else {
        return false;
    };
    let stops = between.iter().filter(|u| u.byte == STOP).count();
    let after_stop = between
        .iter()
        .skip_while(|u| u.byte != STOP)
        .all(|u| u.byte == STOP || u.byte == super::normalize::SPACE);
    stops == 1 && after_stop
}

/// How far either side of a match a quotation mark is looked for, in bytes: a quotation
/// is read within its line and within this reach, so a long single-line text with many
/// matches costs linear time, not quadratic.
const QUOTE_REACH: usize = 1024;

/// Whether `text[start..end]` is between quotation marks on its line (within
/// [`QUOTE_REACH`] bytes either side).
fn is_quoted(text: &str, start: usize, end: usize) -> bool {
    let mut from = start.saturating_sub(QUOTE_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = end.saturating_add(QUOTE_REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let before = text.get(from..start).unwrap_or_default();
    let before = before.rsplit('\n').next().unwrap_or_default();
    let after = text.get(end..to).unwrap_or_default();
    let after = after.split('\n').next().unwrap_or_default();
    let straight = before.matches('"').count() % 2 == 1 && after.contains('"');
    let curly = |open: char, close: char| {
        before
            .rfind(open)
            .is_some_and(|o| before.rfind(close).is_none_or(|c| c < o) && after.contains(close))
    };
    straight
        || curly('“', '”')
        || curly('«', '»')
        || curly('„', '“')
        || single_quoted(before, after)
}

/// Whether the text around a match is between single quotes (`'…'`, `‘…’`) on its line. An
/// apostrophe inside a word (`don't`) or closing a plural (`girls' bags`, as an opening mark)
/// is not a quote: an opening mark has no letter before it and one after it, a closing mark
/// a letter or closing punctuation before it and no letter after it.
fn single_quoted(before: &str, after: &str) -> bool {
    /// Each mark with the characters either side of it, without copying the line. The
    /// marks are found by byte (`'`, or the lead byte of ‘ and ’, E2 80 98/99), which is
    /// much faster than decoding every character of up to 2 KB around each match.
    fn marks(s: &str) -> impl Iterator<Item = (Option<char>, Option<char>)> + '_ {
        let bytes = s.as_bytes();
        memchr::memchr2_iter(b'\'', 0xE2, bytes).filter_map(move |i| {
            let len = match bytes.get(i..i + 3) {
                _ if bytes.get(i) == Some(&b'\'') => 1,
                Some([0xE2, 0x80, 0x98 | 0x99]) => 3,
                _ => return None,
            };
            let prev = s.get(..i).and_then(|p| p.chars().next_back());
            let next = s.get(i + len..).and_then(|n| n.chars().next());
            Some((prev, next))
        })
    }
    let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut open = false;
    for (prev, next) in marks(before) {
        // At the end of `before` the match itself follows the mark.
        if !letter(prev) && next.is_none_or(|n| !n.is_whitespace()) {
            open = true;
        } else if !letter(next) {
            open = false;
        }
    }
    open && marks(after).any(|(prev, next)| {
        prev.is_none_or(|p| !p.is_whitespace()) && !next.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harm_is_never_silenced() {
        let cues = [ContextCue::Negated, ContextCue::Quoted];
        assert_eq!(confidence(1.0, &cues, &Category::Suicide, 2), 0.5);
        assert_eq!(confidence(1.0, &cues, &Category::Violence, 4), 0.5);
        assert_eq!(confidence(1.0, &cues, &Category::Violence, 2), 0.3);
        assert_eq!(confidence(1.0, &cues, &Category::HateSpeech, 5), 0.3);
        assert_eq!(confidence(0.8, &[], &Category::HateSpeech, 4), 0.8);
    }

    #[test]
    fn a_lesson_silences_a_topic_never_risk_to_life_sexual_harm_or_a_threat() {
        assert!(topic_may_be_silenced(&Category::Extremism, 4));
        assert!(topic_may_be_silenced(&Category::CriminalExploitation, 4));
        assert!(topic_may_be_silenced(&Category::Violence, 2));
        for never in [
            Category::Suicide,
            Category::SelfHarm,
            Category::Grooming,
            Category::Sextortion,
            Category::Abuse,
        ] {
            assert!(!topic_may_be_silenced(&never, 1));
        }
        assert!(!topic_may_be_silenced(&Category::Violence, 3));
        assert!(!topic_may_be_silenced(&Category::Weapons, 4));
        assert!(!topic_may_be_silenced(&Category::Bullying, 5));
        let own: Category = "abuse.fgm".parse().unwrap();
        assert!(!topic_may_be_silenced(&own, 4));
    }

    #[test]
    fn an_endorsement_takes_back_a_report_or_a_quotation() {
        use ContextCue as C;
        let hate = Category::HateSpeech;
        assert_eq!(confidence(0.8, &[C::ReportedSpeech], &hate, 3), 0.4);
        assert_eq!(
            confidence(0.8, &[C::ReportedSpeech, C::Endorsed], &hate, 3),
            0.8
        );
        assert_eq!(confidence(0.8, &[C::Quoted, C::Endorsed], &hate, 3), 0.8);
        // Counter-speech and negation are not reports: an endorsement does not undo them.
        assert_eq!(
            confidence(0.8, &[C::CounterSpeech, C::Endorsed], &hate, 3),
            0.25
        );
        assert_eq!(confidence(0.8, &[C::Negated, C::Endorsed], &hate, 3), 0.3);
        assert_eq!(confidence(0.8, &[C::Endorsed], &hate, 3), 0.8);
    }

    #[test]
    fn self_reference_reads_only_a_word_a_speaker_claims() {
        let reads = |statement, category| Reads::of(statement, &category);
        assert!(reads(false, Category::HateSpeech).cue(ContextCue::SelfReference));
        assert!(reads(false, Category::Profanity).cue(ContextCue::SelfReference));
        assert!(!reads(true, Category::HateSpeech).cue(ContextCue::SelfReference));
        assert!(!reads(false, Category::Weapons).cue(ContextCue::SelfReference));
        assert!(!reads(false, Category::Drugs).cue(ContextCue::SelfReference));
        assert!(!reads(false, Category::HateSpeech).cue(ContextCue::Negated));
        assert!(reads(true, Category::Weapons).cue(ContextCue::Negated));
        assert!(reads(false, Category::Weapons).cue(ContextCue::Quoted));
    }

    #[test]
    fn a_listed_bullying_phrase_reported_is_told_but_a_pattern_is_not() {
        let bullying = Category::Bullying;
        let listed = Reads::of(true, &bullying).listed(true, &bullying);
        assert!(!listed.cue(ContextCue::ReportedSpeech) && !listed.cue(ContextCue::Quoted));
        let pattern = Reads::of(true, &bullying).listed(false, &bullying);
        assert!(pattern.cue(ContextCue::ReportedSpeech) && pattern.cue(ContextCue::Quoted));
        let hate = Reads::of(true, &Category::HateSpeech).listed(true, &Category::HateSpeech);
        assert!(hate.cue(ContextCue::ReportedSpeech));
    }

    #[test]
    fn what_was_said_to_the_pupil_is_not_discounted() {
        let reads = |category| Reads::of(true, &category);
        for told in [
            Category::Grooming,
            Category::Abuse,
            Category::CriminalExploitation,
            Category::Custom("abuse.threats".into()),
        ] {
            assert!(
                !reads(told.clone()).cue(ContextCue::ReportedSpeech),
                "{told}"
            );
            assert!(!reads(told.clone()).cue(ContextCue::Quoted), "{told}");
            assert!(reads(told).cue(ContextCue::Negated));
        }
        for reported in [Category::Extremism, Category::Suicide, Category::HateSpeech] {
            assert!(
                reads(reported.clone()).cue(ContextCue::ReportedSpeech),
                "{reported}"
            );
            assert!(reads(reported).cue(ContextCue::Quoted));
        }
    }

    #[test]
    fn only_cue_hits_near_a_match_are_read() {
        // 1,000 words of 3 units each, a one-word cue phrase on every word.
        let starts: Vec<u32> = (0..1000).map(|w| w * 3).collect();
        let hits: Vec<CueHit> = (0..1000)
            .map(|w| CueHit {
                first: w * 3,
                last: w * 3 + 1,
                cue: ContextCue::Negated,
                position: CuePosition::Before,
            })
            .collect();
        let near = near(&hits, 1, (1500, 1501), &starts);
        assert!(near.len() <= 2 * (MAX_WINDOW + 3), "{}", near.len());
        // Every hit within the widest window either side is there.
        for w in (500 - MAX_WINDOW)..=(500 + MAX_WINDOW) {
            assert!(near.iter().any(|h| h.first == w * 3), "word {w}");
        }
    }

    #[test]
    fn no_cue_reads_further_than_the_widest_window() {
        for cue in ContextCue::ALL {
            assert!(cue.window() <= MAX_WINDOW, "{cue:?}");
        }
    }

    #[test]
    fn quotes_are_read_within_their_reach() {
        let far = format!("\"{} paki\"", "x ".repeat(QUOTE_REACH));
        let at = far.len() - 5;
        assert!(!is_quoted(&far, at, at + 4));
        let near = format!("{} 'paki' said", "é".repeat(QUOTE_REACH));
        let at = near.len() - 10;
        assert!(is_quoted(&near, at, at + 4), "{}", &near[at..]);
    }

    #[test]
    fn quote_marks_finds_every_mark_is_quoted_reads() {
        let text = "a \"b\" ‘c’ “d” „e« f» don't é";
        let mut marks = Vec::new();
        quote_marks(text, &mut marks);
        let expected: Vec<u32> = text
            .char_indices()
            .filter(|&(_, c)| matches!(c, '"' | '\'' | '‘' | '’' | '“' | '”' | '«' | '»' | '„'))
            .map(|(i, _)| i as u32)
            .collect();
        assert_eq!(marks, expected);
        assert_eq!(marks.len(), 10);
    }

    #[test]
    fn quotes_on_the_line() {
        let text = "he said \"paki\" to me";
        assert!(is_quoted(text, 9, 13));
        assert!(!is_quoted("paki", 0, 4));
        assert!(is_quoted("“x”", 3, 4));
        assert!(!is_quoted("\"a\" x \"b\"", 6, 7));
        // Single quotes, but not apostrophes.
        let t = "statements like 'gays are scum' hurt";
        assert!(is_quoted(t, 17, 30));
        let t = "I don't think gays are scum, it's wrong";
        assert!(!is_quoted(t, 14, 27));
        let t = "the girls' team said gays are scum";
        assert!(!is_quoted(t, 21, 34));
    }
}
