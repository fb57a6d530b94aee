//! Lists → projects, for texts that have no table: vote announcements,
//! news of a people's congress, notices that list their projects in prose.
//!
//! Forms read, on the lines no table claimed:
//! - numbered items at the start of a line: `1.` `1、` `1 ` `(1)` `一、`,
//!   numbered in sequence, with continuation lines and inline fields
//!   (`责任单位：…`); a `一、…` line over `1.` items is a group heading,
//!   with its count (`(11件)`) on the same or the next line;
//! - `(1)…(2)…` several items on one line;
//! - unnumbered headings over `●` bullets: the heading is the project, each
//!   bullet an item;
//! - unnumbered lines under a line that introduces them (`具体包括：`);
//! - names joined by `、` after `分别是`, when the text states their count.
//!
//! A run of numbered items is a project list only when most items read as
//! projects (a figure, or a word such as 建设, 工程, 改造): a notice's own
//! section headings (`一、落实责任，确保质量`) are not projects.

mod item;

use super::cells;
use super::fold::{chinese_numeral, count_at_end};
use super::source::{Line, Role, Source};
use super::structure::{ImportedGroup, ImportedItem, ImportedProject};
use item::{continue_item, project_from, starts_with_field};

/// The projects read from lists, in groups (one group without a name when there are no headings).
pub fn read(source: &mut Source) -> Vec<ImportedGroup> {
    let readers: [fn(&Source) -> Option<Candidate>; 4] =
        [numbered, bulleted, lines_under_heading, joined_names];
    for reader in readers {
        if let Some(candidate) = reader(source) {
            for (line, role) in &candidate.claims {
                source.claim(*line, *role);
            }
            return candidate.groups;
        }
    }
    Vec::new()
}

/// A list found, before its lines are claimed.
struct Candidate {
    groups: Vec<ImportedGroup>,
    claims: Vec<(usize, Role)>,
}

impl Candidate {
    fn new() -> Candidate {
        Candidate {
            groups: Vec::new(),
            claims: Vec::new(),
        }
    }

    fn project_count(&self) -> usize {
        self.groups.iter().map(|g| g.projects.len()).sum()
    }

    fn group(&mut self) -> (usize, &mut ImportedGroup) {
        if self.groups.is_empty() {
            self.groups.push(ImportedGroup::default());
        }
        let index = self.groups.len();
        (index, &mut self.groups[index - 1])
    }

    /// Adds a project to the current group and claims its first line.
    fn push(&mut self, project: ImportedProject) {
        let line = project.line;
        let (group, current) = self.group();
        current.projects.push(project);
        let role = Role::Project {
            group,
            project: current.projects.len(),
        };
        self.claims.push((line, role));
    }

    /// Claims a further line for the current project.
    fn extend(&mut self, line: usize) {
        if let Some((_, role)) = self.claims.last().copied() {
            self.claims.push((line, role));
        }
    }

    fn last_project(&mut self) -> Option<&mut ImportedProject> {
        self.groups.last_mut().and_then(|g| g.projects.last_mut())
    }
}

/// The kind of number that starts an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// `一、` or `(一)`
    Chinese,
    /// `1.` `1、` `1 `
    Arabic,
    /// `(1)`
    Bracketed,
}

struct Marker {
    level: Level,
    number: u32,
    /// Characters the marker takes, its trailing punctuation included.
    length: usize,
}

/// The item number a (folded) line starts with.
fn marker(folded: &str) -> Option<Marker> {
    let indent = folded.chars().take_while(|c| c.is_whitespace()).count();
    let chars: Vec<char> = folded.chars().skip(indent).collect();
    let digits: String = chars.iter().take_while(|c| c.is_ascii_digit()).collect();
    let found = if !digits.is_empty() && digits.len() <= 3 {
        let after = chars.get(digits.len()).copied();
        let spaced = after.is_some_and(char::is_whitespace)
            && chars
                .get(digits.len() + 1)
                .is_some_and(|c| !c.is_ascii_digit());
        match after {
            Some('.' | '、' | ',') if chars.get(digits.len() + 1) != Some(&'.') => {
                let next = chars.get(digits.len() + 1);
                (!next.is_some_and(char::is_ascii_digit)).then_some((
                    Level::Arabic,
                    digits.parse().ok()?,
                    digits.len() + 1,
                ))
            }
            _ if spaced => Some((Level::Arabic, digits.parse().ok()?, digits.len())),
            _ => None,
        }
    } else if chars.first() == Some(&'(') {
        let inside: String = chars[1..].iter().take_while(|c| **c != ')').collect();
        let length = inside.chars().count() + 2;
        let close = chars.get(length - 1) == Some(&')');
        if !close || inside.is_empty() {
            None
        } else if inside.chars().all(|c| c.is_ascii_digit()) && inside.len() <= 3 {
            Some((Level::Bracketed, inside.parse().ok()?, length))
        } else {
            chinese_numeral(&inside).map(|n| (Level::Chinese, n, length))
        }
    } else {
        let numeral: String = chars.iter().take_while(|c| is_numeral(**c)).collect();
        let length = numeral.chars().count();
        (chars.get(length) == Some(&'、'))
            .then(|| chinese_numeral(&numeral))
            .flatten()
            .map(|n| (Level::Chinese, n, length + 1))
    };
    let (level, number, length) = found?;
    let rest: String = chars[length..].iter().collect();
    (number > 0 && !rest.trim().is_empty()).then_some(Marker {
        level,
        number,
        length: indent + length,
    })
}

fn is_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// The text after the first `length` characters, trimmed.
fn after_chars(text: &str, length: usize) -> String {
    text.chars()
        .skip(length)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Words that say a line describes a project rather than a section of a directive.
const PROJECT_WORDS: &[&str] = &[
    "项目",
    "工程",
    "建设",
    "改造",
    "新建",
    "提升",
    "治理",
    "中心",
    "学校",
    "医院",
    "公园",
    "设施",
    "服务",
    "保障",
    "安置",
    "实施",
    "新增",
    "开工",
    "建成",
    "完成",
    "升级",
    "整治",
    "供水",
    "饮水",
    "清淤",
    "扩能",
    "改扩建",
    "修缮",
    "救助",
    "补贴",
    "体检",
    "就业",
    "培训",
    "养老",
    "托育",
    "停车",
    "道路",
    "公路",
    "管网",
    "电力",
    "水库",
    "幼儿园",
];

fn reads_as_project(folded: &str) -> bool {
    folded.chars().any(|c| c.is_ascii_digit()) || PROJECT_WORDS.iter().any(|w| folded.contains(w))
}

/// Most items of a list read as projects.
fn mostly_projects(candidate: &Candidate) -> bool {
    let projects: Vec<&ImportedProject> =
        candidate.groups.iter().flat_map(|g| &g.projects).collect();
    let like = projects
        .iter()
        .filter(|p| reads_as_project(&super::fold::fold(&p.name)))
        .count();
    projects.len() >= 2 && like * 2 > projects.len()
}

/// `(11件)`, `（十件）`: the number of projects a line states, alone or at its end.
fn stated_count(folded: &str) -> Option<u32> {
    let compact = cells::compact(folded);
    for unit in ["件", "项"] {
        for (i, _) in compact.match_indices(unit) {
            if let Some(n) = count_at_end(&compact[..i]) {
                return Some(n);
            }
        }
    }
    None
}

/// A line that is only a count: `(11件)`.
fn count_line(folded: &str) -> Option<u32> {
    let compact = cells::compact(folded);
    let inner = compact.strip_prefix('(')?.strip_suffix(')')?;
    stated_count(inner).filter(|_| inner.ends_with('件') || inner.ends_with('项'))
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['。', ';', '；', '!', '！', '?', '？'])
}

/// Numbered items, with group headings; `(1)…(2)…` on one line.
fn numbered(source: &Source) -> Option<Candidate> {
    if let Some(candidate) = inline_brackets(source) {
        return Some(candidate);
    }
    let lines: Vec<&Line> = source
        .lines
        .iter()
        .filter(|l| !source.is_claimed(l.number))
        .collect();
    let mut candidate = Candidate::new();
    let mut item_level: Option<Level> = None;
    let mut expected = 1;
    let mut open = false;
    let mut gap = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.is_blank() {
            gap = true;
            continue;
        }
        let mark = marker(&line.folded);
        if let Some(m) = &mark {
            let next = lines[i..].iter().find(|l| !l.is_blank());
            let next_count = next.and_then(|l| count_line(&l.folded));
            let after_count = if next_count.is_some() {
                lines[i..].iter().filter(|l| !l.is_blank()).nth(1)
            } else {
                next
            };
            let heads_items = after_count
                .and_then(|l| marker(&l.folded))
                .is_some_and(|n| n.level != Level::Chinese);
            if m.level == Level::Chinese && heads_items && item_level != Some(Level::Chinese) {
                let name = after_chars(&line.clean, m.length);
                let group = candidate.groups.len() + 1;
                candidate.claims.push((line.number, Role::Group { group }));
                let mut declared_count = stated_count(&line.folded)
                    .filter(|_| name.ends_with(')') || name.ends_with('）'));
                if let (Some(count), Some(next)) = (next_count, next) {
                    candidate.claims.push((next.number, Role::Group { group }));
                    declared_count = Some(count);
                }
                candidate.groups.push(ImportedGroup {
                    line: line.number,
                    name: Some(line.clean.trim().to_string()),
                    declared_count,
                    ..ImportedGroup::default()
                });
                if next_count.is_some() {
                    i += lines[i..].iter().position(|l| !l.is_blank()).unwrap_or(0) + 1;
                }
                expected = 1;
                open = false;
                continue;
            }
            let level_fits = item_level.is_none_or(|l| l == m.level);
            let in_sequence = m.number == expected
                || (m.number > expected
                    && candidate
                        .groups
                        .last()
                        .is_some_and(|g| g.projects.is_empty())
                    && item_level.is_some());
            if level_fits && in_sequence {
                item_level = Some(m.level);
                let printed: String = line.clean.chars().take(m.length).collect();
                let text = after_chars(&line.clean, m.length);
                candidate.push(project_from(line, m.number, true, &text, printed.trim()));
                expected = m.number + 1;
                open = !ends_sentence(&text);
                gap = false;
                continue;
            }
        }
        let is_field = starts_with_field(&line.folded);
        let continues = item_level.is_some() && !gap && mark.is_none() && (open || is_field);
        if let Some(project) = candidate.last_project().filter(|_| continues) {
            continue_item(project, line);
            candidate.extend(line.number);
            open = !ends_sentence(&line.clean) || is_field;
            continue;
        }
        if candidate.project_count() >= 2 {
            break;
        }
        if candidate.project_count() > 0 || !candidate.groups.is_empty() {
            candidate = Candidate::new();
            item_level = None;
            expected = 1;
        }
        open = false;
    }
    claim_heading(source, &mut candidate);
    mostly_projects(&candidate).then_some(candidate)
}

/// The line right before a list, when it introduces it (ends with `:` or states a count).
fn claim_heading(source: &Source, candidate: &mut Candidate) {
    let Some(first) = candidate.claims.iter().map(|(l, _)| *l).min() else {
        return;
    };
    let before = source.lines[..first - 1]
        .iter()
        .rev()
        .find(|l| !l.is_blank() && !source.is_claimed(l.number));
    if let Some(line) = before {
        let folded = line.folded.trim_end();
        if folded.ends_with(':') || stated_count(folded).is_some() && folded.contains("项目") {
            candidate.claims.push((line.number, Role::ListHeading));
        }
    }
}

/// `(1)加快… (2)开工… (3)…` on one line: the items are the text between the markers.
fn inline_brackets(source: &Source) -> Option<Candidate> {
    for line in source.lines.iter().filter(|l| !source.is_claimed(l.number)) {
        let chars: Vec<char> = line.folded.chars().collect();
        let mut starts = Vec::new();
        let mut next = 1;
        let mut at = 0;
        while at < chars.len() {
            let label: Vec<char> = format!("({next})").chars().collect();
            if chars[at..].starts_with(&label) {
                starts.push((at, label.len(), next));
                next += 1;
                at += label.len();
            } else {
                at += 1;
            }
        }
        if starts.len() < 2 {
            continue;
        }
        let clean: Vec<char> = line.clean.chars().collect();
        let mut candidate = Candidate::new();
        let last = starts.len();
        for (k, (start, length, number)) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(clean.len(), |s| s.0);
            let printed: String = clean[*start..start + length].iter().collect();
            let mut text: String = clean[start + length..end].iter().collect();
            if k + 1 == last {
                text = text.trim_end().trim_end_matches('|').to_string();
            }
            let project = project_from(line, *number, true, text.trim(), &printed);
            candidate.group().1.projects.push(project);
        }
        candidate.claims.push((
            line.number,
            Role::Projects {
                group: 1,
                first: 1,
                last,
            },
        ));
        if mostly_projects(&candidate) {
            return Some(candidate);
        }
    }
    None
}

const BULLETS: &[char] = &['●', '•', '◆', '■', '▪', '◇', '★'];

fn bullet_text(line: &Line) -> Option<String> {
    let text = line.clean.trim_start();
    let rest = text.strip_prefix(BULLETS)?;
    Some(rest.trim().to_string())
}

/// Short headings, each over `●` bullets: the heading is the project, each bullet an item.
fn bulleted(source: &Source) -> Option<Candidate> {
    let lines: Vec<&Line> = source
        .lines
        .iter()
        .filter(|l| !l.is_blank() && !source.is_claimed(l.number))
        .collect();
    let mut candidate = Candidate::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(text) = bullet_text(line) {
            let Some(project) = candidate.last_project() else {
                continue;
            };
            project.items.push(ImportedItem {
                line: line.number,
                tasks: text,
                original: vec![("内容".to_string(), line.clean.trim().to_string())],
                ..ImportedItem::default()
            });
            candidate.extend(line.number);
        } else if lines
            .get(i + 1)
            .is_some_and(|next| bullet_text(next).is_some())
            && line.clean.trim().chars().count() <= 30
            && !ends_sentence(&line.clean)
        {
            let position = candidate.project_count() as u32 + 1;
            let name = line.clean.trim().to_string();
            let mut project = project_from(line, position, false, &name, "");
            project.items.clear();
            candidate.push(project);
        }
    }
    (candidate.project_count() >= 2).then_some(candidate)
}

/// Unnumbered lines under a line that introduces them (`具体包括：`), as many as it states.
fn lines_under_heading(source: &Source) -> Option<Candidate> {
    let lines: Vec<&Line> = source
        .lines
        .iter()
        .filter(|l| !l.is_blank() && !source.is_claimed(l.number))
        .collect();
    for (i, heading) in lines.iter().enumerate() {
        let folded = heading.folded.trim_end();
        let introduces = folded.ends_with(':')
            && ["包括", "如下", "分别是", "清单", "项目", "实事"]
                .iter()
                .any(|w| folded.contains(w));
        if !introduces {
            continue;
        }
        let stated = stated_count(folded).map(|n| n as usize);
        let mut candidate = Candidate::new();
        let mut previous = heading.number;
        for line in &lines[i + 1..] {
            let adjacent = line.number == previous + 1;
            let fits = marker(&line.folded).is_none()
                && !line.folded.trim_end().ends_with(':')
                && line.clean.trim().chars().count() <= 80;
            if !adjacent || !fits || stated.is_some_and(|n| candidate.project_count() == n) {
                break;
            }
            let position = candidate.project_count() as u32 + 1;
            candidate.push(project_from(line, position, false, line.clean.trim(), ""));
            previous = line.number;
        }
        let complete = stated.is_none_or(|n| n == candidate.project_count());
        if candidate.project_count() >= 2 && complete {
            candidate.claims.push((heading.number, Role::ListHeading));
            return Some(candidate);
        }
    }
    None
}

/// `这10项民生实事项目分别是A、B、…、J。`: names joined by `、`, exactly as many as stated.
fn joined_names(source: &Source) -> Option<Candidate> {
    for line in source.lines.iter().filter(|l| !source.is_claimed(l.number)) {
        let Some(at) = ["分别是", "分别为", "包括"]
            .iter()
            .find_map(|w| line.folded.find(w).map(|i| (i, w.len())))
        else {
            continue;
        };
        let stated = stated_count(&line.folded[..at.0]);
        let start = line.folded[..at.0 + at.1].chars().count();
        let rest: String = line.clean.chars().skip(start).collect();
        let rest = rest.trim_start_matches([':', '：']);
        let sentence = rest.split(['。', ';', '；']).next().unwrap_or_default();
        let names: Vec<&str> = sentence.split('、').map(str::trim).collect();
        let fits = names.len() >= 3
            && stated == Some(names.len() as u32)
            && names
                .iter()
                .all(|n| !n.is_empty() && n.chars().count() <= 40);
        if !fits {
            continue;
        }
        let mut candidate = Candidate::new();
        for (k, name) in names.iter().enumerate() {
            let project = project_from(line, k as u32 + 1, false, name, "");
            candidate.group().1.projects.push(project);
        }
        candidate.claims.push((
            line.number,
            Role::Projects {
                group: 1,
                first: 1,
                last: names.len(),
            },
        ));
        return Some(candidate);
    }
    None
}

#[cfg(test)]
mod tests;
