//! [`Driver`]: the one loop in this crate that sends requests, with what it needs (the
//! engine's settings and the HTTP stack). The client and the export's workers both hold one,
//! so that neither calls back into the other.

use std::sync::Arc;
use std::time::{Duration, Instant};

use solapi_cash_core::transport::{Action, HttpStack, Machine};
use solapi_cash_core::{Engine, Error};

use crate::transport;

/// Drives the engine's machines over ureq. Cheap to clone.
#[derive(Clone, Debug)]
pub(crate) struct Driver {
    engine: Arc<Engine>,
    agent: HttpStack<ureq::Agent>,
}

impl Driver {
    pub(crate) fn new(engine: Arc<Engine>, agent: ureq::Agent) -> Driver {
        Driver {
            engine,
            agent: HttpStack::new(agent),
        }
    }

    /// Drives a machine of the engine to its end.
    pub(crate) fn drive<M: Machine>(&self, mut machine: M) -> Result<M::Output, Error> {
        loop {
            match machine.next_action() {
                Action::Send(request) => {
                    let span = machine.span().clone();
                    let answer = span.in_scope(|| {
                        transport::send(self.agent.get(), request, self.engine.config())
                    });
                    machine.receive(answer);
                }
                Action::Sleep(wait) => pause(&machine, wait),
                Action::Done(result) => return result,
            }
        }
    }
}

/// How often a sleeping machine is asked whether it is still wanted.
const PAUSE_SLICE: Duration = Duration::from_millis(50);

/// Sleeps `wait` (a backoff, a `Retry-After`), cut short once the machine's result is no
/// longer wanted: an export dropped while its workers wait out a 60-second `Retry-After`
/// would otherwise keep them, and their clients, for that long.
fn pause<M: Machine>(machine: &M, wait: Duration) {
    let start = Instant::now();
    while !machine.is_cancelled() {
        let left = wait.saturating_sub(start.elapsed());
        if left.is_zero() {
            return;
        }
        std::thread::sleep(left.min(PAUSE_SLICE));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A machine that is already cancelled, or not.
    struct Idle(bool, tracing::Span);

    impl Machine for Idle {
        type Output = ();
        fn next_action(&mut self) -> Action<()> {
            Action::Done(Ok(()))
        }
        fn receive(
            &mut self,
            _: Result<http::Response<Vec<u8>>, solapi_cash_core::transport::TransportError>,
        ) {
        }
        fn span(&self) -> &tracing::Span {
            &self.1
        }
        fn is_cancelled(&self) -> bool {
            self.0
        }
    }

    #[test]
    fn a_pause_ends_at_once_for_a_machine_nobody_waits_for() {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            pause(
                &Idle(true, tracing::Span::none()),
                Duration::from_secs(3600),
            );
            let _ = done.send(());
        });
        // A liveness bound, not a measurement: the hour is not waited out.
        assert!(finished.recv_timeout(Duration::from_secs(60)).is_ok());
        let start = Instant::now();
        pause(
            &Idle(false, tracing::Span::none()),
            Duration::from_millis(20),
        );
        assert!(
            start.elapsed() >= Duration::from_millis(20),
            "a wanted pause is slept"
        );
    }
}
