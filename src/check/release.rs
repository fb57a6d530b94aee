//! Release: an unmarked notice blocks the build until staff decide; a
//! public notice without a date cannot be announced in the feeds.

use crate::diagnostic::Diagnostic;
use crate::model::{County, Notice, ReleaseStatus};

pub fn check(county: &County, notice: &Notice) -> Vec<Diagnostic> {
    let release = &notice.record.release;
    let mut found = Vec::new();
    if release.value == ReleaseStatus::Unmarked {
        found.push(
            Diagnostic::error(
                "unmarked-release",
                format!(
                    "the {} {} notice has no release decision, so nothing can be built",
                    county.record.name.zh(), notice.year
                ),
            )
            .at_place(&notice.file, release.at)
            .hint("the published text carries no 公开 mark: decide whether it is public (此件公开发布 / 主动公开), on-request (依申请公开) or withheld (不予公开), set `release:` accordingly and record why in `release_note:`"),
        );
    }
    if release.value.is_public() && notice.date().is_none() {
        found.push(
            Diagnostic::warning(
                "undated-notice",
                "the notice has neither `published_date:` nor `written_date:`, so the feeds cannot announce it",
            )
            .in_file(&notice.file)
            .hint("add the date the portal published it (`published_date: 2024-01-12`) or the date it bears (`written_date:`)"),
        );
    }
    found
}
