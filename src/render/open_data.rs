//! The open data: per notice its JSON, CSV and OC4IDS packages, and for
//! the site `all.json` and the schema, each written as soon as it is made.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::output::{
    COUNTIES_AT_ONCE, KeptPieces, Layout, OutputFile, Remake, RenderOptions, Sink, put, to_json,
};
use super::site::{NoticeAt, Site};
use super::{csv, data, oc4ids, urls};
use crate::diagnostic::Diagnostic;
use crate::model::{County, Lang, Notice};
use crate::theme::Theme;

/// Writes the open data, each county's files as soon as they are made (in
/// parallel), and returns each file's size for the download links. Every
/// notice's `all.json` entry is made or taken from `pieces`, whichever
/// files `remake` asks for.
pub(super) fn put_data(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    remake: Remake,
    pieces: Option<&dyn KeptPieces>,
    sink: &dyn Sink,
) -> Result<BTreeMap<PathBuf, usize>, Vec<Diagnostic>> {
    let cx = data::DataContext {
        base_url: &options.base_url,
        as_of: options.as_of,
        drafts: options.drafts,
    };
    // A county's notices are made one after the other (so that its entries
    // are kept together), which leaves cores idle only on a site of one or
    // two counties, where there is little to make.
    let counties: Vec<usize> = (0..site.counties.len()).collect();
    // A chunk of counties at a time, so that their `all.json` entries are
    // written out and let go before the next chunk is made.
    let mut sizes = BTreeMap::new();
    let mut problems = Vec::new();
    let all_path = PathBuf::from("data/all.json");
    let all_size = sink
        .put_streamed(&all_path, &mut |out| {
            let mut all = data::AllJson::start(out)?;
            for chunk in counties.chunks(COUNTIES_AT_ONCE) {
                let done: Vec<Result<CountyFiles, Diagnostic>> = chunk
                    .par_iter()
                    .map(|&county| put_county_data(site, theme, &cx, county, remake, pieces, sink))
                    .collect();
                for result in done {
                    match result {
                        Ok(county) => {
                            sizes.extend(county.sizes);
                            for entry in &county.all_json_entries {
                                all.push(entry)?;
                            }
                        }
                        Err(problem) => problems.push(problem),
                    }
                }
            }
            all.finish().map(drop)
        })
        .map_err(|e| vec![Diagnostic::io("write", e)])?;
    if !problems.is_empty() {
        return Err(problems);
    }
    sizes.insert(all_path, usize::try_from(all_size).unwrap_or(usize::MAX));
    let schema = OutputFile {
        path: PathBuf::from("data/schema.json"),
        bytes: include_bytes!("data_schema.json").to_vec(),
    };
    sizes.insert(schema.path.clone(), schema.bytes.len());
    put(sink, schema)?;
    Ok(sizes)
}

/// One county's open data: the sizes of the files written or kept, and
/// its notices' entries in `all.json`.
struct CountyFiles {
    sizes: Vec<(PathBuf, usize)>,
    all_json_entries: Vec<Vec<u8>>,
}

/// Makes the open data of the county at `county` and writes or keeps its
/// files, as `remake` says; its `all.json` entries are taken from `pieces`
/// when it has them, and kept there when made.
fn put_county_data(
    site: &Site,
    theme: &Theme,
    cx: &data::DataContext,
    county: usize,
    remake: Remake,
    pieces: Option<&dyn KeptPieces>,
    sink: &dyn Sink,
) -> Result<CountyFiles, Diagnostic> {
    let slug = site.counties[county].slug.as_str();
    let notices = site.counties[county].notices.len();
    let taken = pieces
        .and_then(|pieces| pieces.data_entries(slug))
        .filter(|entries| entries.len() == notices);
    let made_here = taken.is_none();
    let mut taken = taken.into_iter().flatten();
    let mut files = CountyFiles {
        sizes: Vec::new(),
        all_json_entries: Vec::with_capacity(notices),
    };
    for notice in 0..notices {
        let at = NoticeAt { county, notice };
        let made = put_notice_data(site, theme, cx, at, remake, taken.next(), sink)?;
        files.sizes.extend(made.sizes);
        files.all_json_entries.push(made.all_json_entry);
    }
    if let Some(pieces) = pieces.filter(|_| made_here) {
        pieces.keep_data_entries(slug, &files.all_json_entries);
    }
    Ok(files)
}

/// One notice's open data: the sizes of the files written, and its entry in `all.json`.
struct NoticeFiles {
    sizes: Vec<(PathBuf, usize)>,
    all_json_entry: Vec<u8>,
}

/// Makes one notice's open data and writes or keeps its files, as `remake`
/// says; its `all.json` entry is `kept_entry` when given (and the notice's
/// data is then made only when its files are).
fn put_notice_data(
    site: &Site,
    theme: &Theme,
    cx: &data::DataContext,
    at: NoticeAt,
    remake: Remake,
    kept_entry: Option<Vec<u8>>,
    sink: &dyn Sink,
) -> Result<NoticeFiles, Diagnostic> {
    let county = &site.counties[at.county];
    let notice = site.notice(at);
    let paths = notice_paths(county, notice);
    let files_done = match remake {
        Remake::Only(only) if only != at => Some(Vec::new()),
        _ if remake.may_keep(county) => sink
            .keep(&paths)
            .map_err(|e| Diagnostic::io("write", e))?
            .map(|sizes| {
                paths
                    .iter()
                    .cloned()
                    .zip(sizes)
                    .map(|(path, size)| (path, usize::try_from(size).unwrap_or(usize::MAX)))
                    .collect()
            }),
        _ => None,
    };
    // With both the files and the entry at hand, the notice's data is not
    // needed at all.
    let (files_done, kept_entry) = match (files_done, kept_entry) {
        (Some(sizes), Some(all_json_entry)) => {
            return Ok(NoticeFiles {
                sizes,
                all_json_entry,
            });
        }
        not_both => not_both,
    };
    let data = data::notice(county, notice, cx);
    let all_json_entry = kept_entry.map_or_else(|| to_json(&data, Layout::Compact), Ok)?;
    if let Some(sizes) = files_done {
        return Ok(NoticeFiles {
            sizes,
            all_json_entry,
        });
    }
    let mut made = vec![
        to_json(&data, Layout::Pretty)?,
        csv::notice(county, notice, cx),
    ];
    if !notice.projects.is_empty() {
        for lang in Lang::ALL {
            let package = oc4ids::package(county, notice, lang, theme.strings(lang), cx);
            made.push(to_json(&package, Layout::Compact)?);
        }
    }
    let mut sizes = Vec::new();
    for (path, bytes) in paths.into_iter().zip(made) {
        sizes.push((path.clone(), bytes.len()));
        sink.put(OutputFile { path, bytes })
            .map_err(|e| Diagnostic::io("write", e))?;
    }
    Ok(NoticeFiles {
        sizes,
        all_json_entry,
    })
}

/// A notice's data files: its JSON and CSV, and its OC4IDS package in each
/// language when it has projects, in the order [`put_notice_data`] makes them.
fn notice_paths(county: &County, notice: &Notice) -> Vec<PathBuf> {
    let mut paths = vec![
        PathBuf::from(urls::data(&county.slug, notice.year, "json")),
        PathBuf::from(urls::data(&county.slug, notice.year, "csv")),
    ];
    if !notice.projects.is_empty() {
        for lang in Lang::ALL {
            paths.push(PathBuf::from(oc4ids::path(&county.slug, notice.year, lang)));
        }
    }
    paths
}
