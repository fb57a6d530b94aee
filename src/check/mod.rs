//! Check: the content and its report bodies → diagnostics. Every rule of `minsheng check`, none of
//! which writes anything. `build` runs the same rules and stops on errors.
//! The personal-data rule is the exception in timing only: `load` runs it
//! on each file's text as it reads it.

mod accountability;
mod characters;
mod privacy;
mod projects;
mod release;
mod reports;
mod totals;
pub mod translation;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;

use crate::model::{Content, County, CountySlug, Notice, ReportBodies};

pub use characters::scan as scan_control_characters;
#[doc(hidden)]
pub use privacy::values as personal_data_values;
pub use privacy::{
    mask as mask_personal_data, scan as scan_personal_data, scan_name as scan_personal_data_in_name,
};
pub use reports::check_bodies;

pub fn check(content: &Content, bodies: &BTreeMap<CountySlug, ReportBodies>) -> Vec<Diagnostic> {
    let none = ReportBodies::default();
    let mut diagnostics: Vec<Diagnostic> = content
        .counties
        .par_iter()
        .flat_map_iter(|county| check_county(county, bodies.get(&county.slug).unwrap_or(&none)))
        .collect();
    diagnostics.extend(check_site(content));
    diagnostics
}

/// The rules that look at one county alone: each notice's, and its report
/// bodies'; `build` runs them as each county is loaded.
pub fn check_county(county: &County, bodies: &ReportBodies) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = county
        .notices
        .iter()
        .flat_map(|notice| check_notice(county, notice))
        .collect();
    found.extend(reports::check_bodies(county, bodies));
    found.extend(reserved_names(county));
    found
}

/// A county or project named like a folder the site writes for itself
/// would have its pages written over the site's (or the other way round).
fn reserved_names(county: &County) -> Vec<Diagnostic> {
    use crate::render::urls::{NOTICE_FOLDERS, SITE_FOLDERS};

    let mut found = Vec::new();
    if SITE_FOLDERS.contains(&county.slug.as_str()) {
        found.push(
            Diagnostic::error(
                "reserved-name",
                format!(
                    "a county cannot be called `{}`: the site keeps that folder for its own pages",
                    county.slug
                ),
            )
            .in_file(&county.file)
            .hint(format!(
                "rename the county's folder; these names are kept: {}",
                SITE_FOLDERS.join(", ")
            )),
        );
    }
    for project in county.notices.iter().flat_map(|n| &n.projects) {
        if NOTICE_FOLDERS.contains(&project.id.as_str()) {
            found.push(
                Diagnostic::error("reserved-name", format!("a project cannot be called `{}`: the notice's page keeps that folder for its own pages", project.id))
                    .in_file(&project.file)
                    .hint(format!("rename the project's file; these names are kept: {}", NOTICE_FOLDERS.join(", "))),
            );
        }
    }
    found
}

/// Problems in draft reports become warnings when drafts are not being
/// published: a half-written draft never reaches the site, so it blocks no
/// one's build (only `build --drafts`). Personal data stays an error, since
/// the file sits in the content folder staff share.
pub fn drafts_as_warnings(found: &mut [Diagnostic], county: &County) {
    let drafts: Vec<&std::path::Path> = county
        .notices
        .iter()
        .flat_map(|n| &n.draft_files)
        .map(std::path::PathBuf::as_path)
        .collect();
    for diagnostic in found
        .iter_mut()
        .filter(|d| d.is_error() && d.code != "personal-data")
    {
        let Some(file) = diagnostic.location.as_ref().map(|l| l.file.clone()) else {
            continue;
        };
        let in_draft = drafts
            .iter()
            .any(|draft| file == *draft || file == draft.with_extension("en.md"));
        if in_draft {
            diagnostic.severity = crate::diagnostic::Severity::Warning;
            diagnostic
                .message
                .push_str(" (in a draft report: it blocks only `build --drafts`)");
        }
    }
}

/// The rules that look across notices; a build that checks each county as
/// it loads (`check_county`) runs only these afterwards.
pub fn check_site(content: &Content) -> Vec<Diagnostic> {
    let mut found = translation::check_units(content);
    found.extend(province_slugs(content));
    found
}

/// A province's page sits beside the county pages at the site's root: its
/// slug may be neither a county's nor a folder the site keeps.
fn province_slugs(content: &Content) -> Vec<Diagnostic> {
    use crate::render::urls::SITE_FOLDERS;

    let glossary = content.root.join("glossary.yaml");
    content
        .glossary
        .provinces
        .iter()
        .filter_map(|(name, slug)| {
            let taken = if SITE_FOLDERS.contains(&slug.as_str()) {
                "the site keeps that folder for its own pages".to_string()
            } else {
                let county = content
                    .counties
                    .iter()
                    .find(|c| c.slug.as_str() == slug.as_str())?;
                format!("the county {} has that slug", county.record.name.zh())
            };
            Some(
                Diagnostic::error(
                    "reserved-name",
                    format!("the province {name} cannot have the slug `{slug}`: {taken}"),
                )
                .at_first(&glossary, &format!("{name}\""))
                .hint("give the province another slug under `provinces:` in glossary.yaml"),
            )
        })
        .collect()
}

/// The rules that look at one notice's records (not the report bodies);
/// `serve` runs them after an edit, with [`check_bodies`] for the project edited.
pub fn check_notice(county: &County, notice: &Notice) -> Vec<Diagnostic> {
    let mut diagnostics = totals::check(notice);
    diagnostics.extend(projects::check(notice));
    diagnostics.extend(reports::check(notice));
    diagnostics.extend(release::check(county, notice));
    diagnostics.extend(accountability::check(notice));
    diagnostics
}
