//! Write: rendered files → a staging folder → swapped in as `public/`.
//!
//! Files are written as they are rendered, so a large site is never held in
//! memory. This module owns which folders a build may replace
//! ([`check_out`]); [`landing`] owns where a file lands and whether it is
//! written or linked unchanged from the previous output; [`staging`] the
//! lock, the staging folder and the commit; [`recycle`] the old site kept
//! to stage the next build in.

mod landing;
mod recycle;
mod staging;

pub use staging::{Committed, Staging, sibling};

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

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
        "a file of this build, {0}, is where another needs a folder: a county or project id must not be a name the site uses for its own pages"
    )]
    Clash(PathBuf),
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
