//! Importing a notice again (`--force`) over records staff have worked on.
//!
//! Nothing staff added is thrown away: a field whose Chinese is unchanged
//! keeps its English; the release decision (`release`, `release_note`)
//! stands; a project keeps its id (matched by its Chinese name) and its
//! aliases, so its address and its reports stay; a project no longer in the
//! notice keeps its file and reports and is listed for staff to decide.
//! What changed is summarised, field by field.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::emit::{self, RecordFile};
use super::structure::{ImportedGroup, ImportedProject};
use super::{ImportOptions, Imported};
use crate::diagnostic::Diagnostic;
use crate::model::records::{NoticeRecord, ProjectRecord};
use crate::model::{Bilingual, ProjectId, ReleaseStatus};

/// The records of a notice as they are before the import.
#[derive(Debug, Default)]
pub struct Previous {
    pub notice: Option<NoticeRecord>,
    pub projects: BTreeMap<ProjectId, ProjectRecord>,
}

impl Previous {
    /// Reads `notice.yaml` and `projects/*.yaml` of a notice folder. A
    /// record that does not parse stops the merge: its English could not
    /// be kept, so staff fix it first.
    pub fn read(notice_dir: &Path) -> Result<Previous, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let notice = match crate::load::read_yaml::<NoticeRecord>(&notice_dir.join("notice.yaml")) {
            Ok(notice) => Some(notice),
            Err(problem) => {
                problems.push(problem);
                None
            }
        };
        let mut projects = BTreeMap::new();
        let files = std::fs::read_dir(notice_dir.join("projects"))
            .into_iter()
            .flatten()
            .flatten();
        for entry in files {
            let path = entry.path();
            let id = path
                .file_stem()
                .and_then(|s| s.to_str())
                .filter(|_| path.extension().is_some_and(|e| e == "yaml"))
                .and_then(|s| ProjectId::parse(s).ok());
            let Some(id) = id else { continue };
            match crate::load::read_yaml::<ProjectRecord>(&path) {
                Ok(record) => {
                    projects.insert(id, record);
                }
                Err(problem) => problems.push(problem),
            }
        }
        if problems.is_empty() {
            Ok(Previous { notice, projects })
        } else {
            Err(problems)
        }
    }

    /// The release staff decided, when they decided one (not `unmarked`).
    pub fn release(&self) -> Option<(ReleaseStatus, Option<&Bilingual>)> {
        let notice = self.notice.as_ref()?;
        let release = notice.release.value;
        (release != ReleaseStatus::Unmarked).then_some((release, notice.release_note.as_ref()))
    }

    /// The English of a notice-level field whose Chinese is `zh`.
    pub fn notice_english(&self, zh: &str) -> Option<String> {
        let notice = self.notice.as_ref()?;
        let fields = [
            Some(&notice.issuer),
            Some(&notice.title),
            notice.table_title.as_ref(),
        ];
        let groups = notice.groups.iter().filter_map(|g| g.name.as_ref());
        english_of(fields.into_iter().flatten().chain(groups), zh)
    }

    /// The English of a field of project `id` whose Chinese is `zh`: its
    /// name, or a task, location or remark of its item `item` (from 0).
    pub fn project_english(&self, id: &str, item: Option<usize>, zh: &str) -> Option<String> {
        let project = self.projects.iter().find(|(k, _)| k.as_str() == id)?.1;
        match item {
            None => english_of([&project.name], zh),
            Some(index) => {
                let item = project.items.get(index)?;
                let fields = [&item.tasks, &item.location, &item.remarks];
                english_of(fields.into_iter().flatten(), zh)
            }
        }
    }

    /// The English of a unit named `zh` anywhere in the previous records.
    pub fn unit_english(&self, zh: &str) -> Option<String> {
        let units = self
            .projects
            .values()
            .flat_map(|p| &p.items)
            .flat_map(|i| i.lead_units.iter().chain(&i.partner_units));
        english_of(units, zh)
    }

    /// The English of a leader named `zh` anywhere in the previous records.
    pub fn leader_english(&self, zh: &str) -> Option<String> {
        let leaders = self
            .projects
            .values()
            .flat_map(|p| &p.items)
            .flat_map(|i| &i.leaders);
        english_of(leaders, zh)
    }

    /// A project's former ids (`aliases`), which keep its old addresses.
    pub fn aliases(&self, id: &str) -> Vec<String> {
        self.projects
            .iter()
            .find(|(k, _)| k.as_str() == id)
            .map(|(_, p)| p.aliases.iter().map(ToString::to_string).collect())
            .unwrap_or_default()
    }
}

fn english_of<'a>(fields: impl IntoIterator<Item = &'a Bilingual>, zh: &str) -> Option<String> {
    fields
        .into_iter()
        .find(|b| b.zh() == zh && b.en().is_some())
        .and_then(|b| b.en().map(str::to_string))
}

/// The ids of the new projects: the id of a previous project with the same
/// Chinese name, so its address and reports stay; otherwise `p01`… (or
/// `g1-p01`… with groups), skipping ids a kept project still holds.
pub fn project_ids(groups: &[ImportedGroup], previous: Option<&Previous>) -> Vec<Vec<String>> {
    let positional = super::emit::positional_ids(groups);
    let Some(previous) = previous else {
        return positional;
    };
    let mut by_name: BTreeMap<&str, Vec<&ProjectId>> = BTreeMap::new();
    for (id, record) in &previous.projects {
        by_name.entry(record.name.zh()).or_default().push(id);
    }
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let reused: Vec<Vec<Option<String>>> = groups
        .iter()
        .map(|g| {
            g.projects
                .iter()
                .map(|p| {
                    let ids = by_name.get_mut(p.name.as_str())?;
                    let id = ids.iter().position(|id| !taken.contains(id.as_str()))?;
                    let id = ids.remove(id).to_string();
                    taken.insert(id.clone());
                    Some(id)
                })
                .collect()
        })
        .collect();
    // Ids still held by a previous project that matched none stay with it.
    let kept: BTreeSet<String> = previous
        .projects
        .keys()
        .map(ToString::to_string)
        .filter(|id| !taken.contains(id))
        .collect();
    reused
        .into_iter()
        .zip(positional)
        .map(|(group, fallback)| {
            group
                .into_iter()
                .zip(fallback)
                .map(|(reused, fallback)| {
                    reused.unwrap_or_else(|| free_id(&fallback, &kept, &mut taken))
                })
                .collect()
        })
        .collect()
}

/// `fallback`, or `fallback-2`, `-3`… when a kept project holds it.
fn free_id(fallback: &str, kept: &BTreeSet<String>, taken: &mut BTreeSet<String>) -> String {
    let mut id = fallback.to_string();
    let mut n = 2;
    while kept.contains(&id) || taken.contains(&id) {
        id = format!("{fallback}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// The records of `imported` written over `previous`; empty when the
/// county or year is unknown (then nothing can be written).
pub fn records(
    imported: &Imported,
    options: &ImportOptions,
    previous: &Previous,
) -> Vec<RecordFile> {
    let (Some(county), Some(year)) = (&imported.county, imported.year) else {
        return Vec::new();
    };
    emit::records(
        &imported.metadata,
        &imported.structure,
        &emit::Target {
            county,
            year,
            glossary: options.glossary,
            source: options.source.as_deref(),
            previous: Some(previous),
        },
    )
}

/// What a re-import changed, for the review.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// New projects, as `id name`.
    pub added: Vec<String>,
    /// Projects no longer in the notice, as `id name`; their files and reports are kept.
    pub gone: Vec<String>,
    /// Fields whose Chinese changed (so their English, if any, was dropped).
    pub changed: Vec<String>,
}

/// Compares the previous records with the new projects under their ids.
pub fn changes(previous: &Previous, groups: &[ImportedGroup], ids: &[Vec<String>]) -> Changes {
    let mut changes = Changes::default();
    let new: Vec<(&ImportedProject, &String)> = groups
        .iter()
        .zip(ids)
        .flat_map(|(g, ids)| g.projects.iter().zip(ids))
        .collect();
    for (project, id) in &new {
        match previous
            .projects
            .iter()
            .find(|(k, _)| k.as_str() == id.as_str())
        {
            None => changes.added.push(format!("{id} {}", project.name)),
            Some((_, old)) => changes.changed.extend(field_changes(id, old, project)),
        }
    }
    for (id, old) in &previous.projects {
        if !new.iter().any(|(_, new_id)| new_id.as_str() == id.as_str()) {
            changes.gone.push(format!("{id} {}", old.name.zh()));
        }
    }
    changes
}

fn field_changes(id: &str, old: &ProjectRecord, new: &ImportedProject) -> Vec<String> {
    let mut found = Vec::new();
    if old.name.zh() != new.name {
        found.push(format!("{id} name: {} → {}", old.name.zh(), new.name));
    }
    if old.items.len() != new.items.len() {
        found.push(format!(
            "{id} items: {} → {}",
            old.items.len(),
            new.items.len()
        ));
    }
    for (i, (old, new)) in old.items.iter().zip(&new.items).enumerate() {
        let old_tasks = old.tasks.as_ref().map_or("", |t| t.zh());
        if old_tasks != new.tasks {
            found.push(format!("{id} item {} tasks changed", i + 1));
        }
        let old_amount = old.amount.as_ref().map(|a| a.value.value.to_string());
        let new_amount = new
            .amount
            .as_deref()
            .and_then(|a| crate::model::Money::parse(a).ok())
            .map(|m| m.to_string());
        if old_amount != new_amount {
            found.push(format!(
                "{id} item {} amount: {} → {}",
                i + 1,
                old_amount.as_deref().unwrap_or("none"),
                new_amount.as_deref().unwrap_or("none")
            ));
        }
    }
    found
}
