//! The accountability record of a notice (`accountability.yaml`): the
//! people's-congress vote that chose the projects, the year-end completion
//! report, and the satisfaction rating of each project. Kept apart from
//! `notice.yaml` so an import never rewrites a file staff edited.

use super::Spanned;
use serde::Deserialize;

use super::{Bilingual, Date, ProjectId};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountabilityRecord {
    #[serde(default)]
    pub vote: Option<Vote>,
    #[serde(default)]
    pub completion: Option<Completion>,
    #[serde(default)]
    pub satisfaction: Option<Satisfaction>,
}

/// The people's-congress vote (票决) that chose the projects.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    /// The meeting, e.g. 县十八届人大四次会议.
    pub meeting: Bilingual,
    #[serde(default)]
    pub date: Option<Date>,
    /// How many candidate projects were put to the vote.
    #[serde(default)]
    pub candidates: Option<u32>,
    /// How many deputies voted.
    #[serde(default)]
    pub voters: Option<u32>,
    /// Votes per project, where published.
    #[serde(default)]
    pub projects: Vec<ProjectVotes>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectVotes {
    pub project: Spanned<ProjectId>,
    pub votes: u32,
}

/// The year-end completion report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Completion {
    #[serde(default)]
    pub date: Option<Date>,
    /// The published text, a file of the notice's folder.
    #[serde(default)]
    pub source: Option<String>,
    pub projects: Vec<ProjectResult>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectResult {
    pub project: Spanned<ProjectId>,
    pub result: CompletionResult,
    /// What was achieved, as the report states it.
    #[serde(default)]
    pub achieved: Option<Bilingual>,
    /// The target it is measured against, as the report states it.
    #[serde(default)]
    pub target: Option<Bilingual>,
}

/// A project's result at the end of the year, as the completion report gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompletionResult {
    /// 完成
    Completed,
    /// 基本完成
    MostlyCompleted,
    /// 未完成
    NotCompleted,
}

impl CompletionResult {
    pub const ALL: [CompletionResult; 3] = [
        CompletionResult::Completed,
        CompletionResult::MostlyCompleted,
        CompletionResult::NotCompleted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CompletionResult::Completed => "completed",
            CompletionResult::MostlyCompleted => "mostly-completed",
            CompletionResult::NotCompleted => "not-completed",
        }
    }
}

/// The satisfaction rating (满意度测评) of the projects.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Satisfaction {
    /// Who rated, e.g. 县人大代表.
    #[serde(default)]
    pub by: Option<Bilingual>,
    #[serde(default)]
    pub date: Option<Date>,
    /// How many rated; each project's votes should add up to it.
    #[serde(default)]
    pub voters: Option<Spanned<u32>>,
    pub projects: Vec<ProjectRating>,
}

/// One project's votes: 满意, 基本满意, 不满意.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectRating {
    pub project: Spanned<ProjectId>,
    pub satisfied: u32,
    pub basically_satisfied: u32,
    pub dissatisfied: u32,
}

impl ProjectRating {
    pub fn total(&self) -> u64 {
        u64::from(self.satisfied)
            + u64::from(self.basically_satisfied)
            + u64::from(self.dissatisfied)
    }

    /// The share satisfied in tenths of a percent; `None` with no votes.
    pub fn satisfied_permille(&self) -> Option<u64> {
        permille(u64::from(self.satisfied), self.total())
    }
}

/// `part` of `whole` in tenths of a percent, rounded half up; `None` when `whole` is 0.
pub fn permille(part: u64, whole: u64) -> Option<u64> {
    (whole > 0).then(|| (part * 2000 + whole) / (2 * whole))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_satisfied_is_rounded_only_at_the_last_tenth() {
        let rating = |satisfied, basically_satisfied, dissatisfied| ProjectRating {
            project: serde_saphyr::from_str("p01").unwrap(),
            satisfied,
            basically_satisfied,
            dissatisfied,
        };
        assert_eq!(rating(95, 27, 0).satisfied_permille(), Some(779));
        assert_eq!(rating(1, 2, 0).satisfied_permille(), Some(333));
        assert_eq!(rating(2, 1, 0).satisfied_permille(), Some(667));
        assert_eq!(rating(0, 0, 0).satisfied_permille(), None);
        assert_eq!(rating(175, 43, 4).total(), 222);
    }
}
