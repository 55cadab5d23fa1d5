//! [`Machine`]: the one shape every request-response machine of the engine has, so that a
//! transport drives all of them ([`Call`](crate::transport::Call), [`PageFetch`](crate::transport::PageFetch),
//! [`ReconcileCall`](crate::transport::ReconcileCall)) with one loop:
//!
//! ```text
//! loop {
//!     match machine.next_action() {
//!         Action::Send(request) => {
//!             let answer = transport.send(request);   // bytes move here, and only here
//!             machine.receive(answer);
//!         }
//!         Action::Sleep(wait) => sleep(wait),
//!         Action::Done(result) => return result,
//!     }
//! }
//! ```

use std::time::Duration;

use http::{Request, Response};

use crate::error::{Error, TransportError};

/// What a transport does next for a [`Machine`].
///
/// Exhaustive on purpose: a transport must act on every action, so a new one is a breaking
/// change that the compiler points out, not a wildcard arm that ignores it.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // handed out once per step and moved straight on
pub enum Action<T> {
    /// Send this request (freshly signed) and hand the answer to [`Machine::receive`].
    Send(Request<Vec<u8>>),
    /// Wait this long, then ask [`Machine::next_action`] again.
    Sleep(Duration),
    /// The machine is finished with this result; it has nothing more to do.
    Done(Result<T, Error>),
}

/// A sans-I/O state machine that needs HTTP exchanges to reach its result.
pub trait Machine {
    /// What it produces.
    type Output;

    /// What to do next.
    fn next_action(&mut self) -> Action<Self::Output>;

    /// The answer to the request of the last [`Action::Send`]: a response (any status), or
    /// the transport's failure classified by what it proves about whether the request
    /// reached the server.
    fn receive(&mut self, answer: Result<Response<Vec<u8>>, TransportError>);

    /// The span of the call under way, for the transport to send inside.
    fn span(&self) -> &tracing::Span;

    /// Whether the result is no longer wanted (the export it belongs to was dropped): a
    /// transport may then cut an [`Action::Sleep`] short, and the next
    /// [`next_action`](Machine::next_action) ends the machine. `false` unless the machine can
    /// be cancelled.
    fn is_cancelled(&self) -> bool {
        false
    }
}
