//! The text being imported, as numbered lines, and the ledger of what each
//! line was read as.
//!
//! Every stage claims the lines it reads; a line claimed twice is refused
//! (the first reading stands). What no stage claims, and is not blank, is
//! unplaced. So each non-blank line is accounted for exactly once, and the
//! review can say for every line what became of it.

use serde::Serialize;

use super::Unplaced;
use super::fold::{fold, strip_pinyin};

/// One line as printed, its text without pinyin annotations, and its folded form.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// 1-based, as an editor shows it.
    pub number: usize,
    pub printed: &'a str,
    /// Pinyin annotations removed, script and punctuation as printed.
    pub clean: String,
    /// For recognition only: Simplified script, ASCII punctuation.
    pub folded: String,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.printed.trim().is_empty()
    }
}

/// What a line was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "as", rename_all = "snake_case")]
pub enum Role {
    /// A metadata field (`title`, `doc_number`, ...).
    Metadata { field: &'static str },
    /// A table's header row, a repeated header or a rule under it.
    TableHeader,
    /// A group row or heading; `group` counts from 1.
    Group { group: usize },
    /// A group's subtotal row.
    Subtotal { group: usize },
    /// The total row.
    Total,
    /// A line of one project (its row, sub-items or list entry); both count from 1.
    Project { group: usize, project: usize },
    /// One line holding several projects of a list, `first` to `last`.
    Projects {
        group: usize,
        first: usize,
        last: usize,
    },
    /// A row of a progress table, counting from 1.
    ProgressRow { row: usize },
    /// A row of a satisfaction table, counting from 1.
    RatingRow { row: usize },
    /// A line that introduces a list (`具体包括：`).
    ListHeading,
}

pub struct Source<'a> {
    pub lines: Vec<Line<'a>>,
    roles: Vec<Option<Role>>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Source<'a> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<Line> = text
            .lines()
            .enumerate()
            .map(|(i, printed)| {
                let printed = printed.trim_end_matches('\r');
                Line {
                    number: i + 1,
                    printed,
                    clean: strip_pinyin(printed),
                    folded: fold(printed),
                }
            })
            .collect();
        let roles = vec![None; lines.len()];
        Source { lines, roles }
    }

    pub fn line(&self, number: usize) -> Option<&Line<'a>> {
        number.checked_sub(1).and_then(|i| self.lines.get(i))
    }

    /// Records what line `number` was read as, unless it is blank or already read.
    pub fn claim(&mut self, number: usize, role: Role) -> bool {
        let free = self
            .line(number)
            .is_some_and(|l| !l.is_blank() && self.roles[number - 1].is_none());
        if free {
            self.roles[number - 1] = Some(role);
        }
        free
    }

    /// Claims every line from `first` to `last` that is not blank or already read.
    pub fn claim_range(&mut self, first: usize, last: usize, role: Role) {
        for number in first..=last {
            self.claim(number, role);
        }
    }

    pub fn is_claimed(&self, number: usize) -> bool {
        number
            .checked_sub(1)
            .and_then(|i| self.roles.get(i))
            .is_some_and(Option::is_some)
    }

    /// Every non-blank line nothing read, as printed.
    pub fn unplaced(&self) -> Vec<Unplaced> {
        self.lines
            .iter()
            .filter(|l| !l.is_blank() && !self.is_claimed(l.number))
            .map(|l| Unplaced {
                line: l.number,
                text: l.printed.to_string(),
            })
            .collect()
    }

    /// What each non-blank line was read as (`None`: unplaced).
    pub fn ledger(&self) -> Vec<(usize, Option<Role>)> {
        self.lines
            .iter()
            .filter(|l| !l.is_blank())
            .map(|l| (l.number, self.roles[l.number - 1]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_claimed_once_and_blank_lines_never() {
        let mut source = Source::new("標題\n\n1.甲\n2.乙\n");
        assert!(source.claim(1, Role::Metadata { field: "title" }));
        assert!(!source.claim(1, Role::TableHeader));
        assert!(!source.claim(2, Role::TableHeader));
        source.claim_range(
            3,
            3,
            Role::Project {
                group: 1,
                project: 1,
            },
        );
        let unplaced = source.unplaced();
        assert_eq!(unplaced.len(), 1);
        assert_eq!((unplaced[0].line, unplaced[0].text.as_str()), (4, "2.乙"));
        assert_eq!(source.ledger().len(), 3);
        assert_eq!(source.lines[0].folded, "标题");
    }
}
