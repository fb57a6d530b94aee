//! The open-data page: every data file the build wrote, with its format
//! and size, so that a journalist finds each download in one place.

use serde::Serialize;

use super::{PageContext, PageJob, PageKind, Pages};
use crate::render::views::Text;
use crate::render::{format, urls};
use crate::theme::keys as key;

pub const KIND: PageKind = PageKind {
    pages: Pages::Site {
        path: || "data/".to_string(),
        render: downloads,
    },
    in_sitemap: true,
    shows_projects: false,
};

#[derive(Serialize)]
struct Download {
    href: String,
    name: String,
    format: String,
    size: String,
}

fn downloads(cx: &PageContext) -> PageJob {
    let path = "data/".to_string();
    let root = urls::root_from(&urls::in_lang(cx.lang, &path));
    let files = cx
        .data_sizes
        .iter()
        .map(|(file, size)| {
            let name = file.to_string_lossy().into_owned();
            Download {
                href: format!("{root}{name}"),
                format: cx.t.get(format_of(&name)),
                name,
                size: format::size(*size),
            }
        })
        .collect();
    #[derive(Serialize)]
    struct DownloadsView {
        files: Vec<Download>,
        licence: Option<Text>,
    }
    let view = DownloadsView {
        files,
        licence: cx.site.licence.as_ref().map(|l| Text::of(l, cx.lang)),
    };
    let meta = cx.meta(
        &path,
        cx.t.get(key::DATA_TITLE),
        cx.home_trail(),
        None,
        None,
    );
    cx.job("data.html", path, meta, view)
}

/// What a data file holds, by its name.
fn format_of(name: &str) -> key::Key {
    if name.ends_with("schema.json") {
        key::DATA_FORMAT_SCHEMA
    } else if name.starts_with("data/oc4ids/") {
        key::DATA_FORMAT_OC4IDS
    } else if name.ends_with("all.json") {
        key::DATA_FORMAT_ALL
    } else if name.ends_with(".csv") {
        key::DATA_FORMAT_CSV
    } else {
        key::DATA_FORMAT_JSON
    }
}
