//! Translation: how much of each notice has English, and which units the
//! glossary does not know.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::model::{Bilingual, Content, Notice};

/// Fields with English over all human-readable fields of a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Coverage {
    pub translated: usize,
    pub total: usize,
}

impl Coverage {
    /// Whole percent, rounded down so that 100% means every field.
    pub fn percent(self) -> usize {
        (self.translated * 100)
            .checked_div(self.total)
            .unwrap_or(100)
    }
}

pub fn coverage(notice: &Notice) -> Coverage {
    let mut coverage = Coverage::default();
    for text in texts(notice) {
        coverage.total += 1;
        coverage.translated += usize::from(text.has_english());
    }
    coverage
}

/// Every bilingual field of a notice and its projects.
fn texts(notice: &Notice) -> impl Iterator<Item = &Bilingual> {
    let record = &notice.record;
    let head = [
        Some(&record.issuer),
        Some(&record.title),
        record.table_title.as_ref(),
        record.release_note.as_ref(),
    ];
    let groups = record.groups.iter().filter_map(|g| g.name.as_ref());
    let projects = notice.projects.iter().flat_map(|project| {
        std::iter::once(&project.record.name).chain(project.record.items.iter().flat_map(|item| {
            item.tasks
                .iter()
                .chain(&item.leaders)
                .chain(&item.lead_units)
                .chain(&item.partner_units)
                .chain(item.location.as_ref())
                .chain(item.remarks.as_ref())
        }))
    });
    head.into_iter().flatten().chain(groups).chain(projects)
}

/// A warning for each unit name that the glossary lacks, once per notice.
pub fn check_units(content: &Content) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for county in &content.counties {
        for notice in &county.notices {
            let mut missing: BTreeMap<&str, &std::path::Path> = BTreeMap::new();
            for project in &notice.projects {
                for item in &project.record.items {
                    for unit in item.lead_units.iter().chain(&item.partner_units) {
                        if !content.glossary.units.contains_key(unit.zh()) {
                            missing.entry(unit.zh()).or_insert(&project.file);
                        }
                    }
                }
            }
            let glossary = content.root.join("glossary.yaml");
            found.extend(missing.into_iter().map(|(unit, file)| {
                Diagnostic::warning(
                    "unit-not-in-glossary",
                    format!("the glossary has no English name for the unit `{unit}`"),
                )
                .at_first(file, &format!("\"{unit}\""))
                .hint(format!(
                    "add it under `units:` in {} so every notice names it the same way",
                    glossary.display()
                ))
            }));
        }
    }
    found
}
