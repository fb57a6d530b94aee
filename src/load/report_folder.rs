//! A notice's `reports/` folder: one folder per project, holding its
//! reports (`<date>.md`, and `<date>.en.md` for the English) and images.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::reader::{Entry, OpenFolder, Reader, entries, take, unexpected};
use super::report;
use crate::diagnostic::Diagnostic;
use crate::model::{Date, Image, ProjectId, Report, ReportText};

/// A project's reports with their bodies (oldest first), the images beside
/// them, and the files of its draft reports (also those that do not parse).
#[derive(Default)]
pub(super) struct ProjectReports {
    pub reports: Vec<(Report, ReportText)>,
    pub images: Vec<Image>,
    pub drafts: Vec<PathBuf>,
}

/// `reports/<id>/<date>.md` (and `.en.md`) grouped by project id; the
/// projects' folders are read in parallel.
pub(super) fn load_all(
    reader: Reader,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<ProjectId, ProjectReports> {
    let mut folders = Vec::new();
    for Entry { name, path, is_dir } in entries(dir, diagnostics) {
        let id = match (is_dir, ProjectId::parse(&name)) {
            (true, Ok(id)) => id,
            (true, Err(e)) => {
                diagnostics.push(
                    Diagnostic::error("bad-slug", format!("report folder: {e}")).in_file(&path),
                );
                continue;
            }
            (false, _) => {
                diagnostics.push(unexpected(&path, "one folder per project id"));
                continue;
            }
        };
        folders.push((id, path));
    }
    let loaded: Vec<(ProjectId, ProjectReports, Vec<Diagnostic>)> = folders
        .into_par_iter()
        .map(|(id, path)| {
            let mut found = Vec::new();
            let reports = load_project(reader, &path, &mut found);
            (id, reports, found)
        })
        .collect();
    let mut by_project = BTreeMap::new();
    for (id, reports, found) in loaded {
        diagnostics.extend(found);
        by_project.insert(id, reports);
    }
    by_project
}

/// One project's folder of reports and images.
pub(super) fn load_project(
    reader: Reader,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> ProjectReports {
    let mut image_files = BTreeMap::new();
    let mut chinese = BTreeMap::new();
    let mut english = BTreeMap::new();
    for Entry { name, path, .. } in entries(dir, diagnostics) {
        // Before deciding what the file is: whatever is published keeps its name.
        reader.scan_name(&path, diagnostics);
        if is_image(&name) {
            image_files.insert(name, path);
            continue;
        }
        if name.to_ascii_lowercase().ends_with(".svg") {
            diagnostics.push(
                Diagnostic::error("svg-image", "SVG images are not published: an SVG file can carry a script that runs in the reader's browser")
                    .in_file(&path)
                    .hint("save the picture as PNG or JPEG and refer to that file instead"),
            );
            continue;
        }
        let (stem, is_english) = match name.strip_suffix(".en.md") {
            Some(stem) => (stem, true),
            None => match name.strip_suffix(".md") {
                Some(stem) => (stem, false),
                None => {
                    diagnostics.push(unexpected(
                        &path,
                        "reports named YYYY-MM-DD.md and YYYY-MM-DD.en.md, and their images",
                    ));
                    continue;
                }
            },
        };
        match Date::parse(stem) {
            // A report's files are named again from its date (`Report::file`).
            Ok(date) if date.to_string() != stem => diagnostics.push(
                Diagnostic::error(
                    "bad-report-name",
                    format!("report file name: write the date as {date}, with nothing around it"),
                )
                .in_file(&path)
                .hint(format!(
                    "rename the file {date}{}",
                    if is_english { ".en.md" } else { ".md" }
                )),
            ),
            Ok(date) if is_english => {
                english.insert(date, path);
            }
            Ok(date) => {
                chinese.insert(date, path);
            }
            Err(e) => diagnostics.push(
                Diagnostic::error("bad-report-name", format!("report file name: {e}"))
                    .in_file(&path)
                    .hint("name each report after its date, e.g. 2024-03-31.md"),
            ),
        }
    }
    let folder: Arc<Path> = Arc::from(dir);
    let open = OpenFolder::open(dir);
    let mut reports = Vec::with_capacity(chinese.len());
    let mut drafts = Vec::new();
    for (date, path) in chinese {
        let en_path = english.remove(&date);
        let files = ReportFiles {
            opened: &open,
            zh: &path,
            en: en_path,
        };
        let (report, draft) = load_report(reader, &folder, date, files, diagnostics);
        if draft {
            drafts.push(path);
        }
        reports.extend(report);
    }
    for (_, path) in english {
        diagnostics.push(
            Diagnostic::error(
                "orphan-translation",
                "this English report has no Chinese report of the same date",
            )
            .in_file(&path)
            .hint("the Chinese report (YYYY-MM-DD.md) is the original; add it or rename this file"),
        );
    }
    let images = shown_images(image_files, &reports, diagnostics);
    ProjectReports {
        reports,
        images,
        drafts,
    }
}

/// The images that a report shows, read; the other image files are named
/// in a warning and never read, so nothing a report does not show (a photo
/// of a draft, a file named after a person) is published.
fn shown_images(
    files: BTreeMap<String, PathBuf>,
    reports: &[(Report, ReportText)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Image> {
    let mut shown: BTreeMap<String, bool> = BTreeMap::new();
    for (report, text) in reports {
        let bodies = std::iter::once(&text.zh).chain(text.en.as_ref());
        for source in bodies.flat_map(|body| crate::markdown::image_sources(body)) {
            let drafts_only = shown.entry(source).or_insert(true);
            *drafts_only &= report.front.draft;
        }
    }
    let mut images = Vec::new();
    for (name, path) in files {
        let Some(&drafts_only) = shown.get(&name) else {
            diagnostics.push(
                Diagnostic::warning(
                    "unused-image",
                    "no report shows this image, so it is not published",
                )
                .in_file(&path)
                .hint("show it in a report with ![what it shows](file name), or delete it"),
            );
            continue;
        };
        match fs::read(&path) {
            Ok(bytes) => images.push(Image {
                name,
                bytes,
                drafts_only,
            }),
            Err(e) => diagnostics.push(
                Diagnostic::io("unreadable", format!("cannot read this image: {e}")).in_file(&path),
            ),
        }
    }
    images
}

/// The files of one report, in its open folder.
struct ReportFiles<'a> {
    opened: &'a OpenFolder,
    zh: &'a Path,
    en: Option<PathBuf>,
}

/// One report and its body, when it reads; and whether it is a draft.
fn load_report(
    reader: Reader,
    folder: &Arc<Path>,
    date: Date,
    files: ReportFiles,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<(Report, ReportText)>, bool) {
    let Some(text) = reader.text_in(files.opened, files.zh, diagnostics) else {
        return (None, false);
    };
    let read = read_report(reader, folder, date, &files, &text, diagnostics);
    // The parsed front matter decides, as it does what the site shows; the
    // line-by-line reading only serves a draft whose front matter does not parse.
    let draft = read.as_ref().map_or_else(
        || report::marks_draft(&text),
        |(report, _)| report.front.draft,
    );
    (read, draft)
}

fn read_report(
    reader: Reader,
    folder: &Arc<Path>,
    date: Date,
    files: &ReportFiles,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Report, ReportText)> {
    let path = files.zh;
    let parsed = take(report::parse(path, text), diagnostics)?;
    if parsed.front.date != date {
        diagnostics.push(
            Diagnostic::error(
                "report-date-mismatch",
                format!(
                    "the front matter says {} but the file is named {date}",
                    parsed.front.date
                ),
            )
            .at(path, 2, 1)
            .hint("make the file name and the `date:` agree"),
        );
    }
    let body_en = files.en.as_ref().and_then(|en| {
        let text = reader.text_in(files.opened, en, diagnostics)?;
        Some(match report::parse(en, &text) {
            Ok(parsed) => parsed.body,
            Err(_) => text,
        })
    });
    let report = Report::new(Arc::clone(folder), date, parsed.front, parsed.body_line);
    let body = ReportText {
        zh: parsed.body,
        en: body_en,
    };
    Some((report, body))
}

fn is_image(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}
