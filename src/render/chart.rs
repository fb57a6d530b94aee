//! Charts: investment on the notice page, by group and by lead unit;
//! progress month by month on the project page.
//!
//! The template draws each row as an SVG bar beside its label; the same rows
//! are shown as a table beside the chart, so no figure exists only as a picture.

use std::collections::BTreeMap;

use serde::Serialize;

use super::format;
use super::views::Text;
use crate::model::{AmountUnit, Bilingual, Lang, Money, Notice, Report};
use crate::theme::Strings;

/// How many lead units a chart shows; the rest are summed into one bar.
const MOST_UNITS: usize = 10;

#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub rows: Vec<Bar>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub label: Text,
    /// The figure in the table below the chart: exact.
    pub value: String,
    /// The figure beside the bar, short enough for a phone; the table
    /// below gives it exactly.
    pub short: String,
    /// Bar length as a share of the longest bar, 1–100.
    pub percent: u32,
}

/// Stated amounts by group; `None` with fewer than two groups or no amounts.
pub fn by_group(notice: &Notice, lang: Lang) -> Option<Chart> {
    let rows: Vec<(Text, Money)> = notice
        .groups()
        .iter()
        .enumerate()
        .filter_map(|(g, group)| {
            Some((
                Text::of(group.name.as_ref()?, lang),
                notice.group_tally(g).total()?,
            ))
        })
        .collect();
    (rows.len() >= 2).then(|| chart(rows, notice.unit(), lang))
}

/// Stated amounts by each item's first lead unit, largest first.
pub fn by_lead_unit(notice: &Notice, lang: Lang, others: &str) -> Option<Chart> {
    let mut totals: BTreeMap<&str, (&Bilingual, Money)> = BTreeMap::new();
    for item in notice.projects.iter().flat_map(|p| &p.record.items) {
        if let (Some(unit), Some(amount)) = (item.lead_units.first(), &item.amount) {
            let entry = totals.entry(unit.zh()).or_insert((unit, Money::ZERO));
            entry.1 = entry.1 + amount.value.value;
        }
    }
    let mut ranked: Vec<(&Bilingual, Money)> = totals.into_values().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.zh().cmp(b.0.zh())));
    let rest: Money = ranked.iter().skip(MOST_UNITS).map(|(_, m)| *m).sum();
    let mut rows: Vec<(Text, Money)> = ranked
        .iter()
        .take(MOST_UNITS)
        .map(|(u, m)| (Text::of(u, lang), *m))
        .collect();
    if ranked.len() > MOST_UNITS {
        rows.push((Text::plain(others), rest));
    }
    (!rows.is_empty()).then(|| chart(rows, notice.unit(), lang))
}

/// Each report's percent, oldest first; `None` with fewer than two reports that state one.
/// A rate the government printed above 100 is shown as printed, its bar full.
pub fn progress(reports: &[&Report], lang: Lang, t: &Strings) -> Option<Chart> {
    let rows: Vec<Bar> = reports
        .iter()
        .filter_map(|report| {
            let front = &report.front;
            let percent = front.percent.as_ref()?.value;
            let value = super::views::percent_text(
                percent,
                front.details().percent_reported.as_ref().map(|p| p.value),
                t,
            );
            Some(Bar {
                label: Text::plain(format::date(lang, front.date)),
                short: value.clone(),
                value,
                percent: u32::try_from(percent.clamp(1, 100)).unwrap_or(1),
            })
        })
        .collect();
    (rows.len() >= 2).then_some(Chart { rows })
}

fn chart(rows: Vec<(Text, Money)>, unit: AmountUnit, lang: Lang) -> Chart {
    let largest = rows.iter().map(|(_, m)| *m).max().unwrap_or(Money::ZERO);
    let rows = rows
        .into_iter()
        .map(|(label, amount)| Bar {
            label,
            value: format::amount(lang, amount, unit),
            short: format::short_amount(lang, amount, unit),
            percent: amount.percent_of(largest).map_or(0, |p| p.max(1) as u32),
        })
        .collect();
    Chart { rows }
}
