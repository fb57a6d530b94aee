//! Reports: front matter (percent in range, item numbers that exist, spent
//! not above plan), and bodies (Markdown that did not render as intended,
//! images that are not beside the report).

use crate::diagnostic::Diagnostic;
use crate::model::Spanned;

use crate::model::{County, Notice, Project, Report, ReportBodies, ReportText};

pub fn check(notice: &Notice) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = notice
        .projects
        .iter()
        .flat_map(|project| {
            project
                .reports
                .iter()
                .flat_map(move |r| check_report(project, r))
        })
        .collect();
    if notice.record.unit.is_none() {
        found.extend(spent_without_unit(notice));
    }
    found
}

/// Investment completed on a notice that states no unit would be shown in
/// a unit nobody stated.
fn spent_without_unit(notice: &Notice) -> impl Iterator<Item = Diagnostic> + '_ {
    let reports = notice.projects.iter().flat_map(|p| &p.reports);
    reports.flat_map(|report| {
        let spent = report.front.spent.iter();
        let per_item = report.front.details().items.iter().filter_map(|i| i.spent.as_ref());
        spent.chain(per_item).map(move |spent| {
            Diagnostic::error(
                "amount-without-unit",
                "this report states investment completed, but the notice states no unit for amounts",
            )
            .at_place(&report.file(), spent.at)
            .hint("add `unit:` to notice.yaml if the notice states one, or leave `spent:` out")
        })
    })
}

fn check_report(project: &Project, report: &Report) -> Vec<Diagnostic> {
    let front = &report.front;
    let mut found = Vec::new();
    found.extend(check_percent(
        report,
        front.percent.as_ref(),
        front.details().percent_reported.as_ref(),
    ));
    let items = front
        .item
        .iter()
        .chain(front.details().items.iter().map(|i| &i.item));
    for item in items {
        found.extend(check_item(project, report, item));
    }
    for figures in &front.details().items {
        found.extend(check_percent(
            report,
            figures.percent.as_ref(),
            figures.percent_reported.as_ref(),
        ));
    }
    found.extend(check_source(report));
    found
}

/// `percent` within 0–100; a rate the government printed above 100 goes in
/// `percent_reported`, beside `percent: 100`, never alone.
fn check_percent(
    report: &Report,
    percent: Option<&Spanned<i64>>,
    reported: Option<&Spanned<i64>>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let Some(percent) = percent else {
        found.extend(reported.map(|reported| {
            Diagnostic::error(
                "percent-reported",
                format!(
                    "percent_reported is {} without percent: it only stands beside `percent: 100`",
                    reported.value
                ),
            )
            .at_place(&report.file(), reported.at)
            .hint("write `percent: 100` above it for a printed 完成率 above 100%; otherwise leave percent_reported out")
        }));
        return found;
    };
    if !(0..=100).contains(&percent.value) {
        found.push(
            Diagnostic::error(
                "percent-out-of-range",
                format!(
                    "percent is {}, but it must be between 0 and 100",
                    percent.value
                ),
            )
            .at_place(&report.file(), percent.at)
            .hint("give the share of the work done, e.g. `percent: 60`; a rate above 100 goes in `percent_reported:` beside `percent: 100`"),
        );
    }
    if let Some(reported) = reported.filter(|r| r.value <= 100 || percent.value != 100) {
        found.push(
            Diagnostic::error(
                "percent-reported",
                format!(
                    "percent_reported is {} beside percent {}: it is only for a rate the government printed above 100",
                    reported.value, percent.value
                ),
            )
            .at_place(&report.file(), reported.at)
            .hint("write `percent: 100` and `percent_reported: 133` for a printed 完成率 of 133%; otherwise leave percent_reported out"),
        );
    }
    found
}

fn check_item(project: &Project, report: &Report, item: &Spanned<usize>) -> Option<Diagnostic> {
    let count = project.record.items.len();
    (item.value == 0 || item.value > count).then(|| {
        Diagnostic::error(
            "unknown-item",
            format!(
                "item {} does not exist: project `{}` has {count} item(s)",
                item.value, project.id
            ),
        )
        .at_place(&report.file(), item.at)
        .hint("number items from 1 in the order of the project file, or leave `item:` out")
    })
}

/// The progress text a report was imported from is a file of the notice's folder.
fn check_source(report: &Report) -> Option<Diagnostic> {
    let source = report.front.details().source.as_ref()?;
    // reports/<id>/<date>.md: the notice's folder is three levels up.
    let file = report.file();
    let notice_dir = file.ancestors().nth(3)?;
    let inside = !source.contains('/') && !source.contains('\\') && !source.starts_with('.');
    let regular =
        std::fs::symlink_metadata(notice_dir.join(source)).is_ok_and(|m| m.file_type().is_file());
    (!inside || !regular).then(|| {
        Diagnostic::error(
            "missing-source",
            format!("the progress text `{source}` is not a file of the notice's folder"),
        )
        .in_file(&file)
        .hint("`source:` names the published progress text that `minsheng import` copied into the notice's folder, e.g. source: \"progress-2024-06-30.txt\"")
    })
}

/// The rules on report bodies, for each body given (a county's, or one
/// project's after an edit).
pub fn check_bodies(county: &County, bodies: &ReportBodies) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (key, text) in bodies.iter() {
        let Some(notice) = county.notices.iter().find(|n| n.year == key.year) else {
            continue;
        };
        let Some(project) = notice.projects.iter().find(|p| p.id == key.project) else {
            continue;
        };
        let Some(report) = project.reports.iter().find(|r| r.front.date == key.date) else {
            continue;
        };
        found.extend(crate::markdown::lint(report, text));
        found.extend(missing_images(project, report, text));
    }
    found
}

/// An image a report shows must be a file beside it, so it can be published with the page.
fn missing_images(project: &Project, report: &Report, text: &ReportText) -> Vec<Diagnostic> {
    let bodies = std::iter::once((&text.zh, false)).chain(text.en.as_ref().map(|en| (en, true)));
    let mut found = Vec::new();
    for (body, english) in bodies {
        for source in crate::markdown::image_sources(body) {
            let external = source.starts_with("http://") || source.starts_with("https://");
            if !external && !project.images.iter().any(|image| image.name == source) {
                let file = report.file_of(english);
                found.push(
                    Diagnostic::error("missing-image", format!("the image `{source}` is not in the report's folder"))
                        .at_first(&file, &format!("]({source}"))
                        .hint("put the image file beside the report (reports/<project-id>/) and refer to it by its file name"),
                );
            }
        }
    }
    found
}
