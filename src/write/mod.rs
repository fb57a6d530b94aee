//! Write: rendered files → a staging folder → swapped in as `public/`.
//!
//! Files are written as they are rendered, so a large site is never held in
//! memory. This module owns which folders a build may replace
//! ([`check_out`]), where a file may land, and whether it is written or
//! linked unchanged from the previous output;
//! [`staging`] owns the lock, the staging folder and the commit.

mod staging;

pub use staging::{Committed, Staging, sibling};

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::render::OutputFile;

/// The file that marks a folder as a minsheng output, so a later build may replace it.
pub const MARKER: &str = ".minsheng-output";

const MARKER_TEXT: &str = "This folder is written by `minsheng build`, which replaces all of it on every build.\nKeep nothing else here.\n";

/// Why a folder cannot be the output: replacing it would destroy what is not minsheng's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutRefusal {
    #[error("--out {0}: refusing to replace the root folder")]
    Root(PathBuf),
    #[error("--out {0}: refusing to replace the current folder")]
    Current(PathBuf),
    #[error("--out {out}: refusing, because it {relation} the {what} folder {kept}")]
    Holds {
        out: PathBuf,
        relation: &'static str,
        what: &'static str,
        kept: PathBuf,
    },
    #[error(
        "--out {0}: refusing to replace a folder that minsheng did not make: it is not empty and has no {MARKER} file"
    )]
    NotOurs(PathBuf),
    #[error("--out {0}: refusing, because it is a file, not a folder")]
    NotAFolder(PathBuf),
    #[error("--out {0}: refusing a path with `..`; name the folder without climbing up")]
    Climbs(PathBuf),
}

/// Checks that `out` may be replaced by a build: it does not exist, is
/// empty, or holds a previous minsheng output (the marker file); and it is
/// not `/`, the current folder, nor is, holds or lies inside a folder in
/// `keep` (the content, theme and seeds folders, by name).
pub fn check_out(out: &Path, keep: &[(&'static str, &Path)]) -> Result<(), OutRefusal> {
    let shown = out.to_path_buf();
    // A path that climbs (`new/../content`) is only resolved once `new/`
    // exists, after the check: refuse it rather than guess where it lands.
    if out.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err(OutRefusal::Climbs(shown));
    }
    let target = absolute(out);
    if target.parent().is_none() {
        return Err(OutRefusal::Root(shown));
    }
    if std::env::current_dir().is_ok_and(|here| target == absolute_of(&here)) {
        return Err(OutRefusal::Current(shown));
    }
    for (what, kept) in keep {
        let kept_absolute = absolute(kept);
        let relation = if kept_absolute == target {
            Some("is")
        } else if kept_absolute.starts_with(&target) {
            Some("holds")
        } else if target.starts_with(&kept_absolute) {
            Some("lies inside")
        } else {
            None
        };
        if let Some(relation) = relation {
            return Err(OutRefusal::Holds {
                out: shown,
                relation,
                what,
                kept: kept.to_path_buf(),
            });
        }
    }
    match fs::symlink_metadata(out) {
        Err(_) => Ok(()),
        Ok(meta) if !meta.is_dir() => Err(OutRefusal::NotAFolder(shown)),
        Ok(_) => {
            let empty = fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_none());
            if empty || out.join(MARKER).is_file() {
                Ok(())
            } else {
                Err(OutRefusal::NotOurs(shown))
            }
        }
    }
}

/// `path` made absolute and, as far as it exists, free of links and `..`.
fn absolute(path: &Path) -> PathBuf {
    let joined =
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |here| here.join(path));
    absolute_of(&joined)
}

/// Canonicalises the longest existing ancestor and appends the rest.
fn absolute_of(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("refusing to write {0}: it would land outside the output folder")]
    Escapes(PathBuf),
    #[error(
        "two files of this build have the same path, {0}: a county or project id must not be a name the site uses for its own pages"
    )]
    Twice(PathBuf),
    #[error(
        "another build is writing {out} (it holds {lock}); nothing was touched: wait for it to finish, then build again"
    )]
    Locked { out: PathBuf, lock: PathBuf },
    #[error(
        "cannot remove {path}, left by an earlier build: {source}; remove it by hand, then build again"
    )]
    Leftover { path: PathBuf, source: io::Error },
    #[error(
        "the new site could not be put in place and the previous one could not be moved back: it is in {previous}; rename it to {out} by hand ({source})"
    )]
    Stranded {
        out: PathBuf,
        previous: PathBuf,
        source: io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// How a file reached the staging folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Staged {
    /// Its bytes were written: it is new or changed.
    Written,
    /// The previous output held the same bytes: hard-linked from there.
    Kept,
}

/// Writes `file` below `dir` as a new file (a build that made two files of
/// one path would otherwise keep whichever thread wrote last), or, when
/// `previous` holds the same bytes at the same path, hard-links that file:
/// an unchanged file keeps its inode and modification time, so `rsync` and
/// object-storage syncs upload only what changed.
fn write_new_into(
    dir: &Path,
    file: &OutputFile,
    previous: Option<&Path>,
) -> Result<Staged, WriteError> {
    use std::io::Write;

    let path = place(dir, &file.path)?;
    if let Some(old) = previous.map(|p| p.join(&file.path))
        && same_bytes(&old, &file.bytes)
    {
        match fs::hard_link(&old, &path) {
            Ok(()) => return Ok(Staged::Kept),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(not_created(e, &file.path, &path));
            }
            // A file system without hard links: the file is written instead.
            Err(_) => {}
        }
    }
    let mut written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| not_created(e, &file.path, &path))?;
    written.write_all(&file.bytes).map_err(io_error(&path))?;
    Ok(Staged::Written)
}

/// Writes the file `path` below `dir` from the parts `fill` writes, as
/// [`write_new_into`] writes a whole one; when `previous` holds the same
/// bytes, that file is linked over the one written. Gives the size.
fn write_parts_into(
    dir: &Path,
    path: &Path,
    previous: Option<&Path>,
    fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
) -> Result<(Staged, u64), WriteError> {
    let target = place(dir, path)?;
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|e| not_created(e, path, &target))?;
    let mut out = io::BufWriter::with_capacity(1 << 16, file);
    let size = fill(&mut out)
        .and_then(|()| out.into_inner().map_err(io::IntoInnerError::into_error))
        .and_then(|file| file.metadata())
        .map_err(io_error(&target))?
        .len();
    if let Some(old) = previous.map(|p| p.join(path))
        && same_files(&old, &target, size)
    {
        // Linked beside the new file and renamed over it, so that a file
        // system without hard links still has the file as written.
        let mut name = std::ffi::OsString::from(".unchanged.");
        name.push(target.file_name().unwrap_or_default());
        let beside = target.with_file_name(name);
        if fs::hard_link(&old, &beside).is_ok() {
            fs::rename(&beside, &target).map_err(io_error(&target))?;
            return Ok((Staged::Kept, size));
        }
    }
    Ok((Staged::Written, size))
}

/// Whether the regular file at `old` holds the `size` bytes of the file at `new`.
fn same_files(old: &Path, new: &Path, size: u64) -> bool {
    use std::io::Read;

    let Ok(mut new) = fs::File::open(new) else {
        return false;
    };
    let mut theirs = Vec::new();
    old_file_is(old, size, |block| {
        theirs.resize(block.len(), 0);
        new.read_exact(&mut theirs).is_ok() && theirs == block
    })
}

/// Links `path` from the `earlier` output into `dir`, unread: the caller
/// knows its bytes would be the same.
fn keep_from(earlier: &Path, dir: &Path, path: &Path) -> Result<(), WriteError> {
    let target = place(dir, path)?;
    fs::hard_link(earlier.join(path), &target).map_err(|e| not_created(e, path, &target))
}

/// Why the output file `path` (at `target`) could not be created: a file of
/// that path already made by this build, or the system's reason.
fn not_created(source: io::Error, path: &Path, target: &Path) -> WriteError {
    match source.kind() {
        io::ErrorKind::AlreadyExists => WriteError::Twice(path.to_path_buf()),
        _ => WriteError::Io {
            path: target.to_path_buf(),
            source,
        },
    }
}

/// Whether the regular file at `old` holds exactly `bytes`.
fn same_bytes(old: &Path, bytes: &[u8]) -> bool {
    let mut rest = bytes;
    old_file_is(old, bytes.len() as u64, |block| {
        match rest.split_at_checked(block.len()) {
            Some((head, tail)) if head == block => {
                rest = tail;
                true
            }
            _ => false,
        }
    })
}

/// Whether `old` is a regular file of `size` bytes (a link in the old
/// output is never followed) whose blocks, read in order, `same` accepts.
/// Read a block at a time: the old file is never held whole (`all.json`
/// is tens of megabytes).
fn old_file_is(old: &Path, size: u64, mut same: impl FnMut(&[u8]) -> bool) -> bool {
    use std::io::Read;

    if !fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == size) {
        return false;
    }
    let Ok(mut old) = fs::File::open(old) else {
        return false;
    };
    // One more byte than expected, so a small file is read in one go and a
    // file grown since its size was taken is noticed.
    let mut block = vec![0; (size as usize + 1).min(1 << 16)];
    let mut read = 0;
    loop {
        match old.read(&mut block) {
            Ok(0) => return read == size,
            Ok(n) => {
                read += n as u64;
                if read > size || !same(&block[..n]) {
                    return false;
                }
            }
            Err(_) => return false,
        }
    }
}

/// Where the output file `path` goes below `dir`, its folder made.
fn place(dir: &Path, path: &Path) -> Result<PathBuf, WriteError> {
    if !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(WriteError::Escapes(path.to_path_buf()));
    }
    let path = dir.join(path);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    Ok(path)
}
