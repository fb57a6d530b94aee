//! Integration tests: the real `minsheng` binary on fixture content.
//!
//! `Site` copies a fixture into a fresh temporary folder, so a test may edit
//! records freely; `run` executes the binary there and captures its output.

mod build;
mod check;
mod corpus;
mod county_cache;
mod drafts;
mod english;
mod hardening;
mod import;
mod init;
mod open_data;
mod privacy;
mod progress;
mod provinces;
mod publishing;
mod reimport;
mod repo_content;
mod reports;
mod search;
mod serve;
mod snapshot;
mod xss;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const MINSHENG: &str = env!("CARGO_BIN_EXE_minsheng");

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch project folder: `content/`, `themes/`, `seeds/` as a county office has them.
pub struct Site {
    pub dir: PathBuf,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl Site {
    /// An empty project folder with the default theme.
    pub fn empty() -> Site {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("minsheng-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        copy_dir(&repo().join("themes"), &dir.join("themes"));
        Site { dir }
    }

    /// The demo county (tests/fixtures/demo) as `content/`.
    pub fn demo() -> Site {
        let site = Site::empty();
        copy_dir(
            &repo().join("tests/fixtures/demo"),
            &site.dir.join("content"),
        );
        site
    }

    /// The demo without its one warning (an emphasis a report leaves
    /// unclosed): a build finds nothing to report in it.
    pub fn demo_clean() -> Site {
        let site = Site::demo();
        site.edit(
            "content/sample/2024/reports/p02/2024-11-29.md",
            "**注意：**",
            "注意：",
        );
        site
    }

    /// This repository's real content and seeds.
    pub fn real() -> Site {
        let site = Site::empty();
        copy_dir(&repo().join("content"), &site.dir.join("content"));
        copy_dir(&repo().join("seeds"), &site.dir.join("seeds"));
        site
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A second county in the demo: a copy of `sample` in `content/{folder}`,
    /// named `zh` in Chinese (two counties may not share a name).
    pub fn copy_sample_county(&self, folder: &str, zh: &str) {
        copy_dir(
            &self.path("content/sample"),
            &self.path(&format!("content/{folder}")),
        );
        self.edit(
            &format!("content/{folder}/county.yaml"),
            "zh: \"示例县\"",
            &format!("zh: \"{zh}\""),
        );
    }

    /// Replaces `from` with `to` in a file, failing the test if `from` is absent.
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        self.write(relative, &text.replacen(from, to, 1));
    }

    /// Replaces `from` with `to`, of the same length, keeping the file's
    /// size and modification time: the build's fingerprints see no change.
    pub fn edit_unseen(&self, relative: &str, from: &str, to: &str) {
        assert_eq!(from.len(), to.len());
        let file = self.path(relative);
        let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
        self.edit(relative, from, to);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(modified)
            .unwrap();
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    /// Runs the binary with extra environment variables (test hooks).
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let output = Command::new(MINSHENG)
            .args(args)
            .envs(env.iter().copied())
            .current_dir(&self.dir)
            .output()
            .unwrap();
        Output {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Every file under `relative`, as (path, bytes), sorted.
    pub fn tree(&self, relative: &str) -> Vec<(String, Vec<u8>)> {
        let root = self.path(relative);
        let mut files = Vec::new();
        collect(&root, &root, &mut files);
        files.sort();
        files
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            files.push((name, std::fs::read(&path).unwrap()));
        }
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The DOM of `url` after `budget_ms` of virtual time in headless Chromium,
/// as `--dump-dom` prints it: scripts have run, text is escaped.
pub fn chromium_dom(url: &str, budget_ms: u32) -> String {
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let profile =
        std::env::temp_dir().join(format!("minsheng-chromium-{}-{n}", std::process::id()));
    let output = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--dump-dom",
        ])
        .arg(format!("--virtual-time-budget={budget_ms}"))
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .output()
        .expect("chromium must be installed (.ci/run installs it)");
    let _ = std::fs::remove_dir_all(&profile);
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        dom.contains("</html>"),
        "chromium did not render {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    dom
}

/// `text` percent-encoded for a URL's query: every byte but ASCII letters and digits.
pub fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[derive(Debug)]
pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn success(&self) -> &Self {
        assert_eq!(
            self.status, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn failure(&self) -> &Self {
        assert_eq!(
            self.status, 1,
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}\n{}", self.stdout))
    }
}
