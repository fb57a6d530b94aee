//! Snapshots of loaded counties, kept beside the output in
//! `.<out>.cache/counties/`, one file per county folder: the county as the
//! per-county stage left it and the report bodies its feeds show.
//!
//! A rebuild takes a county from its snapshot instead of reading its
//! hundreds of files when the last build found nothing to report in it and
//! its snapshot carries the fingerprints a build would read now: of what
//! every page depends on (the binary and the options among them) and of the
//! county's folder. Only counties in which a build found nothing are kept,
//! so a county taken from its snapshot has nothing to report either. Like
//! the rest of the cache, a snapshot is only a shortcut: one that is
//! missing, stale or damaged is ignored and the county is read again.

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

use crate::model::stored::Stored;
use crate::model::{County, ReportBodies};

/// What every snapshot file starts with; then the key it was saved under,
/// the checksum of the rest, and the county.
const MAGIC: &str = concat!("minsheng county snapshot ", env!("CARGO_PKG_VERSION"), "\n");

/// The largest buffer a thread keeps between snapshots (a county of 20
/// projects and 400 reports takes about 60 KB).
const KEPT_BUFFER: usize = 4 << 20;

thread_local! {
    /// The bytes of the snapshot a thread is writing, kept for its next:
    /// a buffer grown anew for each county took fresh pages from the
    /// system every time (2 % of a full build went to zeroing them).
    static ENCODED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The snapshots of one output's counties, and the fingerprints a
/// snapshot must carry to be taken.
#[derive(Debug)]
pub struct Snapshots {
    dir: PathBuf,
    shared: u64,
    counties: BTreeMap<String, u64>,
}

impl Snapshots {
    /// `shared` is the fingerprint of what every page depends on;
    /// `counties` that of each county folder, by name.
    pub fn new(dir: PathBuf, shared: u64, counties: BTreeMap<String, u64>) -> Snapshots {
        Snapshots {
            dir,
            shared,
            counties,
        }
    }

    /// The county of `folder` and its feeds' report bodies, when its
    /// snapshot is current.
    pub fn load(&self, folder: &str) -> Option<(County, ReportBodies)> {
        let bytes = fs::read(self.dir.join(folder)).ok()?;
        let mut input = bytes.strip_prefix(MAGIC.as_bytes())?;
        let (key, sum) = <((u64, u64), u64)>::take(&mut input)?;
        if key != self.key(folder)? || sum != checksum(input) {
            return None;
        }
        let county = County::take(&mut input)?;
        let fed = ReportBodies::take(&mut input)?;
        input.is_empty().then_some((county, fed))
    }

    /// Keeps `county` (as loaded, checked and rendered, with nothing found
    /// in it) and its feeds' bodies for the next build. One that cannot be
    /// written only costs that build its shortcut.
    pub fn save(&self, folder: &str, county: &County, fed: &ReportBodies) {
        let Some(key) = self.key(folder) else {
            return;
        };
        let file = self.dir.join(folder);
        let part = self.dir.join(format!(".{folder}.part"));
        ENCODED.with_borrow_mut(|bytes| {
            bytes.clear();
            bytes.extend_from_slice(MAGIC.as_bytes());
            key.put(bytes);
            let at = bytes.len();
            0u64.put(bytes);
            county.put(bytes);
            fed.put(bytes);
            let sum = checksum(&bytes[at + 8..]).to_le_bytes();
            bytes[at..at + 8].copy_from_slice(&sum);
            super::unchanged::replace_file(&file, &part, bytes);
            // A county with many pictures must not leave its size behind.
            if bytes.capacity() > KEPT_BUFFER {
                *bytes = Vec::new();
            }
        });
    }

    /// Removes the snapshots of folders the content no longer has, and
    /// any left half-written.
    pub fn prune(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if !name.to_str().is_some_and(|n| self.counties.contains_key(n)) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// What the snapshot of `folder` must have been saved under to be
    /// taken: the fingerprints a build would read now. `None` for a folder
    /// the fingerprints did not see.
    fn key(&self, folder: &str) -> Option<(u64, u64)> {
        Some((self.shared, *self.counties.get(folder)?))
    }
}

/// A snapshot's bytes changed in place can still read as a county, only
/// a wrong one (an amount's digit, a vote count): the checksum catches them.
fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// Where the snapshots of the counties of the output `out` are kept:
/// `public` → `.public.cache/counties`.
pub fn folder_beside(out: &Path) -> PathBuf {
    crate::write::sibling(out, "cache").join("counties")
}
