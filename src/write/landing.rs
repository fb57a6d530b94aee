//! Landing one file in the staging folder: written, or hard-linked from the
//! earlier output when its bytes are unchanged (it then keeps its inode and
//! modification time, so `rsync` and object-storage syncs upload only what
//! changed).
//!
//! The staging folder is either new and empty, or a recycled old site (see
//! [`super::recycle`]) whose paths may already hold a file. Such a file is
//! never written into, since it may be a link of a file of the live site: a
//! new file is made beside it and renamed over it, and a file that already
//! is the live site's unchanged file is left as it is. What stands in the
//! way of a path (a file where a folder must go, a folder where a file
//! must) is removed, unless this build put it there.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use super::{WriteError, io_error};
use crate::render::OutputFile;

/// How a file reached the staging folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staged {
    /// Its bytes were written: it is new or changed.
    Written,
    /// The previous output held the same bytes: hard-linked from there.
    Kept,
}

/// Where this build's files land, and the paths it has landed so far.
pub struct Landing {
    pub dir: PathBuf,
    /// The output of an earlier build, whose unchanged files are linked, not written.
    pub earlier: Option<PathBuf>,
    /// Whether `dir` is a recycled old site rather than a new folder.
    pub recycled: bool,
    claimed: Mutex<HashSet<PathBuf>>,
}

impl Landing {
    pub fn new(dir: PathBuf, earlier: Option<PathBuf>, recycled: bool) -> Landing {
        Landing {
            dir,
            earlier,
            recycled,
            claimed: Mutex::default(),
        }
    }

    /// Claims `path` for one file of this build: two files of one path fail
    /// the build instead of racing.
    pub fn claim(&self, path: &Path) -> Result<(), WriteError> {
        let mut claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
        match claimed.insert(path.to_path_buf()) {
            true => Ok(()),
            false => Err(WriteError::Twice(path.to_path_buf())),
        }
    }

    fn is_claimed(&self, path: &Path) -> bool {
        let claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
        claimed.contains(path)
    }

    /// The paths this build landed, taken once all are landed.
    pub fn take_claimed(&self) -> HashSet<PathBuf> {
        std::mem::take(&mut *self.claimed.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Lands `file`: linked from the earlier output when it holds the same
    /// bytes at the same path, written otherwise.
    pub fn write(&self, file: &OutputFile) -> Result<Staged, WriteError> {
        self.claim(&file.path)?;
        let target = self.place(&file.path)?;
        if let Some(old) = self.earlier.as_ref().map(|e| e.join(&file.path))
            && same_bytes(&old, &file.bytes)
            && self.link_unchanged(&old, &target, false)?
        {
            return Ok(Staged::Kept);
        }
        let fresh = self.fresh_name(&target)?;
        let mut written = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&fresh)
            .map_err(|e| not_created(e, &file.path, &fresh))?;
        written.write_all(&file.bytes).map_err(io_error(&fresh))?;
        self.settle(&fresh, &target)?;
        Ok(Staged::Written)
    }

    /// Lands the file at `path` from the parts `fill` writes, as [`write`]
    /// lands a whole one; gives its size.
    ///
    /// [`write`]: Landing::write
    pub fn write_parts(
        &self,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(Staged, u64), WriteError> {
        self.claim(path)?;
        let target = self.place(path)?;
        let fresh = self.fresh_name(&target)?;
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&fresh)
            .map_err(|e| not_created(e, path, &fresh))?;
        let mut out = io::BufWriter::with_capacity(1 << 16, file);
        let size = fill(&mut out)
            .and_then(|()| out.into_inner().map_err(io::IntoInnerError::into_error))
            .and_then(|file| file.metadata())
            .map_err(io_error(&fresh))?
            .len();
        if let Some(old) = self.earlier.as_ref().map(|e| e.join(path))
            && same_files(&old, &fresh, size)
            && self.link_unchanged(&old, &target, true)?
        {
            if fresh != target {
                fs::remove_file(&fresh).map_err(io_error(&fresh))?;
            }
            return Ok((Staged::Kept, size));
        }
        self.settle(&fresh, &target)?;
        Ok((Staged::Written, size))
    }

    /// Links `path` from the earlier output, unread: the caller knows its
    /// bytes would be the same.
    pub fn keep(&self, path: &Path) -> Result<(), WriteError> {
        self.claim(path)?;
        let target = self.place(path)?;
        let Some(old) = self.earlier.as_ref().map(|e| e.join(path)) else {
            return Err(WriteError::Io {
                path: target,
                source: io::Error::new(io::ErrorKind::NotFound, "no earlier output to keep from"),
            });
        };
        if self.recycled && same_inode(&old, &target) {
            return Ok(());
        }
        let link = self.fresh_name(&target)?;
        fs::hard_link(&old, &link).map_err(|e| not_created(e, path, &link))?;
        self.settle(&link, &target)
    }

    /// Puts the unchanged `old` at `target`, which holds a file already
    /// when `occupied`; `false` when the file system cannot link, and the
    /// file is then written instead.
    fn link_unchanged(
        &self,
        old: &Path,
        target: &Path,
        occupied: bool,
    ) -> Result<bool, WriteError> {
        if self.recycled && same_inode(old, target) {
            return Ok(true);
        }
        let link = match self.recycled || occupied {
            true => cleared(target, ".unchanged.")?,
            false => target.to_path_buf(),
        };
        match fs::hard_link(old, &link) {
            Ok(()) => self.settle(&link, target).map(|()| true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(WriteError::Io {
                path: link,
                source: e,
            }),
            Err(_) => Ok(false),
        }
    }

    /// Where a new file for `target` is made: `target` itself in a new
    /// staging folder, a name beside it in a recycled one.
    fn fresh_name(&self, target: &Path) -> Result<PathBuf, WriteError> {
        match self.recycled {
            true => cleared(target, ".new."),
            false => Ok(target.to_path_buf()),
        }
    }

    /// Moves the new file `fresh` to `target`, over what a recycled site
    /// holds there.
    fn settle(&self, fresh: &Path, target: &Path) -> Result<(), WriteError> {
        if fresh == target {
            return Ok(());
        }
        if fs::symlink_metadata(target).is_ok_and(|m| m.is_dir()) {
            self.clear(target)?;
        }
        fs::rename(fresh, target).map_err(io_error(target))
    }

    /// Where the output file `path` goes below the staging folder, its folder made.
    fn place(&self, path: &Path) -> Result<PathBuf, WriteError> {
        if !path.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(WriteError::Escapes(path.to_path_buf()));
        }
        let target = self.dir.join(path);
        let Some(parent) = target.parent() else {
            return Ok(target);
        };
        if let Err(error) = fs::create_dir_all(parent) {
            if !self.recycled {
                return Err(io_error(parent)(error));
            }
            // A file of the old site where this build needs a folder.
            for ancestor in path.ancestors().skip(1) {
                let at = self.dir.join(ancestor);
                if fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                    if self.is_claimed(ancestor) {
                        return Err(io_error(parent)(error));
                    }
                    fs::remove_file(&at).map_err(io_error(&at))?;
                }
            }
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        Ok(target)
    }

    /// Removes the old site's folder at `target`, where this build puts a
    /// file; refused when this build has put a file inside it.
    fn clear(&self, target: &Path) -> Result<(), WriteError> {
        let path = target.strip_prefix(&self.dir).unwrap_or(target);
        let claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
        if claimed.iter().any(|c| c.starts_with(path) && c != path) {
            return Err(WriteError::Io {
                path: target.to_path_buf(),
                source: io::Error::new(io::ErrorKind::IsADirectory, "a folder of this build"),
            });
        }
        drop(claimed);
        fs::remove_dir_all(target).map_err(io_error(target))
    }
}

/// A name beside `target`, `prefix` before its own, cleared of what an
/// interrupted build may have left there.
fn cleared(target: &Path, prefix: &str) -> Result<PathBuf, WriteError> {
    let mut name = std::ffi::OsString::from(prefix);
    name.push(target.file_name().unwrap_or_default());
    let beside = target.with_file_name(name);
    match fs::remove_file(&beside) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_error(&beside)(e)),
        _ => Ok(beside),
    }
}

/// Whether both paths name the same file (neither followed if a link).
fn same_inode(a: &Path, b: &Path) -> bool {
    match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => a.is_file() && a.ino() == b.ino() && a.dev() == b.dev(),
        _ => false,
    }
}

/// Whether the regular file at `old` holds the `size` bytes of the file at `new`.
fn same_files(old: &Path, new: &Path, size: u64) -> bool {
    let Ok(mut new) = fs::File::open(new) else {
        return false;
    };
    let mut theirs = Vec::new();
    old_file_is(old, size, |block| {
        theirs.resize(block.len(), 0);
        new.read_exact(&mut theirs).is_ok() && theirs == block
    })
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
