//! A notice's page: its disclosure metadata, the investment table with
//! checked totals, charts, progress and downloads.

use serde::Serialize;

use super::context::json_ld;
use super::{PageContext, PageJob, PageKind, Pages};
use crate::model::{County, Notice, Project};
use crate::render::views::{Dashboard, Field, Link, Text, TotalCheck, project_state};
use crate::render::{accountability, chart, feeds, format, urls};
use crate::theme::keys as key;

pub const KIND: PageKind = PageKind {
    pages: Pages::Notice {
        path: |county, notice| Some(urls::notice(&county.slug, notice.year)),
        render: notice,
    },
    in_sitemap: true,
    shows_projects: true,
};

#[derive(Serialize)]
struct ItemRow {
    tasks: Option<Text>,
    amount: Option<String>,
    lead_units: Vec<Text>,
    deadline: Option<Text>,
}

/// A project as a table row group and, on phones, as a card. The card
/// shows the whole project at once: its amount, units and deadlines.
#[derive(Serialize)]
struct ProjectRow {
    number: String,
    name: Text,
    href: String,
    items: Vec<ItemRow>,
    /// The sum of its items' amounts in running text; none when no item states one.
    amount: Option<String>,
    /// Said after the amount when some items state none (they are left out of it).
    amount_note: Option<String>,
    /// Every item's lead units, each once, in the order they come.
    lead_units: Vec<Text>,
    /// Every item's deadline, each once, in the order they come.
    deadlines: Vec<Text>,
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

pub fn deadline_text(cx: &PageContext, deadline: &crate::model::Deadline) -> Text {
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
    fields.push(match record.unit.filter(|_| notice.states_amounts()) {
        Some(unit) => Field {
            label: t.get(key::META_UNIT),
            value: Text::plain(format::unit_name(lang, unit)),
        },
        None => Field {
            label: t.get(key::META_AMOUNTS),
            value: Text::plain(t.get(key::META_NO_AMOUNTS)),
        },
    });
    fields
}

fn notice(cx: &PageContext, county: &County, notice: &Notice) -> PageJob {
    let path = urls::notice(&county.slug, notice.year);
    let lang = cx.lang;
    let record = &notice.record;
    let unit = notice.unit();
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
        /// The notice on the government portal.
        source_url: Option<String>,
        unit: String,
        total: TotalCheck,
        groups: Vec<GroupView>,
        /// Whether any item states a deadline; the column is left out otherwise.
        has_deadlines: bool,
        /// Whether the notice states amounts; without, no amount column and no unit.
        has_amounts: bool,
        columns: usize,
        by_group: Option<chart::Chart>,
        by_unit: Option<chart::Chart>,
        dashboard: Dashboard,
        accountability: Option<accountability::NoticeAccountability>,
        downloads: Vec<Link>,
    }
    let declared = record.declared_total.as_ref().map(|a| a.value.value);
    let has_deadlines = notice
        .projects
        .iter()
        .flat_map(|p| &p.record.items)
        .any(|i| i.deadline.is_some());
    let has_amounts = notice.states_amounts();
    let view = NoticeView {
        title: Text::of(&record.title, lang),
        table_title: record.table_title.as_ref().map(|t| Text::of(t, lang)),
        fields: notice_meta_fields(cx, notice),
        release_note: record.release_note.as_ref().map(|n| Text::of(n, lang)),
        source_url: record.source_url.as_ref().map(|u| u.to_string()),
        source_href: notice
            .source_text
            .as_ref()
            .map(|_| cx.href(&path, &urls::source(&county.slug, notice.year))),
        unit: format::unit_name(lang, unit),
        total: TotalCheck::new(declared, notice.tally(), unit, lang, cx.t),
        groups,
        has_deadlines,
        has_amounts,
        columns: 5 + usize::from(has_deadlines) + usize::from(has_amounts),
        by_group: chart::by_group(notice, lang),
        by_unit: chart::by_lead_unit(notice, lang, &cx.t.get(key::CHART_OTHERS)),
        dashboard: cx.dashboard(&path, [(county, notice)]),
        accountability: accountability::notice(notice, lang, cx.t),
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
    let feed = urls::feed(&path);
    let updated = notice.last_updated(cx.options.drafts);
    let trail = cx.county_trail(county);
    let feed = feeds::notice_has_feed(notice).then_some(feed.as_str());
    let mut meta = cx.meta(&path, title.clone(), trail.clone(), updated, feed);
    meta.json_ld = json_ld(&[
        cx.breadcrumb_list(&trail, &path, &title),
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
    let (status, status_code) = project_state(project, &cx.status(), cx.t);
    let items: Vec<ItemRow> = project
        .record
        .items
        .iter()
        .map(|item| ItemRow {
            tasks: item.tasks.as_ref().map(|t| Text::of(t, cx.lang)),
            amount: item.amount.as_ref().map(|a| format::figure(a.value.value)),
            lead_units: item
                .lead_units
                .iter()
                .map(|u| Text::of(u, cx.lang))
                .collect(),
            deadline: item.deadline.as_ref().map(|d| deadline_text(cx, d)),
        })
        .collect();
    let tally = project.tally();
    let amount = tally
        .total()
        .map(|total| format::amount(cx.lang, total, notice.unit()));
    let amount_note = match (&amount, tally.rows_without_amount) {
        (None, _) | (Some(_), 0) => None,
        (Some(_), 1) => Some(cx.t.get(key::NOTICE_CARD_ONE_UNKNOWN)),
        (Some(_), n) => {
            Some(cx.t.fill(key::NOTICE_CARD_SOME_UNKNOWN, &[("count", &n.to_string())]))
        }
    };
    let lead_units = distinct(items.iter().flat_map(|i| &i.lead_units));
    let deadlines = distinct(items.iter().filter_map(|i| i.deadline.as_ref()));
    ProjectRow {
        number: project.record.number.clone(),
        name: Text::of(&project.record.name, cx.lang),
        href: cx.href(from, &urls::project(&county.slug, notice.year, &project.id)),
        items,
        amount,
        amount_note,
        lead_units,
        deadlines,
        status,
        status_code,
        overdue: project.is_overdue(cx.options.as_of, cx.options.drafts),
    }
}

/// Each text once, in the order they come: items often share a unit or a deadline.
fn distinct<'a>(texts: impl Iterator<Item = &'a Text>) -> Vec<Text> {
    let mut seen: Vec<Text> = Vec::new();
    for text in texts {
        if !seen.iter().any(|s| s.text == text.text) {
            seen.push(text.clone());
        }
    }
    seen
}
