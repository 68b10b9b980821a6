//! A long batch across cores: with the `parallel` feature, a batch of at least two chunks
//! run inside a rayon pool that the caller installs (`ThreadPool::install`; the Python
//! binding installs one per process, so a forked child never waits on its parent's
//! threads) is cut into chunks that the pool maps, and the chunk results come back in input
//! order. Anywhere else (outside any pool, the WebAssembly build, the pure core) the batch
//! is one chunk mapped on the caller's thread. Core never starts threads itself, nor builds
//! rayon's global pool: a host that cannot start a thread gets its answer on its own
//! thread, not a panic.

/// Maps `items` chunk by chunk (`chunk` items each) and returns the chunk results in input
/// order; `map` gets each chunk with the index of its first item in `items`. A batch
/// shorter than two chunks, a pool of one thread, or a caller outside any pool stays on the
/// caller's thread as one chunk, so a small batch never pays for threads.
pub(crate) fn map_chunks<T: Sync, R: Send>(
    items: &[T],
    chunk: usize,
    map: impl Fn(usize, &[T]) -> R + Sync + Send,
) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let chunk = chunk.max(1);
        // `current_num_threads` alone would build rayon's global pool outside a pool, and
        // panic where no thread can be started: ask for it only on a pool's own thread.
        let in_pool = rayon::current_thread_index().is_some();
        if items.len() >= chunk.saturating_mul(2) && in_pool && rayon::current_num_threads() > 1 {
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
    fn a_long_batch_in_a_pool_comes_back_in_chunks_in_order() {
        let items: Vec<u32> = (0..10_007).collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let chunks =
            pool.install(|| map_chunks(&items, 1000, |start, part| (start, part.to_vec())));
        assert_eq!(chunks.len(), 11);
        assert_eq!(chunks[10], (10_000, (10_000..10_007).collect::<Vec<_>>()));
        assert!(
            chunks
                .iter()
                .all(|(start, part)| part.first().is_none_or(|f| *f as usize == *start))
        );
        let all: Vec<u32> = chunks.into_iter().flat_map(|(_, part)| part).collect();
        assert_eq!(all, items);
    }

    #[test]
    fn outside_a_pool_a_long_batch_stays_on_the_callers_thread() {
        let items: Vec<u32> = (0..10_007).collect();
        let caller = std::thread::current().id();
        let chunks = map_chunks(&items, 1000, |start, part| {
            (start, part.len(), std::thread::current().id())
        });
        assert_eq!(chunks, [(0, items.len(), caller)]);
    }
}
