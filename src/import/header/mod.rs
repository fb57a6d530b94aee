//! The text's metadata, read from the lines no table or list claimed:
//! issuer, title, document number, written date, release mark, unit,
//! a total stated in prose, the period of a progress text, county and year.
//!
//! Recognition works on the folded lines (either script, either kind of
//! punctuation); every value is kept as printed.

mod figures;

use serde::Serialize;

use super::TextKind;
use super::cells;
use super::fold::{chinese_digits, chinese_numeral, is_han};
use super::source::{Line, Role, Source};
use crate::model::{Date, ReleaseStatus};
use figures::{declared_projects, period_in, prose_total, spent_unit, unit_line, year_in};

#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub issuer: Option<String>,
    pub title: Option<String>,
    pub table_title: Option<String>,
    pub doc_number: Option<String>,
    pub written_date: Option<Date>,
    pub published_date: Option<Date>,
    pub index_number: Option<String>,
    pub release: Option<ReleaseStatus>,
    /// The words the release mark was read from, as printed.
    pub release_mark: Option<String>,
    /// The unit of the amounts, in Simplified script: 万元, 亿元, 元.
    pub unit: Option<String>,
    /// A total investment stated in prose before the projects (`总投资28.23亿元`).
    pub declared_total: Option<String>,
    /// The unit that prose total is stated in, which may not be the table's.
    pub declared_total_unit: Option<String>,
    /// The number of projects the text says it lists (`15件`).
    pub declared_projects: Option<u32>,
    /// A progress text's period: `1-6月` and the day it ends.
    pub period: Option<Period>,
    /// The county's name as the issuer or title gives it, e.g. 武隆区.
    pub county: Option<String>,
    pub year: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub text: String,
    pub end: Option<Date>,
    /// The period's last month, to date it in the year of the notice it reports on.
    #[serde(skip)]
    pub last_month: u8,
}

impl Period {
    /// The last day of the period in `year`.
    pub fn end_in(&self, year: u16) -> Option<Date> {
        Date::end_of_month(i32::from(year), self.last_month)
    }
}

/// Reads the metadata from the lines left, claiming each line it reads.
pub fn read(source: &mut Source, kind: TextKind) -> Metadata {
    let mut m = Metadata::default();
    let first_record = first_record_line(source);
    let found = |source: &Source, f: &dyn Fn(&Line) -> bool| -> Option<usize> {
        source
            .lines
            .iter()
            .find(|l| !source.is_claimed(l.number) && !l.is_blank() && f(l))
            .map(|l| l.number)
    };
    if let Some(n) = found(source, &|l| release(&l.folded).is_some()) {
        let line = &source.lines[n - 1];
        m.release = release(&line.folded);
        m.release_mark = Some(line.printed.trim().to_string());
        source.claim(n, Role::Metadata { field: "release" });
    }
    if let Some(n) = found(source, &|l| index_number(l).is_some()) {
        m.index_number = index_number(&source.lines[n - 1]);
        m.published_date = published_date(&source.lines[n - 1].folded);
        source.claim(
            n,
            Role::Metadata {
                field: "index_number",
            },
        );
    }
    let published_line = found(source, &|l| published_date(&l.folded).is_some());
    if let Some(n) = published_line.filter(|_| m.published_date.is_none()) {
        m.published_date = published_date(&source.lines[n - 1].folded);
        source.claim(
            n,
            Role::Metadata {
                field: "published_date",
            },
        );
    }
    if let Some(n) = found(source, &|l| doc_number(l).is_some()) {
        m.doc_number = doc_number(&source.lines[n - 1]);
        source.claim(
            n,
            Role::Metadata {
                field: "doc_number",
            },
        );
    }
    if let Some(n) = found(source, &|l| written_date(&l.folded).is_some()) {
        m.written_date = written_date(&source.lines[n - 1].folded);
        source.claim(
            n,
            Role::Metadata {
                field: "written_date",
            },
        );
    }
    if let Some((first, last, title)) = title(source) {
        m.title = Some(title);
        source.claim_range(first, last, Role::Metadata { field: "title" });
    }
    let issuer_line = found(source, &|l| is_issuer(&l.folded));
    if let Some(n) = issuer_line {
        let mut issuer = issuer_text(&source.lines[n - 1]);
        // A signature broken over two lines: 沅江市第十八届人民代表大会 / 第二次会议主席团.
        let above = source.line(n - 1).filter(|l| !source.is_claimed(l.number));
        if let Some(above) = above.filter(|l| cells::compact(&l.folded).ends_with("人民代表大会"))
        {
            issuer = format!("{}{issuer}", issuer_text(above));
            source.claim(above.number, Role::Metadata { field: "issuer" });
        }
        m.issuer = Some(issuer);
        source.claim(n, Role::Metadata { field: "issuer" });
    } else if let Some(title) = &m.title {
        m.issuer = title
            .split(['关', '關'])
            .next()
            .map(str::trim)
            .filter(|s| is_issuer(&super::fold::fold(s)))
            .map(str::to_string);
    }
    claim_closing(source);
    if let Some(n) = found(source, &|l| unit_line(&l.folded).is_some()) {
        m.unit = unit_line(&source.lines[n - 1].folded);
        source.claim(n, Role::Metadata { field: "unit" });
    }
    let before_records = |l: &Line| first_record.is_none_or(|first| l.number < first);
    if kind == TextKind::Notice {
        if let Some(n) = found(source, &|l| {
            before_records(l) && prose_total(&l.folded).is_some()
        }) {
            let (total, unit) = prose_total(&source.lines[n - 1].folded).unwrap_or_default();
            m.declared_total = Some(total);
            m.declared_total_unit = Some(unit);
            source.claim(
                n,
                Role::Metadata {
                    field: "declared_total",
                },
            );
        }
    } else {
        m.unit = m
            .unit
            .take()
            .or_else(|| source.lines.iter().find_map(|l| spent_unit(&l.folded)));
    }
    let table_first = source
        .ledger()
        .into_iter()
        .find(|(_, role)| *role == Some(Role::TableHeader));
    if let Some((first, _)) = table_first {
        m.table_title = table_title(source, first);
    }
    m.declared_projects = first_record.and_then(|_| {
        source
            .lines
            .iter()
            .filter(|l| before_records(l) || source.is_claimed(l.number))
            .find_map(|l| declared_projects(&l.folded))
    });
    let titles = [m.title.as_deref(), m.table_title.as_deref()];
    m.year = titles
        .into_iter()
        .flatten()
        .map(super::fold::fold)
        .find_map(|t| year_in(&t));
    m.period = titles
        .into_iter()
        .flatten()
        .map(super::fold::fold)
        .find_map(|t| period_in(&t, m.year));
    m.county = [m.issuer.as_deref(), m.title.as_deref()]
        .into_iter()
        .flatten()
        .find_map(county_in);
    m
}

/// The first line a table or list took.
fn first_record_line(source: &Source) -> Option<usize> {
    source
        .ledger()
        .into_iter()
        .find(|(_, role)| role.is_some())
        .map(|(line, _)| line)
}

/// The document's closing block: `抄送：…` (to the end of its sentence),
/// and `…印发` with the office that printed it on the line above.
fn claim_closing(source: &mut Source) {
    let numbers: Vec<usize> = source
        .lines
        .iter()
        .filter(|l| !source.is_claimed(l.number))
        .map(|l| l.number)
        .collect();
    for number in numbers {
        let Some(line) = source.line(number) else {
            continue;
        };
        let folded = cells::compact(&line.folded);
        if folded.starts_with("抄送") {
            // The list of recipients runs to its full stop, over blank lines too.
            let mut end = number;
            while !source
                .line(end)
                .is_some_and(|l| l.folded.trim_end().ends_with(['。', '.']))
                && end < number + 4
                && end < source.lines.len()
            {
                end += 1;
            }
            source.claim_range(
                number,
                end,
                Role::Metadata {
                    field: "distribution",
                },
            );
        } else if folded.ends_with("印发") {
            source.claim(number, Role::Metadata { field: "printed" });
            let office = (1..number)
                .rev()
                .filter_map(|n| source.line(n))
                .find(|l| !l.is_blank())
                .filter(|l| is_issuer(&l.folded))
                .map(|l| l.number);
            if let Some(office) = office {
                source.claim(office, Role::Metadata { field: "printed" });
            }
        }
    }
}

/// `附件：1.…` and the numbered lines that continue it are attachments, not projects.
pub fn claim_attachments(source: &mut Source) {
    let Some(start) = source
        .lines
        .iter()
        .find(|l| !source.is_claimed(l.number) && l.folded.trim_start().starts_with("附件"))
        .map(|l| l.number)
    else {
        return;
    };
    source.claim(
        start,
        Role::Metadata {
            field: "attachments",
        },
    );
    let mut next = 2;
    let mut number = start + 1;
    while let Some(line) = source.line(number) {
        let folded = line.folded.trim_start();
        if !folded.starts_with(&format!("{next}.")) && !folded.starts_with(&format!("{next}、")) {
            break;
        }
        source.claim(
            number,
            Role::Metadata {
                field: "attachments",
            },
        );
        next += 1;
        number += 1;
    }
}

/// The title: the lines from 关于 to 通知 (or 通报, 决定, 公告); else a short
/// headline near the top, or after the body, that names a year and 民生实事
/// or 进展.
fn title(source: &Source) -> Option<(usize, usize, String)> {
    let free: Vec<&Line> = source
        .lines
        .iter()
        .filter(|l| !l.is_blank() && !source.is_claimed(l.number))
        .collect();
    if let Some(start) = free.iter().position(|l| l.folded.contains("关于")) {
        let first = free[start];
        let from = first.folded.find("关于").unwrap_or(0);
        let offset = first.folded[..from].chars().count();
        let mut title: String = first.clean.trim_end().chars().skip(offset).collect();
        let mut last = first.number;
        for line in &free[start + 1..] {
            let ended = ["通知", "通报", "决定", "公告", "意见", "方案"]
                .iter()
                .any(|w| title.trim_end_matches(['》', '」']).ends_with(w));
            if ended || line.number != last + 1 && line.number != last + 2 {
                break;
            }
            if line.folded.trim_end().ends_with(':') {
                break;
            }
            title.push_str(line.clean.trim());
            last = line.number;
        }
        let title = title.trim().to_string();
        if title.chars().count() <= 80 {
            return Some((first.number, last, title));
        }
    }
    free.iter()
        .filter(|l| is_headline(l))
        .map(|l| (l.number, l.number, headline_text(l)))
        .next()
}

/// Labels of a portal's page furniture, never a title.
const PORTAL_LABELS: &[&str] = &["当前栏目", "当前位置", "来源", "发布时间", "分享", "索引号"];

fn is_headline(line: &Line) -> bool {
    let folded = cells::compact(&line.folded);
    let folded = folded.trim_start_matches('-');
    let length = folded.chars().count();
    let topical = ["民生实事", "实事", "进展", "完成情况", "进度", "公告"]
        .iter()
        .any(|w| folded.contains(w));
    (6..=60).contains(&length)
        && topical
        && !folded.ends_with(['。', ':', ';', ',', '-'])
        && !PORTAL_LABELS.iter().any(|w| folded.starts_with(w))
}

/// A headline without a crawler's leading `- ` and a trailing `|`.
fn headline_text(line: &Line) -> String {
    line.clean
        .trim()
        .trim_start_matches("- ")
        .trim_end_matches('|')
        .trim()
        .to_string()
}

pub(super) fn is_issuer(folded: &str) -> bool {
    let line = cells::compact(folded);
    let line = line.trim_end_matches("文件");
    line.chars().count() >= 4
        && line.chars().count() <= 30
        && [
            "人民政府",
            "政府办公室",
            "人民政府办公厅",
            "办公室",
            "主席团",
            "指挥部",
        ]
        .iter()
        .any(|w| line.ends_with(w))
}

fn issuer_text(line: &Line) -> String {
    cells::compact(&line.clean)
        .trim_end_matches("文件")
        .to_string()
}

/// `微政发〔2024〕2号`, `洋政發〔2024〕8號`, also with `[2024]` or `(2024)`:
/// the line is the number, alone or after the issuer's name; a number cited
/// in a sentence (`根据东府〔2024〕3号`) is not the text's own.
fn doc_number(line: &Line) -> Option<String> {
    let folded = cells::compact(&line.folded);
    let open = folded.find(['〔', '[', '('])?;
    let rest = &folded[open..];
    let close = rest.find(['〕', ']', ')'])?;
    let year = &rest[rest.chars().next()?.len_utf8()..close];
    let tail = &rest[close + rest[close..].chars().next()?.len_utf8()..];
    let number = tail.strip_suffix('号')?;
    let prefix = &folded[..open];
    let own = year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
        && (1..=12).contains(&prefix.chars().count())
        && prefix.chars().all(is_han)
        && !["根据", "按照", "依据", "关于"]
            .iter()
            .any(|w| prefix.contains(w));
    own.then(|| cells::compact(&line.clean))
}

/// A line that is only a date: `2024年1月15日`, `二〇二二年六月十五日`, maybe ending in `|`.
pub fn written_date(folded: &str) -> Option<Date> {
    let compact = cells::compact(folded);
    let line = compact.trim_end_matches('|');
    let (year, rest) = line.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let number = |text: &str| {
        text.parse::<u32>()
            .ok()
            .filter(|_| text.chars().all(|c| c.is_ascii_digit()))
            .or_else(|| chinese_numeral(text))
    };
    let year = year
        .parse::<u32>()
        .ok()
        .filter(|_| year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()))
        .or_else(|| chinese_digits(year).filter(|_| year.chars().count() == 4))?;
    Date::new(
        i32::try_from(year).ok()?,
        u8::try_from(number(month)?).ok()?,
        u8::try_from(number(day)?).ok()?,
    )
}

/// `索引号: | 1133…/2022-90092 |` → the number.
fn index_number(line: &Line) -> Option<String> {
    let folded = cells::compact(&line.folded);
    let rest = folded.strip_prefix("索引号")?;
    let value: String = rest
        .trim_start_matches([':', '|'])
        .split('|')
        .next()?
        .trim_start_matches(':')
        .to_string();
    (!value.is_empty()).then_some(value)
}

/// `公开日期: | 2022-10-11 15:44:20`, `发布日期：2024-01-15`: the day a portal published the text.
fn published_date(folded: &str) -> Option<Date> {
    let compact = cells::compact(folded);
    let at = ["公开日期", "发布日期", "发布时间"]
        .iter()
        .find_map(|w| compact.find(w).map(|i| i + w.len()))?;
    let rest = compact[at..].trim_start_matches([':', '|']);
    let day: String = rest.chars().take(10).collect();
    Date::parse(&day).ok()
}

/// The release mark: `（此件公开发布）` alone or opening a line, in either script.
pub(super) fn release(folded: &str) -> Option<ReleaseStatus> {
    let marks = [
        ("此件公开发布", ReleaseStatus::Public),
        ("主动公开", ReleaseStatus::Public),
        ("此件依申请公开", ReleaseStatus::OnRequest),
        ("依申请公开", ReleaseStatus::OnRequest),
        ("此件不予公开", ReleaseStatus::Withheld),
        ("不予公开", ReleaseStatus::Withheld),
    ];
    let compact = cells::compact(folded);
    marks.into_iter().find_map(|(mark, status)| {
        let alone = compact.trim_matches(['(', ')']) == mark;
        (alone || compact.starts_with(&format!("({mark}"))).then_some(status)
    })
}

/// The attachment's title: the last line above the table that is neither a unit line nor 附件.
fn table_title(source: &Source, first: usize) -> Option<String> {
    source.lines[..first - 1]
        .iter()
        .rev()
        .filter(|l| !l.is_blank())
        .find(|l| {
            let folded = cells::compact(&l.folded);
            unit_line(&folded).is_none()
                && !folded.starts_with("附件")
                && !folded.starts_with("附表")
                && !folded.ends_with(':')
        })
        .filter(|l| l.clean.trim().chars().count() <= 60)
        .map(|l| headline_text(l))
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
mod tests;
