//! What a rebuild can skip. The fingerprint of everything a build reads is
//! kept beside the output in `.<out>.cache/`: one for what every page
//! depends on (the binary, the options that change the output, `site.yaml`,
//! `glossary.yaml`, the theme folder) and one per county folder, each file
//! by path, size and modification time. When all match, and the output is
//! still the one that build made, `minsheng build` writes nothing. When
//! only some counties changed, the others' own pages, feeds and open-data
//! files (which depend on nothing outside their county and the shared
//! files) are kept from the previous output instead of made again, and a
//! county in which that build found nothing to report is not scanned or
//! checked again: the same files, options and binary find the same nothing
//! (nor even read, when its snapshot is there: see `super::snapshot`).
//! The cache is only ever a shortcut: deleting it makes the next build do
//! everything, with the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::BuildOptions;
use super::snapshot::Snapshots;
use crate::write::{MARKER, sibling};

/// What a build reads, as numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprints {
    /// What every page depends on.
    shared: u64,
    /// Each county folder, by its name.
    counties: BTreeMap<String, u64>,
}

impl Fingerprints {
    /// The fingerprints of what a build with `options` would read; `None`
    /// when something cannot be listed (the build then runs and reports it).
    pub fn of(options: &BuildOptions) -> Option<Fingerprints> {
        let mut shared = DefaultHasher::new();
        file_identity(&std::env::current_exe().ok()?)?.hash(&mut shared);
        (
            options.as_of.to_string(),
            options.base_url.as_ref().map(|b| b.to_string()),
            options.drafts,
        )
            .hash(&mut shared);
        let mut folders = Vec::new();
        for entry in fs::read_dir(&options.content).ok()? {
            let entry = entry.ok()?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().ok()?.is_dir() {
                folders.push((name, entry.path()));
            } else {
                (name, folder(&entry.path())?).hash(&mut shared);
            }
        }
        // A `stat` per input file is all a no-change build costs: on a
        // national site, hundreds of thousands of them, so in parallel, on
        // the loader's threads: when the file system's cache is cold, each
        // waits for the disk (a cold no-change build at N=1000 took 3.9 s
        // on two threads, 2.6-2.8 s on the loader's).
        let counties = crate::load::with_readers(|| {
            folders
                .into_par_iter()
                .map(|(name, path)| Some((name, folder(&path)?)))
                .collect::<Option<BTreeMap<String, u64>>>()
        })?;
        options.theme.folder().map(folder).hash(&mut shared);
        Some(Fingerprints {
            shared: shared.finish(),
            counties,
        })
    }

    /// Whether the last build into `out` read exactly this, and `out` is
    /// still the site it wrote.
    pub fn are_current(&self, out: &Path) -> bool {
        Kept::read(out).is_some_and(|kept| kept.fingerprints == *self)
    }

    /// The counties the last build into `out` read exactly as a build
    /// would read them now.
    pub fn unchanged_counties(&self, out: &Path) -> UnchangedCounties {
        let snapshots = Some(self.snapshots(out));
        let Some(kept) = Kept::read(out).filter(|k| k.fingerprints.shared == self.shared) else {
            return UnchangedCounties {
                snapshots,
                ..UnchangedCounties::default()
            };
        };
        let folders: BTreeSet<String> = self
            .counties
            .iter()
            .filter(|(name, print)| kept.fingerprints.counties.get(*name) == Some(print))
            .map(|(name, _)| name.clone())
            .collect();
        let clean = kept.clean.intersection(&folders).cloned().collect();
        UnchangedCounties {
            folders,
            clean,
            snapshots,
        }
    }

    /// The snapshots of counties beside `out` that match these fingerprints.
    fn snapshots(&self, out: &Path) -> Snapshots {
        Snapshots::new(
            super::snapshot::folder_beside(out),
            self.shared,
            self.counties.clone(),
        )
    }

    /// Notes, after a build into `out`, what it read and the counties in
    /// which it found nothing to report. A cache that cannot be written
    /// only costs the next build its shortcut.
    pub fn remember(&self, out: &Path, clean: &BTreeSet<String>) {
        let Some(marker) = output_identity(out) else {
            return;
        };
        let file = cache_file(out);
        let text = Kept {
            fingerprints: self.clone(),
            clean: clean.clone(),
            marker,
        }
        .to_text();
        replace_file(&file, &file.with_extension("tmp"), text.as_bytes());
    }
}

/// Puts `bytes` at `file` whole or not at all: written first as `part`
/// beside it, then renamed; on any failure neither is left, since a cache
/// file that cannot be written only costs the next build its shortcut.
pub(super) fn replace_file(file: &Path, part: &Path, bytes: &[u8]) {
    let written =
        file.parent().map(fs::create_dir_all).transpose().is_ok() && fs::write(part, bytes).is_ok();
    if !written || fs::rename(part, file).is_err() {
        let _ = fs::remove_file(part);
        let _ = fs::remove_file(file);
    }
}

/// Forgets the fingerprints of the last build into `out`, before a commit
/// replaces it: only a build that then remembers its own may be taken for
/// current (a `--timings` build remembers none, and output folders come
/// back: a recycled build swaps the same two).
pub fn forget(out: &Path) -> std::io::Result<()> {
    match fs::remove_file(cache_file(out)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The county folders a build reads as the last build into the same
/// output read them.
#[derive(Debug, Default)]
pub struct UnchangedCounties {
    /// Their own files (pages, feeds, open data) are in the previous output
    /// as this build would write them.
    pub folders: BTreeSet<String>,
    /// Those in which the last build found nothing to report.
    pub clean: BTreeSet<String>,
    /// Where loaded counties are kept for the next build, and taken from.
    pub snapshots: Option<Snapshots>,
}

/// What the cache holds: the fingerprints of the last build and the
/// identity of the output it wrote.
struct Kept {
    fingerprints: Fingerprints,
    /// The counties in which that build found nothing to report.
    clean: BTreeSet<String>,
    marker: OutputIdentity,
}

impl Kept {
    /// The cache of the build that made `out`, when `out` is still what that
    /// build left: its marker unchanged, nothing left beside it to clear.
    fn read(out: &Path) -> Option<Kept> {
        let marker = output_identity(out)?;
        if ["staging", "previous"]
            .iter()
            .any(|s| sibling(out, s).exists())
        {
            return None;
        }
        let text = fs::read_to_string(cache_file(out)).ok()?;
        let kept = Kept::from_text(&text)?;
        (kept.marker == marker).then_some(kept)
    }

    fn to_text(&self) -> String {
        let ((ino, secs, nanos, len), folder) = self.marker;
        let mut text = format!(
            "output {ino} {secs} {nanos} {len} {folder}\nshared {:016x}\n",
            self.fingerprints.shared
        );
        for (name, print) in &self.fingerprints.counties {
            let found = if self.clean.contains(name) {
                "clean"
            } else {
                "found"
            };
            text.push_str(&format!("county {print:016x} {found} {name}\n"));
        }
        text
    }

    fn from_text(text: &str) -> Option<Kept> {
        let mut lines = text.lines();
        let mut marker = lines.next()?.strip_prefix("output ")?.split(' ');
        let mut number = || marker.next()?.parse::<i128>().ok();
        let identity = (
            (
                u64::try_from(number()?).ok()?,
                i64::try_from(number()?).ok()?,
                i64::try_from(number()?).ok()?,
                u64::try_from(number()?).ok()?,
            ),
            u64::try_from(number()?).ok()?,
        );
        let shared = u64::from_str_radix(lines.next()?.strip_prefix("shared ")?, 16).ok()?;
        let mut counties = BTreeMap::new();
        let mut clean = BTreeSet::new();
        for line in lines {
            let (print, rest) = line.strip_prefix("county ")?.split_once(' ')?;
            let (found, name) = rest.split_once(' ')?;
            counties.insert(name.to_string(), u64::from_str_radix(print, 16).ok()?);
            match found {
                "clean" => clean.insert(name.to_string()),
                "found" => false,
                _ => return None,
            };
        }
        Some(Kept {
            fingerprints: Fingerprints { shared, counties },
            clean,
            marker: identity,
        })
    }
}

/// A file's inode, modification time and size: they change when the file
/// is replaced or written.
type Identity = (u64, i64, i64, u64);

/// The output's marker file and the output folder's own inode: the site
/// a commit replaced keeps a link of the same marker (see
/// `write::recycle`), so a site moved back by hand is told apart by its folder.
type OutputIdentity = (Identity, u64);

fn output_identity(out: &Path) -> Option<OutputIdentity> {
    let folder = fs::symlink_metadata(out).ok()?.ino();
    Some((file_identity(&out.join(MARKER))?, folder))
}

fn file_identity(path: &Path) -> Option<Identity> {
    let meta = fs::metadata(path).ok()?;
    Some((meta.ino(), meta.mtime(), meta.mtime_nsec(), meta.len()))
}

/// Every file under `path` (or `path` itself), by path, size and modification time.
fn folder(path: &Path) -> Option<u64> {
    let mut hasher = DefaultHasher::new();
    let meta = fs::metadata(path).ok()?;
    (path, meta.len(), meta.mtime(), meta.mtime_nsec()).hash(&mut hasher);
    if meta.is_dir() {
        hash_entries(path, &mut hasher)?;
    }
    Some(hasher.finish())
}

/// Hashes what `folder` holds, depth first and in name order. Each entry
/// is looked at from its open folder (`statx` on the name, not on a path
/// the kernel walks again from the root), and symbolic links are not
/// followed, as the loader follows none.
fn hash_entries(folder: &Path, hasher: &mut DefaultHasher) -> Option<()> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(folder).ok()? {
        let entry = entry.ok()?;
        entries.push((entry.file_name(), entry));
    }
    entries.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    for (_, entry) in entries {
        let meta = entry.metadata().ok()?;
        let path = entry.path();
        (&path, meta.len(), meta.mtime(), meta.mtime_nsec()).hash(hasher);
        if meta.is_dir() {
            hash_entries(&path, hasher)?;
        }
    }
    Some(())
}

/// `public` → `.public.cache/fingerprints`.
fn cache_file(out: &Path) -> PathBuf {
    sibling(out, "cache").join("fingerprints")
}
