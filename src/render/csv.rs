//! `/data/<county>-<year>.csv`: one row per item, for Excel and WPS.
//!
//! UTF-8 with a byte-order mark (without it, Excel on Chinese Windows reads
//! the file as GBK), bilingual headers, exact amounts, and an empty cell
//! where the notice states no amount.

use super::data::DataContext;
use super::urls;
use crate::model::{Bilingual, County, Notice};

const HEADERS: &[&str] = &[
    "县（区）/County",
    "年份/Year",
    "类别/Group",
    "序号/No.",
    "项目ID/Project ID",
    "项目名称/Project (zh)",
    "Project (en)",
    "第几项/Item",
    "目标任务/Targets (zh)",
    "Targets (en)",
    "总投资/Investment",
    "单位/Unit",
    "责任领导/Officials",
    "责任单位/Responsible bodies (zh)",
    "Responsible bodies (en)",
    "协作单位/Supporting bodies (zh)",
    "Supporting bodies (en)",
    "完成时限/Deadline",
    "完成日期/Deadline date",
    "状态/Status",
    "逾期/Overdue",
    "最新进度/Latest percent",
    "是否达序/On schedule (as reported)",
    "说明/Schedule note",
    "链接/URL",
];

pub fn notice(county: &County, notice: &Notice, cx: &DataContext) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, HEADERS.iter().map(|h| h.to_string()));
    for project in &notice.projects {
        let group = project
            .group
            .and_then(|g| notice.record.groups.get(g))
            .and_then(|g| g.name.as_ref())
            .map_or(String::new(), |n| n.zh().to_string());
        let url = urls::absolute(
            cx.base_url,
            &urls::project(&county.slug, notice.year, &project.id),
        );
        let latest = project.latest_report(cx.drafts);
        for (i, item) in project.record.items.iter().enumerate() {
            let zh =
                |list: &[Bilingual]| list.iter().map(|b| b.zh()).collect::<Vec<_>>().join("、");
            let en = |list: &[Bilingual]| {
                list.iter()
                    .map(|b| b.en().unwrap_or(b.zh()))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let deadline = item.deadline.as_ref();
            push_row(
                &mut out,
                [
                    county.record.name.zh().to_string(),
                    notice.year.to_string(),
                    group.clone(),
                    project.record.number.clone(),
                    project.id.to_string(),
                    project.record.name.zh().to_string(),
                    project
                        .record
                        .name
                        .en()
                        .map(str::to_string)
                        .unwrap_or_default(),
                    (i + 1).to_string(),
                    item.tasks
                        .as_ref()
                        .map_or(String::new(), |t| t.zh().to_string()),
                    item.tasks
                        .as_ref()
                        .and_then(|t| t.en().map(str::to_string))
                        .unwrap_or_default(),
                    item.amount
                        .as_ref()
                        .map_or(String::new(), |a| a.value.value.to_string()),
                    notice.record.unit.map_or(String::new(), |u| u.to_string()),
                    zh(&item.leaders),
                    zh(&item.lead_units),
                    en(&item.lead_units),
                    zh(&item.partner_units),
                    en(&item.partner_units),
                    deadline.map_or(String::new(), |d| d.text.clone()),
                    deadline
                        .and_then(|d| d.date)
                        .map_or(String::new(), |d| d.to_string()),
                    project
                        .status(cx.drafts)
                        .map_or(String::new(), |s| s.code().to_string()),
                    if project.is_overdue(cx.as_of, cx.drafts) {
                        "yes"
                    } else {
                        "no"
                    }
                    .to_string(),
                    latest
                        .and_then(|r| r.front.percent.as_ref())
                        .map_or(String::new(), |p| p.value.to_string()),
                    match latest.and_then(|r| r.front.details().on_schedule) {
                        Some(true) => "yes".to_string(),
                        Some(false) => "no".to_string(),
                        None => String::new(),
                    },
                    latest
                        .and_then(|r| r.front.details().schedule_note.clone())
                        .unwrap_or_default(),
                    url.clone(),
                ],
            );
        }
    }
    out.into_bytes()
}

/// One CSV record (RFC 4180): fields quoted when they hold a comma, quote or line break.
fn push_row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let fields: Vec<String> = fields.into_iter().map(|f| quote(&f)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// One CSV field. A field that a spreadsheet would take for a formula
/// (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
/// leading `'` and quotes, as OWASP recommends, so opening the download in
/// Excel or WPS never runs what a record says.
pub fn quote(field: &str) -> String {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("\"'{}\"", field.replace('"', "\"\""))
    } else if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_quoting() {
        assert_eq!(quote("92.284"), "92.284");
        assert_eq!(
            quote("县残联、县民政局,各乡镇(街道)"),
            "\"县残联、县民政局,各乡镇(街道)\""
        );
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("1.甲\n2.乙"), "\"1.甲\n2.乙\"");
    }

    #[test]
    fn neutralises_every_field_a_spreadsheet_would_run() {
        for (field, written) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+1+cmd|' /C calc'!A0", "\"'+1+cmd|' /C calc'!A0\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\t=1", "\"'\t=1\""),
            ("\r=1", "\"'\r=1\""),
            ("=1,2", "\"'=1,2\""),
        ] {
            assert_eq!(quote(field), written, "{field:?}");
        }
        assert_eq!(quote("a=1"), "a=1");
    }
}
