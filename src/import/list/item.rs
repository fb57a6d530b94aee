//! One item of a list: its name, what follows it, and the fields written
//! inline (`责任单位：…`, `（牵头单位：…）`, `（票决项目）`).

use super::super::cells;
use super::super::fold::fold;
use super::super::source::Line;
use super::super::structure::{ImportedItem, ImportedProject};

/// Field labels inside list items, folded, and where their value goes.
const FIELDS: &[(&str, Field)] = &[
    ("责任单位", Field::Lead),
    ("牵头单位", Field::Lead),
    ("主办单位", Field::Lead),
    ("实施单位", Field::Lead),
    ("协办单位", Field::Partner),
    ("配合单位", Field::Partner),
    ("协作单位", Field::Partner),
    ("责任领导", Field::Leader),
    ("牵头领导", Field::Leader),
    ("完成时限", Field::Deadline),
];

#[derive(Clone, Copy)]
enum Field {
    Lead,
    Partner,
    Leader,
    Deadline,
}

/// The inline field a (folded) text holds: (label position in chars, label length, field).
fn field_in(folded: &str) -> Option<(usize, usize, Field)> {
    FIELDS.iter().find_map(|(label, field)| {
        let at = folded.find(&format!("{label}:"))?;
        Some((
            folded[..at].chars().count(),
            label.chars().count() + 1,
            *field,
        ))
    })
}

/// Puts an inline field's value into the item, as printed, keeping it in `original`.
fn set_field(item: &mut ImportedItem, field: Field, label: &str, value: &str) {
    let value = value
        .trim()
        .trim_end_matches(['。', '.', ';', '；', ')', '）'])
        .trim();
    if value.is_empty() {
        return;
    }
    item.original.push((label.to_string(), value.to_string()));
    match field {
        Field::Lead => item.lead_units = cells::units(value),
        Field::Partner => item.partner_units = cells::units(value),
        Field::Leader => item.leaders = cells::leaders(value),
        Field::Deadline => item.deadline = Some(cells::deadline_text(value)),
    }
}

/// An item's text split into the project name and what follows: inline
/// fields go to their columns, a bracketed `(票决项目)` to remarks.
pub(super) fn project_from(
    line: &Line,
    number: u32,
    numbered: bool,
    text: &str,
    printed: &str,
) -> ImportedProject {
    let mut item = ImportedItem {
        line: line.number,
        ..ImportedItem::default()
    };
    if numbered {
        item.original
            .push(("序号".to_string(), printed.to_string()));
    }
    let mut name = text.to_string();
    let folded = fold(&name);
    if let Some((at, length, field)) = field_in(&folded) {
        let chars: Vec<char> = name.chars().collect();
        let label: String = chars[at..at + length - 1].iter().collect();
        let value: String = chars[at + length..].iter().collect();
        let before: String = chars[..at].iter().collect();
        name = before
            .trim_end_matches(['(', '（', ',', '，', ';', '；'])
            .to_string();
        set_field(&mut item, field, &label, &value);
    }
    let folded = fold(&name);
    if let Some(at) = folded.find("(票决项目)") {
        let chars: Vec<char> = name.chars().collect();
        let start = folded[..at].chars().count();
        let flag: String = chars[start + 1..start + 5].iter().collect();
        let tasks: String = chars[start + 6..].iter().collect();
        name = chars[..start].iter().collect();
        item.remarks = Some(flag);
        if !tasks.trim().is_empty() {
            item.tasks = tasks.trim().to_string();
        }
    }
    let name = name
        .trim()
        .trim_end_matches(['。', ';', '；', ',', '，', '.'])
        .trim()
        .to_string();
    item.original.insert(
        usize::from(numbered),
        ("项目".to_string(), text.trim().to_string()),
    );
    ImportedProject {
        line: line.number,
        number: number.to_string(),
        printed_number: printed.to_string(),
        numbered,
        name,
        items: vec![item],
    }
}

/// A continuation line of the item above: a field (`责任单位：…`) or more of its tasks.
pub(super) fn continue_item(project: &mut ImportedProject, line: &Line) {
    let Some(item) = project.items.last_mut() else {
        return;
    };
    let text = line.clean.trim();
    match field_in(line.folded.trim_start()) {
        Some((0, length, field)) => {
            let label: String = text.chars().take(length - 1).collect();
            let value: String = text.chars().skip(length).collect();
            set_field(item, field, &label, &value);
        }
        _ => {
            if !item.tasks.is_empty() {
                item.tasks.push('\n');
            }
            item.tasks.push_str(text);
            item.original.push(("内容".to_string(), text.to_string()));
        }
    }
}

/// A line that starts with a field label: `责任单位：…`.
pub(super) fn starts_with_field(folded: &str) -> bool {
    field_in(folded.trim_start()).is_some_and(|(at, _, _)| at == 0)
}
