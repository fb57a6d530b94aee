//! One county's part of the search index: its documents and the keys that
//! find them. The index is the shares merged in county order
//! (`super::put_index`), which a build keeps beside the output (see
//! `build::snapshot`), so a rebuild indexes only the counties that changed.

use std::collections::BTreeMap;

use ahash::AHashMap;
use serde::Serialize;

use super::english;
use crate::model::stored::{Stored, put_bytes, take_bytes};
use crate::model::{Bilingual, County, Lang, Notice, Project};
use crate::render::urls;

/// What a chunk file lists of a project.
#[derive(Serialize)]
struct Document<'a> {
    /// Page path below the language root.
    path: String,
    zh: &'a str,
    en: &'a str,
    county_zh: &'a str,
    county_en: &'a str,
    year: u16,
    status: &'static str,
    /// The Chinese text searched (name, tasks, units), runs of white space
    /// made one space: `search.js` checks a query against its normalised
    /// form and shows an excerpt of it.
    text_zh: String,
    /// The English of the same fields, where written, for excerpts.
    text_en: String,
}

/// The projects of a county's public notices as the index holds them,
/// numbered from 0 in the order the site lists them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SearchShare {
    /// Each project's document as JSON, one after the other.
    documents: Vec<u8>,
    /// Where each document ends in `documents`.
    ends: Vec<usize>,
    /// Each key in order, with the numbers of the documents that hold it,
    /// as [`Postings`] reads them.
    postings: Vec<u8>,
    /// Each lead unit's Chinese name with its English, as the last project
    /// naming it has it.
    units: Vec<(String, String)>,
}

impl SearchShare {
    /// The share of a county of the published site, each project's status
    /// read with its draft reports or not, as `drafts` says.
    pub fn of(county: &County, drafts: bool) -> SearchShare {
        let mut share = SearchShare::default();
        let mut keys = CountyKeys::default();
        let mut units: BTreeMap<String, String> = BTreeMap::new();
        let projects = county
            .notices
            .iter()
            .flat_map(|notice| notice.projects.iter().map(move |p| (notice, p)));
        for (number, (notice, project)) in projects.enumerate() {
            keys.document = number;
            let document = index(county, notice, project, drafts, &mut keys);
            share
                .documents
                .extend(serde_json::to_vec(&document).unwrap_or_default());
            share.ends.push(share.documents.len());
            units.extend(lead_units(project));
        }
        let mut keys: Vec<(String, Vec<usize>)> = keys.lists.into_iter().collect();
        keys.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
        for (key, ids) in keys {
            put_varint(key.len(), &mut share.postings);
            share.postings.extend_from_slice(key.as_bytes());
            put_varint(ids.len(), &mut share.postings);
            let mut previous = 0;
            for id in ids {
                put_varint(id - previous, &mut share.postings);
                previous = id;
            }
        }
        share.units = units.into_iter().collect();
        // Held until the index is written: a national site's shares are
        // tens of megabytes, which growing by doubling would leave half again.
        share.documents.shrink_to_fit();
        share.ends.shrink_to_fit();
        share.postings.shrink_to_fit();
        share
    }

    /// The documents, each as JSON.
    pub fn documents(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.documents[start..end])
    }

    /// Each key, in order, with the numbers of its documents, ascending.
    pub fn postings(&self) -> Postings<'_> {
        Postings {
            bytes: &self.postings,
        }
    }

    pub fn units(&self) -> impl Iterator<Item = (&str, &str)> {
        self.units.iter().map(|(zh, en)| (zh.as_str(), en.as_str()))
    }

    /// A share from its parts, when they are one: documents of UTF-8 cut
    /// where `ends` says, and postings that name only those documents.
    fn from_parts(
        documents: Vec<u8>,
        ends: Vec<usize>,
        postings: Vec<u8>,
        units: Vec<(String, String)>,
    ) -> Option<SearchShare> {
        let cut_right = ends.first().is_none_or(|&first| first > 0)
            && ends.windows(2).all(|pair| pair[0] < pair[1])
            && ends.last().copied().unwrap_or(0) == documents.len();
        if !cut_right || std::str::from_utf8(&documents).is_err() {
            return None;
        }
        let share = SearchShare {
            documents,
            ends,
            postings,
            units,
        };
        // The merge relies on each key once, in order, with its numbers
        // ascending and each a document of the share.
        let mut read = share.postings();
        let mut previous: Option<&str> = None;
        for (key, numbers) in read.by_ref() {
            if previous.is_some_and(|p| p >= key)
                || numbers.last().is_some_and(|last| last >= share.ends.len())
            {
                return None;
            }
            previous = Some(key);
        }
        read.bytes.is_empty().then_some(share)
    }
}

/// Reads the postings of a [`SearchShare`]: each key's length and bytes,
/// its number of documents, then the first document's number and the
/// distance from each to the next, every number as a LEB128 varint.
pub struct Postings<'a> {
    bytes: &'a [u8],
}

impl<'a> Iterator for Postings<'a> {
    type Item = (&'a str, DocumentNumbers<'a>);

    /// The next key; `None` at the end, or where the bytes stop being
    /// postings (only a damaged snapshot's, which `from_parts` refuses),
    /// so that the numbers of a key given are all there.
    fn next(&mut self) -> Option<Self::Item> {
        let mut input = self.bytes;
        let length = take_varint(&mut input)?;
        let (key, mut rest) = input.split_at_checked(length)?;
        let key = std::str::from_utf8(key).ok()?;
        let count = take_varint(&mut rest)?;
        let start = rest;
        let mut number = 0usize;
        for n in 0..count {
            let step = take_varint(&mut rest)?;
            // After the first, a document is always past the one before.
            if step == 0 && n > 0 {
                return None;
            }
            number = number.checked_add(step)?;
        }
        self.bytes = rest;
        let numbers = DocumentNumbers {
            bytes: &start[..start.len() - rest.len()],
            next: 0,
        };
        Some((key, numbers))
    }
}

/// The numbers of one key's documents, ascending.
pub struct DocumentNumbers<'a> {
    bytes: &'a [u8],
    next: usize,
}

impl Iterator for DocumentNumbers<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        self.next = self.next.checked_add(take_varint(&mut self.bytes)?)?;
        Some(self.next)
    }
}

fn put_varint(mut number: usize, out: &mut Vec<u8>) {
    while number >= 0x80 {
        out.push((number as u8) | 0x80);
        number >>= 7;
    }
    out.push(number as u8);
}

fn take_varint(input: &mut &[u8]) -> Option<usize> {
    let mut number = 0usize;
    for shift in (0..usize::BITS).step_by(7) {
        let (&byte, rest) = input.split_first()?;
        *input = rest;
        let bits = usize::from(byte & 0x7f);
        // The last byte may hold only what is left of a `usize`.
        if (bits << shift) >> shift != bits {
            return None;
        }
        number |= bits << shift;
        if byte < 0x80 {
            return Some(number);
        }
    }
    None
}

impl Stored for SearchShare {
    fn put(&self, out: &mut Vec<u8>) {
        put_bytes(&self.documents, out);
        self.ends.put(out);
        put_bytes(&self.postings, out);
        self.units.put(out);
    }

    fn take(input: &mut &[u8]) -> Option<Self> {
        let documents = take_bytes(input)?.to_vec();
        let ends = Vec::take(input)?;
        let postings = take_bytes(input)?.to_vec();
        let units = Vec::take(input)?;
        SearchShare::from_parts(documents, ends, postings, units)
    }
}

/// The documents that hold each key of a county, as its projects are
/// indexed one after the other.
#[derive(Default)]
struct CountyKeys {
    lists: AHashMap<String, Vec<usize>>,
    /// The number of the document being indexed.
    document: usize,
    /// The key being made: a county has thousands of keys, its projects
    /// tens of thousands of places that name one.
    key: String,
}

impl CountyKeys {
    /// Adds the key that `make` writes to the document being indexed.
    fn add(&mut self, make: impl FnOnce(&mut String)) {
        self.key.clear();
        make(&mut self.key);
        match self.lists.get_mut(self.key.as_str()) {
            Some(ids) if ids.last() == Some(&self.document) => {}
            Some(ids) => ids.push(self.document),
            None => {
                self.lists.insert(self.key.clone(), vec![self.document]);
            }
        }
    }
}

/// A project's document, its keys added to `keys`.
fn index<'a>(
    county: &'a County,
    notice: &Notice,
    project: &'a Project,
    drafts: bool,
    keys: &mut CountyKeys,
) -> Document<'a> {
    let items = &project.record.items;
    let mut fields: Vec<&Bilingual> = vec![&project.record.name];
    for item in items {
        fields.extend(&item.tasks);
        fields.extend(item.lead_units.iter().chain(&item.partner_units));
    }
    let text_zh = one_line(fields.iter().map(|f| f.zh()));
    let text_en = one_line(fields.iter().filter_map(|f| f.en()));
    add_ngram_keys(&normalise(&text_zh), keys);
    for word in english::words(&text_en) {
        keys.add(|key| write_key(key, "e:", &word));
    }
    let status = project
        .status(drafts)
        .map_or(crate::render::views::NOT_REPORTED, |s| s.code());
    keys.add(|key| write_key(key, "c:", county.slug.as_str()));
    keys.add(|key| write_key(key, "y:", &notice.year.to_string()));
    keys.add(|key| write_key(key, "s:", status));
    for (zh, _) in lead_units(project) {
        keys.add(|key| write_key(key, "u:", &zh));
    }
    Document {
        path: urls::project(&county.slug, notice.year, &project.id),
        zh: project.record.name.zh(),
        en: project.record.name.get(Lang::En).text,
        county_zh: county.record.name.zh(),
        county_en: county.record.name.get(Lang::En).text,
        year: notice.year,
        status,
        text_zh,
        text_en,
    }
}

fn write_key(key: &mut String, prefix: &str, value: &str) {
    key.push_str(prefix);
    key.push_str(value);
}

/// A project's lead units, Chinese and English, for the unit filter.
fn lead_units(project: &Project) -> impl Iterator<Item = (String, String)> {
    project
        .record
        .items
        .iter()
        .flat_map(|i| &i.lead_units)
        .map(|unit| (unit.zh().to_string(), unit.get(Lang::En).text.to_string()))
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
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .map(crate::script::simplified)
        .collect()
}

/// The `z:` key of every single character and every pair of neighbouring
/// characters that contains a Chinese one.
fn add_ngram_keys(text: &str, keys: &mut CountyKeys) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if is_cjk(c) {
            keys.add(|key| {
                key.push_str("z:");
                key.push(c);
            });
        }
        if let Some(&next) = chars.get(i + 1).filter(|&&n| is_cjk(c) || is_cjk(n)) {
            keys.add(|key| {
                key.push_str("z:");
                key.push(c);
                key.push(next);
            });
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys `add_ngram_keys` gives `text`, each with its documents.
    fn ngram_keys(text: &str) -> Vec<(String, Vec<usize>)> {
        let mut keys = CountyKeys::default();
        add_ngram_keys(&normalise(text), &mut keys);
        let mut lists: Vec<_> = keys.lists.into_iter().collect();
        lists.sort();
        lists
    }

    #[test]
    fn chinese_text_is_indexed_by_single_characters_and_pairs() {
        let keys = ngram_keys("农网 巩固");
        assert_eq!(
            keys.iter().map(|(key, _)| key.as_str()).collect::<Vec<_>>(),
            ["z:农", "z:农网", "z:固", "z:巩", "z:巩固", "z:网", "z:网巩"],
        );
        assert!(ngram_keys("5g网络").iter().any(|(key, _)| key == "z:g网"));
        assert_eq!(
            ngram_keys("网网"),
            [
                ("z:网".to_string(), vec![0]),
                ("z:网网".to_string(), vec![0])
            ],
            "a key a document repeats, once"
        );
    }

    #[test]
    fn a_key_lists_each_document_that_holds_it_once() {
        let mut keys = CountyKeys::default();
        for (document, text) in ["农网", "巩固", "农网农网"].iter().enumerate() {
            keys.document = document;
            add_ngram_keys(text, &mut keys);
        }
        assert_eq!(keys.lists["z:农网"], [0, 2]);
        assert_eq!(keys.lists["z:网农"], [2]);
        assert_eq!(keys.lists["z:固"], [1]);
    }

    #[test]
    fn varints_read_back_as_written() {
        let numbers = [0, 1, 127, 128, 300, 16_383, 16_384, usize::MAX];
        let mut bytes = Vec::new();
        for n in numbers {
            put_varint(n, &mut bytes);
        }
        assert_eq!(bytes.len(), 1 + 1 + 1 + 2 + 2 + 2 + 3 + 10);
        let mut input = bytes.as_slice();
        let read: Vec<usize> = std::iter::from_fn(|| take_varint(&mut input)).collect();
        assert_eq!(read, numbers);
        assert_eq!(take_varint(&mut &[0x80u8][..]), None, "cut short");
        let mut past_usize = vec![0xff; 9];
        past_usize.push(0x02);
        assert_eq!(
            take_varint(&mut past_usize.as_slice()),
            None,
            "past usize::MAX"
        );
    }

    /// Postings of `lists`, each key with its first number and the gaps.
    fn postings_of(lists: &[(&str, &[usize])]) -> Vec<u8> {
        let mut bytes = Vec::new();
        for (key, steps) in lists {
            put_varint(key.len(), &mut bytes);
            bytes.extend_from_slice(key.as_bytes());
            put_varint(steps.len(), &mut bytes);
            for &step in *steps {
                put_varint(step, &mut bytes);
            }
        }
        bytes
    }

    /// A share of three documents: keys, numbers and units as `of` writes them.
    fn sample() -> SearchShare {
        SearchShare::from_parts(
            b"{\"a\":1}{\"b\":2}{\"c\":3}".to_vec(),
            vec![7, 14, 21],
            postings_of(&[("c:x", &[0, 1, 1]), ("z:网", &[1])]),
            vec![(
                "县残联".into(),
                "County Disabled Persons' Federation".into(),
            )],
        )
        .expect("a share")
    }

    #[test]
    fn a_share_reads_back_its_documents_and_postings() {
        let share = sample();
        assert_eq!(
            share.documents().collect::<Vec<_>>(),
            [&b"{\"a\":1}"[..], b"{\"b\":2}", b"{\"c\":3}"]
        );
        let postings: Vec<(&str, Vec<usize>)> = share
            .postings()
            .map(|(key, ids)| (key, ids.collect()))
            .collect();
        assert_eq!(postings, [("c:x", vec![0, 1, 2]), ("z:网", vec![1])]);
        let mut bytes = Vec::new();
        share.put(&mut bytes);
        assert_eq!(SearchShare::take(&mut bytes.as_slice()), Some(share));
    }

    #[test]
    fn parts_that_are_no_share_are_refused() {
        let SearchShare {
            documents,
            ends,
            postings,
            units,
        } = sample();
        let refused = |documents: &[u8], ends: &[usize], postings: &[u8]| {
            SearchShare::from_parts(
                documents.to_vec(),
                ends.to_vec(),
                postings.to_vec(),
                units.clone(),
            )
            .is_none()
        };
        assert!(!refused(&documents, &ends, &postings));
        assert!(refused(&documents, &[7, 14, 20], &postings), "ends short");
        assert!(refused(&documents, &[14, 7, 21], &postings), "ends back");
        assert!(refused(&documents, &[0, 14, 21], &postings), "empty first");
        assert!(
            refused(&documents[..14], &[7, 14], &postings),
            "a number past the last document"
        );
        assert!(
            refused(&documents, &ends, &postings[..postings.len() - 1]),
            "cut"
        );
        let mut repeated = postings.clone();
        // After the key's length, the key, the count and the first step.
        repeated[1 + 3 + 1 + 1] = 0;
        assert!(refused(&documents, &ends, &repeated), "a document twice");
        let keys = [
            (
                postings_of(&[("z:a", &[0]), ("z:b", &[2])]),
                false,
                "keys in order",
            ),
            (
                postings_of(&[("z:b", &[2]), ("z:a", &[0])]),
                true,
                "keys out of order",
            ),
            (
                postings_of(&[("z:a", &[0]), ("z:a", &[1])]),
                true,
                "a key twice",
            ),
            (
                postings_of(&[("z:a", &[1, usize::MAX])]),
                true,
                "numbers past usize::MAX",
            ),
        ];
        for (postings, refuses, case) in keys {
            assert_eq!(refused(&documents, &ends, &postings), refuses, "{case}");
        }
        let mut not_text = documents.clone();
        not_text[1] = 0xff;
        assert!(refused(&not_text, &ends, &postings), "not UTF-8");
    }
}
