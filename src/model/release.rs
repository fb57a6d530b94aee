//! Whether a notice may be published, and a report's progress status.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The disclosure decision a notice carries (公开方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReleaseStatus {
    /// 此件公开发布 / 主动公开: published proactively.
    Public,
    /// 依申请公开: disclosed on request only, never on the site.
    OnRequest,
    /// 不予公开: not to be disclosed.
    Withheld,
    /// The text has no mark; staff must decide before anything is built.
    Unmarked,
}

impl ReleaseStatus {
    pub const ALL: [ReleaseStatus; 4] = [
        ReleaseStatus::Public,
        ReleaseStatus::OnRequest,
        ReleaseStatus::Withheld,
        ReleaseStatus::Unmarked,
    ];

    pub fn is_public(self) -> bool {
        self == ReleaseStatus::Public
    }

    pub fn code(self) -> &'static str {
        match self {
            ReleaseStatus::Public => "public",
            ReleaseStatus::OnRequest => "on-request",
            ReleaseStatus::Withheld => "withheld",
            ReleaseStatus::Unmarked => "unmarked",
        }
    }
}

impl fmt::Display for ReleaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A project's state as its latest report gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProgressStatus {
    Planned,
    InProgress,
    Completed,
    Suspended,
    Cancelled,
}

impl ProgressStatus {
    pub const ALL: [ProgressStatus; 5] = [
        ProgressStatus::Planned,
        ProgressStatus::InProgress,
        ProgressStatus::Completed,
        ProgressStatus::Suspended,
        ProgressStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProgressStatus::Planned => "planned",
            ProgressStatus::InProgress => "in-progress",
            ProgressStatus::Completed => "completed",
            ProgressStatus::Suspended => "suspended",
            ProgressStatus::Cancelled => "cancelled",
        }
    }

    /// Completed and cancelled projects cannot become overdue.
    pub fn is_closed(self) -> bool {
        matches!(self, ProgressStatus::Completed | ProgressStatus::Cancelled)
    }
}
