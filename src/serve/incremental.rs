//! Rebuilding only what an edit changes.
//!
//! When every changed file is a project record or something in a project's
//! report folder, the project is reloaded, its notice is checked again, and
//! only the pages that show it are written (see
//! `render::render_project_change`). Any other change, or a change this
//! cannot place (a new project, an unpublished notice), gets a full build.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::build::Built;
use crate::diagnostic::Diagnostic;
use crate::model::ReportBodies;
use crate::render::{OutputFile, Sink, render_project_change};

/// A project named by its place in `content/`.
type ProjectKey = (String, u16, String);

/// Writes into the served folder while the server reads from it: each page
/// is replaced whole (see `folder::replace_into`). An edit touches a few
/// pages, so the whole site needs no swap.
struct Folder<'a>(&'a Path);

impl Sink for Folder<'_> {
    fn put(&self, file: OutputFile) -> Result<(), String> {
        super::folder::replace_into(self.0, &file)
    }
}

/// What an edit came to.
pub enum Applied {
    /// This many pages were written.
    Updated(usize),
    /// The edit has errors; what is served is unchanged.
    Failed(Vec<Diagnostic>),
    /// The edit needs a whole build, for the reason given.
    NeedsFullBuild(String),
}

/// Applies an edit to the last build, when only projects changed.
pub fn apply(built: &mut Built, content: &Path, out: &Path, changed: &[PathBuf]) -> Applied {
    let keys = match projects_changed(content, changed) {
        Ok(keys) => keys,
        Err(reason) => return Applied::NeedsFullBuild(reason),
    };
    let mut pages = 0;
    for (county, year, id) in keys {
        let Some(at) = built.site.find_project(&county, year, &id) else {
            return Applied::NeedsFullBuild(format!(
                "{county}/{year}/{id} is not a published project of the last build"
            ));
        };
        let notice_dir = content.join(&county).join(year.to_string());
        let old = built.site.project(at);
        let (reloaded, mut problems) = crate::load::reload_project(
            &notice_dir,
            year,
            &old.id,
            old.group,
            &built.site.site.allowed_contacts,
        );
        problems.retain(Diagnostic::is_error);
        let Some((mut project, bodies)) = reloaded.filter(|_| problems.is_empty()) else {
            return Applied::Failed(problems);
        };
        crate::load::apply_glossary(&mut project, &built.site.glossary);
        let previous = old.clone();
        let drafts = built.options.drafts;
        built
            .site
            .replace_project(at, project, bodies.clone(), drafts);
        let county_record = &built.site.counties[at.county];
        let mut problems =
            crate::check::check_notice(county_record, built.site.notice(at.notice()));
        problems.extend(crate::check::check_bodies(county_record, &bodies));
        problems.retain(Diagnostic::is_error);
        if !problems.is_empty() {
            built
                .site
                .replace_project(at, previous, ReportBodies::default(), drafts);
            return Applied::Failed(problems);
        }
        built.pieces.forget(&county);
        let rendered = render_project_change(
            &built.site,
            &built.theme,
            &built.options,
            at,
            &bodies,
            &built.pieces,
            &Folder(out),
        );
        match rendered {
            Ok(written) => pages += written,
            Err(problems) => return Applied::Failed(problems),
        }
    }
    Applied::Updated(pages)
}

/// The projects the changed files belong to; or, when any file is not a
/// project record or report (or the watcher could not name the files), why not.
fn projects_changed(content: &Path, changed: &[PathBuf]) -> Result<BTreeSet<ProjectKey>, String> {
    let root = content
        .canonicalize()
        .unwrap_or_else(|_| content.to_path_buf());
    let mut keys = BTreeSet::new();
    for path in changed {
        let key = project_of(&root, content, path)
            .ok_or_else(|| format!("{} changed", path.display()))?;
        keys.insert(key);
    }
    if keys.is_empty() {
        return Err("the file watcher did not say which files changed".to_string());
    }
    Ok(keys)
}

/// The project a file belongs to, when it is a project record or in a report folder.
fn project_of(root: &Path, content: &Path, path: &Path) -> Option<ProjectKey> {
    let relative = path
        .strip_prefix(root)
        .or_else(|_| path.strip_prefix(content))
        .ok()?;
    let parts: Vec<&str> = relative
        .components()
        .map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (county, year, id) = match parts.as_slice() {
        [county, year, "projects", file] => (county, year, file.strip_suffix(".yaml")?),
        [county, year, "reports", id, ..] => (county, year, *id),
        _ => return None,
    };
    Some((county.to_string(), year.parse().ok()?, id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_project_records_and_reports_are_incremental() {
        let content = std::env::temp_dir();
        let key = |c: &str, y: u16, p: &str| (c.to_string(), y, p.to_string());
        let changed = |paths: &[&str]| {
            projects_changed(
                &content,
                &paths.iter().map(|p| content.join(p)).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            changed(&[
                "wulong/2024/reports/g1-p11/2024-03-31.md",
                "wulong/2024/projects/g1-p11.yaml"
            ]),
            Ok(BTreeSet::from([key("wulong", 2024, "g1-p11")]))
        );
        let notice = content.join("wulong/2024/notice.yaml");
        assert_eq!(
            changed(&["wulong/2024/notice.yaml"]),
            Err(format!("{} changed", notice.display()))
        );
        assert!(changed(&["site.yaml"]).is_err());
        assert!(changed(&["wulong/2024/reports"]).is_err());
        assert_eq!(
            changed(&[]),
            Err("the file watcher did not say which files changed".to_string())
        );
    }
}
