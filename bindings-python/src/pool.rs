//! The threads a batch runs on, one pool per process.
//!
//! Core spreads a long batch (`check_many`, `classify_arrow`, `scan_arrow`) over rayon's
//! threads. A process forked after such a batch (`multiprocessing` with `fork`, a
//! pre-forking web server, Spark's Python daemon) inherits the pool but none of its
//! threads, so a batch in the child would wait for ever. Batches therefore run on a pool
//! owned by the current process id: a child builds its own on first use. The pool's size
//! follows rayon's rules (`RAYON_NUM_THREADS`, else one thread per core). Where no thread
//! can be started, the batch runs on the caller's thread: core only spreads a batch inside
//! a pool, so it never reaches for rayon's global pool (which would panic).

use rayon::{ThreadPool, ThreadPoolBuilder};
use std::sync::{Arc, Mutex, PoisonError};

/// The pool and the process that built it.
static POOL: Mutex<Option<(u32, Arc<ThreadPool>)>> = Mutex::new(None);

/// Runs `work` on this process's pool (on the caller's thread when no pool can be built).
pub fn in_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// This process's pool, built on first use in each process.
fn pool() -> Option<Arc<ThreadPool>> {
    let pid = std::process::id();
    let mut slot = POOL.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((owner, pool)) = slot.as_ref()
        && *owner == pid
    {
        return Some(Arc::clone(pool));
    }
    // A pool inherited through `fork` has no threads in this process: it is never used
    // again, and never dropped (dropping would signal threads that do not exist here).
    if let Some(inherited) = slot.take() {
        std::mem::forget(inherited);
    }
    let pool = ThreadPoolBuilder::new()
        .thread_name(|i| format!("esafety-batch-{i}"))
        .build()
        .ok()
        .map(Arc::new)?;
    *slot = Some((pid, Arc::clone(&pool)));
    Some(pool)
}
