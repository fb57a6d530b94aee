//! The notice's metadata, read from the text around the table: issuer,
//! title, document number, written date, release mark, unit, county, year.

use crate::model::{Date, ReleaseStatus};

#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub issuer: Option<String>,
    pub title: Option<String>,
    pub table_title: Option<String>,
    pub doc_number: Option<String>,
    pub written_date: Option<Date>,
    pub release: Option<ReleaseStatus>,
    /// The words the release mark was read from, as printed.
    pub release_mark: Option<String>,
    pub unit: Option<String>,
    /// The county's name as the issuer or title gives it, e.g. 武隆区.
    pub county: Option<String>,
    pub year: Option<u16>,
}

/// Reads metadata from the lines before the table (`preamble`) and the whole text.
pub fn read(preamble: &[&str], all: &str) -> Metadata {
    let lines: Vec<&str> = preamble
        .iter()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
        .collect();
    let (title, title_start) = title(&lines);
    let issuer = issuer(&lines, title_start);
    let table_title = table_title(&lines);
    let (release, release_mark) = release(all);
    let year = [title.as_deref(), table_title.as_deref()]
        .into_iter()
        .flatten()
        .find_map(year_in);
    Metadata {
        county: issuer
            .as_deref()
            .and_then(county_in)
            .or_else(|| title.as_deref().and_then(county_in)),
        issuer,
        title,
        table_title,
        doc_number: lines.iter().find_map(|l| doc_number(l)),
        written_date: lines.iter().find_map(|l| written_date(l)),
        release,
        release_mark,
        unit: lines.iter().find_map(|l| unit(l)),
        year,
    }
}

/// The title: from the line that starts with 关于 to the one ending in 通知.
fn title(lines: &[&str]) -> (Option<String>, Option<usize>) {
    let Some(start) = lines
        .iter()
        .position(|l| l.contains("关于") || l.contains("關於"))
    else {
        return (None, None);
    };
    let first = lines[start];
    let from = first
        .find("关于")
        .or_else(|| first.find("關於"))
        .unwrap_or(0);
    let mut title = first[from..].to_string();
    for line in &lines[start + 1..] {
        if title.ends_with("通知") || title.ends_with("通知》") {
            break;
        }
        if line.is_empty() {
            continue;
        }
        if line.ends_with('：') || line.ends_with(':') {
            break;
        }
        title.push_str(line);
    }
    (Some(title), Some(start))
}

/// The issuer: the last government line above the title, or the text before 关于 on its line.
fn issuer(lines: &[&str], title_start: Option<usize>) -> Option<String> {
    let start = title_start?;
    let on_title_line = lines[start]
        .split("关于")
        .next()
        .map(str::trim)
        .filter(|s| is_issuer(s));
    on_title_line.map(str::to_string).or_else(|| {
        lines[..start]
            .iter()
            .rev()
            .find(|l| is_issuer(l))
            .map(|l| l.trim_end_matches("文件").to_string())
    })
}

fn is_issuer(line: &str) -> bool {
    let line = line.trim_end_matches("文件");
    !line.is_empty()
        && (line.ends_with("人民政府")
            || line.ends_with("人民政府办公室")
            || line.ends_with("政府办公室"))
}

/// The attachment's title: the last line above the table that is not a unit line.
fn table_title(lines: &[&str]) -> Option<String> {
    lines
        .iter()
        .rev()
        .find(|l| {
            !l.is_empty() && unit(l).is_none() && !l.starts_with("附件") && !l.starts_with("附表")
        })
        .map(|l| l.to_string())
}

/// `微政发〔2024〕2号`, also with `[2024]`, `［2024］` or `（2024）`.
fn doc_number(line: &str) -> Option<String> {
    let opens = ['〔', '[', '［', '（', '('];
    let open = line.find(opens)?;
    let rest = &line[open..];
    let close = rest.find(['〕', ']', '］', '）', ')'])?;
    let year = &rest[rest.chars().next()?.len_utf8()..close];
    let tail = &rest[close..];
    let looks_right = year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
        && line.ends_with('号')
        && open > 0
        && tail
            .chars()
            .skip(1)
            .take_while(|c| *c != '号')
            .all(|c| c.is_ascii_digit());
    looks_right.then(|| line.to_string())
}

/// A line that is only a date: `2024年1月15日`.
fn written_date(line: &str) -> Option<Date> {
    let (year, rest) = line.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    Date::new(
        year.trim().parse().ok()?,
        month.trim().parse().ok()?,
        day.trim().parse().ok()?,
    )
}

/// The release mark anywhere in the text.
fn release(all: &str) -> (Option<ReleaseStatus>, Option<String>) {
    let marks = [
        ("此件公开发布", ReleaseStatus::Public),
        ("此件公開發布", ReleaseStatus::Public),
        ("主动公开", ReleaseStatus::Public),
        ("主動公開", ReleaseStatus::Public),
        ("此件依申请公开", ReleaseStatus::OnRequest),
        ("此件依申請公開", ReleaseStatus::OnRequest),
        ("依申请公开", ReleaseStatus::OnRequest),
        ("此件不予公开", ReleaseStatus::Withheld),
        ("此件不予公開", ReleaseStatus::Withheld),
        ("不予公开", ReleaseStatus::Withheld),
    ];
    for line in all.lines() {
        let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        for (mark, status) in marks {
            let alone = compact.trim_matches(['（', '）', '(', ')']) == mark;
            if alone
                || compact.starts_with(&format!("（{mark}"))
                || compact.starts_with(&format!("({mark}"))
            {
                return (Some(status), Some(line.trim().to_string()));
            }
        }
    }
    (None, None)
}

/// `单位：万元` → `万元`.
fn unit(line: &str) -> Option<String> {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = compact
        .strip_prefix("单位")
        .or_else(|| compact.strip_prefix("單位"))?;
    let unit = rest.trim_start_matches(['：', ':']);
    ["万元", "亿元", "元"]
        .iter()
        .find(|u| unit.starts_with(*u))
        .map(|u| u.to_string())
}

/// The first four-digit year followed by 年.
fn year_in(text: &str) -> Option<u16> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).find_map(|w| {
        let digits: String = w[..4].iter().collect();
        (w[4] == '年' && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    })
}

/// 重庆市武隆区人民政府办公室 → 武隆区; 石柱土家族自治县… → 石柱土家族自治县.
fn county_in(text: &str) -> Option<String> {
    let text = text.trim();
    let without_province = ["重庆市", "北京市", "上海市", "天津市"]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text);
    let without_province = without_province
        .split_once('省')
        .map_or(without_province, |(_, rest)| rest);
    let without_city = without_province
        .split_once('市')
        .filter(|(_, rest)| rest.contains('县') || rest.contains('区'))
        .map_or(without_province, |(_, rest)| rest);
    let end = without_city
        .char_indices()
        .find(|(_, c)| *c == '县' || *c == '区')
        .map(|(i, c)| i + c.len_utf8())?;
    Some(without_city[..end].to_string()).filter(|name| name.chars().count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_document_numbers_in_both_bracket_forms() {
        assert_eq!(
            doc_number("微政发〔2024〕2号").as_deref(),
            Some("微政发〔2024〕2号")
        );
        assert_eq!(
            doc_number("梁政发[2024]1号").as_deref(),
            Some("梁政发[2024]1号")
        );
        assert_eq!(doc_number("各乡镇（街道）人民政府"), None);
    }

    #[test]
    fn reads_release_marks() {
        assert_eq!(
            release("x\n（此件公开发布）\n").0,
            Some(ReleaseStatus::Public)
        );
        assert_eq!(release("(此件公开发布)").0, Some(ReleaseStatus::Public));
        assert_eq!(
            release("（此件依申请公开）").0,
            Some(ReleaseStatus::OnRequest)
        );
        assert_eq!(release("（此件不予公開）").0, Some(ReleaseStatus::Withheld));
        assert_eq!(release("（此件公開發布）").0, Some(ReleaseStatus::Public));
        assert_eq!(release("要主动公开民生实事进展。").0, None);
        assert_eq!(release("无标记").0, None);
    }

    #[test]
    fn finds_county_unit_year_and_date() {
        assert_eq!(
            county_in("重庆市武隆区人民政府办公室").as_deref(),
            Some("武隆区")
        );
        assert_eq!(
            county_in("石柱土家族自治县人民政府办公室").as_deref(),
            Some("石柱土家族自治县")
        );
        assert_eq!(county_in("微山县人民政府").as_deref(), Some("微山县"));
        assert_eq!(
            county_in("山东省济宁市梁山县人民政府").as_deref(),
            Some("梁山县")
        );
        assert_eq!(unit("                 单位：万元").as_deref(), Some("万元"));
        assert_eq!(year_in("关于做好2024年全区民生实事工作的通知"), Some(2024));
        assert_eq!(
            written_date("2024年1月15日")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2024-01-15")
        );
        assert_eq!(written_date("2024年1月15日印发"), None);
    }
}
