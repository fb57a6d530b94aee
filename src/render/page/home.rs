//! The home page: every county and year, their totals, the progress overview.

use serde::Serialize;

use super::summary::{CountyCard, notice_summary};
use super::{PageContext, PageJob, PageKind, Pages, Trail};
use crate::render::views::{Dashboard, Text};
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
    let counties = cx
        .counties
        .iter()
        .map(|county| CountyCard {
            name: Text::of(&county.record.name, cx.lang),
            href: cx.href(&path, &urls::county(&county.slug)),
            notices: county
                .notices
                .iter()
                .map(|n| notice_summary(cx, &path, county, n))
                .collect(),
        })
        .collect::<Vec<_>>();
    let notices = || {
        cx.counties
            .iter()
            .flat_map(|c| c.notices.iter().map(move |n| (c, n)))
    };
    #[derive(Serialize)]
    struct HomeView {
        counties: Vec<CountyCard>,
        dashboard: Dashboard,
    }
    let view = HomeView {
        counties,
        dashboard: cx.dashboard(&path, notices()),
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
