//! The HTML pages: one view per page and language, rendered with Tera.
//!
//! Pages: home, county, notice, project and source, each in Chinese at the
//! root and in English under `en/`.

use serde::Serialize;

use super::format;
use super::theme::Strings;
use super::urls;
use super::views::{Field, Link, StatusContext, StatusSummary, Text, TotalCheck, status_label};
use super::{RenderOptions, markdown};
use crate::model::{Content, County, Lang, Notice, Project, Report};

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
    pub alternate_lang_tag: &'static str,
    pub alternate_absolute: String,
    pub breadcrumbs: Vec<Link>,
    pub sample_data: bool,
    pub as_of: String,
}

/// A page ready for its template.
pub struct PageJob {
    pub template: &'static str,
    pub lang: Lang,
    pub path: String,
    pub meta: PageMeta,
    pub view: serde_json::Value,
}

pub struct PageContext<'a> {
    pub content: &'a Content,
    pub options: &'a RenderOptions,
    pub lang: Lang,
    pub t: &'a Strings,
}

impl PageContext<'_> {
    fn status(&self) -> StatusContext {
        StatusContext {
            as_of: self.options.as_of,
            drafts: self.options.drafts,
        }
    }

    /// The meta block for a page at `path` (below the language root).
    fn meta(&self, path: &str, title: String, breadcrumbs: Vec<(String, String)>) -> PageMeta {
        let lang = self.lang;
        let here = urls::in_lang(lang, path);
        let root = urls::root_from(&here);
        let other = lang.other();
        let site_title = self.content.site.title.get(lang).text.to_string();
        PageMeta {
            lang: lang.code(),
            lang_tag: lang.tag(),
            path: path.to_string(),
            title: title.clone(),
            description: self
                .content
                .site
                .description
                .as_ref()
                .map_or_else(|| site_title.clone(), |d| d.get(lang).text.to_string()),
            site_title,
            canonical: urls::absolute(&self.options.base_url, &here),
            alternate: Link {
                href: format!("{root}{}", urls::in_lang(other, path)),
                text: self.t.get("nav.other_language"),
            },
            alternate_lang_tag: other.tag(),
            alternate_absolute: urls::absolute(&self.options.base_url, &urls::in_lang(other, path)),
            breadcrumbs: breadcrumbs
                .into_iter()
                .map(|(p, text)| Link {
                    href: format!("{root}{}", urls::in_lang(lang, &p)),
                    text,
                })
                .collect(),
            root,
            sample_data: self.content.site.sample_data,
            as_of: format::date(lang, self.options.as_of),
        }
    }

    fn home_crumb(&self) -> (String, String) {
        (urls::home(), self.t.get("nav.home"))
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
                .fill("notice.crumb", &[("year", &notice.year.to_string())]),
        )
    }

    fn href(&self, from: &str, to: &str) -> String {
        format!(
            "{}{}",
            urls::root_from(&urls::in_lang(self.lang, from)),
            urls::in_lang(self.lang, to)
        )
    }

    fn job(
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
            meta,
            view: serde_json::to_value(view).unwrap_or(serde_json::Value::Null),
        }
    }
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
        .content
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
    let projects = cx
        .content
        .counties
        .iter()
        .flat_map(|c| &c.notices)
        .flat_map(|n| &n.projects);
    #[derive(Serialize)]
    struct HomeView {
        counties: Vec<CountyCard>,
        status: StatusSummary,
    }
    let view = HomeView {
        counties,
        status: StatusSummary::of(projects, &cx.status(), cx.t),
    };
    let meta = cx.meta(
        &path,
        cx.content.site.title.get(cx.lang).text.to_string(),
        vec![],
    );
    cx.job("home.html", path, meta, view)
}

pub fn county(cx: &PageContext, county: &County) -> PageJob {
    let path = urls::county(&county.slug);
    #[derive(Serialize)]
    struct CountyView {
        name: Text,
        province: Option<Text>,
        notices: Vec<NoticeSummary>,
        status: StatusSummary,
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
        status: StatusSummary::of(
            county.notices.iter().flat_map(|n| &n.projects),
            &cx.status(),
            cx.t,
        ),
    };
    let title = cx.t.fill(
        "county.title",
        &[("county", county.record.name.get(cx.lang).text)],
    );
    let meta = cx.meta(&path, title, vec![cx.home_crumb()]);
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

fn deadline_text(cx: &PageContext, deadline: &crate::model::Deadline) -> Text {
    match format::deadline(cx.lang, deadline) {
        Some(text) => Text::plain(text),
        None => Text::chinese(deadline.text.clone(), cx.lang),
    }
}

fn notice_meta_fields(cx: &PageContext, notice: &Notice) -> Vec<Field> {
    let t = cx.t;
    let record = &notice.record;
    let lang = cx.lang;
    let mut fields = vec![Field {
        label: t.get("meta.issuer"),
        value: Text::of(&record.issuer, lang),
    }];
    if let Some(number) = &record.doc_number {
        fields.push(Field {
            label: t.get("meta.doc_number"),
            value: Text::chinese(number.clone(), lang),
        });
    }
    for (key, date) in [
        ("meta.written_date", record.written_date),
        ("meta.published_date", record.published_date),
    ] {
        if let Some(date) = date {
            fields.push(Field {
                label: t.get(key),
                value: Text::plain(format::date(lang, date)),
            });
        }
    }
    fields.push(Field {
        label: t.get("meta.release"),
        value: Text::plain(t.get(&format!("release.{}", record.release.value.code()))),
    });
    if let Some(index) = &record.index_number {
        fields.push(Field {
            label: t.get("meta.index_number"),
            value: Text::plain(index.clone()),
        });
    }
    fields.push(Field {
        label: t.get("meta.unit"),
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
        status: StatusSummary,
        downloads: Vec<Link>,
    }
    let declared = record.declared_total.as_ref().map(|a| a.value.value);
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
        status: StatusSummary::of(&notice.projects, &cx.status(), cx.t),
        downloads: ["json", "csv"]
            .iter()
            .map(|ext| Link {
                href: format!(
                    "{}{}",
                    urls::root_from(&urls::in_lang(lang, &path)),
                    urls::data(&county.slug, notice.year, ext)
                ),
                text: cx.t.get(&format!("download.{ext}")),
            })
            .collect(),
    };
    let title = format!(
        "{} {}",
        county.record.name.get(lang).text,
        cx.t.fill("notice.title", &[("year", &notice.year.to_string())])
    );
    let meta = cx.meta(&path, title, vec![cx.home_crumb(), cx.county_crumb(county)]);
    cx.job("notice.html", path, meta, view)
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

#[derive(Serialize)]
struct ItemView {
    label: String,
    tasks: Option<Text>,
    amount: Option<String>,
    leaders: Vec<Text>,
    lead_units: Vec<Text>,
    partner_units: Vec<Text>,
    deadline: Option<Text>,
    location: Option<Text>,
    remarks: Option<Text>,
    originals: Vec<Field>,
}

#[derive(Serialize)]
struct ReportView {
    date: String,
    datetime: String,
    status: String,
    percent: i64,
    spent: Option<String>,
    item: Option<String>,
    body_html: String,
    body_zh_only: bool,
    draft: bool,
}

fn report_view(cx: &PageContext, project: &Project, report: &Report, unit: &str) -> ReportView {
    let front = &report.front;
    let (body, zh_only) = match (cx.lang, &report.body_en) {
        (crate::model::Lang::En, Some(en)) => (en.as_str(), false),
        (crate::model::Lang::En, None) => (report.body_zh.as_str(), true),
        (crate::model::Lang::Zh, _) => (report.body_zh.as_str(), false),
    };
    ReportView {
        date: format::date(cx.lang, front.date),
        datetime: front.date.to_string(),
        status: status_label(front.status, cx.t),
        percent: front.percent.value,
        spent: front
            .spent
            .as_ref()
            .map(|s| format::amount(cx.lang, s.value.value, unit)),
        item: front.item.as_ref().and_then(|i| {
            project
                .record
                .items
                .get(i.value.wrapping_sub(1))
                .map(|_| cx.t.fill("item.label", &[("n", &i.value.to_string())]))
        }),
        body_html: markdown::to_html(body),
        body_zh_only: zh_only,
        draft: front.draft,
    }
}

pub fn project(cx: &PageContext, county: &County, notice: &Notice, project: &Project) -> PageJob {
    let path = urls::project(&county.slug, notice.year, &project.id);
    let lang = cx.lang;
    let unit = &notice.record.unit;
    let texts = |list: &[crate::model::Bilingual]| {
        list.iter().map(|b| Text::of(b, lang)).collect::<Vec<_>>()
    };
    let items = project
        .record
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| ItemView {
            label: cx.t.fill("item.label", &[("n", &(i + 1).to_string())]),
            tasks: item.tasks.as_ref().map(|t| Text::of(t, lang)),
            amount: item
                .amount
                .as_ref()
                .map(|a| format::amount(lang, a.value.value, unit)),
            leaders: texts(&item.leaders),
            lead_units: texts(&item.lead_units),
            partner_units: texts(&item.partner_units),
            deadline: item.deadline.as_ref().map(|d| deadline_text(cx, d)),
            location: item.location.as_ref().map(|l| Text::of(l, lang)),
            remarks: item.remarks.as_ref().map(|r| Text::of(r, lang)),
            originals: item
                .original
                .0
                .iter()
                .map(|(column, text)| Field {
                    label: column.clone(),
                    value: Text::chinese(text.clone(), lang),
                })
                .collect(),
        })
        .collect();
    let status = project.status(cx.options.drafts);
    let latest = project.latest_report(cx.options.drafts);
    let tally = project.tally();
    #[derive(Serialize)]
    struct ProjectView {
        number: String,
        name: Text,
        notice_title: Text,
        notice_href: String,
        group: Option<Text>,
        total: Option<String>,
        rows_without_amount: usize,
        status: String,
        status_code: &'static str,
        overdue: bool,
        percent: Option<i64>,
        spent: Option<String>,
        items: Vec<ItemView>,
        reports: Vec<ReportView>,
        permalink: String,
        doc_number: Option<String>,
        county: Text,
    }
    let view = ProjectView {
        number: project.record.number.clone(),
        name: Text::of(&project.record.name, lang),
        notice_title: Text::of(&notice.record.title, lang),
        notice_href: cx.href(&path, &urls::notice(&county.slug, notice.year)),
        group: project
            .group
            .and_then(|g| notice.record.groups.get(g))
            .and_then(|g| g.name.as_ref())
            .map(|n| Text::of(n, lang)),
        total: tally.total().map(|t| format::amount(lang, t, unit)),
        rows_without_amount: tally.rows_without_amount,
        status: status_label(status, cx.t),
        status_code: status.code(),
        overdue: project.is_overdue(cx.options.as_of, cx.options.drafts),
        percent: latest.map(|r| r.front.percent.value),
        spent: project
            .spent(cx.options.drafts)
            .map(|s| format::amount(lang, s, unit)),
        items,
        reports: project
            .visible_reports(cx.options.drafts)
            .rev()
            .map(|r| report_view(cx, project, r, unit))
            .collect(),
        permalink: urls::absolute(&cx.options.base_url, &urls::in_lang(lang, &path)),
        doc_number: notice.record.doc_number.clone(),
        county: Text::of(&county.record.name, lang),
    };
    let title = format!(
        "{} · {}",
        project.record.name.get(lang).text,
        county.record.name.get(lang).text
    );
    let meta = cx.meta(
        &path,
        title,
        vec![
            cx.home_crumb(),
            cx.county_crumb(county),
            cx.notice_crumb(county, notice),
        ],
    );
    cx.job("project.html", path, meta, view)
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
        cx.t.get("source.title"),
        notice.record.title.get(cx.lang).text
    );
    let meta = cx.meta(
        &path,
        title,
        vec![
            cx.home_crumb(),
            cx.county_crumb(county),
            cx.notice_crumb(county, notice),
        ],
    );
    cx.job("source.html", path, meta, view)
}
