//! Figures stated in a text's prose: the unit of its amounts, a total, how
//! many projects it lists, its year and a progress text's period.

use super::super::cells;
use super::super::fold::count_at_end;
use super::Period;
use crate::model::{Date, Money};

/// `单位：万元` → `万元`.
pub(super) fn unit_line(folded: &str) -> Option<String> {
    let compact = cells::compact(folded);
    let rest = compact
        .strip_prefix("单位")
        .or_else(|| compact.strip_prefix("金额单位"))?;
    unit_at_start(rest.trim_start_matches(':'))
}

pub(super) fn unit_at_start(text: &str) -> Option<String> {
    ["万元", "亿元", "元"]
        .iter()
        .find(|u| text.starts_with(*u))
        .map(|u| u.to_string())
}

/// `总投资28.23亿元`, `拟投资…`, `计划投入资金…`: a total stated in prose, and its unit.
pub(super) fn prose_total(folded: &str) -> Option<(String, String)> {
    let compact = cells::compact(folded);
    ["总投资", "拟投资", "计划投资", "计划投入资金", "总投入"]
        .iter()
        .find_map(|w| amount_after(&compact, w))
}

/// The unit of `完成投资248万元` in a progress text.
pub(super) fn spent_unit(folded: &str) -> Option<String> {
    let compact = cells::compact(folded);
    amount_after(&compact, "完成投资").map(|(_, unit)| unit)
}

/// The exact amount right after `word` and its unit.
pub(super) fn amount_after(compact: &str, word: &str) -> Option<(String, String)> {
    let at = compact.find(word)? + word.len();
    let rest = &compact[at..];
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    Money::parse(&number).ok()?;
    let unit = unit_at_start(&rest[number.len()..])?;
    Some((number, unit))
}

/// `6類22件`, `15件重点民生实事`, `十件民生实事`: the number of projects the text says it lists.
pub(super) fn declared_projects(folded: &str) -> Option<u32> {
    let compact = cells::compact(folded);
    let at = compact.find("件")?;
    let after = &compact[at + '件'.len_utf8()..];
    let about_projects = after.contains("实事") || after.contains("项目") || after.contains("大事");
    if !about_projects {
        return None;
    }
    count_at_end(&compact[..at])
}

/// The first four-digit year followed by 年 (or 年度).
pub(super) fn year_in(text: &str) -> Option<u16> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).find_map(|w| {
        let digits: String = w[..4].iter().collect();
        (w[4] == '年' && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    })
}

/// `1-6月`, `1—9月`, `1-8月份`: a progress text's period, ending at the month's last day.
pub(super) fn period_in(folded: &str, year: Option<u16>) -> Option<Period> {
    let compact = cells::compact(folded);
    let chars: Vec<char> = compact.chars().collect();
    for start in 0..chars.len() {
        let first: String = chars[start..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let after = start + first.chars().count();
        if first.is_empty() || (start > 0 && chars[start - 1].is_ascii_digit()) {
            continue;
        }
        if chars.get(after) != Some(&'-') {
            continue;
        }
        let last: String = chars[after + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let month_at = after + 1 + last.chars().count();
        if last.is_empty() || chars.get(month_at) != Some(&'月') {
            continue;
        }
        let (Ok(from), Ok(to)) = (first.parse::<u8>(), last.parse::<u8>()) else {
            continue;
        };
        if !(1..=12).contains(&from) || !(from..=12).contains(&to) {
            continue;
        }
        return Some(Period {
            text: format!("{from}-{to}月"),
            end: year.and_then(|y| Date::end_of_month(i32::from(y), to)),
            last_month: to,
        });
    }
    None
}
