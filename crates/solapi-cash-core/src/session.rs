//! [`Session`]: what a client learns while it runs, shared by its clones — the offset to the
//! server's clock used for signing, the server's clock as last read from a `Date` header,
//! and the recharges it saw succeed. Settings are in
//! [`ClientConfig`](crate::ClientConfig); nothing here is set by the caller but the
//! starting offset.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};

use time::Duration;

use crate::server_clock::Anchor;

/// How many acknowledged recharges a client remembers for reconciliation.
const ACKNOWLEDGED_MEMORY: usize = 256;

/// The learned state of a client.
#[derive(Debug)]
pub(crate) struct Session {
    /// Server time minus the local clock, in milliseconds: what signing adds to the clock.
    offset_ms: AtomicI64,
    /// The latest `Date` received.
    anchor: Mutex<Option<Anchor>>,
    /// `historyId`s of this client's own acknowledged recharges, newest last.
    acknowledged: Mutex<VecDeque<String>>,
}

impl Session {
    pub(crate) fn new(offset: Duration) -> Session {
        Session {
            offset_ms: AtomicI64::new(i64::try_from(offset.whole_milliseconds()).unwrap_or(0)),
            anchor: Mutex::new(None),
            acknowledged: Mutex::new(VecDeque::new()),
        }
    }

    /// The offset of the server's clock from the local one.
    pub(crate) fn offset(&self) -> Duration {
        Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Adopts a newly measured offset.
    pub(crate) fn set_offset(&self, offset: Duration) -> Duration {
        let ms = i64::try_from(offset.whole_milliseconds()).unwrap_or(0);
        self.offset_ms.store(ms, Ordering::Relaxed);
        Duration::milliseconds(ms)
    }

    /// The server's clock as last read, if it was ever read.
    pub(crate) fn anchor(&self) -> Option<Anchor> {
        *self.anchor.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adopts a newer reading of the server's clock (an older one, from an answer that was
    /// overtaken by another, is ignored).
    pub(crate) fn observe(&self, reading: Anchor) {
        let mut anchor = self.anchor.lock().unwrap_or_else(|e| e.into_inner());
        if anchor.is_none_or(|a| a.monotonic <= reading.monotonic) {
            *anchor = Some(reading);
        }
    }

    /// Remembers a recharge this client saw succeed.
    pub(crate) fn remember_recharge(&self, history_id: &str) {
        let mut ids = self.acknowledged.lock().unwrap_or_else(|e| e.into_inner());
        if ids.len() == ACKNOWLEDGED_MEMORY {
            ids.pop_front();
        }
        ids.push_back(history_id.to_owned());
    }

    /// The recharges this client saw succeed.
    pub(crate) fn acknowledged(&self) -> HashSet<String> {
        self.acknowledged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect()
    }
}
