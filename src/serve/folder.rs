//! The preview's build folder, and how pages are replaced in it.
//!
//! The preview builds drafts and withheld notices' diagnostics, so its
//! folder is private: made afresh under the temporary folder with a random
//! name (nobody can create it first or guess it), readable by its owner
//! only (mode 0700), and removed when `serve` ends. The site is built into
//! `site/` inside it, so the build's staging folders beside the site stay
//! private too.

use std::collections::hash_map::RandomState;
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::render::OutputFile;

/// A private folder of this process, removed on drop.
pub struct Workspace {
    dir: PathBuf,
}

impl Workspace {
    pub fn create() -> io::Result<Workspace> {
        let base = std::env::temp_dir();
        // A name already taken (by chance or by someone guessing) is not
        // reused: creation fails rather than follows it, and we try another.
        for _ in 0..16 {
            let dir = base.join(format!("minsheng-serve-{:016x}", random()));
            match create_private(&dir) {
                Ok(()) => return Ok(Workspace { dir }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "every name tried for the build folder was taken",
        ))
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Where the site is built.
    pub fn site(&self) -> PathBuf {
        self.dir.join("site")
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

#[cfg(unix)]
fn create_private(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn create_private(dir: &Path) -> io::Result<()> {
    fs::create_dir(dir)
}

/// 64 unpredictable bits: std seeds each `RandomState` from the operating
/// system's random source, so hashing anything with a fresh one will do.
fn random() -> u64 {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

/// Writes `file` below `dir` so that a reader sees the old page or the new
/// one, never part of one: the bytes go to a temporary file beside the
/// target, which is then renamed over it. The server reads pages while an
/// edit re-renders them, and `fs::write` in place let it read half pages.
pub fn replace_into(dir: &Path, file: &OutputFile) -> Result<(), String> {
    if !file
        .path
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(format!(
            "refusing to write {}: it would land outside the output folder",
            file.path.display()
        ));
    }
    let path = dir.join(&file.path);
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(format!("cannot write {}: no file name", path.display()));
    };
    fs::create_dir_all(parent).map_err(|e| failed(parent, &e))?;
    // Pages are written from many threads at once: each temporary file
    // gets a name of its own.
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let temporary = parent.join(format!(
        ".{}.{}-{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut out| out.write_all(&file.bytes))
        .and_then(|()| fs::rename(&temporary, &path));
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(failed(&path, &e));
    }
    Ok(())
}

fn failed(path: &Path, error: &io::Error) -> String {
    format!("cannot write {}: {error}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_is_private_random_and_removed_on_drop() {
        let (first, second) = (Workspace::create().unwrap(), Workspace::create().unwrap());
        assert_ne!(first.path(), second.path());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(first.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        let dir = first.path().to_path_buf();
        fs::create_dir_all(first.site().join("en")).unwrap();
        fs::write(first.site().join("en/index.html"), "x").unwrap();
        drop(first);
        assert!(!dir.exists());
    }

    #[test]
    fn a_page_is_replaced_whole_and_no_temporary_file_stays() {
        let workspace = Workspace::create().unwrap();
        let page = |text: &str| OutputFile {
            path: PathBuf::from("sample/2024/p01/index.html"),
            bytes: text.as_bytes().to_vec(),
        };
        let dir = workspace.path();
        replace_into(dir, &page("old")).unwrap();
        replace_into(dir, &page("new")).unwrap();
        let folder = dir.join("sample/2024/p01");
        assert_eq!(
            fs::read_to_string(folder.join("index.html")).unwrap(),
            "new"
        );
        let names: Vec<_> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["index.html"]);
        let escaping = OutputFile {
            path: PathBuf::from("../evil.html"),
            bytes: Vec::new(),
        };
        assert!(replace_into(dir, &escaping).is_err());
        assert!(!dir.parent().unwrap().join("evil.html").exists());
    }

    /// A reader polling a page while it is rewritten sees one version or the other.
    #[test]
    fn a_reader_never_sees_half_a_page() {
        let workspace = Workspace::create().unwrap();
        let dir = workspace.path().to_path_buf();
        let page = |fill: u8| OutputFile {
            path: PathBuf::from("index.html"),
            bytes: vec![fill; 256 * 1024],
        };
        replace_into(&dir, &page(b'a')).unwrap();
        let path = dir.join("index.html");
        let reader = std::thread::spawn(move || {
            for _ in 0..400 {
                let bytes = fs::read(&path).unwrap();
                assert_eq!(bytes.len(), 256 * 1024);
                assert!(bytes.iter().all(|&b| b == bytes[0]), "a mixed page");
            }
        });
        for round in 0..200 {
            replace_into(&dir, &page(if round % 2 == 0 { b'b' } else { b'a' })).unwrap();
        }
        reader.join().unwrap();
    }
}
