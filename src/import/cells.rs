//! Normalising one cell: text, lists of units and leaders, deadlines.
//!
//! Cells glue things together: `县卫生健康委县教委` is two units, `陈  建`
//! is one name padded with spaces, `县文化旅游委（移动、电信、联通、广电）`
//! is one unit with its partners in brackets. The verbatim cell is kept
//! elsewhere; these functions only produce the normalised form.

use crate::model::Date;

/// A cell's text with each line trimmed and blank lines dropped.
pub fn text(cell: &str) -> String {
    cell.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cell with all white space removed: `合  计` → `合计`.
pub fn compact(cell: &str) -> String {
    cell.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Unit names in a cell, split on line breaks, list punctuation, runs of
/// spaces and glued names, never inside brackets.
pub fn units(cell: &str) -> Vec<String> {
    split_list(cell)
        .into_iter()
        .flat_map(|part| split_glued(&part))
        .collect()
}

/// Leaders' names: like units, with padding spaces inside a name removed.
pub fn leaders(cell: &str) -> Vec<String> {
    split_list(cell)
}

/// Splits on separators outside brackets, then on runs of white space
/// unless the pieces are single characters (a padded name: `县 残 联`).
fn split_list(cell: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in cell.chars() {
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let separator = depth == 0 && matches!(c, '\n' | '、' | '，' | ',' | ';' | '；' | '/');
        if separator {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts.iter().flat_map(|part| split_spaces(part)).collect()
}

fn split_spaces(part: &str) -> Vec<String> {
    let pieces: Vec<&str> = part.split_whitespace().collect();
    let padded_name = pieces.iter().any(|p| p.chars().count() == 1);
    if pieces.is_empty() {
        Vec::new()
    } else if padded_name || bracket_spans_space(part) {
        vec![pieces.concat()]
    } else {
        pieces.into_iter().map(str::to_string).collect()
    }
}

/// A space inside brackets does not separate names.
fn bracket_spans_space(part: &str) -> bool {
    let mut depth = 0i32;
    for c in part.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            c if c.is_whitespace() && depth > 0 => return true,
            _ => {}
        }
    }
    false
}

/// Characters a unit name ends with (委, 局, 办, 会, 联, 司, …).
pub(super) const UNIT_ENDINGS: &[char] = &[
    '委', '局', '办', '会', '联', '司', '部', '队', '院', '所', '站', '处', '团', '厅',
];

/// `县卫生健康委县教委` → `县卫生健康委`, `县教委`: a new name starts at
/// 县/区/市 right after a complete unit name of at least three characters.
fn split_glued(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut names = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    for i in 0..chars.len() {
        match chars[i] {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ => {}
        }
        let boundary = depth == 0
            && i >= start + 3
            && matches!(chars[i], '县' | '区')
            && UNIT_ENDINGS.contains(&chars[i - 1])
            && chars.len() - i >= 3;
        if boundary {
            names.push(chars[start..i].iter().collect());
            start = i;
        }
    }
    names.push(chars[start..].iter().collect());
    names
}

/// The day a deadline names, if it names one. `year` is the notice's year,
/// for deadlines such as `12月底前` that leave it out.
pub fn deadline(text: &str, year: u16) -> Option<Date> {
    let text = compact(text);
    let year = i32::from(year);
    let (explicit_year, rest) = match text.find('年') {
        Some(i) if i > 0 && text[..i].chars().all(|c| c.is_ascii_digit()) => {
            (text[..i].parse().ok(), &text[i + '年'.len_utf8()..])
        }
        _ => (None, text.as_str()),
    };
    let year = explicit_year.unwrap_or(year);
    let whole_year = rest.starts_with("年底")
        || (rest.starts_with('底') && explicit_year.is_some())
        || rest == "全年"
        || rest.starts_with("年内");
    if whole_year {
        return Date::new(year, 12, 31);
    }
    if rest.starts_with("上半年") {
        return Date::new(year, 6, 30);
    }
    if rest.starts_with("下半年") {
        return Date::new(year, 12, 31);
    }
    let month_end = rest.find('月')?;
    let month: u8 = rest[..month_end].parse().ok()?;
    let after = &rest[month_end + '月'.len_utf8()..];
    let day_digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    if !day_digits.is_empty() && after[day_digits.len()..].starts_with(['日', '号']) {
        return Date::new(year, month, day_digits.parse().ok()?);
    }
    if after.starts_with("上旬") {
        Date::new(year, month, 10)
    } else if after.starts_with("中旬") {
        Date::new(year, month, 20)
    } else {
        Date::end_of_month(year, month)
    }
}

/// A normalised deadline text: `2024年\n\n11月底` → `2024年11月底`.
pub fn deadline_text(cell: &str) -> String {
    compact(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_units_as_the_seeds_need() {
        assert_eq!(units("县卫生健康委县教委"), ["县卫生健康委", "县教委"]);
        assert_eq!(
            units("县住房城乡建委县教委       县卫生健康委"),
            ["县住房城乡建委", "县教委", "县卫生健康委"]
        );
        assert_eq!(
            units("县文化旅游委（移动、电信、联通、广电）"),
            ["县文化旅游委（移动、电信、联通、广电）"]
        );
        assert_eq!(
            units("县经济信息委\n\n县供电公司"),
            ["县经济信息委", "县供电公司"]
        );
        assert_eq!(units("县 残 联"), ["县残联"]);
        assert_eq!(units("县水务局 徽矿集团"), ["县水务局", "徽矿集团"]);
        assert_eq!(
            units("区财政局，各乡镇（街道）"),
            ["区财政局", "各乡镇（街道）"]
        );
        assert_eq!(
            units("县残联、县民政局,各乡镇(街道)、开发区"),
            ["县残联", "县民政局", "各乡镇(街道)", "开发区"]
        );
        assert_eq!(units("团县委"), ["团县委"]);
        assert_eq!(units("县委社会工作部"), ["县委社会工作部"]);
        assert_eq!(units("市生态环境局徽山县分局"), ["市生态环境局徽山县分局"]);
        assert_eq!(units("区数建办（区大数据局）"), ["区数建办（区大数据局）"]);
        assert_eq!(units(""), Vec::<String>::new());
    }

    #[test]
    fn joins_padded_names_and_splits_lists_of_leaders() {
        assert_eq!(leaders("陈  建"), ["陈建"]);
        assert_eq!(leaders("陈  建\n\n石  华"), ["陈建", "石华"]);
        assert_eq!(leaders("何德华"), ["何德华"]);
    }

    #[test]
    fn reads_deadlines_to_a_day_where_they_name_one() {
        let d = |text: &str| deadline(text, 2024).map(|d| d.to_string());
        assert_eq!(d("2024年\n\n11月底").as_deref(), Some("2024-11-30"));
        assert_eq!(d("12月底前").as_deref(), Some("2024-12-31"));
        assert_eq!(d("9月投入使用").as_deref(), Some("2024-09-30"));
        assert_eq!(d("2024年6月15日").as_deref(), Some("2024-06-15"));
        assert_eq!(d("2025年2月底").as_deref(), Some("2025-02-28"));
        assert_eq!(d("年底").as_deref(), Some("2024-12-31"));
        assert_eq!(d("长期坚持"), None);
        assert_eq!(d("13月底"), None);
        assert_eq!(deadline_text("2024年\n\n11月底"), "2024年11月底");
    }

    #[test]
    fn normalises_text_without_losing_paragraphs() {
        assert_eq!(text("  1.甲\n\n2.乙  \n"), "1.甲\n2.乙");
        assert_eq!(compact("合  计"), "合计");
    }
}
