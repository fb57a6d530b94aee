//! Import: a published text (plain text) → YAML records for `content/`.
//!
//! The stages, in order:
//! - `source` numbers the lines and keeps the ledger of what each was read
//!   as; `fold` gives each line a folded form used only for recognition
//!   (Simplified script, ASCII punctuation, no pinyin annotations);
//! - `table` finds a table (its header row starts with 序号) and turns its
//!   layout into rows of verbatim cells; `structure` reads a notice's rows
//!   into groups, projects, sub-items and totals, `progress` a progress
//!   table's rows into progress rows;
//! - `list`, when there is no table, reads the projects of a list;
//! - `header` reads the metadata from the lines left;
//! - what is still unread is *unplaced*: listed with its number, never
//!   silently dropped;
//! - `cells` normalises cells, `emit` writes the records, `review` is the
//!   dry-run JSON.
//!
//! An import never fails on the text: a text with no projects still yields
//! its metadata and the lines it could not place.

mod align;
pub mod attach;
mod cells;
mod columns;
mod emit;
pub mod fold;
pub mod header;
mod headwords;
mod lined;
mod list;
mod merged;
mod piece;
pub mod progress;
pub mod reimport;
pub mod review;
pub mod satisfaction;
pub mod source;
mod spaced;
pub mod structure;
pub mod table;

use std::path::PathBuf;

use serde::Serialize;

use crate::model::{CountySlug, Glossary};
pub use emit::RecordFile;
use source::{Role, Source};
use structure::{Columns, Structure};

/// A line of the text that the importer could not place in the records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unplaced {
    pub line: usize,
    pub text: String,
}

pub struct ImportOptions<'a> {
    pub county: Option<&'a str>,
    pub year: Option<u16>,
    pub glossary: &'a Glossary,
    /// The published text's path as `notice.yaml` records it in `source:`.
    pub source: Option<String>,
}

/// What kind of text this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    /// A year's list of projects.
    Notice,
    /// A progress table or report (进展情况, 推进情况, 完成情况).
    Progress,
    /// A satisfaction rating table (满意, 基本满意, 不满意 per project).
    Satisfaction,
}

/// How the projects were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Table(table::Layout),
    List,
    Nothing,
}

impl Found {
    pub fn describe(self) -> &'static str {
        match self {
            Found::Table(layout) => layout.describe(),
            Found::List => "a list (no table)",
            Found::Nothing => "no project table or list",
        }
    }
}

/// What the importer read from one text.
pub struct Imported {
    pub kind: TextKind,
    pub metadata: header::Metadata,
    pub found: Found,
    pub structure: Structure,
    pub progress: Vec<progress::ProgressRow>,
    /// A satisfaction table's rows.
    pub ratings: Vec<satisfaction::RatingRow>,
    /// How many rated, when a satisfaction text says.
    pub voters: Option<u32>,
    pub county: Option<CountySlug>,
    pub year: Option<u16>,
    /// Lines that belong to no record, in line order.
    pub unplaced: Vec<Unplaced>,
    /// What each non-blank line was read as.
    pub ledger: Vec<(usize, Option<Role>)>,
    /// The records to write, with paths relative to `content/`; empty when
    /// the county or year is unknown, or the text is not a notice.
    pub files: Vec<RecordFile>,
    /// Why the records cannot be written, when they cannot.
    pub blocked: Option<ImportError>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "cannot tell which county this notice is for{0}; pass --county SLUG (e.g. --county wulong)"
    )]
    UnknownCounty(String),
    #[error("{0}")]
    BadCounty(String),
    #[error("cannot tell the notice's year from its title; pass --year YYYY")]
    UnknownYear,
    #[error(
        "this is a progress or satisfaction text, not a notice: import it with --notice COUNTY/YEAR"
    )]
    NotANotice,
}

pub fn import(text: &str, options: &ImportOptions) -> Imported {
    let mut source = Source::new(text);
    let table = table::read(&source);
    let kind = if table
        .as_ref()
        .is_some_and(satisfaction::is_satisfaction_table)
    {
        TextKind::Satisfaction
    } else if progress::is_progress_text(&source, table.as_ref()) {
        TextKind::Progress
    } else {
        TextKind::Notice
    };
    let body = read_body(&mut source, table, kind);
    let (found, structure, progress) = (body.found, body.structure, body.progress);
    let voters = satisfaction::voters(&source).filter(|_| kind == TextKind::Satisfaction);
    let metadata = header::read(&mut source, kind);
    claim_preamble(&mut source);
    let county = county_slug(&metadata, options);
    let year = options
        .year
        .or(metadata.year)
        .filter(|year| crate::model::NOTICE_YEARS.contains(year));
    let target = match (&county, year, kind) {
        (_, _, TextKind::Progress | TextKind::Satisfaction) => Err(ImportError::NotANotice),
        (Ok(county), Some(year), TextKind::Notice) => Ok((county.clone(), year)),
        (Err(e), _, _) => Err(e.clone()),
        (Ok(_), None, _) => Err(ImportError::UnknownYear),
    };
    let files = match &target {
        Ok((county, year)) => emit::records(
            &metadata,
            &structure,
            &emit::Target {
                county,
                year: *year,
                glossary: options.glossary,
                source: options.source.as_deref(),
                previous: None,
            },
        ),
        Err(_) => Vec::new(),
    };
    let unplaced = unplaced(&source, &structure);
    Imported {
        kind,
        metadata,
        found,
        structure,
        progress,
        ratings: body.ratings,
        voters,
        county: county.ok(),
        year,
        unplaced,
        ledger: source.ledger(),
        files,
        blocked: target.err(),
    }
}

/// What the body of a text was read into.
struct Body {
    found: Found,
    structure: Structure,
    progress: Vec<progress::ProgressRow>,
    ratings: Vec<satisfaction::RatingRow>,
}

/// The projects, progress rows or ratings: from a table if there is one,
/// else (for a notice) from a list.
fn read_body(source: &mut Source, table: Option<table::Table>, kind: TextKind) -> Body {
    let empty = Structure {
        columns: Columns::default(),
        groups: Vec::new(),
        declared_total: None,
        unplaced_cells: Vec::new(),
    };
    let nothing = |found, structure| Body {
        found,
        structure,
        progress: Vec::new(),
        ratings: Vec::new(),
    };
    if let Some(table) = table {
        match kind {
            TextKind::Satisfaction => {
                let ratings = satisfaction::read(&table, source);
                return Body {
                    ratings,
                    ..nothing(Found::Table(table.layout), empty)
                };
            }
            TextKind::Progress => {
                let rows = progress::read(&table, source);
                if !rows.is_empty() {
                    // Pieces of the rows read that fit no column (see `align`).
                    // and cells past the table's last column.
                    let beyond = rows
                        .iter()
                        .flat_map(|row| std::iter::once(&row.figures).chain(&row.items))
                        .flat_map(|figures| &figures.beyond);
                    let unplaced_cells = table
                        .rows
                        .iter()
                        .filter(|row| source.is_claimed(row.line))
                        .flat_map(|row| &row.stray)
                        .chain(beyond)
                        .map(|cell| Unplaced {
                            line: cell.line,
                            text: cell.text.clone(),
                        })
                        .collect();
                    let structure = Structure {
                        unplaced_cells,
                        columns: Columns {
                            unit: progress::spent_unit(&table),
                            ..Columns::default()
                        },
                        ..empty
                    };
                    return Body {
                        progress: rows,
                        ..nothing(Found::Table(table.layout), structure)
                    };
                }
            }
            TextKind::Notice => {
                if let Some((structure, roles)) = structure::read(&table.rows)
                    && structure.groups.iter().any(|g| !g.projects.is_empty())
                {
                    table.claim(source, &roles);
                    return nothing(Found::Table(table.layout), structure);
                }
            }
        }
    }
    if kind == TextKind::Notice {
        header::claim_attachments(source);
        let groups = list::read(source);
        if !groups.is_empty() {
            return nothing(Found::List, Structure { groups, ..empty });
        }
    }
    nothing(Found::Nothing, empty)
}

/// The unread lines and the cells of read rows that fit no column, in line order.
fn unplaced(source: &Source, structure: &Structure) -> Vec<Unplaced> {
    let mut unplaced = source.unplaced();
    unplaced.extend(structure.unplaced_cells.iter().cloned());
    unplaced.sort_by_key(|u| u.line);
    unplaced
}

/// The notice's own text before its table or list (addressees, body, the
/// attachment's title) is the notice, not a record: it is kept in the
/// published text. Where no projects were found, nothing is preamble.
fn claim_preamble(source: &mut Source) {
    let first_record = source
        .ledger()
        .into_iter()
        .find(|(_, role)| {
            matches!(
                role,
                Some(
                    Role::TableHeader
                        | Role::Group { .. }
                        | Role::Project { .. }
                        | Role::Projects { .. }
                        | Role::ProgressRow { .. }
                        | Role::RatingRow { .. }
                        | Role::ListHeading
                )
            )
        })
        .map(|(line, _)| line);
    if let Some(first) = first_record {
        source.claim_range(1, first - 1, Role::Metadata { field: "preamble" });
    }
}

/// `--county`, else the glossary's English name of the county: 武隆区 → Wulong District → `wulong`.
fn county_slug(
    metadata: &header::Metadata,
    options: &ImportOptions,
) -> Result<CountySlug, ImportError> {
    if let Some(slug) = options.county {
        return CountySlug::parse(slug)
            .map_err(|e| ImportError::BadCounty(format!("--county: {e}")));
    }
    let name = metadata
        .county
        .as_deref()
        .ok_or_else(|| ImportError::UnknownCounty(String::new()))?;
    let english = options.glossary.places.get(name).ok_or_else(|| {
        ImportError::UnknownCounty(format!(" ({name} is not in the glossary's places)"))
    })?;
    let first_word = english
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let slug: String = first_word
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    CountySlug::parse(&slug)
        .map_err(|_| ImportError::UnknownCounty(format!(" ({name} → {english})")))
}

/// The unit of the amounts: a `单位：…` line, else the table's header
/// (`总投资（万元）`), else the unit of a total stated in prose.
pub fn amount_unit<'a>(
    metadata: &'a header::Metadata,
    structure: &'a Structure,
) -> Option<&'a str> {
    metadata
        .unit
        .as_deref()
        .or(structure.columns.unit.as_deref())
        .or(metadata.declared_total_unit.as_deref())
}

/// The declared total: the table's 合计, else a total stated in prose when
/// it is in the unit of the amounts (a 亿元 total over a 万元 table is left
/// for staff, not converted).
pub fn declared_total<'a>(
    metadata: &'a header::Metadata,
    structure: &'a Structure,
) -> Option<&'a str> {
    let prose = metadata
        .declared_total
        .as_deref()
        .filter(|_| metadata.declared_total_unit.as_deref() == amount_unit(metadata, structure));
    structure.declared_total.as_deref().or(prose)
}

impl Imported {
    /// The unit of the amounts (see [`amount_unit`]).
    pub fn unit(&self) -> Option<&str> {
        amount_unit(&self.metadata, &self.structure)
    }

    /// The declared total (see [`declared_total`]).
    pub fn declared_total(&self) -> Option<&str> {
        declared_total(&self.metadata, &self.structure)
    }

    /// The unit of a progress table's amounts: a `单位：…` line, else the
    /// header of its investment column. Never a unit met in prose.
    pub fn progress_unit(&self) -> Option<&str> {
        self.metadata
            .unit
            .as_deref()
            .or(self.structure.columns.unit.as_deref())
    }

    /// The folder of this notice's records, relative to `content/`.
    pub fn notice_dir(&self) -> Option<PathBuf> {
        let county = self.county.as_ref()?;
        Some(PathBuf::from(county.as_str()).join(self.year?.to_string()))
    }

    pub fn project_count(&self) -> usize {
        self.structure.groups.iter().map(|g| g.projects.len()).sum()
    }

    pub fn item_count(&self) -> usize {
        self.structure
            .groups
            .iter()
            .flat_map(|g| &g.projects)
            .map(|p| p.items.len())
            .sum()
    }
}
