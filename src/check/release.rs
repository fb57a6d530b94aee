//! Release: an unmarked notice blocks the build until staff decide.

use crate::diagnostic::Diagnostic;
use crate::model::{County, Notice, ReleaseStatus};

pub fn check(county: &County, notice: &Notice) -> Option<Diagnostic> {
    let release = &notice.record.release;
    (release.value == ReleaseStatus::Unmarked).then(|| {
        Diagnostic::error(
            "unmarked-release",
            format!(
                "the {} {} notice has no release decision, so nothing can be built",
                county.record.name.zh(), notice.year
            ),
        )
        .at_location(&notice.file, &release.referenced)
        .hint("the published text carries no 公开 mark: decide whether it is public (此件公开发布 / 主动公开), on-request (依申请公开) or withheld (不予公开), set `release:` accordingly and record why in `release_note:`")
    })
}
