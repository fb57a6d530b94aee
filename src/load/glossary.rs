//! The glossary's English for the names a record leaves untranslated:
//! units (lead and partner), people (leaders) and places (locations), and
//! the slug of each province's page. Applied when the content loads, so a
//! glossary entry added after an import shows on every page at the next
//! build, without a re-import.

use crate::diagnostic::Diagnostic;
use crate::model::{Bilingual, County, Glossary, Project, Province};

/// Places a county on its province's page, by the slug the glossary gives
/// the province's name; a province without one is a warning, and the
/// county is listed on the home page instead.
pub fn place_in_province(county: &mut County, glossary: &Glossary) -> Option<Diagnostic> {
    let name = county.record.province.as_ref()?;
    let Some(slug) = glossary.provinces.get(name.zh()) else {
        return Some(
            Diagnostic::warning(
                "province-without-slug",
                format!("the province `{}` has no page: glossary.yaml gives it no slug", name.zh()),
            )
            .at_first(&county.file, "province:")
            .hint(format!(
                "add it to content/glossary.yaml under `provinces:`, e.g. \"{}\": its-name-in-pinyin; until then the county is listed on the home page",
                name.zh()
            )),
        );
    };
    county.province = Some(Province {
        slug: slug.clone(),
        name: name.clone(),
    });
    None
}

/// Fills English from the glossary into every project of the county's
/// notices, and records on each notice how many names it filled.
pub fn apply(county: &mut County, glossary: &Glossary) {
    for notice in &mut county.notices {
        notice.glossary_filled = notice
            .projects
            .iter_mut()
            .map(|project| apply_to_project(project, glossary))
            .sum();
    }
}

/// Fills English from the glossary into one project; returns how many names it filled.
pub fn apply_to_project(project: &mut Project, glossary: &Glossary) -> usize {
    let mut filled = 0;
    for item in &mut project.record.items {
        let lists = [
            (&mut item.lead_units, &glossary.units),
            (&mut item.partner_units, &glossary.units),
            (&mut item.leaders, &glossary.people),
        ];
        for (names, known) in lists {
            filled += names
                .iter_mut()
                .map(|name| fill(name, known))
                .sum::<usize>();
        }
        if let Some(location) = &mut item.location {
            filled += fill(location, &glossary.places);
        }
    }
    filled
}

fn fill(name: &mut Bilingual, known: &std::collections::BTreeMap<String, String>) -> usize {
    let english = known.get(name.zh()).cloned();
    english.map_or(0, |en| usize::from(name.fill_english(&en)))
}
