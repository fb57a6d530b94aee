//! The open data: per notice its JSON, CSV and OC4IDS packages, and for
//! the site `all.json` and the schema, each written as soon as it is made.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::output::{Layout, OutputFile, Remake, RenderOptions, Sink, put, to_json};
use super::site::{NoticeAt, Site};
use super::{csv, data, oc4ids, urls};
use crate::diagnostic::Diagnostic;
use crate::model::{County, Lang, Notice};
use crate::theme::Theme;

/// How many notices' open data is made before their `all.json` entries are
/// copied out: enough to keep every core busy, few enough to hold.
const NOTICES_AT_ONCE: usize = 64;

/// Writes the open data, each notice's files as soon as they are made (in
/// parallel), and returns each file's size for the download links. Every
/// notice's `all.json` entry is made, whichever files `remake` asks for.
pub(super) fn put_data(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    remake: Remake,
    sink: &dyn Sink,
) -> Result<BTreeMap<PathBuf, usize>, Vec<Diagnostic>> {
    let cx = data::DataContext {
        base_url: &options.base_url,
        as_of: options.as_of,
        drafts: options.drafts,
    };
    let notices: Vec<NoticeAt> = site
        .counties
        .iter()
        .enumerate()
        .flat_map(|(c, county)| {
            (0..county.notices.len()).map(move |n| NoticeAt {
                county: c,
                notice: n,
            })
        })
        .collect();
    // A chunk of notices at a time, so that their `all.json` entries are
    // written out and let go before the next chunk is made.
    let mut sizes = BTreeMap::new();
    let mut problems = Vec::new();
    let all_path = PathBuf::from("data/all.json");
    let all_size = sink
        .put_streamed(&all_path, &mut |out| {
            let mut all = data::AllJson::start(out)?;
            for chunk in notices.chunks(NOTICES_AT_ONCE) {
                let done: Vec<Result<NoticeFiles, Diagnostic>> = chunk
                    .par_iter()
                    .map(|&at| put_notice_data(site, theme, &cx, at, remake, sink))
                    .collect();
                for result in done {
                    match result {
                        Ok(notice) => {
                            sizes.extend(notice.sizes);
                            all.push(&notice.all_json_entry)?;
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

/// One notice's open data: the sizes of the files written, and its entry in `all.json`.
struct NoticeFiles {
    sizes: Vec<(PathBuf, usize)>,
    all_json_entry: Vec<u8>,
}

/// Makes one notice's open data and writes or keeps its files, as `remake`
/// says (`all.json` always needs the entry).
fn put_notice_data(
    site: &Site,
    theme: &Theme,
    cx: &data::DataContext,
    at: NoticeAt,
    remake: Remake,
    sink: &dyn Sink,
) -> Result<NoticeFiles, Diagnostic> {
    let county = &site.counties[at.county];
    let notice = site.notice(at);
    let data = data::notice(county, notice, cx);
    let all_json_entry = to_json(&data, Layout::Compact)?;
    let paths = notice_paths(county, notice);
    let kept = match remake {
        Remake::Only(only) if only != at => {
            return Ok(NoticeFiles {
                sizes: Vec::new(),
                all_json_entry,
            });
        }
        _ if remake.may_keep(county) => {
            sink.keep(&paths).map_err(|e| Diagnostic::io("write", e))?
        }
        _ => None,
    };
    if let Some(sizes) = kept {
        let sizes = paths
            .into_iter()
            .zip(sizes)
            .map(|(path, size)| (path, usize::try_from(size).unwrap_or(usize::MAX)))
            .collect();
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
