//! Satisfaction tables (满意度测评): one row per project with its 满意,
//! 基本满意 and 不满意 votes, and the number of voters where the text
//! states it. Only a table is read so: a rating told in prose stays
//! unplaced for staff, since its sentences carry no columns to check.

use serde::Serialize;

use super::cells;
use super::fold::fold;
use super::source::{Role, Source};
use super::table::Table;

/// One project's votes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatingRow {
    pub number: String,
    pub name: String,
    pub line: usize,
    /// 满意, 基本满意, 不满意.
    pub votes: [u32; 3],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Name,
    Satisfied,
    Basically,
    Dissatisfied,
    Other,
}

fn classify(header: &str) -> Column {
    let h = fold(&cells::compact(header));
    if h.contains("序号") {
        Column::Number
    } else if h.contains("不满意") {
        Column::Dissatisfied
    } else if h.contains("基本满意") {
        Column::Basically
    } else if h.contains("满意") && !h.contains("满意率") && !h.contains("满意度") {
        Column::Satisfied
    } else if h.contains("项目") || h.contains("名称") || h.contains("实事") {
        Column::Name
    } else {
        Column::Other
    }
}

/// A table whose header has the three vote columns.
pub fn is_satisfaction_table(table: &Table) -> bool {
    table.rows.first().is_some_and(|header| {
        let columns: Vec<Column> = header.cells.iter().map(|c| classify(&c.text)).collect();
        [Column::Satisfied, Column::Basically, Column::Dissatisfied]
            .iter()
            .all(|c| columns.contains(c))
    })
}

/// The rows with three vote counts; claims their lines.
pub fn read(table: &Table, source: &mut Source) -> Vec<RatingRow> {
    let Some((header, data)) = table.rows.split_first() else {
        return Vec::new();
    };
    let columns: Vec<Column> = header.cells.iter().map(|c| classify(&c.text)).collect();
    let cell = |row: &super::table::Row, column: Column| {
        let index = columns.iter().position(|c| *c == column)?;
        row.cells.get(index).map(|c| c.text.trim().to_string())
    };
    let count = |text: Option<String>| {
        let digits: String = fold(&text?)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let digits = digits.trim_end_matches('票');
        digits.parse::<u32>().ok()
    };
    source.claim_range(header.line, header.last_line(), Role::TableHeader);
    let mut rows = Vec::new();
    for row in data {
        let votes = [
            count(cell(row, Column::Satisfied)),
            count(cell(row, Column::Basically)),
            count(cell(row, Column::Dissatisfied)),
        ];
        let name = cell(row, Column::Name).unwrap_or_default();
        let [Some(satisfied), Some(basically), Some(dissatisfied)] = votes else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        rows.push(RatingRow {
            number: cell(row, Column::Number).unwrap_or_default(),
            name: super::fold::strip_pinyin(&cells::text(&name)),
            line: row.line,
            votes: [satisfied, basically, dissatisfied],
        });
        source.claim_range(
            row.line,
            row.last_line(),
            Role::RatingRow { row: rows.len() },
        );
    }
    rows
}

/// `参加测评代表118名`, `共有118人参加测评`: how many rated, when the text says.
pub fn voters(source: &Source) -> Option<u32> {
    source.lines.iter().find_map(|line| {
        let folded = cells::compact(&line.folded);
        if !folded.contains("测评") {
            return None;
        }
        let chars: Vec<char> = folded.chars().collect();
        chars.iter().enumerate().find_map(|(i, c)| {
            if !c.is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
                return None;
            }
            let digits: String = chars[i..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let next = chars.get(i + digits.len());
            matches!(next, Some('名' | '人'))
                .then(|| digits.parse().ok())
                .flatten()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_three_vote_columns_and_the_voters() {
        let text = "示例县2024年民生实事满意度测评结果（参加测评代表118名）\n序号 | 项目名称 | 满意 | 基本满意 | 不满意 |\n1 | 老年助餐点建设 | 96 | 20 | 2 |\n2 | 校园飲水设施改造 | 80票 | 33 | 5 |\n";
        let mut source = Source::new(text);
        let table = super::super::table::read(&source).unwrap();
        assert!(is_satisfaction_table(&table));
        let rows = read(&table, &mut source);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].name, "校园飲水设施改造");
        assert_eq!(rows[1].votes, [80, 33, 5]);
        assert_eq!(voters(&source), Some(118));
    }
}
