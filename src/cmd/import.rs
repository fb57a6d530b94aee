//! `minsheng import FILE`: read a notice, print a review, write its records.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Outcome, print_diagnostics, usage_error};
use crate::cli::{Format, ImportArgs};
use crate::import::{self, ImportOptions, Imported, TextKind, Unplaced, reimport};
use crate::model::Glossary;

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
        source: Some(SOURCE_FILE.to_string()),
    };
    let imported = import::import(&text, &options);
    if let Some(notice) = &args.notice {
        if args.format == Format::Json {
            print_json(&imported, &glossary);
        } else {
            print_review(&args.file, &imported);
        }
        return super::progress::attach(args, notice, &imported, &text);
    }
    if args.dry_run {
        match args.format {
            Format::Json => print_json(&imported, &glossary),
            Format::Text => print_review(&args.file, &imported),
        }
    } else {
        print_review(&args.file, &imported);
        if let Some(why) = &imported.blocked {
            return input_error(&format!("{}: nothing written: {why}", args.file.display()));
        }
        match write_records(&imported, &options, &text, &args.content, args.force) {
            Err(outcome) => return outcome,
            Ok(false) => return Outcome::InputErrors,
            Ok(true) => {}
        }
    }
    let incomplete = imported.kind == TextKind::Notice && imported.project_count() == 0;
    if imported.unplaced.is_empty() && !incomplete {
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

/// The published text, copied verbatim into the notice's folder, as `source:` names it.
const SOURCE_FILE: &str = "source.txt";

fn print_review(file: &Path, imported: &Imported) {
    let m = &imported.metadata;
    let or_missing = |v: Option<&str>, hint: &str| {
        v.map_or_else(|| format!("(none found{hint})"), str::to_string)
    };
    println!("Review of {}", file.display());
    let kind = match imported.kind {
        TextKind::Notice => "a notice (a year's projects)",
        TextKind::Progress => "a progress text",
        TextKind::Satisfaction => "a satisfaction rating table",
    };
    println!("  kind:         {kind}");
    println!("  read from:    {}", imported.found.describe());
    println!(
        "  issuer:       {}",
        or_missing(m.issuer.as_deref(), "; fill in issuer:")
    );
    println!(
        "  title:        {}",
        or_missing(m.title.as_deref(), "; fill in title:")
    );
    if let Some(table_title) = &m.table_title {
        println!("  table title:  {table_title}");
    }
    println!(
        "  doc number:   {}",
        or_missing(m.doc_number.as_deref(), "")
    );
    println!(
        "  written date: {}",
        or_missing(m.written_date.map(|d| d.to_string()).as_deref(), "")
    );
    println!(
        "  release:      {}",
        m.release_mark.as_deref().map_or(
            "unmarked (no mark in the text: staff must decide)".to_string(),
            |mark| format!("{} ({mark})", m.release.map_or("", |r| r.code()))
        )
    );
    println!(
        "  unit:         {}",
        or_missing(imported.unit(), ": the text states no amounts' unit")
    );
    let county = imported.county.as_ref().map(ToString::to_string);
    let year = imported.year.map(|y| y.to_string());
    println!(
        "  county, year: {} {}",
        or_missing(county.as_deref(), "; pass --county SLUG"),
        or_missing(year.as_deref(), "; pass --year YYYY")
    );
    match imported.kind {
        TextKind::Notice => print_projects(imported),
        TextKind::Progress => print_progress(imported),
        TextKind::Satisfaction => print_ratings(imported),
    }
    if imported.unplaced.is_empty() {
        println!("  every line was placed");
    } else {
        println!(
            "  {} line(s) could not be placed; add what they say to the records by hand:",
            imported.unplaced.len()
        );
        for Unplaced { line, text } in &imported.unplaced {
            println!("    line {line}: {}", text.replace('\n', " ⏎ "));
        }
    }
}

fn print_projects(imported: &Imported) {
    let structure = &imported.structure;
    println!(
        "  declared total: {}",
        imported.declared_total().unwrap_or("none")
    );
    for (g, group) in structure.groups.iter().enumerate() {
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
            let number = if project.numbered {
                project.number.clone()
            } else {
                format!("({})", project.number)
            };
            println!(
                "    {number:>4}  {}  [{} item(s); amounts {}]",
                project.name,
                project.items.len(),
                amounts.join(", ")
            );
        }
    }
    if structure
        .groups
        .iter()
        .flat_map(|g| &g.projects)
        .any(|p| !p.numbered)
    {
        println!("  (n): the text prints no number; the project's position is its number");
    }
    println!(
        "  {} project(s), {} item(s)",
        imported.project_count(),
        imported.item_count()
    );
    if imported.project_count() == 0 {
        println!("  no project table or list was found: only the metadata above was read");
    }
}

fn print_progress(imported: &Imported) {
    if let Some(period) = &imported.metadata.period {
        println!("  period:       {}", period.text);
    }
    for row in &imported.progress {
        let percent = row
            .figures
            .percent
            .as_ref()
            .or_else(|| row.items.first().and_then(|i| i.percent.as_ref()))
            .map_or_else(|| "—".to_string(), |p| format!("{p}%"));
        println!(
            "    {:>4}  {}  [{} sub-row(s); completion {percent}]",
            row.number,
            row.name,
            row.items.len().max(1)
        );
    }
    println!("  {} progress row(s)", imported.progress.len());
}

fn print_ratings(imported: &Imported) {
    for row in &imported.ratings {
        let [satisfied, basically, dissatisfied] = row.votes;
        println!(
            "    {:>4}  {}  [满意 {satisfied}, 基本满意 {basically}, 不满意 {dissatisfied}]",
            row.number, row.name
        );
    }
    if let Some(voters) = imported.voters {
        println!("  voters:       {voters}");
    }
    println!("  {} rated project(s)", imported.ratings.len());
}

/// The review as JSON: the notice's open data or the progress rows, plus `unplaced` and `lines`.
fn print_json(imported: &Imported, glossary: &Glossary) {
    match serde_json::to_string_pretty(&import::review::review(imported, glossary)) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("error: {e}"),
    }
}

fn write_records(
    imported: &Imported,
    options: &ImportOptions,
    text: &str,
    content: &Path,
    force: bool,
) -> Result<bool, Outcome> {
    let Some(notice_dir) = imported.notice_dir() else {
        return Err(input_error(
            "the county and year are unknown; pass --county and --year",
        ));
    };
    let notice_dir = content.join(notice_dir);
    let exists = notice_dir.join("notice.yaml").exists();
    if exists && !force {
        return Err(input_error(&format!(
            "{} already exists; pass --force to import again over it (English, the release decision, ids and reports are kept)",
            notice_dir.display()
        )));
    }
    let merged = if exists {
        let previous = reimport::Previous::read(&notice_dir).map_err(|problems| {
            print_diagnostics(&problems);
            input_error("the existing records do not read; fix them first, so their English and decisions can be kept")
        })?;
        let files = reimport::records(imported, options, &previous);
        let ids = reimport::project_ids(&imported.structure.groups, Some(&previous));
        Some((
            files,
            reimport::changes(&previous, &imported.structure.groups, &ids),
        ))
    } else {
        None
    };
    let files = merged.as_ref().map_or(&imported.files, |(files, _)| files);
    for file in files {
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
    let source = notice_dir.join(SOURCE_FILE);
    fs::write(&source, text)
        .map_err(|e| input_error(&format!("cannot write {}: {e}", source.display())))?;
    println!(
        "wrote {} record(s) and the published text ({SOURCE_FILE}) under {}",
        files.len(),
        notice_dir.display()
    );
    let Some((_, changes)) = merged else {
        return Ok(true);
    };
    print_changes(&changes);
    Ok(changes.gone.is_empty())
}

/// What importing again changed: staff read this before they build.
fn print_changes(changes: &reimport::Changes) {
    if changes.added.is_empty() && changes.gone.is_empty() && changes.changed.is_empty() {
        println!("  nothing changed: every field reads as before");
        return;
    }
    for added in &changes.added {
        println!("  added: {added}");
    }
    for changed in &changes.changed {
        println!("  changed: {changed} (its English, if any, was dropped: translate it again)");
    }
    for gone in &changes.gone {
        println!(
            "  no longer in the notice: {gone}; its file and reports are kept: remove it from projects/ if the notice dropped it, or add it back to a group in notice.yaml"
        );
    }
}
