//! Per-language views: what a template sees of the model, with every text
//! already in the page's language and every figure already formatted.
//!
//! Templates never see model types, so they cannot compute a figure or leak
//! a field that a view does not hold.

use serde::Serialize;

use super::format;
use super::theme::Strings;
use crate::model::{Bilingual, Lang, Money, ProgressStatus, Project, Tally};

/// A text in the page's language; `zh_only` when English was wanted and
/// only Chinese exists (shown with `lang="zh-CN"` and a marker).
#[derive(Debug, Clone, Serialize)]
pub struct Text {
    pub text: String,
    pub zh_only: bool,
}

impl Text {
    pub fn of(value: &Bilingual, lang: Lang) -> Text {
        let localized = value.get(lang);
        Text {
            text: localized.text.to_string(),
            zh_only: localized.is_fallback,
        }
    }

    /// A text that exists in the page's language, e.g. a UI string.
    pub fn plain(text: impl Into<String>) -> Text {
        Text {
            text: text.into(),
            zh_only: false,
        }
    }

    /// Chinese original shown on an English page (a name in both forms).
    pub fn chinese(text: impl Into<String>, lang: Lang) -> Text {
        Text {
            text: text.into(),
            zh_only: lang == Lang::En,
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
        unit: &str,
        lang: Lang,
        t: &Strings,
    ) -> TotalCheck {
        let computed = tally.total();
        let shown = computed.or(declared);
        let unknown = tally.rows_without_amount.to_string();
        let missing = match tally.rows_without_amount {
            0 => String::new(),
            1 => t.fill("total.one_unknown", &[]),
            _ => t.fill("total.some_unknown", &[("count", &unknown)]),
        };
        let (statement, agrees) = match (declared, computed) {
            (Some(d), Some(c)) if d == c => (t.get("total.agrees") + &missing, true),
            (Some(d), Some(c)) => (
                t.fill(
                    "total.differs",
                    &[("difference", &format::amount(lang, c.abs_diff(d), unit))],
                ) + &missing,
                false,
            ),
            (Some(_), None) => (t.get("total.no_amounts"), false),
            (None, Some(_)) => (t.get("total.not_declared") + &missing, true),
            (None, None) => (t.get("total.no_amounts"), true),
        };
        TotalCheck {
            declared: declared.map(|d| format::figure(lang, d)),
            computed: computed.map(|c| format::figure(lang, c)),
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
        let mut overdue = 0;
        let mut total = 0;
        for project in projects {
            let status = project.status(cx.drafts);
            if let Some(i) = ProgressStatus::ALL.iter().position(|s| *s == status) {
                counts[i] += 1;
            }
            overdue += usize::from(project.is_overdue(cx.as_of, cx.drafts));
            total += 1;
        }
        StatusSummary {
            rows: ProgressStatus::ALL
                .iter()
                .zip(counts)
                .map(|(status, count)| StatusCount {
                    code: status.code(),
                    label: status_label(*status, t),
                    count,
                })
                .collect(),
            total,
            overdue,
        }
    }
}

/// What decides a project's status on a page.
pub struct StatusContext {
    pub as_of: crate::model::Date,
    pub drafts: bool,
}

pub fn status_label(status: ProgressStatus, t: &Strings) -> String {
    t.get(&format!("status.{}", status.code()))
}

/// The UI string keys the Rust code itself uses; the theme must have them.
pub const CODE_KEYS: &[&str] = &[
    "total.agrees",
    "total.differs",
    "total.no_amounts",
    "total.not_declared",
    "total.one_unknown",
    "total.some_unknown",
    "status.planned",
    "status.in-progress",
    "status.completed",
    "status.suspended",
    "status.cancelled",
    "release.public",
    "release.on-request",
    "release.withheld",
    "release.unmarked",
    "meta.issuer",
    "meta.doc_number",
    "meta.written_date",
    "meta.published_date",
    "meta.release",
    "meta.index_number",
    "meta.unit",
    "amount.unknown",
    "item.label",
    "download.json",
    "download.csv",
    "nav.home",
    "nav.source",
    "project.title",
    "notice.title",
    "source.title",
    "county.title",
];
