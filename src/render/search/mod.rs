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

use rayon::prelude::*;
use serde::Serialize;

use super::output::{Sink, put};
use super::{OutputFile, urls};
use crate::diagnostic::Diagnostic;
use crate::model::{Bilingual, Content, County, Lang, Notice, Project};

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
    let projects: Vec<(&County, &Notice, &Project)> = site
        .counties
        .iter()
        .flat_map(|county| {
            county.notices.iter().flat_map(move |notice| {
                notice
                    .projects
                    .iter()
                    .map(move |project| (county, notice, project))
            })
        })
        .collect();
    let documents = projects.len();
    // Documents are numbered in order, so each list grows sorted by pushing
    // (a key that a document repeats, once).
    let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
    let mut units: BTreeMap<String, String> = BTreeMap::new();
    for (number, batch) in projects.chunks(CHUNK).enumerate() {
        let indexed: Vec<Indexed> = batch
            .par_iter()
            .map(|&(county, notice, project)| index(county, notice, project, drafts))
            .collect();
        let mut chunk = Vec::with_capacity(batch.len());
        for (offset, one) in indexed.into_iter().enumerate() {
            let id = (number * CHUNK + offset) as u32;
            for key in one.keys {
                match postings.get_mut(&key) {
                    Some(ids) if ids.last() == Some(&id) => {}
                    Some(ids) => ids.push(id),
                    None => {
                        postings.insert(key, vec![id]);
                    }
                }
            }
            units.extend(one.lead_units);
            chunk.push(one.document);
        }
        put_json(sink, &format!("search/docs/{number}.json"), &chunk)?;
    }
    // Every Chinese character of the text is a key of its own (see `ngram_keys`).
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

/// A project as the index holds it.
struct Indexed {
    document: Document,
    /// Its keys, some more than once.
    keys: Vec<String>,
    /// Its lead units, Chinese and English, for the unit filter.
    lead_units: Vec<(String, String)>,
}

fn index(county: &County, notice: &Notice, project: &Project, drafts: bool) -> Indexed {
    let items = &project.record.items;
    let mut fields: Vec<&Bilingual> = vec![&project.record.name];
    for item in items {
        fields.extend(&item.tasks);
        fields.extend(item.lead_units.iter().chain(&item.partner_units));
    }
    let text_zh = one_line(fields.iter().map(|f| f.zh()));
    let text_en = one_line(fields.iter().filter_map(|f| f.en()));
    let mut keys = ngram_keys(&normalise(&text_zh));
    keys.extend(
        english::words(&text_en)
            .into_iter()
            .map(|w| format!("e:{w}")),
    );
    let status = project
        .status(drafts)
        .map_or(crate::render::views::NOT_REPORTED, |s| s.code());
    keys.push(format!("c:{}", county.slug));
    keys.push(format!("y:{}", notice.year));
    keys.push(format!("s:{status}"));
    let lead_units: Vec<(String, String)> = items
        .iter()
        .flat_map(|i| &i.lead_units)
        .map(|unit| (unit.zh().to_string(), unit.get(Lang::En).text.to_string()))
        .collect();
    keys.extend(lead_units.iter().map(|(zh, _)| format!("u:{zh}")));
    Indexed {
        document: Document {
            path: urls::project(&county.slug, notice.year, &project.id),
            zh: project.record.name.zh().to_string(),
            en: project.record.name.get(Lang::En).text.to_string(),
            county_zh: county.record.name.zh().to_string(),
            county_en: county.record.name.get(Lang::En).text.to_string(),
            year: notice.year,
            status,
            text_zh,
            text_en,
        },
        keys,
        lead_units,
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

/// The `z:` key of every single character and every pair of neighbouring
/// characters that contains a Chinese one, some more than once.
fn ngram_keys(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut keys = Vec::with_capacity(chars.len() * 2);
    let key = |grams: &[char]| {
        let mut key = String::with_capacity(2 + 4 * grams.len());
        key.push_str("z:");
        key.extend(grams);
        key
    };
    for (i, c) in chars.iter().enumerate() {
        if is_cjk(*c) {
            keys.push(key(&chars[i..=i]));
        }
        if chars.get(i + 1).is_some_and(|n| is_cjk(*c) || is_cjk(*n)) {
            keys.push(key(&chars[i..i + 2]));
        }
    }
    keys
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
        let keys: BTreeSet<String> = ngram_keys(&normalise("农网 巩固")).into_iter().collect();
        assert_eq!(
            keys.iter().map(String::as_str).collect::<Vec<_>>(),
            ["z:农", "z:农网", "z:固", "z:巩", "z:巩固", "z:网", "z:网巩"],
        );
        assert!(ngram_keys("5g网络").contains(&"z:g网".to_string()));
        assert_eq!(
            ngram_keys("网网").len(),
            3,
            "each place, even when repeated"
        );
    }

    #[test]
    fn hashes_match_the_reference_fnv1a() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
    }
}
