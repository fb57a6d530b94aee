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
//! Every file is written twice: as JSON, which the page fetches over
//! http(s), and as a script that stores the same value in
//! `window.minshengSearch[path]`, which the page loads with a `<script>`
//! element when the site is opened from disk (`file://`), where browsers
//! refuse `fetch`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use serde::Serialize;

use super::output::{Sink, put};
use super::{OutputFile, urls};
use crate::diagnostic::Diagnostic;
use crate::model::{Bilingual, Content, Lang};

mod english;

/// Documents per chunk file: a chunk holds each project's Chinese and
/// English text (for checking matches and showing excerpts), about 2 KB.
const CHUNK: usize = 200;

#[derive(Serialize)]
struct Document {
    /// Page path below the language root.
    path: String,
    zh: String,
    en: String,
    county_zh: String,
    county_en: String,
    year: u16,
    status: &'static str,
    /// The Chinese text searched (name, tasks, units), runs of white space
    /// made one space: `search.js` checks a query against its normalised
    /// form and shows an excerpt of it.
    text_zh: String,
    /// The English of the same fields, where written, for excerpts.
    text_en: String,
}

#[derive(Serialize)]
struct Facet {
    value: String,
    zh: String,
    en: String,
}

#[derive(Serialize)]
struct Meta {
    version: u32,
    shards: u32,
    chunk: usize,
    documents: usize,
    counties: Vec<Facet>,
    years: Vec<u16>,
    units: Vec<Facet>,
    /// Traditional characters whose Simplified form the index holds, with
    /// that form: `search.js` folds a query with them, as the index is folded.
    t2s: BTreeMap<char, char>,
}

/// Writes the index, each file as soon as it is made: a national index
/// is tens of megabytes, and holding all of it at once would set the
/// build's peak memory.
pub fn put_index(site: &Content, drafts: bool, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
    let mut documents = 0;
    let mut chunk = Vec::with_capacity(CHUNK);
    // Documents are numbered in order, so each list grows sorted by pushing.
    let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
    let mut units: BTreeMap<String, String> = BTreeMap::new();
    let mut characters: BTreeSet<char> = BTreeSet::new();
    for county in &site.counties {
        for notice in &county.notices {
            for project in &notice.projects {
                let id = documents as u32;
                documents += 1;
                let items = &project.record.items;
                let lead_units = items.iter().flat_map(|i| &i.lead_units);
                let mut fields: Vec<&Bilingual> = vec![&project.record.name];
                for item in items {
                    fields.extend(&item.tasks);
                    fields.extend(item.lead_units.iter().chain(&item.partner_units));
                }
                let text_zh = one_line(fields.iter().map(|f| f.zh()));
                let text_en = one_line(fields.iter().filter_map(|f| f.en()));
                let text = normalise(&text_zh);
                characters.extend(text.chars().filter(|c| is_cjk(*c)));
                let mut keys: BTreeSet<String> = ngrams(&text)
                    .into_iter()
                    .map(|g| format!("z:{g}"))
                    .collect();
                keys.extend(
                    english::words(&text_en)
                        .into_iter()
                        .map(|w| format!("e:{w}")),
                );
                let status = project
                    .status(drafts)
                    .map_or(crate::render::views::NOT_REPORTED, |s| s.code());
                keys.insert(format!("c:{}", county.slug));
                keys.insert(format!("y:{}", notice.year));
                keys.insert(format!("s:{status}"));
                for unit in lead_units {
                    keys.insert(format!("u:{}", unit.zh()));
                    units.insert(unit.zh().to_string(), unit.get(Lang::En).text.to_string());
                }
                for key in keys {
                    postings.entry(key).or_default().push(id);
                }
                chunk.push(Document {
                    path: urls::project(&county.slug, notice.year, &project.id),
                    zh: project.record.name.zh().to_string(),
                    en: project.record.name.get(Lang::En).text.to_string(),
                    county_zh: county.record.name.zh().to_string(),
                    county_en: county.record.name.get(Lang::En).text.to_string(),
                    year: notice.year,
                    status,
                    text_zh,
                    text_en,
                });
                if chunk.len() == CHUNK {
                    put_chunk(sink, documents, &mut chunk)?;
                }
            }
        }
    }
    if !chunk.is_empty() {
        put_chunk(sink, documents, &mut chunk)?;
    }
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
                value: c.slug.to_string(),
                zh: c.record.name.zh().to_string(),
                en: c.record.name.get(Lang::En).text.to_string(),
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
            .into_iter()
            .map(|(zh, en)| Facet {
                value: zh.clone(),
                zh,
                en,
            })
            .collect(),
        t2s: crate::script::traditional_of(&characters),
    };
    put_json(sink, "search/meta.json", &meta)
}

/// About 2,000 postings per shard, as a power of two between 1 and 4096.
fn shard_count(documents: usize) -> u32 {
    ((documents * 150 / 2000).max(1) as u32)
        .next_power_of_two()
        .min(4096)
}

/// Writes the chunk that ends with document number `documents` (counted
/// from 1), and empties it.
fn put_chunk(
    sink: &dyn Sink,
    documents: usize,
    chunk: &mut Vec<Document>,
) -> Result<(), Vec<Diagnostic>> {
    let number = (documents - 1) / CHUNK;
    put_json(sink, &format!("search/docs/{number}.json"), chunk)?;
    chunk.clear();
    Ok(())
}

/// Writes the posting lists, one shard file at a time.
fn put_shards(
    postings: &HashMap<String, Vec<u32>>,
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
    for file in json(path, value) {
        put(sink, file)?;
    }
    Ok(())
}

/// `path` (ending in `.json`) as JSON, and as the script that `search.js`
/// loads instead from disk: `path` with `.js`, storing the same JSON under
/// `path` in `window.minshengSearch`.
fn json(path: &str, value: &impl Serialize) -> [OutputFile; 2] {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    let mut script = format!(
        "(window.minshengSearch=window.minshengSearch||{{}})[{}]=",
        serde_json::to_string(path).unwrap_or_default()
    )
    .into_bytes();
    script.extend_from_slice(&bytes);
    script.extend_from_slice(b";\n");
    [
        OutputFile {
            path: PathBuf::from(path.replace(".json", ".js")),
            bytes: script,
        },
        OutputFile {
            path: PathBuf::from(path),
            bytes,
        },
    ]
}

/// Texts joined by a space, each run of white space made one space.
fn one_line<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    texts
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lowercase, Simplified script, no white space: the form both the index
/// and the query use.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .map(crate::script::simplified)
        .collect()
}

/// Every single character and every pair of neighbouring characters that contains a Chinese one.
fn ngrams(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut grams = BTreeSet::new();
    for (i, c) in chars.iter().enumerate() {
        if is_cjk(*c) {
            grams.insert(c.to_string());
        }
        if let Some(next) = chars.get(i + 1).filter(|n| is_cjk(*c) || is_cjk(**n)) {
            grams.insert(format!("{c}{next}"));
        }
    }
    grams
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
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
    fn chinese_text_is_indexed_by_single_characters_and_pairs() {
        let grams = ngrams(&normalise("农网 巩固"));
        assert!(grams.contains("农网") && grams.contains("网巩") && grams.contains("农"));
        assert_eq!(grams.len(), 7, "{grams:?}");
        assert!(ngrams("5g网络").contains("g网"));
    }

    #[test]
    fn hashes_match_the_reference_fnv1a() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
    }
}
