//! Changing an object another Python thread is reading: never pyo3's untyped "Already
//! borrowed". A read lets go of the object before its answer becomes Python objects
//! ([`read`]; Python may switch threads while that runs), so it holds the object only
//! while the GIL is held; a change waits (the GIL released) for a read that let the GIL go
//! itself (a long `check_many`), and one that still cannot start after [`PATIENCE`]
//! raises `EsafetyError` with code `object_busy`.

use pyo3::prelude::*;
use pyo3::{PyClass, pyclass::boolean_struct::False};
use std::time::{Duration, Instant};

/// How long a change waits for the reads in progress on its object.
const PATIENCE: Duration = Duration::from_secs(30);

/// The error of a change that waited [`PATIENCE`] for the object's readers.
#[derive(Debug)]
struct Busy(u64);

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the object is still in use by another thread after {} s: the change was not made",
            self.0
        )
    }
}

impl std::error::Error for Busy {}

impl esafety_core::ErrorCode for Busy {
    fn code(&self) -> &'static str {
        "object_busy"
    }

    fn domain(&self) -> &'static str {
        "esafety"
    }
}

/// Runs `change` on the object once no other thread is reading or changing it.
pub fn change<T, R>(slf: &Bound<'_, T>, change: impl FnOnce(&mut T) -> R) -> PyResult<R>
where
    T: PyClass<Frozen = False>,
{
    let started = Instant::now();
    let mut pause = Duration::from_micros(20);
    loop {
        if let Ok(mut this) = slf.try_borrow_mut() {
            return Ok(change(&mut this));
        }
        if started.elapsed() >= PATIENCE {
            return Err(crate::errors::to_py_err(&Busy(PATIENCE.as_secs())));
        }
        slf.py().detach(|| std::thread::sleep(pause));
        pause = (pause * 2).min(Duration::from_millis(5));
    }
}

/// Runs `read` on the object and lets go of it before the answer becomes Python objects
/// (which runs Python code, where another thread may take over): a change waiting in
/// another thread then finds the object free, however often this one reads.
pub fn read<T: PyClass, R>(slf: PyRef<'_, T>, read: impl FnOnce(&T) -> R) -> R {
    let answer = read(&slf);
    drop(slf);
    answer
}
