//! [`Pool`]: the worker threads of one export. Each worker runs the page fetches it is handed
//! (sending, retrying and decoding, through the client's one driving loop) and answers with
//! the page; the export's iterator collects the answers in any order.
//!
//! A pool, not a thread per page: creating and ending a thread for every page cost a tenth of
//! an export's CPU, and on a busy machine each new thread waited for a core before its request
//! could leave. Workers start on demand, at most `max` of them, and live as long as the
//! export: when its iterator is dropped the job queue closes, and each worker ends after the
//! fetch it is running, if any (its answer, which nobody waits for any more, is dropped).

use std::any::Any;
use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use std::time::Duration;

use solapi_cash_core::Error;
use solapi_cash_core::transport::{PageFetch, Ticket};
use solapi_cash_types::HistoryPage;

use crate::driver::Driver;

/// What a worker answers: the page's ticket and its result, or the panic it met (resumed on
/// the caller's thread, as a join would).
type Answer = (Ticket, Result<Page, Box<dyn Any + Send>>);

/// A fetch's result.
type Page = Result<HistoryPage, Error>;

/// The workers of one export and the queues between them and the iterator.
#[derive(Debug)]
pub(crate) struct Pool {
    driver: Driver,
    jobs: Option<Sender<PageFetch>>,
    queue: Arc<Mutex<Receiver<PageFetch>>>,
    /// In a mutex only so that the iterators holding the pool stay `Sync` (a `Receiver` is
    /// not); the pool reads it through `&mut self`, without locking.
    answers: Mutex<Receiver<Answer>>,
    answer_to: Sender<Answer>,
    /// Answers of fetches run on the caller's thread (no worker could be started).
    ran_here: VecDeque<(Ticket, Page)>,
    workers: usize,
    busy: usize,
    max: usize,
}

impl Pool {
    /// A pool that will start at most `max` workers (at least one).
    pub(crate) fn new(driver: Driver, max: usize) -> Pool {
        let (jobs, queue) = channel();
        let (answer_to, answers) = channel();
        Pool {
            driver,
            jobs: Some(jobs),
            queue: Arc::new(Mutex::new(queue)),
            answers: Mutex::new(answers),
            answer_to,
            ran_here: VecDeque::new(),
            workers: 0,
            busy: 0,
            max: max.max(1),
        }
    }

    /// Hands `fetch` to an idle worker, starting one if all are busy and there is room. With
    /// no worker at all (none could be started) the fetch runs here and now.
    pub(crate) fn start(&mut self, fetch: PageFetch) {
        if self.busy >= self.workers && self.workers < self.max {
            self.spawn();
        }
        match &self.jobs {
            Some(jobs) if self.workers > 0 => match jobs.send(fetch) {
                Ok(()) => self.busy += 1,
                // Every worker is gone (they only end when the queue closes): run it here.
                Err(returned) => self.run_here(returned.0),
            },
            _ => self.run_here(fetch),
        }
    }

    /// The next answer of any fetch handed out, waiting for it at most `at_most` (for ever
    /// when `None`). `None` when no fetch is out (after sleeping `at_most`), or when the time
    /// is up.
    pub(crate) fn next_answer(&mut self, at_most: Option<Duration>) -> Option<(Ticket, Page)> {
        if let Some(answer) = self.ran_here.pop_front() {
            return Some(answer);
        }
        if self.busy == 0 {
            if let Some(wait) = at_most {
                std::thread::sleep(wait);
            }
            return None;
        }
        // The pool keeps a sender of its own: this never reports a disconnection.
        let answers = self
            .answers
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let answer = match at_most {
            Some(wait) => answers.recv_timeout(wait).ok()?,
            None => answers.recv().ok()?,
        };
        self.busy -= 1;
        Some(resume(answer))
    }

    fn run_here(&mut self, fetch: PageFetch) {
        let ticket = fetch.ticket();
        let page = self.driver.drive(fetch);
        self.ran_here.push_back((ticket, page));
    }

    fn spawn(&mut self) {
        let (driver, queue, answers) = (
            self.driver.clone(),
            Arc::clone(&self.queue),
            self.answer_to.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name("solapi-cash-page".into())
            .spawn(move || worker(&driver, &queue, &answers));
        if spawned.is_ok() {
            self.workers += 1;
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // Closing the queue ends every idle worker now and every busy one after its fetch.
        self.jobs = None;
    }
}

/// A worker's life: take the next fetch, run it, answer; end when the queue closes or nobody
/// listens any more.
fn worker(driver: &Driver, queue: &Mutex<Receiver<PageFetch>>, answers: &Sender<Answer>) {
    loop {
        let fetch = match queue.lock() {
            Ok(queue) => queue.recv(),
            // A worker panicked while holding the lock: the queue is gone for all of them.
            Err(_) => return,
        };
        let Ok(fetch) = fetch else { return };
        let ticket = fetch.ticket();
        let page = catch_unwind(AssertUnwindSafe(|| driver.drive(fetch)));
        if answers.send((ticket, page)).is_err() {
            return;
        }
    }
}

fn resume((ticket, page): Answer) -> (Ticket, Page) {
    match page {
        Ok(page) => (ticket, page),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
