//! An audience's policy compiled against the filter's categories, with its site lists.

use super::bits::CategoryBits;
use super::matcher::{HashIndex, PathQuery, SuffixHashes};
use super::overrides;
use super::policy::AudiencePolicy;

/// Allow and block list entries of an audience.
#[derive(Debug, Clone, Default)]
pub(super) struct SiteList {
    index: HashIndex,
    /// `(entry text, host length, path prefix)` in index order.
    entries: Vec<(String, usize, String)>,
    /// Whether a path entry matches only whole path segments and whole query values (an
    /// allow list: `/view/class1` opens `/view/class1/home`, never `/view/class1xxx`,
    /// which anyone may create on a shared platform); a block list matches any prefix
    /// (squidGuard), which errs towards blocking.
    whole: bool,
}

impl SiteList {
    /// Entries were checked when the policy was resolved (`AudiencePolicy::resolve`
    /// refuses every entry [`overrides::site_parts`] cannot read), so none is dropped here.
    pub(super) fn build(entries: &[String], whole: bool) -> SiteList {
        let parsed: Vec<(u64, (String, usize, String))> = entries
            .iter()
            .filter_map(|e| {
                overrides::site_parts(e)
                    .ok()
                    .map(|(h, len, prefix)| (h, (e.clone(), len, prefix)))
            })
            .collect();
        let (index, entries) = HashIndex::build(parsed);
        SiteList {
            index,
            entries,
            whole,
        }
    }

    /// The most specific entry matching, as `(entry, specificity)`.
    pub(super) fn find(
        &self,
        suffixes: &SuffixHashes,
        host_len: usize,
        path_query: PathQuery<'_>,
    ) -> Option<(&str, (usize, usize))> {
        if self.entries.is_empty() {
            return None;
        }
        let mut best: Option<(&str, (usize, usize))> = None;
        for (hash, start) in suffixes.iter() {
            for (text, len, prefix) in self.entries.get(self.index.find(hash)).unwrap_or(&[]) {
                let reached = if self.whole {
                    path_query.starts_with_whole(prefix.as_str())
                } else {
                    path_query.starts_with(prefix.as_str())
                };
                if *len == host_len - start && reached {
                    let key = (*len, prefix.len());
                    if best.is_none_or(|(_, k)| key > k) {
                        best = Some((text, key));
                    }
                }
            }
        }
        best
    }
}

/// An audience's policy, compiled against the filter's categories.
#[derive(Debug, Clone)]
pub(super) struct CompiledPolicy {
    pub(super) policy: AudiencePolicy,
    pub(super) blocked: CategoryBits,
    pub(super) allow: SiteList,
    pub(super) block: SiteList,
    pub(super) windows: Vec<(CategoryBits, CategoryBits)>,
}
