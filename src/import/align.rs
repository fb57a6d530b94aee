//! Placing the pieces of a row in the header's columns when the text does
//! not separate its cells: one cell per line with empty cells printed as
//! nothing, or cells separated by spaces as text copied from a PDF.
//!
//! A piece (`piece`) is a line, a block of lines or a space-separated
//! token, kept as printed. Its content says which columns it may go in:
//! 序号 is a number, 总投资 a decimal number, 完成时限 a date, 责任单位 a
//! unit's name. An alignment puts every piece in a column, in order; pieces
//! that follow each other may share a text column (a cell that ran over two
//! lines or holds a space). The best alignments put pieces where their content says
//! they go, then fill the most columns, and leave out as few pieces as they
//! can. A piece is placed only when every best alignment puts it in the same
//! column; any other piece is left unplaced.

use super::fold::is_han;
use super::piece::{Kind, Piece, SURNAMES, starts_with_measure};
use super::structure::Column;
use super::table::{Cell, Row};

/// How well a piece of `kind` fits as the first piece of a `column`'s
/// cell: `NAMED` its content names the column (an amount in 总投资, a date in
/// 完成时限, a unit in 责任单位), `NAME` text after the number, `TEXT` text
/// in a text column, `POSSIBLE` it may be there; `None` it cannot be.
fn affinity(kind: Kind, column: Column) -> Option<i32> {
    use Column as C;
    use Kind as K;
    let plain = matches!(kind, K::Short { .. } | K::Text { digits: false });
    match column {
        C::Number => None,
        C::Amount => match kind {
            K::Integer | K::Year | K::Decimal => Some(NAMED),
            K::AmountWords => Some(TEXT),
            K::Blank | K::YearMonth => Some(POSSIBLE),
            _ => None,
        },
        C::Deadline => match kind {
            K::Date | K::YearMonth => Some(NAMED),
            K::Year => Some(TEXT),
            // `2024.12`, where no amount can be.
            K::Decimal => Some(POSSIBLE),
            K::Blank | K::Short { .. } | K::Figure | K::Text { .. } => Some(POSSIBLE),
            _ => None,
        },
        C::Leaders => match kind {
            K::Short { person: true } => Some(NAMED),
            K::Short { .. } => Some(POSSIBLE),
            K::Blank | K::Text { digits: false } => Some(POSSIBLE),
            _ => None,
        },
        // A row names its lead unit more often than its partners.
        C::LeadUnits | C::PartnerUnits => match kind {
            K::Unit if column == C::LeadUnits => Some(NAMED),
            K::Unit => Some(NAMED - 1),
            K::Blank => Some(POSSIBLE),
            _ if plain => Some(POSSIBLE),
            _ => None,
        },
        // A project's name follows its number: text there is more likely
        // the name than a task whose cell is empty.
        C::Name => match kind {
            K::Short { .. } | K::Text { .. } => Some(NAME),
            // A name may begin with a figure: 2026年提升农村饮水质量专项行动.
            K::Figure => Some(NAME - 1),
            K::Unit => Some(POSSIBLE),
            _ => None,
        },
        C::Tasks => match kind {
            K::Short { .. } | K::Text { .. } | K::Item => Some(TEXT),
            K::Unit | K::Date | K::Blank | K::Figure => Some(POSSIBLE),
            _ => None,
        },
        // A row states its task more often than a place or a remark.
        C::Location => match kind {
            K::Short { .. } | K::Text { .. } | K::Item => Some(TEXT - 1),
            K::Unit | K::Date | K::Blank | K::Figure => Some(POSSIBLE),
            _ => None,
        },
        C::Remarks | C::Unknown => match kind {
            K::Short { .. } | K::Text { .. } | K::Item => Some(TEXT - 1),
            _ => Some(POSSIBLE),
        },
    }
}

/// What a cell scores by how its first piece fits: a piece where its content
/// says it goes outweighs text filling a column, which outweighs a piece that
/// merely may be where it is. Joining a piece to the cell before scores nothing.
const NAMED: i32 = 15;
const NAME: i32 = 11;
const TEXT: i32 = 10;
const POSSIBLE: i32 = 2;
/// Leaving a piece out: worse than any cell it could begin.
const SKIP: i32 = -8;
/// Keeping a figure and its measure word in one cell: worth more than an
/// amount and the cell after it gained by splitting them, for an amount
/// made of a task's figure is the worst misreading.
const BOND: i32 = 2 * TEXT;

/// A piece whose content names a column (a date, a unit, a number) running
/// on in a text cell: allowed, but it loses a tie to that column.
const ODD: i32 = -1;

/// What joining a piece of `kind` to a `column`'s cell scores, if it may.
fn joined(kind: Kind, column: Column) -> Option<i32> {
    use Column as C;
    use Kind as K;
    let text = matches!(
        column,
        C::Name | C::Tasks | C::Location | C::Remarks | C::Unknown
    );
    let typed = !matches!(kind, K::Short { .. } | K::Text { .. } | K::Figure | K::Item);
    continues(kind, column).then_some(if text && typed { ODD } else { 0 })
}

/// Whether a piece of `kind` may continue a `column`'s cell begun by the piece before.
fn continues(kind: Kind, column: Column) -> bool {
    use Column as C;
    use Kind as K;
    match column {
        C::Number | C::Amount => false,
        // A deadline runs over pieces as dates do (2024年 / 12月底, 年底 / 前),
        // not into the text of a row printed after it.
        C::Deadline => matches!(
            kind,
            K::Date | K::YearMonth | K::Year | K::Integer | K::Short { .. }
        ),
        C::Leaders => matches!(kind, K::Short { .. }),
        C::LeadUnits | C::PartnerUnits => {
            matches!(kind, K::Unit | K::Short { .. } | K::Text { digits: false })
        }
        C::Name => !matches!(kind, K::Blank | K::Item),
        C::Tasks | C::Location | C::Remarks | C::Unknown => kind != K::Blank,
    }
}

const PLACED: usize = 0;
const SKIPPED: usize = 1;

/// The column of each piece of a row whose first piece is its 序号 (in
/// `columns[0]`), `None` for a piece the best alignments leave out or
/// disagree on; `None` when `columns` does not start with 序号.
pub fn place(kinds: &[Kind], bonds: &[bool], columns: &[Column]) -> Option<Vec<Option<usize>>> {
    let (k, w) = (kinds.len(), columns.len());
    if k == 0 || columns.first() != Some(&Column::Number) {
        return None;
    }
    let fits = |i: usize, j: usize| affinity(kinds[i], columns[j]);
    let joins = |i: usize, j: usize| joined(kinds[i], columns[j]);
    // Piece i joined to the cell of the figure before it.
    let bond = |i: usize| {
        if bonds.get(i - 1) == Some(&true) {
            BOND
        } else {
            0
        }
    };
    // ahead[i][j][s]: the best score of pieces 0..=i, the last piece placed
    // being in column j, and piece i placed (s = PLACED) or left out.
    let mut ahead = vec![vec![[None::<i32>; 2]; w]; k];
    ahead[0][0][PLACED] = Some(NAMED);
    for i in 1..k {
        let (done, rest) = ahead.split_at_mut(i);
        let mut before: Option<i32> = None;
        for (j, (&[placed, skipped], state)) in done[i - 1].iter().zip(&mut rest[0]).enumerate() {
            let opened = before.zip(fits(i, j)).map(|(b, a)| b + a);
            let joined = placed.zip(joins(i, j)).map(|(v, odd)| v + odd + bond(i));
            state[PLACED] = opened.max(joined);
            state[SKIPPED] = placed.max(skipped).map(|v| v + SKIP);
            before = before.max(placed).max(skipped);
        }
    }
    // behind[i][j][s]: the best score of the pieces after i, from that state.
    let mut behind = vec![vec![[None::<i32>; 2]; w]; k];
    behind[k - 1] = vec![[Some(0); 2]; w];
    for i in (0..k - 1).rev() {
        let (rest, done) = behind.split_at_mut(i + 1);
        let mut after: Option<i32> = None;
        for (j, (&[placed, skipped], state)) in done[0].iter().zip(&mut rest[i]).enumerate().rev() {
            let skip = skipped.map(|v| v + SKIP);
            let join = placed
                .zip(joins(i + 1, j))
                .map(|(v, odd)| v + odd + bond(i + 1));
            state[PLACED] = skip.max(join).max(after);
            state[SKIPPED] = skip.max(after);
            let opened = fits(i + 1, j).zip(placed).map(|(a, b)| a + b);
            after = after.max(opened);
        }
    }
    let best = ahead[k - 1].iter().flatten().flatten().max().copied()?;
    let placed = (0..k)
        .map(|i| {
            let mut states = (0..w)
                .flat_map(|j| [(j, PLACED), (j, SKIPPED)])
                .filter(|(j, s)| {
                    ahead[i][*j][*s]
                        .zip(behind[i][*j][*s])
                        .is_some_and(|(a, b)| a + b == best)
                });
            let (j, s) = states.next()?;
            (s == PLACED && states.all(|other| other == (j, PLACED))).then_some(j)
        })
        .collect();
    Some(placed)
}

/// The row `pieces` make in `columns`: a cell per column (empty where no
/// piece went), and the pieces left out as its strays. `None` when the
/// columns do not start with 序号.
pub fn row(pieces: &[Piece], columns: &[Column]) -> Option<Row> {
    let first = pieces.first()?;
    let pieces = phrases(pieces);
    let kinds: Vec<Kind> = pieces.iter().map(Piece::kind).collect();
    let placed = place(&kinds, &bonds(&pieces, &kinds), columns)?;
    let mut cells: Vec<Option<Piece>> = vec![None; columns.len()];
    let mut strays: Vec<Piece> = Vec::new();
    let mut last_stray = false;
    for (piece, column) in pieces.into_iter().zip(placed) {
        match column {
            Some(j) => {
                match &mut cells[j] {
                    Some(cell) => cell.join(&piece),
                    empty => *empty = Some(piece),
                }
                last_stray = false;
            }
            None => {
                match strays.last_mut().filter(|_| last_stray) {
                    Some(stray) => stray.join(&piece),
                    None => strays.push(piece),
                }
                last_stray = true;
            }
        }
    }
    Some(Row {
        line: first.line,
        cells: cells
            .into_iter()
            .map(|c| {
                c.map_or(
                    Cell {
                        text: String::new(),
                        line: first.line,
                    },
                    Cell::from,
                )
            })
            .collect(),
        stray: strays.into_iter().map(Cell::from).collect(),
    })
}

/// The pieces as phrases, the 序号 aside: a piece ending mid-sentence
/// (`，` `、`) is one with the next, and so is a run of single characters
/// on a line, a word padded with spaces (`张 三`, `县 残 联`).
fn phrases(pieces: &[Piece]) -> Vec<Piece> {
    let single = |p: &Piece| {
        let folded = p.folded();
        folded.chars().count() == 1 && folded.chars().all(is_han)
    };
    let mut out: Vec<Piece> = Vec::new();
    let mut runs_on = false;
    for (i, piece) in pieces.iter().enumerate() {
        let padded =
            i > 1 && single(piece) && single(&pieces[i - 1]) && pieces[i - 1].line == piece.line;
        match out.last_mut().filter(|_| (runs_on || padded) && i > 1) {
            Some(last) => last.join(piece),
            None => out.push(piece.clone()),
        }
        runs_on = piece.runs_on();
    }
    out
}

/// Whether each piece is a figure followed by its measure word (`10`
/// `所学校`, `300` `张`): one phrase, so strongly preferred in one cell. A
/// name after a figure is the next cell (`120` `张三`).
fn bonds(pieces: &[Piece], kinds: &[Kind]) -> Vec<bool> {
    kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let figure = matches!(kind, Kind::Integer | Kind::Year | Kind::Decimal);
            let measure = pieces.get(i + 1).is_some_and(|next| {
                let folded = next.folded();
                let name = folded.chars().count() > 1 && folded.starts_with(SURNAMES);
                starts_with_measure(next) && !name
            });
            figure && measure
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::piece::tokens;

    fn texts(row: &Row) -> Vec<&str> {
        row.cells.iter().map(|c| c.text.as_str()).collect()
    }

    fn strays(row: &Row) -> Vec<&str> {
        row.stray.iter().map(|c| c.text.as_str()).collect()
    }

    const NOTICE: &[Column] = &[
        Column::Number,
        Column::Name,
        Column::Tasks,
        Column::Amount,
        Column::LeadUnits,
        Column::Deadline,
    ];

    #[test]
    fn a_full_row_goes_one_piece_a_column() {
        let p = Piece::on_lines(&[
            "1",
            "老年助餐",
            "新建助餐点5个",
            "120",
            "县民政局",
            "2024年12月底",
        ]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(
            texts(&row),
            [
                "1",
                "老年助餐",
                "新建助餐点5个",
                "120",
                "县民政局",
                "2024年12月底"
            ]
        );
        assert!(row.stray.is_empty());
    }

    #[test]
    fn empty_cells_printed_as_nothing_are_left_empty() {
        let p = Piece::on_lines(&["2", "校园饮水", "改造10所学校", "县教体局", "2024年12月底"]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(
            texts(&row),
            [
                "2",
                "校园饮水",
                "改造10所学校",
                "",
                "县教体局",
                "2024年12月底"
            ]
        );
        let p = Piece::on_lines(&["3", "幸福食堂", "县民政局", "年底"]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(texts(&row), ["3", "幸福食堂", "", "", "县民政局", "年底"]);
        let p = Piece::on_lines(&["4", "老年助餐", "120", "县民政局"]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(texts(&row), ["4", "老年助餐", "", "120", "县民政局", ""]);
    }

    #[test]
    fn a_figure_keeps_its_measure_word_unless_the_row_needs_them_apart() {
        let p = Piece::on_lines(&[
            "2",
            "校园饮水",
            "改造",
            "10",
            "所学校",
            "县教体局",
            "2024年底",
        ]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(
            texts(&row),
            [
                "2",
                "校园饮水",
                "改造\n10\n所学校",
                "",
                "县教体局",
                "2024年底"
            ]
        );
        // 张 is a measure word and a surname: here it is a leader's.
        let columns = [
            Column::Number,
            Column::Name,
            Column::Tasks,
            Column::Amount,
            Column::Leaders,
            Column::LeadUnits,
        ];
        let p = tokens("1 老年助餐 新建助餐点5个 120 张 三 县民政局", 1, false);
        let row = super::row(&p, &columns).unwrap();
        assert_eq!(
            texts(&row),
            ["1", "老年助餐", "新建助餐点5个", "120", "张 三", "县民政局"]
        );
        // 300 张 (beds) is one figure, and 5 公里 is no leader's name.
        let p = tokens("1 病房改造 新增病床 300 张 500 县卫生健康委", 1, false);
        let row = super::row(&p, &columns).unwrap();
        assert_eq!(
            texts(&row),
            [
                "1",
                "病房改造",
                "新增病床 300 张",
                "500",
                "",
                "县卫生健康委"
            ]
        );
        let p = tokens("3 城区绿道 新建绿道 5 公里 县住建局", 1, false);
        let row = super::row(&p, &columns).unwrap();
        assert_eq!(
            texts(&row),
            ["3", "城区绿道", "新建绿道 5 公里", "", "", "县住建局"]
        );
    }

    #[test]
    fn a_sub_row_printed_after_a_row_is_not_glued_to_its_deadline() {
        let p = Piece::on_lines(&[
            "1",
            "老年助餐",
            "新建助餐点5个",
            "120",
            "县民政局",
            "年底",
            "配套服务",
            "20",
        ]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(
            texts(&row),
            ["1", "老年助餐", "新建助餐点5个", "120", "县民政局", "年底"]
        );
        assert_eq!(strays(&row), ["配套服务\n20"]);
    }

    #[test]
    fn a_deadline_over_two_lines_is_one_cell_not_half_a_task() {
        let p = Piece::on_lines(&[
            "1",
            "老年助餐",
            "新建助餐点5个",
            "2024年",
            "11月底",
            "县民政局",
        ]);
        let columns = [
            Column::Number,
            Column::Name,
            Column::Tasks,
            Column::Deadline,
            Column::LeadUnits,
        ];
        let row = super::row(&p, &columns).unwrap();
        assert_eq!(
            texts(&row),
            [
                "1",
                "老年助餐",
                "新建助餐点5个",
                "2024年\n11月底",
                "县民政局"
            ]
        );
    }

    #[test]
    fn a_task_in_numbered_paragraphs_is_one_cell() {
        let p = Piece::on_lines(&[
            "3",
            "无障碍设施提升",
            "1.实施二环路改造",
            "2.优化人行通道",
            "县住建委",
        ]);
        let columns = [
            Column::Number,
            Column::Name,
            Column::Tasks,
            Column::LeadUnits,
        ];
        let row = super::row(&p, &columns).unwrap();
        assert_eq!(
            texts(&row),
            [
                "3",
                "无障碍设施提升",
                "1.实施二环路改造\n2.优化人行通道",
                "县住建委"
            ]
        );
    }

    #[test]
    fn a_lone_unit_is_the_lead_unit_and_a_lone_text_the_task() {
        let columns = [
            Column::Number,
            Column::Name,
            Column::Tasks,
            Column::LeadUnits,
            Column::PartnerUnits,
            Column::Remarks,
        ];
        let p = Piece::on_lines(&["1", "老年助餐", "新建助餐点5个", "县民政局"]);
        let row = super::row(&p, &columns).unwrap();
        assert_eq!(
            texts(&row),
            ["1", "老年助餐", "新建助餐点5个", "县民政局", "", ""]
        );
        let p = Piece::on_lines(&["1", "老年助餐", "县民政局", "县财政局"]);
        let row = super::row(&p, &columns).unwrap();
        assert_eq!(
            texts(&row),
            ["1", "老年助餐", "", "县民政局", "县财政局", ""]
        );
    }

    #[test]
    fn a_cell_over_two_pieces_is_joined_where_only_one_column_can_take_them() {
        let mut p = Piece::on_lines(&[
            "1",
            "老年助餐",
            "新建助餐点5个，",
            "覆盖全县",
            "120",
            "县民政局",
        ]);
        p.push(Piece::new("2024年12月底", 7));
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(row.cells[2].text, "新建助餐点5个，\n覆盖全县");
        assert_eq!(row.cells[3].text, "120");
        assert!(row.stray.is_empty());
    }

    #[test]
    fn a_piece_the_best_alignments_disagree_on_is_a_stray() {
        // 老年 助餐: one name with a space, or a name and a task? Either fills
        // as many columns, so 助餐 is left unplaced rather than guessed.
        let p = Piece::on_lines(&[
            "1",
            "老年",
            "助餐",
            "新建助餐点5个",
            "120",
            "县民政局",
            "2024年底",
        ]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(
            texts(&row),
            ["1", "老年", "新建助餐点5个", "120", "县民政局", "2024年底"]
        );
        assert_eq!(strays(&row), ["助餐"]);
    }

    #[test]
    fn a_piece_no_column_can_take_is_a_stray() {
        // Two amounts for one column: which one it is, the text does not say.
        let p = Piece::on_lines(&["1", "120", "300"]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(texts(&row), ["1", "", "", "", "", ""]);
        assert_eq!(strays(&row), ["120\n300"]);
        let p = Piece::on_lines(&["1", "老年助餐", "县民政局", "2024年底", "示例县人民政府"]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(
            texts(&row),
            ["1", "老年助餐", "", "", "县民政局", "2024年底"]
        );
        assert_eq!(strays(&row), ["示例县人民政府"]);
        assert_eq!(super::row(&[], NOTICE), None);
        assert_eq!(
            super::row(&Piece::on_lines(&["1", "甲"]), &[Column::Name]),
            None
        );
    }
}
