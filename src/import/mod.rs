//! Import: a published notice (plain text) → YAML records for `content/`.
//!
//! `source` numbers the lines, `header` reads the metadata, `table` turns
//! the layout into rows of verbatim cells, `structure` finds groups,
//! projects, sub-items and totals, `cells` normalises each cell, and `emit`
//! writes the records. A line the importer cannot place is *unplaced*:
//! listed with its number, never silently dropped.

mod cells;
mod emit;
pub mod header;
pub mod structure;
pub mod table;

use std::path::PathBuf;

use serde::Serialize;

use crate::model::{Glossary, Slug};
pub use emit::RecordFile;
use structure::Structure;

/// A line of the notice that the importer could not place in the records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unplaced {
    pub line: usize,
    pub text: String,
}

pub struct ImportOptions<'a> {
    pub county: Option<&'a str>,
    pub year: Option<u16>,
    pub glossary: &'a Glossary,
    /// The notice's path as `notice.yaml` records it in `source:`.
    pub source: Option<String>,
}

/// What the importer read from one notice.
pub struct Imported {
    pub metadata: header::Metadata,
    pub layout: table::Layout,
    pub structure: Structure,
    pub county: Slug,
    pub year: u16,
    /// Lines that belong to no record, in line order.
    pub unplaced: Vec<Unplaced>,
    /// The records to write, with paths relative to `content/`.
    pub files: Vec<RecordFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("no project table found: no line starts with 序号 (or 序號)")]
    NoTable,
    #[error("the table has a header but no rows")]
    EmptyTable,
    #[error(
        "cannot tell which county this notice is for{0}; pass --county SLUG (e.g. --county wulong)"
    )]
    UnknownCounty(String),
    #[error("{0}")]
    BadCounty(String),
    #[error("cannot tell the notice's year from its title; pass --year YYYY")]
    UnknownYear,
}

pub fn import(text: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let table = table::read(&lines).ok_or(ImportError::NoTable)?;
    let metadata = header::read(&lines[..table.first_line - 1], text);
    let structure = structure::read(&table.rows).ok_or(ImportError::EmptyTable)?;
    let county = county_slug(&metadata, options)?;
    let year = options
        .year
        .or(metadata.year)
        .ok_or(ImportError::UnknownYear)?;
    let mut unplaced = table.unplaced.clone();
    unplaced.extend(structure.unplaced.iter().cloned());
    unplaced.sort_by_key(|u| u.line);
    let files = emit::records(
        &metadata,
        &structure,
        &emit::Target {
            county: &county,
            year,
            glossary: options.glossary,
            source: options.source.as_deref(),
        },
    );
    Ok(Imported {
        metadata,
        layout: table.layout,
        structure,
        county,
        year,
        unplaced,
        files,
    })
}

/// `--county`, else the glossary's English name of the county: 武隆区 → Wulong District → `wulong`.
fn county_slug(metadata: &header::Metadata, options: &ImportOptions) -> Result<Slug, ImportError> {
    if let Some(slug) = options.county {
        return Slug::parse(slug).map_err(|e| ImportError::BadCounty(format!("--county: {e}")));
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
    Slug::parse(&slug).map_err(|_| ImportError::UnknownCounty(format!(" ({name} → {english})")))
}

impl Imported {
    /// The folder of this notice's records, relative to `content/`.
    pub fn notice_dir(&self) -> PathBuf {
        PathBuf::from(self.county.as_str()).join(self.year.to_string())
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
