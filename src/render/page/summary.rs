//! What the home, province and county pages say of each notice, county and province.

use serde::Serialize;

use super::PageContext;
use crate::model::{County, Notice};
use crate::render::views::{StatusSummary, Text, TotalCheck};
use crate::render::{accountability, urls};

#[derive(Serialize)]
pub struct NoticeSummary {
    year: u16,
    title: Text,
    href: String,
    project_count: usize,
    total: TotalCheck,
    status: StatusSummary,
    /// Chosen by vote → progress → year-end result → satisfaction, as far as the records go.
    chain: Vec<accountability::Step>,
}

pub fn notice_summary(
    cx: &PageContext,
    from: &str,
    county: &County,
    notice: &Notice,
) -> NoticeSummary {
    let declared = notice.record.declared_total.as_ref().map(|a| a.value.value);
    NoticeSummary {
        year: notice.year,
        title: Text::of(&notice.record.title, cx.lang),
        href: cx.href(from, &urls::notice(&county.slug, notice.year)),
        project_count: notice.projects.len(),
        total: TotalCheck::new(declared, notice.tally(), notice.unit(), cx.lang, cx.t),
        status: StatusSummary::of(&notice.projects, &cx.status(), cx.t),
        chain: accountability::chain(notice, cx.lang, cx.t, cx.options.drafts),
    }
}

/// One notice as a row of a table of counties: its figures for its year.
#[derive(Serialize)]
pub struct NoticeRow {
    county: Text,
    county_href: String,
    year: u16,
    href: String,
    projects: usize,
    /// The total in running text; `None` when the notice states no amounts.
    investment: Option<String>,
    /// Projects with at least one progress report.
    reporting: usize,
    overdue: usize,
}

pub fn notice_rows<'a>(
    cx: &PageContext,
    from: &str,
    counties: impl IntoIterator<Item = &'a County>,
) -> Vec<NoticeRow> {
    counties
        .into_iter()
        .flat_map(|county| county.notices.iter().map(move |notice| (county, notice)))
        .map(|(county, notice)| {
            let declared = notice.record.declared_total.as_ref().map(|a| a.value.value);
            let total = TotalCheck::new(declared, notice.tally(), notice.unit(), cx.lang, cx.t);
            let (reporting, overdue) = reporting_and_overdue(cx, notice);
            NoticeRow {
                county: Text::of(&county.record.name, cx.lang),
                county_href: cx.href(from, &urls::county(&county.slug)),
                year: notice.year,
                href: cx.href(from, &urls::notice(&county.slug, notice.year)),
                projects: notice.projects.len(),
                investment: total.amount.filter(|_| notice.states_amounts()),
                reporting,
                overdue,
            }
        })
        .collect()
}

/// How many of a notice's projects report progress, and how many are overdue.
fn reporting_and_overdue(cx: &PageContext, notice: &Notice) -> (usize, usize) {
    let drafts = cx.options.drafts;
    let projects = &notice.projects;
    (
        projects
            .iter()
            .filter(|p| p.status(drafts).is_some())
            .count(),
        projects
            .iter()
            .filter(|p| p.is_overdue(cx.options.as_of, drafts))
            .count(),
    )
}

/// One province as a row of the home page's table, summed over its counties' notices.
#[derive(Serialize)]
pub struct ProvinceRow {
    name: Text,
    href: String,
    counties: usize,
    projects: usize,
    reporting: usize,
    overdue: usize,
}

/// A row per province with a page, in the order of their first counties.
pub fn province_rows(cx: &PageContext, from: &str) -> Vec<ProvinceRow> {
    let mut rows: Vec<(&crate::model::ProvinceSlug, ProvinceRow)> = Vec::new();
    for county in cx.counties {
        let Some(province) = &county.province else {
            continue;
        };
        let at = match rows.iter().position(|(slug, _)| **slug == province.slug) {
            Some(at) => at,
            None => {
                rows.push((
                    &province.slug,
                    ProvinceRow {
                        name: Text::of(&province.name, cx.lang),
                        href: cx.href(from, &urls::province(&province.slug)),
                        counties: 0,
                        projects: 0,
                        reporting: 0,
                        overdue: 0,
                    },
                ));
                rows.len() - 1
            }
        };
        let row = &mut rows[at].1;
        row.counties += 1;
        for notice in &county.notices {
            let (reporting, overdue) = reporting_and_overdue(cx, notice);
            row.projects += notice.projects.len();
            row.reporting += reporting;
            row.overdue += overdue;
        }
    }
    rows.into_iter().map(|(_, row)| row).collect()
}
