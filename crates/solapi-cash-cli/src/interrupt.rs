//! Interrupts (Ctrl-C, `SIGINT`, `SIGTERM`, `SIGHUP`) at the moments where ending at once is
//! wrong:
//! - at a hidden prompt, it left the terminal without echo: the terminal's mode, saved
//!   before the prompt, is restored first, then the process ends by the signal as before;
//! - while a recharge is on its way, ending silently hid that it may have been applied:
//!   standard error says so and how to check, and the exit code is 6;
//! - while `--output-file` is being written, ending left its temporary file behind: it is
//!   removed first (whatever else the moment is), so that an interrupted export leaves nothing;
//! - while standard output is being written, ending in the middle of a block cut its last
//!   line in half: the block being written is finished first ([`writing`], a lock each block
//!   of output is written under; `crate::output::lines` makes every block end with a line).
//!   A second signal, or a block still unwritten after [`OUTPUT_WAIT`] (a reader that stopped
//!   reading), ends the process at once.
//!
//! Anywhere else an interrupt does what it always did (the signal's default action), and a
//! signal the process was started with ignored (`nohup`, a background job) stays ignored.
//! The handler is installed on the first [`Guard`], so commands that need none (`balance`,
//! exports to standard output) keep the plain default. Unix only: on other platforms the
//! guards do nothing (a failed export's file is still removed, when the program ends).

use crate::failure::Failure;
use crate::report::Messages;

pub(crate) use imp::{
    export, hidden_input, interrupted, output, recharge_in_flight, service, writing,
};

/// How long an interrupt waits for the block of output being written.
#[cfg(unix)]
const OUTPUT_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Keeps a moment's handling in force until dropped; the previous one comes back then.
#[must_use = "the handling ends when the guard is dropped"]
#[derive(Debug)]
pub(crate) struct Guard {
    #[cfg(unix)]
    previous: Option<imp::Moment>,
    /// The temporary file an interrupt removes, for an export's guard.
    #[cfg(unix)]
    export: Option<std::path::PathBuf>,
}

#[cfg(unix)]
mod imp {
    use std::fs::File;
    use std::io::{IsTerminal, Write};
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

    use rustix::termios::{OptionalActions, Termios, tcgetattr, tcsetattr};
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    use super::{Failure, Guard, Messages};

    /// What an interrupt does now.
    #[derive(Debug)]
    pub(crate) enum Moment {
        /// The signal's default action.
        Default,
        /// A hidden prompt: the terminal and its mode before the prompt.
        HiddenInput { tty: File, mode: Termios },
        /// A recharge on its way: what to say (made when the interrupt comes, so that it can
        /// use what was learned meanwhile), and the exit code.
        Recharge { report: Report, msg: Messages },
        /// A service (`exporter`): the first signal asks it to stop, and the command ends on
        /// its own; a second one ends the process at once.
        Service { stop: Stop },
    }

    static MOMENT: Mutex<Moment> = Mutex::new(Moment::Default);

    /// Temporary files of exports in progress.
    static EXPORTS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    /// Held while a block of output is written; an interrupt takes it (and keeps it) before
    /// it ends the process.
    static WRITING: Mutex<()> = Mutex::new(());

    /// Set once an interrupt waits for [`WRITING`]: no new block starts after it.
    static STOPPING: AtomicBool = AtomicBool::new(false);

    /// Held while a block of output is written. Once an interrupt is ending the process, no
    /// new block starts: the writer waits here for the end.
    pub(crate) fn writing() -> MutexGuard<'static, ()> {
        while STOPPING.load(Ordering::SeqCst) {
            std::thread::park();
        }
        WRITING.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes interrupts wait for the block of standard output being written, until the guard
    /// is dropped (the handler stays installed; without output to wait for, it acts at once).
    pub(crate) fn output() -> Guard {
        install();
        Guard {
            previous: None,
            export: None,
        }
    }

    /// Waits until no block of output is being written, and keeps it so: at most
    /// [`OUTPUT_WAIT`](super::OUTPUT_WAIT), and not at all once `again` says a second signal
    /// came.
    fn finish_writing(again: &mut dyn FnMut() -> bool) -> Option<MutexGuard<'static, ()>> {
        STOPPING.store(true, Ordering::SeqCst);
        let started = std::time::Instant::now();
        loop {
            match WRITING.try_lock() {
                Ok(guard) => return Some(guard),
                Err(std::sync::TryLockError::Poisoned(p)) => return Some(p.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) => {}
            }
            if again() || started.elapsed() >= super::OUTPUT_WAIT {
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    fn moment() -> MutexGuard<'static, Moment> {
        MOMENT.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn exports() -> MutexGuard<'static, Vec<PathBuf>> {
        EXPORTS.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Removes `temp` on an interrupt, until the guard is dropped.
    pub(crate) fn export(temp: PathBuf) -> Guard {
        install();
        exports().push(temp.clone());
        Guard {
            previous: None,
            export: Some(temp),
        }
    }

    /// Restores the terminal's current mode on an interrupt, until the guard is dropped.
    /// Without a controlling terminal there is nothing to restore, and nothing changes.
    pub(crate) fn hidden_input() -> Guard {
        let saved = File::options()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .ok()
            .and_then(|tty| tcgetattr(&tty).ok().map(|mode| (tty, mode)));
        match saved {
            Some((tty, mode)) => enter(Moment::HiddenInput { tty, mode }),
            None => Guard {
                previous: None,
                export: None,
            },
        }
    }

    /// The failure to report on an interrupt, made at that moment.
    pub(crate) struct Report(Box<dyn Fn() -> Failure + Send>);

    impl std::fmt::Debug for Report {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("Report")
        }
    }

    /// Reports the failure `report` makes (and exits with its code) on an interrupt, until the
    /// guard is dropped.
    pub(crate) fn recharge_in_flight(
        msg: Messages,
        report: impl Fn() -> Failure + Send + 'static,
    ) -> Guard {
        enter(Moment::Recharge {
            report: Report(Box::new(report)),
            msg,
        })
    }

    /// Makes the first interrupt call `stop` instead of ending the process, until the guard is
    /// dropped (a service that ends cleanly: `exporter`).
    pub(crate) fn service(stop: impl Fn() + Send + 'static) -> Guard {
        enter(Moment::Service {
            stop: Stop(Box::new(stop)),
        })
    }

    /// What stops a service.
    pub(crate) struct Stop(Box<dyn Fn() + Send>);

    impl std::fmt::Debug for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("Stop")
        }
    }

    /// Asks a service to stop, when one runs: whether one did.
    fn stop_service() -> bool {
        match &*moment() {
            Moment::Service { stop } => {
                (stop.0)();
                true
            }
            _ => false,
        }
    }

    /// The prompt saw Ctrl-C itself (hidden input reads it as a character) and raised
    /// `SIGINT`: handles it here, so that the handler thread and this one do not both act.
    pub(crate) fn interrupted() -> Failure {
        handle(SIGINT, &mut || false)
    }

    fn enter(next: Moment) -> Guard {
        install();
        let previous = std::mem::replace(&mut *moment(), next);
        Guard {
            previous: Some(previous),
            export: None,
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            if let Some(previous) = self.previous.take() {
                *moment() = previous;
            }
            if let Some(temp) = self.export.take() {
                exports().retain(|p| *p != temp);
            }
        }
    }

    /// Acts on `signal` for the current moment and ends the process, after the block of
    /// output being written (`again` says whether a second signal came). The locks are never
    /// released: a second signal waits here until the process is gone.
    fn handle(signal: i32, again: &mut dyn FnMut() -> bool) -> ! {
        for temp in exports().iter() {
            let _ = std::fs::remove_file(temp);
        }
        let _output = finish_writing(again);
        let moment = moment();
        match &*moment {
            Moment::HiddenInput { tty, mode } => {
                let _ = tcsetattr(tty, OptionalActions::Now, mode);
                let _ = writeln!(std::io::stderr());
            }
            Moment::Recharge { report, msg } => {
                // After the terminal's `^C`, on a line of its own.
                if std::io::stderr().is_terminal() {
                    let _ = writeln!(std::io::stderr());
                }
                let failure = (report.0)();
                msg.failure(&failure);
                std::process::exit(i32::from(failure.exit.code()));
            }
            Moment::Service { .. } | Moment::Default => {}
        }
        let _ = signal_hook::low_level::emulate_default_handler(signal);
        // Not reached for these signals (their default is to end the process).
        std::process::abort()
    }

    fn install() {
        static INSTALLED: OnceLock<()> = OnceLock::new();
        INSTALLED.get_or_init(|| {
            let ignored = ignored_at_start();
            let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
                .into_iter()
                .filter(|s| !ignored.contains(s))
                .collect();
            let Ok(mut signals) = Signals::new(&wanted) else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("interrupts".to_owned())
                .spawn(move || {
                    let mut stopping = false;
                    while let Some(signal) = signals.forever().next() {
                        if !stopping && stop_service() {
                            stopping = true;
                            continue;
                        }
                        handle(signal, &mut || signals.pending().next().is_some());
                    }
                });
        });
    }

    /// The signals the process was started with ignored (Linux reports them in
    /// `/proc/self/status`; elsewhere none is assumed). Handling one of them would undo a
    /// `nohup` or a shell's choice for a background job.
    fn ignored_at_start() -> Vec<i32> {
        let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
            return Vec::new();
        };
        let mask = status
            .lines()
            .find_map(|l| l.strip_prefix("SigIgn:"))
            .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
            .unwrap_or(0);
        (1..=64)
            .filter(|n| mask & (1_u64 << (n - 1)) != 0)
            .collect()
    }
}

#[cfg(not(unix))]
mod imp {
    use super::{Failure, Guard, Messages};
    use crate::exit::Exit;

    pub(crate) fn hidden_input() -> Guard {
        Guard {}
    }

    pub(crate) fn recharge_in_flight(
        _msg: Messages,
        _report: impl Fn() -> Failure + Send + 'static,
    ) -> Guard {
        Guard {}
    }

    pub(crate) fn export(_temp: std::path::PathBuf) -> Guard {
        Guard {}
    }

    pub(crate) fn output() -> Guard {
        Guard {}
    }

    pub(crate) fn service(_stop: impl Fn() + Send + 'static) -> Guard {
        Guard {}
    }

    pub(crate) fn writing() {}

    pub(crate) fn interrupted() -> Failure {
        Failure::new(Exit::Other, "interrupted")
    }
}
