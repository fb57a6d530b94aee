//! Open data: `/data/<county>-<year>.json` and `/data/all.json`.
//!
//! The shape is the contract in DESIGN.md and README.md: keys may be added,
//! none renamed. Amounts are strings holding exact decimals; unknown is null.

use std::io;

use serde::Serialize;

use super::urls;
use crate::model::{Bilingual, County, Date, Deadline, Money, Notice, Project, Report, Tally};

#[derive(Serialize)]
pub struct NoticeData<'a> {
    county: CountyData<'a>,
    year: u16,
    issuer: &'a Bilingual,
    title: &'a Bilingual,
    doc_number: Option<&'a str>,
    written_date: Option<Date>,
    published_date: Option<Date>,
    index_number: Option<&'a str>,
    source_url: Option<&'a str>,
    release: &'static str,
    unit: Option<&'a str>,
    declared_total: Option<String>,
    computed_total: Option<Money>,
    rows_without_amount: usize,
    url: String,
    groups: Vec<GroupData<'a>>,
    /// The vote, the year-end result and the satisfaction rating, when recorded.
    accountability: Option<AccountabilityData<'a>>,
}

#[derive(Serialize)]
struct AccountabilityData<'a> {
    vote: Option<VoteData<'a>>,
    completion: Option<CompletionData<'a>>,
    satisfaction: Option<SatisfactionData<'a>>,
}

#[derive(Serialize)]
struct VoteData<'a> {
    meeting: &'a Bilingual,
    date: Option<Date>,
    candidates: Option<u32>,
    voters: Option<u32>,
    projects: Vec<VotesData<'a>>,
}

#[derive(Serialize)]
struct VotesData<'a> {
    id: &'a str,
    votes: u32,
}

#[derive(Serialize)]
struct CompletionData<'a> {
    date: Option<Date>,
    projects: Vec<ResultData<'a>>,
}

#[derive(Serialize)]
struct ResultData<'a> {
    id: &'a str,
    result: &'static str,
    achieved: Option<&'a Bilingual>,
    target: Option<&'a Bilingual>,
}

#[derive(Serialize)]
struct SatisfactionData<'a> {
    by: Option<&'a Bilingual>,
    date: Option<Date>,
    voters: Option<u32>,
    projects: Vec<RatingData<'a>>,
}

#[derive(Serialize)]
struct RatingData<'a> {
    id: &'a str,
    satisfied: u32,
    basically_satisfied: u32,
    dissatisfied: u32,
}

fn accountability(notice: &Notice) -> Option<AccountabilityData<'_>> {
    let record = notice.accountability.as_ref()?;
    Some(AccountabilityData {
        vote: record.vote.as_ref().map(|vote| VoteData {
            meeting: &vote.meeting,
            date: vote.date,
            candidates: vote.candidates,
            voters: vote.voters,
            projects: vote
                .projects
                .iter()
                .map(|p| VotesData {
                    id: p.project.value.as_str(),
                    votes: p.votes,
                })
                .collect(),
        }),
        completion: record.completion.as_ref().map(|completion| CompletionData {
            date: completion.date,
            projects: completion
                .projects
                .iter()
                .map(|p| ResultData {
                    id: p.project.value.as_str(),
                    result: p.result.code(),
                    achieved: p.achieved.as_ref(),
                    target: p.target.as_ref(),
                })
                .collect(),
        }),
        satisfaction: record.satisfaction.as_ref().map(|s| SatisfactionData {
            by: s.by.as_ref(),
            date: s.date,
            voters: s.voters.as_ref().map(|v| v.value),
            projects: s
                .projects
                .iter()
                .map(|p| RatingData {
                    id: p.project.value.as_str(),
                    satisfied: p.satisfied,
                    basically_satisfied: p.basically_satisfied,
                    dissatisfied: p.dissatisfied,
                })
                .collect(),
        }),
    })
}

#[derive(Serialize)]
struct CountyData<'a> {
    slug: &'a str,
    name: &'a Bilingual,
}

#[derive(Serialize)]
struct GroupData<'a> {
    name: Option<&'a Bilingual>,
    declared_subtotal: Option<String>,
    computed_subtotal: Option<Money>,
    rows_without_amount: usize,
    projects: Vec<ProjectData<'a>>,
}

#[derive(Serialize)]
struct ProjectData<'a> {
    id: &'a str,
    number: &'a str,
    name: &'a Bilingual,
    url: String,
    /// The latest report's status; `None` when no progress is reported.
    status: Option<&'static str>,
    /// The project's deadline had passed on the date the site was built.
    deadline_passed: bool,
    /// Past the deadline and the latest report is neither completed nor cancelled.
    overdue: bool,
    latest_report: Option<ReportData<'a>>,
    reports: Vec<ReportData<'a>>,
    items: Vec<ItemData<'a>>,
}

#[derive(Serialize)]
struct ReportData<'a> {
    date: Date,
    status: &'static str,
    percent: Option<i64>,
    spent: Option<Money>,
    percent_reported: Option<i64>,
    on_schedule: Option<bool>,
    schedule_note: Option<&'a str>,
}

#[derive(Serialize)]
struct ItemData<'a> {
    tasks: Option<&'a Bilingual>,
    amount: Option<String>,
    leaders: Vec<&'a str>,
    lead_units: &'a [Bilingual],
    partner_units: &'a [Bilingual],
    deadline: Option<&'a Deadline>,
    location: Option<&'a Bilingual>,
    remarks: Option<&'a Bilingual>,
}

/// What the open data needs beyond the records: where the site lives and the
/// date that decides what is overdue.
pub struct DataContext<'a> {
    pub base_url: &'a str,
    pub as_of: Date,
    pub drafts: bool,
}

pub fn notice<'a>(county: &'a County, notice: &'a Notice, cx: &DataContext) -> NoticeData<'a> {
    let record = &notice.record;
    let tally = notice.tally();
    NoticeData {
        county: CountyData {
            slug: county.slug.as_str(),
            name: &county.record.name,
        },
        year: notice.year,
        issuer: &record.issuer,
        title: &record.title,
        doc_number: record.doc_number.as_deref(),
        written_date: record.written_date,
        published_date: record.published_date,
        index_number: record.index_number.as_deref(),
        source_url: record.source_url.as_ref().map(|u| u.as_str()),
        release: record.release.value.code(),
        unit: record.unit.map(crate::model::AmountUnit::as_str),
        declared_total: record
            .declared_total
            .as_ref()
            .map(|a| a.value.value.to_string()),
        computed_total: tally.total(),
        rows_without_amount: tally.rows_without_amount,
        url: urls::absolute(cx.base_url, &urls::notice(&county.slug, notice.year)),
        accountability: accountability(notice),
        groups: record
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let tally: Tally = notice.group_tally(g);
                GroupData {
                    name: group.name.as_ref(),
                    declared_subtotal: group
                        .declared_subtotal
                        .as_ref()
                        .map(|a| a.value.value.to_string()),
                    computed_subtotal: tally.total(),
                    rows_without_amount: tally.rows_without_amount,
                    projects: notice
                        .group_projects(g)
                        .map(|p| project(county, notice, p, cx))
                        .collect(),
                }
            })
            .collect(),
    }
}

fn project<'a>(
    county: &County,
    notice: &Notice,
    project: &'a Project,
    cx: &DataContext,
) -> ProjectData<'a> {
    ProjectData {
        id: project.id.as_str(),
        number: &project.record.number,
        name: &project.record.name,
        url: urls::absolute(
            cx.base_url,
            &urls::project(&county.slug, notice.year, &project.id),
        ),
        status: project.status(cx.drafts).map(|s| s.code()),
        deadline_passed: project.deadline_passed(cx.as_of),
        overdue: project.is_overdue(cx.as_of, cx.drafts),
        latest_report: project.latest_report(cx.drafts).map(report),
        reports: project.visible_reports(cx.drafts).map(report).collect(),
        items: project
            .record
            .items
            .iter()
            .map(|item| ItemData {
                tasks: item.tasks.as_ref(),
                amount: item.amount.as_ref().map(|a| a.value.value.to_string()),
                leaders: item.leaders.iter().map(|l| l.zh()).collect(),
                lead_units: &item.lead_units,
                partner_units: &item.partner_units,
                deadline: item.deadline.as_ref(),
                location: item.location.as_ref(),
                remarks: item.remarks.as_ref(),
            })
            .collect(),
    }
}

fn report(report: &Report) -> ReportData<'_> {
    let front = &report.front;
    ReportData {
        date: front.date,
        status: front.status.code(),
        percent: front.percent.as_ref().map(|p| p.value),
        spent: front.spent.as_ref().map(|s| s.value.value),
        percent_reported: front.details().percent_reported.as_ref().map(|p| p.value),
        on_schedule: front.details().on_schedule,
        schedule_note: front.details().schedule_note.as_deref(),
    }
}

/// `/data/all.json`: every published notice in one document,
/// `{"notices":[…]}`, put together from each notice's compact JSON so that
/// no notice is serialised twice. Entries are written in the notices' order
/// as they are made, so the document is never held whole.
pub struct AllJson<W> {
    out: W,
    added: usize,
}

impl<W: io::Write> AllJson<W> {
    pub fn start(mut out: W) -> io::Result<AllJson<W>> {
        out.write_all(b"{\"notices\":[")?;
        Ok(AllJson { out, added: 0 })
    }

    pub fn push(&mut self, entry: &[u8]) -> io::Result<()> {
        if self.added > 0 {
            self.out.write_all(b",")?;
        }
        self.added += 1;
        self.out.write_all(entry)
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"]}\n")?;
        Ok(self.out)
    }
}
