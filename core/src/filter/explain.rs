//! Turning an evaluation into a [`Decision`]: rule, reason, matches, search terms.

use super::engine::UrlFilter;
use super::evaluate::{Decider, Evaluation, Hit};
use super::{
    Audience, Category, Decision, MatchKind, OverrideAction, RuleMatch, SafeSearchMode,
    safe_search, search_terms,
};
use chrono::{DateTime, Utc};
use std::borrow::Cow;
use std::sync::Arc;

impl UrlFilter {
    pub(super) fn explain(
        &self,
        e: Evaluation<'_, '_>,
        audience: Audience,
        at: Option<DateTime<Utc>>,
    ) -> Decision {
        let _ = at;
        let host = e.view.host.to_string();
        let url = e.view.href();
        let mut matches: Vec<RuleMatch> = e
            .hits
            .iter()
            .map(|h| RuleMatch {
                kind: h.kind,
                list: self.lists.get(usize::from(h.list)).map_or_else(
                    || Arc::from(self.list_label(h.list)),
                    |l| Arc::clone(&l.label),
                ),
                line: h.line,
                categories: self.lists.get(usize::from(h.list)).map_or_else(
                    || Arc::from(self.list_categories(h.list)),
                    |l| Arc::clone(&l.categories),
                ),
                matched: match h.kind {
                    MatchKind::Domain => {
                        host.get(usize::from(h.start)..).unwrap_or(&host).to_owned()
                    }
                    MatchKind::Url => {
                        self.url_rules
                            .get(h.rule as usize)
                            .map_or(String::new(), |r| {
                                format!(
                                    "{}{}",
                                    host.get(usize::from(h.start)..).unwrap_or(&host),
                                    r.prefix
                                )
                            })
                    }
                    MatchKind::Expression => self
                        .expression_rules
                        .get(h.rule as usize)
                        .map_or(String::new(), |r| r.0.clone()),
                    MatchKind::Lookalike => String::new(),
                },
            })
            .collect();
        if let Some(l) = &e.lookalike {
            matches.push(RuleMatch {
                kind: MatchKind::Lookalike,
                list: Arc::from("lookalike"),
                line: 0,
                categories: Arc::from([Category::Lookalike]),
                matched: l.imitates.clone().unwrap_or_else(|| l.unicode.clone()),
            });
        }
        let mut categories: Vec<Category> = e
            .categories
            .ids()
            .filter_map(|id| self.categories.get(usize::from(id)))
            .cloned()
            .collect();
        if let Some(p) = &e.prediction
            && !categories.contains(&p.category)
        {
            categories.push(p.category.clone());
        }
        categories.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        let evidence = match (&e.prediction, &self.model) {
            (Some(p), Some(model)) => model.evidence(p, e.model_host(), &e.view.path),
            _ => Vec::new(),
        };
        let search_terms = e
            .provider
            .and_then(|p| search_terms::search_terms(p, &e.view.path, e.view.query.as_deref()));
        let aud = audience.as_str();
        let rule = self.rule_of(&e, audience);
        // What the decisive hit matched, and its list's categories.
        let hit_text = |index: usize| -> (&str, &[Category]) {
            match e.hits.get(index) {
                Some(h) => (
                    matches.get(index).map_or("", |m| m.matched.as_str()),
                    self.list_categories(h.list),
                ),
                None => (host.as_str(), &[]),
            }
        };
        // What the lists know of a host the model read: nothing, or only its platform.
        let known_as = || {
            if e.hits.is_empty() {
                format!("no list knows `{host}`")
            } else {
                let (matched, cats) = hit_text(0);
                let platform_rule = self.hit_rule(&e.hits, 0).to_string();
                let mut parts = Parts::new();
                parts.extend([
                    "the lists know only `",
                    matched,
                    "`, the platform hosting it (",
                ]);
                push_names(&mut parts, cats);
                parts.extend([", ", &platform_rule, ")"]);
                concat(&parts)
            }
        };
        let (name, confidence) = e
            .prediction
            .as_ref()
            .map_or(("?", 0.0), |p| (p.category.as_str(), p.confidence));
        let mut rewrite = None;
        let mut safe = None;
        let (reason, source) = match &e.decider {
            Decider::Illegal(i) => {
                let (matched, cats) = hit_text(*i);
                let mut parts = Parts::new();
                parts.extend(["blocked: `", matched, "` is listed as "]);
                push_names(&mut parts, cats.iter().filter(|c| c.is_illegal()));
                parts.extend([
                    " (",
                    &rule,
                    "); illegal content is blocked for everyone and cannot be unblocked",
                ]);
                (concat(&parts), Cow::Borrowed("UKSIC filtering illegal"))
            }
            Decider::Override(record) => {
                let verb = match record.action {
                    OverrideAction::Block => "blocked",
                    OverrideAction::Unblock => "allowed",
                };
                (
                    format!(
                        "{verb} by {} request `{}` for `{}` approved by {} ({}): {}",
                        match record.action {
                            OverrideAction::Block => "block",
                            OverrideAction::Unblock => "unblock",
                        },
                        record.id,
                        record.target,
                        record.decided_by.as_deref().unwrap_or("?"),
                        record.decider_role.as_deref().unwrap_or("?"),
                        record.reason
                    ),
                    Cow::Borrowed("Filter unblock requests"),
                )
            }
            Decider::BlockList(entry) => (
                format!("blocked: `{entry}` is on the {aud} block list"),
                Cow::Owned(format!("school policy ({aud} block list)")),
            ),
            Decider::AllowList(entry) => (
                format!("allowed: `{entry}` is on the {aud} allow list"),
                Cow::Owned(format!("school policy ({aud} allow list)")),
            ),
            Decider::AllowListMode => (
                format!(
                    "blocked: {aud} uses allow-list mode and `{host}` is not on the allow list"
                ),
                Cow::Borrowed("Filter allow-list mode"),
            ),
            Decider::Category(hit, window) => {
                let window_text = window
                    .and_then(|w| policy_window_label(self, audience, w))
                    .map(|l| format!(" during window {l}"))
                    .unwrap_or_default();
                match hit {
                    Some(i) => {
                        let (matched, cats) = hit_text(*i);
                        let uksic = cats.iter().any(Category::is_uksic);
                        let mut parts = Parts::new();
                        parts.extend(["blocked: `", matched, "` is listed as "]);
                        push_names(&mut parts, cats);
                        parts.extend([" (", &rule, "), blocked for ", aud, &window_text]);
                        let reason = concat(&parts);
                        (
                            reason,
                            if uksic {
                                Cow::Borrowed("UKSIC filtering categories")
                            } else {
                                Cow::Owned(format!("school policy ({aud} blocked categories)"))
                            },
                        )
                    }
                    None => {
                        let l = e.lookalike.as_ref();
                        let unicode = l.map_or(host.as_str(), |l| l.unicode.as_str());
                        (
                            match l.and_then(|l| l.imitates.as_deref()) {
                                Some(t) => format!(
                                    "blocked: `{unicode}` imitates `{t}` with look-alike letters, blocked for {aud}{window_text}"
                                ),
                                None => format!(
                                    "blocked: `{unicode}` mixes scripts in one label (look-alike), blocked for {aud}{window_text}"
                                ),
                            },
                            Cow::Borrowed("Filter look-alike domains"),
                        )
                    }
                }
            }
            Decider::SafeSearch => {
                let mode = self
                    .policies
                    .get(audience.index())
                    .map_or(SafeSearchMode::Strict, |p| p.policy.safe_search);
                let enforcement = e.provider.and_then(|p| safe_search::enforcement(p, mode));
                if let Some(s) = &enforcement {
                    rewrite = Some(match &s.parameter {
                        Some(param) => {
                            let mut view = e.view.clone();
                            view.query = Some(Cow::Owned(safe_search::rewrite_query(
                                e.view.query.as_deref(),
                                param,
                            )));
                            view.href()
                        }
                        None => url.clone(),
                    });
                }
                let text = enforcement.as_ref().map_or(String::new(), |s| {
                    let how: Vec<String> = s
                        .parameter
                        .iter()
                        .cloned()
                        .chain(s.enforced_host.iter().map(|h| format!("enforced host {h}")))
                        .chain(s.header.iter().map(|h| format!("header {h}")))
                        .collect();
                    format!(
                        "safe search enforced for {aud} on {}: {}",
                        s.provider.as_str(),
                        how.join(", ")
                    )
                });
                safe = enforcement;
                (text, Cow::Borrowed("Filter safe search"))
            }
            Decider::UnenforceableSearch => (
                format!(
                    "blocked: safe search cannot be enforced on {} (`{host}`), so it is blocked for {aud}",
                    e.provider.map_or("this search engine", |p| p.as_str())
                ),
                Cow::Borrowed("UKSIC filtering safe search; Filter safe search"),
            ),
            Decider::Model { at, tenant } => {
                let known = known_as();
                let tenant = if *tenant {
                    format!(
                        "; a phishing guess on a hosting platform's tenant blocks from {at}% for {aud}"
                    )
                } else {
                    String::new()
                };
                // An internationalised host is read in Latin letters (`lookalike::Reading`).
                let read = match &e.read_as {
                    Some(latin) => format!("`{host}` (in Latin letters `{latin}`)"),
                    None => format!("`{host}`"),
                };
                (
                    format!(
                        "blocked: {known}; the category model reads {read} as {name} ({:.0}% sure, from {}), blocked for {aud}{tenant}",
                        confidence * 100.0,
                        evidence.first().map_or("its name", String::as_str)
                    ),
                    Cow::Borrowed("Filter category model"),
                )
            }
            Decider::Default if e.prediction.is_some() => (
                format!(
                    "allowed and flagged: {}; the category model reads it as {name} ({:.0}% sure), which does not block for {aud}",
                    known_as(),
                    confidence * 100.0
                ),
                Cow::Borrowed("Filter category model; Filter default allow"),
            ),
            Decider::Window(index) => {
                let label = policy_window_label(self, audience, *index)
                    .unwrap_or_else(|| format!("windows[{index}]"));
                let mut parts = Parts::new();
                parts.extend(["allowed: `", &host, "` is listed as "]);
                push_names(&mut parts, &categories);
                parts.extend([", allowed for ", aud, " during window ", &label]);
                (concat(&parts), Cow::Borrowed("Filter default allow"))
            }
            Decider::Default => (
                if categories.is_empty() {
                    concat(&["allowed: no list matched `", &host, "`"])
                } else {
                    let mut parts = Parts::new();
                    parts.extend(["allowed: `", &host, "` is listed as "]);
                    push_names(&mut parts, &categories);
                    parts.extend([", not blocked for ", aud]);
                    concat(&parts)
                },
                Cow::Borrowed("Filter default allow"),
            ),
        };
        Decision {
            verdict: e.verdict,
            url,
            host,
            audience,
            categories,
            rule,
            reason,
            source,
            matches,
            search_terms,
            rewrite,
            safe_search: safe,
            lookalike: e.lookalike,
            search_matches: Vec::new(),
            predicted: e.prediction.is_some(),
            confidence: e.prediction.as_ref().map(|p| f64::from(p.confidence)),
            evidence,
        }
    }
}

impl UrlFilter {
    /// The id of the rule that decided: `list:line`, `override:<id>`, `lookalike:<host>`,
    /// `model:<category>` or `policy:<audience>.<clause>` ([`Decision::rule`]).
    pub(super) fn rule_of(&self, e: &Evaluation<'_, '_>, audience: Audience) -> String {
        use std::fmt::Write;
        // Most ids (`adult/domains:1234`, `policy:ks2.default_allow`) fit without growing.
        let mut rule = String::with_capacity(32);
        let _ = write!(rule, "{}", RuleId(self, e, audience));
        rule
    }

    /// [`UrlFilter::rule_of`], written as a row of `column`.
    pub(super) fn write_rule(
        &self,
        column: &mut crate::batch::TextColumn,
        e: &Evaluation<'_, '_>,
        audience: Audience,
    ) {
        column.push_fmt(format_args!("{}", RuleId(self, e, audience)));
    }

    /// `list:line` of hit `index` (`?` when there is none).
    fn hit_rule(&self, hits: &[Hit], index: usize) -> HitRule<'_> {
        HitRule(hits.get(index).map(|h| (self.list_label(h.list), h.line)))
    }

    /// The first of the evaluation's categories by id, as [`Decision::categories`] lists
    /// them (the lists' categories, a look-alike's, the model's guess).
    pub(super) fn first_category<'f>(&'f self, e: &'f Evaluation<'_, '_>) -> Option<&'f Category> {
        let listed = e
            .categories
            .ids()
            .filter_map(|id| self.categories.get(usize::from(id)));
        listed
            .chain(e.prediction.as_ref().map(|p| &p.category))
            .min_by(|a, b| a.as_str().cmp(b.as_str()))
    }
}

/// The rule id of an evaluation, written without a string of its own.
struct RuleId<'a>(&'a UrlFilter, &'a Evaluation<'a, 'a>, Audience);

impl std::fmt::Display for RuleId<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let RuleId(filter, e, audience) = self;
        let aud = audience.as_str();
        match &e.decider {
            Decider::Illegal(i) | Decider::Category(Some(i), _) => {
                write!(f, "{}", filter.hit_rule(&e.hits, *i))
            }
            Decider::Override(record) => write!(f, "override:{}", record.id),
            Decider::BlockList(_) => write!(f, "policy:{aud}.block_list"),
            Decider::AllowList(_) => write!(f, "policy:{aud}.allow_list"),
            Decider::AllowListMode => write!(f, "policy:{aud}.allow_list_mode"),
            Decider::Category(None, _) => {
                let target = e.lookalike.as_ref().and_then(|l| l.imitates.as_deref());
                write!(f, "lookalike:{}", target.unwrap_or(&e.view.host))
            }
            Decider::SafeSearch => write!(f, "policy:{aud}.safe_search"),
            Decider::UnenforceableSearch => write!(f, "policy:{aud}.unenforceable_search"),
            Decider::Model { .. } => write!(
                f,
                "model:{}",
                e.prediction.as_ref().map_or("?", |p| p.category.as_str())
            ),
            Decider::Default | Decider::Window(_) => write!(f, "policy:{aud}.default_allow"),
        }
    }
}

/// The pieces of a reason, before they are joined.
type Parts<'a> = smallvec::SmallVec<[&'a str; 16]>;

/// `parts` end to end in one string of exactly their size (the common reasons are built
/// this way: cheaper than `format!` on the hot path, and no regrowth).
fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| out.push_str(p));
    out
}

/// Appends category ids joined by `, `.
fn push_names<'a>(parts: &mut Parts<'a>, categories: impl IntoIterator<Item = &'a Category>) {
    for (i, c) in categories.into_iter().enumerate() {
        if i > 0 {
            parts.push(", ");
        }
        parts.push(c.as_str());
    }
}

/// `list:line` of a hit, `?` when there is none.
struct HitRule<'a>(Option<(&'a str, u32)>);

impl std::fmt::Display for HitRule<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some((list, line)) => write!(f, "{list}:{line}"),
            None => f.write_str("?"),
        }
    }
}

fn policy_window_label(filter: &UrlFilter, audience: Audience, index: usize) -> Option<String> {
    let w = filter
        .policies
        .get(audience.index())?
        .policy
        .windows
        .get(index)?;
    Some(match &w.label {
        Some(l) => format!("`{l}`"),
        None => format!("{} ({}-{})", index, w.from.format("%H:%M"), w.end_text()),
    })
}
