//! [`HostileServer`]: a tiny HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose.
//!
//! It reads each request (head and `Content-Length` body), records it, and answers with a
//! [`Script`]: raw bytes, a body streamed lazily without end, a trickle of one byte at a
//! time, or nothing. Every connection is closed after one answer. It depends on `std` only,
//! so that the CLI's tests can include this file as it is.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// The most bytes of a request head the server reads.
const MAX_HEAD: usize = 64 * 1024;

/// The most bytes of a request body the server reads.
const MAX_BODY: usize = 1024 * 1024;

/// How long the server waits for a request's bytes, and how often it checks for a stop.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(5);

/// Chunk size of a streamed body.
const CHUNK: usize = 64 * 1024;

/// What the server answers every request with.
#[derive(Debug, Clone)]
pub enum Script {
    /// These bytes, then close.
    Raw(Vec<u8>),
    /// `head`, then `total` filler bytes (`[`, `{"a":1},` repeated, never a valid end),
    /// produced lazily in chunks until the client stops reading or the total is reached.
    Stream {
        /// Status line and headers, blank line included.
        head: Vec<u8>,
        /// How many body bytes to offer.
        total: u64,
    },
    /// `head` at once, then `bytes` one at a time, `every` apart, until done or the client
    /// leaves.
    Trickle {
        /// Sent at once.
        head: Vec<u8>,
        /// Sent a byte at a time.
        bytes: Vec<u8>,
        /// The pause before each byte.
        every: Duration,
    },
    /// Close without answering.
    Close,
    /// Forwards each request to `upstream` (an emulator) and its answer back — except that a
    /// 2xx answer to `method path` goes back with `body` in place of its own: a server that
    /// did the work (the emulator commits a recharge) and whose answer cannot be read.
    Forward {
        /// Where requests go.
        upstream: SocketAddr,
        /// The method of the request whose answer is replaced.
        method: String,
        /// Its path, without the query.
        path: String,
        /// The body that replaces the 2xx answer's.
        body: Vec<u8>,
    },
    /// Answers by method and path (and, for a route that says so, a part of the query): the
    /// bytes of the first route that matches, or a JSON 404. For a client that makes more
    /// than one kind of request.
    Routes(Vec<Route>),
}

/// One answer of [`Script::Routes`].
#[derive(Debug, Clone)]
pub struct Route {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// A `name=value` the query must hold (`None`: any query).
    pub query_has: Option<String>,
    /// The whole response (see [`response`]).
    pub answer: Vec<u8>,
    /// Only once a request of this method and path was received (`None`: any time): what
    /// the server answers after a call, apart from before it.
    pub after: Option<(String, String)>,
}

impl Route {
    /// Answers `method path` with `answer`, whatever the query.
    pub fn new(method: &str, path: &str, answer: Vec<u8>) -> Route {
        Route {
            method: method.to_owned(),
            path: path.to_owned(),
            query_has: None,
            answer,
            after: None,
        }
    }

    /// Only once a request of `method path` was received (a history page read after the
    /// recharge, not the one read before it).
    pub fn after(mut self, method: &str, path: &str) -> Route {
        self.after = Some((method.to_owned(), path.to_owned()));
        self
    }

    /// Only when the query holds the pair `name=value` (a page of a list: `offset=0`).
    pub fn when_query(mut self, pair: &str) -> Route {
        self.query_has = Some(pair.to_owned());
        self
    }

    fn matches(&self, request: &Received, before: &[Received]) -> bool {
        let after = self.after.as_ref().is_none_or(|(method, path)| {
            before
                .iter()
                .any(|r| &r.method == method && r.target.split('?').next() == Some(path.as_str()))
        });
        let (path, query) = request
            .target
            .split_once('?')
            .unwrap_or((request.target.as_str(), ""));
        after
            && self.method == request.method
            && self.path == path
            && self
                .query_has
                .as_ref()
                .is_none_or(|pair| query.split('&').any(|p| p == pair))
    }
}

/// One request as the server read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Header names (lowercase) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Received {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A response with `status`, extra `headers` and `body`, `Content-Length` set and the
/// connection closed after it.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status)).into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(body);
    out
}

/// A JSON response.
pub fn json(status: u16, body: &str) -> Vec<u8> {
    response(
        status,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

struct Shared {
    script: Script,
    stop: AtomicBool,
    received: Mutex<Vec<Received>>,
    connections: AtomicU64,
    body_bytes_written: AtomicU64,
}

/// A running hostile server; stops when dropped.
pub struct HostileServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for HostileServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostileServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl HostileServer {
    /// Listens on an ephemeral port of 127.0.0.1 and answers every request with `script`.
    ///
    /// # Panics
    /// If the socket cannot be bound (a test cannot run without it).
    pub fn start(script: Script) -> HostileServer {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared {
            script,
            stop: AtomicBool::new(false),
            received: Mutex::new(Vec::new()),
            connections: AtomicU64::new(0),
            body_bytes_written: AtomicU64::new(0),
        });
        let thread = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || accept_loop(&listener, &shared))
        };
        HostileServer {
            addr,
            shared,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request read so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared
            .received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Connections accepted so far (including ones that never sent a full request).
    pub fn connections(&self) -> u64 {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Body bytes of [`Script::Stream`] written so far, over all connections.
    pub fn body_bytes_written(&self) -> u64 {
        self.shared.body_bytes_written.load(Ordering::SeqCst)
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    let mut workers = Vec::new();
    while !shared.stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                shared.connections.fetch_add(1, Ordering::SeqCst);
                let shared = Arc::clone(shared);
                workers.push(std::thread::spawn(move || {
                    // A client that leaves early is what several scripts are about.
                    let _ = serve(stream, &shared);
                }));
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => std::thread::sleep(POLL),
            Err(_) => std::thread::sleep(POLL),
        }
    }
    for worker in workers {
        let _ = worker.join();
    }
}

fn serve(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(READ_TIMEOUT))?;
    let Some(request) = read_request(&mut stream)? else {
        return Ok(());
    };
    let before = match &shared.script {
        Script::Routes(_) => shared
            .received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone(),
        _ => Vec::new(),
    };
    let route = match &shared.script {
        Script::Routes(routes) => Some(
            routes
                .iter()
                .find(|r| r.matches(&request, &before))
                .map_or_else(
                    || {
                        json(
                            404,
                            r#"{"errorCode":"ResourceNotFound","errorMessage":"no route"}"#,
                        )
                    },
                    |r| r.answer.clone(),
                ),
        ),
        _ => None,
    };
    shared
        .received
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(request.clone());
    let forwarded = match &shared.script {
        Script::Forward { upstream, .. } => Some(forward(&request, *upstream)?),
        _ => None,
    };
    match &shared.script {
        Script::Raw(bytes) => stream.write_all(bytes)?,
        Script::Routes(_) => stream.write_all(&route.unwrap_or_default())?,
        Script::Close => {}
        Script::Forward {
            method, path, body, ..
        } => {
            let answer = forwarded.unwrap_or_default();
            let target = request.target.split('?').next().unwrap_or_default();
            if request.method == *method && target == path && answer.starts_with(b"HTTP/1.1 2") {
                stream.write_all(&with_body(&answer, body))?;
            } else {
                stream.write_all(&answer)?;
            }
        }
        Script::Stream { head, total } => {
            stream.write_all(head)?;
            let mut chunk = Vec::with_capacity(CHUNK);
            chunk.push(b'[');
            while chunk.len() < CHUNK {
                chunk.extend_from_slice(br#"{"a":1},"#);
            }
            chunk.truncate(CHUNK);
            let mut left = *total;
            while left > 0 && !shared.stop.load(Ordering::SeqCst) {
                let n = usize::try_from(left.min(CHUNK as u64)).unwrap_or(CHUNK);
                stream.write_all(&chunk[..n])?;
                shared
                    .body_bytes_written
                    .fetch_add(n as u64, Ordering::SeqCst);
                left -= n as u64;
            }
        }
        Script::Trickle { head, bytes, every } => {
            stream.write_all(head)?;
            stream.flush()?;
            for byte in bytes {
                if shared.stop.load(Ordering::SeqCst) {
                    break;
                }
                std::thread::sleep(*every);
                stream.write_all(std::slice::from_ref(byte))?;
                stream.flush()?;
            }
        }
    }
    stream.flush()?;
    // Let the client read everything before the socket goes (no reset on unread input).
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut sink = [0u8; 1024];
    stream.set_read_timeout(Some(Duration::from_millis(200)))?;
    while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
    Ok(())
}

/// Sends `request` to `upstream` on a connection of its own, and returns the whole answer.
fn forward(request: &Received, upstream: SocketAddr) -> io::Result<Vec<u8>> {
    let mut upstream = TcpStream::connect(upstream)?;
    upstream.set_read_timeout(Some(READ_TIMEOUT))?;
    let mut out = format!("{} {} HTTP/1.1\r\n", request.method, request.target).into_bytes();
    for (name, value) in &request.headers {
        if name != "connection" {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
    }
    out.extend_from_slice(b"connection: close\r\n\r\n");
    out.extend_from_slice(&request.body);
    upstream.write_all(&out)?;
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer)?;
    Ok(answer)
}

/// `answer` (a whole response) with `body` in place of its own.
fn with_body(answer: &[u8], body: &[u8]) -> Vec<u8> {
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(answer.len());
    let head = String::from_utf8_lossy(&answer[..end]);
    let mut out = Vec::new();
    for line in head.split("\r\n") {
        let name = line
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if name != "content-length" && name != "transfer-encoding" {
            out.extend_from_slice(format!("{line}\r\n").as_bytes());
        }
    }
    out.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
    out
}

/// Reads a request head and its `Content-Length` body; `None` if the client sent nothing.
fn read_request(stream: &mut TcpStream) -> io::Result<Option<Received>> {
    let mut buffer = Vec::new();
    let mut byte = [0u8; 1];
    while !buffer.ends_with(b"\r\n\r\n") {
        if buffer.len() >= MAX_HEAD || stream.read(&mut byte)? == 0 {
            return Ok(None);
        }
        buffer.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buffer).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_owned();
    let target = first.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_BODY);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body)?;
    Ok(Some(Received {
        method,
        target,
        headers,
        body,
    }))
}
