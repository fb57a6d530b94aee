//! Snapshots of loaded counties, kept beside the output in
//! `.<out>.cache/counties/`, one file per county folder: the county as the
//! per-county stage left it and the report bodies its feeds show; and the
//! county's pieces of the files that span counties, made later, when those
//! are written: its share of the search index
//! (`render::search::SearchShare`) in `.<out>.cache/search/`, its entries
//! in `all.json` in `.<out>.cache/data/`.
//!
//! A rebuild takes a county from its snapshot instead of reading its
//! hundreds of files when the last build found nothing to report in it and
//! its snapshot carries the fingerprints a build would read now: of what
//! every page depends on (the binary and the options among them) and of the
//! county's folder. Only counties in which a build found nothing are kept,
//! so a county taken from its snapshot has nothing to report either. Like
//! the rest of the cache, a snapshot is only a shortcut: one that is
//! missing, stale or damaged is ignored and the county is read (or its
//! pieces made) again. A piece depends only on the county's files and the
//! shared ones, so it is kept whatever the build found in the county.

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::model::stored::{Stored, put_bytes, take_bytes};
use crate::model::{County, ReportBodies};
use crate::render::KeptPieces;
use crate::render::search::SearchShare;

/// What every snapshot file starts with; then its kind's folder name and a
/// line break, the key it was saved under, the checksum of the rest, and
/// the rest.
const MAGIC: &str = concat!("minsheng county snapshot ", env!("CARGO_PKG_VERSION"), "\n");

/// The largest buffer a thread keeps between snapshots (a county of 20
/// projects and 400 reports takes about 60 KB).
const KEPT_BUFFER: usize = 4 << 20;

thread_local! {
    /// The bytes of the snapshot a thread is reading or writing, kept for
    /// its next: a buffer grown anew for each county took fresh pages from
    /// the system every time (2 % of a full build went to zeroing them).
    static BYTES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A county with many pictures must not leave its size behind.
fn let_go_if_large(bytes: &mut Vec<u8>) {
    if bytes.capacity() > KEPT_BUFFER {
        *bytes = Vec::new();
    }
}

/// The snapshots of one output's counties, and the fingerprints a
/// snapshot must carry to be taken.
#[derive(Debug)]
pub struct Snapshots {
    /// The output's cache folder, with a folder for each [`Kind`].
    cache: PathBuf,
    shared: u64,
    counties: BTreeMap<String, u64>,
}

/// The kinds of snapshot, each in a folder of its own and named in its
/// header, so that one moved to another kind's folder is not taken.
#[derive(Clone, Copy)]
enum Kind {
    /// A county as the per-county stage left it, with its feeds' bodies:
    /// saved when the county is rendered.
    County,
    /// A county's search share: saved when the index is written.
    SearchShare,
    /// A county's entries in `all.json`: saved when it is written.
    DataEntries,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::County, Kind::SearchShare, Kind::DataEntries];

    fn folder(self) -> &'static str {
        match self {
            Kind::County => "counties",
            Kind::SearchShare => "search",
            Kind::DataEntries => "data",
        }
    }
}

impl Snapshots {
    /// `shared` is the fingerprint of what every page depends on;
    /// `counties` that of each county folder, by name.
    pub fn new(cache: PathBuf, shared: u64, counties: BTreeMap<String, u64>) -> Snapshots {
        Snapshots {
            cache,
            shared,
            counties,
        }
    }

    /// The county of `folder` and its feeds' report bodies, when its
    /// snapshot is current.
    pub fn load(&self, folder: &str) -> Option<(County, ReportBodies)> {
        self.read(Kind::County, folder, |mut input| {
            let county = County::take(&mut input)?;
            let fed = ReportBodies::take(&mut input)?;
            input.is_empty().then_some((county, fed))
        })
    }

    /// Keeps `county` (as loaded, checked and rendered, with nothing found
    /// in it) and its feeds' bodies for the next build.
    pub fn save(&self, folder: &str, county: &County, fed: &ReportBodies) {
        self.write(Kind::County, folder, |bytes| {
            county.put(bytes);
            fed.put(bytes);
        });
    }

    /// What `decode` reads from the body of the snapshot of `folder`, when
    /// the snapshot is current and its body is as it was written.
    fn read<T>(
        &self,
        kind: Kind,
        folder: &str,
        decode: impl FnOnce(&[u8]) -> Option<T>,
    ) -> Option<T> {
        let key = self.key(folder)?;
        BYTES.with_borrow_mut(|bytes| {
            bytes.clear();
            let found = fs::File::open(self.cache.join(kind.folder()).join(folder))
                .and_then(|mut file| file.read_to_end(bytes))
                .ok()
                .and_then(|_| current_body(bytes, kind, key))
                .and_then(decode);
            let_go_if_large(bytes);
            found
        })
    }

    /// Saves the snapshot of `folder` whose body `encode` writes. One that
    /// cannot be written only costs the next build its shortcut.
    fn write(&self, kind: Kind, folder: &str, encode: impl FnOnce(&mut Vec<u8>)) {
        let Some(key) = self.key(folder) else {
            return;
        };
        let dir = self.cache.join(kind.folder());
        let file = dir.join(folder);
        let part = dir.join(format!(".{folder}.part"));
        BYTES.with_borrow_mut(|bytes| {
            bytes.clear();
            bytes.extend_from_slice(MAGIC.as_bytes());
            bytes.extend_from_slice(kind.folder().as_bytes());
            bytes.push(b'\n');
            key.put(bytes);
            let at = bytes.len();
            0u64.put(bytes);
            encode(bytes);
            let sum = checksum(&bytes[at + 8..]).to_le_bytes();
            bytes[at..at + 8].copy_from_slice(&sum);
            super::unchanged::replace_file(&file, &part, bytes);
            let_go_if_large(bytes);
        });
    }

    /// Removes the snapshots of folders the content no longer has, and
    /// any left half-written.
    pub fn prune(&self) {
        for kind in Kind::ALL {
            let Ok(entries) = fs::read_dir(self.cache.join(kind.folder())) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                if !name.to_str().is_some_and(|n| self.counties.contains_key(n)) {
                    let _ = fs::remove_file(entry.path());
                }
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

/// The pieces of counties whose folders are as the last build read them
/// are taken from their snapshots; the others are kept for the next.
impl KeptPieces for Snapshots {
    fn search_share(&self, county: &str) -> Option<SearchShare> {
        self.read(Kind::SearchShare, county, |mut input| {
            SearchShare::take(&mut input).filter(|_| input.is_empty())
        })
    }

    fn keep_search_share(&self, county: &str, share: &SearchShare) {
        self.write(Kind::SearchShare, county, |bytes| share.put(bytes));
    }

    fn data_entries(&self, county: &str) -> Option<Vec<Vec<u8>>> {
        self.read(Kind::DataEntries, county, |mut input| {
            let count = usize::take(&mut input)?;
            let mut entries = Vec::with_capacity(count.min(64));
            for _ in 0..count {
                let entry = take_bytes(&mut input)?;
                std::str::from_utf8(entry).ok()?;
                entries.push(entry.to_vec());
            }
            input.is_empty().then_some(entries)
        })
    }

    fn keep_data_entries(&self, county: &str, entries: &[Vec<u8>]) {
        self.write(Kind::DataEntries, county, |bytes| {
            entries.len().put(bytes);
            for entry in entries {
                put_bytes(entry, bytes);
            }
        });
    }
}

/// The body of the snapshot `bytes`, when it is one of `kind` saved under
/// `key` and is as it was written.
fn current_body(bytes: &[u8], kind: Kind, key: (u64, u64)) -> Option<&[u8]> {
    let mut input = bytes
        .strip_prefix(MAGIC.as_bytes())?
        .strip_prefix(kind.folder().as_bytes())?
        .strip_prefix(b"\n")?;
    let (found, sum) = <((u64, u64), u64)>::take(&mut input)?;
    (found == key && sum == checksum(input)).then_some(input)
}

/// A snapshot's bytes changed in place can still read as a county, only
/// a wrong one (an amount's digit, a vote count): the checksum catches them.
fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// Where the snapshots of the counties of the output `out` are kept:
/// `public` → `.public.cache`.
pub fn folder_beside(out: &Path) -> PathBuf {
    crate::write::sibling(out, "cache")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_is_taken_only_as_the_kind_it_was_saved_as() {
        let cache = std::env::temp_dir().join(format!("minsheng-kinds-{}", std::process::id()));
        let snapshots = Snapshots::new(cache.clone(), 1, BTreeMap::from([("c".to_string(), 2)]));
        let entries = vec![b"{\"year\":2024}".to_vec()];
        snapshots.keep_data_entries("c", &entries);
        assert_eq!(snapshots.data_entries("c"), Some(entries));

        let saved = fs::read(cache.join("data/c")).unwrap();
        let key = (1, 2);
        assert!(current_body(&saved, Kind::DataEntries, key).is_some());
        assert!(current_body(&saved, Kind::SearchShare, key).is_none());
        assert!(current_body(&saved, Kind::County, key).is_none());
        assert!(current_body(&saved, Kind::DataEntries, (1, 3)).is_none());

        fs::create_dir_all(cache.join("search")).unwrap();
        fs::copy(cache.join("data/c"), cache.join("search/c")).unwrap();
        assert_eq!(snapshots.search_share("c"), None);
        fs::remove_dir_all(&cache).unwrap();
    }
}
