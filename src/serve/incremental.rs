//! Rebuilding only what an edit changes.
//!
//! When every changed file is a project record or something in a project's
//! report folder, the project is reloaded, its notice is checked again, and
//! only the pages that show it are written (see
//! `render::render_project_change`). Any other change, or a change this
//! cannot place (a new project, an unpublished notice), gets a full build.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::cmd::build::BuildSummary;
use crate::diagnostic::Diagnostic;
use crate::render::{OutputFile, Sink, render_project_change};

/// A project named by its place in `content/`.
type ProjectKey = (String, u16, String);

/// Writes straight into the served folder: a preview needs no atomic swap.
struct Folder<'a>(&'a Path);

impl Sink for Folder<'_> {
    fn put(&self, file: OutputFile) -> Result<(), String> {
        crate::write::write_into(self.0, &file).map_err(|e| e.to_string())
    }
}

/// `None` when the change needs a full build; else how many pages were written, or why not.
pub fn apply(
    built: &mut BuildSummary,
    content: &Path,
    out: &Path,
    changed: &[PathBuf],
) -> Option<Result<usize, Vec<Diagnostic>>> {
    let keys = projects_changed(content, changed)?;
    let mut pages = 0;
    for (county, year, id) in keys {
        let at = built.site.find_project(&county, year, &id)?;
        let notice_dir = content.join(&county).join(year.to_string());
        let old = &built.site.notice(at).projects[at.2];
        let (reloaded, mut problems) = crate::load::reload_project(
            &notice_dir,
            &old.id,
            old.group,
            &built.site.site.allowed_contacts,
        );
        let project = reloaded?;
        problems.retain(Diagnostic::is_error);
        if !problems.is_empty() {
            return Some(Err(problems));
        }
        let previous = old.clone();
        let drafts = built.options.drafts;
        built.site.replace_project(at, project, drafts);
        let county_record = &built.site.counties[at.0];
        let mut problems = crate::check::check_notice(county_record, built.site.notice(at));
        problems.retain(Diagnostic::is_error);
        if !problems.is_empty() {
            built.site.replace_project(at, previous, drafts);
            return Some(Err(problems));
        }
        match render_project_change(&built.site, &built.theme, &built.options, at, &Folder(out)) {
            Ok(written) => pages += written,
            Err(problems) => return Some(Err(problems)),
        }
    }
    Some(Ok(pages))
}

/// The projects the changed files belong to, or `None` if any file is not a
/// project record or report (or the watcher could not name the files).
fn projects_changed(content: &Path, changed: &[PathBuf]) -> Option<BTreeSet<ProjectKey>> {
    let root = content.canonicalize().ok()?;
    let mut keys = BTreeSet::new();
    for path in changed {
        let relative = path
            .strip_prefix(&root)
            .or_else(|_| path.strip_prefix(content))
            .ok()?;
        let parts: Vec<&str> = relative
            .components()
            .map(|c| match c {
                Component::Normal(part) => part.to_str(),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let key = match parts.as_slice() {
            [county, year, "projects", file] => (county, year, file.strip_suffix(".yaml")?),
            [county, year, "reports", id, ..] => (county, year, *id),
            _ => return None,
        };
        keys.insert((key.0.to_string(), key.1.parse().ok()?, key.2.to_string()));
    }
    (!keys.is_empty()).then_some(keys)
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
            Some(BTreeSet::from([key("wulong", 2024, "g1-p11")]))
        );
        assert_eq!(changed(&["wulong/2024/notice.yaml"]), None);
        assert_eq!(changed(&["site.yaml"]), None);
        assert_eq!(changed(&[]), None);
    }
}
