//! A notice exactly as published: the text its records were imported from.

use serde::Serialize;

use super::{PageContext, PageJob, PageKind, Pages};
use crate::model::{County, Notice};
use crate::render::urls;
use crate::render::views::Text;
use crate::theme::keys as key;

pub const KIND: PageKind = PageKind {
    pages: Pages::Notice {
        path: |county, notice| {
            notice
                .source_text
                .as_ref()
                .map(|_| urls::source(&county.slug, notice.year))
        },
        render: source,
    },
    in_sitemap: true,
    shows_projects: false,
};

fn source(cx: &PageContext, county: &County, notice: &Notice) -> PageJob {
    let text = notice.source_text.as_deref().unwrap_or_default();
    let path = urls::source(&county.slug, notice.year);
    #[derive(Serialize)]
    struct SourceView {
        title: Text,
        text: Text,
        source_url: Option<String>,
        notice_href: String,
    }
    let view = SourceView {
        title: Text::of(&notice.record.title, cx.lang),
        text: Text::chinese(text.to_string(), cx.lang),
        source_url: notice.record.source_url.as_ref().map(|u| u.to_string()),
        notice_href: cx.href(&path, &urls::notice(&county.slug, notice.year)),
    };
    let title = format!(
        "{} · {}",
        cx.t.get(key::SOURCE_TITLE),
        notice.record.title.get(cx.lang).text
    );
    let meta = cx.meta(
        &path,
        title,
        cx.notice_trail(county, notice),
        notice.date(),
        None,
    );
    cx.job("source.html", path, meta, view)
}
