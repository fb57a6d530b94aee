//! The loaded content tree: site → counties → notices → projects → reports.
//!
//! Built by `load`, read by `check` and `render`. Everything is sorted
//! (counties by slug, notices by year, projects in the notice's order,
//! reports by date) so every later stage is deterministic.

use std::path::PathBuf;

use super::records::{CountyRecord, GroupRecord, NoticeRecord, ProjectRecord, ReportFrontMatter};
use super::{CountySlug, Date, Glossary, Money, ProgressStatus, ProjectId, SiteRecord, Tally};

#[derive(Debug, Clone)]
pub struct Content {
    pub root: PathBuf,
    pub site: SiteRecord,
    pub glossary: Glossary,
    pub counties: Vec<County>,
}

#[derive(Debug, Clone)]
pub struct County {
    pub slug: CountySlug,
    pub file: PathBuf,
    pub record: CountyRecord,
    pub notices: Vec<Notice>,
}

#[derive(Debug, Clone)]
pub struct Notice {
    pub year: u16,
    pub file: PathBuf,
    pub record: NoticeRecord,
    /// The published text named by `record.source`, as read from disk.
    pub source_text: Option<String>,
    /// Every project file of the notice, in the order of `record.groups`;
    /// files that no group lists come last (and `check` reports them).
    pub projects: Vec<Project>,
    /// Projects whose files exist but could not be read; their errors are
    /// already reported, so checks that need them stay quiet.
    pub unreadable: Vec<ProjectId>,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: ProjectId,
    pub file: PathBuf,
    pub record: ProjectRecord,
    /// Index into the notice's groups; `None` when no group lists it.
    pub group: Option<usize>,
    /// Reports by date, oldest first.
    pub reports: Vec<Report>,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub file: PathBuf,
    pub front: ReportFrontMatter,
    pub body_zh: String,
    /// The English version (`<date>.en.md`), when written.
    pub body_en: Option<String>,
    pub en_file: Option<PathBuf>,
    /// Line in `file` where the Markdown body starts (for diagnostics).
    pub body_line: usize,
}

impl Notice {
    /// The projects of one group, in the notice's order.
    pub fn group_projects(&self, group: usize) -> impl Iterator<Item = &Project> {
        self.projects.iter().filter(move |p| p.group == Some(group))
    }

    pub fn group_tally(&self, group: usize) -> Tally {
        self.group_projects(group)
            .map(Project::tally)
            .fold(Tally::default(), Tally::combine)
    }

    pub fn tally(&self) -> Tally {
        (0..self.record.groups.len())
            .map(|g| self.group_tally(g))
            .fold(Tally::default(), Tally::combine)
    }

    pub fn groups(&self) -> &[GroupRecord] {
        &self.record.groups
    }

    pub fn is_public(&self) -> bool {
        self.record.release.value.is_public()
    }
}

impl Project {
    pub fn tally(&self) -> Tally {
        Tally::of(
            self.record
                .items
                .iter()
                .map(|item| item.amount.as_ref().map(|a| &a.value.value)),
        )
    }

    /// The project is due when its last item is: the latest deadline that names a day.
    pub fn deadline(&self) -> Option<Date> {
        self.record
            .items
            .iter()
            .filter_map(|item| item.deadline.as_ref().and_then(|d| d.date))
            .max()
    }

    /// Reports a reader may see: all of them with `drafts`, else the published ones.
    pub fn visible_reports(&self, drafts: bool) -> impl DoubleEndedIterator<Item = &Report> {
        self.reports
            .iter()
            .filter(move |r| drafts || !r.front.draft)
    }

    pub fn latest_report(&self, drafts: bool) -> Option<&Report> {
        self.visible_reports(drafts).next_back()
    }

    pub fn status(&self, drafts: bool) -> ProgressStatus {
        self.latest_report(drafts)
            .map_or(ProgressStatus::Planned, |r| r.front.status)
    }

    /// Past its deadline on `as_of` and not completed or cancelled.
    pub fn is_overdue(&self, as_of: Date, drafts: bool) -> bool {
        self.deadline()
            .is_some_and(|deadline| deadline < as_of && !self.status(drafts).is_closed())
    }

    pub fn spent(&self, drafts: bool) -> Option<Money> {
        self.visible_reports(drafts)
            .filter_map(|r| r.front.spent.as_ref().map(|s| s.value.value))
            .next_back()
    }
}
