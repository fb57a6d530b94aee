//! Per-language views: what a template sees of the model, with every text
//! already in the page's language and every figure already formatted.
//!
//! Templates never see model types, so they cannot compute a figure or leak
//! a field that a view does not hold.

use serde::Serialize;

use super::format;
use crate::model::{
    AmountUnit, Bilingual, County, Lang, Money, ProgressStatus, Project, Schedule, Tally,
};
use crate::theme::{Strings, keys as key};

/// A text as a page shows it. On an English page, Chinese text carries
/// `lang="zh-CN"`; `untranslated` adds a visible "Chinese only" marker,
/// which a name shown in its original form (a document number) does not need.
#[derive(Debug, Clone, Serialize)]
pub struct Text {
    pub text: String,
    /// `zh-CN` when the text is Chinese on an English page.
    pub lang: Option<&'static str>,
    pub untranslated: bool,
}

impl Text {
    pub fn of(value: &Bilingual, lang: Lang) -> Text {
        let localized = value.get(lang);
        Text {
            text: localized.text.to_string(),
            lang: localized.is_fallback.then_some("zh-CN"),
            untranslated: localized.is_fallback,
        }
    }

    /// A text that exists in the page's language, e.g. a UI string.
    pub fn plain(text: impl Into<String>) -> Text {
        Text {
            text: text.into(),
            lang: None,
            untranslated: false,
        }
    }

    /// A Chinese original shown as it is, e.g. a document number or a verbatim cell.
    pub fn chinese(text: impl Into<String>, lang: Lang) -> Text {
        Text {
            text: text.into(),
            lang: (lang == Lang::En).then_some("zh-CN"),
            untranslated: false,
        }
    }

    /// Chinese that should have been translated, e.g. a deadline with no date.
    pub fn untranslated(text: impl Into<String>, lang: Lang) -> Text {
        Text {
            untranslated: lang == Lang::En,
            ..Text::chinese(text, lang)
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: String,
    pub text: String,
}

/// A label and its value, for metadata lists.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub label: String,
    pub value: Text,
}

/// A declared figure beside the computed one, and a sentence saying how they compare.
#[derive(Debug, Clone, Serialize)]
pub struct TotalCheck {
    pub declared: Option<String>,
    pub computed: Option<String>,
    /// The figure in running text: `17462.244 万元`, `CNY 174.62 million`.
    pub amount: Option<String>,
    pub statement: String,
    pub agrees: bool,
}

impl TotalCheck {
    pub fn new(
        declared: Option<Money>,
        tally: Tally,
        unit: AmountUnit,
        lang: Lang,
        t: &Strings,
    ) -> TotalCheck {
        let computed = tally.total();
        let shown = computed.or(declared);
        let unknown = tally.rows_without_amount.to_string();
        let missing = match tally.rows_without_amount {
            0 => String::new(),
            1 => t.fill(key::TOTAL_ONE_UNKNOWN, &[]),
            _ => t.fill(key::TOTAL_SOME_UNKNOWN, &[("count", &unknown)]),
        };
        let (statement, agrees) = match (declared, computed) {
            (Some(d), Some(c)) if d == c => (t.get(key::TOTAL_AGREES) + &missing, true),
            (Some(d), Some(c)) => (
                t.fill(
                    key::TOTAL_DIFFERS,
                    &[("difference", &format::amount(lang, c.abs_diff(d), unit))],
                ) + &missing,
                false,
            ),
            (Some(_), None) => (t.get(key::TOTAL_NO_AMOUNTS), false),
            (None, Some(_)) => (t.get(key::TOTAL_NOT_DECLARED) + &missing, true),
            (None, None) => (t.get(key::TOTAL_NO_AMOUNTS), true),
        };
        TotalCheck {
            declared: declared.map(format::figure),
            computed: computed.map(format::figure),
            amount: shown.map(|s| format::amount(lang, s, unit)),
            statement,
            agrees,
        }
    }
}

/// Counts of projects by status, in words, plus those overdue.
#[derive(Debug, Clone, Serialize)]
pub struct StatusSummary {
    pub rows: Vec<StatusCount>,
    pub total: usize,
    pub overdue: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub code: &'static str,
    pub label: String,
    pub count: usize,
}

impl StatusSummary {
    pub fn of<'a>(
        projects: impl IntoIterator<Item = &'a Project>,
        cx: &StatusContext,
        t: &Strings,
    ) -> StatusSummary {
        let mut counts = [0usize; 5];
        let mut not_reported = 0;
        let mut overdue = 0;
        let mut total = 0;
        for project in projects {
            match project.status(cx.drafts) {
                Some(status) => {
                    if let Some(i) = ProgressStatus::ALL.iter().position(|s| *s == status) {
                        counts[i] += 1;
                    }
                }
                None => not_reported += 1,
            }
            overdue += usize::from(project.is_overdue(cx.as_of, cx.drafts));
            total += 1;
        }
        let mut rows: Vec<StatusCount> = ProgressStatus::ALL
            .iter()
            .zip(counts)
            .map(|(status, count)| StatusCount {
                code: status.code(),
                label: status_label(*status, t),
                count,
            })
            .collect();
        // Projects without a report are counted apart: they are in no status.
        rows.push(StatusCount {
            code: NOT_REPORTED,
            label: t.get(key::STATUS_NOT_REPORTED),
            count: not_reported,
        });
        StatusSummary {
            rows,
            total,
            overdue,
        }
    }
}

/// The progress of a set of projects: status counts, those overdue, average
/// completion and money spent against money planned.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub status: StatusSummary,
    /// The overdue projects, when the dashboard covers one county.
    pub overdue: Vec<OverdueProject>,
    /// How many are overdue in each county, when it covers several: a
    /// national list of every overdue project would be unreadable.
    pub overdue_by_county: Vec<OverdueCount>,
    /// The overdue are counted per province on the page itself (the home
    /// page of a site with provinces), so the dashboard lists none.
    pub overdue_by_province: bool,
    /// The average percent of the projects whose latest report states one;
    /// `None` when none does.
    pub average_percent: Option<i64>,
    pub spending: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverdueProject {
    pub name: Text,
    /// The county and year, so that no list leaves a reader to guess whose project it is.
    pub place: String,
    pub href: String,
    pub deadline: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverdueCount {
    pub county: Text,
    pub href: String,
    pub count: usize,
}

/// One project of a dashboard, with the links to its page and its
/// county's from the page at hand.
pub struct DashboardEntry<'a> {
    pub project: &'a Project,
    pub county: &'a County,
    pub year: u16,
    /// The unit of its notice's amounts; none when the notice states none.
    pub unit: Option<AmountUnit>,
    pub href: String,
    pub county_href: String,
}

impl Dashboard {
    pub fn of(
        entries: &[DashboardEntry],
        cx: &StatusContext,
        lang: Lang,
        t: &Strings,
    ) -> Dashboard {
        let status = StatusSummary::of(entries.iter().map(|e| e.project), cx, t);
        let overdue: Vec<&DashboardEntry> = entries
            .iter()
            .filter(|e| e.project.is_overdue(cx.as_of, cx.drafts))
            .collect();
        let several_counties = entries
            .windows(2)
            .any(|w| w[0].county.slug != w[1].county.slug);
        let overdue_by_county = if several_counties {
            overdue_counts(&overdue, lang)
        } else {
            Vec::new()
        };
        let overdue = overdue
            .iter()
            .filter(|_| !several_counties)
            .map(|e| OverdueProject {
                name: Text::of(&e.project.record.name, lang),
                place: format!("{} {}", e.county.record.name.get(lang).text, e.year),
                href: e.href.clone(),
                deadline: e
                    .project
                    .deadline()
                    .map(|d| format::date(lang, d))
                    .unwrap_or_default(),
            })
            .collect();
        let percents: Vec<i64> = entries
            .iter()
            .filter_map(|e| {
                let report = e.project.latest_report(cx.drafts)?;
                Some(report.front.percent.as_ref()?.value)
            })
            .collect();
        let average_percent = percents
            .iter()
            .sum::<i64>()
            .checked_div(percents.len() as i64);
        Dashboard {
            status,
            overdue,
            overdue_by_county,
            overdue_by_province: false,
            average_percent,
            spending: spending(entries, cx, lang, t),
        }
    }
}

/// Overdue projects counted per county, in the order the counties come.
fn overdue_counts(overdue: &[&DashboardEntry], lang: Lang) -> Vec<OverdueCount> {
    let mut counts: Vec<OverdueCount> = Vec::new();
    for entry in overdue {
        match counts.last_mut() {
            Some(last) if last.href == entry.county_href => last.count += 1,
            _ => counts.push(OverdueCount {
                county: Text::of(&entry.county.record.name, lang),
                href: entry.county_href.clone(),
                count: 1,
            }),
        }
    }
    counts
}

/// "CNY 5.5 million spent of CNY 17.1 million planned (32%)". Notices in
/// different units are added up in yuan, exactly; otherwise in their unit.
fn spending(
    entries: &[DashboardEntry],
    cx: &StatusContext,
    lang: Lang,
    t: &Strings,
) -> Option<String> {
    let mut units = entries.iter().filter_map(|e| e.unit);
    let first = units.next()?;
    let unit = if units.all(|u| u == first) {
        first
    } else {
        AmountUnit::Yuan
    };
    let factor = |e: &DashboardEntry| e.unit.map_or(1, |u| u.yuan() / unit.yuan());
    let spent: Money = entries
        .iter()
        .filter_map(|e| Some(e.project.spent(cx.drafts)?.times(factor(e))))
        .sum();
    let planned: Vec<Money> = entries
        .iter()
        .filter_map(|e| Some(e.project.tally().total()?.times(factor(e))))
        .collect();
    if planned.is_empty() {
        return None;
    }
    let planned: Money = planned.into_iter().sum();
    let reporting = entries
        .iter()
        .filter(|e| e.project.spent(cx.drafts).is_some())
        .count();
    (reporting > 0).then(|| spent_of_planned(spent, planned, unit, lang, t))
}

/// "CNY 550,000 spent of CNY 605,000 planned (90%)".
pub fn spent_of_planned(
    spent: Money,
    planned: Money,
    unit: AmountUnit,
    lang: Lang,
    t: &Strings,
) -> String {
    let share = spent
        .percent_of(planned)
        .map(|p| format!("{p}%"))
        .unwrap_or_default();
    t.fill(
        key::PROGRESS_SPENT_OF_PLANNED,
        &[
            ("spent", &format::amount(lang, spent, unit)),
            ("planned", &format::amount(lang, planned, unit)),
            ("share", &share),
        ],
    )
}

/// Progress against 序时进度, in words, with both percentages.
pub fn schedule_text(percent: i64, date: crate::model::Date, t: &Strings) -> String {
    let schedule = Schedule::of(percent, date);
    t.fill(
        key::Key::schedule(schedule),
        &[
            ("percent", &format!("{percent}%")),
            ("elapsed", &format!("{}%", Schedule::year_elapsed(date))),
        ],
    )
}

/// A completion rate: `54%`, or `133% of target (exceeded)` where the
/// government printed a rate above 100.
pub fn percent_text(percent: i64, reported: Option<i64>, t: &Strings) -> String {
    match reported {
        Some(reported) => t.fill(key::REPORT_EXCEEDED, &[("percent", &reported.to_string())]),
        None => format!("{percent}%"),
    }
}

/// The government's own schedule judgement (是否达序), in words.
pub fn government_schedule(on_schedule: Option<bool>, t: &Strings) -> Option<String> {
    on_schedule.map(|on| {
        t.get(if on {
            key::REPORT_ON_SCHEDULE
        } else {
            key::REPORT_BEHIND_SCHEDULE
        })
    })
}

/// What decides a project's status on a page.
pub struct StatusContext {
    pub as_of: crate::model::Date,
    pub drafts: bool,
}

/// The code of a project without a report, in CSS classes, search and data.
pub const NOT_REPORTED: &str = "not-reported";

/// A project's state in words and as a code, as far as the records say:
/// its latest report's status; without a report, that none is reported
/// (or, past its deadline, that no completion is reported).
pub fn project_state(project: &Project, cx: &StatusContext, t: &Strings) -> (String, &'static str) {
    match project.status(cx.drafts) {
        Some(status) => (status_label(status, t), status.code()),
        None if project.deadline_passed(cx.as_of) => {
            (t.get(key::STATUS_DEADLINE_PASSED), "deadline-passed")
        }
        None => (t.get(key::STATUS_NOT_REPORTED), NOT_REPORTED),
    }
}

pub fn status_label(status: ProgressStatus, t: &Strings) -> String {
    t.get(key::Key::status(status))
}
