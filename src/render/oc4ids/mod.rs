//! OC4IDS project packages: one notice's projects in the Open Contracting for
//! Infrastructure Data Standard, version 0.9, one package per language.
//!
//! The mapping, field by field:
//!
//! - `id`: `minsheng-<county>-<year>-<project id>`, stable across builds and
//!   languages. (OC4IDS asks for a registered project identifier prefix; a
//!   county that registers one can put it in front.)
//! - `title`, `description`: the project's name and its items' tasks, one per line.
//! - `status`: our status through the closed projectStatus codelist, see
//!   [`project_status`].
//! - `period.endDate`: the latest deadline that names a day, at the end of that
//!   day in China Standard Time.
//! - `budget.amount`: the exact sum of the stated item amounts, in yuan, as a
//!   JSON number (see [`yuan`] for how it stays exact); `budget.description`
//!   says what was summed and how many items state no amount.
//! - `parties`: lead units with the `publicAuthority` role, partner units with
//!   the local role `supportingEntity` (the open partyRole codelist has no code
//!   for a body that only supports the responsible one). A body listed in
//!   several items is one party with every role it has; its id is its Chinese
//!   name, so both languages' packages use the same ids.
//! - `publicAuthority`: the project's first lead unit.
//! - `metrics`: `physicalProgress` (percent complete, one observation per
//!   report) and `financialProgress` (the amount spent, when reports state it),
//!   from the metricID codelist. A report about one item carries the dimension
//!   `item`; the report's status is in the observation's notes, which is where
//!   a suspension shows.
//! - `completion`: for a completed project, the date of the report that first
//!   said so and the amount spent by then.
//! - `documents`: the notice (`projectScope`: it sets out each project's
//!   outputs, quantities, money and deadline), and the project's page as the
//!   `physicalProgressReport` when it has reports.
//! - `locations`, `updated`, `language`: the items' locations, the date of the
//!   latest report, and the package's language.
//!
//! Only reports a reader may see are used: drafts count only when
//! `cx.drafts` is set, as everywhere else in the open data.

use std::str::FromStr;

use std::borrow::Cow;

use serde_json::Number;

use super::data::DataContext;
use super::urls;
use super::views::status_label;
use crate::model::{
    AmountUnit, Bilingual, County, CountySlug, Date, Lang, Money, Notice, ProgressStatus, Project,
    Report,
};
use crate::theme::{Strings, keys as key};
pub use shape::Package;
use shape::{
    AmountValue, Budget, Completion, Dimensions, Document, Location, MeasureUnit, Metric, Name,
    Observation, Party, PartyName, Period, ProjectEntry,
};

/// The OC4IDS version the packages follow, as `major.minor`.
pub const VERSION: &str = "0.9";

/// The data licence the packages declare.
pub const LICENSE: &str = "https://creativecommons.org/licenses/by/4.0/";

/// The currency of every amount: the notices count in yuan (or 万元).
const CURRENCY: &str = "CNY";

/// The partyRole of a lead unit (牵头单位/责任单位).
pub const PUBLIC_AUTHORITY: &str = "publicAuthority";

/// The local partyRole of a partner unit (协作单位/配合单位): the open codelist
/// has no code for a body that supports the responsible one.
pub const SUPPORTING_ENTITY: &str = "supportingEntity";

/// China Standard Time, the zone every date of a notice or report is in.
const ZONE: &str = "+08:00";

/// The path of a package within the site: `data/oc4ids/<county>-<year>.<lang>.json`.
pub fn path(county: &CountySlug, year: u16, lang: Lang) -> String {
    format!("data/oc4ids/{county}-{year}.{lang}.json")
}

/// The OC4IDS project package of one notice in one language.
///
/// It holds the projects the notice's groups list, in the notice's order. A
/// notice without projects gives an empty `projects`, which OC4IDS does not
/// accept: publish no package for such a notice.
///
/// `publishedDate` is the newest of the notice's date and its visible
/// reports' dates, so a rebuild gives the same bytes; only a notice with no
/// date and no report falls back to `cx.as_of`.
pub fn package<'a>(
    county: &'a County,
    notice: &'a Notice,
    lang: Lang,
    t: &Strings,
    cx: &DataContext,
) -> Package<'a> {
    let published = notice.last_updated(cx.drafts).unwrap_or(cx.as_of);
    Package {
        license: LICENSE,
        projects: (0..notice.groups().len())
            .flat_map(|g| notice.group_projects(g))
            .map(|p| project(county, notice, p, lang, t, cx))
            .collect(),
        published_date: start_of(published),
        publisher: Name {
            name: text(&notice.record.issuer, lang),
        },
        uri: urls::absolute(cx.base_url, &path(&county.slug, notice.year, lang)),
        version: VERSION,
    }
}

/// Our status as an OC4IDS projectStatus code.
///
/// - `planned` → `preparation`: the notice is the decision to do the project
///   within the county's programme and budget (identification is over), and no
///   report says implementation has begun.
/// - `in-progress` → `implementation`.
/// - `completed` → `completion`: handed over with its final scope, cost and
///   date. `completed` is deprecated since 0.9.4 and `maintenance` claims more
///   than a report says.
/// - `suspended` → `implementation`: the closed codelist has no code for a
///   pause; the project is still in that stage, and the report's observation
///   says it is suspended.
/// - `cancelled` → `cancelled`.
pub fn project_status(status: ProgressStatus) -> &'static str {
    match status {
        ProgressStatus::Planned => "preparation",
        ProgressStatus::InProgress | ProgressStatus::Suspended => "implementation",
        ProgressStatus::Completed => "completion",
        ProgressStatus::Cancelled => "cancelled",
    }
}

/// An amount in the notice's unit as an exact number of yuan, or `None` when
/// that cannot be written exactly as a JSON number.
///
/// OC4IDS wants `amount` to be a JSON number, and serde_json (without its
/// `arbitrary_precision` feature) holds a number as a u64 or an f64. The
/// exact decimal is built with [`Money`] (`times` the yuan in one unit), then
/// read back by serde_json: a whole number becomes a u64 and is exact; a
/// fraction (yuan have at most 6 decimal places here) becomes the nearest f64,
/// which is kept only if serde_json writes it back as exactly the same digits.
/// Any decimal of up to 15 significant digits passes, i.e. every fen amount
/// below 10 trillion yuan; a figure that would be rounded is left out rather
/// than published wrong.
pub fn yuan(amount: Money, unit: AmountUnit) -> Option<Number> {
    let exact = amount.times(unit.yuan()).to_string();
    let number = Number::from_str(&exact).ok()?;
    (number.to_string() == exact).then_some(number)
}

fn project<'a>(
    county: &County,
    notice: &'a Notice,
    project: &'a Project,
    lang: Lang,
    t: &Strings,
    cx: &DataContext,
) -> ProjectEntry<'a> {
    let unit = notice.unit();
    let items = &project.record.items;
    let reports: Vec<&Report> = project.visible_reports(cx.drafts).collect();
    let status = project.status(cx.drafts);
    let tasks: Vec<&str> = items
        .iter()
        .filter_map(|i| i.tasks.as_ref().and_then(|t| non_empty(t, lang)))
        .collect();
    let tally = project.tally();
    let parties = parties(project, lang);
    let public_authority = parties
        .iter()
        .find(|p| p.roles.contains(&PUBLIC_AUTHORITY))
        .map(|first| PartyName {
            id: first.id,
            name: first.name,
        });
    ProjectEntry {
        budget: tally.total().map(|total| Budget {
            amount: yuan(total, unit).map(value),
            description: budget_description(total, unit, tally.rows_without_amount, t),
        }),
        completion: (status == Some(ProgressStatus::Completed))
            .then(|| completion(&reports, unit))
            .flatten(),
        description: (!tasks.is_empty()).then(|| tasks.join("\n")),
        documents: documents(county, notice, project, &reports, lang, t, cx),
        id: format!("minsheng-{}-{}-{}", county.slug, notice.year, project.id),
        language: lang.code(),
        locations: locations(project, lang),
        metrics: metrics(&reports, unit, t),
        parties,
        period: project.deadline().map(|deadline| Period {
            end_date: end_of(deadline),
        }),
        public_authority,
        status: status.map(project_status),
        title: text(&project.record.name, lang),
        updated: reports.last().map(|latest| start_of(latest.front.date)),
    }
}

/// Lead units first (publicAuthority), then partner units, each body once.
fn parties(project: &Project, lang: Lang) -> Vec<Party<'_>> {
    let mut found: Vec<(&Bilingual, Vec<&'static str>)> = Vec::new();
    let units = project
        .record
        .items
        .iter()
        .flat_map(|item| item.lead_units.iter().map(|u| (u, PUBLIC_AUTHORITY)))
        .chain(
            project
                .record
                .items
                .iter()
                .flat_map(|item| item.partner_units.iter().map(|u| (u, SUPPORTING_ENTITY))),
        );
    for (unit, role) in units {
        if unit.zh().trim().is_empty() {
            continue;
        }
        match found.iter_mut().find(|(known, _)| known.zh() == unit.zh()) {
            Some((_, roles)) if !roles.contains(&role) => roles.push(role),
            Some(_) => {}
            None => found.push((unit, vec![role])),
        }
    }
    found
        .into_iter()
        .map(|(unit, roles)| Party {
            id: unit.zh(),
            name: text(unit, lang),
            roles,
        })
        .collect()
}

fn locations(project: &Project, lang: Lang) -> Vec<Location<'_>> {
    let mut seen: Vec<&str> = Vec::new();
    for item in &project.record.items {
        if let Some(place) = item.location.as_ref().and_then(|l| non_empty(l, lang))
            && !seen.contains(&place)
        {
            seen.push(place);
        }
    }
    seen.into_iter()
        .enumerate()
        .map(|(i, place)| Location {
            description: place,
            id: (i + 1).to_string(),
        })
        .collect()
}

fn documents<'a>(
    county: &County,
    notice: &'a Notice,
    project: &Project,
    reports: &[&Report],
    lang: Lang,
    t: &Strings,
    cx: &DataContext,
) -> Vec<Document<'a>> {
    let page = |path: String| urls::absolute(cx.base_url, &urls::in_lang(lang, &path));
    let mut documents = vec![Document {
        date_modified: None,
        date_published: notice.date().map(start_of),
        document_type: "projectScope",
        format: "text/html",
        id: "notice",
        language: lang.code(),
        title: Cow::Borrowed(text(&notice.record.title, lang)),
        url: page(urls::notice(&county.slug, notice.year)),
    }];
    if let (Some(first), Some(last)) = (reports.first(), reports.last()) {
        let title = t.fill(
            key::OC4IDS_REPORTS_TITLE,
            &[("name", text(&project.record.name, lang))],
        );
        documents.push(Document {
            date_modified: Some(start_of(last.front.date)),
            date_published: Some(start_of(first.front.date)),
            document_type: "physicalProgressReport",
            format: "text/html",
            id: "progress-reports",
            language: lang.code(),
            title: Cow::Owned(title),
            url: page(urls::project(&county.slug, notice.year, &project.id)),
        });
    }
    documents
}

fn metrics(reports: &[&Report], unit: AmountUnit, t: &Strings) -> Vec<Metric> {
    let percent = t.get(key::OC4IDS_PERCENT);
    let physical: Vec<Observation> = reports
        .iter()
        .filter_map(|report| {
            let stated = report.front.percent.as_ref()?;
            Some(Observation {
                measure: Some(stated.value),
                unit: Some(MeasureUnit {
                    id: "P1",
                    name: percent.to_string(),
                    scheme: "UNCEFACT",
                }),
                ..observation(report, t)
            })
        })
        .collect();
    let financial: Vec<Observation> = reports
        .iter()
        .filter_map(|report| {
            let spent = report.front.spent.as_ref()?.value.value;
            Some(Observation {
                value: Some(value(yuan(spent, unit)?)),
                ..observation(report, t)
            })
        })
        .collect();
    // A metric with no observation is left out; its title and description come from the theme.
    let metric =
        |id: &'static str, (title, about): (key::Key, key::Key), observations: Vec<Observation>| {
            (!observations.is_empty()).then(|| Metric {
                description: t.get(about).to_string(),
                id,
                observations,
                title: t.get(title).to_string(),
            })
        };
    [
        metric(
            "physicalProgress",
            (key::OC4IDS_PHYSICAL, key::OC4IDS_PHYSICAL_ABOUT),
            physical,
        ),
        metric(
            "financialProgress",
            (key::OC4IDS_FINANCIAL, key::OC4IDS_FINANCIAL_ABOUT),
            financial,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// What every observation of a report shares: its id (the report's date),
/// its period (up to the end of that day), the item it is about and its status.
fn observation(report: &Report, t: &Strings) -> Observation {
    let front = &report.front;
    Observation {
        dimensions: front.item.as_ref().map(|item| Dimensions {
            item: item.value.to_string(),
        }),
        id: front.date.to_string(),
        measure: None,
        notes: t.fill(
            key::OC4IDS_REPORT_STATUS,
            &[("status", &status_label(front.status, t))],
        ),
        period: Period {
            end_date: end_of(front.date),
        },
        unit: None,
        value: None,
    }
}

/// The day the latest run of completed reports began, and the spending then.
fn completion(reports: &[&Report], unit: AmountUnit) -> Option<Completion> {
    let first_completed = reports
        .iter()
        .rev()
        .take_while(|r| r.front.status == ProgressStatus::Completed)
        .last()?;
    let spent = first_completed.front.spent.as_ref().map(|s| s.value.value);
    Some(Completion {
        end_date: end_of(first_completed.front.date),
        final_value: spent.and_then(|s| yuan(s, unit)).map(value),
    })
}

fn budget_description(total: Money, unit: AmountUnit, without: usize, t: &Strings) -> String {
    let mut description = t.fill(
        key::OC4IDS_BUDGET,
        &[
            ("total", &total.to_string()),
            ("unit", unit.as_str()),
            ("yuan", &total.times(unit.yuan()).grouped()),
        ],
    );
    match without {
        0 => {}
        1 => description.push_str(&t.get(key::TOTAL_ONE_UNKNOWN)),
        n => description.push_str(&t.fill(key::TOTAL_SOME_UNKNOWN, &[("count", &n.to_string())])),
    }
    description
}

fn value(amount: Number) -> AmountValue {
    AmountValue {
        amount,
        currency: CURRENCY,
    }
}

/// The text in `lang` (Chinese when English is missing or blank).
fn text(b: &Bilingual, lang: Lang) -> &str {
    let text = b.get(lang).text;
    if text.trim().is_empty() { b.zh() } else { text }
}

/// The text in `lang`, unless it is blank: OC4IDS strings may not be empty.
fn non_empty(b: &Bilingual, lang: Lang) -> Option<&str> {
    Some(text(b, lang)).filter(|t| !t.trim().is_empty())
}

/// The first moment of a day, China Standard Time.
fn start_of(date: Date) -> String {
    format!("{date}T00:00:00{ZONE}")
}

/// The last second of a day, China Standard Time: what a deadline means.
fn end_of(date: Date) -> String {
    format!("{date}T23:59:59{ZONE}")
}

mod shape;
#[cfg(test)]
mod tests;
