//! The HTML pages: one view per page and language, rendered with Tera.
//!
//! Pages: home, county, notice, project and source, each in Chinese at the
//! root and in English under `en/`.

use serde::Serialize;

use super::RenderOptions;
use super::format;
use super::urls;
use super::views::{
    Dashboard, DashboardEntry, Field, Link, StatusContext, StatusSummary, Text, TotalCheck,
    status_label,
};
use crate::model::{County, Date, Lang, Notice, Project, SiteRecord};
use crate::theme::{Strings, keys as key};

/// What every page knows about itself.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    pub lang: &'static str,
    pub lang_tag: &'static str,
    /// Relative path from this page to the site root, e.g. `../../`.
    pub root: String,
    /// This page's path below the language root.
    pub path: String,
    pub title: String,
    pub site_title: String,
    pub description: String,
    pub canonical: String,
    pub alternate: Link,
    pub home_href: String,
    pub search_href: String,
    pub alternate_lang_tag: &'static str,
    pub alternate_absolute: String,
    pub breadcrumbs: Vec<Link>,
    pub sample_data: bool,
    pub as_of: String,
    pub last_updated: Option<String>,
    /// The Atom feed that covers this page, relative to it.
    pub feed: Option<String>,
    /// Absolute URL of the picture shown when the page is shared.
    pub share_image: String,
    pub og_locale: &'static str,
    /// Structured data for search engines (JSON-LD), already escaped for a script element.
    pub json_ld: String,
}

/// A page ready for its template.
pub struct PageJob {
    pub template: &'static str,
    pub lang: Lang,
    pub path: String,
    /// The file written in the page's folder: `index.html`, or `404.html`.
    pub file_name: &'static str,
    /// `page` (the meta block) and `view` (the page's own view), ready for Tera.
    pub context: tera::Context,
}

pub struct PageContext<'a> {
    pub site: &'a SiteRecord,
    /// The counties the page may link to (for a project page rendered
    /// early, only its own).
    pub counties: &'a [County],
    /// The report bodies project pages show (empty for other pages).
    pub bodies: &'a crate::model::ReportBodies,
    pub options: &'a RenderOptions,
    pub lang: Lang,
    pub t: &'a Strings,
    /// Sizes of the data files, for the download links.
    pub data_sizes: &'a std::collections::BTreeMap<std::path::PathBuf, usize>,
}

impl PageContext<'_> {
    pub(super) fn status(&self) -> StatusContext {
        StatusContext {
            as_of: self.options.as_of,
            drafts: self.options.drafts,
        }
    }

    /// The meta block for a page at `path` (below the language root).
    pub(super) fn meta(
        &self,
        path: &str,
        title: String,
        breadcrumbs: Vec<(String, String)>,
        updated: Option<Date>,
        feed: Option<&str>,
    ) -> PageMeta {
        let lang = self.lang;
        let here = urls::in_lang(lang, path);
        let root = urls::root_from(&here);
        let other = lang.other();
        let site_title = self.site.title.get(lang).text.to_string();
        PageMeta {
            lang: lang.code(),
            lang_tag: lang.tag(),
            path: path.to_string(),
            title: title.clone(),
            description: self
                .site
                .description
                .as_ref()
                .map_or_else(|| site_title.clone(), |d| d.get(lang).text.to_string()),
            site_title,
            canonical: urls::absolute(&self.options.base_url, &here),
            alternate: Link {
                href: urls::link(&here, &urls::in_lang(other, path)),
                text: self.t.get(key::NAV_OTHER_LANGUAGE),
            },
            alternate_lang_tag: other.tag(),
            home_href: urls::link(&here, &urls::in_lang(lang, &urls::home())),
            search_href: urls::link(&here, &urls::in_lang(lang, "search/")),
            alternate_absolute: urls::absolute(&self.options.base_url, &urls::in_lang(other, path)),
            breadcrumbs: breadcrumbs
                .into_iter()
                .map(|(p, text)| Link {
                    href: urls::link(&here, &urls::in_lang(lang, &p)),
                    text,
                })
                .collect(),
            sample_data: self.site.sample_data,
            as_of: format::date(lang, self.options.as_of),
            last_updated: updated.map(|d| {
                self.t
                    .fill(key::SITE_LAST_UPDATED, &[("date", &format::date(lang, d))])
            }),
            feed: feed.map(|f| self.href(path, f)),
            share_image: urls::absolute(&self.options.base_url, "static/share.png"),
            og_locale: match lang {
                Lang::Zh => "zh_CN",
                Lang::En => "en_GB",
            },
            json_ld: json_ld(&[self.breadcrumb_list(path, &title)]),
            root,
        }
    }

    /// schema.org BreadcrumbList: the trail from the home page to this one.
    pub(super) fn breadcrumb_list(&self, path: &str, title: &str) -> serde_json::Value {
        let lang = self.lang;
        let mut trail: Vec<(String, String)> = Vec::new();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        for depth in 0..=segments.len() {
            let prefix: String = segments[..depth].iter().map(|s| format!("{s}/")).collect();
            let name = if depth == segments.len() {
                title.to_string()
            } else {
                self.crumb_name(&segments[..depth])
            };
            trail.push((
                urls::absolute(&self.options.base_url, &urls::in_lang(lang, &prefix)),
                name,
            ));
        }
        let items: Vec<serde_json::Value> = trail
            .into_iter()
            .enumerate()
            .map(|(i, (url, name))| serde_json::json!({"@type": "ListItem", "position": i + 1, "name": name, "item": url}))
            .collect();
        serde_json::json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
    }

    fn crumb_name(&self, segments: &[&str]) -> String {
        let county = segments
            .first()
            .and_then(|slug| self.counties.iter().find(|c| c.slug.as_str() == *slug));
        match (segments.len(), county) {
            (0, _) => self.t.get(key::NAV_HOME),
            (1, Some(county)) => county.record.name.get(self.lang).text.to_string(),
            (_, _) => self.t.fill(
                key::NOTICE_CRUMB,
                &[("year", segments.get(1).copied().unwrap_or_default())],
            ),
        }
    }

    /// Home › county › notice: the trail above every page of a notice.
    pub(super) fn notice_trail(&self, county: &County, notice: &Notice) -> Vec<(String, String)> {
        vec![
            self.home_crumb(),
            self.county_crumb(county),
            self.notice_crumb(county, notice),
        ]
    }

    pub(super) fn home_crumb(&self) -> (String, String) {
        (urls::home(), self.t.get(key::NAV_HOME))
    }

    fn county_crumb(&self, county: &County) -> (String, String) {
        (
            urls::county(&county.slug),
            county.record.name.get(self.lang).text.to_string(),
        )
    }

    fn notice_crumb(&self, county: &County, notice: &Notice) -> (String, String) {
        (
            urls::notice(&county.slug, notice.year),
            self.t
                .fill(key::NOTICE_CRUMB, &[("year", &notice.year.to_string())]),
        )
    }

    /// A link between two paths of this page's language.
    pub(super) fn href(&self, from: &str, to: &str) -> String {
        urls::link(
            &urls::in_lang(self.lang, from),
            &urls::in_lang(self.lang, to),
        )
    }

    pub(super) fn job(
        &self,
        template: &'static str,
        path: String,
        meta: PageMeta,
        view: impl Serialize,
    ) -> PageJob {
        PageJob {
            template,
            lang: self.lang,
            path,
            file_name: "index.html",
            context: {
                let mut context = tera::Context::new();
                context.insert("page", &meta);
                context.insert("view", &view);
                context
            },
        }
    }

    pub(super) fn dashboard<'a>(
        &self,
        from: &str,
        notices: impl IntoIterator<Item = (&'a County, &'a Notice)>,
    ) -> Dashboard {
        let entries: Vec<DashboardEntry> = notices
            .into_iter()
            .flat_map(|(county, notice)| {
                notice.projects.iter().map(move |project| DashboardEntry {
                    project,
                    unit: &notice.record.unit,
                    href: self.href(from, &urls::project(&county.slug, notice.year, &project.id)),
                })
            })
            .collect();
        Dashboard::of(&entries, &self.status(), self.lang, self.t)
    }
}

/// JSON-LD for a `<script type="application/ld+json">`: `<` is escaped so no
/// text in the data can close the script element.
pub(super) fn json_ld(graph: &[serde_json::Value]) -> String {
    let value = if graph.len() == 1 {
        graph[0].clone()
    } else {
        serde_json::Value::Array(graph.to_vec())
    };
    value.to_string().replace('<', "\\u003c")
}

#[derive(Serialize)]
struct NoticeSummary {
    year: u16,
    title: Text,
    href: String,
    project_count: usize,
    total: TotalCheck,
    status: StatusSummary,
}

fn notice_summary(cx: &PageContext, from: &str, county: &County, notice: &Notice) -> NoticeSummary {
    let declared = notice.record.declared_total.as_ref().map(|a| a.value.value);
    NoticeSummary {
        year: notice.year,
        title: Text::of(&notice.record.title, cx.lang),
        href: cx.href(from, &urls::notice(&county.slug, notice.year)),
        project_count: notice.projects.len(),
        total: TotalCheck::new(declared, notice.tally(), &notice.record.unit, cx.lang, cx.t),
        status: StatusSummary::of(&notice.projects, &cx.status(), cx.t),
    }
}

#[derive(Serialize)]
struct CountyCard {
    name: Text,
    href: String,
    notices: Vec<NoticeSummary>,
}

pub fn home(cx: &PageContext) -> PageJob {
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
    let meta = cx.meta(&path, title, vec![], updated, Some("feed.xml"));
    cx.job("home.html", path, meta, view)
}

/// `404.html` at the root of each language. Servers show it at any missing
/// URL, so its links are absolute.
pub fn not_found(cx: &PageContext) -> PageJob {
    let base = format!("{}/", cx.options.base_url.trim_end_matches('/'));
    let mut meta = cx.meta("", cx.t.get(key::NOTFOUND_TITLE), vec![], None, None);
    meta.root = base.clone();
    meta.home_href = format!("{base}{}index.html", urls::in_lang(cx.lang, ""));
    meta.search_href = format!("{base}{}search/index.html", urls::in_lang(cx.lang, ""));
    meta.alternate.href = format!("{base}{}404.html", urls::in_lang(cx.lang.other(), ""));
    meta.canonical = format!("{base}{}404.html", urls::in_lang(cx.lang, ""));
    let mut job = cx.job("404.html", String::new(), meta, ());
    job.file_name = "404.html";
    job
}

pub fn search(cx: &PageContext) -> PageJob {
    let path = "search/".to_string();
    #[derive(Serialize)]
    struct Choice {
        value: String,
        label: String,
    }
    #[derive(Serialize)]
    struct SearchView {
        counties: Vec<Choice>,
        years: Vec<u16>,
        statuses: Vec<Choice>,
    }
    let counties = cx.counties.iter();
    let view = SearchView {
        counties: counties
            .clone()
            .map(|c| Choice {
                value: c.slug.to_string(),
                label: c.record.name.get(cx.lang).text.to_string(),
            })
            .collect(),
        years: counties
            .flat_map(|c| c.notices.iter().map(|n| n.year))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect(),
        statuses: crate::model::ProgressStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.code().to_string(),
                label: status_label(*s, cx.t),
            })
            .collect(),
    };
    let meta = cx.meta(
        &path,
        cx.t.get(key::SEARCH_TITLE),
        vec![cx.home_crumb()],
        None,
        None,
    );
    cx.job("search.html", path, meta, view)
}

pub fn county(cx: &PageContext, county: &County) -> PageJob {
    let path = urls::county(&county.slug);
    #[derive(Serialize)]
    struct CountyView {
        name: Text,
        province: Option<Text>,
        notices: Vec<NoticeSummary>,
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
        dashboard: cx.dashboard(&path, county.notices.iter().map(|n| (county, n))),
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
    let feed = format!("{}feed.xml", urls::county(&county.slug));
    let meta = cx.meta(&path, title, vec![cx.home_crumb()], updated, Some(&feed));
    cx.job("county.html", path, meta, view)
}

#[derive(Serialize)]
struct ItemRow {
    tasks: Option<Text>,
    amount: Option<String>,
    lead_units: Vec<Text>,
    deadline: Option<Text>,
}

#[derive(Serialize)]
struct ProjectRow {
    number: String,
    name: Text,
    href: String,
    items: Vec<ItemRow>,
    status: String,
    status_code: &'static str,
    overdue: bool,
}

#[derive(Serialize)]
struct GroupView {
    name: Option<Text>,
    subtotal: Option<TotalCheck>,
    projects: Vec<ProjectRow>,
}

pub(super) fn deadline_text(cx: &PageContext, deadline: &crate::model::Deadline) -> Text {
    match format::deadline(cx.lang, deadline) {
        Some(text) => Text::plain(text),
        None => Text::untranslated(deadline.text.clone(), cx.lang),
    }
}

fn notice_meta_fields(cx: &PageContext, notice: &Notice) -> Vec<Field> {
    let t = cx.t;
    let record = &notice.record;
    let lang = cx.lang;
    let mut fields = vec![Field {
        label: t.get(key::META_ISSUER),
        value: Text::of(&record.issuer, lang),
    }];
    if let Some(number) = &record.doc_number {
        fields.push(Field {
            label: t.get(key::META_DOC_NUMBER),
            value: Text::chinese(number.clone(), lang),
        });
    }
    for (label, date) in [
        (key::META_WRITTEN_DATE, record.written_date),
        (key::META_PUBLISHED_DATE, record.published_date),
    ] {
        if let Some(date) = date {
            fields.push(Field {
                label: t.get(label),
                value: Text::plain(format::date(lang, date)),
            });
        }
    }
    fields.push(Field {
        label: t.get(key::META_RELEASE),
        value: Text::plain(t.get(key::Key::release(record.release.value))),
    });
    if let Some(index) = &record.index_number {
        fields.push(Field {
            label: t.get(key::META_INDEX_NUMBER),
            value: Text::plain(index.clone()),
        });
    }
    fields.push(Field {
        label: t.get(key::META_UNIT),
        value: Text::plain(format::unit_name(lang, &record.unit)),
    });
    fields
}

pub fn notice(cx: &PageContext, county: &County, notice: &Notice) -> PageJob {
    let path = urls::notice(&county.slug, notice.year);
    let lang = cx.lang;
    let record = &notice.record;
    let unit = &record.unit;
    let groups = record
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| GroupView {
            name: group.name.as_ref().map(|n| Text::of(n, lang)),
            subtotal: group.declared_subtotal.as_ref().map(|d| {
                TotalCheck::new(Some(d.value.value), notice.group_tally(g), unit, lang, cx.t)
            }),
            projects: notice
                .group_projects(g)
                .map(|p| project_row(cx, &path, county, notice, p))
                .collect(),
        })
        .collect::<Vec<_>>();
    #[derive(Serialize)]
    struct NoticeView {
        title: Text,
        table_title: Option<Text>,
        fields: Vec<Field>,
        release_note: Option<Text>,
        source_href: Option<String>,
        unit: String,
        total: TotalCheck,
        groups: Vec<GroupView>,
        /// Whether any item states a deadline; the column is left out otherwise.
        has_deadlines: bool,
        columns: usize,
        by_group: Option<super::chart::Chart>,
        by_unit: Option<super::chart::Chart>,
        dashboard: Dashboard,
        downloads: Vec<Link>,
    }
    let declared = record.declared_total.as_ref().map(|a| a.value.value);
    let has_deadlines = notice
        .projects
        .iter()
        .flat_map(|p| &p.record.items)
        .any(|i| i.deadline.is_some());
    let view = NoticeView {
        title: Text::of(&record.title, lang),
        table_title: record.table_title.as_ref().map(|t| Text::of(t, lang)),
        fields: notice_meta_fields(cx, notice),
        release_note: record.release_note.as_ref().map(|n| Text::of(n, lang)),
        source_href: notice
            .source_text
            .as_ref()
            .map(|_| cx.href(&path, &urls::source(&county.slug, notice.year))),
        unit: format::unit_name(lang, unit),
        total: TotalCheck::new(declared, notice.tally(), unit, lang, cx.t),
        groups,
        has_deadlines,
        columns: if has_deadlines { 7 } else { 6 },
        by_group: super::chart::by_group(notice, lang),
        by_unit: super::chart::by_lead_unit(notice, lang, &cx.t.get(key::CHART_OTHERS)),
        dashboard: cx.dashboard(&path, [(county, notice)]),
        downloads: [("json", key::DOWNLOAD_JSON), ("csv", key::DOWNLOAD_CSV)]
            .iter()
            .map(|(ext, label)| {
                let file = urls::data(&county.slug, notice.year, ext);
                let size = cx
                    .data_sizes
                    .get(std::path::Path::new(&file))
                    .copied()
                    .unwrap_or(0);
                Link {
                    href: format!("{}{file}", urls::root_from(&urls::in_lang(lang, &path))),
                    text: format!("{} ({})", cx.t.get(*label), format::size(size)),
                }
            })
            .collect(),
    };
    let title = format!(
        "{} {}",
        county.record.name.get(lang).text,
        cx.t.fill(key::NOTICE_TITLE, &[("year", &notice.year.to_string())])
    );
    let feed = format!("{path}feed.xml");
    let updated = notice.last_updated(cx.options.drafts);
    let mut meta = cx.meta(
        &path,
        title.clone(),
        vec![cx.home_crumb(), cx.county_crumb(county)],
        updated,
        Some(&feed),
    );
    meta.json_ld = json_ld(&[
        cx.breadcrumb_list(&path, &title),
        dataset(cx, county, notice, &meta.canonical),
    ]);
    cx.job("notice.html", path, meta, view)
}

/// schema.org Dataset: lets dataset search engines find the open data of a notice.
fn dataset(cx: &PageContext, county: &County, notice: &Notice, url: &str) -> serde_json::Value {
    let lang = cx.lang;
    let download = |ext: &str, format: &str| {
        serde_json::json!({
            "@type": "DataDownload",
            "encodingFormat": format,
            "contentUrl": urls::absolute(&cx.options.base_url, &urls::data(&county.slug, notice.year, ext)),
        })
    };
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": notice.record.title.get(lang).text,
        "description": notice.record.table_title.as_ref().unwrap_or(&notice.record.title).get(lang).text,
        "url": url,
        "creator": {"@type": "GovernmentOrganization", "name": notice.record.issuer.get(lang).text},
        "spatialCoverage": county.record.name.get(lang).text,
        "temporalCoverage": notice.year.to_string(),
        "isAccessibleForFree": true,
        "inLanguage": ["zh-CN", "en"],
        "distribution": [download("json", "application/json"), download("csv", "text/csv")],
    })
}

fn project_row(
    cx: &PageContext,
    from: &str,
    county: &County,
    notice: &Notice,
    project: &Project,
) -> ProjectRow {
    let status = project.status(cx.options.drafts);
    ProjectRow {
        number: project.record.number.clone(),
        name: Text::of(&project.record.name, cx.lang),
        href: cx.href(from, &urls::project(&county.slug, notice.year, &project.id)),
        items: project
            .record
            .items
            .iter()
            .map(|item| ItemRow {
                tasks: item.tasks.as_ref().map(|t| Text::of(t, cx.lang)),
                amount: item
                    .amount
                    .as_ref()
                    .map(|a| format::figure(cx.lang, a.value.value)),
                lead_units: item
                    .lead_units
                    .iter()
                    .map(|u| Text::of(u, cx.lang))
                    .collect(),
                deadline: item.deadline.as_ref().map(|d| deadline_text(cx, d)),
            })
            .collect(),
        status: status_label(status, cx.t),
        status_code: status.code(),
        overdue: project.is_overdue(cx.options.as_of, cx.options.drafts),
    }
}

pub fn source(cx: &PageContext, county: &County, notice: &Notice, text: &str) -> PageJob {
    let path = urls::source(&county.slug, notice.year);
    #[derive(Serialize)]
    struct SourceView {
        title: Text,
        text: Text,
        file: Option<String>,
        notice_href: String,
    }
    let view = SourceView {
        title: Text::of(&notice.record.title, cx.lang),
        text: Text::chinese(text.to_string(), cx.lang),
        file: notice.record.source.clone(),
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
        notice.record.published_date.or(notice.record.written_date),
        None,
    );
    cx.job("source.html", path, meta, view)
}
