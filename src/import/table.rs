//! Table layouts → rows of verbatim cells.
//!
//! Layouts seen in published notices:
//! 1. one cell per line, each starting with a TAB; a cell may continue on
//!    TAB-less lines, blank lines included; a blank line then a TAB line
//!    starts the next row;
//! 2. one row per line, cells separated by TABs;
//! 3. one row per line, cells separated by `|`;
//! 4. one cell per line ending in ` |`, a lone `|` line ending each row;
//! 5. one cell per line with no mark at all (`lined`);
//! 6. one row per line, cells separated by spaces, and tables flattened
//!    onto a few long lines (`spaced`).
//!
//! In the last two an empty cell is printed as nothing, so cells are
//! placed by their content (`align`). A line that belongs to no cell is
//! *unplaced*: reported, never dropped.

use std::collections::BTreeMap;

use super::Unplaced;
use super::lined;
use super::source::{Role, Source};
use super::spaced;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    CellPerLine,
    TabRows,
    PipeRows,
    PipeCells,
    Lines,
    SpaceRows,
    Flattened,
}

impl Layout {
    pub fn describe(self) -> &'static str {
        match self {
            Layout::CellPerLine => "one cell per line (TAB-indented)",
            Layout::TabRows => "one row per line, TAB-separated",
            Layout::PipeRows => "one row per line, |-separated",
            Layout::PipeCells => "one cell per line ending in |",
            Layout::Lines => "one cell per line (no TABs)",
            Layout::SpaceRows => "one row per line, space-separated",
            Layout::Flattened => "a table flattened onto long lines",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell exactly as printed, its lines joined with `\n`.
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
    /// Pieces of the row that fit no column, where the layout leaves cells
    /// to be placed by their content (see `align`); unplaced when the row is read.
    pub stray: Vec<Cell>,
}

impl Row {
    pub fn new(line: usize, cells: Vec<Cell>) -> Row {
        Row {
            line,
            cells,
            stray: Vec::new(),
        }
    }

    /// The last line any of its cells or strays reaches.
    pub fn last_line(&self) -> usize {
        self.cells
            .iter()
            .chain(&self.stray)
            .map(|c| c.line + c.text.matches('\n').count())
            .max()
            .unwrap_or(self.line)
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    pub layout: Layout,
    pub rows: Vec<Row>,
    /// Lines inside the table that belong to no cell.
    pub unplaced: Vec<Unplaced>,
    /// The line where the table starts (its header row).
    pub first_line: usize,
}

impl Table {
    /// Claims the lines of each row read as `roles` says (by row index), and
    /// the table's furniture: rules under the header, a lone `|` ending a row.
    /// A line holding several rows (a flattened table) holds their projects.
    pub fn claim(&self, source: &mut Source, roles: &[(usize, Role)]) {
        let mut by_line: BTreeMap<usize, Vec<Role>> = BTreeMap::new();
        for (index, role) in roles {
            if let Some(row) = self.rows.get(*index) {
                for line in row.line..=row.last_line() {
                    by_line.entry(line).or_default().push(*role);
                }
            }
        }
        for (line, roles) in by_line {
            if let Some(role) = line_role(&roles) {
                source.claim(line, role);
            }
        }
        let last = self.rows.last().map_or(self.first_line, Row::last_line) + 1;
        for number in self.first_line..=last {
            let furniture = source
                .line(number)
                .is_some_and(|l| is_separator(l.printed) || l.printed.trim() == "|");
            if furniture {
                source.claim(number, Role::TableHeader);
            }
        }
    }
}

/// What a line holding parts of rows read as `roles` was read as: the
/// projects of its first group it holds, else its first row's role.
fn line_role(roles: &[Role]) -> Option<Role> {
    let projects: Vec<(usize, usize)> = roles
        .iter()
        .filter_map(|role| match role {
            Role::Project { group, project } => Some((*group, *project)),
            _ => None,
        })
        .collect();
    let Some(&(group, first)) = projects.first() else {
        return roles.first().copied();
    };
    let last = projects
        .iter()
        .filter(|(g, _)| *g == group)
        .map(|(_, p)| *p)
        .max()
        .unwrap_or(first);
    Some(if last == first {
        Role::Project {
            group,
            project: first,
        }
    } else {
        Role::Projects { group, first, last }
    })
}

/// Finds the header row (the line whose first cell is 序号) and reads the table below it.
pub fn read(source: &Source) -> Option<Table> {
    // A header padded as `序 号` is found too.
    let start = source.lines.iter().position(|line| {
        let cell = line.folded.trim_start_matches(['\t', ' ', '|']);
        cell.starts_with("序号")
            || cell
                .strip_prefix('序')
                .is_some_and(|rest| rest.trim_start().starts_with('号'))
    })?;
    let lines: Vec<&str> = source.lines.iter().map(|l| l.printed).collect();
    let header = lines[start];
    let tabbed_below = lines[start + 1..]
        .iter()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.starts_with('\t'));
    let layout = if header.starts_with('\t') && header.trim().matches('\t').count() == 0 {
        Layout::CellPerLine
    } else if header.trim_matches('\t').contains('\t') {
        Layout::TabRows
    } else if header.trim().trim_end_matches('|').contains('|') {
        Layout::PipeRows
    } else if header.trim_end().ends_with('|') {
        Layout::PipeCells
    } else if tabbed_below {
        Layout::CellPerLine
    } else {
        Layout::Lines
    };
    let body = lines[start..]
        .iter()
        .enumerate()
        .map(|(i, text)| (start + i + 1, *text));
    let mut found = layout;
    let (rows, unplaced) = match layout {
        Layout::CellPerLine => cell_per_line(body),
        Layout::TabRows => one_row_per_line(body, |t| t.contains('\t'), split_tabs),
        Layout::PipeRows => {
            let bordered = header.trim_start().starts_with('|');
            one_row_per_line(
                body,
                |t| t.contains('|'),
                |line| split_pipes(line, bordered),
            )
        }
        Layout::PipeCells => {
            // A lone `|` ends each row when one follows the header's cells;
            // otherwise it is an empty cell and rows are counted.
            let cells: Vec<&str> = lines[start..].iter().map(|l| l.trim()).collect();
            let first_row = cells.iter().position(|c| *c == "1 |" || *c == "1|");
            let first_bar = cells.iter().position(|c| *c == "|");
            let ended_by_bar = match (first_bar, first_row) {
                (Some(bar), Some(row)) => bar < row,
                (Some(_), None) => true,
                _ => false,
            };
            if ended_by_bar {
                pipe_cells(body)
            } else {
                counted_pipe_cells(body)
            }
        }
        Layout::Lines | Layout::SpaceRows | Layout::Flattened => {
            let body: Vec<(usize, &str)> = body.collect();
            let (layout, rows) = unmarked(&body);
            found = layout;
            (rows, Vec::new())
        }
    };
    Some(Table {
        layout: found,
        rows,
        unplaced,
        first_line: start + 1,
    })
}

/// A table whose cells no TAB or `|` marks off: by spaces, or one a line.
fn unmarked(body: &[(usize, &str)]) -> (Layout, Vec<Row>) {
    if spaced::applies(body) {
        spaced::read(body)
    } else {
        (Layout::Lines, lined::read(body))
    }
}

/// The document's closing lines (抄送, 印发) end the table.
pub fn is_trailer(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("抄送") || line.ends_with("印发") || line.starts_with("主题词")
}

fn blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn unplaced(line: usize, text: &str) -> Unplaced {
    Unplaced {
        line,
        text: text.to_string(),
    }
}

fn cell_per_line<'a>(lines: impl Iterator<Item = (usize, &'a str)>) -> (Vec<Row>, Vec<Unplaced>) {
    let mut rows: Vec<Row> = Vec::new();
    let mut lost = Vec::new();
    let mut row: Option<Row> = None;
    let mut blank_lines = 0;
    for (number, text) in lines {
        if is_trailer(text) {
            break;
        }
        if let Some(content) = text.strip_prefix('\t') {
            if blank_lines > 0 {
                rows.extend(row.take());
            }
            let current = row.get_or_insert_with(|| Row::new(number, Vec::new()));
            current.cells.push(Cell {
                text: content.trim_end_matches('\r').to_string(),
                line: number,
            });
            blank_lines = 0;
        } else if blank(text) {
            blank_lines += 1;
        } else if let Some(cell) = row.as_mut().and_then(|r| r.cells.last_mut()) {
            cell.text.push_str(&"\n".repeat(blank_lines + 1));
            cell.text.push_str(text.trim_end_matches('\r'));
            blank_lines = 0;
        } else {
            lost.push(unplaced(number, text));
        }
    }
    rows.extend(row);
    (rows, lost)
}

fn one_row_per_line<'a>(
    lines: impl Iterator<Item = (usize, &'a str)>,
    is_row: impl Fn(&str) -> bool,
    split: impl Fn(&str) -> Vec<String>,
) -> (Vec<Row>, Vec<Unplaced>) {
    let mut rows = Vec::new();
    let mut lost = Vec::new();
    for (number, text) in lines {
        if is_trailer(text) {
            break;
        }
        if blank(text) || is_separator(text) {
            continue;
        }
        if is_row(text) {
            let cells = split(text)
                .into_iter()
                .map(|text| Cell { text, line: number })
                .collect();
            rows.push(Row::new(number, cells));
        } else {
            lost.push(unplaced(number, text));
        }
    }
    (rows, lost)
}

fn split_tabs(line: &str) -> Vec<String> {
    line.trim_end_matches(['\r', '\n'])
        .split('\t')
        .map(str::to_string)
        .collect()
}

/// `1 | 名称 |` → `1`, `名称`: a closing pipe ends the row. A leading pipe
/// is a border only when the header row has one; otherwise it follows an
/// empty first cell (a sub-item's blank 序号).
fn split_pipes(line: &str, bordered: bool) -> Vec<String> {
    let line = line.trim();
    let line = if bordered {
        line.strip_prefix('|').unwrap_or(line)
    } else {
        line
    };
    let line = line.strip_suffix('|').unwrap_or(line);
    line.split('|')
        .map(|cell| cell.trim().to_string())
        .collect()
}

/// A Markdown-style rule between header and rows: `|---|:--:|`.
fn is_separator(line: &str) -> bool {
    let line = line.trim();
    line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '-' | '|' | ':' | ' ' | '\t'))
}

/// One cell per line ending in ` |`, without a line that ends each row (a
/// lone `|` is an empty cell): the header's cells run until the first cell
/// that is `1`, and each row starts at the next number in sequence, at
/// least a header's width of cells after the last.
fn counted_pipe_cells<'a>(
    lines: impl Iterator<Item = (usize, &'a str)>,
) -> (Vec<Row>, Vec<Unplaced>) {
    let mut cells = Vec::new();
    let mut lost = Vec::new();
    for (number, text) in lines {
        if is_trailer(text) {
            break;
        }
        let trimmed = text.trim();
        if let Some(cell) = trimmed.strip_suffix('|') {
            cells.push(Cell {
                text: cell.trim().to_string(),
                line: number,
            });
        } else if !trimmed.is_empty() {
            match cells.last_mut() {
                Some(cell) => {
                    cell.text.push('\n');
                    cell.text.push_str(trimmed);
                }
                None => lost.push(unplaced(number, text)),
            }
        }
    }
    let width = cells
        .iter()
        .position(|c| c.text == "1")
        .unwrap_or(cells.len());
    let mut rows: Vec<Row> = Vec::new();
    let mut expected = 1;
    let mut since = usize::MAX;
    for (i, cell) in cells.into_iter().enumerate() {
        let starts_row = i == 0 || (cell.text == expected.to_string() && since >= width);
        if starts_row {
            if i > 0 {
                expected += 1;
            }
            since = 0;
            rows.push(Row::new(cell.line, Vec::new()));
        }
        since += 1;
        if let Some(row) = rows.last_mut() {
            row.cells.push(cell);
        }
    }
    (rows, lost)
}

fn pipe_cells<'a>(lines: impl Iterator<Item = (usize, &'a str)>) -> (Vec<Row>, Vec<Unplaced>) {
    let mut rows = Vec::new();
    let mut lost = Vec::new();
    let mut row: Option<Row> = None;
    for (number, text) in lines {
        if is_trailer(text) {
            break;
        }
        let trimmed = text.trim();
        if trimmed == "|" {
            rows.extend(row.take());
        } else if let Some(cell) = trimmed.strip_suffix('|') {
            let current = row.get_or_insert_with(|| Row::new(number, Vec::new()));
            current.cells.push(Cell {
                text: cell.trim_end().to_string(),
                line: number,
            });
        } else if trimmed.is_empty() {
            continue;
        } else if let Some(cell) = row.as_mut().and_then(|r| r.cells.last_mut()) {
            cell.text.push('\n');
            cell.text.push_str(trimmed);
        } else {
            lost.push(unplaced(number, text));
        }
    }
    rows.extend(row);
    (rows, lost)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_of(lines: &[&str]) -> Table {
        read(&Source::new(&lines.join("\n"))).unwrap()
    }

    fn cells(row: &Row) -> Vec<&str> {
        row.cells.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn reads_cells_with_continuation_lines() {
        let text = "前言\n\t序号\n\t名称\n\t单位\n\n\t1\n\t甲\n\t县经济信息委\n\n县供电公司\n\t\n\n\t2\n\t乙\n\t县民政局\n";
        let lines: Vec<&str> = text.lines().collect();
        let table = table_of(&lines);
        assert_eq!(table.layout, Layout::CellPerLine);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(
            cells(&table.rows[1]),
            ["1", "甲", "县经济信息委\n\n县供电公司", ""]
        );
        assert_eq!(table.rows[2].line, 13);
        assert!(table.unplaced.is_empty());
    }

    #[test]
    fn reads_pipe_rows_and_pipe_cells() {
        let lines = [
            "序号 | 名称 | 金额 |",
            "|---|---|---|",
            "1 | 名称 | 300 |",
            "2 | 乙 | |",
        ];
        let table = table_of(&lines);
        assert_eq!(table.layout, Layout::PipeRows);
        assert_eq!(cells(&table.rows[1]), ["1", "名称", "300"]);
        assert_eq!(cells(&table.rows[2]), ["2", "乙", ""]);
        let lines = ["序号 |", "名称 |", "|", "1 |", "甲 |", "|"];
        let table = table_of(&lines);
        assert_eq!(table.layout, Layout::PipeCells);
        assert_eq!(cells(&table.rows[1]), ["1", "甲"]);
    }

    #[test]
    fn finds_a_header_padded_with_spaces() {
        let table = table_of(&["序  号 项 目 名 称 总投资", "1 老年助餐 120"]);
        assert_eq!(table.layout, Layout::SpaceRows);
        assert_eq!(cells(&table.rows[0]), ["序  号", "项 目 名 称", "总投资"]);
        assert_eq!(cells(&table.rows[1]), ["1", "老年助餐", "120"]);
    }

    #[test]
    fn stops_at_the_trailer() {
        let lines = ["序号\t名称", "1\t甲", "抄送：县委各部门", "县法院。"];
        let table = table_of(&lines);
        assert_eq!(table.rows.len(), 2);
        assert!(table.unplaced.is_empty());
    }
}
