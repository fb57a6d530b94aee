//! The 404 page, at the root of each language.

use super::{PageContext, PageJob, PageKind, Pages, Trail};
use crate::render::urls;
use crate::theme::keys as key;

pub const KIND: PageKind = PageKind {
    pages: Pages::Site {
        path: String::new,
        render: not_found,
    },
    in_sitemap: false,
    shows_projects: false,
};

/// `404.html` at the root of each language. Servers show it at any missing
/// URL, so its links are absolute.
fn not_found(cx: &PageContext) -> PageJob {
    let base = format!("{}/", cx.options.base_url.trim_end_matches('/'));
    let mut meta = cx.meta(
        "",
        cx.t.get(key::NOTFOUND_TITLE),
        Trail::default(),
        None,
        None,
    );
    meta.root = base.clone();
    meta.home_href = format!("{base}{}index.html", urls::in_lang(cx.lang, ""));
    meta.search_href = format!("{base}{}search/index.html", urls::in_lang(cx.lang, ""));
    meta.alternate.href = format!("{base}{}404.html", urls::in_lang(cx.lang.other(), ""));
    meta.canonical = format!("{base}{}404.html", urls::in_lang(cx.lang, ""));
    meta.footer.about_href = format!("{base}{}about/index.html", urls::in_lang(cx.lang, ""));
    meta.footer.data_href = format!("{base}{}data/index.html", urls::in_lang(cx.lang, ""));
    let mut job = cx.job("404.html", String::new(), meta, ());
    job.file_name = "404.html";
    job
}
