//! [`Cancel`]: a flag that stops calls at their next attempt, for work nobody waits for any
//! more (the page fetches of a dropped export).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Shared by an owner and the calls it started; set once, when the owner goes away.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub(crate) fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub(crate) fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}
