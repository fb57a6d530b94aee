//! Check: `&Content` → diagnostics. Every rule of `minsheng check`, none of
//! which writes anything. `build` runs the same rules and stops on errors.

mod privacy;
mod projects;
mod release;
mod reports;
mod totals;
pub mod translation;

use crate::diagnostic::Diagnostic;
use crate::model::{Content, County, Notice};

pub use privacy::check_project as check_project_privacy;

pub fn check(content: &Content) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for county in &content.counties {
        for notice in &county.notices {
            diagnostics.extend(check_notice(county, notice));
        }
    }
    diagnostics.extend(translation::check_units(content));
    diagnostics.extend(privacy::check(content));
    diagnostics
}

/// The rules that look at one notice alone; `serve` runs them after an edit.
pub fn check_notice(county: &County, notice: &Notice) -> Vec<Diagnostic> {
    let mut diagnostics = totals::check(notice);
    diagnostics.extend(projects::check(notice));
    diagnostics.extend(reports::check(notice));
    diagnostics.extend(release::check(county, notice));
    diagnostics
}
