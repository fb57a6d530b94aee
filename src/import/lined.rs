//! Tables whose cells are separated by line breaks alone: one cell per
//! line, or per block of lines between blank lines, with no TAB, no `|` and
//! no line ending a row. An empty cell is printed as nothing, so a row's
//! cells cannot be counted off the header: `align` places them by content.
//!
//! The header is the lines from 序号 to the first row, its words joined
//! where one was split (`建设起` / `止年限`). A row starts at a cell that is
//! the next 序号 in sequence and is followed by a name, at a group row
//! (`一、…`), at a total (合计) or at the header repeated.

use super::align;
use super::header;
use super::headwords;
use super::piece::{self, Piece};
use super::structure::{
    SUBTOTAL_WORDS, TOTAL_WORDS, is_group_name, is_project_number, project_number,
};
use super::table::{Cell, Row, is_trailer};

/// What a row of a table without cell separators starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Project,
    Group,
    Total,
    /// The header again, as printed at the top of each page.
    Header,
}

/// The 序号 the next project row starts with: the one after the last, or 1
/// after a group row, as groups may number their projects afresh.
pub struct Sequence {
    next: u32,
    after_group: bool,
}

impl Sequence {
    pub fn new() -> Sequence {
        Sequence {
            next: 1,
            after_group: false,
        }
    }

    /// The row `piece` starts, `next` being the piece after it.
    pub fn starts(&self, piece: &Piece, next: Option<&Piece>) -> Option<Start> {
        let folded = piece.folded();
        if is_project_number(&folded) {
            let number: u32 = project_number(&folded).parse().ok()?;
            let due = number == self.next || (self.after_group && number == 1);
            (due && next.is_some_and(piece::starts_name)).then_some(Start::Project)
        } else if folded.starts_with("序号") {
            Some(Start::Header)
        } else if is_total(&folded) {
            Some(Start::Total)
        } else if is_group_name(&folded) {
            Some(Start::Group)
        } else {
            None
        }
    }

    pub fn advance(&mut self, start: Start, piece: &Piece) {
        match start {
            Start::Project => {
                let number = project_number(&piece.folded()).parse().unwrap_or(self.next);
                self.next = number + 1;
                self.after_group = false;
            }
            Start::Group => self.after_group = true,
            Start::Total | Start::Header => {}
        }
    }
}

/// 合计, 总计, 小计, with or without a colon.
pub fn is_total(folded: &str) -> bool {
    let word = folded.trim_end_matches(':');
    TOTAL_WORDS.contains(&word) || SUBTOTAL_WORDS.contains(&word)
}

/// How many lines a header may take before its first row.
pub const HEADER_LINES: usize = 40;

/// The rows of a table whose header starts at `body[0]`, the header first;
/// only the header when no row follows it.
pub fn read(body: &[(usize, &str)]) -> Vec<Row> {
    let body: Vec<(usize, &str)> = body
        .iter()
        .take_while(|(_, text)| !is_trailer(text))
        .copied()
        .collect();
    let Some(&(header_line, _)) = body.first() else {
        return Vec::new();
    };
    let lines: Vec<Piece> = body
        .iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(number, text)| Piece::new(text.trim(), *number))
        .collect();
    let first_row = (1..lines.len().min(HEADER_LINES)).find(|i| {
        Sequence::new()
            .starts(&lines[*i], lines.get(i + 1))
            .is_some()
    });
    let header_end = first_row.unwrap_or(1);
    let header_tokens: Vec<Piece> = lines[..header_end]
        .iter()
        .flat_map(|l| piece::tokens(&l.text, l.line, false))
        .collect();
    if header_tokens.len() > headwords::HEADER_WORDS {
        return Vec::new();
    }
    let header = headwords::spanned(headwords::header_cells(header_tokens));
    let columns = headwords::columns(&header);
    let mut rows = vec![Row::new(
        header_line,
        header.into_iter().map(Cell::from).collect(),
    )];
    if first_row.is_none() {
        return rows;
    }
    let data: Vec<(usize, &str)> = body
        .iter()
        .skip_while(|(number, _)| *number < lines[header_end].line)
        .copied()
        .collect();
    let pieces = pieces(&data);
    let segments = segments(&pieces, columns.len());
    let count = segments.len();
    for (i, (start, pieces)) in segments.into_iter().enumerate() {
        let row = match start {
            Start::Project => align::row(&pieces, &columns),
            Start::Group | Start::Total | Start::Header => pieces.first().map(|first| {
                Row::new(first.line, pieces.iter().cloned().map(Cell::from).collect())
            }),
        };
        if let Some(mut row) = row {
            if i + 1 == count {
                release_trailing_strays(&mut row);
            }
            rows.push(row);
        }
    }
    rows
}

/// The cells of `data`: one a line, or, where blank lines separate cells, one
/// a block of lines. A line that is a number, a date or an amount is a cell
/// of its own either way, so a 序号 printed right under a cell still starts
/// its row.
fn pieces(data: &[(usize, &str)]) -> Vec<Piece> {
    let filled = data.iter().filter(|(_, t)| !t.trim().is_empty()).count();
    let adjacent = data
        .windows(2)
        .filter(|w| !w[0].1.trim().is_empty() && !w[1].1.trim().is_empty())
        .count();
    let blocks = filled >= 4 && adjacent * 5 <= filled;
    let mut pieces: Vec<Piece> = Vec::new();
    let mut open = false;
    for (number, text) in data {
        let text = text.trim();
        if text.is_empty() {
            open = false;
            continue;
        }
        let piece = Piece::new(text, *number);
        let joins = blocks
            && open
            && pieces
                .last()
                .is_some_and(|last| is_prose(last) && is_prose(&piece));
        match pieces.last_mut().filter(|_| joins) {
            Some(last) => last.join(&piece),
            None => pieces.push(piece),
        }
        open = true;
    }
    pieces
}

/// Text that may run over lines within a cell, unlike a number, a date, a
/// group's name or a total.
fn is_prose(piece: &Piece) -> bool {
    let folded = piece.folded();
    matches!(
        piece.kind(),
        piece::Kind::Text { .. }
            | piece::Kind::Short { .. }
            | piece::Kind::Unit
            | piece::Kind::Figure
    ) && !is_total(&folded)
        && !is_group_name(&folded)
}

/// The pieces split into rows. A project row needs its number and a name
/// before the next row may start. The last row takes at most twice a
/// header's width of pieces (its cells may run over lines): what follows the
/// table is not in it, and what follows its last cell is released.
fn segments(pieces: &[Piece], width: usize) -> Vec<(Start, Vec<Piece>)> {
    let mut rows: Vec<(Start, Vec<Piece>)> = Vec::new();
    let mut sequence = Sequence::new();
    for (i, piece) in pieces.iter().enumerate() {
        let room = rows
            .last()
            .is_none_or(|(start, cells)| *start != Start::Project || cells.len() >= 2);
        match sequence.starts(piece, pieces.get(i + 1)).filter(|_| room) {
            Some(start) => {
                sequence.advance(start, piece);
                rows.push((start, vec![piece.clone()]));
            }
            None => {
                if let Some((_, cells)) = rows.last_mut() {
                    cells.push(piece.clone());
                }
            }
        }
    }
    if let Some((Start::Project, cells)) = rows.last_mut() {
        let closing = (2..cells.len()).find(|i| closes(&cells[*i], cells.get(i + 1)));
        cells.truncate(closing.unwrap_or(cells.len()).min(2 * width.max(2)));
    }
    rows
}

/// Where the text after a table begins: its release mark, or its signature
/// (an issuer, then the date written).
fn closes(piece: &Piece, next: Option<&Piece>) -> bool {
    let folded = piece.folded();
    let dated = next.is_some_and(|n| header::written_date(&n.folded()).is_some());
    header::release(&folded).is_some() || (header::is_issuer(&folded) && dated)
}

/// Strays after the last placed cell of the table's last row are not in the
/// table (a signature, a date): they are left for the text's metadata.
fn release_trailing_strays(row: &mut Row) {
    let last_cell = row
        .cells
        .iter()
        .filter(|c| !c.text.is_empty())
        .map(|c| c.line)
        .max()
        .unwrap_or(row.line);
    row.stray.retain(|s| s.line < last_cell);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::source::Source;

    fn rows_of(text: &str) -> Vec<Row> {
        let source = Source::new(text);
        let body: Vec<(usize, &str)> = source
            .lines
            .iter()
            .skip_while(|l| !l.folded.trim().starts_with("序号"))
            .map(|l| (l.number, l.printed))
            .collect();
        read(&body)
    }

    fn texts(row: &Row) -> Vec<&str> {
        row.cells.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn reads_one_cell_a_line_with_a_header_word_split_over_lines() {
        let rows = rows_of(
            "附件\n序号\n项目名称\n建设内容\n总投资\n（万元）\n责任单位\n建设起\n止年限\n\
             1\n老年助餐\n新建助餐点5个\n120\n县民政局\n2024年\n\
             2\n校园饮水\n改造10所学校\n县教体局\n2024年12月底\n",
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(
            texts(&rows[0]),
            [
                "序号",
                "项目名称",
                "建设内容",
                "总投资\n（万元）",
                "责任单位",
                "建设起\n止年限"
            ]
        );
        assert_eq!(
            texts(&rows[1]),
            [
                "1",
                "老年助餐",
                "新建助餐点5个",
                "120",
                "县民政局",
                "2024年"
            ]
        );
        assert_eq!(
            texts(&rows[2]),
            [
                "2",
                "校园饮水",
                "改造10所学校",
                "",
                "县教体局",
                "2024年12月底"
            ]
        );
        assert_eq!(rows[2].line, 16);
        assert!(rows.iter().all(|r| r.stray.is_empty()));
    }

    #[test]
    fn reads_cells_separated_by_blank_lines_with_a_cell_over_two_lines() {
        let rows = rows_of(
            "序号\n\n项目名称\n\n建设内容\n\n总投资\n\n责任单位\n\n\
             1\n\n老年助餐\n\n新建助餐点5个\n覆盖全县\n\n120\n\n县民政局\n\n\
             2\n\n校园饮水\n\n80\n\n县教体局\n",
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(
            texts(&rows[1]),
            [
                "1",
                "老年助餐",
                "新建助餐点5个\n覆盖全县",
                "120",
                "县民政局"
            ]
        );
        assert_eq!(texts(&rows[2]), ["2", "校园饮水", "", "80", "县教体局"]);
    }

    #[test]
    fn groups_and_totals_are_rows_and_numbers_restart_in_a_group() {
        let rows = rows_of(
            "序号\n项目名称\n总投资\n合计\n200\n一、教育\n120\n1\n校园饮水\n120\n\
             二、养老\n80\n1\n老年助餐\n80\n",
        );
        let firsts: Vec<&str> = rows.iter().map(|r| r.cells[0].text.as_str()).collect();
        assert_eq!(firsts, ["序号", "合计", "一、教育", "1", "二、养老", "1"]);
        assert_eq!(texts(&rows[2]), ["一、教育", "120"]);
        assert_eq!(texts(&rows[5]), ["1", "老年助餐", "80"]);
    }

    #[test]
    fn a_header_repeated_at_a_page_break_is_a_row_of_its_own() {
        let rows = rows_of(
            "序号\n项目名称\n总投资\n1\n老年助餐\n120\n序号\n项目名称\n总投资\n2\n校园饮水\n80\n",
        );
        let firsts: Vec<&str> = rows.iter().map(|r| r.cells[0].text.as_str()).collect();
        assert_eq!(firsts, ["序号", "1", "序号", "2"]);
        assert_eq!(texts(&rows[2]), ["序号", "项目名称", "总投资"]);
        assert_eq!(texts(&rows[3]), ["2", "校园饮水", "80"]);
    }

    #[test]
    fn a_number_inside_a_row_does_not_start_the_next() {
        // 2 is the next 序号, but 所 continues a figure, not a name.
        let rows = rows_of(
            "序号\n项目名称\n建设内容\n1\n校园饮水\n改造\n2\n所学校\n2\n农村供水\n新建水厂\n",
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(texts(&rows[1]), ["1", "校园饮水", "改造\n2\n所学校"]);
        assert_eq!(texts(&rows[2]), ["2", "农村供水", "新建水厂"]);
    }

    #[test]
    fn what_follows_the_last_row_is_not_in_the_table() {
        let rows = rows_of(
            "序号\n项目名称\n总投资\n责任单位\n1\n老年助餐\n120\n县民政局\n示例县人民政府\n2025年3月1日\n\
             （此件公开发布）\n",
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].last_line(), 8);
        let rows =
            rows_of("序号\n项目名称\n总投资\n责任单位\n1\n老年助餐\n县民政局\n2025年3月1日\n");
        assert_eq!(texts(&rows[1]), ["1", "老年助餐", "", "县民政局"]);
        assert_eq!(rows[1].last_line(), 7, "the date after the row is left out");
    }

    #[test]
    fn with_no_row_under_it_the_header_is_its_first_line() {
        // Where such a header ends no row says, and no row is read.
        let rows = rows_of("序号\n项目名称\n总投资\n");
        assert_eq!(rows.len(), 1);
        assert_eq!(texts(&rows[0]), ["序号"]);
        let long = format!("序号 {}\n1\n甲\n", "项 ".repeat(100));
        assert_eq!(rows_of(&long), Vec::<Row>::new(), "no header has 100 words");
    }
}
