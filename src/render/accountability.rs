//! The accountability record on pages: the vote that chose the projects,
//! the year-end result and the satisfaction rating, for a notice, for one
//! project, and as the chain a county page shows per year (chosen by vote →
//! progress reports → year-end result → satisfaction).
//!
//! Counts are shown as published; a share satisfied is rounded to a tenth
//! of a percent and always shown beside the counts it comes from.

use serde::Serialize;

use super::format;
use super::views::Text;
use crate::model::accountability::{
    AccountabilityRecord, CompletionResult, ProjectRating, Satisfaction, permille,
};
use crate::model::{Lang, Notice, Project};
use crate::theme::{Strings, keys as key};

#[derive(Serialize)]
pub struct NoticeAccountability {
    vote: Option<VoteView>,
    completion: Option<CompletionView>,
    satisfaction: Option<SatisfactionView>,
}

#[derive(Serialize)]
struct VoteView {
    meeting: Text,
    date: Option<String>,
    candidates: Option<u32>,
    voters: Option<u32>,
}

#[derive(Serialize)]
struct CompletionView {
    date: Option<String>,
    /// How many projects ended with each result, in the order of `CompletionResult::ALL`.
    counts: Vec<ResultCount>,
}

#[derive(Serialize)]
struct ResultCount {
    result: String,
    code: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct SatisfactionView {
    by: Option<Text>,
    date: Option<String>,
    voters: Option<u32>,
    projects: Vec<RatingRow>,
}

#[derive(Serialize)]
struct RatingRow {
    name: Text,
    #[serde(flatten)]
    rating: RatingView,
}

#[derive(Serialize)]
pub struct RatingView {
    satisfied: u32,
    basically_satisfied: u32,
    dissatisfied: u32,
    /// `77.9%`, from the counts beside it.
    share: Option<String>,
}

/// What a notice's accountability record says, when it has one.
pub fn notice(notice: &Notice, lang: Lang, t: &Strings) -> Option<NoticeAccountability> {
    let record = notice.accountability.as_ref()?;
    let date = |d: Option<crate::model::Date>| d.map(|d| format::date(lang, d));
    Some(NoticeAccountability {
        vote: record.vote.as_ref().map(|vote| VoteView {
            meeting: Text::of(&vote.meeting, lang),
            date: date(vote.date),
            candidates: vote.candidates,
            voters: vote.voters,
        }),
        completion: record.completion.as_ref().map(|completion| CompletionView {
            date: date(completion.date),
            counts: CompletionResult::ALL
                .iter()
                .map(|&result| ResultCount {
                    result: t.get(key::Key::completion(result)),
                    code: result.code(),
                    count: completion
                        .projects
                        .iter()
                        .filter(|p| p.result == result)
                        .count(),
                })
                .filter(|c| c.count > 0)
                .collect(),
        }),
        satisfaction: record
            .satisfaction
            .as_ref()
            .map(|satisfaction| SatisfactionView {
                by: satisfaction.by.as_ref().map(|by| Text::of(by, lang)),
                date: date(satisfaction.date),
                voters: satisfaction.voters.as_ref().map(|v| v.value),
                projects: satisfaction
                    .projects
                    .iter()
                    .filter_map(|rating| {
                        let project = notice
                            .projects
                            .iter()
                            .find(|p| p.id == rating.project.value)?;
                        Some(RatingRow {
                            name: Text::of(&project.record.name, lang),
                            rating: rating_view(rating),
                        })
                    })
                    .collect(),
            }),
    })
}

#[derive(Serialize)]
pub struct ProjectAccountability {
    votes: Option<u32>,
    result: Option<String>,
    result_code: Option<&'static str>,
    achieved: Option<Text>,
    target: Option<Text>,
    rating: Option<RatingView>,
}

/// What the notice's accountability record says of one project, when it says anything.
pub fn project(
    notice: &Notice,
    project: &Project,
    lang: Lang,
    t: &Strings,
) -> Option<ProjectAccountability> {
    let record: &AccountabilityRecord = notice.accountability.as_ref()?;
    let is_this = |id: &crate::model::ProjectId| *id == project.id;
    let votes = record
        .vote
        .iter()
        .flat_map(|v| &v.projects)
        .find(|p| is_this(&p.project.value))
        .map(|p| p.votes);
    let result = record
        .completion
        .iter()
        .flat_map(|c| &c.projects)
        .find(|p| is_this(&p.project.value));
    let rating = record
        .satisfaction
        .iter()
        .flat_map(|s| &s.projects)
        .find(|p| is_this(&p.project.value));
    (votes.is_some() || result.is_some() || rating.is_some()).then(|| ProjectAccountability {
        votes,
        result: result.map(|r| t.get(key::Key::completion(r.result))),
        result_code: result.map(|r| r.result.code()),
        achieved: result.and_then(|r| r.achieved.as_ref().map(|a| Text::of(a, lang))),
        target: result.and_then(|r| r.target.as_ref().map(|a| Text::of(a, lang))),
        rating: rating.map(rating_view),
    })
}

/// One step of the chain a county page shows for a year.
#[derive(Serialize)]
pub struct Step {
    label: String,
    value: String,
}

/// Chosen by vote → progress reports → year-end result → satisfaction:
/// the steps the records cover, in that order.
pub fn chain(notice: &Notice, lang: Lang, t: &Strings, drafts: bool) -> Vec<Step> {
    let mut steps = Vec::new();
    let record = notice.accountability.as_ref();
    if let Some(vote) = record.and_then(|r| r.vote.as_ref()) {
        let mut value = vote.meeting.get(lang).text.to_string();
        if let Some(date) = vote.date {
            value = format!("{value} ({})", format::date(lang, date));
        }
        steps.push(Step {
            label: t.get(key::ACCOUNTABILITY_VOTE),
            value,
        });
    }
    let reports: usize = notice
        .projects
        .iter()
        .map(|p| p.visible_reports(drafts).count())
        .sum();
    steps.push(Step {
        label: t.get(key::ACCOUNTABILITY_PROGRESS),
        value: t.fill(
            key::ACCOUNTABILITY_REPORTS,
            &[("count", &reports.to_string())],
        ),
    });
    if let Some(completion) = record.and_then(|r| r.completion.as_ref()) {
        let completed = completion
            .projects
            .iter()
            .filter(|p| p.result == CompletionResult::Completed)
            .count();
        steps.push(Step {
            label: t.get(key::ACCOUNTABILITY_COMPLETION),
            value: t.fill(
                key::ACCOUNTABILITY_COMPLETED_OF,
                &[
                    ("completed", &completed.to_string()),
                    ("total", &completion.projects.len().to_string()),
                ],
            ),
        });
    }
    if let Some(value) = record
        .and_then(|r| r.satisfaction.as_ref())
        .and_then(|s| overall(s, t))
    {
        steps.push(Step {
            label: t.get(key::ACCOUNTABILITY_SATISFACTION),
            value,
        });
    }
    steps
}

/// All projects' votes together: `1620 of 2222 votes were “satisfied”
/// (72.9%)`; nothing when no votes are recorded.
fn overall(satisfaction: &Satisfaction, t: &Strings) -> Option<String> {
    let satisfied: u64 = satisfaction
        .projects
        .iter()
        .map(|p| u64::from(p.satisfied))
        .sum();
    let total: u64 = satisfaction.projects.iter().map(ProjectRating::total).sum();
    if total == 0 {
        return None;
    }
    let text = t.fill(
        key::ACCOUNTABILITY_SATISFIED_OF,
        &[
            ("satisfied", &satisfied.to_string()),
            ("total", &total.to_string()),
            (
                "share",
                &permille_text(permille(satisfied, total)).unwrap_or_default(),
            ),
        ],
    );
    Some(text)
}

fn rating_view(rating: &ProjectRating) -> RatingView {
    RatingView {
        satisfied: rating.satisfied,
        basically_satisfied: rating.basically_satisfied,
        dissatisfied: rating.dissatisfied,
        share: permille_text(rating.satisfied_permille()),
    }
}

/// `779` → `77.9%`.
fn permille_text(permille: Option<u64>) -> Option<String> {
    permille.map(|p| format!("{}.{}%", p / 10, p % 10))
}
