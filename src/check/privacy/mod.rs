//! Personal data: resident ID numbers (GB 11643 checksum), mobile numbers,
//! bank card numbers (Luhn) and personal e-mail addresses in every text the
//! site publishes, and in the names of published files. Each is an error
//! naming file and line, with the value masked so the report itself does
//! not spread it. Official office contacts are listed in `site.yaml` under
//! `allowed_contacts`.
//!
//! A number is looked for as a reader of the page would see it: [`decode`]
//! first undoes escapes, character references and look-alike characters,
//! [`forms`] then reads the numbers and addresses. The loader calls [`scan`]
//! on every text as it reads it, so the check costs no second read of the
//! content, and [`mask`] hides the same findings wherever a diagnostic
//! prints a line of content.

mod decode;
mod forms;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use forms::{Found, Kind};

const HINT: &str = "remove it before publishing; if it is an office's official contact, add it to `allowed_contacts` in content/site.yaml";

/// Every finding in one text that `allowed` does not let through.
pub fn scan(file: &Path, text: &str, allowed: &[String]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut allow = Allowed::new(allowed);
    let mut places = Places::new(text);
    hits(text, |hit| {
        if allow.lets_through(&hit) {
            return;
        }
        let (line, column) = places.of(hit.start);
        found.push(
            Diagnostic::error(
                "personal-data",
                format!("this looks like {}: {}", hit.kind.describe(), masked(&hit)),
            )
            .at(file, line, column)
            .without_source()
            .hint(HINT),
        );
    });
    found
}

/// Findings in the name of a published file (a report image named after a
/// phone number is published under that name).
pub fn scan_name(path: &Path, allowed: &[String]) -> Vec<Diagnostic> {
    let Some(name) = path.file_name() else {
        return Vec::new();
    };
    let name = name.to_string_lossy();
    // Most names are dates and ids: nothing to decode.
    if decode::nothing_to_find(&name) {
        return Vec::new();
    }
    let line = decode::flat(&name);
    let mut allow = Allowed::new(allowed);
    forms::find(&line.chars, false)
        .into_iter()
        .map(|found| hit(&line, found))
        .filter(|hit| !allow.lets_through(hit))
        .map(|hit| {
            Diagnostic::error(
                "personal-data",
                format!(
                    "this file name looks like {}: {}",
                    hit.kind.describe(),
                    masked(&hit)
                ),
            )
            .in_file(path)
            .hint("rename the file; if it is an office's official contact, add it to `allowed_contacts` in content/site.yaml")
        })
        .collect()
}

/// `text` with every finding masked in place as [`scan`] masks it in its
/// message, whatever the allow list says: for printing lines of content.
/// Separators, escapes and the shown digits stay as written.
pub fn mask(text: &str) -> Cow<'_, str> {
    // What masking leaves can read as another number (the digits before a
    // masked card, `138*1234*5678****`): mask again until nothing is found.
    // Each round hides digits, so a few rounds always end it.
    let mut masked = mask_once(text);
    for _ in 0..8 {
        let again = match &masked {
            Cow::Borrowed(_) => break,
            Cow::Owned(current) => match mask_once(current) {
                Cow::Owned(next) if next != *current => next,
                _ => break,
            },
        };
        masked = Cow::Owned(again);
    }
    masked
}

fn mask_once(text: &str) -> Cow<'_, str> {
    let mut edits: Vec<(Range<usize>, &str)> = Vec::new();
    hits(text, |hit| edits.extend(hit.hidden));
    if edits.is_empty() {
        return Cow::Borrowed(text);
    }
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (range, replacement) in edits {
        // Two findings may share characters (an address holding a number).
        if range.start < copied {
            continue;
        }
        out.push_str(&text[copied..range.start]);
        out.push_str(replacement);
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The personal data in `text`, unmasked and whatever the allow list says:
/// for tests that must prove a value is gone, such as the fuzz target's.
#[doc(hidden)]
pub fn values(text: &str) -> Vec<String> {
    let mut values = Vec::new();
    hits(text, |hit| values.push(hit.value));
    values
}

/// A finding placed in the original text.
struct Hit {
    kind: Kind,
    value: String,
    /// The byte offset of the value's first character.
    start: usize,
    /// The bytes to hide and what to write instead.
    hidden: Vec<(Range<usize>, &'static str)>,
}

fn hits(text: &str, mut each: impl FnMut(Hit)) {
    #[cfg(debug_assertions)]
    let mut seen = Vec::new();
    hits_on(text, decode::Lines::MayHoldFindings, |hit| {
        #[cfg(debug_assertions)]
        seen.push((hit.start, hit.value.clone()));
        each(hit);
    });
    // Passing over lines must never hide a finding: debug builds (tests
    // and fuzzing) read every line as well and compare.
    #[cfg(debug_assertions)]
    {
        let mut every = Vec::new();
        hits_on(text, decode::Lines::All, |hit| {
            every.push((hit.start, hit.value))
        });
        assert_eq!(seen, every, "{text:?}");
    }
}

fn hits_on(text: &str, which: decode::Lines, mut each: impl FnMut(Hit)) {
    decode::lines(text, which, |line| {
        if line.chars.is_empty() {
            return;
        }
        for found in forms::find(&line.chars, line.has_join) {
            each(hit(line, found));
        }
    });
}

fn hit(line: &decode::Line, found: Found) -> Hit {
    let Found { kind, value, at } = found;
    let (head, tail) = kind.shown(&value);
    let head = head.min(at.len());
    let tail = tail.min(at.len() - head);
    let secret = &at[head..at.len() - tail];
    // Unbroken in the text (not split over two lines), an address's name is
    // hidden by one `***`, as the message shows it.
    let unbroken = secret
        .windows(2)
        .all(|pair| line.spans[pair[0]].end == line.spans[pair[1]].start);
    let hidden = match (kind, secret.first(), secret.last()) {
        (Kind::Email, Some(first), Some(last)) if unbroken => {
            vec![(line.spans[*first].start..line.spans[*last].end, "***")]
        }
        _ => secret
            .iter()
            .map(|i| (line.spans[*i].clone(), "*"))
            .collect(),
    };
    Hit {
        kind,
        start: at.first().map_or(0, |i| line.spans[*i].start),
        value,
        hidden,
    }
}

/// The value as a diagnostic shows it: enough to find it again, not enough to use it.
fn masked(hit: &Hit) -> String {
    let (head, tail) = hit.kind.shown(&hit.value);
    let chars: Vec<char> = hit.value.chars().collect();
    let head = head.min(chars.len());
    let tail = tail.min(chars.len() - head);
    let hidden = chars.len() - head - tail;
    let stars = if hit.kind == Kind::Email {
        "***".to_string()
    } else {
        "*".repeat(hidden)
    };
    format!(
        "{}{stars}{}",
        chars[..head].iter().collect::<String>(),
        chars[chars.len() - tail..].iter().collect::<String>()
    )
}

/// The allowed contacts, each read as the scan reads a text, so an entry
/// matches the number however either is written (`023-1234-5678`,
/// `+86 138…`). Read only once something is found: most texts hold nothing.
struct Allowed<'a> {
    entries: &'a [String],
    values: Option<Vec<String>>,
}

impl<'a> Allowed<'a> {
    fn new(entries: &'a [String]) -> Self {
        Allowed {
            entries,
            values: None,
        }
    }

    fn lets_through(&mut self, hit: &Hit) -> bool {
        let entries = self.entries;
        let values = self.values.get_or_insert_with(|| {
            let mut values = Vec::new();
            for entry in entries {
                values.push(entry.trim().to_lowercase());
                hits(entry, |hit| values.push(hit.value.to_lowercase()));
            }
            values
        });
        values.contains(&hit.value.to_lowercase())
    }
}

/// Line and column (from 1, in characters) of byte offsets, found in
/// increasing order as the scan goes down the text.
struct Places<'a> {
    text: &'a str,
    line: usize,
    line_start: usize,
}

impl<'a> Places<'a> {
    fn new(text: &'a str) -> Self {
        Places {
            text,
            line: 1,
            line_start: 0,
        }
    }

    fn of(&mut self, at: usize) -> (usize, usize) {
        if at < self.line_start {
            *self = Places::new(self.text);
        }
        let (text, from) = (self.text, self.line_start);
        for (i, _) in text[from..at].match_indices('\n') {
            self.line += 1;
            self.line_start = from + i + 1;
        }
        let column = text[self.line_start..at].chars().count() + 1;
        (self.line, column)
    }
}
