//! Turning an evaluation into a [`Decision`]: rule, reason, matches, search terms.

use super::bits::single;
use super::engine::UrlFilter;
use super::evaluate::{Decider, Evaluation};
use super::{
    Audience, Category, Decision, MatchKind, OverrideAction, RuleMatch, SafeSearchMode,
    safe_search, search_terms,
};
use chrono::{DateTime, Utc};
use std::borrow::Cow;

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
                list: self.list_label(h.list).to_owned(),
                line: h.line,
                categories: self.list_categories(h.list).to_vec(),
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
                list: "lookalike".to_owned(),
                line: 0,
                categories: vec![Category::Lookalike],
                matched: l.imitates.clone().unwrap_or_else(|| l.unicode.clone()),
            });
        }
        let mut categories: Vec<Category> = self
            .categories
            .iter()
            .enumerate()
            .filter(|(i, _)| u8::try_from(*i).is_ok_and(|id| e.categories.intersects(single(id))))
            .map(|(_, c)| c.clone())
            .collect();
        if let Some(p) = &e.prediction
            && !categories.contains(&p.category)
        {
            categories.push(p.category.clone());
        }
        categories.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        let evidence = match (&e.prediction, &self.model) {
            (Some(p), Some(model)) => model.evidence(p, &e.view.host, &e.view.path),
            _ => Vec::new(),
        };
        let search_terms = e
            .provider
            .and_then(|p| search_terms::search_terms(p, &e.view.path, e.view.query.as_deref()));
        let aud = audience.as_str();
        let hit_text = |index: usize| -> (String, String, Vec<Category>) {
            match e.hits.get(index) {
                Some(h) => (
                    format!("{}:{}", self.list_label(h.list), h.line),
                    matches
                        .get(index)
                        .map_or(String::new(), |m| m.matched.clone()),
                    self.list_categories(h.list).to_vec(),
                ),
                None => ("?".to_owned(), host.clone(), Vec::new()),
            }
        };
        let names = |cs: &[Category]| {
            cs.iter()
                .map(Category::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        };
        // What the lists know of a host the model read: nothing, or only its platform.
        let known_as = || {
            if e.hits.is_empty() {
                format!("no list knows `{host}`")
            } else {
                let (rule, matched, cats) = hit_text(0);
                format!(
                    "the lists know only `{matched}`, the platform hosting it ({}, {rule})",
                    names(&cats)
                )
            }
        };
        let (name, confidence) = e
            .prediction
            .as_ref()
            .map_or(("?", 0.0), |p| (p.category.as_str(), p.confidence));
        let mut rewrite = None;
        let mut safe = None;
        let (rule, reason, source) = match &e.decider {
            Decider::Illegal(i) => {
                let (rule, matched, cats) = hit_text(*i);
                let illegal: Vec<Category> =
                    cats.into_iter().filter(Category::is_illegal).collect();
                (
                    rule.clone(),
                    format!(
                        "blocked: `{matched}` is listed as {} ({rule}); illegal content is blocked for everyone and cannot be unblocked",
                        names(&illegal)
                    ),
                    "UKSIC filtering illegal".to_owned(),
                )
            }
            Decider::Override(record) => {
                let verb = match record.action {
                    OverrideAction::Block => "blocked",
                    OverrideAction::Unblock => "allowed",
                };
                (
                    format!("override:{}", record.id),
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
                    "Filter unblock requests".to_owned(),
                )
            }
            Decider::BlockList(entry) => (
                format!("policy:{aud}.block_list"),
                format!("blocked: `{entry}` is on the {aud} block list"),
                format!("school policy ({aud} block list)"),
            ),
            Decider::AllowList(entry) => (
                format!("policy:{aud}.allow_list"),
                format!("allowed: `{entry}` is on the {aud} allow list"),
                format!("school policy ({aud} allow list)"),
            ),
            Decider::AllowListMode => (
                format!("policy:{aud}.allow_list_mode"),
                format!(
                    "blocked: {aud} uses allow-list mode and `{host}` is not on the allow list"
                ),
                "Filter allow-list mode".to_owned(),
            ),
            Decider::Category(hit, window) => {
                let window_text = window
                    .and_then(|w| policy_window_label(self, audience, w))
                    .map(|l| format!(" during window {l}"))
                    .unwrap_or_default();
                match hit {
                    Some(i) => {
                        let (rule, matched, cats) = hit_text(*i);
                        let uksic = cats.iter().any(Category::is_uksic);
                        (
                            rule.clone(),
                            format!(
                                "blocked: `{matched}` is listed as {} ({rule}), blocked for {aud}{window_text}",
                                names(&cats)
                            ),
                            if uksic {
                                "UKSIC filtering categories".to_owned()
                            } else {
                                format!("school policy ({aud} blocked categories)")
                            },
                        )
                    }
                    None => {
                        let l = e.lookalike.as_ref();
                        let target = l.and_then(|l| l.imitates.clone());
                        let unicode = l.map_or(host.clone(), |l| l.unicode.clone());
                        (
                            format!(
                                "lookalike:{}",
                                target.clone().unwrap_or_else(|| host.clone())
                            ),
                            match target {
                                Some(t) => format!(
                                    "blocked: `{unicode}` imitates `{t}` with look-alike letters, blocked for {aud}{window_text}"
                                ),
                                None => format!(
                                    "blocked: `{unicode}` mixes scripts in one label (look-alike), blocked for {aud}{window_text}"
                                ),
                            },
                            "Filter look-alike domains".to_owned(),
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
                        .collect();
                    format!(
                        "safe search enforced for {aud} on {}: {}",
                        s.provider.as_str(),
                        how.join(", ")
                    )
                });
                safe = enforcement;
                (
                    format!("policy:{aud}.safe_search"),
                    text,
                    "Filter safe search".to_owned(),
                )
            }
            Decider::UnenforceableSearch => (
                format!("policy:{aud}.unenforceable_search"),
                format!(
                    "blocked: safe search cannot be enforced on {} (`{host}`), so it is blocked for {aud}",
                    e.provider.map_or("this search engine", |p| p.as_str())
                ),
                "UKSIC filtering safe search; Filter safe search".to_owned(),
            ),
            Decider::Model => {
                let known = known_as();
                (
                    format!("model:{name}"),
                    format!(
                        "blocked: {known}; the category model reads `{host}` as {name} ({:.0}% sure, from {}), blocked for {aud}",
                        confidence * 100.0,
                        evidence.first().map_or("its name", String::as_str)
                    ),
                    "Filter category model".to_owned(),
                )
            }
            Decider::Default if e.prediction.is_some() => (
                format!("policy:{aud}.default_allow"),
                format!(
                    "allowed and flagged: {}; the category model reads it as {name} ({:.0}% sure), which does not block for {aud}",
                    known_as(),
                    confidence * 100.0
                ),
                "Filter category model; Filter default allow".to_owned(),
            ),
            Decider::Default => (
                format!("policy:{aud}.default_allow"),
                if categories.is_empty() {
                    format!("allowed: no list matched `{host}`")
                } else {
                    format!(
                        "allowed: `{host}` is listed as {}, not blocked for {aud}",
                        names(&categories)
                    )
                },
                "Filter default allow".to_owned(),
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

fn policy_window_label(filter: &UrlFilter, audience: Audience, index: usize) -> Option<String> {
    let w = filter
        .policies
        .get(audience.index())?
        .policy
        .windows
        .get(index)?;
    Some(match &w.label {
        Some(l) => format!("`{l}`"),
        None => format!(
            "{} ({}-{})",
            index,
            w.from.format("%H:%M"),
            w.to.format("%H:%M")
        ),
    })
}
