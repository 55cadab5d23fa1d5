//! [`ReconcileCall`]: a [`Reconciler`] bound to a client's [`Context`] — its pages fetched as calls, the
//! server's clock measured at each page, and the pauses between looks — so that a transport
//! drives the whole reconciliation as one [`Machine`].

use std::sync::Arc;
use std::time::Duration;

use http::Response;

use crate::call::Call;
use crate::context::Context;
use crate::endpoint::History;
use crate::error::{Error, MoneyAttempt, Outcome, TransportError};
use crate::machine::{Action, Machine};
use crate::operation::Operation;
use crate::reconcile::{ReconcileStep, Reconciler, Reconciliation};

/// The reconciliation of a recharge whose answer was lost: pages of the history fetched (with
/// the retries of a read) until the [`Reconciler`] has its answer, looking again after a pause
/// while nothing is found and [`wait_up_to`](Self::wait_up_to) allows. Made by
/// [`Engine::reconcile`](crate::Engine::reconcile).
#[derive(Debug)]
pub struct ReconcileCall {
    context: Arc<Context>,
    attempt: MoneyAttempt,
    reconciler: Result<Reconciler, Option<Error>>,
    call: Option<Call<History>>,
    span: tracing::Span,
}

impl ReconcileCall {
    pub(crate) fn new(context: &Arc<Context>, attempt: &MoneyAttempt) -> ReconcileCall {
        ReconcileCall {
            reconciler: context.reconciler(attempt).map_err(Some),
            attempt: attempt.clone(),
            context: Arc::clone(context),
            call: None,
            span: tracing::info_span!("solapi_cash.reconcile"),
        }
    }

    /// While nothing is found, looks again until `limit` has passed since the first look
    /// ended (see [`Reconciler::wait_up_to`]); the default is one look.
    pub fn wait_up_to(mut self, limit: Duration) -> ReconcileCall {
        self.reconciler = self.reconciler.map(|r| r.wait_up_to(limit));
        self
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
                        self.call = Some(Call::new(&self.context, History::new(query)));
                        continue;
                    }
                    ReconcileStep::Wait(pause) => {
                        tracing::debug!(
                            parent: &self.span,
                            pause_ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX),
                            "not found yet; looking again"
                        );
                        return Action::Sleep(pause);
                    }
                    ReconcileStep::Done(answer) => return Action::Done(Ok(answer)),
                    ReconcileStep::Failed { kind, detail } => {
                        self.reconciler = Err(None);
                        let error = Error::new(Operation::History, kind, Outcome::NotApplied)
                            .with_detail(detail);
                        return Action::Done(Err(error));
                    }
                }
            };
            match call.next_action() {
                Action::Send(request) => return Action::Send(request),
                Action::Sleep(wait) => return Action::Sleep(wait),
                Action::Done(Ok(page)) => {
                    let observed = self.context.observation(&self.attempt, call.server_date());
                    self.call = None;
                    reconciler.deliver(page, observed);
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
