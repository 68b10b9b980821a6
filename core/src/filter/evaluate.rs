//! Finding every rule that matches a URL and deciding the verdict (not yet explained).

use super::bits::{CategoryBits, single};
use super::compiled::CompiledPolicy;
use super::engine::UrlFilter;
use super::matcher::{PathQuery, SuffixHashes, UrlView, domain_hash};
use super::rules::SUBDOMAINS_ONLY;
use super::{
    Audience, Category, FilterError, Lookalike, MatchKind, OverrideAction, OverrideRecord,
    SearchProvider, Verdict, lookalike, matcher, safe_search,
};
use crate::canonical_url::HostKind;
use chrono::{DateTime, Utc};

/// A rule hit during evaluation.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub(super) kind: MatchKind,
    pub(super) list: u16,
    pub(super) line: u32,
    /// Start of the matched host suffix (domain and URL hits).
    pub(super) start: u16,
    /// URL hits: rule index; expression hits: expression index.
    pub(super) rule: u32,
}

/// The rule hits of one request: most have at most a few, kept without an allocation.
pub(super) type Hits = smallvec::SmallVec<[Hit; 4]>;

/// What decided, before it is explained.
#[derive(Debug, Clone)]
pub(super) enum Decider<'f> {
    Illegal(usize),
    Override(&'f OverrideRecord),
    BlockList(&'f str),
    AllowList(&'f str),
    AllowListMode,
    Category(Option<usize>, Option<usize>),
    SafeSearch,
    UnenforceableSearch,
    /// The category model's guess, at the threshold it reached (`tenant`: the lower one of
    /// a phishing guess on a hosting platform's tenant).
    Model {
        at: u8,
        tenant: bool,
    },
    Default,
    /// Allowed because an active time window allows a category the policy blocks (the
    /// window's index); the rule stays the default allow.
    Window(usize),
}

/// The evaluation of one request, cheap to produce; [`UrlFilter::check`] explains it.
pub(super) struct Evaluation<'a, 'f> {
    pub(super) view: UrlView<'a>,
    pub(super) verdict: Verdict,
    pub(super) decider: Decider<'f>,
    pub(super) hits: Hits,
    pub(super) categories: CategoryBits,
    pub(super) provider: Option<SearchProvider>,
    pub(super) lookalike: Option<Lookalike>,
    /// The category model's guess, when no list matched and the model is on.
    pub(super) prediction: Option<super::model::Prediction>,
    /// The Latin skeleton of an internationalised host ([`lookalike::Reading`]): what the
    /// model reads instead of its punycode.
    pub(super) read_as: Option<String>,
    /// Whether the host is a tenant of a hosting platform the lists name only as a platform.
    pub(super) tenant: bool,
}

impl Evaluation<'_, '_> {
    /// The host as the category model reads it: its Latin skeleton, or the host itself.
    pub(super) fn model_host(&self) -> &str {
        self.read_as.as_deref().unwrap_or(&self.view.host)
    }
}

impl UrlFilter {
    pub(super) fn collect_hits(
        &self,
        view: &UrlView<'_>,
        suffixes: &SuffixHashes,
        path_query: PathQuery<'_>,
        hits: &mut Hits,
        bits: &mut CategoryBits,
    ) {
        // With no single-label rule, the top-level domain (the shortest suffix of a
        // multi-label host) cannot match: skip its lookup.
        let skip = usize::from(
            !self.single_label_rules
                && view.host_kind == HostKind::Domain
                && view.host.bytes().any(|b| b == b'.'),
        );
        let mut buckets = [(0usize, 0usize); matcher::MAX_SUFFIXES];
        for ((hash, _), bucket) in suffixes.iter().skip(skip).zip(buckets.iter_mut()) {
            *bucket = self.domain_index.bucket(hash);
        }
        // Read the first hash of every bucket before scanning any: the loads do not wait
        // for each other, so their cache misses overlap (a prefetch without `unsafe`).
        std::hint::black_box(
            buckets
                .iter()
                .fold(0, |acc, &(lo, _)| acc ^ self.domain_index.hash_at(lo)),
        );
        let inline = suffixes.iter().skip(skip).zip(buckets.iter().copied());
        // A host of more labels than fit inline: its deeper suffixes, one probe each.
        let deeper = suffixes
            .iter()
            .skip(skip + matcher::MAX_SUFFIXES)
            .map(|(hash, start)| ((hash, start), self.domain_index.bucket(hash)));
        for ((hash, start), (lo, hi)) in inline.chain(deeper) {
            let range = self.domain_index.find_in(hash, lo, hi);
            for i in range {
                let (Some(&list), Some(&line)) =
                    (self.domain_lists.get(i), self.domain_lines.get(i))
                else {
                    continue;
                };
                let list_bits = self
                    .list_bits
                    .get(usize::from(list))
                    .copied()
                    .unwrap_or_default();
                if list_bits.is_empty() {
                    continue; // reference lists carry no category
                }
                // A rule for subdomains only does not match its own host.
                if line & SUBDOMAINS_ONLY != 0 && start == 0 {
                    continue;
                }
                *bits = bits.union(list_bits);
                hits.push(Hit {
                    kind: MatchKind::Domain,
                    list,
                    line: line & !SUBDOMAINS_ONLY,
                    start: u16::try_from(start).unwrap_or(0),
                    rule: 0,
                });
            }
        }
        if !self.url_rules.is_empty() {
            for (hash, start) in suffixes.iter().skip(skip) {
                for i in self.url_index.find(hash) {
                    let Some(rule) = self.url_rules.get(i) else {
                        continue;
                    };
                    if path_query.starts_with(&rule.prefix) {
                        *bits = bits.union(
                            self.list_bits
                                .get(usize::from(rule.file))
                                .copied()
                                .unwrap_or_default(),
                        );
                        hits.push(Hit {
                            kind: MatchKind::Url,
                            list: rule.file,
                            line: rule.line,
                            start: u16::try_from(start).unwrap_or(0),
                            rule: u32::try_from(i).unwrap_or(0),
                        });
                    }
                }
            }
        }
        if let Some(set) = &self.expressions {
            let mut subject = String::with_capacity(view.host.len() + view.path.len() + 32);
            view.host_path_query(&mut subject);
            super::expressions::fold_subject(&mut subject);
            // `is_match` does not allocate; most URLs stop here.
            let matched = if set.is_match(subject.as_bytes()) {
                set.matches(subject.as_bytes()).into_iter().collect()
            } else {
                Vec::new()
            };
            for i in matched {
                let Some((_, list, line)) = self.expression_rules.get(i) else {
                    continue;
                };
                *bits = bits.union(
                    self.list_bits
                        .get(usize::from(*list))
                        .copied()
                        .unwrap_or_default(),
                );
                hits.push(Hit {
                    kind: MatchKind::Expression,
                    list: *list,
                    line: *line,
                    start: 0,
                    rule: u32::try_from(i).unwrap_or(0),
                });
            }
        }
    }

    pub(super) fn evaluate<'a, 'f>(
        &'f self,
        url: &'a str,
        audience: Audience,
        at: Option<DateTime<Utc>>,
    ) -> Result<Evaluation<'a, 'f>, FilterError> {
        let view = UrlView::parse(url)?;
        let suffixes = SuffixHashes::of(&view.host, view.host_kind);
        let mut hits = Hits::new();
        let mut categories = CategoryBits::default();
        self.collect_hits(
            &view,
            &suffixes,
            view.path_query(),
            &mut hits,
            &mut categories,
        );
        // A byte loop: hosts are short, and `str::contains` sets up a searcher per call.
        let punycode = view.host.as_bytes().windows(4).any(|w| w == b"xn--");
        let reading = if view.host_kind == HostKind::Domain && punycode {
            lookalike::read(&view.host)
        } else {
            None
        };
        let lookalike = reading.as_ref().and_then(|r| {
            lookalike::detect(r, |domain| {
                !self
                    .domain_index
                    .find(domain_hash(domain.as_bytes()))
                    .is_empty()
                    || self.model.as_ref().is_some_and(|m| m.is_brand_own(domain))
            })
        });
        if lookalike.is_some() {
            categories.insert(self.lookalike_id);
        }
        let provider = if view.host_kind == HostKind::Domain {
            SearchProvider::of_host(&view.host)
        } else {
            None
        };
        // The model reads hosts no list knows, and tenants of a hosting platform that the
        // lists name only as a platform (`paypal-login.example-host.com` under a listed
        // `example-host.com`, web hosting or blogs): the platform says nothing of its tenant.
        let tenant = !hits.is_empty() && self.platform_tenant(&view.host, &hits);
        let unknown = hits.is_empty() || tenant;
        let guess = unknown && lookalike.is_none();
        let mut evaluation = Evaluation {
            prediction: None,
            read_as: reading.and_then(|r| r.skeleton),
            tenant,
            verdict: Verdict::Allow,
            decider: Decider::Default,
            hits,
            categories,
            provider,
            lookalike,
            view,
        };
        // An internationalised host is read by its Latin skeleton when it has one
        // (`pàypal-login.com` as `paypal-login.com`): its punycode says nothing of its name.
        if guess && let Some(model) = &self.model {
            evaluation.prediction = model.predict(evaluation.model_host(), &evaluation.view.path);
        }
        let Some(policy) = self.policies.get(audience.index()) else {
            evaluation.verdict = Verdict::Block;
            evaluation.decider = Decider::AllowListMode;
            return Ok(evaluation);
        };
        let (verdict, decider) = self.decide(&evaluation, &suffixes, policy, audience, at);
        evaluation.verdict = verdict;
        evaluation.decider = decider;
        Ok(evaluation)
    }

    pub(super) fn decide<'f>(
        &'f self,
        e: &Evaluation<'_, 'f>,
        suffixes: &SuffixHashes,
        policy: &'f CompiledPolicy,
        audience: Audience,
        at: Option<DateTime<Utc>>,
    ) -> (Verdict, Decider<'f>) {
        // 1. Illegal: always blocked.
        if e.categories.intersects(self.illegal) {
            let hit = self.first_hit_in(&e.hits, self.illegal).unwrap_or(0);
            return (Verdict::Block, Decider::Illegal(hit));
        }
        let host_len = e.view.host.len();
        let mut allowed_by: Option<Decider<'f>> = None;
        // 2. Approved overrides.
        if !self.overrides.is_empty()
            && let Some(record) =
                self.overrides
                    .find(suffixes, host_len, e.view.path_query(), audience, at)
        {
            match record.action {
                OverrideAction::Block => return (Verdict::Block, Decider::Override(record)),
                OverrideAction::Unblock => allowed_by = Some(Decider::Override(record)),
            }
        }
        // 3. Block list, then allow list; the more specific entry wins, a tie blocks.
        if allowed_by.is_none() {
            let blocked = policy.block.find(suffixes, host_len, e.view.path_query());
            let allowed = policy.allow.find(suffixes, host_len, e.view.path_query());
            match (blocked, allowed) {
                (Some((b, bk)), Some((_, ak))) if bk >= ak => {
                    return (Verdict::Block, Decider::BlockList(b));
                }
                (Some(_), Some((a, _))) | (None, Some((a, _))) => {
                    allowed_by = Some(Decider::AllowList(a))
                }
                (Some((b, _)), None) => return (Verdict::Block, Decider::BlockList(b)),
                (None, None) => {}
            }
        }
        // The first active time window that allows a category of this request that would
        // otherwise be blocked: an allow it decides is named.
        let mut window_allow: Option<usize> = None;
        if allowed_by.is_none() {
            // 4. Allow-list mode.
            if policy.policy.allow_list_mode {
                return (Verdict::Block, Decider::AllowListMode);
            }
            // 5. Blocked categories, with time windows.
            let mut blocked = policy.blocked;
            let mut window_blocks: Vec<(usize, CategoryBits)> = Vec::new();
            let local = at.map(|t| self.policy_config.timezone.local(t));
            for (w, (allow_bits, block_bits)) in policy.policy.windows.iter().zip(&policy.windows) {
                let active = match local {
                    Some((date, time)) => w.contains(date, time),
                    None => false,
                };
                if active || (local.is_none() && !block_bits.is_empty()) {
                    blocked = blocked.union(*block_bits);
                    window_blocks.push((w.index, *block_bits));
                    if active {
                        if window_allow.is_none()
                            && e.categories.intersects(blocked.intersection(*allow_bits))
                        {
                            window_allow = Some(w.index);
                        }
                        blocked = blocked.minus(*allow_bits);
                    }
                }
            }
            blocked = blocked.union(self.illegal);
            if e.categories.intersects(blocked) {
                let hit = self.first_hit_in(&e.hits, blocked);
                // Name a window only when it, not the base policy, blocks the decisive match.
                let decisive = match hit.and_then(|i| e.hits.get(i)) {
                    Some(h) => self
                        .list_bits
                        .get(usize::from(h.list))
                        .copied()
                        .unwrap_or_default(),
                    None => single(self.lookalike_id),
                };
                let window_used = if decisive.intersects(policy.blocked) {
                    None
                } else {
                    window_blocks
                        .iter()
                        .find(|(_, bits)| bits.intersects(decisive))
                        .map(|(index, _)| *index)
                };
                return (Verdict::Block, Decider::Category(hit, window_used));
            }
            // 5b. The category model, for hosts no list knows: block a blocked category at
            // or above the audience's threshold (an illegal one always), else only flag.
            if let Some(p) = &e.prediction {
                let bits = self.bits(std::slice::from_ref(&p.category));
                let reaches = |at: u8| at < 100 && p.confidence * 100.0 >= f32::from(at);
                let own = policy.policy.model_block_at(&p.category);
                // A tenant's lower phishing threshold is named only when it is what blocks.
                let (at, tenant) = match policy.policy.tenant_block_at(&p.category, own) {
                    Some(lower) if e.tenant && !reaches(own) => (lower, true),
                    _ => (own, false),
                };
                let sure = reaches(at);
                if p.category.is_illegal() || (bits.intersects(blocked) && sure) {
                    return (Verdict::Block, Decider::Model { at, tenant });
                }
            }
        }
        // 6. Safe search: enforced, or the engine blocked for pupils and guests when it
        // cannot be.
        if let Some(provider) = e.provider
            && policy.policy.safe_search != super::SafeSearchMode::Off
        {
            if safe_search::enforcement(provider, policy.policy.safe_search).is_some() {
                return (Verdict::SafeSearch, Decider::SafeSearch);
            }
            if safe_search::unenforceable(provider)
                && audience != Audience::Staff
                && allowed_by.is_none()
            {
                return (Verdict::Block, Decider::UnenforceableSearch);
            }
        }
        let default = window_allow.map_or(Decider::Default, Decider::Window);
        (Verdict::Allow, allowed_by.unwrap_or(default))
    }

    pub(super) fn first_hit_in(&self, hits: &[Hit], bits: CategoryBits) -> Option<usize> {
        hits.iter().position(|h| {
            self.list_bits
                .get(usize::from(h.list))
                .is_some_and(|b| b.intersects(bits))
        })
    }

    pub(super) fn list_label(&self, list: u16) -> &str {
        self.lists.get(usize::from(list)).map_or("?", |l| &*l.label)
    }

    /// Whether every hit names only a hosting platform (web hosting, blogs) by a domain
    /// above `host`, so that `host` is one of its tenants (the platform's own sites are not:
    /// see [`is_platform_own`]).
    pub(super) fn platform_tenant(&self, host: &str, hits: &[Hit]) -> bool {
        hits.iter().all(|h| {
            let tenant = host.get(..usize::from(h.start)).unwrap_or("");
            h.kind == MatchKind::Domain
                && !is_platform_own(tenant)
                && self
                    .list_categories(h.list)
                    .iter()
                    .all(Category::is_hosting_platform)
        })
    }

    pub(super) fn list_categories(&self, list: u16) -> &[Category] {
        self.lists
            .get(usize::from(list))
            .map_or(&[], |l| &*l.categories)
    }
}

/// Whether the part of a host in front of a platform's domain (with its dot) names the
/// platform's own site rather than a tenant: nothing, `www.`, `m.`, or a language or
/// country site (`de.`, `pt-br.`: `de.wordpress.com` is WordPress's German site, and no
/// tenant name of two letters says anything the model could read).
///
/// ```text
/// ""  "www."  "m."  "de."  "pt-br."   → the platform's own
/// "someone."  "de.someone."           → a tenant
/// ```
fn is_platform_own(front: &str) -> bool {
    let Some(label) = front.strip_suffix('.') else {
        return front.is_empty();
    };
    let code = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_lowercase());
    super::model::is_service_label(label.as_bytes())
        || match label.split_once('-') {
            Some((language, region)) => code(language) && code(region),
            None => code(label),
        }
}

#[cfg(test)]
mod tests {
    use super::is_platform_own;

    #[test]
    fn language_sites_of_a_platform_are_its_own() {
        for own in ["", "www.", "m.", "de.", "tr.", "pt-br."] {
            assert!(is_platform_own(own), "{own}");
        }
        for tenant in [
            "someone.",
            "de.someone.",
            "abc.",
            "d.",
            "de-someone.",
            "12.",
        ] {
            assert!(!is_platform_own(tenant), "{tenant}");
        }
    }
}
