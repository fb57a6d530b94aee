//! Tables whose cells are separated by spaces, as text copied from a PDF
//! prints them: one row a line (`1 老年助餐 新建助餐点5个 120 县民政局
//! 2024年12月底`), or the whole table flattened onto one or a few long
//! lines (`序号 项目名称 … 1 老年助餐 … 2 校园饮水 …`).
//!
//! Empty cells vanish and a cell may hold a space, so a row's tokens are
//! placed by their content (`align`), never counted off the header. Where
//! the header's words are separated by two or more spaces, a row whose
//! cells are too is first read with those wide gaps as the only cell
//! breaks. A line starts a row when its first token is the next 序号 and a
//! name follows; a line that is no row (a cell that ran onto the next
//! line) is left unplaced. A line too long to be one row, or a header line
//! that holds rows, is flattened: rows start wherever the next 序号 is
//! followed by a name, and run on over line ends.

use super::align;
use super::headwords;
use super::lined::{Sequence, Start, is_total};
use super::piece::{self, Kind, Piece};
use super::structure::Column;
use super::table::{Cell, Layout, Row, is_trailer};

/// How many lines a header may wrap onto before its first row.
const HEADER_LINES: usize = 4;

/// Whether the table under the header `body[0]` is spaced: its first row is a
/// line of several tokens, or the header line itself holds rows.
pub fn applies(body: &[(usize, &str)]) -> bool {
    let Some(&(number, header)) = body.first() else {
        return false;
    };
    if rows_inline(&piece::tokens(header, number, false)).is_some() {
        return true;
    }
    let lines: Vec<Vec<Piece>> = body[1..]
        .iter()
        .take(super::lined::HEADER_LINES)
        .map(|(number, text)| piece::tokens(text, *number, false))
        .filter(|tokens| !tokens.is_empty())
        .collect();
    lines.iter().enumerate().find_map(|(i, tokens)| {
        let next = match tokens.get(1) {
            Some(second) => Some(second),
            None => lines.get(i + 1).and_then(|l| l.first()),
        };
        match Sequence::new().starts(&tokens[0], next) {
            Some(Start::Project) => Some(tokens.len() > 1),
            _ => None,
        }
    }) == Some(true)
}

/// Where rows start on the header's own line: a flattened table. Its first
/// row is project 1 or the total; a group's name (`…（件）`) is too like a
/// header word to start one.
fn rows_inline(tokens: &[Piece]) -> Option<usize> {
    let sequence = Sequence::new();
    (2..tokens.len()).find(|k| {
        matches!(
            start_at(&sequence, tokens, *k, true),
            Some((Start::Project | Start::Total, _))
        )
    })
}

/// The row a token starts, and how many tokens its first cell takes (a
/// total padded to `合 计` takes two). Mid-line, a 序号 followed by a unit's
/// name is an amount before a lead unit, not a row.
fn start_at(sequence: &Sequence, tokens: &[Piece], k: usize, mid: bool) -> Option<(Start, usize)> {
    let token = tokens.get(k)?;
    if let Some(next) = tokens.get(k + 1) {
        let padded = token.folded().chars().count() == 1 && next.folded().chars().count() == 1;
        if padded && is_total(&format!("{}{}", token.folded(), next.folded())) {
            return Some((Start::Total, 2));
        }
    }
    match sequence.starts(token, tokens.get(k + 1)) {
        Some(Start::Project)
            if mid && tokens.get(k + 1).is_some_and(|t| t.kind() == Kind::Unit) =>
        {
            None
        }
        start => start.map(|s| (s, 1)),
    }
}

/// A row's tokens before they are placed.
struct Segment<'a> {
    start: Start,
    pieces: Vec<Piece>,
    /// Tokens before the row on its line that belong to no row: reported with it.
    orphans: Vec<Piece>,
    /// The line, when the row is that whole line and nothing else.
    whole_line: Option<(usize, &'a str)>,
    /// Whether the row may go on at the next line (a flattened table).
    open: bool,
}

/// The layout and rows of the table whose header starts at `body[0]`, the header first.
pub fn read(body: &[(usize, &str)]) -> (Layout, Vec<Row>) {
    let body: Vec<(usize, &str)> = body
        .iter()
        .take_while(|(_, text)| !is_trailer(text))
        .copied()
        .collect();
    let Some(&(header_line, header_text)) = body.first() else {
        return (Layout::SpaceRows, Vec::new());
    };
    let first = piece::tokens(header_text, header_line, false);
    let inline = rows_inline(&first);
    // The header may wrap onto the lines before its first row.
    let (header_tokens, mut lines, data_from) = match inline {
        Some(k) => {
            let rest = first[k..].to_vec();
            (
                first[..k].to_vec(),
                vec![(header_line, header_text, rest)],
                1,
            )
        }
        None => {
            let end = (1..body.len().min(1 + HEADER_LINES))
                .find(|i| starts_row(body[*i]))
                .unwrap_or(1);
            let tokens = body[..end]
                .iter()
                .flat_map(|(number, text)| piece::tokens(text, *number, false))
                .collect();
            (tokens, Vec::new(), end)
        }
    };
    if header_tokens.len() > headwords::HEADER_WORDS {
        return (Layout::SpaceRows, Vec::new());
    }
    lines.extend(
        body.iter()
            .skip(data_from)
            .map(|(number, text)| (*number, *text, piece::tokens(text, *number, false))),
    );
    let header = headwords::spanned(headwords::header_cells(header_tokens));
    let columns = headwords::columns(&header);
    let wide = inline.is_none()
        && header.len() >= 3
        && header.iter().all(|c| c.line == header_line)
        && header[1..].iter().all(|c| piece::is_wide(&c.gap));
    let (segments, flattened) = segments(lines, columns.len(), inline.is_some());
    let mut rows = vec![Row::new(
        header_line,
        header.into_iter().map(Cell::from).collect(),
    )];
    for segment in segments {
        rows.extend(row(segment, &columns, wide));
    }
    let layout = if flattened {
        Layout::Flattened
    } else {
        Layout::SpaceRows
    };
    (layout, rows)
}

fn starts_row((number, text): (usize, &str)) -> bool {
    let tokens = piece::tokens(text, number, false);
    start_at(&Sequence::new(), &tokens, 0, false).is_some()
}

/// The data lines' tokens split into rows, and whether the table is flattened.
fn segments(
    lines: Vec<(usize, &str, Vec<Piece>)>,
    width: usize,
    mut flattened: bool,
) -> (Vec<Segment<'_>>, bool) {
    let mut segments: Vec<Segment> = Vec::new();
    let mut sequence = Sequence::new();
    for (number, text, tokens) in lines {
        let long = flattened || tokens.len() > width + width / 2;
        // Only the last row can still be open.
        let mut current = segments.len().checked_sub(1).filter(|c| segments[*c].open);
        let mut orphans = Vec::new();
        let mut starts = 0;
        let mut k = 0;
        while k < tokens.len() {
            let room = current.is_none_or(|c| {
                segments[c].start != Start::Project || segments[c].pieces.len() >= 2
            });
            let found = (room && (k == 0 || long))
                .then(|| start_at(&sequence, &tokens, k, k > 0))
                .flatten();
            let Some((start, used)) = found else {
                match current {
                    Some(c) => segments[c].pieces.push(tokens[k].clone()),
                    None => orphans.push(tokens[k].clone()),
                }
                k += 1;
                continue;
            };
            if let Some(c) = current {
                segments[c].open = false;
            }
            let mut first = tokens[k].clone();
            for token in &tokens[k + 1..k + used] {
                first.join(token);
            }
            sequence.advance(start, &first);
            segments.push(Segment {
                start,
                pieces: vec![first],
                orphans: std::mem::take(&mut orphans),
                whole_line: (k == 0).then_some((number, text)),
                open: false,
            });
            current = Some(segments.len() - 1);
            starts += 1;
            k += used;
        }
        if starts > 1 {
            flattened = true;
        }
        if let Some(c) = current {
            segments[c].open = flattened;
        }
    }
    if flattened {
        for segment in &mut segments {
            segment.whole_line = None;
        }
    }
    (segments, flattened)
}

/// A segment placed in the columns; its orphans go first among its strays.
fn row(segment: Segment, columns: &[Column], wide: bool) -> Option<Row> {
    let mut row = match segment.start {
        Start::Project => {
            let by_wide_gaps = segment
                .whole_line
                .filter(|_| wide)
                .map(|(number, text)| piece::tokens(text, number, true))
                .filter(|pieces| pieces.len() == columns.len())
                .and_then(|pieces| align::row(&pieces, columns))
                .filter(|row| row.stray.is_empty());
            by_wide_gaps.or_else(|| align::row(&segment.pieces, columns))?
        }
        Start::Group | Start::Total => labelled(&segment.pieces)?,
        Start::Header => {
            let first = segment.pieces.first()?;
            Row::new(
                first.line,
                segment.pieces.iter().cloned().map(Cell::from).collect(),
            )
        }
    };
    if !segment.orphans.is_empty() {
        let mut stray: Vec<Cell> = segment.orphans.into_iter().map(Cell::from).collect();
        stray.append(&mut row.stray);
        row.stray = stray;
    }
    Some(row)
}

/// A group or total row: its name (tokens up to the first figure, as a
/// group's name may hold a space), then the figures.
fn labelled(pieces: &[Piece]) -> Option<Row> {
    let first = pieces.first()?;
    let figure = |p: &Piece| {
        matches!(
            p.kind(),
            Kind::Integer | Kind::Year | Kind::Decimal | Kind::AmountWords
        )
    };
    let name_end = pieces
        .iter()
        .skip(1)
        .position(figure)
        .map_or(pieces.len(), |i| i + 1);
    let mut name = first.clone();
    for piece in &pieces[1..name_end] {
        name.join(piece);
    }
    let mut cells = vec![Cell::from(name)];
    cells.extend(pieces[name_end..].iter().cloned().map(Cell::from));
    Some(Row::new(first.line, cells))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::source::Source;

    fn read_text(text: &str) -> (Layout, Vec<Row>) {
        let source = Source::new(text);
        let body: Vec<(usize, &str)> = source
            .lines
            .iter()
            .skip_while(|l| !l.folded.trim().starts_with("序号"))
            .map(|l| (l.number, l.printed))
            .collect();
        assert!(applies(&body));
        read(&body)
    }

    fn texts(row: &Row) -> Vec<&str> {
        row.cells.iter().map(|c| c.text.as_str()).collect()
    }

    fn strays(row: &Row) -> Vec<&str> {
        row.stray.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn reads_rows_whose_cells_are_separated_by_spaces() {
        let (layout, rows) = read_text(
            "序号 项目名称 建设内容 总投资（万元） 责任单位 完成时限\n\
             1 老年助餐 新建助餐点5个 120 县民政局 2024年12月底\n\
             2 校园饮水 改造 10 所学校 县教体局 2024年10月底\n\
             覆盖全县\n\
             3 农村公路 新改建农村公路30公里 300.5 县交通运输局 县财政局 年底\n",
        );
        assert_eq!(layout, Layout::SpaceRows);
        assert_eq!(rows.len(), 4);
        assert_eq!(
            texts(&rows[1]),
            [
                "1",
                "老年助餐",
                "新建助餐点5个",
                "120",
                "县民政局",
                "2024年12月底"
            ]
        );
        assert_eq!(
            texts(&rows[2]),
            [
                "2",
                "校园饮水",
                "改造 10 所学校",
                "",
                "县教体局",
                "2024年10月底"
            ]
        );
        assert_eq!(rows[2].last_line(), 3, "覆盖全县 is no row");
        assert_eq!(rows[3].cells[4].text, "县交通运输局 县财政局");
        assert!(rows.iter().all(|r| r.stray.is_empty()));
    }

    #[test]
    fn a_header_repeated_at_a_page_break_is_a_row_of_its_own() {
        let (_, rows) = read_text(
            "序号 项目名称 总投资\n1 老年助餐 120\n序号 项目名称 总投资\n2 校园饮水 80\n",
        );
        assert_eq!(rows.len(), 4);
        assert_eq!(texts(&rows[2]), ["序号", "项目名称", "总投资"]);
        assert_eq!(texts(&rows[3]), ["2", "校园饮水", "80"]);
    }

    #[test]
    fn a_name_with_a_space_is_left_unplaced_not_split() {
        let (_, rows) = read_text(
            "序号 项目名称 建设内容 总投资 责任单位\n\
             1 老年 助餐 新建助餐点5个 120 县民政局\n",
        );
        assert_eq!(
            texts(&rows[1]),
            ["1", "老年", "新建助餐点5个", "120", "县民政局"]
        );
        assert_eq!(strays(&rows[1]), ["助餐"]);
    }

    #[test]
    fn wide_gaps_separate_cells_where_the_header_has_them() {
        let (_, rows) = read_text(
            "序号  项目名称  建设内容  总投资  责任单位\n\
             1  老年 助餐  新建助餐点 5个  120  县民政局\n\
             2  校园饮水  改造10所学校  县教体局\n",
        );
        assert_eq!(
            texts(&rows[1]),
            ["1", "老年 助餐", "新建助餐点 5个", "120", "县民政局"]
        );
        assert_eq!(
            texts(&rows[2]),
            ["2", "校园饮水", "改造10所学校", "", "县教体局"]
        );
    }

    #[test]
    fn groups_totals_and_a_header_over_two_lines() {
        let (_, rows) = read_text(
            "序号 项目名称 总投资\n\
             （万元） 责任单位\n\
             合 计 200\n\
             一、 教育 120\n\
             1 校园饮水 120 县教体局\n\
             二、养老 80\n\
             1 老年助餐 80 县民政局\n",
        );
        assert_eq!(
            texts(&rows[0]),
            ["序号", "项目名称", "总投资\n（万元）", "责任单位"]
        );
        assert_eq!(texts(&rows[1]), ["合 计", "200"]);
        assert_eq!(texts(&rows[2]), ["一、 教育", "120"]);
        assert_eq!(texts(&rows[5]), ["1", "老年助餐", "80", "县民政局"]);
    }

    #[test]
    fn reads_a_table_flattened_onto_its_header_line_and_the_next() {
        let (layout, rows) = read_text(
            "序号 项目名称 建设内容 总投资 责任单位 1 老年助餐 新建助餐点 2 个 120 县民政局 \
             2 校园饮水 改造学校 80 县教体局 3 农村公路\n新改建公路 300 县交通局 2025年3月1日\n",
        );
        assert_eq!(layout, Layout::Flattened);
        assert_eq!(rows.len(), 4);
        assert_eq!(
            texts(&rows[0]),
            ["序号", "项目名称", "建设内容", "总投资", "责任单位"]
        );
        assert_eq!(
            texts(&rows[1]),
            ["1", "老年助餐", "新建助餐点 2 个", "120", "县民政局"]
        );
        assert_eq!(
            texts(&rows[2]),
            ["2", "校园饮水", "改造学校", "80", "县教体局"]
        );
        assert_eq!(rows[3].cells[3].text, "300");
        assert_eq!(rows[3].line, 1);
        assert_eq!(rows[3].last_line(), 2);
        assert_eq!(
            strays(&rows[3]),
            ["2025年3月1日"],
            "no column after the unit"
        );
    }

    #[test]
    fn an_amount_before_a_unit_is_no_row_number_in_a_flattened_table() {
        let (_, rows) = read_text(
            "序号 项目名称 总投资 责任单位 1 老年助餐 2 县民政局 2 校园饮水 80 县教体局\n",
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(texts(&rows[1]), ["1", "老年助餐", "2", "县民政局"]);
    }

    #[test]
    fn a_progress_table_in_spaces_reports_what_fits_no_column() {
        let glossary = crate::model::Glossary::default();
        let options = crate::import::ImportOptions {
            county: Some("sample"),
            year: Some(2025),
            glossary: &glossary,
            source: None,
        };
        let imported = crate::import::import(
            "序号 项目 牵头单位 进展情况 预计完成时间\n\
             1 老年助餐 县民政局 已建成助餐点3个 9月底 县财政局\n",
            &options,
        );
        assert_eq!(imported.progress.len(), 1);
        let row = &imported.progress[0];
        assert_eq!(row.figures.progress.as_deref(), Some("已建成助餐点3个"));
        assert_eq!(row.figures.expected_finish.as_deref(), Some("9月底"));
        let unplaced: Vec<(usize, &str)> = imported
            .unplaced
            .iter()
            .map(|u| (u.line, u.text.as_str()))
            .collect();
        assert_eq!(unplaced, [(2, "县财政局")]);
    }

    #[test]
    fn a_row_of_one_cell_a_line_is_not_spaced() {
        let source = Source::new("序号\n项目名称\n1\n老年助餐\n");
        let body: Vec<(usize, &str)> = source.lines.iter().map(|l| (l.number, l.printed)).collect();
        assert!(!applies(&body));
    }
}
