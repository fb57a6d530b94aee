//! The home page: the provinces (or, for counties without a province page,
//! the counties themselves) with their figures, and the progress overview.
//! It names no single project and grows by province, not by county, so it
//! stays small on a national site.

use serde::Serialize;

use super::summary::{NoticeRow, ProvinceRow, notice_rows, province_rows};
use super::{PageContext, PageJob, PageKind, Pages, Trail};
use crate::render::views::Dashboard;
use crate::render::{feeds, urls};

pub const KIND: PageKind = PageKind {
    pages: Pages::Site {
        path: urls::home,
        render: home,
    },
    in_sitemap: true,
    shows_projects: true,
};

fn home(cx: &PageContext) -> PageJob {
    let path = urls::home();
    let notices = || {
        cx.counties
            .iter()
            .flat_map(|c| c.notices.iter().map(move |n| (c, n)))
    };
    #[derive(Serialize)]
    struct HomeView {
        provinces: Vec<ProvinceRow>,
        /// The counties without a province page.
        counties: Vec<NoticeRow>,
        dashboard: Dashboard,
    }
    let provinces = province_rows(cx, &path);
    let mut dashboard = cx.dashboard(&path, notices());
    if !provinces.is_empty() {
        // The provinces above count their overdue projects, and each
        // province's page counts them by county.
        dashboard.overdue_by_county.clear();
        dashboard.overdue_by_province = true;
    }
    let view = HomeView {
        provinces,
        counties: notice_rows(
            cx,
            &path,
            cx.counties.iter().filter(|c| c.province.is_none()),
        ),
        dashboard,
    };
    let updated = notices()
        .filter_map(|(_, n)| n.last_updated(cx.options.drafts))
        .max();
    let title = cx.site.title.get(cx.lang).text.to_string();
    let has_feed = notices().any(|(_, n)| feeds::notice_has_feed(n));
    let meta = cx.meta(
        &path,
        title,
        Trail::default(),
        updated,
        has_feed.then_some("feed.xml"),
    );
    cx.job("home.html", path, meta, view)
}
