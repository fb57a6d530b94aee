//! Project ids: each listed once, each listed id backed by a file, each file listed.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::model::Notice;

pub fn check(notice: &Notice) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut listed = BTreeMap::new();
    for group in notice.groups() {
        for id in &group.projects {
            if listed.insert(id.value.clone(), id.at).is_some() {
                found.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!("project `{}` is listed twice", id.value),
                    )
                    .at_place(&notice.file, id.at)
                    .hint("each project appears once in the notice; remove the second entry"),
                );
            }
            let exists = notice.projects.iter().any(|p| p.id == id.value)
                || notice.unreadable.contains(&id.value);
            if !exists {
                found.push(
                    Diagnostic::error(
                        "missing-project",
                        format!(
                            "project `{}` has no file projects/{}.yaml",
                            id.value, id.value
                        ),
                    )
                    .at_place(&notice.file, id.at)
                    .hint("add the project file, or remove the id from the group"),
                );
            }
        }
    }
    for project in notice.projects.iter().filter(|p| p.group.is_none()) {
        found.push(
            Diagnostic::error(
                "unlisted-project",
                format!(
                    "project `{}` is not listed in any group of notice.yaml",
                    project.id
                ),
            )
            .in_file(&project.file)
            .hint("add its id to the `projects:` list of its group, in the notice's order"),
        );
    }
    found.extend(alias_collisions(notice));
    found
}

/// An alias must not shadow a current id or another project's alias.
fn alias_collisions(notice: &Notice) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut taken: BTreeMap<_, _> = notice
        .projects
        .iter()
        .map(|p| (p.id.clone(), p.id.clone()))
        .collect();
    for project in &notice.projects {
        for alias in &project.record.aliases {
            if let Some(owner) = taken.insert(alias.clone(), project.id.clone()) {
                found.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!(
                            "alias `{alias}` of `{}` is already used by `{owner}`",
                            project.id
                        ),
                    )
                    .in_file(&project.file)
                    .hint("an old URL can redirect to one project only"),
                );
            }
        }
    }
    found
}
