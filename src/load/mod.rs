//! Load: `content/` → [`Content`], with a diagnostic for every bad file.
//!
//! Layout: `site.yaml`, `glossary.yaml`, `<county>/county.yaml`,
//! `<county>/<year>/notice.yaml`, `<county>/<year>/projects/<id>.yaml`,
//! `<county>/<year>/reports/<id>/<YYYY-MM-DD>[.en].md`. Symbolic links are
//! never followed, so nothing outside `content/` is read.

pub(crate) mod report;
pub(crate) mod yaml;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::records::{CountyRecord, NoticeRecord, ProjectRecord};
use crate::model::{
    Content, County, Date, Glossary, Image, Notice, Project, Report, SiteRecord, Slug,
};

pub use report::{ReportFile, parse as parse_report};
pub use yaml::{parse as parse_record, read as read_yaml, read_text};

/// Loads the whole tree. Returns what could be read, and every problem found;
/// `None` only when the site record itself is unusable.
pub fn load(root: &Path) -> (Option<Content>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if !root.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                "no-content",
                format!("`{}` is not a folder", root.display()),
            )
            .hint("run minsheng in the folder that holds content/, or pass --content DIR"),
        );
        return (None, diagnostics);
    }
    let site = take(
        yaml::read::<SiteRecord>(&root.join("site.yaml")),
        &mut diagnostics,
    );
    let glossary_file = root.join("glossary.yaml");
    let glossary = if glossary_file.exists() {
        take(yaml::read::<Glossary>(&glossary_file), &mut diagnostics).unwrap_or_default()
    } else {
        Glossary::default()
    };
    let mut counties = Vec::new();
    for (name, path) in entries(root, &mut diagnostics) {
        if path.is_dir() {
            if let Some(county) = load_county(&name, &path, &mut diagnostics) {
                counties.push(county);
            }
        } else if name != "site.yaml" && name != "glossary.yaml" {
            diagnostics.push(unexpected(
                &path,
                "site.yaml, glossary.yaml and one folder per county",
            ));
        }
    }
    let content = site.map(|site| Content {
        root: root.to_path_buf(),
        site,
        glossary,
        counties,
    });
    (content, diagnostics)
}

fn load_county(name: &str, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<County> {
    let slug = match Slug::parse(name) {
        Ok(slug) => slug,
        Err(e) => {
            diagnostics
                .push(Diagnostic::error("bad-slug", format!("county folder: {e}")).in_file(dir));
            return None;
        }
    };
    let file = dir.join("county.yaml");
    let record = take(yaml::read::<CountyRecord>(&file), diagnostics);
    let mut notices = Vec::new();
    for (name, path) in entries(dir, diagnostics) {
        match (path.is_dir(), parse_year(&name)) {
            (true, Some(year)) => notices.extend(load_notice(year, &path, diagnostics)),
            (false, _) if name == "county.yaml" => {}
            _ => diagnostics.push(unexpected(
                &path,
                "county.yaml and one folder per year, e.g. 2024/",
            )),
        }
    }
    record.map(|record| County {
        slug,
        file,
        record,
        notices,
    })
}

fn parse_year(name: &str) -> Option<u16> {
    (name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
        .then(|| name.parse().ok())
        .flatten()
        .filter(|year| (1949..=2200).contains(year))
}

fn load_notice(year: u16, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Notice> {
    let file = dir.join("notice.yaml");
    let record = take(yaml::read::<NoticeRecord>(&file), diagnostics);
    let mut reports = BTreeMap::new();
    let mut project_files = Vec::new();
    for (name, path) in entries(dir, diagnostics) {
        match name.as_str() {
            "notice.yaml" => {}
            "projects" if path.is_dir() => project_files = yaml_files(&path, diagnostics),
            "reports" if path.is_dir() => reports = load_reports(&path, diagnostics),
            _ => diagnostics.push(unexpected(&path, "notice.yaml, projects/ and reports/")),
        }
    }
    let loaded: Vec<(Slug, Result<Project, Diagnostic>)> = project_files
        .par_iter()
        .map(|(id, path)| {
            let project = yaml::read::<ProjectRecord>(path).map(|record| Project {
                id: id.clone(),
                file: path.clone(),
                record,
                group: None,
                reports: Vec::new(),
                images: Vec::new(),
            });
            (id.clone(), project)
        })
        .collect();
    let mut projects = Vec::new();
    let mut unreadable = Vec::new();
    for (id, project) in loaded {
        match project {
            Ok(project) => projects.push(project),
            Err(problem) => {
                diagnostics.push(problem);
                unreadable.push(id);
            }
        }
    }
    for project in &mut projects {
        let (found, images) = reports.remove(&project.id).unwrap_or_default();
        project.reports = found;
        project.images = images;
    }
    for (id, (orphans, _)) in reports
        .into_iter()
        .filter(|(id, _)| !unreadable.contains(id))
    {
        for report in orphans {
            diagnostics.push(
                Diagnostic::error(
                    "unknown-project",
                    format!("this report is for `{id}`, which has no project file"),
                )
                .in_file(&report.file)
                .hint(format!(
                    "move it to the folder of an existing project, or add projects/{id}.yaml"
                )),
            );
        }
    }
    let record = record?;
    order_by_groups(&record, &mut projects);
    let source_text = record
        .source
        .as_ref()
        .and_then(|source| read_source(dir, &file, source, diagnostics));
    Some(Notice {
        year,
        file,
        record,
        source_text,
        projects,
        unreadable,
    })
}

/// Reads the published text a notice names in `source:`, a path relative to
/// the folder that holds `content/` (e.g. `seeds/000_….txt`).
fn read_source(
    notice_dir: &Path,
    file: &Path,
    source: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let project_root = notice_dir.ancestors().nth(3).unwrap_or(notice_dir);
    let path = project_root.join(source);
    let inside = !source.starts_with('/')
        && !Path::new(source)
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir));
    match fs::read_to_string(&path) {
        Ok(text) if inside => Some(text),
        _ => {
            diagnostics.push(
                Diagnostic::error("missing-source", format!("the source text `{source}` cannot be read"))
                    .in_file(file)
                    .hint("`source:` names the published notice relative to the folder that holds content/, e.g. seeds/003_….txt"),
            );
            None
        }
    }
}

/// Puts projects in the order the notice's groups list them, and records each one's group.
pub(crate) fn order_by_groups(record: &NoticeRecord, projects: &mut [Project]) {
    let mut position = BTreeMap::new();
    for (g, group) in record.groups.iter().enumerate() {
        for (i, id) in group.projects.iter().enumerate() {
            position.entry(id.value.clone()).or_insert((g, i));
        }
    }
    for project in projects.iter_mut() {
        project.group = position.get(&project.id).map(|(g, _)| *g);
    }
    projects.sort_by_key(|p| {
        (
            position.get(&p.id).copied().unwrap_or((usize::MAX, 0)),
            p.id.clone(),
        )
    });
}

/// Reloads one project of a notice folder: its record, reports and images.
/// `serve` uses it to rebuild only what a saved file changes.
pub fn reload_project(
    notice_dir: &Path,
    id: &Slug,
    group: Option<usize>,
) -> (Option<Project>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let file = notice_dir.join("projects").join(format!("{id}.yaml"));
    let record = take(yaml::read::<ProjectRecord>(&file), &mut diagnostics);
    let reports_dir = notice_dir.join("reports").join(id.as_str());
    let (reports, images) = if reports_dir.is_dir() {
        load_project_reports(&reports_dir, &mut diagnostics)
    } else {
        (Vec::new(), Vec::new())
    };
    let project = record.map(|record| Project {
        id: id.clone(),
        file,
        record,
        group,
        reports,
        images,
    });
    (project, diagnostics)
}

/// `projects/<id>.yaml` files with their ids.
fn yaml_files(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(Slug, PathBuf)> {
    let mut files = Vec::new();
    for (name, path) in entries(dir, diagnostics) {
        let Some(stem) = name.strip_suffix(".yaml").filter(|_| path.is_file()) else {
            diagnostics.push(unexpected(&path, "one <project-id>.yaml per project"));
            continue;
        };
        match Slug::parse(stem) {
            Ok(id) => files.push((id, path)),
            Err(e) => diagnostics.push(
                Diagnostic::error("bad-slug", format!("project file name: {e}")).in_file(&path),
            ),
        }
    }
    files
}

/// A project's reports (oldest first) and the images beside them.
type ProjectReports = (Vec<Report>, Vec<Image>);

/// `reports/<id>/<date>.md` (and `.en.md`) grouped by project id.
fn load_reports(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> BTreeMap<Slug, ProjectReports> {
    let mut by_project = BTreeMap::new();
    for (name, path) in entries(dir, diagnostics) {
        let id = match (path.is_dir(), Slug::parse(&name)) {
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
        let reports = load_project_reports(&path, diagnostics);
        by_project.insert(id, reports);
    }
    by_project
}

fn load_project_reports(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> ProjectReports {
    let mut images = Vec::new();
    let mut chinese = BTreeMap::new();
    let mut english = BTreeMap::new();
    for (name, path) in entries(dir, diagnostics) {
        if is_image(&name) {
            match fs::read(&path) {
                Ok(bytes) => images.push(Image { name, bytes }),
                Err(e) => diagnostics.push(
                    Diagnostic::error("unreadable", format!("cannot read this image: {e}"))
                        .in_file(&path),
                ),
            }
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
    let mut reports = Vec::new();
    for (date, path) in chinese {
        let en_path = english.remove(&date);
        if let Some(report) = load_report(date, path, en_path, diagnostics) {
            reports.push(report);
        }
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
    (reports, images)
}

fn load_report(
    date: Date,
    path: PathBuf,
    en_path: Option<PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Report> {
    let text = take(yaml::read_text(&path), diagnostics)?;
    let parsed = take(report::parse(&path, &text), diagnostics)?;
    if parsed.front.date != date {
        diagnostics.push(
            Diagnostic::error(
                "report-date-mismatch",
                format!(
                    "the front matter says {} but the file is named {date}",
                    parsed.front.date
                ),
            )
            .at(&path, 2, 1)
            .hint("make the file name and the `date:` agree"),
        );
    }
    let body_en = en_path.as_ref().and_then(|en| {
        let text = take(yaml::read_text(en), diagnostics)?;
        Some(match report::parse(en, &text) {
            Ok(parsed) => parsed.body,
            Err(_) => text,
        })
    });
    Some(Report {
        file: path,
        front: parsed.front,
        body_zh: parsed.body,
        body_en,
        en_file: en_path,
        body_line: parsed.body_line,
    })
}

fn is_image(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The entries of a folder, sorted by name; symbolic links are reported, not followed.
fn entries(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let read = match fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("unreadable", format!("cannot read this folder: {e}"))
                    .in_file(dir),
            );
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    for entry in read.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_symlink()) {
            diagnostics.push(
                Diagnostic::error("symlink", "symbolic links are not followed in content/")
                    .in_file(&path)
                    .hint("copy the file into content/ instead of linking to it"),
            );
            continue;
        }
        entries.push((name, path));
    }
    entries.sort();
    entries
}

fn unexpected(path: &Path, expected: &str) -> Diagnostic {
    Diagnostic::error(
        "unexpected-file",
        "this file or folder is not part of the content layout",
    )
    .in_file(path)
    .hint(format!("expected here: {expected}; move or delete it"))
}

fn take<T>(result: Result<T, Diagnostic>, diagnostics: &mut Vec<Diagnostic>) -> Option<T> {
    result.map_err(|d| diagnostics.push(d)).ok()
}
