//! [`RateLimitProxy`]: a rate-limiting HTTP proxy on 127.0.0.1 in front of the emulator,
//! standing for the live service's limit (issue 19, point 4) without the emulator's own, so
//! that the client is tested against a limit it did not write.
//!
//! It allows [`ProxyLimit::reads`] `GET`s per window per credential (the `apiKey` of an HMAC
//! `Authorization` header, else the whole header), in fixed windows that start with the first
//! read after the previous window ended; other requests pass uncounted. Every answer carries
//! `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` (seconds from now,
//! with milliseconds, which the client reads); a read beyond the limit is answered 429
//! `{"errorCode":"TooManyRequests","message":"Too many requests"}` without reaching the
//! emulator. Every request can wait a fixed latency first (the network).
//!
//! Plain `std` and one thread per connection: the test and `cargo xtask bench` both use it,
//! and neither needs more. Requests must carry their body by `Content-Length`; the upstream
//! answer is read to its end over a connection of its own (`Connection: close`), so its
//! framing is passed on unchanged.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The limit the proxy enforces and the latency it adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyLimit {
    /// `GET` requests allowed per window per credential.
    pub reads: u32,
    /// The window.
    pub window: Duration,
    /// Waited before each request is answered.
    pub latency: Duration,
}

/// The requests the proxy saw and the ones it refused.
#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    too_many: AtomicU64,
}

/// One credential's window.
#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    used: u32,
}

struct Shared {
    limit: ProxyLimit,
    upstream: SocketAddr,
    windows: Mutex<HashMap<String, Window>>,
    counters: Counters,
    stop: AtomicBool,
}

/// A running proxy. [`RateLimitProxy::stop`] (or dropping it) stops accepting connections.
pub struct RateLimitProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for RateLimitProxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimitProxy")
            .field("addr", &self.addr)
            .field("limit", &self.shared.limit)
            .finish_non_exhaustive()
    }
}

impl RateLimitProxy {
    /// Starts a proxy on 127.0.0.1 (a free port) forwarding to `upstream_base_url`
    /// (`http://127.0.0.1:PORT`, as [`solapi_cash_emulator::Emulator::base_url`] gives it).
    pub fn start(upstream_base_url: &str, limit: ProxyLimit) -> io::Result<RateLimitProxy> {
        let upstream: SocketAddr = upstream_base_url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, format!("{e}")))?;
        if !upstream.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the proxy forwards to 127.0.0.1 only",
            ));
        }
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            limit,
            upstream,
            windows: Mutex::new(HashMap::new()),
            counters: Counters::default(),
            stop: AtomicBool::new(false),
        });
        let accepting = Arc::clone(&shared);
        let acceptor = std::thread::Builder::new()
            .name("rate-proxy".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    if accepting.stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let shared = Arc::clone(&accepting);
                    let _ = std::thread::Builder::new()
                        .name("rate-proxy-conn".into())
                        .spawn(move || {
                            let _ = serve(&shared, stream);
                        });
                }
            })?;
        Ok(RateLimitProxy {
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// `http://127.0.0.1:PORT`, for the client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests received, refused ones included.
    pub fn requests(&self) -> u64 {
        self.shared.counters.requests.load(Ordering::SeqCst)
    }

    /// Requests answered 429.
    pub fn too_many(&self) -> u64 {
        self.shared.counters.too_many.load(Ordering::SeqCst)
    }

    /// Stops accepting connections (open ones end when their client closes them).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wakes the acceptor, which then sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

impl Drop for RateLimitProxy {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The limit's verdict on one request: allowed or not, and the headers to send.
struct Verdict {
    allowed: bool,
    remaining: u32,
    reset: Duration,
}

impl Shared {
    fn decide(&self, credential: &str, read: bool) -> Verdict {
        let limit = self.limit;
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let window = windows.entry(credential.to_owned()).or_insert(Window {
            started: now,
            used: 0,
        });
        if now.duration_since(window.started) >= limit.window {
            *window = Window {
                started: now,
                used: 0,
            };
        }
        let allowed = !read || window.used < limit.reads;
        if read && allowed {
            window.used += 1;
        }
        Verdict {
            allowed,
            remaining: limit.reads.saturating_sub(window.used),
            reset: limit
                .window
                .saturating_sub(now.duration_since(window.started)),
        }
    }
}

/// Whose budget: the `apiKey` of an HMAC header, else the whole header.
fn credential(authorization: &str) -> String {
    authorization
        .split([',', ' '])
        .find_map(|part| part.trim().strip_prefix("apiKey="))
        .unwrap_or(authorization)
        .to_owned()
}

/// One request read from the client: its head (request line and headers) and body.
struct Request {
    head: Vec<String>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.iter().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Reads one request, or `None` at the end of the connection.
fn read_request(reader: &mut BufReader<TcpStream>) -> io::Result<Option<Request>> {
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() {
            if head.is_empty() {
                continue;
            }
            break;
        }
        if head.len() > 200 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "too many headers",
            ));
        }
        head.push(line);
    }
    let mut request = Request {
        head,
        body: Vec::new(),
    };
    let length: usize = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if length > 16 * 1024 * 1024 {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "body too large"));
    }
    request.body = vec![0; length];
    reader.read_exact(&mut request.body)?;
    Ok(Some(request))
}

/// Serves one client connection, request after request.
fn serve(shared: &Shared, stream: TcpStream) -> io::Result<()> {
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader)? {
        shared.counters.requests.fetch_add(1, Ordering::SeqCst);
        let read = request.head[0].starts_with("GET ");
        let who = credential(request.header("authorization").unwrap_or(""));
        let client_closes = request
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        std::thread::sleep(shared.limit.latency);
        let verdict = shared.decide(&who, read);
        let limit_headers = format!(
            "x-ratelimit-limit: {}\r\nx-ratelimit-remaining: {}\r\nx-ratelimit-reset: {}.{:03}\r\n",
            shared.limit.reads,
            verdict.remaining,
            verdict.reset.as_secs(),
            verdict.reset.subsec_millis()
        );
        let keep_alive;
        if verdict.allowed {
            let answer = forward(shared.upstream, &request)?;
            let (head, body) = split_answer(&answer)?;
            let mut lines = head.split("\r\n");
            let status = lines.next().unwrap_or("HTTP/1.1 502 Bad Gateway");
            let mut out = format!("{status}\r\n");
            let mut framed = false;
            for line in lines {
                let name = line.split(':').next().unwrap_or("").trim();
                if name.eq_ignore_ascii_case("connection") {
                    continue;
                }
                if name.eq_ignore_ascii_case("content-length")
                    || name.eq_ignore_ascii_case("transfer-encoding")
                {
                    framed = true;
                }
                out.push_str(line);
                out.push_str("\r\n");
            }
            // An answer framed only by the end of its connection ends this one too.
            keep_alive = framed && !client_closes;
            out.push_str(&limit_headers);
            out.push_str(if keep_alive {
                "connection: keep-alive\r\n\r\n"
            } else {
                "connection: close\r\n\r\n"
            });
            writer.write_all(out.as_bytes())?;
            writer.write_all(body)?;
        } else {
            shared.counters.too_many.fetch_add(1, Ordering::SeqCst);
            let body = r#"{"errorCode":"TooManyRequests","message":"Too many requests"}"#;
            keep_alive = !client_closes;
            let out = format!(
                "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{limit_headers}connection: {}\r\n\r\n{body}",
                body.len(),
                if keep_alive { "keep-alive" } else { "close" },
            );
            writer.write_all(out.as_bytes())?;
        }
        writer.flush()?;
        if !keep_alive {
            let _ = writer.shutdown(Shutdown::Both);
            break;
        }
    }
    Ok(())
}

/// Sends `request` upstream over a connection of its own and reads the whole answer.
fn forward(upstream: SocketAddr, request: &Request) -> io::Result<Vec<u8>> {
    let mut conn = TcpStream::connect(upstream)?;
    let mut out = format!("{}\r\n", request.head[0]);
    for line in request.head.iter().skip(1) {
        let name = line.split(':').next().unwrap_or("").trim();
        if !name.eq_ignore_ascii_case("connection") {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str("connection: close\r\n\r\n");
    conn.write_all(out.as_bytes())?;
    conn.write_all(&request.body)?;
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer)?;
    Ok(answer)
}

/// The answer's head (status line and headers, as text) and its body bytes.
fn split_answer(answer: &[u8]) -> io::Result<(&str, &[u8])> {
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no end of headers"))?;
    let head = std::str::from_utf8(&answer[..end])
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "headers not UTF-8"))?;
    Ok((head, &answer[end + 4..]))
}

#[cfg(test)]
mod tests {
    use super::credential;

    #[test]
    fn the_credential_is_the_api_key_of_a_signature() {
        assert_eq!(
            credential("HMAC-SHA256 apiKey=KEY1, date=2026-01-01T00:00:00Z, salt=s, signature=x"),
            "KEY1"
        );
        assert_eq!(credential("Bearer tok"), "Bearer tok");
        assert_eq!(credential(""), "");
    }
}
