//! `minsheng serve`: build into a private temporary folder, serve it on
//! localhost, rebuild on every change and reload the open pages.
//!
//! A failed rebuild keeps the last good build on disk and in the browser;
//! its errors are shown over the page (see `live.js`) until a build succeeds.
//!
//! The server is for one person's browser, and it serves drafts: it answers
//! only requests that name this computer in `Host` (see `host`), bounds
//! every request in size and time (see `http`), answers with a fixed pool
//! of threads (see `pool`), keeps its folder private and removes it on
//! exit, Ctrl+C included (see `folder` and `signal`).

mod files;
mod folder;
// Public for the fuzz target (`fuzz/fuzz_targets/serve.rs`).
pub mod host;
pub mod http;
mod incremental;
mod pool;
mod signal;
mod watch;

use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::build::{BuildError, BuildOptions, Built, build};
use crate::diagnostic::Diagnostic;
use files::Refusal;
use http::Response;
use incremental::Applied;

pub struct ServeOptions {
    /// What to build; `out` and `base_url` are chosen by `serve`.
    pub inputs: BuildOptions,
    /// Folders whose changes trigger a rebuild.
    pub watch: Vec<PathBuf>,
    pub bind: IpAddr,
    pub port: u16,
    /// Host names to answer besides this computer's own (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

/// What the open pages poll: a new generation means "reload".
#[derive(Default, Serialize)]
struct Status {
    generation: u64,
    errors: Vec<Diagnostic>,
}

/// What every request is answered from.
struct Site {
    root: PathBuf,
    status: Arc<Mutex<Status>>,
    hosts: host::Hosts,
}

pub fn serve(mut options: ServeOptions) -> Result<(), String> {
    let listener = TcpListener::bind((options.bind, options.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let workspace =
        folder::Workspace::create().map_err(|e| format!("cannot make the build folder: {e}"))?;
    // Held while a build writes into the folder.
    let building = Arc::new(Mutex::new(()));
    let (folder, lock) = (workspace.path().to_path_buf(), Arc::clone(&building));
    // Before any other thread starts, so that every thread leaves the
    // signals to the one that removes the folder.
    signal::on_termination(move |signal| {
        eprintln!("stopping: removing the build folder once any build under way ends");
        // Not while a build writes into the folder: it would leave some behind.
        let _built = lock.lock();
        let _ = std::fs::remove_dir_all(&folder);
        std::process::exit(128 + signal);
    })
    .map_err(|e| format!("cannot listen for Ctrl+C: {e}"))?;
    options.inputs.out = workspace.site();
    options.inputs.base_url = Some(
        crate::model::WebAddress::parse(&format!("http://{address}/"))
            .map_err(|e| e.to_string())?,
    );
    let status = Arc::new(Mutex::new(Status::default()));
    let mut built = {
        let _building = building.lock();
        rebuild(&options.inputs, &status, None, &[])
    };
    let changes = watch::Changes::watch(&options.watch)
        .map_err(|e| format!("cannot watch the content folders: {e}"))?;
    let site = Site {
        root: options.inputs.out.clone(),
        status: Arc::clone(&status),
        hosts: host::Hosts::new(address, &options.allow_hosts),
    };
    pool::serve(listener, move |stream| handle(&stream, &site))
        .map_err(|e| format!("cannot start the server: {e}"))?;
    println!(
        "serving {} at http://{address}/ (press Ctrl+C to stop)",
        options.inputs.out.display()
    );
    while let Some(changed) = changes.next_batch() {
        let _building = building.lock();
        built = rebuild(&options.inputs, &status, built, &changed);
    }
    Ok(())
}

/// Applies a change: incrementally when only projects changed and the last
/// build is at hand, by a full build otherwise. Returns what is now served.
fn rebuild(
    inputs: &BuildOptions,
    status: &Mutex<Status>,
    mut built: Option<Built>,
    changed: &[PathBuf],
) -> Option<Built> {
    let started = std::time::Instant::now();
    let incremental = match built.as_mut() {
        Some(last) => incremental::apply(last, &inputs.content, &inputs.out, changed),
        None => Applied::NeedsFullBuild(String::new()),
    };
    let result = match incremental {
        Applied::Updated(pages) => {
            println!("updated {pages} pages in {:.2?}", started.elapsed());
            Ok(built)
        }
        Applied::Failed(problems) => Err((problems, built)),
        Applied::NeedsFullBuild(reason) => {
            if !reason.is_empty() {
                println!("building the whole site: {reason}");
            }
            match build(inputs) {
                Ok(summary) => {
                    println!("{}", summary.describe(&inputs.out, inputs.drafts));
                    Ok(Some(summary))
                }
                Err(BuildError::Failed(problems)) => Err((problems, built)),
                Err(BuildError::Refused(refusal)) => Err((
                    vec![Diagnostic::error("out-refused", refusal.to_string())],
                    built,
                )),
            }
        }
    };
    let mut status = status
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match result {
        Ok(now) => {
            status.generation += 1;
            status.errors.clear();
            now
        }
        Err((problems, kept)) => {
            crate::diagnostic::eprint(&problems);
            eprintln!("the last change did not build; still serving the last good version");
            status.errors = problems.into_iter().filter(Diagnostic::is_error).collect();
            kept
        }
    }
}

fn handle(stream: &TcpStream, site: &Site) {
    let request = match http::read_request(stream) {
        Ok(request) => request,
        Err(error) => {
            if let Some(response) = error.response() {
                http::write_response(stream, &response, false);
                http::close_gently(stream);
            }
            return;
        }
    };
    let head_only = request.method == "HEAD";
    let response = if !site.hosts.allows(request.host.as_deref(), request.http_1_0) {
        Response::text(403, &site.hosts.refusal())
    } else if request.method != "GET" && !head_only {
        let mut response = Response::text(405, "only GET and HEAD are served\n");
        response
            .extra_headers
            .push(("Allow", "GET, HEAD".to_string()));
        response
    } else {
        respond(&site.root, &request, &site.status)
    };
    http::write_response(stream, &response, head_only);
    if request.method != "GET" && !head_only {
        // A body may still be coming, which is never read.
        http::close_gently(stream);
    }
}

fn respond(root: &Path, request: &http::Request, status: &Mutex<Status>) -> Response {
    match request.path.as_str() {
        "/__minsheng/live.js" => {
            return Response::new(
                200,
                "text/javascript; charset=utf-8",
                include_str!("live.js"),
            );
        }
        "/__minsheng/status" => {
            let status = status
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            return Response::new(
                200,
                "application/json; charset=utf-8",
                serde_json::to_vec(&*status).unwrap_or_default(),
            );
        }
        _ => {}
    }
    match files::resolve(root, &request.path) {
        Ok(file) => match std::fs::read(&file) {
            Ok(bytes) => page(200, files::content_type(&file), bytes),
            Err(_) => not_found(root, &request.path),
        },
        Err(Refusal::BadPath) => {
            Response::new(400, "text/plain; charset=utf-8", "bad request path\n")
        }
        Err(Refusal::NotFound) => not_found(root, &request.path),
    }
}

/// The site's own 404 page, in the language of the URL asked for.
fn not_found(root: &Path, path: &str) -> Response {
    let page_404 = if path.starts_with("/en/") || path == "/en" {
        root.join("en/404.html")
    } else {
        root.join("404.html")
    };
    match std::fs::read(page_404) {
        Ok(bytes) => page(404, "text/html; charset=utf-8", bytes),
        Err(_) => Response::new(404, "text/plain; charset=utf-8", "not found\n"),
    }
}

/// HTML gets the live-reload script; everything else goes out as it is.
fn page(status: u16, content_type: &'static str, bytes: Vec<u8>) -> Response {
    if !content_type.starts_with("text/html") {
        return Response::new(status, content_type, bytes);
    }
    let html = String::from_utf8_lossy(&bytes);
    let script = "<script src=\"/__minsheng/live.js\"></script>";
    let body = match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
        None => format!("{html}{script}"),
    };
    Response::new(status, content_type, body)
}
