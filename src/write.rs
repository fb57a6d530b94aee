//! Write: rendered files → a staging folder → swapped in as `public/`.
//!
//! Files are written as they are rendered, so a large site is never held in
//! memory. The staging folder sits beside the output folder, so the final
//! swap is two renames on one file system. A build that fails at any point
//! (the staging folder is dropped without `commit`) removes its staging
//! folder and leaves the previous output untouched.

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
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A fresh folder beside `out` that becomes `out` on `commit`.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    previous: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn begin(out: &Path) -> Result<Staging, WriteError> {
        let staging = Staging {
            dir: sibling(out, "staging"),
            out: out.to_path_buf(),
            previous: sibling(out, "previous"),
            committed: false,
        };
        for leftover in [&staging.dir, &staging.previous] {
            if leftover.exists() {
                fs::remove_dir_all(leftover).map_err(io_error(leftover))?;
            }
        }
        fs::create_dir_all(&staging.dir).map_err(io_error(&staging.dir))?;
        let marker = staging.dir.join(MARKER);
        fs::write(&marker, MARKER_TEXT).map_err(io_error(&marker))?;
        Ok(staging)
    }

    /// Writes one file; safe to call from many threads at once.
    pub fn write(&self, file: &OutputFile) -> Result<(), WriteError> {
        write_into(&self.dir, file)
    }

    /// The staged site becomes `out`; the old `out` is removed only once the new one is in place.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let had_previous = self.out.exists();
        if had_previous {
            fs::rename(&self.out, &self.previous).map_err(io_error(&self.out))?;
        }
        if let Err(source) = fs::rename(&self.dir, &self.out) {
            if had_previous {
                let _ = fs::rename(&self.previous, &self.out);
            }
            return Err(WriteError::Io {
                path: self.out.clone(),
                source,
            });
        }
        self.committed = true;
        if had_previous {
            fs::remove_dir_all(&self.previous).map_err(io_error(&self.previous))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), String> {
        self.write(&file).map_err(|e| e.to_string())
    }
}

/// Writes `file` below `dir`, refusing any path that would leave it.
pub fn write_into(dir: &Path, file: &OutputFile) -> Result<(), WriteError> {
    if !file
        .path
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(WriteError::Escapes(file.path.clone()));
    }
    let path = dir.join(&file.path);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    fs::write(&path, &file.bytes).map_err(io_error(&path))
}

/// `public` → `.public.staging` in the same parent folder.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{suffix}"))
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

    fn publish(files: &[OutputFile], out: &Path) -> Result<(), WriteError> {
        let staging = Staging::begin(out)?;
        for f in files {
            staging.write(f)?;
        }
        staging.commit()
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = std::env::temp_dir().join(format!("minsheng-write-{}", std::process::id()));
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
        let dir = std::env::temp_dir().join(format!("minsheng-midway-{}", std::process::id()));
        let out = dir.join("public");
        publish(&[file("index.html", "old")], &out).unwrap();
        let colliding = [
            file("a.html", "new"),
            file("b", "a file"),
            file("b/index.html", "needs b to be a folder"),
        ];
        assert!(matches!(
            publish(&colliding, &out),
            Err(WriteError::Io { .. })
        ));
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!out.join("a.html").exists());
        assert!(!dir.join(".public.staging").exists());
        assert!(!dir.join(".public.previous").exists());
        let _ = fs::remove_dir_all(&dir);
    }
}
