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
    let done: Vec<Result<NoticeFiles, Diagnostic>> = notices
        .par_iter()
        .map(|&at| {
            let wanted = only.is_none_or(|wanted| wanted == at);
            put_notice_data(site, theme, &cx, at, wanted, sink)
        })
        .collect();
    let mut sizes = BTreeMap::new();
    let mut entries = Vec::with_capacity(done.len());
    let mut problems = Vec::new();
    for result in done {
        match result {
            Ok(notice) => {
                sizes.extend(notice.sizes);
                entries.push(notice.all_json_entry);
            }
            Err(problem) => problems.push(problem),
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
        bytes: data::all_json(entries),
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
