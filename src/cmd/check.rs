//! `minsheng check`: every rule of `build`; prints diagnostics and translation coverage.

use serde::Serialize;

use super::{Outcome, count_errors, load_and_check, print_diagnostics, usage_error};
use crate::check::translation::{self, Coverage};
use crate::cli::{CheckArgs, Format};
use crate::diagnostic::Diagnostic;
use crate::model::Content;
use crate::theme::Theme;

#[derive(Serialize)]
struct CoverageLine {
    county: String,
    year: u16,
    translated: usize,
    total: usize,
    percent: usize,
    /// How many of the translated names took their English from the glossary.
    from_glossary: usize,
}

#[derive(Serialize)]
struct Report<'a> {
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
    translation: Vec<CoverageLine>,
}

pub fn run(args: &CheckArgs) -> Outcome {
    if let Err(message) = super::as_of(&args.source) {
        return usage_error(&message);
    }
    let (content, mut diagnostics) = load_and_check(&args.source.content, args.source.drafts);
    if let Err(problems) = Theme::load(&args.source.theme()) {
        diagnostics.extend(problems);
    }
    let (errors, warnings) = count_errors(&diagnostics);
    let coverage = content.as_ref().map(coverage_lines).unwrap_or_default();
    match args.format {
        Format::Json => {
            let report = Report {
                errors,
                warnings,
                diagnostics: &diagnostics,
                translation: coverage,
            };
            match serde_json::to_string_pretty(&report) {
                Ok(json) => println!("{json}"),
                Err(e) => eprintln!("error: {e}"),
            }
        }
        Format::Text => {
            print_diagnostics(&diagnostics);
            for line in &coverage {
                let glossary = match line.from_glossary {
                    0 => String::new(),
                    n => format!(", {n} of them from the glossary"),
                };
                println!(
                    "translation {}/{}: {}/{} fields in English ({}%){glossary}",
                    line.county, line.year, line.translated, line.total, line.percent
                );
            }
            println!("{errors} error(s), {warnings} warning(s)");
        }
    }
    if errors > 0 {
        Outcome::InputErrors
    } else {
        Outcome::Success
    }
}

fn coverage_lines(content: &Content) -> Vec<CoverageLine> {
    content
        .counties
        .iter()
        .flat_map(|county| {
            county.notices.iter().map(move |notice| {
                let Coverage { translated, total } = translation::coverage(notice);
                CoverageLine {
                    county: county.slug.to_string(),
                    year: notice.year,
                    translated,
                    total,
                    percent: Coverage { translated, total }.percent(),
                    from_glossary: notice.glossary_filled,
                }
            })
        })
        .collect()
}
