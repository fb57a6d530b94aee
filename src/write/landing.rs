//! Landing one file in the staging folder: written, or hard-linked from the
//! earlier output when its bytes are unchanged (it then keeps its inode and
//! modification time, so `rsync` and object-storage syncs upload only what
//! changed).
//!
//! The staging folder is either new and empty, or a recycled old site (see
//! [`super::recycle`]) whose paths may already hold a file. A file there
//! that already is the live site's unchanged file is left as it is; any
//! other is removed before the new one is made (it is never written into,
//! since it may be a link of a live file), and so is a file of the old site
//! where a folder must go, or a folder where a file must.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{WriteError, io_error};
use crate::render::OutputFile;

/// How a file reached the staging folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staged {
    /// Its bytes were written: it is new or changed.
    Written,
    /// The previous output held the same bytes: that file is there (linked).
    Kept,
}

/// Where this build's files land, and the paths it has landed so far.
pub struct Landing {
    pub dir: PathBuf,
    /// The output of an earlier build, whose unchanged files are linked, not written.
    pub earlier: Option<PathBuf>,
    /// Whether `dir` is a recycled old site rather than a new folder.
    pub recycled: bool,
    /// Where a file written in parts is made before it is known to be new
    /// (outside the site, so no name can collide with an output file).
    incoming: PathBuf,
    made: AtomicUsize,
    claims: Mutex<Claims>,
}

/// The output paths this build has claimed, and the folders they make.
#[derive(Default)]
struct Claims {
    files: HashSet<PathBuf>,
    folders: HashSet<PathBuf>,
    /// Those whose bytes were written: new or changed.
    written: Vec<PathBuf>,
}

impl Landing {
    pub fn new(
        dir: PathBuf,
        earlier: Option<PathBuf>,
        recycled: bool,
        incoming: PathBuf,
    ) -> Landing {
        Landing {
            dir,
            earlier,
            recycled,
            incoming,
            made: AtomicUsize::new(0),
            claims: Mutex::default(),
        }
    }

    /// Claims `path` for one file of this build: two files of one path, or
    /// a file where another needs a folder, fail the build instead of
    /// racing, whatever the staging folder held before.
    pub fn claim(&self, path: &Path) -> Result<(), WriteError> {
        let inside = path.components().all(|c| matches!(c, Component::Normal(_)));
        if !inside || path.as_os_str().is_empty() {
            return Err(WriteError::Escapes(path.to_path_buf()));
        }
        let mut claims = self.claims.lock().unwrap_or_else(|e| e.into_inner());
        if claims.files.contains(path) {
            return Err(WriteError::Twice(path.to_path_buf()));
        }
        if claims.folders.contains(path) {
            return Err(WriteError::Clash(path.to_path_buf()));
        }
        // Deepest first: a folder already claimed has its own folders
        // claimed, and none of them is a file (this check keeps it so).
        let mut new_folders = Vec::new();
        for folder in path.ancestors().skip(1) {
            if folder.as_os_str().is_empty() || claims.folders.contains(folder) {
                break;
            }
            if claims.files.contains(folder) {
                return Err(WriteError::Clash(folder.to_path_buf()));
            }
            new_folders.push(folder);
        }
        let new_folders: Vec<PathBuf> = new_folders.into_iter().map(Path::to_path_buf).collect();
        claims.folders.extend(new_folders);
        claims.files.insert(path.to_path_buf());
        Ok(())
    }

    /// Where files written in parts are made.
    pub fn incoming(&self) -> &Path {
        &self.incoming
    }

    /// The paths this build landed, and those of them it wrote, taken once
    /// all are landed.
    pub fn take_landed(&self) -> (HashSet<PathBuf>, Vec<PathBuf>) {
        let mut claims = self.claims.lock().unwrap_or_else(|e| e.into_inner());
        (
            std::mem::take(&mut claims.files),
            std::mem::take(&mut claims.written),
        )
    }

    fn note_written(&self, path: &Path) -> Staged {
        let mut claims = self.claims.lock().unwrap_or_else(|e| e.into_inner());
        claims.written.push(path.to_path_buf());
        Staged::Written
    }

    /// Lands `file`: linked from the earlier output when it holds the same
    /// bytes at the same path, written otherwise.
    pub fn write(&self, file: &OutputFile) -> Result<Staged, WriteError> {
        self.claim(&file.path)?;
        let target = self.place(&file.path)?;
        if let Some(old) = self.earlier.as_ref().map(|e| e.join(&file.path))
            && same_bytes(&old, &file.bytes)
            && self.link_unchanged(&old, &target)?
        {
            return Ok(Staged::Kept);
        }
        self.vacate(&target)?;
        // Noted before it exists: a file that fails halfway is this build's too.
        self.note_written(&file.path);
        let mut written = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(|e| not_created(e, &file.path, &target))?;
        written.write_all(&file.bytes).map_err(io_error(&target))?;
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
        let made = self
            .incoming
            .join(self.made.fetch_add(1, Ordering::Relaxed).to_string());
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&made)
            .map_err(io_error(&made))?;
        let mut out = io::BufWriter::with_capacity(1 << 16, file);
        let size = fill(&mut out)
            .and_then(|()| out.into_inner().map_err(io::IntoInnerError::into_error))
            .and_then(|file| file.metadata())
            .map_err(io_error(&made))?
            .len();
        if let Some(old) = self.earlier.as_ref().map(|e| e.join(path))
            && same_files(&old, &made, size)
            && self.link_unchanged(&old, &target)?
        {
            fs::remove_file(&made).map_err(io_error(&made))?;
            return Ok((Staged::Kept, size));
        }
        self.vacate(&target)?;
        fs::rename(&made, &target).map_err(io_error(&target))?;
        Ok((self.note_written(path), size))
    }

    /// Links `path` from the earlier output, unread: the caller knows its
    /// bytes would be the same, and gives what `stat` said of that file.
    pub fn keep(&self, path: &Path, old_meta: &fs::Metadata) -> Result<(), WriteError> {
        self.claim(path)?;
        let Some(old) = self.earlier.as_ref().map(|e| e.join(path)) else {
            return Err(WriteError::Io {
                path: self.dir.join(path),
                source: io::Error::new(io::ErrorKind::NotFound, "no earlier output to keep from"),
            });
        };
        // Most files of a recycled folder already are the live ones: one
        // `stat` settles it, and their folder needs no making.
        if self.recycled
            && fs::symlink_metadata(self.dir.join(path)).is_ok_and(|m| same_file(old_meta, &m))
        {
            return Ok(());
        }
        let target = self.place(path)?;
        self.vacate(&target)?;
        fs::hard_link(&old, &target).map_err(|e| not_created(e, path, &target))
    }

    /// Puts the unchanged `old` at `target`; `false` when the file system
    /// cannot link, and the file is then written instead.
    fn link_unchanged(&self, old: &Path, target: &Path) -> Result<bool, WriteError> {
        if self.recycled && same_inode(old, target) {
            return Ok(true);
        }
        self.vacate(target)?;
        match fs::hard_link(old, target) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(WriteError::Io {
                path: target.to_path_buf(),
                source: e,
            }),
            Err(_) => Ok(false),
        }
    }

    /// Clears `target` in a recycled folder of what the old site had there,
    /// a file or a folder: the staging folder is not live, and a file there
    /// is never written into, since it may be a link of a live file. (The
    /// claims make sure nothing this build landed is ever in the way.)
    fn vacate(&self, target: &Path) -> Result<(), WriteError> {
        if !self.recycled {
            return Ok(());
        }
        match fs::symlink_metadata(target) {
            Ok(meta) if meta.is_dir() => fs::remove_dir_all(target),
            Ok(_) => fs::remove_file(target),
            Err(_) => Ok(()),
        }
        .map_err(io_error(target))
    }

    /// Where the output file `path` goes below the staging folder, its
    /// folder made (in a recycled folder, through any file of the old site
    /// in the way).
    fn place(&self, path: &Path) -> Result<PathBuf, WriteError> {
        let target = self.dir.join(path);
        let Some(parent) = target.parent() else {
            return Ok(target);
        };
        if let Err(error) = fs::create_dir_all(parent) {
            if !self.recycled {
                return Err(io_error(parent)(error));
            }
            for ancestor in path.ancestors().skip(1) {
                let at = self.dir.join(ancestor);
                if fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                    match fs::remove_file(&at) {
                        // Another thread cleared the way first (and may
                        // have made the folder already).
                        Err(e)
                            if matches!(
                                e.kind(),
                                io::ErrorKind::NotFound | io::ErrorKind::IsADirectory
                            ) => {}
                        other => other.map_err(io_error(&at))?,
                    }
                }
            }
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        Ok(target)
    }
}

/// Whether both paths name the same file (neither followed if a link).
fn same_inode(a: &Path, b: &Path) -> bool {
    match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => same_file(&a, &b),
        _ => false,
    }
}

/// Whether two `stat`s are of one regular file, unchanged between them.
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.is_file()
        && (a.dev(), a.ino(), a.len(), a.mtime(), a.mtime_nsec())
            == (b.dev(), b.ino(), b.len(), b.mtime(), b.mtime_nsec())
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
