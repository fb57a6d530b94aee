//! The keys of the UI strings the code uses. Each key is named once, here;
//! theme loading checks that both languages have every one of them (and
//! every key the templates use), so a missing string is an error at build,
//! never a raw key on a page.

use crate::model::accountability::CompletionResult;
use crate::model::{ProgressStatus, ReleaseStatus, Schedule};

/// The key of a UI string in `i18n/{zh,en}.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key(&'static str);

impl Key {
    pub fn as_str(self) -> &'static str {
        self.0
    }

    pub fn status(status: ProgressStatus) -> Key {
        match status {
            ProgressStatus::Planned => STATUS_PLANNED,
            ProgressStatus::InProgress => STATUS_IN_PROGRESS,
            ProgressStatus::Completed => STATUS_COMPLETED,
            ProgressStatus::Suspended => STATUS_SUSPENDED,
            ProgressStatus::Cancelled => STATUS_CANCELLED,
        }
    }

    pub fn release(release: ReleaseStatus) -> Key {
        match release {
            ReleaseStatus::Public => RELEASE_PUBLIC,
            ReleaseStatus::OnRequest => RELEASE_ON_REQUEST,
            ReleaseStatus::Withheld => RELEASE_WITHHELD,
            ReleaseStatus::Unmarked => RELEASE_UNMARKED,
        }
    }

    pub fn completion(result: CompletionResult) -> Key {
        match result {
            CompletionResult::Completed => RESULT_COMPLETED,
            CompletionResult::MostlyCompleted => RESULT_MOSTLY_COMPLETED,
            CompletionResult::NotCompleted => RESULT_NOT_COMPLETED,
        }
    }

    pub fn schedule(schedule: Schedule) -> Key {
        match schedule {
            Schedule::Ahead => SCHEDULE_AHEAD,
            Schedule::OnTrack => SCHEDULE_ON_TRACK,
            Schedule::Behind => SCHEDULE_BEHIND,
        }
    }
}

macro_rules! keys {
    ($($name:ident = $key:literal,)*) => {
        $(pub const $name: Key = Key($key);)*
        /// Every key the code uses.
        pub const ALL: &[Key] = &[$($name),*];
    };
}

keys! {
    ABOUT_TITLE = "about.title",
    DATA_FORMAT_ALL = "data.format_all",
    DATA_FORMAT_CSV = "data.format_csv",
    DATA_FORMAT_JSON = "data.format_json",
    DATA_FORMAT_OC4IDS = "data.format_oc4ids",
    DATA_FORMAT_SCHEMA = "data.format_schema",
    DATA_TITLE = "data.title",
    ACCOUNTABILITY_COMPLETED_OF = "accountability.completed_of",
    ACCOUNTABILITY_COMPLETION = "accountability.completion",
    ACCOUNTABILITY_PROGRESS = "accountability.progress",
    ACCOUNTABILITY_REPORTS = "accountability.reports",
    ACCOUNTABILITY_SATISFACTION = "accountability.satisfaction",
    ACCOUNTABILITY_SATISFIED_OF = "accountability.satisfied_of",
    ACCOUNTABILITY_VOTE = "accountability.vote",
    CHART_OTHERS = "chart.others",
    COUNTY_TITLE = "county.title",
    COUNTY_YEAR = "county.year",
    DOWNLOAD_CSV = "download.csv",
    DOWNLOAD_JSON = "download.json",
    FEED_NOTICE = "feed.notice",
    FEED_SITE = "feed.site",
    FEED_TITLE = "feed.title",
    ITEM_LABEL = "item.label",
    META_DOC_NUMBER = "meta.doc_number",
    META_INDEX_NUMBER = "meta.index_number",
    META_ISSUER = "meta.issuer",
    META_PUBLISHED_DATE = "meta.published_date",
    META_RELEASE = "meta.release",
    META_AMOUNTS = "meta.amounts",
    META_NO_AMOUNTS = "meta.no_amounts",
    META_UNIT = "meta.unit",
    META_WRITTEN_DATE = "meta.written_date",
    NAV_HOME = "nav.home",
    NAV_OTHER_LANGUAGE = "nav.other_language",
    NOTFOUND_TITLE = "notfound.title",
    NOTICE_CARD_ONE_UNKNOWN = "notice.card_one_unknown",
    NOTICE_CARD_SOME_UNKNOWN = "notice.card_some_unknown",
    NOTICE_CRUMB = "notice.crumb",
    NOTICE_TITLE = "notice.title",
    OC4IDS_BUDGET = "oc4ids.budget",
    PROVINCE_TITLE = "province.title",
    OC4IDS_FINANCIAL = "oc4ids.financial",
    OC4IDS_FINANCIAL_ABOUT = "oc4ids.financial_about",
    OC4IDS_PERCENT = "oc4ids.percent",
    OC4IDS_PHYSICAL = "oc4ids.physical",
    OC4IDS_PHYSICAL_ABOUT = "oc4ids.physical_about",
    OC4IDS_REPORT_STATUS = "oc4ids.report_status",
    OC4IDS_REPORTS_TITLE = "oc4ids.reports_title",
    PROGRESS_SPENT_OF_PLANNED = "progress.spent_of_planned",
    REDIRECT_TEXT = "redirect.text",
    RELEASE_ON_REQUEST = "release.on-request",
    RELEASE_PUBLIC = "release.public",
    RELEASE_UNMARKED = "release.unmarked",
    RELEASE_WITHHELD = "release.withheld",
    SCHEDULE_AHEAD = "schedule.ahead",
    SCHEDULE_BEHIND = "schedule.behind",
    SCHEDULE_ON_TRACK = "schedule.on-track",
    REPORT_BEHIND_SCHEDULE = "report.behind_schedule",
    RESULT_COMPLETED = "result.completed",
    RESULT_MOSTLY_COMPLETED = "result.mostly-completed",
    RESULT_NOT_COMPLETED = "result.not-completed",
    REPORT_EXCEEDED = "report.exceeded",
    REPORT_ON_SCHEDULE = "report.on_schedule",
    SEARCH_TITLE = "search.title",
    SITE_LAST_UPDATED = "site.last_updated",
    SOURCE_TITLE = "source.title",
    STATUS_CANCELLED = "status.cancelled",
    STATUS_DEADLINE_PASSED = "status.deadline-passed",
    STATUS_NOT_REPORTED = "status.not-reported",
    STATUS_COMPLETED = "status.completed",
    STATUS_IN_PROGRESS = "status.in-progress",
    STATUS_PLANNED = "status.planned",
    STATUS_SUSPENDED = "status.suspended",
    TOTAL_AGREES = "total.agrees",
    TOTAL_DIFFERS = "total.differs",
    TOTAL_NO_AMOUNTS = "total.no_amounts",
    TOTAL_NOT_DECLARED = "total.not_declared",
    TOTAL_ONE_UNKNOWN = "total.one_unknown",
    TOTAL_SOME_UNKNOWN = "total.some_unknown",
}

/// The keys a template uses: every `t["…"]` in its text.
pub fn in_template(text: &str) -> Vec<&str> {
    text.match_indices("t[\"")
        .filter_map(|(at, open)| {
            let rest = &text[at + open.len()..];
            rest.find("\"]").map(|end| &rest[..end])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_keys_a_template_uses() {
        let template = r#"<p>{{ t["nav.home"] }}</p>{% for t in view.items %}{{ t.text }}{% endfor %}{{ t["amount.unknown"] }}"#;
        assert_eq!(in_template(template), ["nav.home", "amount.unknown"]);
    }

    #[test]
    fn every_key_is_listed_once() {
        let mut keys: Vec<&str> = ALL.iter().map(|k| k.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), ALL.len());
    }
}
