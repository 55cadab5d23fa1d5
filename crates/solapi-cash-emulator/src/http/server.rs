//! The accept loop: each connection is served by hyper's HTTP/1 server with the router,
//! in a task that can close the socket abruptly when a fault asks for it.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, oneshot};

use super::pipeline::{Connection, serve_request};
use crate::state::Shared;

/// Serves `listener` until `shutdown` fires (or its sender is dropped).
pub(crate) async fn serve(
    listener: TcpListener,
    state: Arc<Shared>,
    router: Router,
    mut shutdown: oneshot::Receiver<()>,
) {
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    tokio::spawn(serve_connection(stream, peer, Arc::clone(&state), router.clone()));
                }
                Err(e) => {
                    // Usually out of file descriptors: back off instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
            },
        }
    }
}

async fn serve_connection(stream: TcpStream, peer: SocketAddr, state: Arc<Shared>, router: Router) {
    // Small JSON answers: send them now rather than wait for more data (Nagle).
    if let Err(e) = stream.set_nodelay(true) {
        tracing::debug!("set_nodelay failed: {e}");
    }
    let conn = Arc::new(Connection {
        peer,
        abort: Notify::new(),
    });
    let service = {
        let conn = Arc::clone(&conn);
        hyper::service::service_fn(move |request| {
            let state = Arc::clone(&state);
            let router = router.clone();
            let conn = Arc::clone(&conn);
            async move { Ok::<_, Infallible>(serve_request(state, router, conn, request).await) }
        })
    };
    let mut builder = http1::Builder::new();
    // The Date header comes from the emulator's clock (see the pipeline), not hyper's.
    builder.auto_date_header(false).timer(TokioTimer::new());
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        result = connection => {
            if let Err(e) = result {
                tracing::debug!("connection from {peer}: {e}");
            }
        }
        () = conn.abort.notified() => {
            // Dropping the connection future closes the socket; nothing more is written.
            tracing::debug!("connection from {peer} dropped by an injected fault");
        }
    }
}
