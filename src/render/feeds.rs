//! Atom feeds of progress reports: site-wide, per county and per notice,
//! in each language, newest report first.
//!
//! Entry times are the report's date at midnight China time; a feed's
//! `updated` is its newest entry, so a feed changes only when a report does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::output::{OutputFile, RenderOptions, Sink, put};
use super::site::{NoticeAt, Site};
use super::{urls, views};
use crate::diagnostic::Diagnostic;
use crate::model::{
    County, CountySlug, Lang, Notice, Project, Report, ReportBodies, ReportKey, ReportText,
};
use crate::theme::{Strings, Theme, keys as key};

/// How many entries a feed keeps: the newest reports. Readers poll often,
/// so older ones are already theirs; the project pages keep every report.
/// Without a cap a notice's feed grows by a report per project each month.
const LATEST: usize = 50;

struct Feed {
    /// Path below the language root, e.g. `wulong/feed.xml`.
    path: String,
    view: FeedView,
}

struct Entry<'a> {
    county: &'a County,
    notice: &'a Notice,
    project: &'a Project,
    report: &'a Report,
}

/// The report bodies the feeds show. Every feed orders its entries alike
/// (see `entries`), so a county's and the site's newest reports are always
/// among their own notice's newest: keeping each public notice's newest
/// [`LATEST`] bodies keeps every body a feed shows.
#[derive(Debug, Default)]
pub struct FeedTexts(BTreeMap<CountySlug, ReportBodies>);

impl FeedTexts {
    /// Adds a county's bodies, as [`fed_bodies`] kept them.
    pub fn insert(&mut self, county: &CountySlug, bodies: ReportBodies) {
        self.0.insert(county.clone(), bodies);
    }

    /// Adds the bodies of a project that was read again (`serve`, after an edit).
    pub fn add(&mut self, county: &CountySlug, bodies: ReportBodies) {
        self.0.entry(county.clone()).or_default().extend(bodies);
    }

    fn get(&self, entry: &Entry) -> Option<&ReportText> {
        self.0.get(&entry.county.slug)?.get(
            entry.notice.year,
            &entry.project.id,
            entry.report.front.date,
        )
    }
}

/// Of one county's report bodies, those its feeds show: each public
/// notice's newest [`LATEST`], as the feeds order them. Drafts must already
/// be dropped from `county` as the build publishes it.
pub fn fed_bodies(county: &County, mut bodies: ReportBodies) -> ReportBodies {
    let fed: BTreeSet<ReportKey> = county
        .notices
        .iter()
        .filter(|n| n.is_public())
        .flat_map(|notice| {
            entries([(county, notice)])
                .into_iter()
                .take(LATEST)
                .map(|e| e.key())
                .collect::<Vec<_>>()
        })
        .collect();
    bodies.retain(|key| fed.contains(key));
    bodies
}

impl Entry<'_> {
    fn key(&self) -> ReportKey {
        ReportKey {
            year: self.notice.year,
            project: self.project.id.clone(),
            date: self.report.front.date,
        }
    }
}

struct FeedContext<'a> {
    site: &'a Site,
    lang: Lang,
    t: &'a Strings,
    base_url: &'a str,
}

/// Writes the site-wide feed and each county's and notice's (or only those of
/// the county and notice at `only`), in both languages, in parallel.
pub(super) fn put_all(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    only: Option<NoticeAt>,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let counties = (0..site.counties.len()).filter(|&c| only.is_none_or(|at| at.county == c));
    let scopes: Vec<Option<usize>> = std::iter::once(None).chain(counties.map(Some)).collect();
    let jobs: Vec<(Lang, Option<usize>)> = Lang::ALL
        .iter()
        .flat_map(|&lang| scopes.iter().map(move |&scope| (lang, scope)))
        .collect();
    jobs.par_iter().try_for_each(|&(lang, county)| {
        let cx = FeedContext {
            site,
            lang,
            t: theme.strings(lang),
            base_url: &options.base_url,
        };
        let made = match county {
            None => vec![site_feed(&cx)],
            Some(c) => county_feeds(&cx, &site.counties[c], only.map(|at| at.notice)),
        };
        made.into_iter().try_for_each(|feed| {
            let path = PathBuf::from(urls::in_lang(lang, &feed.path));
            let mut context = tera::Context::new();
            context.insert("feed", &feed.view);
            let what = format!("the feed /{}", path.display());
            let xml = theme
                .render(lang, "feed.xml", &context, &what)
                .map_err(|problem| vec![problem])?;
            put(
                sink,
                OutputFile {
                    path,
                    bytes: xml.into_bytes(),
                },
            )
        })
    })
}

/// The site-wide feed: the newest reports of every county.
fn site_feed(cx: &FeedContext) -> Feed {
    let all = entries(
        cx.site
            .counties
            .iter()
            .flat_map(|c| c.notices.iter().map(move |n| (c, n))),
    );
    feed(cx, "feed.xml", &cx.t.get(key::FEED_SITE), &all)
}

/// A county's feed and its notices' (or only the notice at `only`).
fn county_feeds(cx: &FeedContext, county: &County, only: Option<usize>) -> Vec<Feed> {
    let name = county.record.name.get(cx.lang).text;
    let title = cx.t.fill(key::FEED_TITLE, &[("name", name)]);
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
        let title = cx.t.fill(key::FEED_TITLE, &[("name", &name)]);
        let path = format!("{}feed.xml", urls::notice(&county.slug, notice.year));
        feeds.push(feed(cx, &path, &title, &entries([(county, notice)])));
    }
    feeds
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

/// A feed, ready for the theme's `feed.xml`.
#[derive(Serialize)]
struct FeedView {
    lang_tag: &'static str,
    title: String,
    self_url: String,
    home_url: String,
    updated: String,
    author: String,
    entries: Vec<EntryView>,
}

#[derive(Serialize)]
struct EntryView {
    title: String,
    url: String,
    date: String,
    updated: String,
    /// The entry's HTML, which the template escapes as Atom's `type="html"` asks.
    content: String,
}

fn feed(cx: &FeedContext, path: &str, title: &str, entries: &[Entry]) -> Feed {
    let lang = cx.lang;
    let self_url = urls::absolute(cx.base_url, &urls::in_lang(lang, path));
    let home_url = urls::absolute(
        cx.base_url,
        &urls::in_lang(lang, path.trim_end_matches("feed.xml")),
    );
    let updated = entries.first().map_or_else(
        || "1970-01-01T00:00:00+08:00".to_string(),
        |e| timestamp(e.report),
    );
    Feed {
        path: path.to_string(),
        view: FeedView {
            lang_tag: lang.tag(),
            title: title.to_string(),
            self_url,
            home_url,
            updated,
            author: cx.site.site.title.get(lang).text.to_string(),
            entries: entries
                .iter()
                .take(LATEST)
                .map(|entry| entry_view(cx, entry))
                .collect(),
        },
    }
}

fn entry_view(cx: &FeedContext, entry: &Entry) -> EntryView {
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
    // Only in `serve`, after a report was deleted, can an older report
    // whose body the build let go move into a feed: it shows without it.
    let body = match (lang, cx.site.texts.get(entry)) {
        (
            Lang::En,
            Some(ReportText {
                en: Some(english), ..
            }),
        ) => english.as_str(),
        (_, Some(text)) => text.zh.as_str(),
        (_, None) => "",
    };
    let content = match &front.percent {
        Some(percent) => format!(
            "<p>{}</p>{}",
            escape_html(&views::schedule_text(percent.value, front.date, cx.t)),
            crate::markdown::to_html(body)
        ),
        None => crate::markdown::to_html(body),
    };
    EntryView {
        title,
        url,
        date: front.date.to_string(),
        updated: timestamp(entry.report),
        content,
    }
}

fn timestamp(report: &Report) -> String {
    format!("{}T00:00:00+08:00", report.front.date)
}

/// The schedule sentence as HTML text inside the entry's content.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
