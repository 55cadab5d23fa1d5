//! [`ReplayStore`]: the signatures seen recently, so that none is accepted twice.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// Default number of signatures remembered: enough for about 1,100 requests per second
/// sustained over a 15-minute window.
pub const DEFAULT_REPLAY_CAPACITY: usize = 1_000_000;

/// Keys are fixed-size so that a million entries cost tens of megabytes, not hundreds.
/// Byte 0 is the length; longer inputs are hashed first (byte 0 then reads 0xff).
type Key = [u8; 33];

fn key_of(bytes: &[u8]) -> Key {
    let mut key = [0u8; 33];
    match u8::try_from(bytes.len()) {
        Ok(len) if bytes.len() <= 32 => {
            key[0] = len;
            key[1..=bytes.len()].copy_from_slice(bytes);
        }
        _ => {
            key[0] = 0xff;
            key[1..].copy_from_slice(&Sha256::digest(bytes));
        }
    }
    key
}

/// A bounded, thread-safe set of recently seen signatures.
///
/// Each entry is kept until its expiry time (the request's date plus the window: after
/// that, the date check rejects a replay anyway). When full, the entry inserted first is
/// evicted, so the capacity should exceed the number of requests in one window; an
/// evicted, still-fresh signature could be replayed once.
///
/// Inserts and lookups are O(1) amortised: expired entries are dropped from the front of
/// an insertion-order queue as new ones arrive.
///
/// `Debug` shows the capacity and size only: the entries are live signatures, and there
/// may be a million of them.
pub struct ReplayStore {
    capacity: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Signature -> (expiry, sequence number of the queue entry that owns it).
    seen: HashMap<Key, (OffsetDateTime, u64)>,
    /// Insertion order; an item whose sequence number no longer matches the map is stale.
    order: VecDeque<(Key, u64, OffsetDateTime)>,
    next_seq: u64,
}

impl ReplayStore {
    /// An empty store remembering at most `capacity` signatures (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The most signatures remembered at once.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Number of signatures currently remembered (expired ones may linger until the next
    /// insertion).
    pub fn len(&self) -> usize {
        self.lock().seen.len()
    }

    /// Whether no signature is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `signature` is remembered and not expired at `now`.
    pub fn contains(&self, signature: &[u8], now: OffsetDateTime) -> bool {
        self.lock()
            .seen
            .get(&key_of(signature))
            .is_some_and(|&(expires_at, _)| expires_at >= now)
    }

    /// Records `signature` until `expires_at`, unless it is already remembered and not
    /// expired at `now`. Returns `true` when recorded (first use), `false` for a replay.
    pub fn insert_if_new(
        &self,
        signature: &[u8],
        expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> bool {
        let key = key_of(signature);
        let mut inner = self.lock();
        inner.forget_expired(now);
        if inner
            .seen
            .get(&key)
            .is_some_and(|&(old_expiry, _)| old_expiry >= now)
        {
            return false;
        }
        while inner.order.len() >= self.capacity {
            inner.evict_front();
        }
        let seq = inner.next_seq;
        inner.next_seq += 1;
        inner.seen.insert(key, (expires_at, seq));
        inner.order.push_back((key, seq, expires_at));
        true
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The data stays consistent even if a holder panicked: every mutation is a single
        // map or queue operation. So keep serving rather than propagate the poison.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl std::fmt::Debug for ReplayStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplayStore")
            .field("capacity", &self.capacity)
            .field("len", &self.len())
            .finish()
    }
}

impl Default for ReplayStore {
    fn default() -> Self {
        Self::new(DEFAULT_REPLAY_CAPACITY)
    }
}

impl Inner {
    fn forget_expired(&mut self, now: OffsetDateTime) {
        while self
            .order
            .front()
            .is_some_and(|&(_, _, expires_at)| expires_at < now)
        {
            self.evict_front();
        }
    }

    fn evict_front(&mut self) {
        if let Some((key, seq, _)) = self.order.pop_front()
            && self.seen.get(&key).is_some_and(|&(_, s)| s == seq)
        {
            self.seen.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2024-01-01 00:00 UTC);

    #[test]
    fn second_insert_is_a_replay_until_expiry() {
        let store = ReplayStore::new(10);
        let expiry = T0 + Duration::minutes(15);
        assert!(store.insert_if_new(b"sig", expiry, T0));
        assert!(!store.insert_if_new(b"sig", expiry, T0 + Duration::minutes(1)));
        assert!(!store.insert_if_new(b"sig", expiry, expiry));
        assert!(store.contains(b"sig", expiry));
        // Past its expiry the entry is forgotten and the signature may be recorded again.
        let later = expiry + Duration::seconds(1);
        assert!(!store.contains(b"sig", later));
        assert!(store.insert_if_new(b"sig", later + Duration::minutes(15), later));
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn expired_entries_are_dropped_on_insert() {
        let store = ReplayStore::new(100);
        for i in 0u8..50 {
            assert!(store.insert_if_new(&[i], T0 + Duration::minutes(15), T0));
        }
        assert_eq!(store.len(), 50);
        let later = T0 + Duration::minutes(16);
        assert!(store.insert_if_new(b"new", later + Duration::minutes(15), later));
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn capacity_evicts_the_oldest() {
        let store = ReplayStore::new(3);
        let expiry = T0 + Duration::minutes(15);
        for sig in [b"a", b"b", b"c", b"d"] {
            assert!(store.insert_if_new(sig, expiry, T0));
        }
        assert_eq!(store.len(), 3);
        assert!(!store.contains(b"a", T0));
        for sig in [b"b", b"c", b"d"] {
            assert!(store.contains(sig, T0));
        }
    }

    #[test]
    fn reinserting_an_expired_key_keeps_the_new_entry() {
        let store = ReplayStore::new(3);
        let far = T0 + Duration::minutes(10);
        assert!(store.insert_if_new(b"a", far, T0));
        assert!(store.insert_if_new(b"x", T0, T0));
        // x has expired but its queue item sits behind a's, so it is still queued.
        let later = T0 + Duration::seconds(1);
        assert!(store.insert_if_new(b"x", far, later));
        // Evicts a, then x's stale item: that must not remove x's new entry.
        assert!(store.insert_if_new(b"y", far, later));
        assert!(store.insert_if_new(b"z", far, later));
        assert!(!store.contains(b"a", later));
        for sig in [b"x", b"y", b"z"] {
            assert!(store.contains(sig, later));
        }
        assert!(!store.insert_if_new(b"x", far, later));
    }

    #[test]
    fn long_keys_are_hashed_not_truncated() {
        let store = ReplayStore::new(10);
        let a = [1u8; 40];
        let mut b = a;
        b[39] = 2;
        assert!(store.insert_if_new(&a, T0, T0));
        assert!(store.insert_if_new(&b, T0, T0));
        assert!(!store.insert_if_new(&a, T0, T0));
    }
}
