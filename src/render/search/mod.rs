//! The search index behind `/search/`: built here, queried by `static/search.js`.
//!
//! Keys, each with a posting list of document numbers:
//! - `z:` + one or two consecutive characters of the Chinese text (name, tasks,
//!   units), so any run of characters a reader types is found without word
//!   segmentation; for a term of three characters or more, candidates are
//!   then checked for the whole term in the document's text;
//! - `e:` + an English word of the same fields, folded to the singular
//!   (see [`english`]);
//! - `c:`, `y:`, `s:`, `u:` + county slug, year, status or lead unit, for filters.
//!
//! Keys are spread over shard files by an FNV-1a hash, so a query fetches
//! only the shards of its own keys; documents (with the Chinese and English
//! text that checks and excerpts need) are stored in fixed-size chunks, so
//! showing a result fetches one chunk. Posting lists are delta-encoded.
//!
//! Each county's documents and keys are its share ([`SearchShare`]),
//! which a build keeps between builds: a rebuild merges the shares of
//! unchanged counties without indexing them again.
//!
//! Every file is written twice: as JSON, which the page fetches over
//! http(s), and as a script that stores the same value in
//! `window.minshengSearch[path]`, which the page loads with a `<script>`
//! element when the site is opened from disk (`file://`), where browsers
//! refuse `fetch`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use ahash::AHashMap;
use serde::Serialize;

use super::output::{COUNTIES_AT_ONCE, KeptPieces, Sink, put};
use super::{OutputFile, Site};
use crate::diagnostic::Diagnostic;
use crate::model::Lang;
use rayon::prelude::*;

mod english;
mod share;

pub use share::SearchShare;

/// Documents per chunk file: a chunk holds each project's Chinese and
/// English text (for checking matches and showing excerpts), about 2 KB.
const CHUNK: usize = 200;

#[derive(Serialize)]
struct Facet<'a> {
    value: &'a str,
    zh: &'a str,
    en: &'a str,
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    shards: u32,
    chunk: usize,
    documents: usize,
    counties: Vec<Facet<'a>>,
    years: Vec<u16>,
    units: Vec<Facet<'a>>,
    /// Traditional characters whose Simplified form the index holds, with
    /// that form: `search.js` folds a query with them, as the index is folded.
    t2s: BTreeMap<char, char>,
}

/// Writes the index from the counties' shares, merged in the order the
/// site lists the counties, each file as soon as it is made: a national
/// index is tens of megabytes, and holding all of it at once would set the
/// build's peak memory.
pub fn put_index(
    site: &Site,
    drafts: bool,
    kept: Option<&dyn KeptPieces>,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    // Documents are numbered in order, so each list grows sorted.
    let mut postings: AHashMap<String, Vec<u32>> = AHashMap::new();
    let mut units: BTreeMap<String, String> = BTreeMap::new();
    let mut chunk = Chunk::default();
    let mut documents = 0;
    for counties in site.counties.chunks(COUNTIES_AT_ONCE) {
        let shares: Vec<SearchShare> = counties
            .par_iter()
            .map(|county| {
                let slug = county.slug.as_str();
                kept.and_then(|kept| kept.search_share(slug))
                    .unwrap_or_else(|| {
                        let share = SearchShare::of(county, drafts);
                        if let Some(kept) = kept {
                            kept.keep_search_share(slug, &share);
                        }
                        share
                    })
            })
            .collect();
        for share in &shares {
            for (key, numbers) in share.postings() {
                let numbers = numbers.map(|n| u32::try_from(documents + n).unwrap_or(u32::MAX));
                match postings.get_mut(key) {
                    Some(list) => list.extend(numbers),
                    None => {
                        postings.insert(key.to_string(), numbers.collect());
                    }
                }
            }
            units.extend(
                share
                    .units()
                    .map(|(zh, en)| (zh.to_string(), en.to_string())),
            );
            for document in share.documents() {
                chunk.push(document);
                if chunk.documents == CHUNK {
                    chunk.put(sink)?;
                }
            }
            documents += share.documents().count();
        }
    }
    if chunk.documents > 0 {
        chunk.put(sink)?;
    }
    // Every Chinese character of the text is a key of its own (see `share`).
    let characters: BTreeSet<char> = postings
        .keys()
        .filter_map(|key| key.strip_prefix("z:"))
        .filter_map(|gram| {
            let mut chars = gram.chars();
            chars.next().filter(|_| chars.next().is_none())
        })
        .collect();
    let shards = shard_count(documents);
    put_shards(&postings, shards, sink)?;
    let meta = Meta {
        version: 2,
        shards,
        chunk: CHUNK,
        documents,
        counties: site
            .counties
            .iter()
            .map(|c| Facet {
                value: c.slug.as_str(),
                zh: c.record.name.zh(),
                en: c.record.name.get(Lang::En).text,
            })
            .collect(),
        years: site
            .counties
            .iter()
            .flat_map(|c| c.notices.iter().map(|n| n.year))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        units: units
            .iter()
            .map(|(zh, en)| Facet { value: zh, zh, en })
            .collect(),
        t2s: crate::script::traditional_of(&characters),
    };
    put_json(sink, "search/meta.json", &meta)
}

/// The documents of one chunk file, as the JSON array it holds.
#[derive(Default)]
struct Chunk {
    /// The file's number: chunks are numbered from 0 in document order.
    number: usize,
    json: Vec<u8>,
    documents: usize,
}

impl Chunk {
    fn push(&mut self, document: &[u8]) {
        self.json
            .push(if self.documents == 0 { b'[' } else { b',' });
        self.json.extend_from_slice(document);
        self.documents += 1;
    }

    /// Writes the chunk and starts the next one.
    fn put(&mut self, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        let mut json = std::mem::take(&mut self.json);
        json.push(b']');
        self.documents = 0;
        self.number += 1;
        put_files(sink, &format!("search/docs/{}.json", self.number - 1), json)
    }
}

/// About 2,000 postings per shard, as a power of two between 1 and 4096.
fn shard_count(documents: usize) -> u32 {
    ((documents * 150 / 2000).max(1) as u32)
        .next_power_of_two()
        .min(4096)
}

/// Writes the posting lists, one shard file at a time.
fn put_shards(
    postings: &AHashMap<String, Vec<u32>>,
    shards: u32,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let mut by_shard: BTreeMap<u32, Vec<(&str, &[u32])>> = BTreeMap::new();
    for (key, ids) in postings {
        by_shard
            .entry(fnv1a(key) % shards)
            .or_default()
            .push((key, ids));
    }
    for (shard, keys) in by_shard {
        let deltas: BTreeMap<&str, Vec<u32>> = keys
            .into_iter()
            .map(|(key, ids)| {
                let mut previous = 0;
                let deltas = ids
                    .iter()
                    .map(|id| {
                        let delta = id - previous;
                        previous = *id;
                        delta
                    })
                    .collect();
                (key, deltas)
            })
            .collect();
        put_json(sink, &format!("search/index/{shard}.json"), &deltas)?;
    }
    Ok(())
}

/// Writes `path` (ending in `.json`) as JSON, and as the script that
/// `search.js` loads instead from disk.
fn put_json(sink: &dyn Sink, path: &str, value: &impl Serialize) -> Result<(), Vec<Diagnostic>> {
    put_files(sink, path, serde_json::to_vec(value).unwrap_or_default())
}

/// Writes the JSON `bytes` at `path` (ending in `.json`), and the script
/// that `search.js` loads instead from disk: `path` with `.js`, storing
/// the same JSON under `path` in `window.minshengSearch`.
fn put_files(sink: &dyn Sink, path: &str, bytes: Vec<u8>) -> Result<(), Vec<Diagnostic>> {
    let mut script = format!(
        "(window.minshengSearch=window.minshengSearch||{{}})[{}]=",
        serde_json::to_string(path).unwrap_or_default()
    )
    .into_bytes();
    script.extend_from_slice(&bytes);
    script.extend_from_slice(b";\n");
    put(
        sink,
        OutputFile {
            path: PathBuf::from(path.replace(".json", ".js")),
            bytes: script,
        },
    )?;
    put(
        sink,
        OutputFile {
            path: PathBuf::from(path),
            bytes,
        },
    )
}

/// 32-bit FNV-1a over the key's UTF-8 bytes; `search.js` computes the same.
fn fnv1a(key: &str) -> u32 {
    key.bytes().fold(0x811c_9dc5u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_the_reference_fnv1a() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
    }
}
