//! The loaded content tree: site → counties → notices → projects → reports.
//!
//! Built by `load`, read by `check` and `render`. Everything is sorted
//! (counties by slug, notices by year, projects in the notice's order,
//! reports by date) so every later stage is deterministic.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::AmountUnit;

use super::records::{CountyRecord, GroupRecord, NoticeRecord, ProjectRecord, ReportFrontMatter};
use super::{
    Bilingual, CountySlug, Date, Glossary, Money, ProgressStatus, ProjectId, ProvinceSlug,
    SiteRecord, Tally,
};

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
    /// The province with a page, when the record names one the glossary gives a slug.
    pub province: Option<Province>,
    pub notices: Vec<Notice>,
}

/// The province a county belongs to, with the slug of its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    pub slug: ProvinceSlug,
    pub name: Bilingual,
}

#[derive(Debug, Clone)]
pub struct Notice {
    pub year: u16,
    pub file: PathBuf,
    pub record: NoticeRecord,
    /// The published text named by `record.source`, as read from disk.
    pub source_text: Option<String>,
    /// `accountability.yaml`, when staff recorded the vote, the year-end
    /// result or the satisfaction rating.
    pub accountability: Option<super::accountability::AccountabilityRecord>,
    /// Every project file of the notice, in the order of `record.groups`;
    /// files that no group lists come last (and `check` reports them).
    pub projects: Vec<Project>,
    /// Projects whose files exist but could not be read; their errors are
    /// already reported, so checks that need them stay quiet.
    pub unreadable: Vec<ProjectId>,
    /// How many names (units, people, places) took their English from the glossary.
    pub glossary_filled: usize,
    /// The Chinese files of the notice's draft reports, those whose front
    /// matter does not parse included: their problems block no build but
    /// `build --drafts`.
    pub draft_files: Vec<PathBuf>,
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
    /// The image files beside the reports that a report shows, published
    /// with the project page; files no report shows are not even read.
    pub images: Vec<Image>,
}

/// A picture a report shows, read from `reports/<id>/`.
#[derive(Debug, Clone)]
pub struct Image {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Only draft reports show it, so it is published only with them.
    pub drafts_only: bool,
}

/// Progress against 序时进度: the share of the year gone by at the report's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Ahead,
    OnTrack,
    Behind,
}

impl Schedule {
    /// Points either side of the year's share that still count as on track.
    pub const TOLERANCE: i64 = 5;

    pub fn code(self) -> &'static str {
        match self {
            Schedule::Ahead => "ahead",
            Schedule::OnTrack => "on-track",
            Schedule::Behind => "behind",
        }
    }

    /// The whole percentage of `date`'s year that has passed at the end of that day.
    pub fn year_elapsed(date: Date) -> i64 {
        i64::from(date.day_of_year()) * 100 / i64::from(date.days_in_year())
    }

    pub fn of(percent: i64, date: Date) -> Schedule {
        let elapsed = Schedule::year_elapsed(date);
        if percent >= elapsed + Schedule::TOLERANCE {
            Schedule::Ahead
        } else if percent + Schedule::TOLERANCE <= elapsed {
            Schedule::Behind
        } else {
            Schedule::OnTrack
        }
    }
}

/// A progress report's front matter and where it is; its Markdown body is
/// kept apart, in [`super::ReportBodies`].
///
/// A national site holds hundreds of thousands of reports, so a report
/// keeps no path of its own: its files are named from its project's
/// folder, shared by the project's reports, and the date in the name.
#[derive(Debug, Clone)]
pub struct Report {
    folder: Arc<Path>,
    /// The date the file is named after (`front.date` must agree, or the
    /// build stops on `report-date-mismatch`).
    named: Date,
    pub front: ReportFrontMatter,
    /// Line in the file where the Markdown body starts (for diagnostics).
    pub body_line: usize,
}

impl Report {
    /// The report `<folder>/<named>.md` (and its English version
    /// `<named>.en.md`, when its text has one).
    pub fn new(
        folder: Arc<Path>,
        named: Date,
        front: ReportFrontMatter,
        body_line: usize,
    ) -> Report {
        Report {
            folder,
            named,
            front,
            body_line,
        }
    }

    /// The folder of the report's files: its project's, shared by its reports.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The date the report's file is named after.
    pub fn named(&self) -> Date {
        self.named
    }

    /// The Chinese report's file.
    pub fn file(&self) -> PathBuf {
        self.file_of(false)
    }

    /// The file of the Chinese report, or of its English version. Made on
    /// demand: only diagnostics need a report's path.
    pub fn file_of(&self, english: bool) -> PathBuf {
        let suffix = if english { ".en.md" } else { ".md" };
        self.folder.join(format!("{}{suffix}", self.named))
    }
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

    /// Whether the notice states any amount: a total, a subtotal or an item's.
    pub fn states_amounts(&self) -> bool {
        self.record.declared_total.is_some()
            || self.groups().iter().any(|g| g.declared_subtotal.is_some())
            || self
                .projects
                .iter()
                .flat_map(|p| &p.record.items)
                .any(|item| item.amount.is_some())
    }

    /// The unit of the notice's amounts. `check` refuses amounts without a
    /// unit (`amount-without-unit`), so the default is never shown beside one.
    pub fn unit(&self) -> AmountUnit {
        self.record.unit.unwrap_or_default()
    }

    pub fn groups(&self) -> &[GroupRecord] {
        &self.record.groups
    }

    /// The notice's own date: published, else written.
    pub fn date(&self) -> Option<Date> {
        self.record.published_date.or(self.record.written_date)
    }

    /// The newest of the notice's dates and its projects' reports.
    pub fn last_updated(&self, drafts: bool) -> Option<Date> {
        let own = self.date();
        self.projects
            .iter()
            .filter_map(|p| p.last_updated(drafts))
            .chain(own)
            .max()
    }

    pub fn is_public(&self) -> bool {
        self.record.release.value.is_public()
    }
}

impl Project {
    /// A project from its record, before its reports are read and its group is known.
    pub fn new(id: ProjectId, file: PathBuf, record: ProjectRecord) -> Project {
        Project {
            id,
            file,
            record,
            group: None,
            reports: Vec::new(),
            images: Vec::new(),
        }
    }

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

    /// The status its latest report gives; `None` when no progress is
    /// reported, which says nothing of how the work stands.
    pub fn status(&self, drafts: bool) -> Option<ProgressStatus> {
        self.latest_report(drafts).map(|r| r.front.status)
    }

    /// Its deadline had passed on `as_of`.
    pub fn deadline_passed(&self, as_of: Date) -> bool {
        self.deadline().is_some_and(|deadline| deadline < as_of)
    }

    /// Past its deadline on `as_of`, and its latest report says it is
    /// neither completed nor cancelled. A project without a report is not
    /// overdue: nothing says it is unfinished.
    pub fn is_overdue(&self, as_of: Date, drafts: bool) -> bool {
        self.deadline_passed(as_of) && self.status(drafts).is_some_and(|s| !s.is_closed())
    }

    /// The date of the newest visible report.
    pub fn last_updated(&self, drafts: bool) -> Option<Date> {
        self.latest_report(drafts).map(|r| r.front.date)
    }

    pub fn spent(&self, drafts: bool) -> Option<Money> {
        self.visible_reports(drafts)
            .filter_map(|r| r.front.spent.as_ref().map(|s| s.value.value))
            .next_back()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_compares_progress_with_the_share_of_the_year() {
        let day = |s: &str| Date::parse(s).unwrap();
        assert_eq!(Schedule::year_elapsed(day("2024-06-30")), 49);
        assert_eq!(Schedule::year_elapsed(day("2024-12-31")), 100);
        assert_eq!(Schedule::of(48, day("2024-06-30")), Schedule::OnTrack);
        assert_eq!(Schedule::of(54, day("2024-06-30")), Schedule::Ahead);
        assert_eq!(Schedule::of(44, day("2024-06-30")), Schedule::Behind);
        assert_eq!(Schedule::of(45, day("2024-06-30")), Schedule::OnTrack);
    }
}
