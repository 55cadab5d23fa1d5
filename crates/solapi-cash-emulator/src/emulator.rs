//! [`Emulator`]: a running server (on 127.0.0.1 unless configured otherwise), with its own
//! runtime on a background thread, so that synchronous tests can use it as easily as async
//! ones.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::admin::Admin;
use crate::config::EmulatorConfig;
use crate::http::{router::router, server::serve};
use crate::state::Shared;

/// A running emulator. Stops when dropped. `Debug` shows only its address.
///
/// ```
/// use solapi_cash_emulator::{Emulator, EmulatorConfig};
///
/// let emulator = Emulator::start(EmulatorConfig::default())?;
/// assert!(emulator.base_url().starts_with("http://127.0.0.1:"));
/// emulator.stop();
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Emulator {
    addr: SocketAddr,
    state: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Binds the configured address and port (0: a free one), creates the configured
    /// data (state file, demo), and serves on a background thread. Returns once the port
    /// accepts connections.
    ///
    /// # Errors
    /// The port is taken, the runtime cannot start, or the configured data cannot be
    /// created (a state file's account that the demo data also has).
    pub fn start(config: EmulatorConfig) -> io::Result<Emulator> {
        let listener = TcpListener::bind((config.host, config.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Shared::new(config));
        crate::seed::seed(&state).map_err(io::Error::other)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("solapi-cash-emulator")
            .enable_all()
            .build()?;
        let (shutdown, shutdown_rx) = oneshot::channel();
        let app = router(Arc::clone(&state));
        let server_state = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .name("solapi-cash-emulator".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => serve(listener, server_state, app, shutdown_rx).await,
                        Err(e) => tracing::error!("cannot serve on {addr}: {e}"),
                    }
                });
                // Connections still open are dropped with the runtime.
                runtime.shutdown_timeout(std::time::Duration::from_secs(1));
            })?;
        Ok(Emulator {
            addr,
            state,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, to configure a client with. For an emulator listening on
    /// every interface (`0.0.0.0`, `::`), the loopback address of the same family.
    pub fn base_url(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}", SocketAddr::new(ip, self.addr.port()))
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Control of the emulator's state.
    pub fn admin(&self) -> Admin {
        Admin::new(Arc::clone(&self.state))
    }

    /// Stops serving, closes every connection and waits for the server thread.
    pub fn stop(mut self) {
        self.shutdown_now();
    }

    fn shutdown_now(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            // The receiver is gone only if the server already stopped.
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the emulator's server thread panicked");
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.shutdown_now();
    }
}
