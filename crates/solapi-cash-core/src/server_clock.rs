//! The server's clock as the engine reads it: the last `Date` the server sent, carried
//! forward by this machine's monotonic clock — or, before any `Date`, this machine's wall
//! clock plus the offset known.

use std::time::Duration as StdDuration;

use time::{Duration, OffsetDateTime};

/// The server's clock as last read: its `Date` and this machine's monotonic clock when the
/// answer carrying it arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub(crate) date: OffsetDateTime,
    pub(crate) monotonic: StdDuration,
}

/// A time on the server's clock, and whether it was measured from a `Date` the server sent
/// (else it is this machine's clock plus the offset known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ServerTime {
    pub(crate) at: OffsetDateTime,
    pub(crate) measured: bool,
}

/// The server's time at the monotonic reading `at`, knowing `anchor` (if any), and — for
/// the fallback — this machine's wall clock `local` read at the monotonic reading `now`, and
/// the `offset` signing adds to it.
pub(crate) fn server_time_at(
    anchor: Option<Anchor>,
    local: OffsetDateTime,
    offset: Duration,
    now: StdDuration,
    at: StdDuration,
) -> ServerTime {
    match anchor {
        Some(anchor) => ServerTime {
            at: anchor
                .date
                .checked_add(between(anchor.monotonic, at))
                .unwrap_or(anchor.date),
            measured: true,
        },
        None => ServerTime {
            at: local
                .checked_add(offset)
                .and_then(|t| t.checked_add(between(now, at)))
                .unwrap_or(local),
            measured: false,
        },
    }
}

/// `to - from`, signed.
fn between(from: StdDuration, to: StdDuration) -> Duration {
    let forward = |a: StdDuration, b: StdDuration| {
        Duration::try_from(a.saturating_sub(b)).unwrap_or(Duration::MAX)
    };
    forward(to, from) - forward(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const LOCAL: OffsetDateTime = datetime!(2024-05-01 12:20 UTC);
    const SERVER: OffsetDateTime = datetime!(2024-05-01 12:00 UTC);

    fn s(n: u64) -> StdDuration {
        StdDuration::from_secs(n)
    }

    #[test]
    fn a_date_is_carried_forward_and_back_by_the_monotonic_clock() {
        let anchor = Some(Anchor {
            date: SERVER,
            monotonic: s(100),
        });
        let at = |m| server_time_at(anchor, LOCAL, Duration::ZERO, s(105), m);
        assert_eq!(
            at(s(103)),
            ServerTime {
                at: SERVER + Duration::seconds(3),
                measured: true
            }
        );
        assert_eq!(at(s(98)).at, SERVER - Duration::seconds(2));
    }

    #[test]
    fn without_a_date_the_local_clock_and_the_offset_stand_in() {
        let offset = Duration::minutes(-20);
        let t = server_time_at(None, LOCAL, offset, s(105), s(100));
        assert_eq!(
            t,
            ServerTime {
                at: LOCAL + offset - Duration::seconds(5),
                measured: false
            }
        );
    }
}
