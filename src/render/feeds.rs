//! Atom feeds of progress reports: site-wide, per county and per notice,
//! in each language, newest report first.
//!
//! Entry times are the report's date at midnight China time; a feed's
//! `updated` is its newest entry, so a feed changes only when a report does.

use std::fmt::Write;

use super::theme::Strings;
use super::{markdown, urls, views};
use crate::model::{Content, County, Date, Lang, Notice, Project, ProjectId, Report, ReportText};

/// How many entries a feed keeps: the newest reports. Readers poll often,
/// so older ones are already theirs; the project pages keep every report.
/// Without a cap a notice's feed grows by a report per project each month.
const LATEST: usize = 50;

pub struct Feed {
    /// Path below the language root, e.g. `wulong/feed.xml`.
    pub path: String,
    pub xml: String,
}

struct Entry<'a> {
    county: &'a County,
    notice: &'a Notice,
    project: &'a Project,
    report: &'a Report,
}

pub struct FeedContext<'a> {
    pub site: &'a Content,
    pub lang: Lang,
    pub t: &'a Strings,
    pub base_url: &'a str,
}

/// The site-wide feed: the newest reports of every county.
pub fn site_feed(cx: &FeedContext) -> Feed {
    let all = entries(
        cx.site
            .counties
            .iter()
            .flat_map(|c| c.notices.iter().map(move |n| (c, n))),
    );
    feed(cx, "feed.xml", &cx.t.get("feed.site"), &all)
}

/// A county's feed and its notices' (or only the notice at `only`).
pub fn county_feeds(cx: &FeedContext, county: &County, only: Option<usize>) -> Vec<Feed> {
    let name = county.record.name.get(cx.lang).text;
    let title = cx.t.fill("feed.title", &[("name", name)]);
    let county_entries = entries(county.notices.iter().map(|n| (county, n)));
    let mut feeds = vec![feed(
        cx,
        &format!("{}feed.xml", urls::county(&county.slug)),
        &title,
        &county_entries,
    )];
    for (_, notice) in county
        .notices
        .iter()
        .enumerate()
        .filter(|(n, _)| only.is_none_or(|wanted| wanted == *n))
    {
        let name = format!("{name} {}", notice.year);
        let title = cx.t.fill("feed.title", &[("name", &name)]);
        let path = format!("{}feed.xml", urls::notice(&county.slug, notice.year));
        feeds.push(feed(cx, &path, &title, &entries([(county, notice)])));
    }
    feeds
}

/// Lets go of the text of every report of `county` that no feed can show:
/// all of an unpublished notice's, and all but a public notice's newest
/// [`LATEST`]. A county's or the site's newest reports are always among
/// their own notice's newest, as every feed orders its entries alike.
pub fn release_unfed_text(county: &mut County) {
    let fed: Vec<Vec<(ProjectId, Date)>> = county
        .notices
        .iter()
        .map(|notice| {
            if !notice.is_public() {
                return Vec::new();
            }
            entries([(&*county, notice)])
                .iter()
                .take(LATEST)
                .map(|e| (e.project.id.clone(), e.report.front.date))
                .collect()
        })
        .collect();
    for (notice, fed) in county.notices.iter_mut().zip(fed) {
        for project in &mut notice.projects {
            for report in &mut project.reports {
                let date = report.front.date;
                if !fed.iter().any(|(id, d)| *id == project.id && *d == date) {
                    report.release_text();
                }
            }
        }
    }
}

/// Every report of the given notices, newest first (ties broken by place, for stable output).
fn entries<'a>(notices: impl IntoIterator<Item = (&'a County, &'a Notice)>) -> Vec<Entry<'a>> {
    let mut entries: Vec<Entry> = notices
        .into_iter()
        .flat_map(|(county, notice)| {
            notice.projects.iter().flat_map(move |project| {
                project.reports.iter().map(move |report| Entry {
                    county,
                    notice,
                    project,
                    report,
                })
            })
        })
        .collect();
    entries.sort_by(|a, b| {
        (
            b.report.front.date,
            &a.county.slug,
            a.notice.year,
            &a.project.id,
        )
            .cmp(&(
                a.report.front.date,
                &b.county.slug,
                b.notice.year,
                &b.project.id,
            ))
    });
    entries
}

fn feed(cx: &FeedContext, path: &str, title: &str, entries: &[Entry]) -> Feed {
    let lang = cx.lang;
    let self_url = urls::absolute(cx.base_url, &urls::in_lang(lang, path));
    let home = urls::absolute(
        cx.base_url,
        &urls::in_lang(lang, path.trim_end_matches("feed.xml")),
    );
    let updated = entries.first().map_or_else(
        || "1970-01-01T00:00:00+08:00".to_string(),
        |e| timestamp(e.report),
    );
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        lang.tag()
    );
    let _ = writeln!(xml, "<title>{}</title>", escape(title));
    let _ = writeln!(xml, "<id>{}</id>", escape(&self_url));
    let _ = writeln!(
        xml,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&self_url)
    );
    let _ = writeln!(
        xml,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&home)
    );
    let _ = writeln!(xml, "<updated>{updated}</updated>");
    let _ = writeln!(
        xml,
        "<author><name>{}</name></author>",
        escape(cx.site.site.title.get(lang).text)
    );
    for entry in entries.iter().take(LATEST) {
        write_entry(&mut xml, cx, entry);
    }
    xml.push_str("</feed>\n");
    Feed {
        path: path.to_string(),
        xml,
    }
}

fn write_entry(xml: &mut String, cx: &FeedContext, entry: &Entry) {
    let lang = cx.lang;
    let page = urls::in_lang(
        lang,
        &urls::project(&entry.county.slug, entry.notice.year, &entry.project.id),
    );
    let url = urls::absolute(cx.base_url, &page);
    let front = &entry.report.front;
    let title = format!(
        "{} · {} · {}",
        entry.project.record.name.get(lang).text,
        super::format::date(lang, front.date),
        views::status_label(front.status, cx.t),
    );
    // Every report a feed shows keeps its text (see `in_feed_window`).
    let body = match (lang, &entry.report.text) {
        (
            Lang::En,
            Some(ReportText {
                en: Some(english), ..
            }),
        ) => english.as_str(),
        (_, Some(text)) => text.zh.as_str(),
        (_, None) => "",
    };
    let schedule = views::schedule_text(front.percent.value, front.date, cx.t);
    let content = format!("<p>{}</p>{}", escape(&schedule), markdown::to_html(body));
    let _ = writeln!(xml, "<entry>");
    let _ = writeln!(xml, "<title>{}</title>", escape(&title));
    let _ = writeln!(xml, "<id>{}#report-{}</id>", escape(&url), front.date);
    let _ = writeln!(
        xml,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&url)
    );
    let _ = writeln!(xml, "<updated>{}</updated>", timestamp(entry.report));
    let _ = writeln!(xml, "<content type=\"html\">{}</content>", escape(&content));
    let _ = writeln!(xml, "</entry>");
}

fn timestamp(report: &Report) -> String {
    format!("{}T00:00:00+08:00", report.front.date)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
