//! What rendering produces and where it goes: files, the sink that takes
//! them, and the options a render is settled with.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use super::search::SearchShare;
use super::site::NoticeAt;
use crate::diagnostic::Diagnostic;
use crate::model::{County, Date};

pub struct RenderOptions {
    /// Where the site is published; absolute links and feeds use it.
    pub base_url: String,
    /// The date that decides what is overdue.
    pub as_of: Date,
    /// Include draft reports (preview only).
    pub drafts: bool,
    /// Told (pages done, pages in all) as pages render, e.g. to draw a progress bar.
    pub progress: Option<&'static (dyn Fn(usize, usize) + Sync)>,
    /// Told the name of each stage of a whole render as it ends (`--timings`).
    pub stage: Option<&'static (dyn Fn(&'static str) + Sync)>,
}

impl RenderOptions {
    pub(super) fn stage_done(&self, stage: &'static str) {
        if let Some(told) = self.stage {
            told(stage);
        }
    }
}

/// What a render makes again. The files of a county (its pages, feeds and
/// open data) depend on nothing outside it but what every page depends on,
/// so a build that knows a county unchanged takes them from the previous
/// output instead.
#[derive(Clone, Copy)]
pub(super) enum Remake<'a> {
    /// Everything, except the files of a county in `unchanged` (by slug),
    /// which are taken from the previous output when it holds them all.
    Every { unchanged: &'a BTreeSet<String> },
    /// What a change to the notice at `at` alters (`serve`, after an edit).
    Only(NoticeAt),
}

impl Remake<'_> {
    /// Whether the files of `county` may be taken from the previous output.
    pub(super) fn may_keep(&self, county: &County) -> bool {
        match self {
            Remake::Every { unchanged } => unchanged.contains(county.slug.as_str()),
            Remake::Only(_) => false,
        }
    }
}

impl OutputFile {
    /// An XML file (a feed, a sitemap), without the characters XML forbids,
    /// so that one pasted control character cannot make it unreadable.
    pub fn xml(path: PathBuf, text: String) -> OutputFile {
        let text = if text.contains(crate::model::forbidden_in_xml) {
            text.replace(crate::model::forbidden_in_xml, "")
        } else {
            text
        };
        OutputFile {
            path,
            bytes: text.into_bytes(),
        }
    }
}

/// How many counties' pieces of the site-wide files (their `all.json`
/// entries, their search shares) are made or read at once, before they
/// are merged: enough to keep every core busy, few enough to hold.
pub(super) const COUNTIES_AT_ONCE: usize = 64;

/// What a build keeps of each county between builds for the files that
/// span counties, by county slug: a piece kept from the same files is
/// taken, and one made is kept for the next build.
pub trait KeptPieces: Sync {
    /// The county's share of the search index.
    fn search_share(&self, county: &str) -> Option<SearchShare>;
    fn keep_search_share(&self, county: &str, share: &SearchShare);
    /// Each of the county's notices' entry in `data/all.json`, in order.
    fn data_entries(&self, county: &str) -> Option<Vec<Vec<u8>>>;
    fn keep_data_entries(&self, county: &str, entries: &[Vec<u8>]);
}

/// The pieces `serve` keeps between edits, in memory: after an edit, only
/// the edited county's are made again (`forget` it first).
#[derive(Default)]
pub struct PiecesInMemory {
    search: Mutex<BTreeMap<String, SearchShare>>,
    data: Mutex<BTreeMap<String, Vec<Vec<u8>>>>,
}

impl PiecesInMemory {
    /// Lets go of the pieces of `county`, whose files changed.
    pub fn forget(&self, county: &str) {
        locked(&self.search).remove(county);
        locked(&self.data).remove(county);
    }
}

/// A lock's value, also after a thread panicked holding it: a piece is
/// put whole or not at all.
fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl KeptPieces for PiecesInMemory {
    fn search_share(&self, county: &str) -> Option<SearchShare> {
        locked(&self.search).get(county).cloned()
    }

    fn keep_search_share(&self, county: &str, share: &SearchShare) {
        locked(&self.search).insert(county.to_string(), share.clone());
    }

    fn data_entries(&self, county: &str) -> Option<Vec<Vec<u8>>> {
        locked(&self.data).get(county).cloned()
    }

    fn keep_data_entries(&self, county: &str, entries: &[Vec<u8>]) {
        locked(&self.data).insert(county.to_string(), entries.to_vec());
    }
}

/// One file of the built site, with its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Where rendered files go; called from many threads at once.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), String>;

    /// Takes each of `paths` unchanged from the previous output, when it
    /// holds every one of them, and gives their sizes; `None`, taking
    /// none, when it does not (or the sink keeps no previous output).
    fn keep(&self, paths: &[PathBuf]) -> Result<Option<Vec<u64>>, String> {
        let _ = paths;
        Ok(None)
    }

    /// Writes the file at `path` from the parts `fill` writes, and gives
    /// its size: for a file too large to hold whole (`data/all.json`, tens
    /// of megabytes on a national site). `fill` may put other files meanwhile.
    fn put_streamed(
        &self,
        path: &Path,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<u64, String> {
        let mut bytes = Vec::new();
        fill(&mut bytes).map_err(|e| e.to_string())?;
        let size = bytes.len() as u64;
        self.put(OutputFile {
            path: path.to_path_buf(),
            bytes,
        })?;
        Ok(size)
    }
}

pub(super) fn put(sink: &dyn Sink, file: OutputFile) -> Result<(), Vec<Diagnostic>> {
    sink.put(file).map_err(|e| vec![Diagnostic::io("write", e)])
}

/// Indented JSON for files people open; compact for the bulk downloads,
/// which are read by programs and would be half again as large indented.
#[derive(Clone, Copy)]
pub(super) enum Layout {
    Pretty,
    Compact,
}

pub(super) fn to_json(
    value: &impl serde::Serialize,
    layout: Layout,
) -> Result<Vec<u8>, Diagnostic> {
    let written = match layout {
        Layout::Pretty => serde_json::to_vec_pretty(value),
        Layout::Compact => serde_json::to_vec(value),
    };
    let mut bytes =
        written.map_err(|e| Diagnostic::error("data", format!("cannot write open data: {e}")))?;
    if let Layout::Pretty = layout {
        bytes.push(b'\n');
    }
    Ok(bytes)
}
