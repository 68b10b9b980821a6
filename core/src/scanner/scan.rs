//! One scan: automaton candidates → allow-phrases and roster → pattern hits → overlaps →
//! context cues and confidence.

use super::context::{self, ContextCue, CueHit, PATTERN_CONFIDENCE};
use super::matcher::{Candidate, PatternKind, Which};
use super::patterns::{Found, Hit, Piece};
use super::{Audience, Category, Match, ScannerError, Scratch, Span, TermScanner, roster};
use std::collections::BTreeMap;

/// Scans `text` (see [`TermScanner::scan_with`]).
pub(super) fn scan(
    scanner: &TermScanner,
    scratch: &mut Scratch,
    text: &str,
    audience: Audience,
) -> Result<Vec<Match>, ScannerError> {
    if text.len() > super::MAX_TEXT_BYTES {
        return Err(ScannerError::TextTooLong);
    }
    let Scratch {
        normalizer,
        walk,
        candidates,
        spans,
        found,
        hits,
        cue_hits,
        marks,
        present,
        model,
        run_together,
    } = scratch;
    marks.clear();
    normalizer.run(text);
    candidates.clear();
    scanner.matcher.find(
        Which::Eager,
        &normalizer.units,
        &normalizer.starts,
        walk,
        candidates,
    );
    // A phrase written as one word with others (`howtokillmyself`).
    scanner
        .matcher
        .run_together_starts(&normalizer.units, &normalizer.starts, run_together);
    if !run_together.is_empty() {
        scanner.matcher.find(
            Which::RunTogether,
            &normalizer.units,
            run_together,
            walk,
            candidates,
        );
    }
    if candidates.is_empty() && !scanner.lazy.always() {
        let mut matches = Vec::new();
        let no_allow = |_: usize, _: usize, _: &Category, _: u8| false;
        predicted(
            scanner,
            model,
            &normalizer.units,
            text,
            audience,
            &no_allow,
            &mut matches,
        );
        return Ok(matches);
    }
    let units = &normalizer.units;
    let span_of = |first: usize, last: usize| -> Option<(usize, usize)> {
        let start = units.get(first)?.start as usize;
        let end = units.get(last)?.end as usize;
        Some((start, end))
    };
    let kind = |c: &Candidate| scanner.matcher.info(c.pattern).map(|i| i.kind);
    // Allow-phrases found: the lists' own, and those a school added. A school's phrase
    // silences harm (`context::is_harm`) only by naming a longer expression around the whole
    // match ("kill myself in minecraft"): a phrase that is the match itself, or part of it
    // ("myself", "send"), would silence harm wherever it is written.
    let (mut listed, mut schools) = (Vec::new(), Vec::new());
    for c in candidates.iter() {
        if let Some(PatternKind::Allow(id)) = kind(c)
            && let Some(span) = span_of(c.first, c.last)
        {
            match id >= scanner.school_allows_from {
                true => schools.push(span),
                false => listed.push(span),
            }
        }
    }
    let (listed, schools) = (Overlaps::new(listed), Overlaps::new(schools));
    let overlaps_allowed = |start: usize, end: usize, category: &Category, list_severity: u8| {
        listed.any(start, end)
            || match super::context::is_harm(category, list_severity) {
                true => schools.surrounds(start, end),
                false => schools.any(start, end),
            }
    };
    // A pattern reads a whole statement: a list's own phrase silences a harm pattern only
    // where it holds the pattern's last word, reading on past it or ending with it ("i want
    // to die my hair", "ill shoot you a text"). A phrase that ends inside the pattern ("sent
    // me a pic" in "sent me a pic of me naked and wants money") qualifies a word the
    // statement goes on from, and does not silence it.
    let pattern_allowed = |start: usize, end: usize, category: &Category, list_severity: u8| {
        match super::context::is_harm(category, list_severity) {
            true => listed.holds_end(start, end) || schools.surrounds(start, end),
            false => overlaps_allowed(start, end, category, list_severity),
        }
    };
    // What to do with a span: drop it (`None`), or keep it as `(possible_name, silenced)`:
    // flagged when it may be a name, silenced when an allow-phrase covers it.
    let keep = |start: usize,
                end: usize,
                category: &Category,
                severity: u8,
                pupils: bool,
                pattern: bool| {
        // A line marked `pupils` is not read in staff or guest text.
        if pupils && !audience.is_pupil() {
            return None;
        }
        let allowed = match pattern {
            true => pattern_allowed(start, end, category, severity),
            false => overlaps_allowed(start, end, category, severity),
        };
        if allowed {
            return Some((false, true));
        }
        match roster::judge(&scanner.roster, text, start, end, category, severity) {
            roster::Judgement::NotAName => Some((false, false)),
            roster::Judgement::PossibleName => Some((true, false)),
            roster::Judgement::Name => None,
        }
    };
    spans.clear();
    for c in candidates.iter() {
        let Some(PatternKind::Term(entry)) = kind(c) else {
            continue;
        };
        let (Some((start, end)), Some(e)) = (span_of(c.first, c.last), scanner.entries.get(entry))
        else {
            continue;
        };
        if let Some((possible_name, silenced)) =
            keep(start, end, &e.category, e.severity, e.flags.pupils, false)
        {
            spans.push(Span {
                entry,
                first: c.first,
                last: c.last,
                start,
                end,
                severity: scanner
                    .adjustments
                    .severity(audience, &e.category, e.severity),
                possible_name,
                silenced,
            });
        }
    }
    // Pattern hits and cue phrases.
    hits.clear();
    cue_hits.clear();
    if !scanner.compiled.is_empty() || !scanner.cues.is_empty() {
        found.clear();
        for c in candidates.iter() {
            found.push(Found {
                first: c.first,
                last: c.last,
                pid: c.pattern,
            });
            for piece in scanner
                .compiled
                .pieces
                .get(c.pattern)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                if let Piece::Cue(i) = piece
                    && let Some(cue) = scanner.cues.get(*i)
                {
                    cue_hits.push(CueHit {
                        first: c.first,
                        last: c.last,
                        cue: cue.cue,
                        position: cue.position,
                    });
                }
            }
        }
        // The pattern words too common to look for in every text, only where some pattern
        // may complete (they are never terms, allow-phrases or cues).
        // When the lazy walk is not wanted, no pattern can complete even if every common
        // word were there, so the patterns are not walked at all.
        let wanted =
            !scanner.matcher.has_lazy() || scanner.lazy.wanted(&scanner.compiled, found, present);
        if wanted && scanner.matcher.has_lazy() {
            let mut lazy_starts = std::mem::take(&mut present.lazy_starts);
            scanner.lazy.starts(
                &scanner.compiled,
                &normalizer.starts,
                found,
                present,
                &mut lazy_starts,
            );
            let from = candidates.len();
            scanner
                .matcher
                .find(Which::Lazy, units, &lazy_starts, walk, candidates);
            found.extend(candidates.iter().skip(from).map(|c| Found {
                first: c.first,
                last: c.last,
                pid: c.pattern,
            }));
            present.lazy_starts = lazy_starts;
        }
        cue_hits.sort_unstable_by_key(|h| (h.first, h.last));
        if wanted {
            scanner.compiled.find(found, units, present, hits);
        }
        for (i, hit) in hits.iter().enumerate() {
            let (Some((start, end)), Some(p)) = (
                span_of(hit.first, hit.last),
                scanner.patterns.get(hit.pattern),
            ) else {
                continue;
            };
            if let Some((possible_name, silenced)) =
                keep(start, end, &p.category, p.severity, p.pupils, true)
            {
                spans.push(Span {
                    entry: scanner.entries.len() + i,
                    first: hit.first,
                    last: hit.last,
                    start,
                    end,
                    severity: scanner
                        .adjustments
                        .severity(audience, &p.category, p.severity),
                    possible_name,
                    silenced,
                });
            }
        }
    }
    spans.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(b.severity.cmp(&a.severity))
            .then(a.entry.cmp(&b.entry))
    });
    let mut matches: Vec<Match> = Vec::new();
    let mut kept_end = 0usize;
    // The end of the last pattern match that a cue lowered: a pattern inside it reads the
    // same context ("I have never thought trans women are inferior" holds "women are
    // inferior"), so it is not judged again on its own; a term inside it is.
    let mut lowered_end = 0usize;
    // Whether the text has quotation marks at all (looked up once, only when a match needs it).
    let mut quotes: Option<bool> = None;
    let mut marks_read = false;
    let longest_cue = cue_hits
        .iter()
        .map(|h| h.last.saturating_sub(h.first))
        .max()
        .unwrap_or(0);
    // One search per mark: a single `char` is found with `memchr`, a set of them is not.
    let has_quotes = || {
        text.as_bytes().contains(&b'"')
            || (!text.is_ascii() && ['“', '«', '„'].into_iter().any(|q| text.contains(q)))
    };
    // The flagging match that set `kept_end`: its place in `matches` (`None` when an
    // allow-phrase silenced it) and its severity.
    let mut kept: Option<(Option<usize>, u8)> = None;
    for s in spans.iter() {
        // A span overlapping the flagging match before it is dropped, unless it is more
        // severe: then it takes that match's place if it flags ("going to kill myself":
        // `kill myself`, suicide 5, over `going to kill`, violence 4).
        let mut displaces = None;
        if let Some((at, severity)) = kept
            && s.start < kept_end
        {
            match s.severity > severity {
                true => displaces = Some(at),
                false => continue,
            }
        }
        if s.entry >= scanner.entries.len() && s.start < lowered_end {
            continue;
        }
        // Another reading of the span just kept (a second pattern over the same words).
        if matches
            .last()
            .is_some_and(|l| l.start == s.start && l.end == s.end)
        {
            continue;
        }
        let Some(mut m) = to_match(scanner, s, hits, text) else {
            continue;
        };
        if !cue_hits.is_empty() || *quotes.get_or_insert_with(has_quotes) {
            if !marks_read {
                context::quote_marks(text, marks);
                marks_read = true;
            }
            let statement = m.pattern.is_some() || m.term.contains(' ');
            m.context = context::cues_of(
                context::Reads::of(statement, &m.category).listed(m.pattern.is_none(), &m.category),
                (s.first, s.last),
                (s.start, s.end),
                context::near(cue_hits, longest_cue, (s.first, s.last), &normalizer.starts),
                units,
                &normalizer.starts,
                text,
                marks,
            );
        }
        if context::is_mild(audience, &m.category, m.severity) {
            m.context.push(ContextCue::MildForAudience);
        }
        if scanner
            .entries
            .get(s.entry)
            .is_some_and(|e| e.flags.everyday)
        {
            m.context.push(ContextCue::EverydaySense);
        }
        m.confidence = context::confidence(m.confidence, &m.context, &m.category, m.list_severity);
        // A topic a lesson names ("a documentary on isis") is reported below the flag where
        // the category allows it (`context::topic_may_be_silenced`).
        if m.context.contains(&ContextCue::Educational)
            && scanner.entries.get(s.entry).is_some_and(|e| e.flags.topic)
            && context::topic_may_be_silenced(&m.category, m.list_severity)
        {
            m.confidence = m.confidence.min(ContextCue::Educational.confidence());
        }
        if let Some(displaced) = displaces {
            if m.confidence < context::FLAG_CONFIDENCE {
                continue;
            }
            // The displaced match goes, with any lowered match after it that overlaps this one.
            if let Some(k) = displaced {
                let tail = matches.split_off(k);
                matches.extend(tail.into_iter().skip(1).filter(|l| l.end <= s.start));
            }
        }
        // A match that flags covers what lies inside it; one that a cue lowered below the
        // flag leaves each term inside to be judged on its own ("I don't think pakis are
        // rats": the negated statement is lowered, the slur inside it is still a slur).
        // A silenced match covers the same, and is left out.
        if m.confidence >= context::FLAG_CONFIDENCE {
            kept_end = s.end;
            kept = Some(((!s.silenced).then_some(matches.len()), m.severity));
        } else if m.pattern.is_some() {
            lowered_end = lowered_end.max(s.end);
        }
        if !s.silenced {
            matches.push(m);
        }
    }
    predicted(
        scanner,
        model,
        units,
        text,
        audience,
        &overlaps_allowed,
        &mut matches,
    );
    Ok(matches)
}

/// Adds the text model's matches (see [`super::model`]) to a text that no list match flags,
/// for pupil audiences only, in the categories the list did not match: where the list found
/// a category, its context cues have judged it ("saying X are Y is wrong"), and the model
/// does not overrule them. A prediction whose words overlap an allow-phrase is dropped
/// ("die of embarrassment"). Kept in order of start.
fn predicted(
    scanner: &TermScanner,
    scratch: &mut super::model::ModelScratch,
    units: &[super::normalize::Unit],
    text: &str,
    audience: Audience,
    overlaps_allowed: &dyn Fn(usize, usize, &Category, u8) -> bool,
    matches: &mut Vec<Match>,
) {
    if matches.iter().any(Match::is_flagged) {
        return;
    }
    // The model learned from pupils' writing: staff and guests are not read by it.
    let Some(model) = scanner.model.as_deref().filter(|_| audience.is_pupil()) else {
        return;
    };
    let mut predictions = Vec::new();
    model.predict(units, scratch, &mut predictions);
    let reported = |c: &Category, matches: &[Match]| {
        matches
            .iter()
            .any(|m| m.category == *c || m.category.parent().as_ref() == Some(c))
    };
    let before = matches.len();
    for p in predictions {
        if reported(&p.category, matches) {
            continue;
        }
        let (Some(first), Some(last)) = (units.get(p.units.0), units.get(p.units.1)) else {
            continue;
        };
        let (start, end) = (first.start as usize, last.end as usize);
        // Units start and end on character boundaries, so the span always slices.
        let Some(matched_text) = text.get(start..end) else {
            continue;
        };
        if overlaps_allowed(start, end, &p.category, p.severity) {
            continue;
        }
        matches.push(Match {
            term: p.evidence.join(", "),
            severity: scanner
                .adjustments
                .severity(audience, &p.category, p.severity),
            list_severity: p.severity,
            category: p.category,
            start,
            end,
            matched_text: matched_text.to_string(),
            source: p.source,
            pattern: None,
            slots: BTreeMap::new(),
            context: Vec::new(),
            confidence: p.probability,
            possible_name: false,
        });
    }
    if matches.len() > before {
        matches.sort_by_key(|m| m.start);
    }
}

/// The match of a kept span, before context.
fn to_match(scanner: &TermScanner, s: &Span, hits: &[Hit], text: &str) -> Option<Match> {
    let matched_text = text.get(s.start..s.end).unwrap_or_default().to_owned();
    if let Some(e) = scanner.entries.get(s.entry) {
        return Some(Match {
            term: e.term.clone(),
            category: e.category.clone(),
            severity: s.severity,
            list_severity: e.severity,
            start: s.start,
            end: s.end,
            matched_text,
            source: e.source.clone(),
            pattern: None,
            slots: BTreeMap::new(),
            context: Vec::new(),
            confidence: 1.0,
            possible_name: s.possible_name,
        });
    }
    let hit = hits.get(s.entry.checked_sub(scanner.entries.len())?)?;
    let p = scanner.patterns.get(hit.pattern)?;
    let mut slots = BTreeMap::new();
    for &v in &hit.values {
        if let Some((slot, value)) = scanner.compiled.values.get(v)
            && let Some(name) = scanner.compiled.slots.get(*slot)
        {
            slots.entry(name.clone()).or_insert_with(|| value.clone());
        }
    }
    Some(Match {
        term: p.pattern.clone(),
        category: p.category.clone(),
        severity: s.severity,
        list_severity: p.severity,
        start: s.start,
        end: s.end,
        matched_text,
        source: p.source.clone(),
        pattern: Some(p.id.clone()),
        slots,
        context: Vec::new(),
        confidence: PATTERN_CONFIDENCE,
        possible_name: s.possible_name,
    })
}

/// Byte spans (allow-phrases found in a text), for overlap tests by binary search.
struct Overlaps {
    spans: Vec<(usize, usize)>,
    /// `reach[k]`: the furthest end among `spans[..=k]`.
    reach: Vec<usize>,
}

impl Overlaps {
    fn new(mut spans: Vec<(usize, usize)>) -> Overlaps {
        spans.sort_unstable();
        let reach = spans
            .iter()
            .scan(0usize, |furthest, &(_, end)| {
                *furthest = (*furthest).max(end);
                Some(*furthest)
            })
            .collect();
        Overlaps { spans, reach }
    }

    /// Whether a span holds all of `start..end` and more.
    fn surrounds(&self, start: usize, end: usize) -> bool {
        self.spans
            .iter()
            .any(|&(a, b)| a <= start && b >= end && b - a > end - start)
    }

    /// Whether a span overlaps `start..end` and runs to its end or past it.
    fn holds_end(&self, start: usize, end: usize) -> bool {
        self.spans
            .iter()
            .take_while(|&&(a, _)| a < end)
            .any(|&(_, b)| b > start && b >= end)
    }

    /// Whether any span overlaps `start..end`.
    fn any(&self, start: usize, end: usize) -> bool {
        let before_end = self.spans.partition_point(|&(a, _)| a < end);
        before_end > 0
            && self
                .reach
                .get(before_end - 1)
                .is_some_and(|&furthest| furthest > start)
    }
}
