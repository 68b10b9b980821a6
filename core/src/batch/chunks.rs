//! A long batch across cores: with the `parallel` feature a batch of at least two chunks is
//! cut into chunks that rayon's global pool maps, and the chunk results come back in input
//! order; otherwise (the WebAssembly build, the pure core) the batch is one chunk mapped on
//! the caller's thread.

/// Maps `items` chunk by chunk (`chunk` items each) and returns the chunk results in input
/// order. A batch shorter than two chunks, or a pool of one thread, stays on the caller's
/// thread as one chunk, so a small batch never pays for threads.
pub(crate) fn map_chunks<T: Sync, R: Send>(
    items: &[T],
    chunk: usize,
    map: impl Fn(&[T]) -> R + Sync + Send,
) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let chunk = chunk.max(1);
        if items.len() >= chunk.saturating_mul(2) && rayon::current_num_threads() > 1 {
            return items.par_chunks(chunk).map(map).collect();
        }
    }
    #[cfg(not(feature = "parallel"))]
    let _ = chunk;
    vec![map(items)]
}

/// The chunk results of [`map_chunks`] as one result: the first, extended by the rest.
pub(crate) fn join<R: Default + Extend<R>>(parts: Vec<R>) -> R {
    let mut parts = parts.into_iter();
    let mut all = parts.next().unwrap_or_default();
    all.extend(parts);
    all
}

#[cfg(test)]
mod tests {
    use super::map_chunks;

    #[test]
    fn a_short_batch_is_one_chunk() {
        let items: Vec<u32> = (0..9).collect();
        assert_eq!(map_chunks(&items, 5, <[u32]>::to_vec), [&items[..]]);
        assert_eq!(map_chunks(&[] as &[u32], 5, <[u32]>::len), [0]);
    }

    #[cfg(feature = "parallel")]
    #[test]
    fn a_long_batch_comes_back_in_chunks_in_order() {
        let items: Vec<u32> = (0..10_007).collect();
        let chunks = map_chunks(&items, 1000, <[u32]>::to_vec);
        if rayon::current_num_threads() > 1 {
            assert_eq!(chunks.len(), 11);
            assert_eq!(chunks[10], (10_000..10_007).collect::<Vec<_>>());
        }
        assert_eq!(chunks.concat(), items);
    }
}
