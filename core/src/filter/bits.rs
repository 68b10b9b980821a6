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
    pub(super) fn is_empty(self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
}

pub(super) fn single(id: u8) -> CategoryBits {
    let mut b = CategoryBits::default();
    b.insert(id);
    b
}
