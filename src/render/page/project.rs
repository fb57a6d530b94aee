//! The project page: every item of a project, its reports newest first,
//! its progress against schedule, and how to cite it.

use serde::Serialize;

use super::notice::deadline_text;
use super::{PageContext, PageJob, PageKind, Pages};
use crate::model::{AmountUnit, County, Lang, Notice, Project, Report, ReportText};
use crate::render::views::{
    Field, Text, government_schedule, percent_text, project_state, schedule_text, spent_of_planned,
    status_label,
};
use crate::render::{accountability, chart, feeds, format, qr, urls};
use crate::theme::keys as key;

pub const KIND: PageKind = PageKind {
    pages: Pages::Project {
        path: |county, notice, project| urls::project(&county.slug, notice.year, &project.id),
        render: project,
    },
    in_sitemap: true,
    shows_projects: true,
};

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
    percent: Option<i64>,
    /// `133% of the target (exceeded)`, where the government printed a rate above 100.
    exceeded: Option<String>,
    /// minsheng's own judgement against 序时进度, when the report states a percent.
    schedule: Option<String>,
    /// The government's own judgement, when the report states one.
    government_schedule: Option<String>,
    /// The government's reason or remark, as printed (Chinese).
    schedule_note: Option<Text>,
    spent: Option<String>,
    item: Option<String>,
    /// Figures per item, as a progress table with sub-rows gives them.
    items: Vec<ItemFiguresView>,
    body_html: String,
    body_zh_only: bool,
    draft: bool,
}

#[derive(Serialize)]
struct ItemFiguresView {
    label: String,
    percent: Option<String>,
    spent: Option<String>,
    text: Option<Text>,
}

fn report_view(
    cx: &PageContext,
    notice: &Notice,
    project: &Project,
    report: &Report,
    unit: AmountUnit,
) -> ReportView {
    let front = &report.front;
    let text = cx.bodies.get(notice.year, &project.id, front.date);
    let (body, zh_only) = match (cx.lang, text) {
        (Lang::En, Some(ReportText { en: Some(en), .. })) => (en.as_str(), false),
        (Lang::En, Some(text)) => (text.zh.as_str(), true),
        (Lang::Zh, Some(text)) => (text.zh.as_str(), false),
        (_, None) => ("", false),
    };
    let details = front.details();
    let items = details
        .items
        .iter()
        .map(|figures| ItemFiguresView {
            label: cx
                .t
                .fill(key::ITEM_LABEL, &[("n", &figures.item.value.to_string())]),
            percent: figures.percent.as_ref().map(|p| {
                percent_text(
                    p.value,
                    figures.percent_reported.as_ref().map(|r| r.value),
                    cx.t,
                )
            }),
            spent: figures
                .spent
                .as_ref()
                .map(|s| format::amount(cx.lang, s.value.value, unit)),
            text: figures
                .text
                .as_ref()
                .map(|t| Text::chinese(t.clone(), cx.lang)),
        })
        .collect();
    ReportView {
        date: format::date(cx.lang, front.date),
        datetime: front.date.to_string(),
        status: status_label(front.status, cx.t),
        percent: front.percent.as_ref().map(|p| p.value),
        exceeded: details
            .percent_reported
            .as_ref()
            .map(|r| percent_text(100, Some(r.value), cx.t)),
        schedule: front
            .percent
            .as_ref()
            .map(|p| schedule_text(p.value, front.date, cx.t)),
        government_schedule: government_schedule(details.on_schedule, cx.t),
        schedule_note: details
            .schedule_note
            .as_ref()
            .map(|n| Text::chinese(n.clone(), cx.lang)),
        items,
        spent: front
            .spent
            .as_ref()
            .map(|s| format::amount(cx.lang, s.value.value, unit)),
        item: front.item.as_ref().and_then(|i| {
            project
                .record
                .items
                .get(i.value.wrapping_sub(1))
                .map(|_| cx.t.fill(key::ITEM_LABEL, &[("n", &i.value.to_string())]))
        }),
        body_html: crate::markdown::to_html(body),
        body_zh_only: zh_only,
        draft: front.draft,
    }
}

fn project(cx: &PageContext, county: &County, notice: &Notice, project: &Project) -> PageJob {
    let path = urls::project(&county.slug, notice.year, &project.id);
    let lang = cx.lang;
    let unit = notice.unit();
    let texts = |list: &[crate::model::Bilingual]| {
        list.iter().map(|b| Text::of(b, lang)).collect::<Vec<_>>()
    };
    let items = project
        .record
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| ItemView {
            label: cx.t.fill(key::ITEM_LABEL, &[("n", &(i + 1).to_string())]),
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
    let (status, status_code) = project_state(project, &cx.status(), cx.t);
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
        /// Whether the notice states amounts; without, none are shown.
        has_amounts: bool,
        status: String,
        status_code: &'static str,
        overdue: bool,
        percent: Option<i64>,
        schedule: Option<String>,
        spent: Option<String>,
        items: Vec<ItemView>,
        reports: Vec<ReportView>,
        /// Each report's percent, oldest first, as bars and a table.
        timeline: Option<chart::Chart>,
        accountability: Option<accountability::ProjectAccountability>,
        permalink: String,
        /// An inline SVG QR code of the permalink, generated here (no user text inside).
        qr_svg: Option<String>,
        doc_number: Option<Text>,
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
        has_amounts: notice.states_amounts(),
        status,
        status_code,
        overdue: project.is_overdue(cx.options.as_of, cx.options.drafts),
        percent: latest.and_then(|r| r.front.percent.as_ref().map(|p| p.value)),
        schedule: latest.and_then(|r| {
            let percent = r.front.percent.as_ref()?;
            Some(schedule_text(percent.value, r.front.date, cx.t))
        }),
        spent: project
            .spent(cx.options.drafts)
            .map(|spent| match tally.total() {
                Some(planned) => spent_of_planned(spent, planned, unit, lang, cx.t),
                None => format::amount(lang, spent, unit),
            }),
        items,
        reports: project
            .visible_reports(cx.options.drafts)
            .rev()
            .map(|r| report_view(cx, notice, project, r, unit))
            .collect(),
        accountability: accountability::project(notice, project, lang, cx.t),
        timeline: chart::progress(
            &project
                .visible_reports(cx.options.drafts)
                .collect::<Vec<_>>(),
            lang,
            cx.t,
        ),
        qr_svg: qr::svg(&urls::absolute(
            &cx.options.base_url,
            &urls::in_lang(lang, &path),
        )),
        permalink: urls::absolute(&cx.options.base_url, &urls::in_lang(lang, &path)),
        doc_number: notice
            .record
            .doc_number
            .as_ref()
            .map(|d| Text::chinese(d.clone(), lang)),
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
        cx.notice_trail(county, notice),
        project
            .last_updated(cx.options.drafts)
            .or(notice.last_updated(cx.options.drafts)),
        feeds::notice_has_feed(notice)
            .then(|| urls::feed(&urls::notice(&county.slug, notice.year)))
            .as_deref(),
    );
    cx.job("project.html", path, meta, view)
}
