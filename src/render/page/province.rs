//! A province's page: its counties' notices, each with its figures for its
//! year, and the progress of all their projects.

use serde::Serialize;

use super::summary::{NoticeRow, notice_rows};
use super::{PageContext, PageJob, PageKind, Pages};
use crate::model::{County, Province};
use crate::render::urls;
use crate::render::views::{Dashboard, Text};
use crate::theme::keys as key;

pub const KIND: PageKind = PageKind {
    pages: Pages::Province {
        path: |province| urls::province(&province.slug),
        render: province,
    },
    in_sitemap: true,
    shows_projects: true,
};

fn province(cx: &PageContext, province: &Province) -> PageJob {
    let path = urls::province(&province.slug);
    let counties: Vec<&County> = cx
        .counties
        .iter()
        .filter(|c| c.province.as_ref().is_some_and(|p| p.slug == province.slug))
        .collect();
    #[derive(Serialize)]
    struct ProvinceView {
        name: Text,
        rows: Vec<NoticeRow>,
        dashboard: Dashboard,
    }
    let notices = || {
        counties
            .iter()
            .flat_map(|c| c.notices.iter().map(move |n| (*c, n)))
    };
    let view = ProvinceView {
        name: Text::of(&province.name, cx.lang),
        rows: notice_rows(cx, &path, counties.iter().copied()),
        dashboard: cx.dashboard(&path, notices()),
    };
    let title = cx.t.fill(
        key::PROVINCE_TITLE,
        &[("province", province.name.get(cx.lang).text)],
    );
    let updated = notices()
        .filter_map(|(_, n)| n.last_updated(cx.options.drafts))
        .max();
    let meta = cx.meta(&path, title, cx.home_trail(), updated, None);
    cx.job("province.html", path, meta, view)
}
