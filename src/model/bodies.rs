//! Report bodies: the Markdown a report says, kept apart from the report's
//! front matter.
//!
//! The loader returns each county's bodies beside the county. Checks and
//! project pages read all of them; the feeds keep only the newest few
//! (`render::feeds::FeedTexts`). Bodies are most of a national site's
//! memory, so a build lets a county's go once its project pages are written
//! by dropping this value, not by emptying fields of the content tree.

use std::collections::BTreeMap;

use super::{Date, ProjectId};

/// A report's Markdown bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportText {
    pub zh: String,
    /// The English version (`<date>.en.md`), when written.
    pub en: Option<String>,
}

/// Where a report is within its county: its notice's year, its project, its date.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReportKey {
    pub year: u16,
    pub project: ProjectId,
    pub date: Date,
}

/// The bodies of a county's reports (or of some of them), by place.
#[derive(Debug, Clone, Default)]
pub struct ReportBodies(BTreeMap<ReportKey, ReportText>);

impl ReportBodies {
    pub fn insert(&mut self, key: ReportKey, text: ReportText) {
        self.0.insert(key, text);
    }

    pub fn get(&self, year: u16, project: &ProjectId, date: Date) -> Option<&ReportText> {
        self.0.get(&ReportKey {
            year,
            project: project.clone(),
            date,
        })
    }

    pub fn extend(&mut self, other: ReportBodies) {
        self.0.extend(other.0);
    }

    /// Keeps only the bodies `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&ReportKey) -> bool) {
        self.0.retain(|key, _| keep(key));
    }

    pub fn iter(&self) -> impl Iterator<Item = (&ReportKey, &ReportText)> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
