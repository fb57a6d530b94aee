//! The project page: every item of a project, its reports newest first,
//! its progress against schedule, and how to cite it.

use serde::Serialize;

use super::format;
use super::markdown;
use super::pages::{PageContext, PageJob, deadline_text};
use super::urls;
use super::views::{Field, Text, schedule_text, spent_of_planned, status_label};
use crate::model::{County, Lang, Notice, Project, Report};

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
    schedule: String,
    spent: Option<String>,
    item: Option<String>,
    body_html: String,
    body_zh_only: bool,
    draft: bool,
}

fn report_view(cx: &PageContext, project: &Project, report: &Report, unit: &str) -> ReportView {
    let front = &report.front;
    let (body, zh_only) = match (cx.lang, &report.body_en) {
        (Lang::En, Some(en)) => (en.as_str(), false),
        (Lang::En, None) => (report.body_zh.as_str(), true),
        (Lang::Zh, _) => (report.body_zh.as_str(), false),
    };
    ReportView {
        date: format::date(cx.lang, front.date),
        datetime: front.date.to_string(),
        status: status_label(front.status, cx.t),
        percent: front.percent.value,
        schedule: schedule_text(front.percent.value, front.date, cx.t),
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
        schedule: Option<String>,
        spent: Option<String>,
        items: Vec<ItemView>,
        reports: Vec<ReportView>,
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
        status: status_label(status, cx.t),
        status_code: status.code(),
        overdue: project.is_overdue(cx.options.as_of, cx.options.drafts),
        percent: latest.map(|r| r.front.percent.value),
        schedule: latest.map(|r| schedule_text(r.front.percent.value, r.front.date, cx.t)),
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
            .map(|r| report_view(cx, project, r, unit))
            .collect(),
        qr_svg: qr_svg(&urls::absolute(
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
        Some(&format!(
            "{}feed.xml",
            urls::notice(&county.slug, notice.year)
        )),
    );
    cx.job("project.html", path, meta, view)
}

/// The QR code of `text`: its modules, row by row, and how many make a row.
fn qr_modules(text: &str) -> Option<(Vec<qrcode::Color>, usize)> {
    use qrcode::canvas::{Canvas, MaskPattern};
    use qrcode::{EcLevel, bits, ec};
    // Level L keeps the code small (and quick to make); a printed URL needs no more.
    let bits = bits::encode_auto(text.as_bytes(), EcLevel::L).ok()?;
    let version = bits.version();
    let (data, correction) =
        ec::construct_codewords(&bits.into_bytes(), version, EcLevel::L).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::L);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &correction);
    // Every mask decodes. The library's default scores all eight and keeps
    // the best, which cost a seventh of a whole build; a URL's bits are
    // irregular enough that one fixed mask scans as well.
    canvas.apply_mask(MaskPattern::Checkerboard);
    Some((canvas.into_colors(), usize::try_from(version.width()).ok()?))
}

/// The permalink as a QR code, as SVG markup to put inside a page.
fn qr_svg(url: &str) -> Option<String> {
    use qrcode::render::{Renderer, svg::Color};
    let (modules, width) = qr_modules(url)?;
    let svg = Renderer::<Color>::new(&modules, width, 4)
        .min_dimensions(160, 160)
        .dark_color(Color("#000"))
        .light_color(Color("#fff"))
        .build();
    let start = svg.find("<svg")?;
    Some(svg[start..].replacen(
        " version=\"1.1\"",
        " aria-hidden=\"true\" focusable=\"false\"",
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes the modules as a camera would see them: 4 pixels a module, in a quiet zone.
    fn scan(modules: &[qrcode::Color], width: usize) -> String {
        let (scale, margin) = (4, 4);
        let side = (width + 2 * margin) * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let inside =
                (margin..margin + width).contains(&mx) && (margin..margin + width).contains(&my);
            let dark =
                inside && modules[(my - margin) * width + (mx - margin)] == qrcode::Color::Dark;
            if dark { 0 } else { 255 }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    #[test]
    fn the_qr_code_scans_back_to_the_permalink() {
        for url in [
            "https://example.gov.cn/wulong/2024/11/index.html",
            "https://synth.example/minsheng/en/c00001/2024/p01/index.html",
        ] {
            let (modules, width) = qr_modules(url).unwrap();
            assert_eq!(scan(&modules, width), url);
        }
        let svg = qr_svg("https://example.gov.cn/").unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("aria-hidden=\"true\""));
    }
}
