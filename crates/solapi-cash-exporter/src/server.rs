//! The HTTP side: `/metrics` (OpenMetrics text), `/health` (the process answers; it reads
//! nothing) and an index at `/`, on a small blocking server (`tiny_http`) with a few worker
//! threads, so that a scrape waiting for a read does not hold up the others (they are answered
//! from the cache) nor the health check.

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use tiny_http::{Header, Method, Request, Response, Server};

use crate::metrics;
use crate::target::Target;

/// The content type of `/metrics`.
pub const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Threads answering requests.
const WORKERS: usize = 4;

/// A bound exporter, ready to serve.
pub struct Exporter {
    server: Arc<Server>,
    addr: SocketAddr,
    targets: Arc<Vec<Arc<Target>>>,
    stop: Stopper,
}

/// Stops a serving exporter (from a signal handler's thread, a test, …).
#[derive(Clone)]
pub struct Stopper {
    server: Option<Arc<Server>>,
    stopped: Arc<AtomicBool>,
}

impl std::fmt::Debug for Exporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exporter")
            .field("addr", &self.addr)
            .field("targets", &self.targets)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Stopper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stopper")
            .field("stopped", &self.stopped)
            .finish_non_exhaustive()
    }
}

impl Stopper {
    /// Ends [`Exporter::serve`]: requests being answered finish, no new one is taken.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        if let Some(server) = &self.server {
            for _ in 0..WORKERS {
                server.unblock();
            }
        }
    }
}

impl Exporter {
    /// Listens on `addr` (port 0: any free port) for `targets`.
    ///
    /// # Errors
    /// The address cannot be listened on: in use (another exporter?), not this machine's,
    /// or a port below 1024 without the right.
    pub fn bind(addr: SocketAddr, targets: Vec<Target>) -> io::Result<Exporter> {
        let listener = TcpListener::bind(addr)?;
        // Inherited by the accepted connections (Linux, the BSDs, macOS): without it, a
        // kept-alive scrape waited ~40 ms for the client's delayed ACK between the head and the
        // body tiny_http writes apart. A system that does not take it only answers slower.
        if let Err(e) = socket2::SockRef::from(&listener).set_tcp_nodelay(true) {
            tracing::debug!("TCP_NODELAY on the listener: {e}");
        }
        let addr = listener.local_addr()?;
        let server = Arc::new(Server::from_listener(listener, None).map_err(io::Error::other)?);
        let stop = Stopper {
            server: Some(server.clone()),
            stopped: Arc::new(AtomicBool::new(false)),
        };
        Ok(Exporter {
            server,
            addr,
            targets: Arc::new(targets.into_iter().map(Arc::new).collect()),
            stop,
        })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// What stops it.
    pub fn stopper(&self) -> Stopper {
        self.stop.clone()
    }

    /// Answers requests until stopped.
    pub fn serve(self) {
        std::thread::scope(|scope| {
            for _ in 0..WORKERS {
                scope.spawn(|| {
                    while !self.stop.stopped.load(Ordering::SeqCst) {
                        match self.server.recv() {
                            Ok(request) => answer(request, &self.targets),
                            Err(e) => {
                                if !self.stop.stopped.load(Ordering::SeqCst) {
                                    tracing::warn!("accepting a connection: {e}");
                                }
                            }
                        }
                    }
                });
            }
        });
    }
}

fn header(name: &str, value: &str) -> Header {
    // Both are constants of this file: always valid header text.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).unwrap_or_else(|()| unreachable!())
    })
}

fn answer(request: Request, targets: &[Arc<Target>]) {
    let path = request
        .url()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let response = match (request.method(), path.as_str()) {
        (Method::Get | Method::Head, "/metrics") => {
            for target in targets {
                target.refresh(Instant::now(), Instant::now);
            }
            Response::from_string(metrics::render(targets, Instant::now()))
                .with_header(header("Content-Type", OPENMETRICS))
        }
        (Method::Get | Method::Head, "/health") => Response::from_string("ok\n")
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
        (Method::Get | Method::Head, "/") => Response::from_string(
            "solapi-cash exporter\n/metrics  the balance's metrics (OpenMetrics text)\n/health   200 while the exporter runs\n",
        )
        .with_header(header("Content-Type", "text/plain; charset=utf-8")),
        (Method::Get | Method::Head, _) => Response::from_string("not found\n").with_status_code(404),
        _ => Response::from_string("only GET and HEAD\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD")),
    };
    if let Err(e) = request.respond(response) {
        tracing::debug!("answering {path}: {e}");
    }
}
