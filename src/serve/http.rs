//! The preview's HTTP/1.1: reading a request head, writing a response,
//! one request per connection.
//!
//! Every request is bounded, because the preview may be reached by any page
//! open in the browser and by anything else on the network it is bound to:
//! the request line and headers together may take [`MAX_HEAD`] bytes (more
//! is answered 431), each read waits at most [`READ_TIMEOUT`] and the whole
//! head must arrive within [`HEAD_DEADLINE`] (a client that trickles it in
//! is answered 408 and dropped), and a response must be taken within
//! `WRITE_DEADLINE`. Nothing read from the peer grows past `MAX_HEAD`.
//!
//! Which file a request path names is `files`' business.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// The most a request line and its headers may take, blank line included.
pub const MAX_HEAD: usize = 16 * 1024;
/// The longest a single read may wait for the peer.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest a whole request head may take to arrive.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// The longest a peer may take to receive a response.
const WRITE_DEADLINE: Duration = Duration::from_secs(30);

/// Test hook, in debug builds only: `MINSHENG_SERVE_PATIENCE=<seconds>`
/// waits that long for a client instead of [`READ_TIMEOUT`] and
/// [`HEAD_DEADLINE`], so a test can hold every worker with idle connections
/// however slowly a busy machine runs it.
fn patience() -> Option<Duration> {
    static PATIENCE: std::sync::OnceLock<Option<Duration>> = std::sync::OnceLock::new();
    *PATIENCE.get_or_init(|| {
        let seconds = std::env::var("MINSHENG_SERVE_PATIENCE")
            .ok()?
            .parse()
            .ok()?;
        cfg!(debug_assertions).then(|| Duration::from_secs(seconds))
    })
}
/// After a refusal, how long and how much of the unread request is
/// discarded before closing (see [`close_gently`]).
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 1024 * 1024;

pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub extra_headers: Vec<(&'static str, String)>,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            content_type,
            body: body.into(),
            extra_headers: Vec::new(),
        }
    }

    /// A short plain-text answer.
    pub fn text(status: u16, body: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", body)
    }

    fn reason(&self) -> &'static str {
        match self.status {
            200 => "OK",
            400 => "Bad Request",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            408 => "Request Timeout",
            431 => "Request Header Fields Too Large",
            503 => "Service Unavailable",
            _ => "Internal Server Error",
        }
    }
}

/// The parts of a request the preview needs.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path, without any query string; always starts with `/`.
    pub path: String,
    /// The `Host` header as sent, when there is one.
    pub host: Option<String>,
    /// HTTP/1.0, which may leave out `Host`.
    pub http_1_0: bool,
}

/// Why no request was read.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    /// The peer closed the connection or it failed: nobody to answer.
    Closed,
    /// The head did not arrive in time: 408.
    TimedOut,
    /// The head is longer than [`MAX_HEAD`]: 431.
    TooLarge,
    /// Not an HTTP/1.x request head: 400, with what is wrong.
    Malformed(&'static str),
}

impl HeadError {
    /// What to answer, if anything.
    pub fn response(&self) -> Option<Response> {
        match self {
            HeadError::Closed => None,
            HeadError::TimedOut => {
                Some(Response::text(408, "the request did not arrive in time\n"))
            }
            HeadError::TooLarge => Some(Response::text(
                431,
                "the request line and headers are longer than 16 KiB\n",
            )),
            HeadError::Malformed(why) => Some(Response::text(400, &format!("{why}\n"))),
        }
    }
}

/// Where a request head is read from: a socket, or bytes in a test.
pub trait Source: Read {
    /// Bounds how long the next read may wait.
    fn set_timeout(&mut self, timeout: Duration) -> io::Result<()>;
}

impl Source for &TcpStream {
    fn set_timeout(&mut self, timeout: Duration) -> io::Result<()> {
        self.set_read_timeout(Some(timeout))
    }
}

/// Reads and parses one request head from `stream`.
pub fn read_request(stream: &TcpStream) -> Result<Request, HeadError> {
    let mut source = stream;
    let head = read_head(
        &mut source,
        Instant::now() + patience().unwrap_or(HEAD_DEADLINE),
    )?;
    parse_head(&head)
}

/// Reads up to the blank line that ends a request head, and returns the
/// head without that blank line. Reads at most [`MAX_HEAD`] bytes, into one
/// buffer of that size, and gives up at `deadline`. Anything after the head
/// (a request body) is left unread or dropped: no request served has one.
pub fn read_head(source: &mut impl Source, deadline: Instant) -> Result<Vec<u8>, HeadError> {
    let mut buffer = vec![0; MAX_HEAD];
    let (mut filled, mut searched): (usize, usize) = (0, 0);
    loop {
        // The blank line may straddle two reads: look again from just
        // before the new bytes, never over the whole buffer again.
        if let Some(end) = head_end(&buffer[..filled], searched.saturating_sub(2)) {
            buffer.truncate(end);
            return Ok(buffer);
        }
        searched = filled;
        if filled == MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::TimedOut);
        }
        source
            .set_timeout(left.min(patience().unwrap_or(READ_TIMEOUT)))
            .map_err(|_| HeadError::Closed)?;
        match source.read(&mut buffer[filled..]) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(read) => filled += read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(HeadError::TimedOut);
            }
            Err(_) => return Err(HeadError::Closed),
        }
    }
}

/// Where the head ends (the length up to and including its last line's
/// `\n`), looking for a blank line from `from` on.
fn head_end(bytes: &[u8], from: usize) -> Option<usize> {
    let start = from.min(bytes.len());
    bytes[start..]
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .map(|(at, _)| start + at)
        .find_map(|at| match bytes.get(at + 1..) {
            Some([b'\n', ..]) | Some([b'\r', b'\n', ..]) => Some(at + 1),
            _ => None,
        })
}

/// Parses a request head (as [`read_head`] returns it): the request line,
/// then `Name: value` lines, each ended by CRLF or LF.
pub fn parse_head(head: &[u8]) -> Result<Request, HeadError> {
    let malformed = HeadError::Malformed;
    let head = head.strip_suffix(b"\n").unwrap_or(head);
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line));
    let first = lines.next().unwrap_or_default();
    let first =
        std::str::from_utf8(first).map_err(|_| malformed("the request line is not UTF-8"))?;
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed("the request line is not `METHOD /path HTTP/1.1`"));
    };
    if method.is_empty() || !method.bytes().all(is_token) {
        return Err(malformed("the method is not a word"));
    }
    // Origin form only: an absolute URL would name a host of its own,
    // which the Host check would then have to follow.
    if !target.starts_with('/') || target.bytes().any(|b| b.is_ascii_control()) {
        return Err(malformed("the request target is not a path"));
    }
    let http_1_0 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(malformed("only HTTP/1.0 and HTTP/1.1 are served")),
    };
    let mut host = None;
    for line in lines {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return Err(malformed("a header line has no `:`"));
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        // Also refuses folded lines, which start with a space.
        if name.is_empty() || !name.iter().copied().all(is_token) {
            return Err(malformed("a header name is not a word"));
        }
        if name.eq_ignore_ascii_case(b"host") {
            if host.is_some() {
                return Err(malformed("more than one Host header"));
            }
            let value = std::str::from_utf8(value)
                .ok()
                .filter(|v| v.bytes().all(|b| b.is_ascii_graphic()))
                .ok_or(malformed("the Host header is not a host name"))?;
            host = Some(value.to_string());
        }
    }
    let path = target.split('?').next().unwrap_or_default();
    Ok(Request {
        method: method.to_string(),
        path: path.to_string(),
        host,
        http_1_0,
    })
}

/// RFC 9110's `tchar`: the characters of a method or header name.
fn is_token(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

pub fn write_response(stream: &TcpStream, response: &Response, head_only: bool) {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        response.status,
        response.reason(),
        response.content_type,
        response.body.len()
    );
    for (name, value) in &response.extra_headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let deadline = Instant::now() + WRITE_DEADLINE;
    let body: &[u8] = if head_only { &[] } else { &response.body };
    let _ =
        write_by(stream, head.as_bytes(), deadline).and_then(|()| write_by(stream, body, deadline));
}

/// Writes all of `bytes` unless `deadline` passes first, so a peer that
/// reads slowly or not at all cannot hold a worker for longer.
fn write_by(mut stream: &TcpStream, bytes: &[u8], deadline: Instant) -> io::Result<()> {
    for chunk in bytes.chunks(64 * 1024) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        stream.write_all(chunk)?;
    }
    Ok(())
}

/// Ends a connection whose request may not have been read in full: the
/// response is followed by the end of the stream, and what the peer still
/// sends is discarded for a moment, within bounds. Closing with unread
/// bytes would make the kernel reset the connection, and the peer could
/// lose the response that says why it was refused.
pub fn close_gently(mut stream: &TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + LINGER;
    let mut discarded = 0;
    let mut sink = [0; 4096];
    while discarded < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(read) => discarded += read,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out its bytes a few at a time, as a network does; then says
    /// the peer closed, or (with `stall`) that the read timed out.
    struct Trickle {
        bytes: Vec<u8>,
        at: usize,
        step: usize,
        stall: bool,
    }

    impl Trickle {
        fn new(bytes: impl Into<Vec<u8>>, step: usize) -> Trickle {
            Trickle {
                bytes: bytes.into(),
                at: 0,
                step,
                stall: false,
            }
        }
    }

    impl Read for Trickle {
        fn read(&mut self, into: &mut [u8]) -> io::Result<usize> {
            if self.at == self.bytes.len() && self.stall {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            let n = self.step.min(into.len()).min(self.bytes.len() - self.at);
            into[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    impl Source for Trickle {
        fn set_timeout(&mut self, timeout: Duration) -> io::Result<()> {
            assert!(!timeout.is_zero() && timeout <= READ_TIMEOUT);
            Ok(())
        }
    }

    fn read(bytes: &[u8], step: usize) -> Result<Vec<u8>, HeadError> {
        read_head(
            &mut Trickle::new(bytes, step),
            Instant::now() + HEAD_DEADLINE,
        )
    }

    fn parse(text: &str) -> Result<Request, HeadError> {
        parse_head(text.as_bytes())
    }

    #[test]
    fn reads_a_head_up_to_its_blank_line_however_it_is_split() {
        let request = b"GET /a?b HTTP/1.1\r\nHost: localhost:8080\r\nAccept: */*\r\n\r\nbody";
        let head = b"GET /a?b HTTP/1.1\r\nHost: localhost:8080\r\nAccept: */*\r\n".to_vec();
        for step in [1, 2, 3, 7, 4096] {
            assert_eq!(read(request, step), Ok(head.clone()), "step {step}");
        }
        assert_eq!(
            read(b"GET / HTTP/1.0\n\n", 1),
            Ok(b"GET / HTTP/1.0\n".to_vec())
        );
    }

    #[test]
    fn refuses_a_head_longer_than_the_limit_after_reading_only_the_limit() {
        let mut long = b"GET / HTTP/1.1\r\nX-Long: ".to_vec();
        long.resize(4 * MAX_HEAD, b'a');
        let mut source = Trickle::new(long, 1000);
        let result = read_head(&mut source, Instant::now() + HEAD_DEADLINE);
        assert_eq!(result, Err(HeadError::TooLarge));
        assert_eq!(source.at, MAX_HEAD, "nothing past the limit is read");
        // Exactly at the limit is still a head.
        let mut fits = b"GET / HTTP/1.1\r\nX-Long: ".to_vec();
        fits.resize(MAX_HEAD - 4, b'a');
        fits.extend_from_slice(b"\r\n\r\n");
        assert_eq!(read(&fits, 4096).map(|h| h.len()), Ok(MAX_HEAD - 2));
    }

    #[test]
    fn a_head_that_stops_or_trickles_past_the_deadline_is_dropped() {
        assert_eq!(read(b"", 10), Err(HeadError::Closed));
        assert_eq!(read(b"GET / HTTP/1.1\r\n", 10), Err(HeadError::Closed));
        let mut stalled = Trickle::new("GET / HTTP/1.1\r\n", 10);
        stalled.stall = true;
        let result = read_head(&mut stalled, Instant::now() + HEAD_DEADLINE);
        assert_eq!(result, Err(HeadError::TimedOut));
        let result = read_head(&mut Trickle::new("GET", 1), Instant::now());
        assert_eq!(result, Err(HeadError::TimedOut), "no time left at all");
    }

    #[test]
    fn parses_what_a_browser_sends() {
        let request = parse(
            "GET /sample/2024/p01/?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: Mozilla/5.0 (X11)\r\nAccept:*/*\r\n",
        );
        assert_eq!(
            request,
            Ok(Request {
                method: "GET".to_string(),
                path: "/sample/2024/p01/".to_string(),
                host: Some("127.0.0.1:8080".to_string()),
                http_1_0: false,
            })
        );
        let old = parse("HEAD /%E5%8F%B0 HTTP/1.0\n").unwrap();
        assert_eq!(
            (old.method.as_str(), old.path.as_str()),
            ("HEAD", "/%E5%8F%B0")
        );
        assert_eq!((old.host, old.http_1_0), (None, true));
        let lower = parse("GET / HTTP/1.1\r\nhOsT:   [::1]:80  \r\n").unwrap();
        assert_eq!(lower.host.as_deref(), Some("[::1]:80"));
        // Other methods parse; the server answers them 405.
        assert_eq!(parse("POST / HTTP/1.1\r\n").unwrap().method, "POST");
    }

    #[test]
    fn refuses_heads_that_are_not_http_1() {
        for bad in [
            "",
            "GET",
            "GET /",
            "GET / HTTP/2",
            "GET / HTTP/1.1 extra",
            "GET  / HTTP/1.1",
            "GET http://evil.example/ HTTP/1.1",
            "GET * HTTP/1.1",
            "GET /\u{7f} HTTP/1.1",
            "G(T / HTTP/1.1",
            "GET / HTTP/1.1\r\nno colon",
            "GET / HTTP/1.1\r\n: empty name",
            "GET / HTTP/1.1\r\nX-A: b\r\n folded",
            "GET / HTTP/1.1\r\nBad Name: x",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b",
            "GET / HTTP/1.1\r\nHost: a b",
            "GET / HTTP/1.1\r\nHost: 主机",
        ] {
            assert!(
                matches!(parse(bad), Err(HeadError::Malformed(_))),
                "{bad:?}"
            );
        }
        assert!(matches!(
            parse_head(b"GET /\xff HTTP/1.1"),
            Err(HeadError::Malformed(_))
        ));
    }

    #[test]
    fn each_failure_is_answered_with_its_status_or_not_at_all() {
        let status = |e: HeadError| e.response().map(|r| r.status);
        assert_eq!(status(HeadError::Closed), None);
        assert_eq!(status(HeadError::TimedOut), Some(408));
        assert_eq!(status(HeadError::TooLarge), Some(431));
        assert_eq!(status(HeadError::Malformed("x")), Some(400));
    }
}
