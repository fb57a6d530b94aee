//! Emit: imported structure → YAML record files, readable and in a stable
//! key order. Strings are written double-quoted (JSON escaping is valid
//! YAML), so no value can change meaning on the way back in.

use std::fmt::Write;
use std::path::PathBuf;

use super::cells;
use super::header::Metadata;
use super::reimport::{self, Previous};
use super::structure::{ImportedGroup, ImportedItem, ImportedProject, Structure};
use crate::model::{CountySlug, Glossary};

/// A record to write, with its path relative to `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFile {
    pub path: PathBuf,
    pub text: String,
}

pub struct Target<'a> {
    pub county: &'a CountySlug,
    pub year: u16,
    pub glossary: &'a Glossary,
    pub source: Option<&'a str>,
    /// The records already there, when importing again with `--force`.
    pub previous: Option<&'a Previous>,
}

pub fn records(metadata: &Metadata, structure: &Structure, target: &Target) -> Vec<RecordFile> {
    let dir = PathBuf::from(target.county.as_str()).join(target.year.to_string());
    let ids = reimport::project_ids(&structure.groups, target.previous);
    let mut files = vec![
        RecordFile {
            path: PathBuf::from(target.county.as_str()).join("county.yaml"),
            text: county(metadata, target),
        },
        RecordFile {
            path: dir.join("notice.yaml"),
            text: notice(metadata, structure, &ids, target),
        },
    ];
    let projects = structure.groups.iter().flat_map(|g| &g.projects);
    for (project, id) in projects.zip(ids.iter().flatten()) {
        files.push(RecordFile {
            path: dir.join("projects").join(format!("{id}.yaml")),
            text: project_record(project, id, target),
        });
    }
    files
}

/// `p01` … for a notice without groups; `g1-p01` … with them.
pub(super) fn positional_ids(groups: &[ImportedGroup]) -> Vec<Vec<String>> {
    let grouped = groups.len() > 1 || groups.iter().any(|g| g.name.is_some());
    groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            group
                .projects
                .iter()
                .enumerate()
                .map(|(i, _)| {
                    if grouped {
                        format!("g{}-p{:02}", g + 1, i + 1)
                    } else {
                        format!("p{:02}", i + 1)
                    }
                })
                .collect()
        })
        .collect()
}

/// A YAML double-quoted scalar: a JSON string is one, escapes included.
pub(super) fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// A bilingual field; `en` from the glossary section when it knows the term.
fn bilingual(out: &mut String, indent: &str, key: &str, zh: &str, en: Option<String>) {
    let _ = writeln!(out, "{indent}{key}:\n{indent}  zh: {}", quote(zh));
    if let Some(en) = en {
        let _ = writeln!(out, "{indent}  en: {}", quote(&en));
    }
}

fn county(metadata: &Metadata, target: &Target) -> String {
    let mut out = String::from("# The county: review the names and the province.\n");
    let name = metadata
        .county
        .clone()
        .unwrap_or_else(|| target.county.to_string());
    bilingual(
        &mut out,
        "",
        "name",
        &name,
        target.glossary.places.get(&name).cloned(),
    );
    let level = if name.ends_with('区') { "区" } else { "县" };
    let _ = writeln!(out, "level: {}", quote(level));
    out
}

fn notice(
    metadata: &Metadata,
    structure: &Structure,
    ids: &[Vec<String>],
    target: &Target,
) -> String {
    let glossary = target.glossary;
    let previous = |zh: &str| target.previous.and_then(|p| p.notice_english(zh));
    let mut out = String::from(
        "# Imported by `minsheng import`. Check every field against the published notice.\n",
    );
    let issuer = metadata.issuer.clone().unwrap_or_default();
    if issuer.is_empty() {
        out.push_str("# The text names no issuer: write who issued it.\n");
    }
    bilingual(
        &mut out,
        "",
        "issuer",
        &issuer,
        previous(&issuer).or_else(|| glossary.places.get(&issuer).cloned()),
    );
    let title = metadata
        .title
        .clone()
        .or_else(|| metadata.table_title.clone())
        .unwrap_or_default();
    if title.is_empty() {
        out.push_str("# The text has no title: write the notice's title.\n");
    }
    bilingual(&mut out, "", "title", &title, previous(&title));
    if let Some(table_title) = metadata.table_title.as_ref().filter(|t| **t != title) {
        bilingual(
            &mut out,
            "",
            "table_title",
            table_title,
            previous(table_title),
        );
    }
    if let Some(number) = &metadata.doc_number {
        let _ = writeln!(out, "doc_number: {}", quote(number));
    }
    if let Some(date) = metadata.written_date {
        let _ = writeln!(out, "written_date: {date}");
    }
    // Staff add the portal's date and address when the text lacks them;
    // importing again keeps them.
    let before = target.previous.and_then(|p| p.notice.as_ref());
    if let Some(date) = metadata
        .published_date
        .or(before.and_then(|n| n.published_date))
    {
        let _ = writeln!(out, "published_date: {date}");
    }
    let decided = target.previous.and_then(Previous::release);
    match (decided, &metadata.release, &metadata.release_mark) {
        (Some((release, note)), _, _) => {
            let _ = writeln!(out, "release: {}  # as staff decided before this import", release.code());
            if let Some(note) = note {
                bilingual(&mut out, "", "release_note", note.zh(), note.en().map(str::to_string));
            }
        }
        (None, Some(release), Some(mark)) => {
            let _ = writeln!(out, "release: {release}  # the text says {mark}");
        }
        _ => out.push_str("# The text carries no release mark: staff must decide public, on-request or withheld.\nrelease: unmarked\n"),
    }
    if let Some(source) = target.source {
        let _ = writeln!(out, "source: {}", quote(source));
    }
    if let Some(url) = before.and_then(|n| n.source_url.as_ref()) {
        let _ = writeln!(out, "source_url: {}", quote(url.as_str()));
    }
    if let Some(unit) = super::amount_unit(metadata, structure) {
        let _ = writeln!(out, "unit: {}", quote(unit));
    }
    if let Some(total) = super::declared_total(metadata, structure) {
        let _ = writeln!(out, "declared_total: {}", quote(total));
    }
    out.push_str("groups:\n");
    for (group, ids) in structure.groups.iter().zip(ids) {
        out.push_str("  - ");
        let mut first = true;
        let mut prefix = || {
            if std::mem::take(&mut first) {
                ""
            } else {
                "    "
            }
        };
        if let Some(name) = &group.name {
            let p = prefix();
            let _ = writeln!(out, "{p}name:\n      zh: {}", quote(name));
            if let Some(en) = previous(name) {
                let _ = writeln!(out, "      en: {}", quote(&en));
            }
        }
        if let Some(subtotal) = &group.declared_subtotal {
            let p = prefix();
            let _ = writeln!(out, "{p}declared_subtotal: {}", quote(subtotal));
        }
        let p = prefix();
        if ids.is_empty() {
            let _ = writeln!(out, "{p}projects: []");
        } else {
            let _ = writeln!(out, "{p}projects:");
            for id in ids {
                let _ = writeln!(out, "      - {id}");
            }
        }
    }
    out
}

fn project_record(project: &ImportedProject, id: &str, target: &Target) -> String {
    let mut out = format!(
        "# 序号 {} (line {} of the notice)\n",
        project.number, project.line
    );
    let _ = writeln!(out, "number: {}", quote(&project.number));
    let english = target
        .previous
        .and_then(|p| p.project_english(id, None, &project.name));
    bilingual(&mut out, "", "name", &project.name, english);
    let aliases = target.previous.map(|p| p.aliases(id)).unwrap_or_default();
    if !aliases.is_empty() {
        out.push_str("aliases:\n");
        for alias in aliases {
            let _ = writeln!(out, "  - {alias}");
        }
    }
    out.push_str("items:\n");
    for (index, item) in project.items.iter().enumerate() {
        item_record(&mut out, item, (id, index), target);
    }
    out
}

/// One item of `items:`, the `index`th of project `id`; its first key carries the list dash.
fn item_record(list: &mut String, item: &ImportedItem, at: (&str, usize), target: &Target) {
    let mut fields = String::new();
    item_fields(&mut fields, item, at, target);
    let _ = writeln!(list, "  # row at line {}", item.line);
    list.push_str("  - ");
    list.push_str(fields.strip_prefix("    ").unwrap_or(&fields));
}

fn item_fields(out: &mut String, item: &ImportedItem, (id, index): (&str, usize), target: &Target) {
    let glossary = target.glossary;
    let previous = |zh: &str| {
        target
            .previous
            .and_then(|p| p.project_english(id, Some(index), zh))
    };
    let indent = "    ";
    if !item.tasks.is_empty() {
        bilingual(out, indent, "tasks", &item.tasks, previous(&item.tasks));
    }
    if let Some(amount) = &item.amount {
        let _ = writeln!(out, "{indent}amount: {}", quote(amount));
    }
    // Names in English: the glossary's, else what staff wrote before,
    // looked up among the same kind of name.
    type Before = fn(&Previous, &str) -> Option<String>;
    let lists = [
        (
            "leaders",
            &item.leaders,
            &glossary.people,
            Previous::leader_english as Before,
        ),
        (
            "lead_units",
            &item.lead_units,
            &glossary.units,
            Previous::unit_english,
        ),
        (
            "partner_units",
            &item.partner_units,
            &glossary.units,
            Previous::unit_english,
        ),
    ];
    for (key, names, known, before) in lists {
        if names.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{indent}{key}:");
        for name in names {
            let _ = writeln!(out, "{indent}  - zh: {}", quote(name));
            let en = known
                .get(name)
                .cloned()
                .or_else(|| target.previous.and_then(|p| before(p, name)));
            if let Some(en) = en {
                let _ = writeln!(out, "{indent}    en: {}", quote(&en));
            }
        }
    }
    if let Some(deadline) = &item.deadline {
        let _ = writeln!(
            out,
            "{indent}deadline:\n{indent}  text: {}",
            quote(deadline)
        );
        if let Some(date) = cells::deadline(deadline, target.year) {
            let _ = writeln!(out, "{indent}  date: {date}");
        }
    }
    for (key, value) in [("location", &item.location), ("remarks", &item.remarks)] {
        if let Some(value) = value {
            bilingual(out, indent, key, value, previous(value));
        }
    }
    if !item.original.is_empty() {
        let _ = writeln!(out, "{indent}original:");
        for (column, text) in &item.original {
            let _ = writeln!(out, "{indent}  {}: {}", quote(column), quote(text));
        }
    }
}
