//! Scan buffers kept by each scanner between calls, so [`super::TermScanner::scan`] does not
//! allocate its working buffers anew for every text.
//!
//! Per scanner object, not global: a thread takes a [`Scratch`] (or makes one when none is
//! free), scans, and gives it back. Buffers grown by a long text are dropped rather than
//! kept, so a scanner never holds more than a few small scratches.

use super::Scratch;
use std::sync::Mutex;

/// The longest text whose grown buffers are kept (the normaliser keeps about 12 bytes per
/// text byte).
const KEEP_AFTER_TEXT_BYTES: usize = 64 * 1024;

/// At most this many spare scratches (one per concurrently scanning thread, typically).
const MAX_SPARE: usize = 8;

/// Spare scratches; cloning a scanner starts the clone with none.
#[derive(Debug, Default)]
pub(crate) struct ScratchPool(Mutex<Vec<Scratch>>);

impl Clone for ScratchPool {
    fn clone(&self) -> Self {
        ScratchPool::default()
    }
}

impl ScratchPool {
    /// A spare scratch, or a new one (also when the lock is unavailable).
    pub(crate) fn take(&self) -> Scratch {
        self.0
            .lock()
            .ok()
            .and_then(|mut spare| spare.pop())
            .unwrap_or_default()
    }

    /// Gives `scratch` back after scanning a text of `text_bytes`.
    pub(crate) fn give(&self, scratch: Scratch, text_bytes: usize) {
        if text_bytes > KEEP_AFTER_TEXT_BYTES {
            return;
        }
        if let Ok(mut spare) = self.0.lock()
            && spare.len() < MAX_SPARE
        {
            spare.push(scratch);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_scratches_are_kept_and_large_ones_dropped() {
        let pool = ScratchPool::default();
        pool.give(Scratch::default(), 10);
        pool.give(Scratch::default(), KEEP_AFTER_TEXT_BYTES + 1);
        assert_eq!(pool.0.lock().unwrap().len(), 1);
        let _ = pool.take();
        assert!(pool.0.lock().unwrap().is_empty());
        for _ in 0..MAX_SPARE + 3 {
            pool.give(Scratch::default(), 1);
        }
        assert_eq!(pool.0.lock().unwrap().len(), MAX_SPARE);
        assert!(pool.clone().0.lock().unwrap().is_empty());
    }
}
