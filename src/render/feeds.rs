//! Atom feeds of new notices and progress reports: site-wide, per county
//! and per notice, in each language, newest first.
//!
//! A notice enters on its published date, else its written date; one with
//! neither stays out (`check` warns). Entry times are the date at midnight
//! China time; a feed's `updated` is its newest entry, so a feed changes
//! only when its entries do. A feed with no entry is not written, and no
//! page links to it (see [`notice_has_feed`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::output::{OutputFile, Remake, RenderOptions, Sink, put};
use super::site::Site;
use super::{urls, views};
use crate::diagnostic::Diagnostic;
use crate::model::{
    County, CountySlug, Date, Lang, Notice, Project, ProjectId, Report, ReportBodies, ReportKey,
    ReportText,
};
use crate::theme::{Strings, Theme, keys as key};

/// How many entries a feed keeps: the newest reports. Readers poll at least
/// daily and fetch the whole feed each time, so older entries are already
/// theirs and only cost the county's server; the project pages keep every
/// report. Twenty is about a month of a typical notice (one report per
/// project per month); a feed of 50 full reports made the feeds a sixth of
/// a national site's output.
const LATEST: usize = 20;

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

/// What a feed announces: a notice, on its date, or a progress report.
enum Announcement<'a> {
    Notice {
        county: &'a County,
        notice: &'a Notice,
        date: Date,
    },
    Report(Entry<'a>),
}

impl Announcement<'_> {
    fn date(&self) -> Date {
        match self {
            Announcement::Notice { date, .. } => *date,
            Announcement::Report(entry) => entry.report.front.date,
        }
    }

    /// Newest first; then by place, a notice before its reports, for stable output.
    fn order(
        &self,
    ) -> (
        std::cmp::Reverse<Date>,
        &CountySlug,
        u16,
        Option<&ProjectId>,
    ) {
        match self {
            Announcement::Notice {
                county,
                notice,
                date,
            } => (std::cmp::Reverse(*date), &county.slug, notice.year, None),
            Announcement::Report(e) => (
                std::cmp::Reverse(e.report.front.date),
                &e.county.slug,
                e.notice.year,
                Some(&e.project.id),
            ),
        }
    }
}

/// Whether a notice's feed has an entry, and so is written: the notice
/// has a date or one of its projects a report. A county's and the site's
/// feeds exist when one of their notices' does.
pub fn notice_has_feed(notice: &Notice) -> bool {
    notice.date().is_some() || notice.projects.iter().any(|p| !p.reports.is_empty())
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

/// Writes the site-wide feed and each county's and notice's (or, for a
/// change to one notice, only its own and its county's), in both languages,
/// in parallel; a county's feeds are kept when `remake` may keep its files.
pub(super) fn put_all(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    remake: Remake,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let only = match remake {
        Remake::Only(at) => Some(at),
        Remake::Every { .. } => None,
    };
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
        let made: Vec<Feed> = match county.map(|c| &site.counties[c]) {
            None => site_feed(&cx).into_iter().collect(),
            Some(county) if remake.may_keep(county) && kept(county, lang, sink)? => Vec::new(),
            Some(county) => county_feeds(&cx, county, only.map(|at| at.notice)),
        };
        made.into_iter().try_for_each(|feed| {
            let path = PathBuf::from(urls::in_lang(lang, &feed.path));
            let mut context = tera::Context::new();
            context.insert("feed", &feed.view);
            let what = format!("the feed /{}", path.display());
            let xml = theme
                .render(lang, "feed.xml", &context, &what)
                .map_err(|problem| vec![problem])?;
            put(sink, OutputFile::xml(path, xml))
        })
    })
}

/// Takes a county's feeds in `lang` from the previous output, when it
/// holds every one that [`county_feeds`] would make.
fn kept(county: &County, lang: Lang, sink: &dyn Sink) -> Result<bool, Vec<Diagnostic>> {
    let county_feed = county
        .notices
        .iter()
        .any(notice_has_feed)
        .then(|| urls::county(&county.slug));
    let notice_feeds = county
        .notices
        .iter()
        .filter(|notice| notice_has_feed(notice))
        .map(|notice| urls::notice(&county.slug, notice.year));
    let paths: Vec<PathBuf> = county_feed
        .into_iter()
        .chain(notice_feeds)
        .map(|folder| PathBuf::from(urls::in_lang(lang, &urls::feed(&folder))))
        .collect();
    sink.keep(&paths)
        .map(|kept| kept.is_some())
        .map_err(|e| vec![Diagnostic::io("write", e)])
}

/// The site-wide feed: the newest notices and reports of every county.
/// Announcements are ordered alike everywhere, with no two in the same
/// place, so the site's newest are among each county's newest: only those
/// are sorted together, not every report of a national site (200,000).
fn site_feed(cx: &FeedContext) -> Option<Feed> {
    let mut newest: Vec<Announcement> = cx
        .site
        .counties
        .iter()
        .flat_map(|county| {
            let mut own = announcements(county.notices.iter().map(|n| (county, n)));
            own.truncate(LATEST);
            own
        })
        .collect();
    newest.sort_by(|a, b| a.order().cmp(&b.order()));
    feed(cx, "feed.xml", &cx.t.get(key::FEED_SITE), &newest)
}

/// A county's feed and its notices' (or only the notice at `only`).
fn county_feeds(cx: &FeedContext, county: &County, only: Option<usize>) -> Vec<Feed> {
    let name = county.record.name.get(cx.lang).text;
    let title = cx.t.fill(key::FEED_TITLE, &[("name", name)]);
    let county_entries = announcements(county.notices.iter().map(|n| (county, n)));
    let mut feeds: Vec<Feed> = feed(
        cx,
        &urls::feed(&urls::county(&county.slug)),
        &title,
        &county_entries,
    )
    .into_iter()
    .collect();
    for (_, notice) in county
        .notices
        .iter()
        .enumerate()
        .filter(|(n, _)| only.is_none_or(|wanted| wanted == *n))
    {
        let name = format!("{name} {}", notice.year);
        let title = cx.t.fill(key::FEED_TITLE, &[("name", &name)]);
        let path = urls::feed(&urls::notice(&county.slug, notice.year));
        feeds.extend(feed(cx, &path, &title, &announcements([(county, notice)])));
    }
    feeds
}

/// The notices with a date and every report of the given notices, newest first.
fn announcements<'a>(
    notices: impl IntoIterator<Item = (&'a County, &'a Notice)> + Clone,
) -> Vec<Announcement<'a>> {
    let dated = notices.clone().into_iter().filter_map(|(county, notice)| {
        Some(Announcement::Notice {
            county,
            notice,
            date: notice.date()?,
        })
    });
    let mut all: Vec<Announcement> = dated
        .chain(entries(notices).into_iter().map(Announcement::Report))
        .collect();
    all.sort_by(|a, b| a.order().cmp(&b.order()));
    all
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
    /// The entry's Atom id: its page, with a fragment naming what it announces.
    id: String,
    url: String,
    updated: String,
    /// The entry's HTML, which the template escapes as Atom's `type="html"` asks.
    content: String,
}

fn feed(cx: &FeedContext, path: &str, title: &str, entries: &[Announcement]) -> Option<Feed> {
    let newest = entries.first()?;
    let lang = cx.lang;
    let self_url = urls::absolute(cx.base_url, &urls::in_lang(lang, path));
    let home_url = urls::absolute(
        cx.base_url,
        &urls::in_lang(lang, path.trim_end_matches("feed.xml")),
    );
    let updated = timestamp(newest.date());
    Some(Feed {
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
                .map(|entry| match entry {
                    Announcement::Notice {
                        county,
                        notice,
                        date,
                    } => notice_view(cx, county, notice, *date),
                    Announcement::Report(entry) => entry_view(cx, entry),
                })
                .collect(),
        },
    })
}

fn notice_view(cx: &FeedContext, county: &County, notice: &Notice, date: Date) -> EntryView {
    let page = urls::in_lang(cx.lang, &urls::notice(&county.slug, notice.year));
    let url = urls::absolute(cx.base_url, &page);
    let count = notice.projects.len().to_string();
    let sentence = cx.t.fill(
        key::FEED_NOTICE,
        &[
            ("issuer", notice.record.issuer.get(cx.lang).text),
            ("count", &count),
            ("year", &notice.year.to_string()),
        ],
    );
    EntryView {
        title: notice.record.title.get(cx.lang).text.to_string(),
        id: format!("{url}#notice"),
        url,
        updated: timestamp(date),
        content: format!("<p>{}</p>", escape_html(&sentence)),
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
        id: format!("{url}#report-{}", front.date),
        url,
        updated: timestamp(front.date),
        content,
    }
}

fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00+08:00")
}

/// The schedule sentence as HTML text inside the entry's content.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
