//! Reports: front matter (percent in range, item numbers that exist, spent
//! not above plan), and bodies (Markdown that did not render as intended,
//! images that are not beside the report).

use crate::diagnostic::Diagnostic;
use crate::model::{County, Notice, Project, Report, ReportBodies, ReportText};

pub fn check(notice: &Notice) -> Vec<Diagnostic> {
    notice
        .projects
        .iter()
        .flat_map(|project| {
            project
                .reports
                .iter()
                .flat_map(move |r| check_report(project, r))
        })
        .collect()
}

fn check_report(project: &Project, report: &Report) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let percent = &report.front.percent;
    if !(0..=100).contains(&percent.value) {
        found.push(
            Diagnostic::error(
                "percent-out-of-range",
                format!(
                    "percent is {}, but it must be between 0 and 100",
                    percent.value
                ),
            )
            .at_location(&report.file, &percent.referenced)
            .hint("give the share of the work done, e.g. `percent: 60`"),
        );
    }
    if let Some(item) = &report.front.item {
        let count = project.record.items.len();
        if item.value == 0 || item.value > count {
            found.push(
                Diagnostic::error(
                    "unknown-item",
                    format!(
                        "item {} does not exist: project `{}` has {count} item(s)",
                        item.value, project.id
                    ),
                )
                .at_location(&report.file, &item.referenced)
                .hint("number items from 1 in the order of the project file, or leave `item:` out"),
            );
        }
    }
    found
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
    let bodies = std::iter::once((&text.zh, &report.file))
        .chain(text.en.as_ref().zip(report.en_file.as_ref()));
    let mut found = Vec::new();
    for (body, file) in bodies {
        for source in crate::markdown::image_sources(body) {
            let external = source.starts_with("http://") || source.starts_with("https://");
            if !external && !project.images.iter().any(|image| image.name == source) {
                found.push(
                    Diagnostic::error("missing-image", format!("the image `{source}` is not in the report's folder"))
                        .in_file(file)
                        .hint("put the image file beside the report (reports/<project-id>/) and refer to it by its file name"),
                );
            }
        }
    }
    found
}
