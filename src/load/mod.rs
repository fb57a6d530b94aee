//! Load: `content/` → [`Content`], with a diagnostic for every bad file.
//!
//! Layout: `site.yaml`, `glossary.yaml`, `<county>/county.yaml`,
//! `<county>/<year>/notice.yaml`, `<county>/<year>/*.txt` (published texts),
//! `<county>/<year>/projects/<id>.yaml`,
//! `<county>/<year>/reports/<id>/<YYYY-MM-DD>[.en].md`. Symbolic links are
//! never followed, so nothing outside `content/` is read.

mod glossary;
mod plain_front;
mod plain_project;
mod reader;
pub(crate) mod report;
mod report_folder;
pub(crate) mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::records::{CountyRecord, NoticeRecord};
use crate::model::{
    Content, County, CountySlug, Glossary, Notice, Project, ProjectId, Report, ReportBodies,
    ReportKey, ReportText, SiteRecord,
};
use reader::{Entry, Reader, entries, take, unexpected};
use report_folder::ProjectReports;

pub use glossary::apply_to_project as apply_glossary;
pub use plain_project::parse as parse_project;
pub use report::{ReportFile, parse as parse_report};
pub use yaml::{parse as parse_record, read as read_yaml, read_text};

/// Threads that read the content. Reading is mostly waiting for the disk
/// (one file per report), so many reads in flight beat one per core: on a
/// cold cache 16 readers load a national corpus several times faster than 2.
const READERS: usize = 16;

/// The site-wide records, read before any county: a build settles its
/// options from them, then loads the counties one by one.
pub struct SiteFiles {
    pub root: PathBuf,
    /// `None` when `site.yaml` is unusable (its problems are reported);
    /// the counties are still read, so every problem is reported in one run.
    pub site: Option<SiteRecord>,
    pub glossary: Glossary,
    /// The county folders, by name.
    pub counties: Vec<CountyDir>,
}

/// One county's folder under `content/`.
pub struct CountyDir {
    pub name: String,
    pub path: PathBuf,
}

/// Reads `site.yaml`, `glossary.yaml` and the list of county folders.
/// `None` only when `root` is not a folder.
pub fn site(root: &Path) -> (Option<SiteFiles>, Vec<Diagnostic>) {
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
    // The site record is published on every page (its title, its contact),
    // so it is scanned like any record, once its allow list is known.
    let site_file = root.join("site.yaml");
    let site_text = take(yaml::read_text(&site_file), &mut diagnostics);
    let site = site_text.as_deref().and_then(|text| {
        take(
            yaml::parse::<SiteRecord>(&site_file, text),
            &mut diagnostics,
        )
    });
    let allowed = match (&site, &site_text) {
        (Some(site), _) => site.allowed_contacts.clone(),
        (None, Some(text)) => allowed_contacts_only(&site_file, text),
        (None, None) => Vec::new(),
    };
    let reader = Reader {
        allowed: &allowed,
        scans: true,
    };
    if let Some(text) = &site_text {
        reader.scan(&site_file, text, &mut diagnostics);
    }
    let glossary_file = root.join("glossary.yaml");
    let glossary = if glossary_file.exists() {
        reader
            .record::<Glossary>(&glossary_file, &mut diagnostics)
            .unwrap_or_default()
    } else {
        Glossary::default()
    };
    let mut counties = Vec::new();
    for entry in entries(root, &mut diagnostics) {
        if entry.is_dir {
            // A county's folder name is the first part of its pages' addresses.
            reader.scan_name(&entry.path, &mut diagnostics);
            counties.push(CountyDir {
                name: entry.name,
                path: entry.path,
            });
        } else if entry.name != "site.yaml" && entry.name != "glossary.yaml" {
            diagnostics.push(unexpected(
                &entry.path,
                "site.yaml, glossary.yaml and one folder per county",
            ));
        }
    }
    let files = SiteFiles {
        root: root.to_path_buf(),
        site,
        glossary,
        counties,
    };
    (Some(files), diagnostics)
}

/// The allow list of a `site.yaml` that does not parse as a whole (a
/// misspelt key elsewhere), so its official contacts are not reported as
/// personal data on top of the real problem.
fn allowed_contacts_only(file: &Path, text: &str) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct AllowList {
        #[serde(default)]
        allowed_contacts: Vec<String>,
    }
    yaml::parse::<AllowList>(file, text).map_or_else(|_| Vec::new(), |a| a.allowed_contacts)
}

impl SiteFiles {
    /// Loads one county and its report bodies, with the personal-data scan
    /// as each file is read.
    pub fn county(
        &self,
        dir: &CountyDir,
        scan: Scan,
    ) -> (Option<(County, ReportBodies)>, Vec<Diagnostic>) {
        let reader = Reader {
            allowed: self
                .site
                .as_ref()
                .map_or(&[], |s| s.allowed_contacts.as_slice()),
            scans: scan == Scan::Texts,
        };
        let mut diagnostics = Vec::new();
        let mut county = load_county(reader, &dir.name, &dir.path, &mut diagnostics);
        if let Some((county, _)) = &mut county {
            glossary::apply(county, &self.glossary);
            diagnostics.extend(glossary::place_in_province(county, &self.glossary));
        }
        (county, diagnostics)
    }

    /// The whole tree, once its counties are loaded; `None` without a site record.
    pub fn into_content(self, counties: Vec<County>) -> Option<Content> {
        let site = self.site?;
        Some(Content {
            root: self.root,
            site,
            glossary: self.glossary,
            counties,
        })
    }
}

/// Whether the loader scans a county's texts for personal data and
/// control characters as it reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    Texts,
    /// The county is as it was when a build found nothing to report in it.
    KnownClean,
}

/// Runs `work` on the pool that reads content. Reading is mostly waiting
/// for the disk, so it uses more threads than cores.
pub fn with_readers<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new().num_threads(READERS).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// The whole tree, and every county's report bodies.
pub struct Loaded {
    pub content: Content,
    pub bodies: BTreeMap<CountySlug, ReportBodies>,
}

/// Loads the whole tree. Returns what could be read, and every problem found;
/// `None` when the site record itself is unusable.
pub fn load(root: &Path) -> (Option<Loaded>, Vec<Diagnostic>) {
    let (files, mut diagnostics) = site(root);
    let Some(files) = files else {
        return (None, diagnostics);
    };
    let loaded: Vec<_> = with_readers(|| {
        files
            .counties
            .par_iter()
            .map(|dir| files.county(dir, Scan::Texts))
            .collect()
    });
    let mut counties = Vec::with_capacity(loaded.len());
    let mut bodies = BTreeMap::new();
    for (county, found) in loaded {
        if let Some((county, county_bodies)) = county {
            bodies.insert(county.slug.clone(), county_bodies);
            counties.push(county);
        }
        diagnostics.extend(found);
    }
    let loaded = files
        .into_content(counties)
        .map(|content| Loaded { content, bodies });
    (loaded, diagnostics)
}

fn load_county(
    reader: Reader,
    name: &str,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(County, ReportBodies)> {
    let slug = match CountySlug::parse(name) {
        Ok(slug) => slug,
        Err(e) => {
            diagnostics
                .push(Diagnostic::error("bad-slug", format!("county folder: {e}")).in_file(dir));
            return None;
        }
    };
    let file = dir.join("county.yaml");
    let record = reader.record::<CountyRecord>(&file, diagnostics);
    let mut notices = Vec::new();
    let mut bodies = ReportBodies::default();
    for entry in entries(dir, diagnostics) {
        match (entry.is_dir, parse_year(&entry.name)) {
            (true, Some(year)) => {
                if let Some((notice, notice_bodies)) =
                    load_notice(reader, year, &entry.path, diagnostics)
                {
                    notices.push(notice);
                    bodies.extend(notice_bodies);
                }
            }
            (false, _) if entry.name == "county.yaml" => {}
            _ => diagnostics.push(unexpected(
                &entry.path,
                "county.yaml and one folder per year, e.g. 2024/",
            )),
        }
    }
    let county = record.map(|record| County {
        slug,
        file,
        record,
        province: None,
        notices,
    });
    county.map(|county| (county, bodies))
}

fn parse_year(name: &str) -> Option<u16> {
    (name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
        .then(|| name.parse().ok())
        .flatten()
        .filter(|year| crate::model::NOTICE_YEARS.contains(year))
}

fn load_notice(
    reader: Reader,
    year: u16,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Notice, ReportBodies)> {
    let file = dir.join("notice.yaml");
    let record = reader.record::<NoticeRecord>(&file, diagnostics);
    let mut reports = BTreeMap::new();
    let mut project_files = Vec::new();
    let mut accountability = None;
    for entry in entries(dir, diagnostics) {
        match entry.name.as_str() {
            "notice.yaml" => {}
            "accountability.yaml" if !entry.is_dir => {
                accountability = reader.record(&entry.path, diagnostics);
            }
            // Published texts kept beside the records: the notice, progress tables.
            name if !entry.is_dir && name.ends_with(".txt") => {}
            "projects" if entry.is_dir => project_files = yaml_files(&entry.path, diagnostics),
            "reports" if entry.is_dir => {
                reports = report_folder::load_all(reader, &entry.path, diagnostics);
            }
            _ => diagnostics.push(unexpected(
                &entry.path,
                "notice.yaml, accountability.yaml, the published .txt texts, projects/ and reports/",
            )),
        }
    }
    // A project's id is part of its page's address.
    for (_, path) in &project_files {
        reader.scan_name(path, diagnostics);
    }
    let loaded: Vec<(ProjectId, Option<Project>, Vec<Diagnostic>)> = project_files
        .par_iter()
        .map(|(id, path)| {
            let mut found = Vec::new();
            let project = reader
                .project(path, &mut found)
                .map(|record| Project::new(id.clone(), path.clone(), record));
            (id.clone(), project, found)
        })
        .collect();
    let mut projects = Vec::new();
    let mut unreadable = Vec::new();
    for (id, project, found) in loaded {
        diagnostics.extend(found);
        match project {
            Some(project) => projects.push(project),
            None => unreadable.push(id),
        }
    }
    let mut bodies = ReportBodies::default();
    let mut draft_files = Vec::new();
    for project in &mut projects {
        let found = reports.remove(&project.id).unwrap_or_default();
        project.reports = attach_bodies(year, &project.id, found.reports, &mut bodies);
        project.images = found.images;
        draft_files.extend(found.drafts);
    }
    for (
        id,
        ProjectReports {
            reports: orphans, ..
        },
    ) in reports
    {
        if unreadable.contains(&id) {
            // The project's own errors are reported; its reports are still
            // checked, so one fix does not reveal a second round of errors.
            for (report, text) in &orphans {
                diagnostics.extend(crate::markdown::lint(report, text));
            }
            continue;
        }
        for (report, _) in orphans {
            diagnostics.push(
                Diagnostic::error(
                    "unknown-project",
                    format!("this report is for `{id}`, which has no project file"),
                )
                .in_file(&report.file())
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
        .and_then(|source| read_source(reader, dir, &file, source, diagnostics));
    let notice = Notice {
        year,
        file,
        record,
        source_text,
        accountability,
        projects,
        unreadable,
        glossary_filled: 0,
        draft_files,
    };
    Some((notice, bodies))
}

/// A project's reports, their bodies moved to `bodies` under each report's place.
fn attach_bodies(
    year: u16,
    project: &ProjectId,
    reports: Vec<(Report, ReportText)>,
    bodies: &mut ReportBodies,
) -> Vec<Report> {
    let mut reports = reports
        .into_iter()
        .map(|(report, body)| {
            let key = ReportKey {
                year,
                project: project.clone(),
                date: report.front.date,
            };
            bodies.insert(key, body);
            report
        })
        .collect::<Vec<_>>();
    reports.shrink_to_fit();
    reports
}

/// The largest published text read; a notice is tens of kilobytes.
const SOURCE_LIMIT: u64 = 16 * 1024 * 1024;

/// Reads the published text a notice names in `source:`, a path relative to
/// the notice's folder (`source.txt`, which `import` writes there). It must
/// be a regular file inside that folder: not a link, a device or a pipe.
fn read_source(
    reader: Reader,
    notice_dir: &Path,
    file: &Path,
    source: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let path = notice_dir.join(source);
    let inside = !source.starts_with('/')
        && !Path::new(source)
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir));
    // Checked before reading: a FIFO or a device would block or never end.
    let regular = std::fs::symlink_metadata(&path)
        .is_ok_and(|m| m.file_type().is_file() && m.len() <= SOURCE_LIMIT);
    let text = (inside && regular)
        .then(|| std::fs::read_to_string(&path).ok())
        .flatten();
    match text {
        Some(text) => {
            reader.scan(&path, &text, diagnostics);
            Some(text)
        }
        None => {
            diagnostics.push(
                Diagnostic::error("missing-source", format!("the source text `{source}` cannot be read"))
                    .at_first(file, "source:")
                    .hint("`source:` names the published text in the notice's folder, as `minsheng import` writes it: source: \"source.txt\" (a regular file of at most 16 MiB)"),
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

/// Reloads one project of a notice folder: its record, reports and images,
/// with the personal-data scan (`allowed`: the site's allowed contacts).
/// `serve` uses it to rebuild only what a saved file changes.
pub fn reload_project(
    notice_dir: &Path,
    year: u16,
    id: &ProjectId,
    group: Option<usize>,
    allowed: &[String],
) -> (Option<(Project, ReportBodies)>, Vec<Diagnostic>) {
    let reader = Reader {
        allowed,
        scans: true,
    };
    let mut diagnostics = Vec::new();
    let file = notice_dir.join("projects").join(format!("{id}.yaml"));
    let record = reader.project(&file, &mut diagnostics);
    let reports_dir = notice_dir.join("reports").join(id.as_str());
    let ProjectReports {
        reports, images, ..
    } = if reports_dir.is_dir() {
        report_folder::load_project(reader, &reports_dir, &mut diagnostics)
    } else {
        ProjectReports::default()
    };
    let mut bodies = ReportBodies::default();
    let reports = attach_bodies(year, id, reports, &mut bodies);
    let project = record.map(|record| Project {
        group,
        reports,
        images,
        ..Project::new(id.clone(), file, record)
    });
    (project.map(|project| (project, bodies)), diagnostics)
}

/// `projects/<id>.yaml` files with their ids.
fn yaml_files(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(ProjectId, PathBuf)> {
    let mut files = Vec::new();
    for Entry { name, path, is_dir } in entries(dir, diagnostics) {
        let Some(stem) = name.strip_suffix(".yaml").filter(|_| !is_dir) else {
            diagnostics.push(unexpected(&path, "one <project-id>.yaml per project"));
            continue;
        };
        match ProjectId::parse(stem) {
            Ok(id) => files.push((id, path)),
            Err(e) => diagnostics.push(
                Diagnostic::error("bad-slug", format!("project file name: {e}")).in_file(&path),
            ),
        }
    }
    files
}
