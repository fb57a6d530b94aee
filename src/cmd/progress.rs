//! `minsheng import FILE --notice COUNTY/YEAR`: a progress text's rows as
//! draft reports of the notice's projects, with the published text copied
//! beside the notice's records. It never overwrites a report.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Outcome, print_diagnostics, usage_error};
use crate::cli::{Format, ImportArgs};
use crate::import::attach::{self, Attached};
use crate::import::reimport::Previous;
use crate::import::{Imported, TextKind};
use crate::model::{CountySlug, Date};

/// A line for staff: on stdout, or on stderr when stdout carries the JSON
/// review (`--format json`), so that stdout stays one JSON object.
macro_rules! say {
    ($json:expr, $($arg:tt)*) => {
        if $json {
            eprintln!($($arg)*)
        } else {
            println!($($arg)*)
        }
    };
}

pub fn attach(args: &ImportArgs, notice: &str, imported: &Imported, text: &str) -> Outcome {
    let json = args.format == Format::Json;
    let Some((county, year)) = notice
        .split_once('/')
        .and_then(|(c, y)| Some((CountySlug::parse(c).ok()?, y.parse::<u16>().ok()?)))
    else {
        return usage_error(&format!(
            "--notice {notice}: write the notice as COUNTY/YEAR, e.g. --notice wulong/2024"
        ));
    };
    let notice_dir = args.content.join(county.as_str()).join(year.to_string());
    if !notice_dir.join("notice.yaml").is_file() {
        return usage_error(&format!(
            "--notice {notice}: there is no {}; import the notice first",
            notice_dir.join("notice.yaml").display()
        ));
    }
    if imported.kind == TextKind::Notice {
        eprintln!(
            "error: {} reads as a notice, not a progress text (no progress columns such as 进展情况 or 完成率); import it without --notice",
            args.file.display()
        );
        return Outcome::InputErrors;
    }
    if imported.kind == TextKind::Satisfaction {
        return rating(args, &notice_dir, imported, text);
    }
    let date = match report_date(args, imported, year) {
        Ok(date) => date,
        Err(message) => return usage_error(&message),
    };
    let previous = match Previous::read(&notice_dir) {
        Ok(previous) => previous,
        Err(problems) => {
            print_diagnostics(&problems);
            eprintln!("error: the notice's records do not read; fix them first");
            return Outcome::InputErrors;
        }
    };
    let source = format!("progress-{date}.txt");
    let notice_unit = previous.notice.as_ref().and_then(|n| n.unit);
    let context = attach::ReportContext {
        date,
        source: &source,
        spent_in_notice_unit: attach::same_unit(imported.progress_unit(), notice_unit),
    };
    let attached = attach::attach(&imported.progress, &previous, &context);
    print_matches(&attached, date, json);
    if attached.spent_left_out > 0 {
        say!(
            json,
            "  investment completed left out of {} report(s): the table states it in {}, the notice in {}; add `spent:` by hand in the notice's unit",
            attached.spent_left_out,
            imported.progress_unit().unwrap_or("no stated unit"),
            notice_unit.map_or("no stated unit", |u| u.as_str()),
        );
    }
    let mut skipped = Vec::new();
    if !args.dry_run {
        match write(&notice_dir, &source, text, &attached, date, json) {
            Ok(existing) => skipped = existing,
            Err(message) => {
                eprintln!("error: {message}");
                return Outcome::InputErrors;
            }
        }
    }
    let clean = attached.unmatched.is_empty() && skipped.is_empty() && imported.unplaced.is_empty();
    if clean {
        Outcome::Success
    } else {
        Outcome::InputErrors
    }
}

/// A satisfaction table into the notice's `accountability.yaml`: created,
/// or given a `satisfaction:` section when it has none; never replaced.
fn rating(args: &ImportArgs, notice_dir: &Path, imported: &Imported, text: &str) -> Outcome {
    let json = args.format == Format::Json;
    let previous = match Previous::read(notice_dir) {
        Ok(previous) => previous,
        Err(problems) => {
            print_diagnostics(&problems);
            eprintln!("error: the notice's records do not read; fix them first");
            return Outcome::InputErrors;
        }
    };
    let date = match args.date.as_deref().map(Date::parse).transpose() {
        Ok(date) => date,
        Err(e) => return usage_error(&format!("--date: {e}")),
    };
    let section = attach::rating_section(&imported.ratings, imported.voters, &previous, date);
    for (number, id) in &section.matched {
        say!(json, "    row {number:>3} → {id}");
    }
    for row in &section.unmatched {
        say!(
            json,
            "    row {:>3} {} (line {}): not matched, {}; nothing written for it",
            row.number,
            row.name,
            row.line,
            row.why
        );
    }
    let unmatched = section.unmatched.len();
    if args.dry_run {
        return if unmatched == 0 && imported.unplaced.is_empty() {
            Outcome::Success
        } else {
            Outcome::InputErrors
        };
    }
    if let Err(message) = write_rating(notice_dir, &section.yaml, text, json) {
        eprintln!("error: {message}");
        return Outcome::InputErrors;
    }
    if unmatched == 0 && imported.unplaced.is_empty() {
        Outcome::Success
    } else {
        Outcome::InputErrors
    }
}

fn write_rating(notice_dir: &Path, section: &str, text: &str, json: bool) -> Result<(), String> {
    let file = notice_dir.join("accountability.yaml");
    // Only a missing file is an empty record: one that cannot be read
    // (not UTF-8, no permission) must not be written over.
    let existing = match fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", file.display())),
    };
    if existing.lines().any(|l| l.starts_with("satisfaction:")) {
        return Err(format!(
            "{} already has a satisfaction record; remove it to import this one",
            file.display()
        ));
    }
    let copy = notice_dir.join("satisfaction.txt");
    if fs::read_to_string(&copy).is_ok_and(|old| old != text) {
        return Err(format!(
            "{} exists and holds another text; move it away to import this one",
            copy.display()
        ));
    }
    fs::write(&copy, text).map_err(|e| format!("cannot write {}: {e}", copy.display()))?;
    let joined = match existing.as_str() {
        "" => format!(
            "# What followed the notice: the vote, the year-end result, the satisfaction rating.\n{section}"
        ),
        text if text.ends_with('\n') => format!("{text}{section}"),
        text => format!("{text}\n{section}"),
    };
    fs::write(&file, joined).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    say!(
        json,
        "wrote the satisfaction rating into {} (and the text as satisfaction.txt)",
        file.display()
    );
    Ok(())
}

/// `--date`, else the end of the period the title names, in the notice's year.
fn report_date(args: &ImportArgs, imported: &Imported, year: u16) -> Result<Date, String> {
    if let Some(date) = &args.date {
        return Date::parse(date).map_err(|e| format!("--date: {e}"));
    }
    imported
        .metadata
        .period
        .as_ref()
        .and_then(|period| period.end_in(year))
        .ok_or_else(|| {
            "the text names no period such as 1-6月; pass --date YYYY-MM-DD for the reports"
                .to_string()
        })
}

fn print_matches(attached: &Attached, date: Date, json: bool) {
    say!(json, "  reports dated {date}:");
    for report in &attached.reports {
        say!(json, "    row {:>3} → {}", report.row, report.project);
    }
    for row in &attached.unmatched {
        say!(
            json,
            "    row {:>3} {} (line {}): not matched, {}; nothing written for it",
            row.number,
            row.name,
            row.line,
            row.why
        );
    }
}

/// Writes the text beside the records and each report that does not exist
/// yet; returns the reports that already existed and were left alone.
fn write(
    notice_dir: &Path,
    source: &str,
    text: &str,
    attached: &Attached,
    date: Date,
    json: bool,
) -> Result<Vec<PathBuf>, String> {
    let copy = notice_dir.join(source);
    let same = fs::read_to_string(&copy).is_ok_and(|existing| existing == text);
    if copy.exists() && !same {
        return Err(format!(
            "{} exists and holds another text; move it away to import this one",
            copy.display()
        ));
    }
    fs::write(&copy, text).map_err(|e| format!("cannot write {}: {e}", copy.display()))?;
    let mut existing = Vec::new();
    let mut written = 0;
    for report in &attached.reports {
        let folder = notice_dir.join("reports").join(report.project.as_str());
        let file = folder.join(format!("{date}.md"));
        if file.exists() {
            say!(
                json,
                "    {} exists: left as it is (a report is never overwritten)",
                file.display()
            );
            existing.push(file);
            continue;
        }
        fs::create_dir_all(&folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
        fs::write(&file, &report.text)
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        written += 1;
    }
    say!(
        json,
        "wrote {written} draft report(s) and the published text ({source}) under {}; check each with minsheng serve, then delete its draft line",
        notice_dir.display()
    );
    Ok(existing)
}
