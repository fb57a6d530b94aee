//! The pieces of a row whose cells no TAB or `|` marks off, and what each
//! holds: a line, a block of lines or a space-separated token, kept as
//! printed, and its kind (a number, an amount, a date, a unit's name, a
//! person's name, text), by which `align` places it in a column.

use super::cells;
use super::fold::{fold, is_han};
use super::table::Cell;
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
    /// Pieces for tests: one text a line, from line 1.
    #[cfg(test)]
    pub fn on_lines(texts: &[&str]) -> Vec<Piece> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Piece::new(t, i + 1))
            .collect()
    }

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
    let mut after = rest.chars();
    let dotted = !number.is_empty()
        && after.next().is_some_and(|c| c == '.' || c == '、')
        && !after.as_str().starts_with(|c: char| c.is_ascii_digit());
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

pub(super) fn starts_with_measure(piece: &Piece) -> bool {
    let folded = piece.folded();
    MEASURES.iter().any(|m| folded.starts_with(m))
}

/// Measure words that are also common surnames.
pub(super) const SURNAMES: &[char] = &['张', '万', '余', '米'];

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
        assert_eq!(
            kind("1、实施二环路改造"),
            Kind::Item,
            "、 is three bytes long"
        );
        assert_eq!(kind("1、"), kind("1、"));
        assert_eq!(kind("（2）完成监测设备安装"), Kind::Item);
        assert_eq!(kind("1.5公里"), Kind::Figure);
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
