//! The model in bytes: how a loaded county is kept between builds (see
//! `build::snapshot`), so a rebuild reads one file per unchanged county
//! instead of its hundreds of records and reports.
//!
//! A plain, fixed layout, in field order: numbers little-endian, lengths
//! before what they count, a tag byte before an optional value. Every value
//! is made again through the constructor that guards it (`Bilingual::new`,
//! `Slug::parse`, `Amount::parse`, ...), so no bytes can make a value its
//! type forbids; bytes cut short read as `None`. Bytes changed in place may
//! still read as other, valid values: the snapshot file carries a checksum
//! of them for that. It is only ever read by the binary that wrote it (the
//! snapshot's key includes the binary), so it needs no versions.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::accountability::{
    AccountabilityRecord, Completion, CompletionResult, ProjectRating, ProjectResult, ProjectVotes,
    Satisfaction, Vote,
};
use super::records::{
    CountyRecord, FrontMatterAsWritten, GroupRecord, ItemFigures, ItemRecord, NoticeRecord,
    OriginalCells, ProjectRecord, ReportDetails, ReportFrontMatter,
};
use super::{
    Amount, AmountUnit, Bilingual, County, CountySlug, Date, Deadline, Image, Notice, Place,
    ProgressStatus, Project, ProjectId, Province, ProvinceSlug, ReleaseStatus, Report,
    ReportBodies, ReportKey, ReportText, Spanned, WebAddress,
};

/// A value that can be written to bytes and read back as the same value.
pub trait Stored: Sized {
    fn put(&self, out: &mut Vec<u8>);
    /// The value at the start of `input`, which then starts after it;
    /// `None` when the bytes are not one.
    fn take(input: &mut &[u8]) -> Option<Self>;
}

/// The first `n` bytes of `input`, which then starts after them.
fn bytes<'a>(input: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (head, rest) = input.split_at_checked(n)?;
    *input = rest;
    Some(head)
}

macro_rules! stored_number {
    ($($number:ty),*) => {$(
        impl Stored for $number {
            fn put(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn take(input: &mut &[u8]) -> Option<Self> {
                let raw = bytes(input, std::mem::size_of::<$number>())?;
                Some(<$number>::from_le_bytes(raw.try_into().ok()?))
            }
        }
    )*};
}

stored_number!(u8, u16, u32, u64, i32, i64);

impl Stored for usize {
    fn put(&self, out: &mut Vec<u8>) {
        (*self as u64).put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        usize::try_from(u64::take(input)?).ok()
    }
}

impl Stored for bool {
    fn put(&self, out: &mut Vec<u8>) {
        u8::from(*self).put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        match u8::take(input)? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

/// Raw bytes, their length first.
pub fn put_bytes(raw: &[u8], out: &mut Vec<u8>) {
    raw.len().put(out);
    out.extend_from_slice(raw);
}

/// The raw bytes [`put_bytes`] wrote.
pub fn take_bytes<'a>(input: &mut &'a [u8]) -> Option<&'a [u8]> {
    let len = usize::take(input)?;
    bytes(input, len)
}

impl Stored for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_bytes(self.as_bytes(), out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        String::from_utf8(take_bytes(input)?.to_vec()).ok()
    }
}

/// A path as its bytes, read back as a `PathBuf`.
fn put_path(path: &Path, out: &mut Vec<u8>) {
    use std::os::unix::ffi::OsStrExt;
    put_bytes(path.as_os_str().as_bytes(), out);
}

impl Stored for PathBuf {
    fn put(&self, out: &mut Vec<u8>) {
        put_path(self, out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        use std::os::unix::ffi::OsStrExt;
        Some(PathBuf::from(std::ffi::OsStr::from_bytes(take_bytes(
            input,
        )?)))
    }
}

impl<T: Stored> Stored for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.is_some().put(out);
        if let Some(value) = self {
            value.put(out);
        }
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        match bool::take(input)? {
            true => T::take(input).map(Some),
            false => Some(None),
        }
    }
}

impl<T: Stored> Stored for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        for value in self {
            value.put(out);
        }
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        let len = usize::take(input)?;
        // A damaged length must not ask for more memory than a few values
        // take: past that, the vector grows as values actually arrive.
        let mut values = Vec::with_capacity(len.min(64));
        for _ in 0..len {
            values.push(T::take(input)?);
        }
        Some(values)
    }
}

impl<A: Stored, B: Stored> Stored for (A, B) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some((A::take(input)?, B::take(input)?))
    }
}

impl<A: Stored, B: Stored, C: Stored> Stored for (A, B, C) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
        self.2.put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some((A::take(input)?, B::take(input)?, C::take(input)?))
    }
}

/// A value kept as its text and made again by its parser.
macro_rules! stored_as_text {
    ($($type:ty => $text:expr, $parse:expr;)*) => {$(
        impl Stored for $type {
            fn put(&self, out: &mut Vec<u8>) {
                put_bytes($text(self).as_bytes(), out);
            }
            fn take(input: &mut &[u8]) -> Option<Self> {
                $parse(std::str::from_utf8(take_bytes(input)?).ok()?).ok()
            }
        }
    )*};
}

stored_as_text! {
    ProjectId => ProjectId::as_str, ProjectId::parse;
    CountySlug => CountySlug::as_str, CountySlug::parse;
    ProvinceSlug => ProvinceSlug::as_str, ProvinceSlug::parse;
    WebAddress => WebAddress::as_str, WebAddress::parse;
    Amount => amount_text, Amount::parse;
    AmountUnit => |u: &AmountUnit| u.as_str(), AmountUnit::parse;
}

/// An amount as the record wrote it, which it is parsed from again.
fn amount_text(amount: &Amount) -> &str {
    &amount.original
}

/// An enumeration kept as its place in `ALL`. A value `ALL` lacks (a
/// variant added and not listed) is kept as a place no list has, so its
/// snapshot reads as nothing rather than as another value.
macro_rules! stored_as_index {
    ($($type:ty => $all:expr;)*) => {$(
        impl Stored for $type {
            fn put(&self, out: &mut Vec<u8>) {
                let index = $all.iter().position(|v| v == self).map_or(u8::MAX, |i| i as u8);
                index.put(out);
            }
            fn take(input: &mut &[u8]) -> Option<Self> {
                $all.get(usize::from(u8::take(input)?)).copied()
            }
        }
    )*};
}

stored_as_index! {
    ProgressStatus => ProgressStatus::ALL;
    CompletionResult => CompletionResult::ALL;
    ReleaseStatus => ReleaseStatus::ALL;
}

impl Stored for Date {
    fn put(&self, out: &mut Vec<u8>) {
        (self.year(), self.month(), self.day()).put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        let (year, month, day) = Stored::take(input)?;
        Date::new(year, month, day)
    }
}

impl Stored for Bilingual {
    /// As a `String` and an `Option<String>`, without copying either.
    fn put(&self, out: &mut Vec<u8>) {
        put_bytes(self.zh().as_bytes(), out);
        self.en().is_some().put(out);
        if let Some(en) = self.en() {
            put_bytes(en.as_bytes(), out);
        }
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Bilingual::new(String::take(input)?, Stored::take(input)?).ok()
    }
}

impl<T: Stored> Stored for Spanned<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.value.put(out);
        (self.at.line, self.at.column).put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        let value = T::take(input)?;
        let (line, column) = <(u32, u32)>::take(input)?;
        Some(Spanned::new(value, Place { line, column }))
    }
}

impl Stored for OriginalCells {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some(OriginalCells(Vec::take(input)?))
    }
}

/// A struct whose fields are all public, field by field.
macro_rules! stored_fields {
    ($($type:ident { $($field:ident),* $(,)? })*) => {$(
        impl Stored for $type {
            fn put(&self, out: &mut Vec<u8>) {
                $(self.$field.put(out);)*
            }
            fn take(input: &mut &[u8]) -> Option<Self> {
                Some($type { $($field: Stored::take(input)?,)* })
            }
        }
    )*};
}

stored_fields! {
    County { slug, file, record, province, notices }
    CountyRecord { name, province, level }
    Province { slug, name }
    Notice {
        year, file, record, source_text, accountability, projects, unreadable,
        glossary_filled, draft_files,
    }
    NoticeRecord {
        issuer, title, doc_number, written_date, published_date, index_number, release,
        release_note, source, source_url, table_title, unit, declared_total, groups,
    }
    GroupRecord { name, declared_subtotal, projects }
    AccountabilityRecord { vote, completion, satisfaction }
    Vote { meeting, date, candidates, voters, projects }
    ProjectVotes { project, votes }
    Completion { date, source, projects }
    ProjectResult { project, result, achieved, target }
    Satisfaction { by, date, voters, projects }
    ProjectRating { project, satisfied, basically_satisfied, dissatisfied }
    ProjectRecord { number, name, aliases, items }
    ItemRecord {
        tasks, amount, leaders, lead_units, partner_units, deadline, location, remarks,
        original,
    }
    Deadline { text, date }
    ItemFigures { item, percent, percent_reported, spent, text }
    ReportText { zh, en }
    ReportKey { year, project, date }
}

impl Stored for Image {
    fn put(&self, out: &mut Vec<u8>) {
        self.name.put(out);
        put_bytes(&self.bytes, out);
        self.drafts_only.put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some(Image {
            name: String::take(input)?,
            bytes: take_bytes(input)?.to_vec(),
            drafts_only: bool::take(input)?,
        })
    }
}

impl Stored for ReportFrontMatter {
    fn put(&self, out: &mut Vec<u8>) {
        self.date.put(out);
        self.status.put(out);
        self.percent.put(out);
        self.spent.put(out);
        self.item.put(out);
        self.draft.put(out);
        // Named in full, so a field added to the details must be added here.
        let ReportDetails {
            title,
            percent_reported,
            items,
            on_schedule,
            schedule_note,
            source,
        } = self.details();
        title.put(out);
        percent_reported.put(out);
        items.put(out);
        on_schedule.put(out);
        schedule_note.put(out);
        source.put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        Some(ReportFrontMatter::from(FrontMatterAsWritten {
            date: Stored::take(input)?,
            status: Stored::take(input)?,
            percent: Stored::take(input)?,
            spent: Stored::take(input)?,
            item: Stored::take(input)?,
            draft: Stored::take(input)?,
            title: Stored::take(input)?,
            percent_reported: Stored::take(input)?,
            items: Stored::take(input)?,
            on_schedule: Stored::take(input)?,
            schedule_note: Stored::take(input)?,
            source: Stored::take(input)?,
        }))
    }
}

impl Stored for Project {
    fn put(&self, out: &mut Vec<u8>) {
        // Named in full, so a field added to `Project` must be added here.
        let Project {
            id,
            file,
            record,
            group,
            reports,
            images,
        } = self;
        id.put(out);
        file.put(out);
        record.put(out);
        group.put(out);
        reports.len().put(out);
        let mut folder: Option<&Path> = None;
        for report in reports {
            // A project's reports share one folder: it is written once, and
            // shared again when read back (a national site has 400,000 reports).
            let same = folder == Some(report.folder());
            same.put(out);
            if !same {
                put_path(report.folder(), out);
                folder = Some(report.folder());
            }
            report.named().put(out);
            report.front.put(out);
            report.body_line.put(out);
        }
        images.put(out);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        let id = Stored::take(input)?;
        let file = Stored::take(input)?;
        let record = Stored::take(input)?;
        let group = Stored::take(input)?;
        let count = usize::take(input)?;
        let mut reports = Vec::with_capacity(count.min(64));
        let mut folder: Option<Arc<Path>> = None;
        for _ in 0..count {
            if !bool::take(input)? {
                folder = Some(Arc::from(PathBuf::take(input)?));
            }
            reports.push(Report::new(
                folder.clone()?,
                Stored::take(input)?,
                Stored::take(input)?,
                Stored::take(input)?,
            ));
        }
        Some(Project {
            id,
            file,
            record,
            group,
            reports,
            images: Stored::take(input)?,
        })
    }
}

impl Stored for ReportBodies {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        for (key, text) in self.iter() {
            key.put(out);
            text.put(out);
        }
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        let mut bodies = ReportBodies::default();
        for _ in 0..usize::take(input)? {
            bodies.insert(ReportKey::take(input)?, ReportText::take(input)?);
        }
        Some(bodies)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every county of a content folder, with all its report bodies.
    fn loaded(root: &str) -> Vec<(County, ReportBodies)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
        let (loaded, diagnostics) = crate::load::load(&root);
        let mut loaded =
            loaded.unwrap_or_else(|| panic!("{root:?} does not load: {diagnostics:?}"));
        let counties = std::mem::take(&mut loaded.content.counties);
        counties
            .into_iter()
            .map(|county| {
                let bodies = loaded.bodies.remove(&county.slug).unwrap_or_default();
                (county, bodies)
            })
            .collect()
    }

    fn stored(value: &impl Stored) -> Vec<u8> {
        let mut bytes = Vec::new();
        value.put(&mut bytes);
        bytes
    }

    #[test]
    fn a_county_reads_back_as_it_was_loaded() {
        let mut counties = loaded("content");
        counties.extend(loaded("tests/fixtures/demo"));
        assert_eq!(counties.len(), 5, "four real counties and the sample one");
        let demo = &counties[4].0;
        // What the sample county has that the real ones lack.
        assert!(demo.notices[0].accountability.is_some());
        assert!(
            demo.notices[0]
                .projects
                .iter()
                .any(|p| !p.images.is_empty())
        );
        assert!(
            demo.notices[0]
                .projects
                .iter()
                .flat_map(|p| &p.reports)
                .any(|r| r.front.percent.is_some())
        );
        for (county, bodies) in &counties {
            let bytes = (stored(county), stored(bodies));
            let read_county = County::take(&mut bytes.0.as_slice()).unwrap();
            let read_bodies = ReportBodies::take(&mut bytes.1.as_slice()).unwrap();
            assert_eq!(format!("{read_county:?}"), format!("{county:?}"));
            assert_eq!(format!("{read_bodies:?}"), format!("{bodies:?}"));
            // The reports of a project share their folder again.
            for project in county.notices.iter().flat_map(|n| &n.projects) {
                if let [first, second, ..] = project.reports.as_slice() {
                    assert!(std::ptr::eq(first.folder(), second.folder()));
                }
            }
            for project in read_county.notices.iter().flat_map(|n| &n.projects) {
                if let [first, second, ..] = project.reports.as_slice() {
                    assert!(std::ptr::eq(first.folder(), second.folder()));
                }
            }
        }
    }

    #[test]
    fn every_variant_of_an_enumeration_kept_by_its_place_is_listed() {
        // Exhaustive matches: a variant added fails to compile here, next
        // to the reminder that its `ALL` must list it (else its snapshots
        // read as nothing, and the counties are read from their files).
        let release = |s| match s {
            ReleaseStatus::Public
            | ReleaseStatus::OnRequest
            | ReleaseStatus::Withheld
            | ReleaseStatus::Unmarked => ReleaseStatus::ALL.contains(&s),
        };
        assert!(ReleaseStatus::ALL.into_iter().all(release));
        assert_eq!(ReleaseStatus::ALL.len(), 4);
        let progress = |s| match s {
            ProgressStatus::Planned
            | ProgressStatus::InProgress
            | ProgressStatus::Completed
            | ProgressStatus::Suspended
            | ProgressStatus::Cancelled => ProgressStatus::ALL.contains(&s),
        };
        assert!(ProgressStatus::ALL.into_iter().all(progress));
        assert_eq!(ProgressStatus::ALL.len(), 5);
        let result = |r| match r {
            CompletionResult::Completed
            | CompletionResult::MostlyCompleted
            | CompletionResult::NotCompleted => CompletionResult::ALL.contains(&r),
        };
        assert!(CompletionResult::ALL.into_iter().all(result));
        assert_eq!(CompletionResult::ALL.len(), 3);
        assert!(ReleaseStatus::take(&mut [u8::MAX].as_slice()).is_none());
    }

    #[test]
    fn bytes_cut_short_or_out_of_range_read_as_nothing() {
        let (county, _) = loaded("tests/fixtures/demo").remove(0);
        let bytes = stored(&county);
        // Every cut short: none is a county.
        for len in 0..bytes.len() {
            assert!(County::take(&mut &bytes[..len]).is_none(), "cut at {len}");
        }
        // A slug that is not one, a date that is not a day, an empty Chinese text.
        let mut bad_slug = Vec::new();
        "Not A Slug".to_string().put(&mut bad_slug);
        assert!(ProjectId::take(&mut bad_slug.as_slice()).is_none());
        let mut bad_date = Vec::new();
        (2024i32, (2u8, 30u8)).put(&mut bad_date);
        assert!(Date::take(&mut bad_date.as_slice()).is_none());
        let mut empty_zh = Vec::new();
        (" ".to_string(), Some("x".to_string())).put(&mut empty_zh);
        assert!(Bilingual::take(&mut empty_zh.as_slice()).is_none());
        assert!(<Option<u8> as Stored>::take(&mut [2u8, 0].as_slice()).is_none());
    }
}
