//! Placing the pieces of a row in the header's columns when the text does
//! not separate its cells: one cell per line with empty cells printed as
//! nothing, or cells separated by spaces as text copied from a PDF.
//!
//! A piece is a line, a block of lines or a space-separated token, kept as
//! printed. Its content says which columns it may go in: 序号 is a number,
//! 总投资 a decimal number, 完成时限 a date, 责任单位 a unit's name. An
//! alignment puts every piece in a column, in order; pieces that follow
//! each other may share a text column (a cell that ran over two lines or
//! holds a space). The best alignments put pieces where their content says
//! they go, then fill the most columns, and leave out as few pieces as they
//! can. A piece is placed only when every best alignment puts it in the same
//! column; any other piece is left unplaced.

use super::cells;
use super::fold::{fold, is_han};
use super::structure::{Column, classify};
use super::table::{Cell, Row};
use crate::model::Money;

/// A piece of a row, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The text; a piece joined over lines keeps their line breaks.
    pub text: String,
    pub line: usize,
    /// The white space before it on its line, as printed.
    pub gap: String,
}

impl Piece {
    pub fn new(text: &str, line: usize) -> Piece {
        Piece {
            text: text.to_string(),
            line,
            gap: String::new(),
        }
    }

    pub fn last_line(&self) -> usize {
        self.line + self.text.matches('\n').count()
    }

    /// Appends `next`, with the spaces between them when they share a line
    /// and a line break per line otherwise, so the text stays as printed.
    pub fn join(&mut self, next: &Piece) {
        let last = self.last_line();
        if next.line > last {
            self.text.push_str(&"\n".repeat(next.line - last));
        } else {
            self.text.push_str(&next.gap);
        }
        self.text.push_str(&next.text);
    }

    /// Its text for recognition: folded, without white space.
    pub fn folded(&self) -> String {
        fold(&cells::compact(&self.text))
    }

    pub fn kind(&self) -> Kind {
        kind(&self.text)
    }

    /// Whether it ends mid-sentence (`，` `、` `（`), so the next piece is in its cell.
    pub fn runs_on(&self) -> bool {
        self.folded()
            .ends_with([',', '、', ';', ':', '(', '及', '和', '与'])
    }
}

/// The pieces of line `number`, split on white space; with `wide`, only on
/// runs of two or more spaces, a TAB or an ideographic space, as a PDF
/// copied with its layout separates cells.
pub fn tokens(text: &str, number: usize, wide: bool) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut before = String::new();
    let mut word = String::new();
    let mut gap = String::new();
    for c in text.trim_end_matches('\r').chars() {
        if c.is_whitespace() {
            gap.push(c);
            continue;
        }
        let separates = !wide || is_wide(&gap);
        if word.is_empty() {
            before = std::mem::take(&mut gap);
        } else if !gap.is_empty() && separates {
            pieces.push(Piece {
                text: std::mem::take(&mut word),
                line: number,
                gap: std::mem::replace(&mut before, std::mem::take(&mut gap)),
            });
        } else {
            word.push_str(&gap);
            gap.clear();
        }
        word.push(c);
    }
    if !word.is_empty() {
        pieces.push(Piece {
            text: word,
            line: number,
            gap: before,
        });
    }
    pieces
}

/// Two or more spaces, a TAB or an ideographic space: a gap between cells
/// in text copied from a PDF with its layout.
pub fn is_wide(gap: &str) -> bool {
    gap.chars().count() >= 2 || gap.contains(['\t', '\u{3000}'])
}

impl From<Piece> for Cell {
    fn from(piece: Piece) -> Cell {
        Cell {
            text: piece.text,
            line: piece.line,
        }
    }
}

/// What a piece's content is, for the columns it may go in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Digits only: a 序号, or an amount.
    Integer,
    /// Four digits that may be a year: an amount, or a deadline.
    Year,
    /// `2024.12`: a year and a month more likely than an amount.
    YearMonth,
    /// A decimal number: an amount.
    Decimal,
    /// An amount in words: `八十万`, `120万元`.
    AmountWords,
    Percent,
    /// `2024年12月底`, `12月底前`, `年底`, `2024.12.31`.
    Date,
    /// A unit's name, or several: `县民政局`, `县水务局、县财政局`.
    Unit,
    /// One to three characters: a person's name, or a short word; not a
    /// person's when it begins with a measure word (`公里`) other than a
    /// surname (`张`).
    Short {
        person: bool,
    },
    /// A placeholder for an empty cell: `-`, `/`, `无`.
    Blank,
    /// Text that starts with a figure, `10所学校`: it more often goes on
    /// from the words before it than begins a cell.
    Figure,
    /// Text that begins a list's entry, `1.实施…`, `（2）完成…`: a task's
    /// paragraph, never part of a name.
    Item,
    Text {
        digits: bool,
    },
}

const PLACEHOLDERS: &[&str] = &["-", "--", "---", "/", "\\", "无", "/-"];

pub fn kind(text: &str) -> Kind {
    let t = fold(&cells::compact(text));
    let han = t.chars().filter(|c| is_han(*c)).count();
    if t.is_empty() || PLACEHOLDERS.contains(&t.as_str()) {
        Kind::Blank
    } else if t.len() == 4 && t.starts_with("20") && t.chars().all(|c| c.is_ascii_digit()) {
        Kind::Year
    } else if t.chars().all(|c| c.is_ascii_digit()) {
        Kind::Integer
    } else if is_year_month(&t) {
        Kind::YearMonth
    } else if Money::parse(&t).is_ok() {
        Kind::Decimal
    } else if t.strip_suffix('%').is_some_and(|n| Money::parse(n).is_ok()) {
        Kind::Percent
    } else if is_date(&t) {
        Kind::Date
    } else if is_amount_words(&t) {
        Kind::AmountWords
    } else if is_unit(&t) {
        Kind::Unit
    } else if (1..=3).contains(&han) && han == t.chars().count() {
        let measure = MEASURES.iter().any(|m| t.starts_with(m));
        Kind::Short {
            person: !measure || t.starts_with(SURNAMES),
        }
    } else if is_item(&t) {
        Kind::Item
    } else if t.starts_with(|c: char| c.is_ascii_digit()) {
        Kind::Figure
    } else {
        Kind::Text {
            digits: t.chars().any(|c| c.is_ascii_digit()),
        }
    }
}

/// `1.实施…`, `1、实施…`, `(2)完成…`, `①…`: an entry of a list.
fn is_item(folded: &str) -> bool {
    let (number, rest) = digits(folded);
    let bracketed = folded
        .strip_prefix('(')
        .map(digits)
        .is_some_and(|(n, rest)| !n.is_empty() && rest.starts_with(')'));
    let circled = folded.starts_with(|c: char| ('①'..='⑳').contains(&c));
    let dotted = !number.is_empty()
        && rest.starts_with(['.', '、'])
        && !rest[1..].starts_with(|c: char| c.is_ascii_digit());
    bracketed || circled || dotted
}

/// A deadline as counties print them, and nothing more: `2024年12月底`,
/// `12月底前`, `2024年`, `年底`, `上半年`, `2024.12`, `2024-2025年`.
pub fn is_date(folded: &str) -> bool {
    let mut t = folded;
    for suffix in ["前完成", "完成", "以前", "之前", "前"] {
        if let Some(rest) = t.strip_suffix(suffix).filter(|r| !r.is_empty()) {
            t = rest;
            break;
        }
    }
    if YEAR_WORDS.contains(&t) {
        return true;
    }
    let (lead, rest) = digits(t);
    if lead.len() != 4 {
        return month(t, false);
    }
    if let Some(after) = rest.strip_prefix('-') {
        let (second, end) = digits(after);
        if second.len() == 4 {
            // A range of years: 2024-2025年.
            return matches!(end, "" | "年");
        }
        return month(after, true);
    }
    match rest.strip_prefix(['年', '.', '/']) {
        Some(after) => {
            after.is_empty()
                || AFTER_YEAR.contains(&after)
                || YEAR_WORDS.contains(&after)
                || month(after, true)
        }
        None => false,
    }
}

/// Words that are a deadline on their own.
const YEAR_WORDS: &[&str] = &[
    "年底",
    "年内",
    "全年",
    "上半年",
    "下半年",
    "年末",
    "年中",
    "当年",
];
/// Words after `2024年` that make it a deadline: 2024年底.
const AFTER_YEAR: &[&str] = &["底", "内", "末", "中"];
const DAY_WORDS: &[&str] = &["", "底", "末", "初", "中", "上旬", "中旬", "下旬"];

/// A month and what may follow it: `12月底`, `6月15日`, `12.31`, or bare
/// digits `12` after a year (`2024.12`).
fn month(t: &str, after_year: bool) -> bool {
    let (m, rest) = digits(t);
    if m.is_empty() || m.len() > 2 {
        return false;
    }
    match rest.strip_prefix(['月', '.', '/', '-']) {
        Some(r) => DAY_WORDS.contains(&r) || day(r),
        None => rest.is_empty() && after_year,
    }
}

fn digits(t: &str) -> (&str, &str) {
    let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    t.split_at(end)
}

/// `15日`, `15号`, `15`.
fn day(t: &str) -> bool {
    let (d, rest) = digits(t);
    (1..=2).contains(&d.len()) && matches!(rest, "" | "日" | "号")
}

/// `2024.12`, `2025.6`: a year from 2000 and a month.
fn is_year_month(t: &str) -> bool {
    let Some((year, month)) = t.split_once('.') else {
        return false;
    };
    let month =
        (1..=2).contains(&month.len()) && month.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
    year.len() == 4 && year.starts_with("20") && year.chars().all(|c| c.is_ascii_digit()) && month
}

/// `八十万`, `120万元`, `1.2亿元`: a number with 万, 亿 or 元 and nothing else.
fn is_amount_words(t: &str) -> bool {
    let numeral =
        |c: char| c.is_ascii_digit() || c == '.' || "〇零一二三四五六七八九十百千两".contains(c);
    let body = t.trim_end_matches('元');
    let body = body.trim_end_matches(['万', '亿']);
    body.len() < t.len() && !body.is_empty() && body.chars().all(numeral)
}

/// Words a unit's name ends with besides the characters `cells` splits on.
/// Single characters such as 区, 道 or 行 are not among them: they end
/// everyday words (城区, 绿道, 出行) as often as units.
const UNIT_SUFFIXES: &[&str] = &["政府", "街道", "乡镇", "银行", "公司", "集团", "中心"];

/// Words a task begins with and a unit's name never does.
const TASK_VERBS: &[&str] = &[
    "新建", "新增", "改造", "改建", "扩建", "建设", "建成", "完成", "实施", "提升", "开展", "推进",
    "打造", "维修", "购置", "安装", "配备", "提供", "实现", "加快", "为", "对",
];

/// Every name in it ends as a unit's name does (a bracketed note aside),
/// none begins as a task does, and it has no digits: `县民政局`,
/// `各乡镇(街道)`, `县水务局 徽矿集团`.
fn is_unit(t: &str) -> bool {
    let parts = cells::units(t);
    !t.chars().any(|c| c.is_ascii_digit())
        && t.chars().count() <= 40
        && !parts.is_empty()
        && parts.iter().all(|part| {
            let bare = strip_bracket_tail(part);
            let ends = bare
                .chars()
                .last()
                .is_some_and(|c| cells::UNIT_ENDINGS.contains(&c))
                || UNIT_SUFFIXES.iter().any(|s| bare.ends_with(s));
            bare.chars().count() >= 2 && ends && !TASK_VERBS.iter().any(|v| bare.starts_with(v))
        })
}

/// `各乡镇(街道)` → `各乡镇`.
fn strip_bracket_tail(part: &str) -> &str {
    match part.rfind(['(', '（']) {
        Some(open) if part.ends_with([')', '）']) => &part[..open],
        _ => part,
    }
}

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

/// A piece that may follow a 序号 as a project's name: text, not a
/// number, a date, or a measure word continuing a figure (`2 所学校`); a
/// name may begin with a figure when words follow (`2026年提升…行动`).
pub fn starts_name(piece: &Piece) -> bool {
    let folded = piece.folded();
    let words = folded.chars().filter(|c| is_han(*c)).count();
    let kind = piece.kind();
    words > 0
        && !NEVER_NAMES.iter().any(|m| folded.starts_with(m))
        && (matches!(
            kind,
            Kind::Short { .. } | Kind::Text { .. } | Kind::Unit | Kind::AmountWords
        ) || (kind == Kind::Figure && words >= 3))
}

fn starts_with_measure(piece: &Piece) -> bool {
    let folded = piece.folded();
    MEASURES.iter().any(|m| folded.starts_with(m))
}

/// Measure words that are also common surnames.
const SURNAMES: &[char] = &['张', '万', '余', '米'];

/// Measure words no project's name begins with: after a number, they
/// continue a figure (`2 所学校`) rather than name the next project. Most
/// measure words can begin a name (项目, 人民, 日间, 户厕, 口袋), so this
/// list is short.
const NEVER_NAMES: &[&str] = &[
    "个", "所", "座", "条", "公里", "千米", "台", "间", "件", "辆", "套", "吨", "亩", "平方", "栋",
    "幢", "余", "万", "亿", "元", "倍", "%", "、", ".", "以上", "以内",
];

/// Words that follow a figure: `2 所`, `3 个`, `5 公里`.
const MEASURES: &[&str] = &[
    "个", "所", "处", "座", "条", "公里", "千米", "米", "台", "家", "户", "人", "名", "间", "张",
    "项", "件", "次", "场", "批", "辆", "套", "元", "万", "亿", "吨", "亩", "平方", "栋", "幢",
    "余", "多", "班", "床", "块", "盏", "支", "部", "口", "眼", "株", "棵", "只", "期", "号", "年",
    "月", "日", "天", "%", "、", ".", "倍", "以上", "以内",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(texts: &[&str]) -> Vec<Piece> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Piece::new(t, i + 1))
            .collect()
    }

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
    fn tells_what_a_piece_is() {
        assert_eq!(kind("12"), Kind::Integer);
        assert_eq!(kind("300.5"), Kind::Decimal);
        assert_eq!(kind("1,200"), Kind::Decimal);
        assert_eq!(kind("八十万"), Kind::AmountWords);
        assert_eq!(kind("120万元"), Kind::AmountWords);
        assert_eq!(kind("54%"), Kind::Percent);
        for date in [
            "2024年12月底",
            "12月底前",
            "2024年",
            "年底",
            "2024年底前",
            "上半年",
            "2024.12.31",
            "2024年6月15日",
            "2024-2025年",
            "9月",
            "2024年\n11月底",
        ] {
            assert_eq!(kind(date), Kind::Date, "{date}");
        }
        assert_eq!(kind("县民政局"), Kind::Unit);
        assert_eq!(kind("县水务局、县财政局"), Kind::Unit);
        assert_eq!(kind("各乡镇（街道）"), Kind::Unit);
        assert_eq!(kind("县人民政府"), Kind::Unit);
        assert_eq!(
            kind("城区"),
            Kind::Short { person: true },
            "区 ends everyday words too"
        );
        assert_eq!(kind("城区绿道"), Kind::Text { digits: false });
        assert_eq!(kind("新建污水处理站"), Kind::Text { digits: false });
        assert_eq!(kind("张三"), Kind::Short { person: true });
        assert_eq!(kind("公里"), Kind::Short { person: false });
        assert_eq!(kind("—"), Kind::Blank);
        assert_eq!(kind("新建助餐点5个"), Kind::Text { digits: true });
        assert_eq!(kind("老年助餐"), Kind::Text { digits: false });
        assert_eq!(kind("改造1万平方米"), Kind::Text { digits: true });
        assert_eq!(kind("2024"), Kind::Year);
        assert_eq!(kind("2024.12"), Kind::YearMonth);
        assert_eq!(kind("2024.125"), Kind::Decimal);
        assert_eq!(kind("1200.12"), Kind::Decimal);
        assert_eq!(kind("13个"), Kind::Figure);
        assert_eq!(kind("10 所学校"), Kind::Figure);
        assert_eq!(kind("1.实施二环路改造"), Kind::Item);
        assert_eq!(kind("（2）完成监测设备安装"), Kind::Item);
        assert_eq!(kind("1.5公里"), Kind::Figure);
    }

    #[test]
    fn a_full_row_goes_one_piece_a_column() {
        let p = pieces(&[
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
        let p = pieces(&["2", "校园饮水", "改造10所学校", "县教体局", "2024年12月底"]);
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
        let p = pieces(&["3", "幸福食堂", "县民政局", "年底"]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(texts(&row), ["3", "幸福食堂", "", "", "县民政局", "年底"]);
        let p = pieces(&["4", "老年助餐", "120", "县民政局"]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(texts(&row), ["4", "老年助餐", "", "120", "县民政局", ""]);
    }

    #[test]
    fn a_figure_keeps_its_measure_word_unless_the_row_needs_them_apart() {
        let p = pieces(&[
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
        let p = pieces(&[
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
        let p = pieces(&[
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
    fn the_cells_under_a_spanning_header_cell_take_its_place() {
        let header = |words: &[&str]| -> Vec<String> {
            spanned(header_cells(pieces(words)))
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
    fn a_task_in_numbered_paragraphs_is_one_cell() {
        let p = pieces(&[
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
        let p = pieces(&["1", "老年助餐", "新建助餐点5个", "县民政局"]);
        let row = super::row(&p, &columns).unwrap();
        assert_eq!(
            texts(&row),
            ["1", "老年助餐", "新建助餐点5个", "县民政局", "", ""]
        );
        let p = pieces(&["1", "老年助餐", "县民政局", "县财政局"]);
        let row = super::row(&p, &columns).unwrap();
        assert_eq!(
            texts(&row),
            ["1", "老年助餐", "", "县民政局", "县财政局", ""]
        );
    }

    #[test]
    fn a_cell_over_two_pieces_is_joined_where_only_one_column_can_take_them() {
        let mut p = pieces(&[
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
        let p = pieces(&[
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
        let p = pieces(&["1", "120", "300"]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(texts(&row), ["1", "", "", "", "", ""]);
        assert_eq!(strays(&row), ["120\n300"]);
        let p = pieces(&["1", "老年助餐", "县民政局", "2024年底", "示例县人民政府"]);
        let row = super::row(&p, NOTICE).unwrap();
        assert_eq!(
            texts(&row),
            ["1", "老年助餐", "", "", "县民政局", "2024年底"]
        );
        assert_eq!(strays(&row), ["示例县人民政府"]);
        assert_eq!(super::row(&[], NOTICE), None);
        assert_eq!(super::row(&pieces(&["1", "甲"]), &[Column::Name]), None);
    }

    #[test]
    fn splits_a_line_into_tokens_that_keep_their_spaces() {
        let t = tokens("1  老年助餐 新建 5个   120", 3, false);
        let words: Vec<&str> = t.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(words, ["1", "老年助餐", "新建", "5个", "120"]);
        assert_eq!(t[4].gap, "   ");
        assert_eq!(t[1].line, 3);
        let wide = tokens("1  老年助餐 新建  5个", 3, true);
        let words: Vec<&str> = wide.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(words, ["1", "老年助餐 新建", "5个"]);
        let mut joined = t[2].clone();
        joined.join(&t[3]);
        assert_eq!(joined.text, "新建 5个");
    }

    #[test]
    fn joins_header_words_split_over_lines_or_tokens() {
        let header = |words: &[&str]| -> Vec<String> {
            header_cells(pieces(words))
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
            columns(&header_cells(pieces(&["序号", "项目", "建设内容"]))),
            [Column::Number, Column::Name, Column::Tasks]
        );
    }

    #[test]
    fn a_name_follows_a_number_and_a_measure_word_does_not() {
        assert!(starts_name(&Piece::new("老年助餐", 1)));
        assert!(!starts_name(&Piece::new("所学校", 1)));
        assert!(!starts_name(&Piece::new("120", 1)));
        assert!(!starts_name(&Piece::new("2024年底", 1)));
        assert!(starts_name(&Piece::new(
            "2026年提升农村饮水质量专项行动",
            1
        )));
        assert!(!starts_name(&Piece::new("5个", 1)));
        for name in ["项目", "人民公园", "日间照料中心", "户厕改造", "口袋公园"]
        {
            assert!(starts_name(&Piece::new(name, 1)), "{name}");
        }
    }
}
