//! Glue for each subcommand: turn arguments into options once, run the
//! pipeline stages, print, and say how the run ended.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod new_report;
mod progress;
pub mod serve;

use std::path::Path;

use crate::cli::SourceArgs;
use crate::diagnostic::{self, Diagnostic};
use crate::model::{Content, Date};

/// How a command ended, mapped to the exit status by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the input has errors.
    InputErrors,
    /// Exit 2: the command was used wrongly.
    Usage,
}

/// Today in China (UTC+8), the default for `--as-of`.
pub fn today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Date::from_days_since_epoch((seconds + 8 * 3600).div_euclid(86_400))
}

pub fn as_of(source: &SourceArgs) -> Result<Date, String> {
    match &source.as_of {
        Some(text) => Date::parse(text).map_err(|e| format!("--as-of: {e}")),
        None => Ok(today()),
    }
}

/// Loads and checks the content: the tree, and every diagnostic of both
/// stages; problems in drafts are warnings unless `drafts` asks for them.
pub fn load_and_check(content_dir: &Path, drafts: bool) -> (Option<Content>, Vec<Diagnostic>) {
    let (loaded, mut diagnostics) = crate::load::load(content_dir);
    if let Some(loaded) = &loaded {
        diagnostics.extend(crate::check::check(&loaded.content, &loaded.bodies));
        if !drafts {
            for county in &loaded.content.counties {
                crate::check::drafts_as_warnings(&mut diagnostics, county);
            }
        }
    }
    diagnostic::sort(&mut diagnostics);
    (loaded.map(|l| l.content), diagnostics)
}

pub use diagnostic::eprint as print_diagnostics;

pub fn count_errors(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

pub fn usage_error(message: &str) -> Outcome {
    eprintln!("error: {message}");
    Outcome::Usage
}
