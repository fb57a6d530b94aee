//! `minsheng serve`: live rebuilds, the error overlay's data, and a server
//! that never leaves its folder.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{MINSHENG, Site};

struct Server {
    child: Child,
    port: u16,
    /// What the server printed after it started.
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Site) -> Server {
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
        .current_dir(&site.dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let ready = lines
        .by_ref()
        .take(10)
        .flatten()
        .any(|line| line.starts_with("serving "));
    assert!(ready, "serve did not start");
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let writer = std::sync::Arc::clone(&log);
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            writer.lock().unwrap().push(line);
        }
    });
    Server { child, port, log }
}

/// (status, headers, body) of a raw HTTP/1.1 request.
fn request(port: u16, method: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
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
        "the incremental update, 8 pages rather than the site",
        || {
            server
                .log
                .lock()
                .unwrap()
                .iter()
                .any(|l| l.starts_with("updated 8 pages in"))
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
