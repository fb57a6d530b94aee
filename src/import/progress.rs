//! Progress texts: the tables a county's 督查室 publishes each month
//! (进展情况, 推进情况, 完成情况), read into progress rows.
//!
//! Columns are recognised by their header words, as for a notice. A row
//! whose 序号 is the next number starts a project; rows without one are its
//! sub-rows. Sub-rows often lack the cells merged with the row above
//! (序号, 项目, sometimes 牵头单位): `merged` places them.

use serde::Serialize;

use super::cells;
use super::fold::fold;
use super::merged;
use super::source::{Role, Source};
use super::table::{Cell, Row, Table};
use crate::model::Money;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Name,
    Target,
    LeadUnits,
    Progress,
    Percent,
    OnSchedule,
    ScheduleNote,
    Spent,
    Amount,
    ExpectedFinish,
    Remarks,
    Unknown,
}

/// Which column a progress table's header cell names. Order matters:
/// 完成率 is a percent before 完成情况 is progress.
fn classify(header: &str) -> Column {
    let h = fold(&cells::compact(header));
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if has(&["序号", "编号"]) {
        Column::Number
    } else if has(&["完成率", "完成比例", "进度%"]) {
        Column::Percent
    } else if has(&["是否达序", "达序"]) {
        Column::OnSchedule
    } else if has(&["完成投资", "已投资", "累计投资", "资金到位"]) {
        Column::Spent
    } else if has(&["投资", "金额", "资金"]) {
        Column::Amount
    } else if has(&["预计", "时间", "时限"]) {
        Column::ExpectedFinish
    } else if has(&["进展", "完成情况", "推进情况", "工作计划"]) {
        Column::Progress
    } else if has(&["目标", "任务"]) {
        Column::Target
    } else if has(&["单位"]) {
        Column::LeadUnits
    } else if has(&["说明", "原因"]) {
        Column::ScheduleNote
    } else if has(&["备注"]) {
        Column::Remarks
    } else if has(&["项目", "名称", "实事"]) {
        Column::Name
    } else {
        Column::Unknown
    }
}

/// The figures of a row, or of one of its sub-rows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    pub line: usize,
    /// The sub-item's own label, where the table gives sub-rows one.
    pub label: Option<String>,
    pub target: Option<String>,
    pub lead_units: Vec<String>,
    /// What was done, verbatim: the report's body.
    pub progress: Option<String>,
    /// The completion rate as printed, without `%`.
    pub percent: Option<serde_json::Number>,
    pub on_schedule: Option<bool>,
    pub schedule_note: Option<String>,
    /// Investment completed, in the text's unit.
    pub spent: Option<String>,
    /// Total investment, where the table states it.
    pub amount: Option<String>,
    pub expected_finish: Option<String>,
    pub remarks: Option<String>,
    /// The cells as printed, by column header.
    pub original: Vec<(String, String)>,
    /// Cells past the last column: reported as unplaced, never dropped.
    #[serde(skip)]
    pub beyond: Vec<Cell>,
}

/// One project's row of a progress table.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressRow {
    pub number: String,
    pub name: String,
    pub line: usize,
    #[serde(flatten)]
    pub figures: Figures,
    /// Figures per sub-row, when the project has several.
    pub items: Vec<Figures>,
}

/// Title words and header words that make a text a progress text.
const PROGRESS_WORDS: &[&str] = &["进展", "推进情况", "完成情况", "进度"];

/// A progress text: a table with progress columns, or, without a table,
/// a title that speaks of progress (a notice titled 关于…的通知 is not one).
pub fn is_progress_text(source: &Source, table: Option<&Table>) -> bool {
    if let Some(header) = table.and_then(|t| t.rows.first()) {
        return header
            .cells
            .iter()
            .map(|c| classify(&c.text))
            .any(|c| matches!(c, Column::Percent | Column::Progress | Column::OnSchedule));
    }
    source
        .lines
        .iter()
        .filter(|l| !l.is_blank())
        .take(5)
        .map(|l| cells::compact(&l.folded))
        .filter(|l| l.chars().count() <= 50 && !l.ends_with("通知"))
        .any(|l| PROGRESS_WORDS.iter().any(|w| l.contains(w)))
}

/// The unit the investment-completed column names, e.g. 已完成投资（万元）.
pub fn spent_unit(table: &Table) -> Option<String> {
    let header = table.rows.first()?;
    header
        .cells
        .iter()
        .find(|c| classify(&c.text) == Column::Spent)
        .and_then(|c| super::columns::unit_in(&c.text))
}

/// The rows of a progress table; claims their lines.
pub fn read(table: &Table, source: &mut Source) -> Vec<ProgressRow> {
    let Some((header, data)) = table.rows.split_first() else {
        return Vec::new();
    };
    let columns: Vec<(Column, String)> = header
        .cells
        .iter()
        .map(|c| (classify(&c.text), cells::compact(&c.text)))
        .collect();
    let width = columns.len();
    let mut rows: Vec<ProgressRow> = Vec::new();
    let mut claims = vec![(header.line, header.last_line(), Role::TableHeader)];
    for row in data {
        let first = row.cells.first().map(|c| c.text.trim()).unwrap_or_default();
        let expected = (rows.len() + 1).to_string();
        if first == expected {
            rows.push(project_row(row, &columns, width));
            claims.push((
                row.line,
                row.last_line(),
                Role::ProgressRow { row: rows.len() },
            ));
        } else if first.chars().all(|c| c.is_ascii_digit()) && !first.is_empty() {
            // A number out of sequence is not a sub-row: left unplaced for staff.
            continue;
        } else if let Some(last) = rows.last_mut() {
            let above = last.items.last().unwrap_or(&last.figures);
            let figures = sub_row(&row.cells, &columns, row.line, above);
            last.items.push(figures);
            claims.push((
                row.line,
                row.last_line(),
                Role::ProgressRow { row: rows.len() },
            ));
        }
    }
    for (first, last, role) in claims {
        source.claim_range(first, last, role);
    }
    for row in &mut rows {
        if !row.items.is_empty() {
            let own = std::mem::take(&mut row.figures);
            row.items.insert(0, own.clone());
            row.figures = shared(&row.items);
            row.figures.line = own.line;
        }
    }
    rows
}

/// A project's row. A row longer than the header (cells counted, not
/// separated, as in one-cell-per-line tables) holds sub-rows that have an
/// extra label column after the name: `width + extra` cells, then sub-rows
/// of `width - 2 + extra`.
fn project_row(row: &Row, columns: &[(Column, String)], width: usize) -> ProgressRow {
    let cells = &row.cells;
    let name = cells
        .get(1)
        .map(|c| cells::text(&c.text))
        .unwrap_or_default();
    let mut items = Vec::new();
    let mut figures = if cells.len() > width {
        let extra = (1..=2).find(|e| {
            (cells.len())
                .checked_sub(width + e)
                .is_some_and(|rest| rest > 0 && rest.is_multiple_of(width - 2 + e))
        });
        match extra {
            Some(extra) => {
                let (own, rest) = cells.split_at(width + extra);
                for sub in rest.chunks(width - 2 + extra) {
                    items.push(labelled(sub, columns, extra));
                }
                let mut own_cells = own[..2].to_vec();
                own_cells.extend_from_slice(&own[2 + extra..]);
                let mut figures = place_from(&own_cells, columns, row.line);
                figures.label = Some(cells::text(&own[2].text));
                figures
            }
            None => place_from(cells, columns, row.line),
        }
    } else {
        place_from(cells, columns, row.line)
    };
    figures.line = row.line;
    ProgressRow {
        number: cells
            .first()
            .map(|c| c.text.trim().to_string())
            .unwrap_or_default(),
        name: super::fold::strip_pinyin(&name),
        line: row.line,
        figures,
        items,
    }
}

/// A sub-row with its own label first, then the columns after the name.
fn labelled(cells: &[Cell], columns: &[(Column, String)], extra: usize) -> Figures {
    let line = cells.first().map_or(0, |c| c.line);
    let mut figures = place_from(&cells[extra..], &columns[2..], line);
    figures.label = cells.first().map(|c| cells::text(&c.text));
    figures
}

/// A sub-row missing its merged cells, placed as `merged` says. A merged
/// lead-unit cell spans the row `above`, so its units are theirs.
fn sub_row(cells: &[Cell], columns: &[(Column, String)], line: usize, above: &Figures) -> Figures {
    let filled: Vec<&Cell> = cells.iter().filter(|c| !c.text.trim().is_empty()).collect();
    let after_name = columns
        .iter()
        .position(|(c, _)| !matches!(c, Column::Number | Column::Name))
        .unwrap_or(0);
    let mut figures = Figures {
        line,
        ..Figures::default()
    };
    let slots = merged::slots(filled.len(), columns.len(), after_name);
    for (index, cell) in slots.iter().zip(&filled) {
        match columns.get(*index) {
            Some((column, header)) => set(&mut figures, *column, header, &cell.text),
            None => figures.beyond.push((*cell).clone()),
        }
    }
    let lead_units = columns.iter().position(|(c, _)| *c == Column::LeadUnits);
    if lead_units.is_some_and(|i| merged::is_merged(&slots, i)) {
        figures.lead_units = above.lead_units.clone();
    }
    figures
}

fn place_from(cells: &[Cell], columns: &[(Column, String)], line: usize) -> Figures {
    let mut figures = Figures {
        line,
        ..Figures::default()
    };
    for (cell, (column, header)) in cells.iter().zip(columns) {
        set(&mut figures, *column, header, &cell.text);
    }
    let past = cells.get(columns.len()..).unwrap_or_default();
    figures.beyond = past
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .cloned()
        .collect();
    figures
}

fn set(figures: &mut Figures, column: Column, header: &str, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    figures
        .original
        .push((header.to_string(), text.to_string()));
    let text = &super::fold::strip_pinyin(text);
    let plain = cells::text(text);
    match column {
        Column::Target => figures.target = Some(plain),
        Column::LeadUnits => figures.lead_units = cells::units(text),
        Column::Progress => figures.progress = Some(plain),
        Column::Percent => figures.percent = percent(text),
        Column::OnSchedule => figures.on_schedule = yes_or_no(text),
        Column::ScheduleNote => figures.schedule_note = Some(plain),
        Column::Spent => figures.spent = exact(text),
        Column::Amount => figures.amount = exact(text),
        Column::ExpectedFinish => figures.expected_finish = Some(plain),
        Column::Remarks => figures.remarks = Some(plain),
        Column::Number | Column::Name | Column::Unknown => {}
    }
}

/// `54%` → 54; `119.5％` → 119.5; anything else is not a percent.
fn percent(text: &str) -> Option<serde_json::Number> {
    let folded = fold(&cells::compact(text));
    let number = folded.strip_suffix('%').unwrap_or(&folded);
    Money::parse(number).ok()?;
    number.parse().ok()
}

fn exact(text: &str) -> Option<String> {
    let compact = cells::compact(text);
    Money::parse(&compact).ok().map(|_| compact)
}

fn yes_or_no(text: &str) -> Option<bool> {
    match fold(&cells::compact(text)).as_str() {
        "是" | "达序" | "已达序" => Some(true),
        "否" | "未达序" | "滞后" => Some(false),
        _ => None,
    }
}

/// What every sub-row says alike (the lead units of a row that lists them once).
fn shared(items: &[Figures]) -> Figures {
    let mut figures = Figures::default();
    let units: Vec<&Vec<String>> = items.iter().map(|i| &i.lead_units).collect();
    if units.windows(2).all(|w| w[0] == w[1]) {
        figures.lead_units = units.first().map(|u| (*u).clone()).unwrap_or_default();
    }
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Vec<ProgressRow> {
        let mut source = Source::new(text);
        let table = super::super::table::read(&source).unwrap();
        read(&table, &mut source)
    }

    #[test]
    fn recognises_progress_columns() {
        assert_eq!(classify("1-8月實際完成率%"), Column::Percent);
        assert_eq!(classify("1- 8月實際完成情況"), Column::Progress);
        assert_eq!(classify("是否达序"), Column::OnSchedule);
        assert_eq!(classify("全面完成 预计时间"), Column::ExpectedFinish);
        assert_eq!(classify("嵊州 牵头单位"), Column::LeadUnits);
        assert_eq!(classify("省工作目标"), Column::Target);
        assert_eq!(classify("已完成投资（万元）"), Column::Spent);
        assert_eq!(classify("项目"), Column::Name);
    }

    #[test]
    fn a_number_out_of_sequence_is_left_unplaced_not_taken_for_a_sub_row() {
        let text = "序号 | 项目 | 进展情况 |\n1 | 甲 | 完成一 |\n3 | 丙 | 完成三 |\n";
        let mut source = Source::new(text);
        let table = super::super::table::read(&source).unwrap();
        let rows = read(&table, &mut source);
        assert_eq!(rows.len(), 1);
        assert!(rows[0].items.is_empty());
        assert!(source.is_claimed(2));
        assert!(!source.is_claimed(3));
    }

    #[test]
    fn a_cell_past_the_last_column_is_kept_as_beyond() {
        let rows = read_text("序号 | 项目 | 进展情况 |\n1 | 甲 | 完成一 | 另附说明 |\n");
        assert_eq!(rows[0].figures.progress.as_deref(), Some("完成一"));
        let beyond: Vec<&str> = rows[0]
            .figures
            .beyond
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(beyond, ["另附说明"]);
    }

    #[test]
    fn sub_rows_without_their_merged_cells_are_placed_from_both_ends() {
        let rows = read_text(
            "序号 | 项目 | 目标 | 牵头单位 | 进展情况 | 预计时间 |\n\
             1 | 甲 | 目标一 | 卫生局 | 完成一 | 已完成 |\n\
             目标二 | 卫生局 | 完成二 | 7月底 | ||\n\
             目标三 | 完成三 | 8月底 | |||\n",
        );
        assert_eq!(rows.len(), 1);
        let items = &rows[0].items;
        assert_eq!(items.len(), 3);
        assert_eq!(items[2].target.as_deref(), Some("目标三"));
        assert_eq!(items[2].progress.as_deref(), Some("完成三"));
        assert_eq!(items[2].expected_finish.as_deref(), Some("8月底"));
        assert_eq!(items[2].lead_units, ["卫生局"]);
        assert_eq!(items[1].lead_units, ["卫生局"]);
        assert_eq!(rows[0].figures.lead_units, ["卫生局"]);
    }

    #[test]
    fn counted_cells_split_a_long_row_into_labelled_sub_rows() {
        let rows = read_text(
            "序号 |\n项目 |\n单位 |\n目标 |\n完成情况 |\n完成率% |\n备注 |\n\
             1 |\n甲 |\n局 |\n10人 |\n5 |\n50% |\n|\n\
             2 |\n乙 |\n子一 |\n局 |\n6人 |\n7 |\n119% |\n|\n子二 |\n局 |\n10万 |\n8 |\n80% |\n|\n",
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].figures.percent, Some(50.into()));
        assert_eq!(rows[1].items.len(), 2);
        assert_eq!(rows[1].items[0].label.as_deref(), Some("子一"));
        assert_eq!(rows[1].items[0].percent, Some(119.into()));
        assert_eq!(rows[1].items[1].percent, Some(80.into()));
    }
}
