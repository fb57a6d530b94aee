//! The review of an import as JSON (`import --dry-run --format json`).
//!
//! A notice's review has the keys of the notice's open data (README, "Open
//! data"), with `null` for what the text does not state, plus what staff
//! need to check the reading: the line each group, project and item came
//! from, the printed numbers, `unplaced`, and `lines`, which says for every
//! non-blank line what it was read as. A progress text's review has `rows`.

use serde::Serialize;

use super::header::{Metadata, Period};
use super::progress::ProgressRow;
use super::satisfaction::RatingRow;
use super::source::Role;
use super::structure::{ImportedGroup, ImportedItem, ImportedProject};
use super::{Imported, TextKind, Unplaced, cells, emit};
use crate::model::{Date, Glossary, Money, Tally};

#[derive(Serialize)]
#[serde(untagged)]
pub enum Review<'a> {
    Notice(NoticeReview<'a>),
    Progress(ProgressReview<'a>),
    Satisfaction(SatisfactionReview<'a>),
}

/// The review of `imported`; `glossary` gives the English of known units.
pub fn review<'a>(imported: &'a Imported, glossary: &'a Glossary) -> Review<'a> {
    let common = Common::of(imported);
    match imported.kind {
        TextKind::Notice => Review::Notice(NoticeReview::of(imported, glossary, common)),
        TextKind::Progress => Review::Progress(ProgressReview {
            kind: "progress",
            common,
            period: imported.metadata.period.as_ref(),
            rows: &imported.progress,
            unplaced: &imported.unplaced,
            lines: lines(imported),
        }),
        TextKind::Satisfaction => Review::Satisfaction(SatisfactionReview {
            kind: "satisfaction",
            common,
            voters: imported.voters,
            rows: &imported.ratings,
            unplaced: &imported.unplaced,
            lines: lines(imported),
        }),
    }
}

#[derive(Serialize)]
pub struct SatisfactionReview<'a> {
    kind: &'static str,
    #[serde(flatten)]
    common: Common<'a>,
    voters: Option<u32>,
    rows: &'a [RatingRow],
    unplaced: &'a [Unplaced],
    lines: Vec<LineReview>,
}

/// Chinese text as the open data gives it: `{"zh": ...}`.
#[derive(Serialize)]
pub struct Text<'a> {
    zh: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    en: Option<&'a str>,
}

fn zh(text: &str) -> Text<'_> {
    Text { zh: text, en: None }
}

fn some_zh(text: Option<&str>) -> Option<Text<'_>> {
    text.filter(|t| !t.is_empty()).map(zh)
}

/// The metadata both kinds of text share.
#[derive(Serialize)]
pub struct Common<'a> {
    issuer: Option<Text<'a>>,
    title: Option<Text<'a>>,
    doc_number: Option<&'a str>,
    written_date: Option<Date>,
    published_date: Option<Date>,
    index_number: Option<&'a str>,
    unit: Option<&'a str>,
    layout: &'static str,
}

impl<'a> Common<'a> {
    fn of(imported: &'a Imported) -> Common<'a> {
        let m: &Metadata = &imported.metadata;
        Common {
            issuer: some_zh(m.issuer.as_deref()),
            title: some_zh(m.title.as_deref()),
            doc_number: m.doc_number.as_deref(),
            written_date: m.written_date,
            published_date: m.published_date,
            index_number: m.index_number.as_deref(),
            unit: imported.unit(),
            layout: imported.found.describe(),
        }
    }
}

#[derive(Serialize)]
pub struct NoticeReview<'a> {
    kind: &'static str,
    county: Option<CountyReview<'a>>,
    year: Option<u16>,
    #[serde(flatten)]
    common: Common<'a>,
    table_title: Option<Text<'a>>,
    release: &'static str,
    release_mark: Option<&'a str>,
    declared_total: Option<&'a str>,
    computed_total: Option<Money>,
    rows_without_amount: usize,
    /// How many projects the text says it lists.
    declared_projects: Option<u32>,
    groups: Vec<GroupReview<'a>>,
    unplaced: &'a [Unplaced],
    lines: Vec<LineReview>,
}

#[derive(Serialize)]
struct CountyReview<'a> {
    slug: &'a str,
}

#[derive(Serialize)]
struct GroupReview<'a> {
    name: Option<Text<'a>>,
    line: Option<usize>,
    declared_subtotal: Option<&'a str>,
    computed_subtotal: Option<Money>,
    rows_without_amount: usize,
    declared_count: Option<u32>,
    projects: Vec<ProjectReview<'a>>,
}

#[derive(Serialize)]
struct ProjectReview<'a> {
    id: String,
    number: &'a str,
    printed_number: &'a str,
    numbered: bool,
    name: Text<'a>,
    line: usize,
    items: Vec<ItemReview<'a>>,
}

#[derive(Serialize)]
struct ItemReview<'a> {
    line: usize,
    tasks: Option<Text<'a>>,
    amount: Option<&'a str>,
    leaders: &'a [String],
    lead_units: Vec<Text<'a>>,
    partner_units: Vec<Text<'a>>,
    deadline: Option<DeadlineReview<'a>>,
    location: Option<Text<'a>>,
    remarks: Option<Text<'a>>,
    /// The cells as printed, as [column, text] pairs in the text's order.
    original: Vec<(&'a str, &'a str)>,
}

#[derive(Serialize)]
struct DeadlineReview<'a> {
    text: &'a str,
    date: Option<Date>,
}

/// What one non-blank line was read as.
#[derive(Serialize)]
pub struct LineReview {
    line: usize,
    #[serde(flatten)]
    role: Option<Role>,
}

fn lines(imported: &Imported) -> Vec<LineReview> {
    imported
        .ledger
        .iter()
        .map(|(line, role)| LineReview {
            line: *line,
            role: *role,
        })
        .collect()
}

impl<'a> NoticeReview<'a> {
    fn of(imported: &'a Imported, glossary: &'a Glossary, common: Common<'a>) -> NoticeReview<'a> {
        let m = &imported.metadata;
        let structure = &imported.structure;
        let ids = emit::positional_ids(&structure.groups);
        let groups: Vec<GroupReview> = structure
            .groups
            .iter()
            .zip(ids)
            .map(|(group, ids)| group_review(group, ids, imported.year, glossary))
            .collect();
        let tally = all_items(&structure.groups);
        NoticeReview {
            kind: "notice",
            county: imported.county.as_ref().map(|slug| CountyReview {
                slug: slug.as_str(),
            }),
            year: imported.year,
            common,
            table_title: some_zh(m.table_title.as_deref()).filter(|_| m.table_title != m.title),
            release: m.release.map_or("unmarked", |r| r.code()),
            release_mark: m.release_mark.as_deref(),
            declared_total: imported.declared_total(),
            computed_total: tally.total(),
            rows_without_amount: tally.rows_without_amount,
            declared_projects: m.declared_projects,
            groups,
            unplaced: &imported.unplaced,
            lines: lines(imported),
        }
    }
}

fn tally_of<'a>(items: impl Iterator<Item = &'a ImportedItem>) -> Tally {
    let amounts: Vec<Option<Money>> = items
        .map(|i| i.amount.as_deref().and_then(|a| Money::parse(a).ok()))
        .collect();
    Tally::of(amounts.iter().map(Option::as_ref))
}

fn all_items(groups: &[ImportedGroup]) -> Tally {
    tally_of(
        groups
            .iter()
            .flat_map(|g| &g.projects)
            .flat_map(|p| &p.items),
    )
}

fn group_review<'a>(
    group: &'a ImportedGroup,
    ids: Vec<String>,
    year: Option<u16>,
    glossary: &'a Glossary,
) -> GroupReview<'a> {
    let tally = tally_of(group.projects.iter().flat_map(|p| &p.items));
    GroupReview {
        name: some_zh(group.name.as_deref()),
        line: group.name.as_ref().map(|_| group.line),
        declared_subtotal: group.declared_subtotal.as_deref(),
        computed_subtotal: tally.total(),
        rows_without_amount: tally.rows_without_amount,
        declared_count: group.declared_count,
        projects: group
            .projects
            .iter()
            .zip(ids)
            .map(|(project, id)| project_review(project, id, year, glossary))
            .collect(),
    }
}

fn project_review<'a>(
    project: &'a ImportedProject,
    id: String,
    year: Option<u16>,
    glossary: &'a Glossary,
) -> ProjectReview<'a> {
    let unit = |name: &'a String| Text {
        zh: name,
        en: glossary.units.get(name).map(String::as_str),
    };
    ProjectReview {
        id,
        number: &project.number,
        printed_number: &project.printed_number,
        numbered: project.numbered,
        name: zh(&project.name),
        line: project.line,
        items: project
            .items
            .iter()
            .map(|item| ItemReview {
                line: item.line,
                tasks: some_zh(Some(&item.tasks)),
                amount: item.amount.as_deref(),
                leaders: &item.leaders,
                lead_units: item.lead_units.iter().map(unit).collect(),
                partner_units: item.partner_units.iter().map(unit).collect(),
                deadline: item.deadline.as_deref().map(|text| DeadlineReview {
                    text,
                    date: year.and_then(|y| cells::deadline(text, y)),
                }),
                location: some_zh(item.location.as_deref()),
                remarks: some_zh(item.remarks.as_deref()),
                original: item
                    .original
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct ProgressReview<'a> {
    kind: &'static str,
    #[serde(flatten)]
    common: Common<'a>,
    period: Option<&'a Period>,
    rows: &'a [ProgressRow],
    unplaced: &'a [Unplaced],
    lines: Vec<LineReview>,
}
