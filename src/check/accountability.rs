//! `accountability.yaml`: every project it names is one of the notice's,
//! named once per list; each project's satisfaction votes add up to the
//! stated number of voters (a warning naming both figures when they do not,
//! since the published record itself may be inconsistent); the completion
//! report's text is a file of the notice's folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::model::Spanned;

use crate::diagnostic::Diagnostic;
use crate::model::accountability::AccountabilityRecord;
use crate::model::{Notice, ProjectId};

pub fn check(notice: &Notice) -> Vec<Diagnostic> {
    let Some(record) = &notice.accountability else {
        return Vec::new();
    };
    let file = notice
        .file
        .parent()
        .map_or_else(PathBuf::new, Path::to_path_buf)
        .join("accountability.yaml");
    let mut found = Vec::new();
    let vote = record
        .vote
        .iter()
        .flat_map(|v| &v.projects)
        .map(|p| &p.project);
    let completion = record
        .completion
        .iter()
        .flat_map(|c| &c.projects)
        .map(|p| &p.project);
    let satisfaction = record
        .satisfaction
        .iter()
        .flat_map(|s| &s.projects)
        .map(|p| &p.project);
    let lists: [(&str, Vec<&Spanned<ProjectId>>); 3] = [
        ("vote", vote.collect()),
        ("completion", completion.collect()),
        ("satisfaction", satisfaction.collect()),
    ];
    for (list, ids) in lists {
        let mut seen = BTreeSet::new();
        // A project whose file could not be read has its error already.
        for id in ids
            .into_iter()
            .filter(|id| !notice.unreadable.contains(&id.value))
        {
            if !notice.projects.iter().any(|p| p.id == id.value) {
                found.push(
                    Diagnostic::error(
                        "unknown-project",
                        format!("{list}: `{}` is not a project of this notice", id.value),
                    )
                    .at_place(&file, id.at)
                    .hint("use the project's id, the name of its file in projects/ without .yaml"),
                );
            } else if !seen.insert(&id.value) {
                found.push(
                    Diagnostic::error(
                        "duplicate-project",
                        format!("{list}: `{}` is listed twice", id.value),
                    )
                    .at_place(&file, id.at)
                    .hint("give each project once"),
                );
            }
        }
    }
    found.extend(vote_totals(record, &file));
    found.extend(completion_source(record, &file));
    found
}

/// The completion report's published text, when named, is a file beside `accountability.yaml`.
fn completion_source(record: &AccountabilityRecord, file: &Path) -> Option<Diagnostic> {
    let source = record.completion.as_ref()?.source.as_ref()?;
    let dir = file.parent()?;
    let plain_name = !source.contains(['/', '\\']) && !source.starts_with('.');
    let regular =
        std::fs::symlink_metadata(dir.join(source)).is_ok_and(|m| m.file_type().is_file());
    (!plain_name || !regular).then(|| {
        Diagnostic::error(
            "missing-source",
            format!("the completion report `{source}` is not a file of the notice's folder"),
        )
        .in_file(file)
        .hint("save the published completion report as UTF-8 text beside accountability.yaml and name it in `source:`")
    })
}

/// Each project's 满意 + 基本满意 + 不满意 against the stated number of voters.
fn vote_totals(record: &AccountabilityRecord, file: &Path) -> Vec<Diagnostic> {
    let Some(satisfaction) = &record.satisfaction else {
        return Vec::new();
    };
    let Some(voters) = &satisfaction.voters else {
        return Vec::new();
    };
    satisfaction
        .projects
        .iter()
        .filter(|rating| rating.total() != u64::from(voters.value))
        .map(|rating| {
            let total = rating.total();
            Diagnostic::warning(
                "votes-mismatch",
                format!(
                    "the satisfaction votes of `{}` add up to {total} ({} + {} + {}), but {} voters are stated (difference {})",
                    rating.project.value,
                    rating.satisfied,
                    rating.basically_satisfied,
                    rating.dissatisfied,
                    voters.value,
                    total.abs_diff(u64::from(voters.value)),
                ),
            )
            .at_place(file, rating.project.at)
            .hint("check the figures against the published rating; if the text itself does not add up, keep them as printed and say so in the notice's release_note")
        })
        .collect()
}
