//! The lock, the staging folder and the commit: how a build's files become
//! the output folder without the site ever going missing or half-made.
//!
//! Beside `out` (say `public/`) a build keeps `.public.lock`, held for the
//! whole build so that a second build into the same folder refuses instead
//! of mixing its files in; `.public.staging`, the new site as it is
//! written; only where the swap takes two renames, `.public.previous`; and
//! `.public.cache/old-site/`, the site a commit replaced, which the next
//! build stages into (see [`super::recycle`]).
//!
//! On Linux the commit swaps staging and output in one
//! `renameat2(RENAME_EXCHANGE)`, so `public/` holds a complete site at every
//! instant. Elsewhere, or on a file system that refuses the exchange, it
//! renames the output aside and the staging folder in. A run killed at any
//! point leaves a state the next [`Staging::begin`] repairs: an output that
//! is missing while `.previous` exists is moved back before anything is
//! deleted, and unfinished staging folders are removed.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::landing::{Landing, Staged};
use super::recycle::{self, OldSite};
use super::{MARKER, MARKER_TEXT, WriteError, io_error};
use crate::render::OutputFile;

/// A folder beside `out` that becomes `out` on `commit`; holds the
/// output's lock until it is committed or dropped.
pub struct Staging {
    landing: Landing,
    out: PathBuf,
    previous: PathBuf,
    /// What the staging folder held when it was recycled from an old site.
    old_site: Option<OldSite>,
    written: AtomicUsize,
    kept: AtomicUsize,
    repairs: Vec<String>,
    /// Set once the commit begins: a staging folder it fails with is not
    /// set back as the old site (its new files are in it, and an entry the
    /// prune could not remove would fail every later build).
    spoiled: bool,
    committed: bool,
    _lock: File,
}

/// What a successful commit left behind besides the new site.
#[derive(Debug)]
pub enum Committed {
    Clean,
    /// The new site is live, but the old one could not be removed.
    OldSiteLeft {
        path: PathBuf,
        source: io::Error,
    },
}

impl Committed {
    /// What the person running the build should know, if anything.
    pub fn warning(&self) -> Option<String> {
        match self {
            Committed::Clean => None,
            Committed::OldSiteLeft { path, source } => Some(format!(
                "the new site is live, but the old one could not be removed from {} ({source}); remove it by hand before the next build",
                path.display()
            )),
        }
    }
}

impl Staging {
    /// Takes the output's lock, repairs what an interrupted build left, and
    /// makes the staging folder: the old site kept by the last commit when
    /// there is one, an empty folder otherwise.
    pub fn begin(out: &Path) -> Result<Staging, WriteError> {
        let lock = lock(out)?;
        let dir = sibling(out, "staging");
        let previous = sibling(out, "previous");
        let incoming = sibling(out, "incoming");
        let repairs = repair(out, &previous, &dir)?;
        if exists(&incoming) {
            fs::remove_dir_all(&incoming).map_err(|source| WriteError::Leftover {
                path: incoming.clone(),
                source,
            })?;
        }
        let earlier = out.join(MARKER).is_file().then(|| out.to_path_buf());
        let old_site = recycle::recycle(out, &dir, earlier.is_some())?;
        let staging = Staging {
            landing: Landing::new(dir, earlier, old_site.is_some(), incoming),
            out: out.to_path_buf(),
            previous,
            old_site,
            written: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
            repairs,
            spoiled: false,
            committed: false,
            _lock: lock,
        };
        for folder in [&staging.landing.dir, staging.landing.incoming()] {
            fs::create_dir_all(folder).map_err(io_error(folder))?;
        }
        let marker = OutputFile {
            path: PathBuf::from(MARKER),
            bytes: MARKER_TEXT.as_bytes().to_vec(),
        };
        staging.landing.write(&marker)?;
        Ok(staging)
    }

    /// What `begin` found and repaired of an interrupted build, in words.
    pub fn repairs(&self) -> &[String] {
        &self.repairs
    }

    /// Writes one file, or links it from the earlier output when its bytes
    /// are unchanged; safe to call from many threads at once.
    pub fn write(&self, file: &OutputFile) -> Result<(), WriteError> {
        let counter = match self.landing.write(file)? {
            Staged::Written => &self.written,
            Staged::Kept => &self.kept,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Writes the file at `path` from the parts `fill` writes, or links it
    /// from the earlier output when its bytes turn out unchanged; gives its size.
    pub fn write_streamed(
        &self,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<u64, WriteError> {
        let (staged, size) = self.landing.write_parts(path, fill)?;
        let counter = match staged {
            Staged::Written => &self.written,
            Staged::Kept => &self.kept,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(size)
    }

    /// Links each of `paths` from the earlier output, when it holds every one
    /// of them, and gives their sizes; `Ok(None)`, linking none, when it does not.
    pub fn keep_all(&self, paths: &[PathBuf]) -> Result<Option<Vec<u64>>, WriteError> {
        let Some(earlier) = &self.landing.earlier else {
            return Ok(None);
        };
        let olds: Option<Vec<fs::Metadata>> = paths
            .iter()
            .map(|p| {
                fs::symlink_metadata(earlier.join(p))
                    .ok()
                    .filter(fs::Metadata::is_file)
            })
            .collect();
        let Some(olds) = olds else {
            return Ok(None);
        };
        for (path, old) in paths.iter().zip(&olds) {
            self.landing.keep(path, old)?;
        }
        self.kept.fetch_add(paths.len(), Ordering::Relaxed);
        Ok(Some(olds.iter().map(fs::Metadata::len).collect()))
    }

    /// Files staged so far: (written because new or changed, kept unchanged).
    pub fn counts(&self) -> (usize, usize) {
        (
            self.written.load(Ordering::Relaxed),
            self.kept.load(Ordering::Relaxed),
        )
    }

    /// The staged site becomes `out`. On an error the previous site is
    /// where it was (unless [`WriteError::Stranded`] says otherwise).
    pub fn commit(mut self) -> Result<Committed, WriteError> {
        self.spoiled = true;
        let dir = self.landing.dir.clone();
        let (claimed, written) = self.landing.take_landed();
        if let Some(old_site) = self.old_site.take() {
            old_site.prune(&dir, &claimed).map_err(io_error(&dir))?;
        }
        let _ = fs::remove_dir_all(self.landing.incoming());
        if fault_injected("commit-fails") {
            let source = io::Error::other("injected fault");
            return Err(WriteError::Io { path: dir, source });
        }
        let listed = recycle::take_site_list(&self.out);
        fault_point("staged");
        if !exists(&self.out) {
            fs::rename(&dir, &self.out).map_err(io_error(&self.out))?;
            self.committed = true;
            recycle::list_site(&self.out, &claimed);
            return Ok(Committed::Clean);
        }
        let old = if exchange(&dir, &self.out).map_err(io_error(&self.out))? {
            dir
        } else {
            self.swap_by_two_renames()?;
            self.previous.clone()
        };
        self.committed = true;
        fault_point("swapped");
        let put_away = self.put_away(old, listed, &claimed, &written);
        recycle::list_site(&self.out, &claimed);
        Ok(put_away)
    }

    /// Keeps the site the commit replaced, at `old`, for the next build to
    /// stage into, when it shares most of its files with the new one (a
    /// build that rewrote most files would leave a second copy of the site)
    /// and `listed`, its files, are known; removes it otherwise.
    fn put_away(
        &self,
        old: PathBuf,
        listed: Option<Vec<PathBuf>>,
        claimed: &HashSet<PathBuf>,
        written: &[PathBuf],
    ) -> Committed {
        if fault_injected("old-site-stuck") {
            let source = io::Error::other("injected fault");
            return Committed::OldSiteLeft { path: old, source };
        }
        let (written_count, kept_count) = self.counts();
        if kept_count >= written_count
            && cfg!(target_os = "linux")
            && let Some(listed) = listed
            && recycle::keep_old_site(&self.out, &old, &listed, claimed, written)
        {
            return Committed::Clean;
        }
        match remove_site(&old) {
            Ok(()) => Committed::Clean,
            Err(source) => Committed::OldSiteLeft { path: old, source },
        }
    }

    fn swap_by_two_renames(&self) -> Result<(), WriteError> {
        fs::rename(&self.out, &self.previous).map_err(io_error(&self.out))?;
        fault_point("between-renames");
        if let Err(source) = fs::rename(&self.landing.dir, &self.out) {
            return Err(match fs::rename(&self.previous, &self.out) {
                Ok(()) => WriteError::Io {
                    path: self.out.clone(),
                    source,
                },
                Err(_) => WriteError::Stranded {
                    out: self.out.clone(),
                    previous: self.previous.clone(),
                    source,
                },
            });
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let _ = fs::remove_dir_all(self.landing.incoming());
        let dir = &self.landing.dir;
        let (_, written) = self.landing.take_landed();
        let set_back = self.landing.recycled && !self.spoiled;
        if !set_back || !recycle::set_back(&self.out, dir, &written) {
            let _ = remove_site(dir);
        }
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), String> {
        self.write(&file).map_err(|e| e.to_string())
    }

    fn keep(&self, paths: &[PathBuf]) -> Result<Option<Vec<u64>>, String> {
        self.keep_all(paths).map_err(|e| e.to_string())
    }

    fn put_streamed(
        &self,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<u64, String> {
        self.write_streamed(path, fill).map_err(|e| e.to_string())
    }
}

/// Puts back a site left aside by an interrupted swap, and removes the
/// folders an interrupted build left; says what it did.
fn repair(out: &Path, previous: &Path, staging: &Path) -> Result<Vec<String>, WriteError> {
    let mut repairs = Vec::new();
    if !exists(out) && exists(previous) {
        fs::rename(previous, out).map_err(io_error(out))?;
        repairs.push(format!(
            "an earlier build was interrupted while swapping in the new site: {} was put back from {}",
            out.display(),
            previous.display()
        ));
    }
    for leftover in [staging, previous] {
        if exists(leftover) {
            remove_site(leftover).map_err(|source| WriteError::Leftover {
                path: leftover.to_path_buf(),
                source,
            })?;
            repairs.push(format!(
                "removed {}, left by an earlier build",
                leftover.display()
            ));
        }
    }
    Ok(repairs)
}

/// Removes a whole site, its folders in parallel: a national site has tens
/// of thousands of files, and one thread unlinking them took seconds. The
/// folders inside the top ones are removed in parallel too: `en/` holds
/// half the site, and one thread removing it took as long as the rest.
pub(super) fn remove_site(dir: &Path) -> io::Result<()> {
    remove_tree(dir, 2)
}

/// Removes `dir` and everything in it, its entries in parallel, and those
/// of its folders `levels - 1` deep.
fn remove_tree(dir: &Path, levels: usize) -> io::Result<()> {
    use rayon::prelude::*;

    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        let path = entry.path();
        match entry.file_type()?.is_dir() {
            true if levels > 1 => remove_tree(&path, levels - 1),
            true => fs::remove_dir_all(path),
            false => fs::remove_file(path),
        }
    })?;
    fs::remove_dir(dir)
}

/// Takes the lock beside `out`, or says who holds it. The lock file stays:
/// removing it would let a waiting build lock a file no one else sees.
fn lock(out: &Path) -> Result<File, WriteError> {
    let path = sibling(out, "lock");
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_error(&path))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(WriteError::Locked {
            out: out.to_path_buf(),
            lock: path,
        }),
        Err(TryLockError::Error(source)) => Err(WriteError::Io { path, source }),
    }
}

/// Swaps two folders in one step; `Ok(false)` where the system or the file
/// system cannot, so the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;

    if fault_injected("no-exchange") {
        return Ok(false);
    }
    let path = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a path holds a NUL byte"))
    };
    let (a, b) = (path(a)?, path(b)?);
    // SAFETY: both paths are NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// `public` → `.public.staging` in the same parent folder.
pub fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// Test hook, in debug builds only: `MINSHENG_FAULT=staged,no-exchange`
/// (a comma-separated list) makes the commit abort the process at the named
/// points as `kill -9` would (no clean-up runs), take the two-rename path
/// (`no-exchange`), fail to remove the old site (`old-site-stuck`), or
/// fail once the staged site is pruned, before the swap (`commit-fails`).
fn fault_injected(point: &str) -> bool {
    cfg!(debug_assertions)
        && std::env::var("MINSHENG_FAULT").is_ok_and(|v| v.split(',').any(|p| p == point))
}

fn fault_point(point: &str) {
    if fault_injected(point) {
        std::process::abort();
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn publish(files: &[OutputFile], out: &Path) -> Result<Committed, WriteError> {
        let staging = Staging::begin(out)?;
        for f in files {
            staging.write(f)?;
        }
        staging.commit()
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("minsheng-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = scratch("write");
        let out = dir.join("public");
        assert!(matches!(
            publish(&[file("../evil.html", "x")], &out),
            Err(WriteError::Escapes(_))
        ));
        assert!(!out.exists());
        assert!(!dir.join(".public.staging").exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_write_failing_midway_leaves_the_old_output_and_no_staging() {
        let dir = scratch("midway");
        let out = dir.join("public");
        publish(&[file("index.html", "old")], &out).unwrap();
        let colliding = [
            file("a.html", "new"),
            file("b", "a file"),
            file("b/index.html", "needs b to be a folder"),
        ];
        assert!(matches!(
            publish(&colliding, &out),
            Err(WriteError::Clash(path)) if path == Path::new("b")
        ));
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!out.join("a.html").exists());
        assert!(!dir.join(".public.staging").exists());
        assert!(!dir.join(".public.previous").exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_commit_replaces_the_site_and_leaves_only_the_lock_and_cache_beside_it() {
        let dir = scratch("replace");
        let out = dir.join("public");
        publish(&[file("index.html", "old"), file("gone.html", "x")], &out).unwrap();
        let committed = publish(&[file("index.html", "new")], &out).unwrap();
        assert!(matches!(committed, Committed::Clean));
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert!(!out.join("gone.html").exists());
        let mut beside: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        beside.sort();
        assert_eq!(beside, [".public.cache", ".public.lock", "public"]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_second_build_into_the_same_folder_is_refused_while_the_first_runs() {
        let dir = scratch("locked");
        let out = dir.join("public");
        let first = Staging::begin(&out).unwrap();
        let second = Staging::begin(&out);
        assert!(
            matches!(&second, Err(WriteError::Locked { lock, .. }) if *lock == dir.join(".public.lock"))
        );
        first.write(&file("index.html", "first")).unwrap();
        first.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "first");
        Staging::begin(&out).unwrap();
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn begin_puts_back_a_site_left_aside_by_an_interrupted_swap() {
        let dir = scratch("restore");
        let out = dir.join("public");
        let previous = dir.join(".public.previous");
        let staging = dir.join(".public.staging");
        fs::create_dir_all(&previous).unwrap();
        fs::write(previous.join("index.html"), "the only copy").unwrap();
        fs::create_dir_all(&staging).unwrap();
        fs::write(staging.join("half.html"), "unfinished").unwrap();

        let begun = Staging::begin(&out).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "the only copy"
        );
        assert!(!previous.exists());
        assert!(!staging.join("half.html").exists());
        assert_eq!(begun.repairs().len(), 2, "{:?}", begun.repairs());
        assert!(begun.repairs()[0].contains("was put back from"));
        drop(begun);
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "the only copy"
        );
        let _ = fs::remove_dir_all(&dir);
    }
}
