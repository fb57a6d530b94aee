//! A table's columns: what each header cell names, recognised by its words
//! (Simplified or Traditional, never by position), two-level headers merged,
//! and the unit a header states (`总投资（万元）`).

use super::cells;
use super::fold::fold;
use super::table::Row;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Number,
    Name,
    Tasks,
    Amount,
    Leaders,
    LeadUnits,
    PartnerUnits,
    Deadline,
    Location,
    Remarks,
    Unknown,
}

/// Which column a header cell names. Order matters: 牵头领导 is a leader,
/// 牵头单位 a lead unit, 协作单位 a partner.
pub fn classify(header: &str) -> Column {
    let h = fold(&cells::compact(header));
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if has(&["序号", "序號", "编号", "編號"]) {
        Column::Number
    } else if has(&["领导", "領導"]) {
        Column::Leaders
    } else if has(&["协作", "协办", "配合", "協作", "協辦", "参与"]) {
        Column::PartnerUnits
    } else if has(&[
        "责任单位",
        "牵头单位",
        "主办单位",
        "責任單位",
        "牽頭單位",
        "主辦單位",
        "承办单位",
        "實施單位",
        "实施单位",
        "责任部门",
        "牵头部门",
        "主责单位",
        "建设单位",
        "责任主体",
        "实施主体",
    ]) {
        Column::LeadUnits
    } else if has(&[
        "项目名称",
        "項目名稱",
        "民生实事",
        "民生實事",
        "项目类别",
        "項目類別",
        "实事名称",
        "實事名稱",
    ]) {
        Column::Name
    } else if has(&["投资", "投資", "金额", "金額", "资金", "資金"])
        && !has(&["工作内容", "工作內容"])
    {
        Column::Amount
    } else if has(&[
        "目标任务",
        "工作任务",
        "工作内容",
        "项目内容",
        "建设内容",
        "形象进度",
        "目標任務",
        "工作任務",
        "工作內容",
        "項目內容",
        "建設內容",
        "形象進度",
        "内容",
        "规模",
        "目标",
    ]) {
        Column::Tasks
    } else if has(&[
        "时限",
        "時限",
        "年限",
        "期限",
        "起止",
        "建设时间",
        "建設時間",
        "完成时间",
        "完成時間",
    ]) {
        Column::Deadline
    } else if has(&["地点", "地點"]) {
        Column::Location
    } else if has(&["备注", "備註", "备考"]) {
        Column::Remarks
    } else if h == "项目" || h == "名称" {
        Column::Name
    } else {
        Column::Unknown
    }
}

#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// (what the column holds, its header as printed without spaces)
    pub columns: Vec<(Column, String)>,
    /// The unit a header names, e.g. 总投资（万元）.
    pub unit: Option<String>,
}

pub(super) fn header_columns(row: &Row) -> Columns {
    let names: Vec<String> = row.cells.iter().map(|c| cells::compact(&c.text)).collect();
    columns_from(names)
}

fn columns_from(names: Vec<String>) -> Columns {
    let unit = names.iter().find_map(|n| unit_in(n));
    Columns {
        columns: names.into_iter().map(|n| (classify(&n), n)).collect(),
        unit,
    }
}

/// `总投资（万元）` → `万元`.
pub(super) fn unit_in(header: &str) -> Option<String> {
    let folded = fold(header);
    ["万元", "亿元", "元"]
        .iter()
        .find(|u| folded.contains(*u))
        .map(|u| u.to_string())
}

/// A second header row: no 序号, and only header words or nothing.
pub(super) fn is_sub_header(row: &Row) -> bool {
    let first_empty = row.cells.first().is_none_or(|c| c.text.trim().is_empty());
    first_empty
        && row
            .cells
            .iter()
            .all(|c| c.text.trim().is_empty() || classify(&c.text) != Column::Unknown)
}

/// Merges a two-level header: a run of sub-header cells replaces the one
/// header cell above them (2024年工作内容及资金计划 → 形象进度, 总投资).
pub(super) fn merge_headers(header: &Row, sub: &Row) -> Columns {
    let top: Vec<String> = header
        .cells
        .iter()
        .map(|c| cells::compact(&c.text))
        .collect();
    if sub.cells.iter().all(|c| c.text.trim().is_empty()) {
        return columns_from(top);
    }
    let mut names = Vec::new();
    let mut parent = 0;
    let mut in_run = false;
    for cell in &sub.cells {
        let name = cells::compact(&cell.text);
        if name.is_empty() {
            if in_run {
                // The spanning cell may be followed by empty placeholders for the cells it spans.
                parent += 1;
                while top.get(parent).is_some_and(String::is_empty) {
                    parent += 1;
                }
                in_run = false;
            }
            names.push(top.get(parent).cloned().unwrap_or_default());
            parent += 1;
        } else {
            in_run = true;
            names.push(name);
        }
    }
    let mut columns = columns_from(names);
    columns.unit = columns.unit.or_else(|| top.iter().find_map(|n| unit_in(n)));
    columns
}
