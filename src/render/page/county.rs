//! A county's page: its notices by year and its progress.

use serde::Serialize;

use super::summary::{NoticeSummary, notice_summary};
use super::{PageContext, PageJob, PageKind, Pages};
use crate::model::County;
use crate::render::views::{Dashboard, Text};
use crate::render::{feeds, urls};
use crate::theme::keys as key;

pub const KIND: PageKind = PageKind {
    pages: Pages::County {
        path: |county| urls::county(&county.slug),
        render: county,
    },
    in_sitemap: true,
    shows_projects: true,
};

fn county(cx: &PageContext, county: &County) -> PageJob {
    let path = urls::county(&county.slug);
    #[derive(Serialize)]
    struct CountyView {
        name: Text,
        province: Option<Text>,
        notices: Vec<NoticeSummary>,
        /// Progress per year: a county's notices are separate commitments,
        /// and one sum across years would blur them.
        years: Vec<YearBoard>,
    }
    #[derive(Serialize)]
    struct YearBoard {
        heading: String,
        dashboard: Dashboard,
    }
    let view = CountyView {
        name: Text::of(&county.record.name, cx.lang),
        province: county
            .record
            .province
            .as_ref()
            .map(|p| Text::of(p, cx.lang)),
        notices: county
            .notices
            .iter()
            .map(|n| notice_summary(cx, &path, county, n))
            .collect(),
        years: county
            .notices
            .iter()
            .map(|n| YearBoard {
                heading: cx
                    .t
                    .fill(key::COUNTY_YEAR, &[("year", &n.year.to_string())]),
                dashboard: cx.dashboard(&path, [(county, n)]),
            })
            .collect(),
    };
    let title = cx.t.fill(
        key::COUNTY_TITLE,
        &[("county", county.record.name.get(cx.lang).text)],
    );
    let updated = county
        .notices
        .iter()
        .filter_map(|n| n.last_updated(cx.options.drafts))
        .max();
    let feed = urls::feed(&urls::county(&county.slug));
    let has_feed = county.notices.iter().any(feeds::notice_has_feed);
    let meta = cx.meta(
        &path,
        title,
        cx.province_trail(county),
        updated,
        has_feed.then_some(feed.as_str()),
    );
    cx.job("county.html", path, meta, view)
}
