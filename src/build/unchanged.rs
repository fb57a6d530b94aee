//! A rebuild with nothing to do. The fingerprint of everything a build
//! reads (every file under the content and theme folders, by path, size and
//! modification time; the options that change the output; the binary
//! itself) is kept beside the output in `.<out>.cache/`. When it matches,
//! and the output is still the one that build made, `minsheng build` says so
//! and writes nothing. The cache is only ever a shortcut: deleting it makes
//! the next build do everything, with the same bytes.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::BuildOptions;
use crate::write::{MARKER, sibling};

/// What a build read, as one number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint(u64);

impl Fingerprint {
    /// The fingerprint of what a build with `options` would read; `None`
    /// when something cannot be listed (the build then runs and reports it).
    pub fn of(options: &BuildOptions) -> Option<Fingerprint> {
        let mut hasher = DefaultHasher::new();
        let binary = std::env::current_exe().ok()?;
        file_identity(&binary)?.hash(&mut hasher);
        (
            options.as_of.to_string(),
            options.base_url.as_ref().map(|b| b.to_string()),
            options.drafts,
        )
            .hash(&mut hasher);
        let folders = std::iter::once(options.content.as_path()).chain(options.theme.folder());
        for folder in folders {
            folder.hash(&mut hasher);
            for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
                let entry = entry.ok()?;
                let meta = entry.metadata().ok()?;
                (entry.path(), meta.len(), meta.mtime(), meta.mtime_nsec()).hash(&mut hasher);
            }
        }
        Some(Fingerprint(hasher.finish()))
    }

    /// Whether the last build into `out` read exactly this, and `out` is
    /// still the site it wrote.
    pub fn is_current(self, out: &Path) -> bool {
        let Some(marker) = file_identity(&out.join(MARKER)) else {
            return false;
        };
        // What an earlier build left beside the output is for a build to clear.
        if ["staging", "previous"]
            .iter()
            .any(|s| sibling(out, s).exists())
        {
            return false;
        }
        fs::read_to_string(cache_file(out)).is_ok_and(|kept| kept == self.record(marker))
    }

    /// Notes, after a build into `out`, what it read. A cache that cannot be
    /// written only costs the next build its shortcut.
    pub fn remember(self, out: &Path) {
        let Some(marker) = file_identity(&out.join(MARKER)) else {
            return;
        };
        let file = cache_file(out);
        let written = file.parent().map(fs::create_dir_all).transpose().is_ok()
            && fs::write(file.with_extension("tmp"), self.record(marker)).is_ok();
        if !written || fs::rename(file.with_extension("tmp"), &file).is_err() {
            let _ = fs::remove_file(&file);
        }
    }

    fn record(self, marker: (u64, i64, i64, u64)) -> String {
        format!("inputs {:016x}\noutput {marker:?}\n", self.0)
    }
}

/// A file's inode, modification time and size: it changes when the file is
/// replaced or written.
fn file_identity(path: &Path) -> Option<(u64, i64, i64, u64)> {
    let meta = fs::metadata(path).ok()?;
    Some((meta.ino(), meta.mtime(), meta.mtime_nsec(), meta.len()))
}

/// `public` → `.public.cache/fingerprint`.
fn cache_file(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.cache"))
        .join("fingerprint")
}
