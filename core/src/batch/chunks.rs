//! A long batch across cores: with the `parallel` feature a batch of at least two chunks is
//! cut into chunks that the current rayon pool maps (the global pool, or one the caller
//! installs: the Python binding installs one per process, so a forked child never waits on
//! its parent's threads), and the chunk results come back in input order; otherwise (the
//! WebAssembly build, the pure core) the batch is one chunk mapped on the caller's thread.

/// Maps `items` chunk by chunk (`chunk` items each) and returns the chunk results in input
/// order; `map` gets each chunk with the index of its first item in `items`. A batch
/// shorter than two chunks, or a pool of one thread, stays on the caller's thread as one
/// chunk, so a small batch never pays for threads.
pub(crate) fn map_chunks<T: Sync, R: Send>(
    items: &[T],
    chunk: usize,
    map: impl Fn(usize, &[T]) -> R + Sync + Send,
) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let chunk = chunk.max(1);
        if items.len() >= chunk.saturating_mul(2) && rayon::current_num_threads() > 1 {
            return items
                .par_chunks(chunk)
                .enumerate()
                .map(|(n, part)| map(n * chunk, part))
                .collect();
        }
    }
    #[cfg(not(feature = "parallel"))]
    let _ = chunk;
    vec![map(0, items)]
}

/// The chunk results of [`map_chunks`] as one result: the first, extended by the rest.
pub(crate) fn join<R: Default + Extend<R>>(parts: Vec<R>) -> R {
    let mut parts = parts.into_iter();
    let mut all = parts.next().unwrap_or_default();
    all.extend(parts);
    all
}

/// The chunk results of [`map_chunks`] that are lists, as one list in input order.
pub(crate) fn concat<T>(mut parts: Vec<Vec<T>>) -> Vec<T> {
    if parts.len() == 1
        && let Some(only) = parts.pop()
    {
        return only;
    }
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    parts.into_iter().for_each(|part| all.extend(part));
    all
}

#[cfg(test)]
mod tests {
    use super::{concat, map_chunks};

    #[test]
    fn lists_of_chunks_concatenate_in_order() {
        assert_eq!(concat(vec![vec![1, 2], vec![], vec![3]]), [1, 2, 3]);
        assert_eq!(concat(vec![vec!['a']]), ['a']);
        assert!(concat::<u8>(Vec::new()).is_empty());
    }

    #[test]
    fn a_short_batch_is_one_chunk() {
        let items: Vec<u32> = (0..9).collect();
        assert_eq!(map_chunks(&items, 5, |_, part| part.to_vec()), [&items[..]]);
        assert_eq!(
            map_chunks(&[] as &[u32], 5, |start, part| start + part.len()),
            [0]
        );
    }

    #[cfg(feature = "parallel")]
    #[test]
    fn a_long_batch_comes_back_in_chunks_in_order() {
        let items: Vec<u32> = (0..10_007).collect();
        let chunks = map_chunks(&items, 1000, |start, part| (start, part.to_vec()));
        if rayon::current_num_threads() > 1 {
            assert_eq!(chunks.len(), 11);
            assert_eq!(chunks[10], (10_000, (10_000..10_007).collect::<Vec<_>>()));
        }
        assert!(
            chunks
                .iter()
                .all(|(start, part)| part.first().is_none_or(|f| *f as usize == *start))
        );
        let all: Vec<u32> = chunks.into_iter().flat_map(|(_, part)| part).collect();
        assert_eq!(all, items);
    }
}
