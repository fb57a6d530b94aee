//! The search page; the index it searches is written by `render::search`.

use serde::Serialize;

use super::{PageContext, PageJob, PageKind, Pages};
use crate::render::views::status_label;
use crate::theme::keys as key;

pub const KIND: PageKind = PageKind {
    pages: Pages::Site {
        path: || "search/".to_string(),
        render: search,
    },
    in_sitemap: true,
    shows_projects: false,
};

fn search(cx: &PageContext) -> PageJob {
    let path = "search/".to_string();
    #[derive(Serialize)]
    struct Choice {
        value: String,
        label: String,
    }
    #[derive(Serialize)]
    struct SearchView {
        counties: Vec<Choice>,
        years: Vec<u16>,
        statuses: Vec<Choice>,
    }
    let counties = cx.counties.iter();
    let view = SearchView {
        counties: counties
            .clone()
            .map(|c| Choice {
                value: c.slug.to_string(),
                label: c.record.name.get(cx.lang).text.to_string(),
            })
            .collect(),
        years: counties
            .flat_map(|c| c.notices.iter().map(|n| n.year))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect(),
        statuses: crate::model::ProgressStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.code().to_string(),
                label: status_label(*s, cx.t),
            })
            .chain(std::iter::once(Choice {
                value: crate::render::views::NOT_REPORTED.to_string(),
                label: cx.t.get(key::STATUS_NOT_REPORTED),
            }))
            .collect(),
    };
    let meta = cx.meta(
        &path,
        cx.t.get(key::SEARCH_TITLE),
        cx.home_trail(),
        None,
        None,
    );
    cx.job("search.html", path, meta, view)
}
