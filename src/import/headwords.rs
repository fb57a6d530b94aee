//! The header of a table whose cells no TAB or `|` marks off: its words
//! joined into cells where one was split over lines or tokens, and a
//! two-level header printed one cell after another read as two levels.

use super::piece::Piece;
use super::structure::{Column, classify};

/// Words that end a header cell begun on the line or token before:
/// 完成 / 时限, 项目 / 名称.
const TAILS: &[&str] = &[
    "时限", "时间", "投资", "领导", "金额", "资金", "地点", "单位", "年限", "名称", "内容",
];

/// Words that begin a header cell ended on the next line or token.
const HEADS: &[&str] = &[
    "项目", "建设", "完成", "责任", "牵头", "计划", "年度", "主要", "实施", "配合", "协办", "总",
];

/// More words than a table's header holds: the line is no header.
pub const HEADER_WORDS: usize = 60;

/// Header pieces joined into header cells: a header word split over two
/// lines or tokens (`建设起` / `止年限`, `总投资` / `（万元）`, `序 号`) is one cell.
pub fn header_cells(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut cells: Vec<Piece> = Vec::new();
    let mut single_run = false;
    for piece in pieces {
        let single = piece.folded().chars().count() == 1;
        match cells.last_mut() {
            Some(cell) if continues_header(cell, &piece, single_run && single) => {
                cell.join(&piece);
                single_run = single_run && single;
            }
            _ => {
                cells.push(piece);
                single_run = single;
            }
        }
    }
    cells
}

fn continues_header(cell: &Piece, next: &Piece, padded: bool) -> bool {
    let (c, n) = (cell.folded(), next.folded());
    let joined = classify(&format!("{c}{n}"));
    let opens = |t: &str| t.matches('(').count() > t.matches(')').count();
    if n.starts_with(['(', '及', '和', '与', '、', '/'])
        || c.ends_with(['及', '和', '与', '、', '/'])
        || opens(&c)
        || ["万元", "亿元", "元"].contains(&n.as_str())
    {
        return true;
    }
    let unknown = |t: &str| classify(t) == Column::Unknown;
    // A word padded with spaces, one character a token: 序 号, 项 目 名 称.
    if padded && (unknown(&c) || HEADS.contains(&c.as_str())) {
        return true;
    }
    let fragment = n.starts_with(SECOND_HALVES);
    joined != Column::Unknown
        && (unknown(&c) || HEADS.contains(&c.as_str()))
        && (unknown(&n) || TAILS.contains(&n.as_str()) || fragment)
}

/// Characters that end a two-character word (起止, 年限, 名称, 内容): a header
/// piece starting with one is the rest of a word split before it.
const SECOND_HALVES: &[char] = &['止', '限', '间', '位', '称', '容', '额', '导', '点', '模'];

/// The column each header cell names.
pub fn columns(header: &[Piece]) -> Vec<Column> {
    header.iter().map(|p| classify(&p.text)).collect()
}

/// A two-level header printed one cell after another: a cell that names
/// two columns (`2024年工作内容及资金计划`: tasks, and funds) spans the cells
/// that end the header when those name just such columns (`形象进度`,
/// `总投资`); they take its place, as they do when the header is two rows.
pub fn spanned(mut header: Vec<Piece>) -> Vec<Piece> {
    for i in 1..header.len() {
        let named: Vec<Column> = header[i]
            .folded()
            .split(['及', '和', '与', '、'])
            .map(classify)
            .filter(|c| *c != Column::Unknown)
            .collect();
        if named.len() < 2 {
            continue;
        }
        let tail = header[i + 1..]
            .iter()
            .rev()
            .take_while(|p| named.contains(&classify(&p.text)))
            .count();
        if tail >= 2 {
            let below = header.split_off(header.len() - tail);
            header.splice(i..=i, below);
            return header;
        }
    }
    header
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::cells;

    #[test]
    fn the_cells_under_a_spanning_header_cell_take_its_place() {
        let header = |words: &[&str]| -> Vec<String> {
            spanned(header_cells(Piece::on_lines(words)))
                .into_iter()
                .map(|p| p.text)
                .collect()
        };
        assert_eq!(
            header(&[
                "序号",
                "项目名称",
                "2024年工作内容及资金计划",
                "牵头单位",
                "形象进度",
                "总投资"
            ]),
            ["序号", "项目名称", "形象进度", "总投资", "牵头单位"]
        );
        assert_eq!(
            header(&[
                "序号",
                "项目名称",
                "2024年工作内容及资金计划",
                "形象进度",
                "总投资"
            ]),
            ["序号", "项目名称", "形象进度", "总投资"]
        );
        assert_eq!(
            header(&["序号", "项目名称", "建设内容及规模", "总投资"]),
            ["序号", "项目名称", "建设内容及规模", "总投资"],
            "no cell under it"
        );
    }

    #[test]
    fn joins_header_words_split_over_lines_or_tokens() {
        let header = |words: &[&str]| -> Vec<String> {
            header_cells(Piece::on_lines(words))
                .into_iter()
                .map(|p| cells::compact(&p.text))
                .collect()
        };
        assert_eq!(
            header(&[
                "序号",
                "项目名称",
                "建设起",
                "止年限",
                "总投资",
                "（万元）",
                "责任单位"
            ]),
            [
                "序号",
                "项目名称",
                "建设起止年限",
                "总投资（万元）",
                "责任单位"
            ]
        );
        assert_eq!(
            header(&["序", "号", "项目", "名称", "完成", "时限", "责任", "单位"]),
            ["序号", "项目名称", "完成时限", "责任单位"]
        );
        assert_eq!(
            header(&["序号", "类别", "项目名称", "建设内容", "及规模"]),
            ["序号", "类别", "项目名称", "建设内容及规模"]
        );
        assert_eq!(
            header(&["序号", "项", "目", "名", "称", "总投资(万", "元)"]),
            ["序号", "项目名称", "总投资(万元)"]
        );
        assert_eq!(
            columns(&header_cells(Piece::on_lines(&[
                "序号",
                "项目",
                "建设内容"
            ]))),
            [Column::Number, Column::Name, Column::Tasks]
        );
    }
}
