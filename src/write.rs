//! Write: the rendered files → a staging folder → swapped in as `public/`.
//!
//! The staging folder sits beside the output folder, so the final swap is
//! two renames on one file system. A build that fails at any point removes
//! its staging folder and leaves the previous output untouched.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::render::OutputFile;

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

/// Writes every file into a fresh copy of `out`, then swaps it in.
pub fn publish(files: &[OutputFile], out: &Path) -> Result<(), WriteError> {
    let staging = sibling(out, "staging");
    let previous = sibling(out, "previous");
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(io_error(leftover))?;
        }
    }
    let written = write_all(files, &staging).and_then(|()| swap(&staging, out, &previous));
    if written.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    written
}

fn write_all(files: &[OutputFile], dir: &Path) -> Result<(), WriteError> {
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    for file in files {
        let safe = file
            .path
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(WriteError::Escapes(file.path.clone()));
        }
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        fs::write(&path, &file.bytes).map_err(io_error(&path))?;
    }
    Ok(())
}

/// `staging` becomes `out`; the old `out` is removed only once the new one is in place.
fn swap(staging: &Path, out: &Path, previous: &Path) -> Result<(), WriteError> {
    let had_previous = out.exists();
    if had_previous {
        fs::rename(out, previous).map_err(io_error(out))?;
    }
    if let Err(source) = fs::rename(staging, out) {
        if had_previous {
            let _ = fs::rename(previous, out);
        }
        return Err(WriteError::Io {
            path: out.to_path_buf(),
            source,
        });
    }
    if had_previous {
        fs::remove_dir_all(previous).map_err(io_error(previous))?;
    }
    Ok(())
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

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = std::env::temp_dir().join(format!("minsheng-write-{}", std::process::id()));
        let out = dir.join("public");
        let evil = OutputFile {
            path: PathBuf::from("../evil.html"),
            bytes: b"x".to_vec(),
        };
        assert!(matches!(
            publish(&[evil], &out),
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
        let file = |path: &str, text: &str| OutputFile {
            path: PathBuf::from(path),
            bytes: text.as_bytes().to_vec(),
        };
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
