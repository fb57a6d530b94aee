//! The open data: per notice its JSON, CSV and OC4IDS packages, and for
//! the site `all.json` and the schema, each written as soon as it is made.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::output::{Layout, OutputFile, RenderOptions, Sink, put, to_json};
use super::site::{NoticeAt, Site};
use super::{csv, data, oc4ids, urls};
use crate::diagnostic::Diagnostic;
use crate::model::Lang;
use crate::theme::Theme;

/// How many notices' open data is made before their `all.json` entries are
/// copied out: enough to keep every core busy, few enough to hold.
const NOTICES_AT_ONCE: usize = 64;

/// Writes the open data, each notice's files as soon as they are made (in
/// parallel), and returns each file's size for the download links.
pub(super) fn put_data(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    only: Option<NoticeAt>,
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
    // copied into the document and let go before the next chunk is made.
    let mut sizes = BTreeMap::new();
    let mut all = data::AllJson::new(notices.len());
    let mut problems = Vec::new();
    for chunk in notices.chunks(NOTICES_AT_ONCE) {
        let done: Vec<Result<NoticeFiles, Diagnostic>> = chunk
            .par_iter()
            .map(|&at| {
                let wanted = only.is_none_or(|wanted| wanted == at);
                put_notice_data(site, theme, &cx, at, wanted, sink)
            })
            .collect();
        for result in done {
            match result {
                Ok(notice) => {
                    sizes.extend(notice.sizes);
                    all.push(&notice.all_json_entry);
                }
                Err(problem) => problems.push(problem),
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let schema = OutputFile {
        path: PathBuf::from("data/schema.json"),
        bytes: include_bytes!("data_schema.json").to_vec(),
    };
    let all = OutputFile {
        path: PathBuf::from("data/all.json"),
        bytes: all.finish(),
    };
    for file in [schema, all] {
        sizes.insert(file.path.clone(), file.bytes.len());
        put(sink, file)?;
    }
    Ok(sizes)
}

/// One notice's open data: the sizes of the files written, and its entry in `all.json`.
struct NoticeFiles {
    sizes: Vec<(PathBuf, usize)>,
    all_json_entry: Vec<u8>,
}

/// Makes one notice's open data; writes its files only when `wanted`
/// (`all.json` always needs the entry).
fn put_notice_data(
    site: &Site,
    theme: &Theme,
    cx: &data::DataContext,
    at: NoticeAt,
    wanted: bool,
    sink: &dyn Sink,
) -> Result<NoticeFiles, Diagnostic> {
    let county = &site.counties[at.county];
    let notice = site.notice(at);
    let data = data::notice(county, notice, cx);
    let all_json_entry = to_json(&data, Layout::Compact)?;
    let mut sizes = Vec::new();
    if !wanted {
        return Ok(NoticeFiles {
            sizes,
            all_json_entry,
        });
    }
    let mut files = vec![
        OutputFile {
            path: PathBuf::from(urls::data(&county.slug, notice.year, "json")),
            bytes: to_json(&data, Layout::Pretty)?,
        },
        OutputFile {
            path: PathBuf::from(urls::data(&county.slug, notice.year, "csv")),
            bytes: csv::notice(county, notice, cx),
        },
    ];
    if !notice.projects.is_empty() {
        for lang in Lang::ALL {
            let package = oc4ids::package(county, notice, lang, theme.strings(lang), cx);
            files.push(OutputFile {
                path: PathBuf::from(oc4ids::path(&county.slug, notice.year, lang)),
                bytes: to_json(&package, Layout::Compact)?,
            });
        }
    }
    for file in files {
        sizes.push((file.path.clone(), file.bytes.len()));
        sink.put(file).map_err(|e| Diagnostic::io("write", e))?;
    }
    Ok(NoticeFiles {
        sizes,
        all_json_entry,
    })
}
