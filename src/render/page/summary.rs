//! What the home and county pages say of each notice.

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

#[derive(Serialize)]
pub struct CountyCard {
    pub name: Text,
    pub href: String,
    pub notices: Vec<NoticeSummary>,
}
