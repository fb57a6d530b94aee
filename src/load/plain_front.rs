//! A fast reading of the front matter nearly every report has: one
//! `key: value` line per key, each value plain or quoted on its line.
//!
//! A build reads two front matters per report, 400,000 at 1,000 counties;
//! through the YAML parser, with a source span kept for every value, that
//! was a tenth of the build's CPU. This reader accepts only what it reads
//! exactly as the YAML parser would, values and positions alike, and gives
//! up on anything else (comments, nesting, escapes, a value YAML might take
//! for something other than text), so the YAML parser reads those and every
//! diagnostic stays as exact as before. Debug builds, and with them the
//! tests and the fuzz targets, read every front matter both ways and
//! compare (`agrees_with_yaml`).

use crate::model::records::{FrontMatterAsWritten, ReportFrontMatter};
use crate::model::{Amount, Date, Place, ProgressStatus, Spanned};

/// Reads `front` (the lines between the `---` lines; its first line is the
/// file's second), or `None` when only the YAML parser may read it.
pub fn read(front: &str) -> Option<ReportFrontMatter> {
    if front.chars().any(needs_yaml) {
        return None;
    }
    let mut fields = Fields::default();
    for (index, line) in front.split('\n').enumerate() {
        if line.trim_matches(' ').is_empty() {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return None;
        }
        let spaced = rest.strip_prefix(' ')?;
        let value = spaced.trim_matches(' ');
        let lead = spaced.len() - spaced.trim_start_matches(' ').len();
        let line_number = u32::try_from(index + 2).ok()?;
        let column = u32::try_from(key.len() + 2 + lead + 1).ok()?;
        let at = Place {
            line: line_number,
            column,
        };
        fields.set(key, scalar(value)?, at)?;
    }
    fields.finish()
}

/// Characters after which a front matter, or a project record, is left to
/// the YAML parser: comments, escapes, tabs, other line breaks and control
/// characters (the project reader reads its records' comments and `\n`
/// escapes itself).
pub(super) fn needs_yaml(c: char) -> bool {
    matches!(
        c,
        '#' | '\\' | '\t' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    ) || (c.is_control() && c != '\n')
        || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// A one-line scalar as YAML reads it.
#[derive(Clone, Copy)]
pub(super) enum Scalar<'a> {
    Plain(&'a str),
    Quoted(&'a str),
}

pub(super) fn scalar(value: &str) -> Option<Scalar<'_>> {
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            let inner = inner.strip_suffix(quote)?;
            return (!inner.is_empty() && !inner.contains(quote)).then_some(Scalar::Quoted(inner));
        }
    }
    let first = value.chars().next()?;
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    (!indicator && !value.contains(": ") && !value.ends_with(':')).then_some(Scalar::Plain(value))
}

/// The keys read so far; each may appear once.
#[derive(Default)]
struct Fields {
    date: Option<Date>,
    status: Option<ProgressStatus>,
    percent: Option<Spanned<i64>>,
    spent: Option<Spanned<Amount>>,
    item: Option<Spanned<usize>>,
    draft: Option<bool>,
    title: Option<String>,
    percent_reported: Option<Spanned<i64>>,
    on_schedule: Option<bool>,
    schedule_note: Option<String>,
    source: Option<String>,
}

impl Fields {
    fn set(&mut self, key: &str, value: Scalar, at: Place) -> Option<()> {
        match key {
            "date" => fill(&mut self.date, date(value)?),
            "status" => fill(&mut self.status, status(value)?),
            "percent" => fill(&mut self.percent, Spanned::new(whole(value)?, at)),
            "percent_reported" => fill(&mut self.percent_reported, Spanned::new(whole(value)?, at)),
            "item" => fill(
                &mut self.item,
                Spanned::new(usize::try_from(whole(value)?).ok()?, at),
            ),
            "spent" => fill(&mut self.spent, Spanned::new(amount(value)?, at)),
            "draft" => fill(&mut self.draft, boolean(value)?),
            "on_schedule" => fill(&mut self.on_schedule, boolean(value)?),
            "title" => fill(&mut self.title, text(value)?),
            "schedule_note" => fill(&mut self.schedule_note, text(value)?),
            "source" => fill(&mut self.source, text(value)?),
            // `items:` nests, and an unknown key needs the YAML parser's message.
            _ => None,
        }
    }

    fn finish(self) -> Option<ReportFrontMatter> {
        Some(ReportFrontMatter::from(FrontMatterAsWritten {
            date: self.date?,
            status: self.status?,
            percent: self.percent,
            spent: self.spent,
            item: self.item,
            draft: self.draft.unwrap_or(false),
            title: self.title,
            percent_reported: self.percent_reported,
            items: Vec::new(),
            on_schedule: self.on_schedule,
            schedule_note: self.schedule_note,
            source: self.source,
        }))
    }
}

/// Fills an empty field; a key given twice is for the YAML parser to refuse.
fn fill<T>(field: &mut Option<T>, value: T) -> Option<()> {
    match field {
        Some(_) => None,
        None => {
            *field = Some(value);
            Some(())
        }
    }
}

pub(super) fn date(value: Scalar) -> Option<Date> {
    let (Scalar::Plain(text) | Scalar::Quoted(text)) = value;
    Date::parse(text).ok()
}

fn status(value: Scalar) -> Option<ProgressStatus> {
    let (Scalar::Plain(text) | Scalar::Quoted(text)) = value;
    ProgressStatus::ALL.into_iter().find(|s| s.code() == text)
}

/// A plain decimal integer without sign or leading zero: what YAML reads
/// as the same number in every schema.
fn whole(value: Scalar) -> Option<i64> {
    let Scalar::Plain(digits) = value else {
        return None;
    };
    let canonical = digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    canonical.then(|| digits.parse().ok()).flatten()
}

/// An amount quoted, or a plain whole number; a plain decimal is a YAML
/// float, which the YAML parser refuses with its own message.
pub(super) fn amount(value: Scalar) -> Option<Amount> {
    match value {
        Scalar::Quoted(text) => Amount::parse(text).ok(),
        Scalar::Plain(_) => Amount::parse(&whole(value)?.to_string()).ok(),
    }
}

fn boolean(value: Scalar) -> Option<bool> {
    match value {
        Scalar::Plain("true") => Some(true),
        Scalar::Plain("false") => Some(false),
        _ => None,
    }
}

/// Text that no YAML schema reads as a number, a boolean or null: a
/// plain value that could be a number in any notation is left to YAML.
pub(super) fn text(value: Scalar) -> Option<String> {
    match value {
        Scalar::Quoted(text) => Some(text.to_string()),
        Scalar::Plain(text) => {
            let first = text.chars().next()?;
            let lower = text.to_ascii_lowercase();
            let numeric = (first.is_ascii_digit() || matches!(first, '+' | '.'))
                && text
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-._:".contains(&b));
            let maybe_not_text = numeric
                || first == '~'
                || matches!(
                    lower.as_str(),
                    "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
                );
            (!maybe_not_text).then(|| text.to_string())
        }
    }
}

/// What both readings found, line and column included, for comparing them.
#[cfg(debug_assertions)]
pub fn describe(front: &ReportFrontMatter) -> String {
    let details = front.details();
    let at = |p: &Place| format!("@{}:{}", p.line, p.column);
    let spanned_i64 =
        |s: &Option<Spanned<i64>>| s.as_ref().map(|s| format!("{}{}", s.value, at(&s.at)));
    format!(
        "{} {:?} {:?} {:?} {:?} {} {:?} {:?} {} {:?} {:?} {:?}",
        front.date,
        front.status,
        spanned_i64(&front.percent),
        front
            .spent
            .as_ref()
            .map(|s| format!("{:?}{}", s.value, at(&s.at))),
        front
            .item
            .as_ref()
            .map(|s| format!("{}{}", s.value, at(&s.at))),
        front.draft,
        details.title,
        spanned_i64(&details.percent_reported),
        details.items.len(),
        details.on_schedule,
        details.schedule_note,
        details.source,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(front: &str) -> Option<ReportFrontMatter> {
        crate::load::yaml::parse(std::path::Path::new("r.md"), &format!("\n{front}")).ok()
    }

    /// Front matters both readers take, and the same reading of each.
    #[test]
    fn reads_what_the_yaml_parser_reads_where_it_reads_at_all() {
        let read_both = [
            "date: 2024-10-31\nstatus: in-progress\npercent: 77\nspent: \"1193.02\"\n",
            "date: 2024-03-31\nstatus: completed\npercent: 100\npercent_reported: 133\n",
            "date: '2024-03-31'\nstatus: planned\ndraft: true\n\ntitle: Land cleared\n",
            "date: 2024-03-31\nstatus: in-progress\nitem: 2\nspent: 40\non_schedule: false\n",
            "date: 2024-03-31\nstatus:   suspended  \nschedule_note: 因雨停工\nsource: 进展-2024-03.txt\n",
            "date: 2024-03-31\nstatus: cancelled\ntitle: \"Done: all of it\"\n",
            "date: 2024-03-31\nstatus: in-progress\ntitle: 'Stage 2, \"lot\" B'\n",
            "date: 2024-03-31\nstatus: in-progress\ntitle: 50 beds\n",
            "date: 2024-03-31\nstatus: in-progress\npercent:    5   \nitem:  1\n",
        ];
        for front in read_both {
            let fast = read(front).unwrap_or_else(|| panic!("fast reader declined {front:?}"));
            let slow = yaml(front).unwrap_or_else(|| panic!("YAML refused {front:?}"));
            assert_eq!(describe(&fast), describe(&slow), "{front:?}");
        }
    }

    /// Shapes the fast reader leaves to the YAML parser, readable or not.
    #[test]
    fn leaves_everything_else_to_the_yaml_parser() {
        let declined = [
            "date: 2024-03-31\nstatus: planned\n# a comment\n",
            "date: 2024-03-31\nstatus: planned\ntitle: Stage 1\n  continued\n",
            "date: 2024-03-31\nstatus: planned\ntitle: \"a\\tb\"\n",
            "date: 2024-03-31\nstatus: planned\ntitle: yes\n",
            "date: 2024-03-31\nstatus: planned\ntitle: 2024\n",
            "date: 2024-03-31\nstatus: planned\nsource: 2024-03.txt\n",
            "date: 2024-03-31\nstatus: planned\ntitle:\n",
            "date: 2024-03-31\nstatus: planned\ntitle: ''\n",
            "date: 2024-03-31\nstatus: planned\ntitle: !x y\n",
            "date: 2024-03-31\nstatus: planned\ntitle: a: b\n",
            "date: 2024-03-31\nstatus: planned\npercent: 077\n",
            "date: 2024-03-31\nstatus: planned\npercent: \"77\"\n",
            "date: 2024-03-31\nstatus: planned\nspent: 12.5\n",
            "date: 2024-03-31\nstatus: planned\ndraft: True\n",
            "date: 2024-03-31\nstatus: planned\nstatus: completed\n",
            "date: 2024-03-31\nstatus: done\n",
            "date: 2024-02-30\nstatus: planned\n",
            "date: 2024-03-31\n",
            "date: 2024-03-31\nstatus: planned\nprogress: 3\n",
            "date: 2024-03-31\r\nstatus: planned\r\n",
            "date: 2024-03-31\nstatus: planned\nitems:\n  - item: 1\n",
            " date: 2024-03-31\nstatus: planned\n",
        ];
        for front in declined {
            assert!(read(front).is_none(), "{front:?}");
        }
    }
}
