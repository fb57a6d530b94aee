//! `minsheng import FILE`: read a notice, print a review, write its records.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Outcome, print_diagnostics, usage_error};
use crate::cli::{Format, ImportArgs};
use crate::import::{self, ImportOptions, Imported, Unplaced};
use crate::model::Glossary;
use crate::render::data;

pub fn run(args: &ImportArgs) -> Outcome {
    if args.format == Format::Json && !args.dry_run {
        return usage_error("--format json goes with --dry-run");
    }
    let text = match fs::read(&args.file).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            return input_error(&format!(
                "{} is not UTF-8 text; save the notice as UTF-8 and import it again",
                args.file.display()
            ));
        }
        Err(e) => return input_error(&format!("cannot read {}: {e}", args.file.display())),
    };
    let glossary = match read_glossary(&args.content) {
        Ok(glossary) => glossary,
        Err(outcome) => return outcome,
    };
    let options = ImportOptions {
        county: args.county.as_deref(),
        year: args.year,
        glossary: &glossary,
        source: Some(source_path(&args.file, &args.content)),
    };
    let imported = match import::import(&text, &options) {
        Ok(imported) => imported,
        Err(e) => return input_error(&format!("{}: {e}", args.file.display())),
    };
    if args.dry_run {
        match args.format {
            Format::Json => print_json(&imported),
            Format::Text => print_review(&args.file, &imported),
        }
    } else {
        print_review(&args.file, &imported);
        if let Err(outcome) = write_records(&imported, &args.content, args.force) {
            return outcome;
        }
    }
    if imported.unplaced.is_empty() {
        Outcome::Success
    } else {
        Outcome::InputErrors
    }
}

fn input_error(message: &str) -> Outcome {
    eprintln!("error: {message}");
    Outcome::InputErrors
}

fn read_glossary(content: &Path) -> Result<Glossary, Outcome> {
    let file = content.join("glossary.yaml");
    if !file.exists() {
        return Ok(Glossary::default());
    }
    crate::load::read_yaml::<Glossary>(&file).map_err(|d| {
        print_diagnostics(&[d]);
        Outcome::InputErrors
    })
}

/// The notice's path relative to the folder that holds `content/`, as `source:` records it.
fn source_path(file: &Path, content: &Path) -> String {
    let project = content
        .canonicalize()
        .ok()
        .and_then(|c| c.parent().map(Path::to_path_buf));
    let absolute = file.canonicalize().ok();
    match (project, absolute) {
        (Some(project), Some(absolute)) => absolute
            .strip_prefix(&project)
            .map(Path::to_path_buf)
            .unwrap_or(absolute),
        _ => file.to_path_buf(),
    }
    .to_string_lossy()
    .replace('\\', "/")
}

fn print_review(file: &Path, imported: &Imported) {
    let m = &imported.metadata;
    let or_none = |v: Option<&str>| v.map_or_else(|| "(none found)".to_string(), str::to_string);
    println!("Review of {}", file.display());
    println!("  layout:       {}", imported.layout.describe());
    println!("  issuer:       {}", or_none(m.issuer.as_deref()));
    println!("  title:        {}", or_none(m.title.as_deref()));
    println!("  table title:  {}", or_none(m.table_title.as_deref()));
    println!("  doc number:   {}", or_none(m.doc_number.as_deref()));
    println!(
        "  written date: {}",
        or_none(m.written_date.map(|d| d.to_string()).as_deref())
    );
    println!(
        "  release:      {}",
        m.release_mark.as_deref().map_or(
            "unmarked (no mark in the text: staff must decide)".to_string(),
            |mark| format!("{} ({mark})", m.release.map_or("", |r| r.code()))
        )
    );
    println!("  county, year: {} {}", imported.county, imported.year);
    println!(
        "  declared total: {}",
        or_none(imported.structure.declared_total.as_deref())
    );
    for (g, group) in imported.structure.groups.iter().enumerate() {
        let items: usize = group.projects.iter().map(|p| p.items.len()).sum();
        println!(
            "  group {}: {} — {} project(s), {items} item(s), declared subtotal {}",
            g + 1,
            group.name.as_deref().unwrap_or("(no group row)"),
            group.projects.len(),
            group.declared_subtotal.as_deref().unwrap_or("none"),
        );
        for project in &group.projects {
            let amounts: Vec<&str> = project
                .items
                .iter()
                .map(|i| i.amount.as_deref().unwrap_or("—"))
                .collect();
            println!(
                "    {:>3}  {}  [{} item(s); amounts {}]",
                project.number,
                project.name,
                project.items.len(),
                amounts.join(", ")
            );
        }
    }
    println!(
        "  {} project(s), {} item(s)",
        imported.project_count(),
        imported.item_count()
    );
    if imported.unplaced.is_empty() {
        println!("  every line of the table was placed");
    } else {
        println!(
            "  {} line(s) could not be placed; add them to the records by hand:",
            imported.unplaced.len()
        );
        for Unplaced { line, text } in &imported.unplaced {
            println!("    line {line}: {}", text.replace('\n', " ⏎ "));
        }
    }
}

/// The review as the open data of the notice, plus `unplaced`.
fn print_json(imported: &Imported) {
    #[derive(Serialize)]
    struct Review<'a> {
        #[serde(flatten)]
        notice: data::NoticeData<'a>,
        unplaced: &'a [Unplaced],
    }
    let parsed = match super::preview::content(imported) {
        Ok(parsed) => parsed,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            return;
        }
    };
    let cx = data::DataContext {
        base_url: "",
        as_of: super::today(),
        drafts: false,
    };
    let review = Review {
        notice: data::notice(&parsed.0, &parsed.1, &cx),
        unplaced: &imported.unplaced,
    };
    match serde_json::to_string_pretty(&review) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("error: {e}"),
    }
}

fn write_records(imported: &Imported, content: &Path, force: bool) -> Result<(), Outcome> {
    let notice_dir = content.join(imported.notice_dir());
    if notice_dir.join("notice.yaml").exists() && !force {
        return Err(input_error(&format!(
            "{} already exists; pass --force to replace its notice and project records (reports are kept)",
            notice_dir.display()
        )));
    }
    let projects = notice_dir.join("projects");
    if force && projects.is_dir() {
        fs::remove_dir_all(&projects)
            .map_err(|e| input_error(&format!("cannot replace {}: {e}", projects.display())))?;
    }
    for file in &imported.files {
        let path: PathBuf = content.join(&file.path);
        if path.ends_with("county.yaml") && path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| input_error(&format!("cannot create {}: {e}", parent.display())))?;
        }
        fs::write(&path, &file.text)
            .map_err(|e| input_error(&format!("cannot write {}: {e}", path.display())))?;
    }
    println!(
        "wrote {} record(s) under {}",
        imported.files.len(),
        notice_dir.display()
    );
    Ok(())
}
