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

use serde_json::{Map, Number, Value, json};

use super::data::DataContext;
use super::urls;
use super::views::status_label;
use crate::model::{
    AmountUnit, Bilingual, County, CountySlug, Date, Lang, Money, Notice, ProgressStatus, Project,
    Report,
};
use crate::theme::{Strings, keys as key};

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
pub fn package(
    county: &County,
    notice: &Notice,
    lang: Lang,
    t: &Strings,
    cx: &DataContext,
) -> Value {
    let published = notice.last_updated(cx.drafts).unwrap_or(cx.as_of);
    let projects: Vec<Value> = (0..notice.groups().len())
        .flat_map(|g| notice.group_projects(g))
        .map(|p| project(county, notice, p, lang, t, cx))
        .collect();
    json!({
        "uri": urls::absolute(cx.base_url, &path(&county.slug, notice.year, lang)),
        "publishedDate": start_of(published),
        "version": VERSION,
        "publisher": { "name": text(&notice.record.issuer, lang) },
        "license": LICENSE,
        "projects": projects,
    })
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

fn project(
    county: &County,
    notice: &Notice,
    project: &Project,
    lang: Lang,
    t: &Strings,
    cx: &DataContext,
) -> Value {
    let unit = notice.unit();
    let items = &project.record.items;
    let reports: Vec<&Report> = project.visible_reports(cx.drafts).collect();
    let status = project.status(cx.drafts);
    let mut out = Map::new();
    out.insert(
        "id".into(),
        format!("minsheng-{}-{}-{}", county.slug, notice.year, project.id).into(),
    );
    out.insert("title".into(), text(&project.record.name, lang).into());
    let tasks: Vec<&str> = items
        .iter()
        .filter_map(|i| i.tasks.as_ref().and_then(|t| non_empty(t, lang)))
        .collect();
    if !tasks.is_empty() {
        out.insert("description".into(), tasks.join("\n").into());
    }
    if let Some(status) = status {
        out.insert("status".into(), project_status(status).into());
    }
    if let Some(deadline) = project.deadline() {
        out.insert("period".into(), json!({ "endDate": end_of(deadline) }));
    }
    let tally = project.tally();
    if let Some(total) = tally.total() {
        let mut budget = Map::new();
        if let Some(amount) = yuan(total, unit) {
            budget.insert("amount".into(), value(amount));
        }
        budget.insert(
            "description".into(),
            budget_description(total, unit, tally.rows_without_amount, t).into(),
        );
        out.insert("budget".into(), budget.into());
    }
    let parties = parties(project, lang);
    let authority = parties.iter().find(|p| {
        p["roles"]
            .as_array()
            .is_some_and(|roles| roles.contains(&Value::from(PUBLIC_AUTHORITY)))
    });
    if let Some(first) = authority {
        out.insert(
            "publicAuthority".into(),
            json!({ "id": first["id"], "name": first["name"] }),
        );
    }
    if !parties.is_empty() {
        out.insert("parties".into(), parties.into());
    }
    let locations = locations(project, lang);
    if !locations.is_empty() {
        out.insert("locations".into(), locations.into());
    }
    out.insert(
        "documents".into(),
        documents(county, notice, project, &reports, lang, t, cx).into(),
    );
    let metrics = metrics(&reports, unit, t);
    if !metrics.is_empty() {
        out.insert("metrics".into(), metrics.into());
    }
    if status == Some(ProgressStatus::Completed)
        && let Some(completion) = completion(&reports, unit)
    {
        out.insert("completion".into(), completion);
    }
    if let Some(latest) = reports.last() {
        out.insert("updated".into(), start_of(latest.front.date).into());
    }
    out.insert("language".into(), lang.code().into());
    out.into()
}

/// Lead units first (publicAuthority), then partner units, each body once.
fn parties(project: &Project, lang: Lang) -> Vec<Value> {
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
        .map(|(unit, roles)| json!({ "id": unit.zh(), "name": text(unit, lang), "roles": roles }))
        .collect()
}

fn locations(project: &Project, lang: Lang) -> Vec<Value> {
    let mut seen: Vec<&str> = Vec::new();
    for item in &project.record.items {
        if let Some(place) = item.location.as_ref().and_then(|l| non_empty(l, lang))
            && !seen.contains(&place)
        {
            seen.push(place);
        }
    }
    seen.iter()
        .enumerate()
        .map(|(i, place)| json!({ "id": (i + 1).to_string(), "description": place }))
        .collect()
}

fn documents(
    county: &County,
    notice: &Notice,
    project: &Project,
    reports: &[&Report],
    lang: Lang,
    t: &Strings,
    cx: &DataContext,
) -> Vec<Value> {
    let page = |path: String| urls::absolute(cx.base_url, &urls::in_lang(lang, &path));
    let mut notice_doc = json!({
        "id": "notice",
        "documentType": "projectScope",
        "title": text(&notice.record.title, lang),
        "url": page(urls::notice(&county.slug, notice.year)),
        "format": "text/html",
        "language": lang.code(),
    });
    if let Some(date) = notice.date() {
        notice_doc["datePublished"] = start_of(date).into();
    }
    let mut documents = vec![notice_doc];
    if let (Some(first), Some(last)) = (reports.first(), reports.last()) {
        let title = t.fill(
            key::OC4IDS_REPORTS_TITLE,
            &[("name", text(&project.record.name, lang))],
        );
        documents.push(json!({
            "id": "progress-reports",
            "documentType": "physicalProgressReport",
            "title": title,
            "url": page(urls::project(&county.slug, notice.year, &project.id)),
            "format": "text/html",
            "language": lang.code(),
            "datePublished": start_of(first.front.date),
            "dateModified": start_of(last.front.date),
        }));
    }
    documents
}

fn metrics(reports: &[&Report], unit: AmountUnit, t: &Strings) -> Vec<Value> {
    let percent = t.get(key::OC4IDS_PERCENT);
    let physical: Vec<Value> = reports
        .iter()
        .filter_map(|report| {
            let stated = report.front.percent.as_ref()?;
            let mut observation = observation(report, t);
            observation.insert("measure".into(), stated.value.into());
            observation.insert(
                "unit".into(),
                json!({ "name": percent, "scheme": "UNCEFACT", "id": "P1" }),
            );
            Some(observation.into())
        })
        .collect();
    let financial: Vec<Value> = reports
        .iter()
        .filter_map(|report| {
            let spent = report.front.spent.as_ref()?.value.value;
            let mut observation = observation(report, t);
            observation.insert("value".into(), value(yuan(spent, unit)?));
            Some(observation.into())
        })
        .collect();
    // A metric with no observation is left out; its title and description come from the theme.
    let metric = |id: &str, (title, about): (key::Key, key::Key), observations: Vec<Value>| {
        (!observations.is_empty()).then(|| {
            json!({
                "id": id,
                "title": t.get(title),
                "description": t.get(about),
                "observations": observations,
            })
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
fn observation(report: &Report, t: &Strings) -> Map<String, Value> {
    let front = &report.front;
    let mut observation = Map::new();
    observation.insert("id".into(), front.date.to_string().into());
    observation.insert("period".into(), json!({ "endDate": end_of(front.date) }));
    if let Some(item) = &front.item {
        observation.insert(
            "dimensions".into(),
            json!({ "item": item.value.to_string() }),
        );
    }
    observation.insert(
        "notes".into(),
        t.fill(
            key::OC4IDS_REPORT_STATUS,
            &[("status", &status_label(front.status, t))],
        )
        .into(),
    );
    observation
}

/// The day the latest run of completed reports began, and the spending then.
fn completion(reports: &[&Report], unit: AmountUnit) -> Option<Value> {
    let first_completed = reports
        .iter()
        .rev()
        .take_while(|r| r.front.status == ProgressStatus::Completed)
        .last()?;
    let mut completion = json!({ "endDate": end_of(first_completed.front.date) });
    let spent = first_completed.front.spent.as_ref().map(|s| s.value.value);
    if let Some(amount) = spent.and_then(|s| yuan(s, unit)) {
        completion["finalValue"] = value(amount);
    }
    Some(completion)
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

fn value(amount: Number) -> Value {
    json!({ "amount": amount, "currency": CURRENCY })
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

#[cfg(test)]
mod tests;
