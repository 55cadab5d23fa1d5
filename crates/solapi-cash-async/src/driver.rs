//! [`Driver`]: the one loop in this crate that sends requests, with what it needs (the
//! engine's settings and the HTTP stack). The client and the export's tasks both hold one, so
//! that neither calls back into the other.

use std::sync::Arc;

use solapi_cash_core::transport::{Action, HttpStack, Machine};
use solapi_cash_core::{Engine, Error};
use tracing::Instrument;

use crate::transport;

/// Drives the engine's machines over reqwest. Cheap to clone.
#[derive(Clone, Debug)]
pub(crate) struct Driver {
    engine: Arc<Engine>,
    http: HttpStack<reqwest::Client>,
}

impl Driver {
    pub(crate) fn new(engine: Arc<Engine>, http: reqwest::Client) -> Driver {
        Driver {
            engine,
            http: HttpStack::new(http),
        }
    }

    /// Drives a machine of the engine to its end.
    pub(crate) async fn drive<M: Machine>(&self, mut machine: M) -> Result<M::Output, Error> {
        loop {
            match machine.next_action() {
                Action::Send(request) => {
                    let span = machine.span().clone();
                    let answer = transport::send(self.http.get(), request, self.engine.config())
                        .instrument(span)
                        .await;
                    machine.receive(answer);
                }
                Action::Sleep(wait) => tokio::time::sleep(wait).await,
                Action::Done(result) => return result,
            }
        }
    }
}
