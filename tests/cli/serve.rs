//! `minsheng serve`: live rebuilds, the error overlay's data, a server that
//! never leaves its folder, and one that bounds what a client can make it do.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{MINSHENG, Site};

struct Server {
    child: Child,
    port: u16,
    /// The folder it said it serves.
    folder: PathBuf,
    /// What the server printed after it started.
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Drop for Server {
    /// Stops it as Ctrl+C does, so that it removes its build folder; kills
    /// it if that does not work.
    fn drop(&mut self) {
        let interrupted = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .is_ok_and(|status| status.success());
        let started = Instant::now();
        while interrupted && started.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Site) -> Server {
    start_with(site, &[])
}

/// Starts `serve` with extra environment variables (test hooks).
fn start_with(site: &Site, env: &[(&str, &str)]) -> Server {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(MINSHENG)
        .args([
            "serve",
            "--port",
            &port.to_string(),
            "--as-of",
            "2024-12-15",
        ])
        .envs(env.iter().copied())
        .current_dir(&site.dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let folder = lines
        .by_ref()
        .take(10)
        .flatten()
        .find_map(|line| {
            let rest = line.strip_prefix("serving ")?;
            Some(PathBuf::from(rest.split_once(" at http://")?.0))
        })
        .expect("serve did not start");
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let writer = std::sync::Arc::clone(&log);
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            writer.lock().unwrap().push(line);
        }
    });
    Server {
        child,
        port,
        folder,
        log,
    }
}

/// (status, headers, body) of a raw HTTP/1.1 request.
fn request(port: u16, method: &str, path: &str) -> (u16, String, String) {
    send(
        port,
        &format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n\r\n"),
    )
}

/// (status, headers, body) of the answer to `raw`, sent as it is.
fn send(port: u16, raw: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    split_response(&raw)
}

fn split_response(raw: &[u8]) -> (u16, String, String) {
    let text = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_saved_change_is_served_and_a_broken_one_keeps_the_last_good_page() {
    let site = Site::demo();
    let server = start(&site);
    let page = "/sample/2024/p01/";
    let (status, head, body) = request(server.port, "GET", page);
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(body.contains("老年助餐点建设"));
    assert!(
        body.contains("<script src=\"/__minsheng/live.js\"></script></body>"),
        "live reload is injected"
    );

    site.edit(
        "content/sample/2024/projects/p01.yaml",
        "zh: \"老年助餐点建设\"",
        "zh: \"老年助餐点建设（已更新）\"",
    );
    wait_until("the new name", || {
        request(server.port, "GET", page)
            .2
            .contains("老年助餐点建设（已更新）")
    });
    // The index is written after the pages.
    wait_until(
        "the search index to find the project by its new name",
        || {
            request(server.port, "GET", "/search/docs/0.json")
                .2
                .contains("\"zh\":\"老年助餐点建设（已更新）\"")
        },
    );

    site.edit(
        "content/sample/2024/projects/p01.yaml",
        "number: \"1\"",
        "number: \"1\"\ncolour: red",
    );
    wait_until("the error to be reported", || {
        request(server.port, "GET", "/__minsheng/status")
            .2
            .contains("unknown field `colour`")
    });
    let status: serde_json::Value =
        serde_json::from_str(&request(server.port, "GET", "/__minsheng/status").2).unwrap();
    let error = &status["errors"][0];
    assert_eq!(error["file"], "content/sample/2024/projects/p01.yaml");
    assert_eq!(error["line"], 2);
    assert!(
        request(server.port, "GET", page)
            .2
            .contains("老年助餐点建设（已更新）"),
        "the last good page is still served"
    );

    site.edit("content/sample/2024/projects/p01.yaml", "\ncolour: red", "");
    wait_until("the error to clear", || {
        request(server.port, "GET", "/__minsheng/status")
            .2
            .contains("\"errors\":[]")
    });
}

#[test]
fn the_server_never_serves_a_file_outside_the_site() {
    let site = Site::demo();
    let server = start(&site);
    for path in [
        "/../Cargo.toml",
        "/sample/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e/etc/passwd",
        "/sample/..%2f..%2f..%2fetc%2fpasswd",
        "/..\\..\\etc\\passwd",
    ] {
        let (status, _, body) = request(server.port, "GET", path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("root:"), "{path} leaked a file");
    }
    let (status, _, body) = request(server.port, "GET", "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("找不到页面"));
    let (status, _, body) = request(server.port, "GET", "/en/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    let (status, head, _) = request(server.port, "POST", "/");
    assert_eq!(status, 405);
    assert!(head.contains("Allow: GET, HEAD"));
    let (status, head, body) = request(server.port, "HEAD", "/static/site.css");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/css; charset=utf-8"));
    assert!(body.is_empty(), "HEAD sends no body");
    let (_, head, _) = request(server.port, "GET", "/data/sample-2024.csv");
    assert!(head.contains("Content-Type: text/csv; charset=utf-8"));
}

#[test]
fn a_new_report_updates_the_project_and_its_dashboards_and_other_edits_rebuild_everything() {
    let site = Site::demo();
    let server = start(&site);
    let completed = |page: &str| {
        let body = request(server.port, "GET", page).2;
        let row = body
            .split("scope=\"row\"><span class=\"status status-completed\">")
            .nth(1)
            .unwrap_or_default()
            .to_string();
        row.split("<td class=\"num\">")
            .nth(1)
            .and_then(|c| c.split('<').next())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(completed("/en/sample/2024/"), "1");
    site.write(
        "content/sample/2024/reports/p03/2024-12-10.md",
        "---\ndate: 2024-12-10\nstatus: completed\npercent: 100\n---\n体检全部完成。\n",
    );
    wait_until("the new report", || {
        request(server.port, "GET", "/sample/2024/p03/")
            .2
            .contains("体检全部完成。")
    });
    assert_eq!(
        completed("/en/sample/2024/"),
        "2",
        "the notice dashboard counts it"
    );
    assert_eq!(completed("/en/"), "2", "so does the home page");
    assert!(
        request(server.port, "GET", "/data/sample-2024.json")
            .2
            .contains("\"status\": \"completed\"")
    );
    wait_until(
        "the incremental update, 10 pages rather than the site",
        || {
            server
                .log
                .lock()
                .unwrap()
                .iter()
                .any(|l| l.starts_with("updated 10 pages in"))
        },
    );

    site.edit(
        "content/sample/2024/notice.yaml",
        "en: \"(2) Infrastructure\"",
        "en: \"(2) Roads and parks\"",
    );
    wait_until("the renamed group", || {
        request(server.port, "GET", "/en/sample/2024/")
            .2
            .contains("(2) Roads and parks")
    });
    wait_until("a full build, as a notice edit needs", || {
        server
            .log
            .lock()
            .unwrap()
            .last()
            .is_some_and(|l| l.starts_with("built "))
    });
    let log = server.log.lock().unwrap();
    let reason = log
        .iter()
        .find(|l| l.starts_with("building the whole site: "))
        .expect("the full build says why");
    assert!(
        reason.ends_with("content/sample/2024/notice.yaml changed"),
        "{reason}"
    );
}

#[test]
fn serve_shows_drafts_marked_as_drafts() {
    let site = Site::demo();
    let server = start(&site);
    let page = request(server.port, "GET", "/sample/2024/p02/").2;
    assert!(
        page.contains("草稿：等待核实。"),
        "the draft's text is previewed"
    );
    assert!(page.contains("<strong class=\"draft\">草稿（仅供预览）</strong>"));
}

/// A line of `/proc/<pid>/status`, such as `VmRSS` (kB) or `Threads`.
#[cfg(target_os = "linux")]
fn proc_status(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

/// Everything the server sends until it closes or resets the connection.
fn read_until_closed(mut stream: &TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut chunk = [0; 4096];
    while let Ok(n @ 1..) = stream.read(&mut chunk) {
        raw.extend_from_slice(&chunk[..n]);
    }
    raw
}

#[test]
fn a_request_head_past_16_kib_is_refused_and_the_server_does_not_grow() {
    let site = Site::demo();
    let server = start(&site);
    assert_eq!(request(server.port, "GET", "/").0, 200);
    #[cfg(target_os = "linux")]
    let before = proc_status(server.child.id(), "VmRSS");
    let stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let reading = stream.try_clone().unwrap();
    let reader = std::thread::spawn(move || read_until_closed(&reading));
    // One header line of 16 MiB with no end, as fast as the server takes it.
    let mut writer = &stream;
    let _ = writer.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ");
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < 16 * 1024 * 1024 && writer.write_all(&chunk).is_ok() {
        sent += chunk.len();
    }
    #[cfg(target_os = "linux")]
    let after = proc_status(server.child.id(), "VmRSS");
    let (status, head, body) = split_response(&reader.join().unwrap());
    assert_eq!(status, 431, "{head}");
    assert!(head.contains("Connection: close"), "{head}");
    assert_eq!(
        body,
        "the request line and headers are longer than 16 KiB\n"
    );
    assert!(
        sent < 16 * 1024 * 1024,
        "the server stopped taking the line"
    );
    #[cfg(target_os = "linux")]
    assert!(
        after < before + 8 * 1024,
        "the server grew from {before} kB to {after} kB"
    );
    assert_eq!(request(server.port, "GET", "/").0, 200, "and still serves");
}

#[test]
fn more_idle_connections_than_the_pool_get_503_rather_than_threads() {
    let site = Site::demo();
    // Idle clients hold the workers for a minute, not 5 s, so that a busy
    // machine cannot free one before the request below arrives.
    let server = start_with(&site, &[("MINSHENG_SERVE_PATIENCE", "60")]);
    #[cfg(target_os = "linux")]
    let threads = proc_status(server.child.id(), "Threads");
    // 8 workers and 16 places in the queue. Idle sockets are opened until
    // 24 are held (no answer) and one more is refused: the refusal comes
    // after the held ones, so all of them have been taken, and a worker
    // takes a minute to give one up. (Which sockets are refused depends on
    // how fast the workers empty the queue; the count held does not.)
    let mut held: Vec<TcpStream> = Vec::new();
    let mut refused_after_full = false;
    for _ in 0..200 {
        let mut socket = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        socket
            .set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        let mut answer = Vec::new();
        match socket.read_to_end(&mut answer) {
            Ok(_) => {
                assert_eq!(split_response(&answer).0, 503);
                if held.len() >= 24 {
                    refused_after_full = true;
                    break;
                }
            }
            Err(_) => held.push(socket),
        }
    }
    assert!(
        refused_after_full,
        "{} sockets held, none refused after",
        held.len()
    );
    let (status, head, body) = request(server.port, "GET", "/");
    assert_eq!(status, 503, "{head}");
    assert!(head.contains("Retry-After: 1"), "{head}");
    assert_eq!(body, "the preview server is busy; try again in a moment\n");
    #[cfg(target_os = "linux")]
    assert_eq!(
        proc_status(server.child.id(), "Threads"),
        threads,
        "no thread per connection"
    );
    drop(held);
    wait_until("the pool to be free again", || {
        request(server.port, "GET", "/").0 == 200
    });
}

#[test]
fn a_request_trickled_in_is_dropped_within_the_deadline() {
    let site = Site::demo();
    let server = start(&site);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n");
    // A header line a second, each well within the 5 s a read may wait.
    let started = Instant::now();
    let mut received = Vec::new();
    let mut chunk = [0; 4096];
    let closed = loop {
        if started.elapsed() > Duration::from_secs(30) {
            break false;
        }
        let _ = stream.write_all(b"X-Slow: 1\r\n");
        match stream.read(&mut chunk) {
            Ok(0) => break true,
            Ok(n) => received.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break true,
        }
    };
    assert!(closed, "the connection was still open after 30 s");
    assert_eq!(split_response(&received).0, 408);
}

#[test]
fn a_request_for_another_host_is_refused() {
    let site = Site::demo();
    let server = start(&site);
    let port = server.port;
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        let (status, _, body) = send(
            port,
            &format!("GET /__minsheng/status HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        );
        assert_eq!(status, 403, "{host}");
        assert!(
            body.starts_with("this preview answers only to localhost"),
            "{body}"
        );
        assert!(!body.contains("generation"), "{host} read the status");
    }
    let (status, _, body) = send(port, "GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n");
    assert_eq!(status, 403);
    assert!(!body.contains("<html"), "no page for another host");
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
    ] {
        let (status, _, body) = send(
            port,
            &format!("GET /__minsheng/status HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        );
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("\"generation\":1"), "{body}");
    }
    let (status, _, _) = send(port, "GET /__minsheng/status HTTP/1.0\r\n\r\n");
    assert_eq!(status, 200, "HTTP/1.0 may leave Host out");
}

#[test]
#[cfg(unix)]
fn the_build_folder_is_private_unguessable_and_removed_on_ctrl_c() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::ExitStatusExt;

    let site = Site::demo();
    let mut server = start(&site);
    assert!(server.folder.join("index.html").is_file());
    let private = server.folder.parent().unwrap().to_path_buf();
    let name = private.file_name().unwrap().to_str().unwrap();
    let suffix = name.strip_prefix("minsheng-serve-").unwrap();
    assert_ne!(suffix, server.port.to_string(), "not named by the port");
    assert!(
        suffix.len() == 16 && suffix.bytes().all(|b| b.is_ascii_hexdigit()),
        "{name}"
    );
    let mode = std::fs::metadata(&private).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "{mode:o}");

    let killed = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "serve did not stop on Ctrl+C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!((status.code(), status.signal()), (Some(130), None));
    assert!(!private.exists(), "{} was left behind", private.display());
}
