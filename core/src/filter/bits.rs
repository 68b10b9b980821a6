//! A bit set over the filter's interned categories.

/// A bit set over the filter's interned categories (at most 256).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct CategoryBits([u64; 4]);

impl CategoryBits {
    pub(super) fn insert(&mut self, id: u8) {
        if let Some(word) = self.0.get_mut(usize::from(id >> 6)) {
            *word |= 1 << (id & 63);
        }
    }
    pub(super) fn minus(self, other: CategoryBits) -> CategoryBits {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a &= !b;
        }
        out
    }
    pub(super) fn intersection(self, other: CategoryBits) -> CategoryBits {
        self.minus(self.minus(other))
    }

    pub(super) fn union(self, other: CategoryBits) -> CategoryBits {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        out
    }
    pub(super) fn intersects(self, other: CategoryBits) -> bool {
        self.0.iter().zip(other.0).any(|(a, b)| a & b != 0)
    }
    /// The ids in the set, in increasing order.
    pub(super) fn ids(self) -> impl Iterator<Item = u8> {
        (0u8..4).flat_map(move |w| {
            let mut word = self.0.get(usize::from(w)).copied().unwrap_or(0);
            std::iter::from_fn(move || {
                let bit = word.trailing_zeros();
                // A zero word has 64 trailing zeros: no id left in it.
                let bit = u8::try_from(bit).ok().filter(|b| *b < 64)?;
                word &= word - 1;
                Some(w * 64 + bit)
            })
        })
    }
    pub(super) fn is_empty(self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
}

pub(super) fn single(id: u8) -> CategoryBits {
    let mut b = CategoryBits::default();
    b.insert(id);
    b
}

#[cfg(test)]
mod tests {
    use super::CategoryBits;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn ids_are_the_inserted_ids_in_order(mut ids in proptest::collection::vec(any::<u8>(), 0..20)) {
            let mut bits = CategoryBits::default();
            ids.iter().for_each(|id| bits.insert(*id));
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(bits.ids().collect::<Vec<_>>(), ids);
        }
    }
}
