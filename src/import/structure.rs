//! Rows → the notice's structure: groups, projects, items, totals.
//!
//! Columns come from `columns` (by their header words, never by
//! position). A row is a repeated header, a total (合计), a
//! subtotal (小计), a group, a project (its 序号 is a number), a sub-item
//! (序号 and name empty, or a shorter row lacking the cells merged with the
//! project row above) or, failing all of these, unplaced.

use super::Unplaced;
use super::cells;
pub use super::columns::{Column, Columns, classify};
use super::columns::{header_columns, is_sub_header, merge_headers};
use super::fold::{fold, strip_pinyin};
use super::merged;
use super::source::Role;
use super::table::{Cell, Row};
use crate::model::Money;

#[derive(Debug, Clone, Default)]
pub struct ImportedItem {
    pub line: usize,
    /// Verbatim cells as (column header, text), in the notice's column order.
    pub original: Vec<(String, String)>,
    pub tasks: String,
    pub amount: Option<String>,
    pub leaders: Vec<String>,
    pub lead_units: Vec<String>,
    pub partner_units: Vec<String>,
    pub deadline: Option<String>,
    pub location: Option<String>,
    pub remarks: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ImportedProject {
    pub line: usize,
    /// The number in Arabic digits: `一、` and `(1)` are `1`; an unnumbered item's position.
    pub number: String,
    /// The number as printed (`一、`, `(1)`), empty when the text prints none.
    pub printed_number: String,
    /// Whether the text numbers its projects; pages show no 序号 when it does not.
    pub numbered: bool,
    /// The name, without pinyin annotations, in the script it was printed in.
    pub name: String,
    pub items: Vec<ImportedItem>,
}

#[derive(Debug, Clone, Default)]
pub struct ImportedGroup {
    pub line: usize,
    pub name: Option<String>,
    pub declared_subtotal: Option<String>,
    /// The number of projects the group heading states: `(11件)`.
    pub declared_count: Option<u32>,
    pub projects: Vec<ImportedProject>,
}

#[derive(Debug, Clone)]
pub struct Structure {
    pub columns: Columns,
    pub groups: Vec<ImportedGroup>,
    pub declared_total: Option<String>,
    /// Cells of placed rows that fit no column (an amount that is not a number).
    pub unplaced_cells: Vec<Unplaced>,
}

/// The structure of a notice's table, and what each row was read as
/// (by row index; rows that are not listed are unplaced cell by cell).
pub fn read(rows: &[Row]) -> Option<(Structure, Vec<(usize, Role)>)> {
    let (header, rest) = rows.split_first()?;
    let mut roles = vec![(0, Role::TableHeader)];
    let (columns, data, first) = match rest.split_first() {
        Some((sub, data)) if is_sub_header(sub) => {
            roles.push((1, Role::TableHeader));
            (merge_headers(header, sub), data, 2)
        }
        _ => (header_columns(header), rest, 1),
    };
    let mut builder = Builder {
        columns,
        groups: Vec::new(),
        declared_total: None,
        unplaced: Vec::new(),
    };
    for (i, row) in data.iter().enumerate() {
        if let Some(role) = builder.row(row) {
            roles.push((first + i, role));
            builder.unplaced.extend(row.stray.iter().map(|c| Unplaced {
                line: c.line,
                text: c.text.clone(),
            }));
        }
    }
    Some((
        Structure {
            columns: builder.columns,
            groups: builder.groups,
            declared_total: builder.declared_total,
            unplaced_cells: builder.unplaced,
        },
        roles,
    ))
}

struct Builder {
    columns: Columns,
    groups: Vec<ImportedGroup>,
    declared_total: Option<String>,
    unplaced: Vec<Unplaced>,
}

pub(super) const TOTAL_WORDS: &[&str] = &["合计", "总计"];
pub(super) const SUBTOTAL_WORDS: &[&str] = &["小计"];

impl Builder {
    /// Reads one row into the structure; `None` when the row fits nowhere.
    fn row(&mut self, row: &Row) -> Option<Role> {
        let filled: Vec<&Cell> = row
            .cells
            .iter()
            .filter(|c| !c.text.trim().is_empty())
            .collect();
        let first = filled.first()?;
        let first_cell = row
            .cells
            .first()
            .map(|c| fold(&cells::compact(&c.text)))
            .unwrap_or_default();
        let words: Vec<String> = filled
            .iter()
            .map(|c| fold(&cells::compact(&c.text)))
            .collect();
        if classify(&first_cell) == Column::Number {
            return Some(Role::TableHeader);
        }
        if let Some(i) = words.iter().position(|w| TOTAL_WORDS.contains(&w.as_str())) {
            self.declared_total = self.amount_beside(&filled, i);
            Some(Role::Total)
        } else if let Some(i) = words
            .iter()
            .position(|w| SUBTOTAL_WORDS.contains(&w.as_str()))
        {
            let subtotal = self.amount_beside(&filled, i);
            self.current_group().declared_subtotal = subtotal;
            Some(Role::Subtotal {
                group: self.groups.len(),
            })
        } else if is_project_number(&first_cell) {
            let item = self.item(row);
            let printed = row.cells.first().map(|c| c.text.trim().to_string());
            let project = ImportedProject {
                line: row.line,
                number: project_number(&first_cell),
                printed_number: printed.unwrap_or_default(),
                numbered: true,
                name: self
                    .cell(row, Column::Name)
                    .map(|c| strip_pinyin(&cells::text(c).replace('\n', "")))
                    .unwrap_or_default(),
                items: vec![item],
            };
            let group = self.current_group();
            group.projects.push(project);
            let project = group.projects.len();
            Some(Role::Project {
                group: self.groups.len(),
                project,
            })
        } else if first_cell.is_empty()
            && self
                .cell(row, Column::Name)
                .is_none_or(|n| n.trim().is_empty())
        {
            let item = self.item(row);
            let group = self.groups.len();
            let project = self.groups.last_mut().and_then(|g| g.projects.last_mut())?;
            project.items.push(item);
            let project = self.groups.last().map_or(0, |g| g.projects.len());
            Some(Role::Project { group, project })
        } else if row.cells.len() < self.columns.columns.len()
            && !first_cell.is_empty()
            && !is_group_name(&first_cell)
        {
            // A group row is printed as wide as the header; a row that lost
            // the cells merged with the row above is shorter.
            self.merged_sub_row(row, &filled)
        } else if row
            .cells
            .first()
            .is_some_and(|c| c.text.trim() == first.text.trim())
            && (filled.len() <= 2 || is_group_name(&first_cell))
        {
            let subtotal = filled.get(1).and_then(|c| {
                Money::parse(&c.text)
                    .ok()
                    .map(|_| c.text.trim().to_string())
            });
            if filled.len() == 2 && subtotal.is_none() {
                return self.merged_sub_row(row, &filled);
            }
            self.groups.push(ImportedGroup {
                line: row.line,
                name: Some(strip_pinyin(&cells::text(&first.text).replace('\n', ""))),
                declared_subtotal: subtotal,
                ..ImportedGroup::default()
            });
            Some(Role::Group {
                group: self.groups.len(),
            })
        } else if row.cells.first().is_some_and(|c| !c.text.trim().is_empty()) {
            self.merged_sub_row(row, &filled)
        } else {
            None
        }
    }

    /// A sub-row whose first cell is filled but is neither a number nor a
    /// group: it lacks the cells merged with the project row above, so its
    /// cells are placed as `merged` says. A merged lead unit is the row
    /// above's. A row with more cells than the columns after the name is
    /// not one, and stays unplaced.
    fn merged_sub_row(&mut self, row: &Row, filled: &[&Cell]) -> Option<Role> {
        let width = self.columns.columns.len();
        let after_name = self
            .columns
            .columns
            .iter()
            .position(|(c, _)| !matches!(c, Column::Number | Column::Name))?;
        if filled.len() > width - after_name {
            return None;
        }
        let above = self
            .groups
            .last()
            .and_then(|g| g.projects.last())
            .and_then(|p| p.items.last())?
            .lead_units
            .clone();
        let slots = merged::slots(filled.len(), width, after_name);
        let mut item = self.item_of(row.line, slots.iter().copied().zip(filled.iter().copied()));
        let lead_units = self.column_index(Column::LeadUnits);
        if lead_units.is_some_and(|i| merged::is_merged(&slots, i)) {
            item.lead_units = above;
        }
        let group = self.groups.len();
        let project = self.groups.last_mut().and_then(|g| g.projects.last_mut())?;
        project.items.push(item);
        let project = self.groups.last().map_or(0, |g| g.projects.len());
        Some(Role::Project { group, project })
    }

    /// The amount in the first filled cell after position `i`, as printed.
    fn amount_beside(&mut self, filled: &[&Cell], i: usize) -> Option<String> {
        filled[i + 1..]
            .iter()
            .find(|c| Money::parse(&c.text).is_ok())
            .map(|c| c.text.trim().to_string())
    }

    fn current_group(&mut self) -> &mut ImportedGroup {
        if self.groups.is_empty() {
            self.groups.push(ImportedGroup::default());
        }
        let last = self.groups.len() - 1;
        &mut self.groups[last]
    }

    fn column_index(&self, column: Column) -> Option<usize> {
        self.columns.columns.iter().position(|(c, _)| *c == column)
    }

    fn cell<'r>(&self, row: &'r Row, column: Column) -> Option<&'r str> {
        let index = self.column_index(column)?;
        row.cells.get(index).map(|c| c.text.as_str())
    }

    /// An item of the row's cells by position.
    fn item(&mut self, row: &Row) -> ImportedItem {
        self.item_of(row.line, row.cells.iter().enumerate())
    }

    /// An item of cells placed in the columns given by index.
    fn item_of<'c>(
        &mut self,
        line: usize,
        placed: impl Iterator<Item = (usize, &'c Cell)>,
    ) -> ImportedItem {
        let mut item = ImportedItem {
            line,
            ..ImportedItem::default()
        };
        for (i, cell) in placed {
            let text = cell.text.trim_end();
            if text.trim().is_empty() {
                continue;
            }
            let Some((column, header)) = self.columns.columns.get(i).cloned() else {
                self.unplaced.push(Unplaced {
                    line: cell.line,
                    text: cell.text.clone(),
                });
                continue;
            };
            item.original.push((header, text.to_string()));
            match column {
                Column::Tasks if item.tasks.is_empty() => item.tasks = cells::text(text),
                Column::Amount => match Money::parse(text) {
                    Ok(_) => item.amount = Some(text.trim().to_string()),
                    Err(_) => self.unplaced.push(Unplaced {
                        line: cell.line,
                        text: cell.text.clone(),
                    }),
                },
                Column::Leaders => item.leaders = cells::leaders(text),
                Column::LeadUnits => item.lead_units = cells::units(text),
                Column::PartnerUnits => item.partner_units = cells::units(text),
                Column::Deadline => item.deadline = Some(cells::deadline_text(text)),
                Column::Location => item.location = Some(cells::text(text)),
                Column::Remarks => item.remarks = Some(cells::text(text)),
                Column::Number | Column::Name | Column::Tasks | Column::Unknown => {}
            }
        }
        item
    }
}

pub(super) fn is_project_number(cell: &str) -> bool {
    let number = project_number(cell);
    !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
}

/// `１２、` → `12`.
pub(super) fn project_number(cell: &str) -> String {
    cell.trim_end_matches(['.', '、', '．'])
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// `（一）…`, `一、…`, `承接市级民生实事（13件）`.
pub(super) fn is_group_name(cell: &str) -> bool {
    let numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    let mut chars = cell.chars();
    let first = chars.next();
    let second = chars.next();
    matches!(first, Some('（' | '(')) && second.is_some_and(|c| numerals.contains(&c))
        || first.is_some_and(|c| numerals.contains(&c)) && cell.contains('、')
        || cell.ends_with("件）")
        || cell.ends_with("件)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::source::Source;

    fn read_text(text: &str) -> (Structure, Vec<(usize, Role)>) {
        let table = crate::import::table::read(&Source::new(text)).unwrap();
        read(&table.rows).unwrap()
    }

    fn units(item: &ImportedItem) -> Vec<&str> {
        item.lead_units.iter().map(String::as_str).collect()
    }

    #[test]
    fn notice_sub_rows_without_their_merged_cells_are_placed_from_both_ends() {
        let (structure, roles) = read_text(
            "序号 | 项目名称 | 建设内容 | 责任单位 | 总投资 | 完成时限 |\n\
             1 | 社区食堂 | 建设社区食堂2个 | 县民政局 | 300.5 | 2025年6月底 |\n\
             配套助餐服务 | 县商务局 | 20 | 2025年9月底 |\n\
             新增助餐点3个 | 10 | 2025年12月底 |\n\
             助餐补贴 | 5 | 2025年12月底 | | ||\n\
             二、公共服务 | | | | 700 | |\n\
             1 | 农村供水 | 新建水厂1座 | 县水利局 | 700 | 2025年10月底 |\n",
        );
        assert_eq!(structure.groups.len(), 2);
        let items = &structure.groups[0].projects[0].items;
        assert_eq!(items.len(), 4);
        assert_eq!(items[1].tasks, "配套助餐服务");
        assert_eq!(units(&items[1]), ["县商务局"]);
        assert_eq!(items[1].amount.as_deref(), Some("20"));
        assert_eq!(items[1].deadline.as_deref(), Some("2025年9月底"));
        assert_eq!(items[2].tasks, "新增助餐点3个");
        assert_eq!(items[2].amount.as_deref(), Some("10"));
        assert_eq!(items[2].deadline.as_deref(), Some("2025年12月底"));
        assert_eq!(units(&items[2]), ["县商务局"], "the merged unit above");
        assert_eq!(
            items[2].original,
            [
                ("建设内容".to_string(), "新增助餐点3个".to_string()),
                ("总投资".to_string(), "10".to_string()),
                ("完成时限".to_string(), "2025年12月底".to_string()),
            ]
        );
        assert_eq!(items[3].amount.as_deref(), Some("5"), "padded to width");
        assert_eq!(units(&items[3]), ["县商务局"]);
        assert_eq!(structure.groups[1].name.as_deref(), Some("二、公共服务"));
        assert_eq!(
            structure.groups[1].declared_subtotal.as_deref(),
            Some("700")
        );
        assert_eq!(structure.groups[1].projects.len(), 1);
        assert!(structure.unplaced_cells.is_empty());
        assert_eq!(roles.len(), 7);
    }

    #[test]
    fn a_short_row_is_a_sub_row_and_a_full_width_one_a_group() {
        let text = "序号 | 项目名称 | 建设内容 | 总投资 |\n\
                    1 | 社区食堂 | 建设社区食堂2个 | 300.5 |\n\
                    配套助餐服务 | 20 |\n\
                    城乡公园 | | | 500 |\n";
        let (structure, _) = read_text(text);
        assert_eq!(structure.groups.len(), 2);
        let items = &structure.groups[0].projects[0].items;
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].amount.as_deref(), Some("20"));
        assert_eq!(structure.groups[1].name.as_deref(), Some("城乡公园"));
        assert_eq!(
            structure.groups[1].declared_subtotal.as_deref(),
            Some("500")
        );
    }

    #[test]
    fn a_sub_row_with_more_cells_than_columns_after_the_name_is_unplaced() {
        let text = "序号 | 项目名称 | 建设内容 | 总投资 |\n\
                    1 | 社区食堂 | 建设社区食堂2个 | 300.5 |\n\
                    甲 | 乙 | 丙 |\n";
        let (structure, roles) = read_text(text);
        assert_eq!(structure.groups[0].projects[0].items.len(), 1);
        assert_eq!(roles.len(), 2, "the header and the project row only");
    }

    #[test]
    fn recognises_columns_by_their_words() {
        assert_eq!(classify("序號"), Column::Number);
        assert_eq!(classify("项目类别"), Column::Name);
        assert_eq!(classify("項目名稱"), Column::Name);
        assert_eq!(classify("2026年工作任务"), Column::Tasks);
        assert_eq!(classify("项目内容及工作目标"), Column::Tasks);
        assert_eq!(classify("年度投资金额"), Column::Amount);
        assert_eq!(classify("总投资（万元）"), Column::Amount);
        assert_eq!(classify("分管县领导"), Column::Leaders);
        assert_eq!(classify("牵头领导"), Column::Leaders);
        assert_eq!(classify("牵头单位"), Column::LeadUnits);
        assert_eq!(classify("主辦單位"), Column::LeadUnits);
        assert_eq!(classify("配合单位"), Column::PartnerUnits);
        assert_eq!(classify("協辦單位"), Column::PartnerUnits);
        assert_eq!(classify("建设时间"), Column::Deadline);
        assert_eq!(classify("建设地点"), Column::Location);
        assert_eq!(classify("備註"), Column::Remarks);
        assert_eq!(classify("2024年工作内容及资金计划"), Column::Tasks);
        assert_eq!(classify("建设规模及主要内容"), Column::Tasks);
        assert_eq!(classify("建设起止年限"), Column::Deadline);
        assert_eq!(classify("实施期限"), Column::Deadline);
        assert_eq!(classify("责任部门"), Column::LeadUnits);
        assert_eq!(classify("参与单位"), Column::PartnerUnits);
        assert_eq!(classify("项目"), Column::Name);
    }

    #[test]
    fn recognises_group_rows() {
        assert!(is_group_name(
            "（一）县第十九届人民代表大会第七次会议票决县级民生实事"
        ));
        assert!(is_group_name("一、基础设施工程"));
        assert!(is_group_name("承接市级民生实事（13件）"));
        assert!(!is_group_name("城市公园建设"));
        assert_eq!(project_number("１２、"), "12");
    }
}
