//! [`ReconcileCall`]: a [`Reconciler`] bound to an engine — its pages fetched as calls, so
//! that a transport drives the whole reconciliation as one [`Machine`].

use std::sync::Arc;

use http::Response;

use crate::call::Call;
use crate::endpoint::History;
use crate::engine::Engine;
use crate::error::{Error, RechargeAttempt, TransportError};
use crate::machine::{Action, Machine};
use crate::operation::Operation;
use crate::reconcile::{ReconcileStep, Reconciler, Reconciliation};

/// The reconciliation of a recharge of unknown outcome: pages of the history fetched (with
/// the retries of a read) until the [`Reconciler`] has its answer. Made by
/// [`Engine::reconcile`].
#[derive(Debug)]
pub struct ReconcileCall {
    engine: Arc<Engine>,
    reconciler: Result<Reconciler, Option<Error>>,
    call: Option<Call<History>>,
    span: tracing::Span,
}

impl ReconcileCall {
    pub(crate) fn new(engine: &Arc<Engine>, attempt: &RechargeAttempt) -> ReconcileCall {
        ReconcileCall {
            reconciler: engine.reconciler(attempt).map_err(Some),
            engine: Arc::clone(engine),
            call: None,
            span: tracing::info_span!("solapi_cash.reconcile"),
        }
    }
}

impl Machine for ReconcileCall {
    type Output = Reconciliation;

    fn next_action(&mut self) -> Action<Reconciliation> {
        let reconciler = match &mut self.reconciler {
            Ok(reconciler) => reconciler,
            Err(error) => {
                return Action::Done(Err(error.take().unwrap_or_else(|| {
                    Error::invalid_input(Operation::History, "the reconciliation is already over")
                })));
            }
        };
        loop {
            let Some(call) = &mut self.call else {
                match reconciler.step() {
                    ReconcileStep::Fetch(query) => {
                        let _parent = self.span.enter();
                        self.call = Some(self.engine.call(History::new(query)));
                        continue;
                    }
                    ReconcileStep::Done(answer) => return Action::Done(Ok(answer)),
                }
            };
            match call.next_action() {
                Action::Send(request) => return Action::Send(request),
                Action::Sleep(wait) => return Action::Sleep(wait),
                Action::Done(Ok(page)) => {
                    let server_date = call.server_date();
                    self.call = None;
                    reconciler.deliver(page, server_date, self.engine.server_now());
                }
                Action::Done(Err(error)) => {
                    self.call = None;
                    self.reconciler = Err(None);
                    return Action::Done(Err(error));
                }
            }
        }
    }

    fn receive(&mut self, answer: Result<Response<Vec<u8>>, TransportError>) {
        if let Some(call) = &mut self.call {
            call.receive(answer);
        }
    }

    fn span(&self) -> &tracing::Span {
        self.call.as_ref().map_or(&self.span, Machine::span)
    }
}
