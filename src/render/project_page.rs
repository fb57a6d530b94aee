//! The project page: every item of a project, its reports newest first,
//! its progress against schedule, and how to cite it.

use serde::Serialize;

use super::format;
use super::pages::{PageContext, PageJob, deadline_text};
use super::urls;
use super::views::{Field, Text, schedule_text, spent_of_planned, status_label};
use crate::model::{County, Lang, Notice, Project, Report, ReportText};
use crate::theme::keys as key;

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

fn report_view(
    cx: &PageContext,
    notice: &Notice,
    project: &Project,
    report: &Report,
    unit: &str,
) -> ReportView {
    let front = &report.front;
    let text = cx.bodies.get(notice.year, &project.id, front.date);
    let (body, zh_only) = match (cx.lang, text) {
        (Lang::En, Some(ReportText { en: Some(en), .. })) => (en.as_str(), false),
        (Lang::En, Some(text)) => (text.zh.as_str(), true),
        (Lang::Zh, Some(text)) => (text.zh.as_str(), false),
        (_, None) => ("", false),
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
                .map(|_| cx.t.fill(key::ITEM_LABEL, &[("n", &i.value.to_string())]))
        }),
        body_html: crate::markdown::to_html(body),
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
            .map(|r| report_view(cx, notice, project, r, unit))
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
///
/// One stroke per run of dark modules, in module units: about a quarter of
/// the size of a square per module, which matters on 40,000 pages.
fn qr_svg(url: &str) -> Option<String> {
    use std::fmt::Write;
    let (modules, width) = qr_modules(url)?;
    let side = width + 2 * QR_QUIET_ZONE;
    let mut path = String::new();
    for (y, row) in modules.chunks(width).enumerate() {
        let mut pen_x = None;
        let mut x = 0;
        while x < width {
            if row[x] != qrcode::Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == qrcode::Color::Dark {
                x += 1;
            }
            let run = x - start;
            let _ = match pen_x {
                None => write!(
                    path,
                    "M{} {}.5h{run}",
                    start + QR_QUIET_ZONE,
                    y + QR_QUIET_ZONE
                ),
                Some(end) => write!(path, "m{} 0h{run}", start - end),
            };
            pen_x = Some(x);
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" width=\"160\" height=\"160\" \
         shape-rendering=\"crispEdges\" aria-hidden=\"true\" focusable=\"false\">\
         <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{path}\" stroke=\"#000\"/></svg>"
    ))
}

/// Light modules around the code, as the standard asks.
const QR_QUIET_ZONE: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes a square of modules (true: dark) as a camera would see it, 4 pixels a module.
    fn scan(dark: &[Vec<bool>]) -> String {
        let scale = 4;
        let side = dark.len() * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            if dark[y / scale][x / scale] { 0 } else { 255 }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    /// Draws the SVG's path as a viewer would: `M x y.5` and `m dx 0` move
    /// the pen, `h n` strokes n modules of row y.
    fn raster(svg: &str) -> Vec<Vec<bool>> {
        let after = |marker: &str, end: char| {
            let start = svg.find(marker).unwrap() + marker.len();
            svg[start..].split(end).next().unwrap().to_string()
        };
        let side: usize = after("viewBox=\"0 0 ", ' ').parse().unwrap();
        let path = after(" d=\"", '"');
        let mut dark = vec![vec![false; side]; side];
        let (mut x, mut y) = (0.0f64, 0.0f64);
        let mut rest = path.as_str();
        while let Some(command) = rest.chars().next() {
            let end = rest[1..]
                .find(|c: char| c.is_ascii_alphabetic())
                .map_or(rest.len(), |i| i + 1);
            let numbers: Vec<f64> = rest[1..end]
                .split(' ')
                .map(|n| n.parse().unwrap())
                .collect();
            match (command, numbers.as_slice()) {
                ('M', [nx, ny]) => {
                    assert_eq!(
                        ny.fract(),
                        0.5,
                        "a stroke one module wide is centred on its row"
                    );
                    (x, y) = (*nx, *ny);
                }
                ('m', [dx, dy]) => (x, y) = (x + dx, y + dy),
                ('h', [n]) => {
                    dark[y as usize][x as usize..(x + n) as usize].fill(true);
                    x += n;
                }
                other => panic!("unexpected path command {other:?}"),
            }
            rest = &rest[end..];
        }
        dark
    }

    #[test]
    fn the_qr_code_scans_back_to_the_permalink() {
        for url in [
            "https://example.gov.cn/wulong/2024/11/index.html",
            "https://synth.example/minsheng/en/c00001/2024/p01/index.html",
        ] {
            let svg = qr_svg(url).unwrap();
            assert!(svg.starts_with("<svg") && svg.contains("aria-hidden=\"true\""));
            assert_eq!(scan(&raster(&svg)), url);
            assert!(svg.len() < 2600, "{} bytes", svg.len());
        }
    }
}
