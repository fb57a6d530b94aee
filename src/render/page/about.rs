//! The about page: who publishes the site, how its figures are checked,
//! how to reach the publisher, accessibility, and the licence, as far as
//! `site.yaml` states them.

use serde::Serialize;

use super::{PageContext, PageJob, PageKind, Pages};
use crate::render::views::Text;
use crate::theme::keys as key;

pub const KIND: PageKind = PageKind {
    pages: Pages::Site {
        path: || "about/".to_string(),
        render: about,
    },
    in_sitemap: true,
    shows_projects: false,
};

fn about(cx: &PageContext) -> PageJob {
    let path = "about/".to_string();
    #[derive(Serialize)]
    struct AboutView {
        publisher: Option<Text>,
        contact: Option<Text>,
        licence: Option<Text>,
        data_href: String,
    }
    let lang = cx.lang;
    let view = AboutView {
        publisher: cx.site.publisher.as_ref().map(|p| Text::of(p, lang)),
        contact: cx.site.contact.as_ref().map(|c| Text::of(c, lang)),
        licence: cx.site.licence.as_ref().map(|l| Text::of(l, lang)),
        data_href: cx.href(&path, "data/"),
    };
    let meta = cx.meta(
        &path,
        cx.t.get(key::ABOUT_TITLE),
        cx.home_trail(),
        None,
        None,
    );
    cx.job("about.html", path, meta, view)
}
