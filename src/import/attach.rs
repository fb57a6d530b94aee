//! A progress text attached to a notice: each row matched to one of the
//! notice's projects, and a draft report written for it.
//!
//! Rows are matched by name after script and punctuation folding; the 序号
//! only confirms. A provincial or city table numbers its rows its own way,
//! so a row whose number matches a project but whose name does not is
//! listed as unmatched, never written. A report states only what the row
//! states: the completion rate (above 100 as `percent_reported`), the
//! government's schedule judgement and its reason, the investment
//! completed, figures per sub-row when they line up with the project's
//! items, and the progress text verbatim as the body. The investment
//! completed is written only when the table states it in the notice's
//! unit: a figure in another or an unknown unit is left for staff.

use std::fmt::Write;

use super::cells;
use super::emit::quote;
use super::fold::fold;
use super::progress::{Figures, ProgressRow};
use super::reimport::Previous;
use super::satisfaction::RatingRow;
use crate::model::{AmountUnit, Date, ProjectId};

/// A report to write: its project, and the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftReport {
    pub project: ProjectId,
    pub row: String,
    pub text: String,
}

/// A row no project matched, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatched {
    pub number: String,
    pub name: String,
    pub line: usize,
    pub why: String,
}

#[derive(Debug, Default)]
pub struct Attached {
    pub reports: Vec<DraftReport>,
    pub unmatched: Vec<Unmatched>,
    /// Rows whose investment completed was left out: its unit is not the notice's.
    pub spent_left_out: usize,
}

/// The name as matching sees it: folded script and punctuation, no spaces or marks.
fn name_key(name: &str) -> String {
    fold(name).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The notice's project a row names: by its name after folding (exactly,
/// or uniquely within a longer name); `Err` says why none is.
pub fn match_project(notice: &Previous, name: &str, number: &str) -> Result<ProjectId, String> {
    let key = name_key(name);
    let projects: Vec<(&ProjectId, String, &str)> = notice
        .projects
        .iter()
        .map(|(id, record)| (id, name_key(record.name.zh()), record.number.as_str()))
        .collect();
    let exact: Vec<&ProjectId> = projects
        .iter()
        .filter(|(_, name, _)| *name == key)
        .map(|(id, _, _)| *id)
        .collect();
    let within: Vec<&ProjectId> = projects
        .iter()
        .filter(|(_, name, _)| {
            !key.is_empty() && (name.contains(&key) || key.contains(name.as_str()))
        })
        .map(|(id, _, _)| *id)
        .collect();
    match (exact.as_slice(), within.as_slice()) {
        ([id], _) | ([], [id]) => Ok((*id).clone()),
        (many, _) if many.len() > 1 => Err(format!("{} projects have this name", many.len())),
        _ => match projects.iter().find(|(_, _, n)| *n == number) {
            Some((id, _, _)) => Err(format!(
                "its number {number} is that of `{id}`, but the names differ"
            )),
            None => Err("no project of the notice has this name".to_string()),
        },
    }
}

/// What a draft report is written from besides its row.
pub struct ReportContext<'a> {
    pub date: Date,
    /// The copied progress text the report names as its source.
    pub source: &'a str,
    /// Whether the table's investment figures are in the notice's unit.
    pub spent_in_notice_unit: bool,
}

/// Whether a progress table's amounts, in `table_unit` (None: not stated),
/// can stand beside the notice's, in `notice_unit`.
pub fn same_unit(table_unit: Option<&str>, notice_unit: Option<AmountUnit>) -> bool {
    let table = table_unit.and_then(|u| AmountUnit::parse(u).ok());
    table.is_some() && table == notice_unit
}

/// Matches `rows` to the notice's projects and writes a draft report for each match.
pub fn attach(rows: &[ProgressRow], notice: &Previous, context: &ReportContext) -> Attached {
    let mut attached = Attached::default();
    for row in rows {
        match match_project(notice, &row.name, &row.number) {
            Ok(id) => {
                let items = notice.projects.get(&id).map_or(0, |p| p.items.len());
                let states_spent = row.figures.spent.is_some()
                    || row.items.iter().any(|item| item.spent.is_some());
                if states_spent && !context.spent_in_notice_unit {
                    attached.spent_left_out += 1;
                }
                attached.reports.push(DraftReport {
                    text: report(row, items, context),
                    project: id,
                    row: row.number.clone(),
                });
            }
            Err(why) => attached.unmatched.push(Unmatched {
                number: row.number.clone(),
                name: row.name.clone(),
                line: row.line,
                why,
            }),
        }
    }
    attached
}

/// A satisfaction table as the `satisfaction:` section of a notice's
/// `accountability.yaml`, its rows matched to projects like progress rows.
#[derive(Debug, Default)]
pub struct RatingSection {
    pub yaml: String,
    /// Each matched row's number and project.
    pub matched: Vec<(String, ProjectId)>,
    pub unmatched: Vec<Unmatched>,
}

/// The section for `ratings`, dated `date` when staff give one, with the
/// number of voters when the text states it.
pub fn rating_section(
    ratings: &[RatingRow],
    voters: Option<u32>,
    notice: &Previous,
    date: Option<Date>,
) -> RatingSection {
    let mut section = RatingSection {
        yaml: String::from(
            "satisfaction:\n  # Imported from satisfaction.txt: add `by:` (who rated), and check every figure.\n",
        ),
        ..RatingSection::default()
    };
    if let Some(date) = date {
        let _ = writeln!(section.yaml, "  date: {date}");
    }
    if let Some(voters) = voters {
        let _ = writeln!(section.yaml, "  voters: {voters}");
    }
    section.yaml.push_str("  projects:\n");
    for row in ratings {
        match match_project(notice, &row.name, &row.number) {
            Ok(id) => {
                let [satisfied, basically, dissatisfied] = row.votes;
                let _ = writeln!(
                    section.yaml,
                    "    - project: {id}\n      satisfied: {satisfied}\n      basically_satisfied: {basically}\n      dissatisfied: {dissatisfied}"
                );
                section.matched.push((row.number.clone(), id));
            }
            Err(why) => section.unmatched.push(Unmatched {
                number: row.number.clone(),
                name: row.name.clone(),
                line: row.line,
                why,
            }),
        }
    }
    section
}

/// A row's sub-rows are the project's items only when they are as many.
fn item_figures(row: &ProgressRow, items: usize) -> Option<&[Figures]> {
    (row.items.len() > 1 && row.items.len() == items).then_some(row.items.as_slice())
}

/// The report file: front matter from the row's figures, the progress text as the body.
fn report(row: &ProgressRow, items: usize, context: &ReportContext) -> String {
    let spent = |figures: &Figures| {
        figures
            .spent
            .clone()
            .filter(|_| context.spent_in_notice_unit)
    };
    let figures: Vec<&Figures> = if row.items.is_empty() {
        vec![&row.figures]
    } else {
        row.items.iter().collect()
    };
    let status = if figures.iter().all(|f| says_completed(f)) {
        "completed"
    } else if figures.iter().all(|f| says_not_started(f)) {
        "planned"
    } else {
        "in-progress"
    };
    let mut front = format!("---\ndate: {}\nstatus: {status}\n", context.date);
    // Read rows have no sub-rows or at least two; with sub-rows the
    // figures are per item below, never summed here.
    if row.items.is_empty() {
        write_percent(&mut front, "", &row.figures);
        if let Some(spent) = spent(&row.figures) {
            let _ = writeln!(front, "spent: {}", quote(&spent));
        }
    }
    // A project with any part behind schedule is behind schedule.
    let judgements: Vec<bool> = figures.iter().filter_map(|f| f.on_schedule).collect();
    if !judgements.is_empty() {
        let on = judgements.iter().all(|on| *on);
        let _ = writeln!(front, "on_schedule: {on}");
    }
    let notes: Vec<&str> = figures
        .iter()
        .filter_map(|f| f.schedule_note.as_deref())
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(front, "schedule_note: {}", quote(&notes.join("；")));
    }
    let per_item = item_figures(row, items);
    if let Some(sub_rows) = per_item {
        front.push_str("items:\n");
        for (i, figures) in sub_rows.iter().enumerate() {
            let _ = writeln!(front, "  - item: {}", i + 1);
            write_percent(&mut front, "    ", figures);
            if let Some(spent) = spent(figures) {
                let _ = writeln!(front, "    spent: {}", quote(&spent));
            }
            if let Some(text) = &figures.progress {
                let _ = writeln!(front, "    text: {}", quote(text));
            }
        }
    }
    let _ = writeln!(front, "source: {}", quote(context.source));
    front.push_str("# Imported from the progress table: check it, then delete the next line to publish.\ndraft: true\n---\n");
    front.push_str(&body(row, per_item.is_some()));
    front
}

/// `percent` from the printed rate; above 100 as `percent: 100` and
/// `percent_reported`. A rate with decimals is not written (a report's
/// percent is whole): staff decide how to round it.
fn write_percent(out: &mut String, indent: &str, figures: &Figures) {
    match figures
        .percent
        .as_ref()
        .and_then(serde_json::Number::as_i64)
    {
        Some(rate) if rate > 100 => {
            let _ = writeln!(
                out,
                "{indent}percent: 100\n{indent}percent_reported: {rate}"
            );
        }
        Some(rate) if rate >= 0 => {
            let _ = writeln!(out, "{indent}percent: {rate}");
        }
        _ => {}
    }
}

/// The row's progress text verbatim; with sub-rows that are not the
/// project's items, each sub-row's target and progress on a line.
fn body(row: &ProgressRow, per_item: bool) -> String {
    if row.items.is_empty() || per_item {
        let texts: Vec<&str> = if row.items.is_empty() {
            row.figures.progress.iter().map(String::as_str).collect()
        } else {
            row.items
                .iter()
                .filter_map(|f| f.progress.as_deref())
                .collect()
        };
        return texts.iter().map(|t| format!("{t}\n")).collect();
    }
    row.items
        .iter()
        .map(|f| {
            let target = f
                .target
                .as_deref()
                .or(f.label.as_deref())
                .unwrap_or_default();
            let done = f.progress.as_deref().unwrap_or_default();
            format!("- {}：{}\n", cells::text(target), cells::text(done))
        })
        .collect()
}

/// `已完成`, `已全部完成`: the row says the work is done.
fn says_completed(figures: &Figures) -> bool {
    let said = |text: &Option<String>| {
        text.as_deref().is_some_and(|t| {
            let folded = fold(t);
            folded.starts_with("已完成") || folded.starts_with("已全部完成") || folded == "完成"
        })
    };
    said(&figures.progress) || said(&figures.expected_finish)
}

/// A row whose progress says work has not begun (未开工, 未启动, 尚未实施).
fn says_not_started(figures: &Figures) -> bool {
    figures.progress.as_deref().is_some_and(|t| {
        let folded = fold(t);
        [
            "未开工",
            "未启动",
            "尚未开工",
            "尚未启动",
            "尚未实施",
            "未实施",
        ]
        .iter()
        .any(|w| folded.starts_with(w))
    })
}
