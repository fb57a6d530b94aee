//! `Diagnostic`: one problem found in the user's input, with where it is.
//!
//! `import`, `load` and `check` collect diagnostics instead of stopping at
//! the first, so a run reports every problem. They print as text, each
//! message once with the lines it points at, or as JSON for editors.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is: a file, and the place in it when the problem has one
/// (a problem with the file as a whole has none, rather than a made-up 1:1).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceLocation {
    pub file: PathBuf,
    pub position: Option<Position>,
}

/// A place in a file; line and column count from 1, columns in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// `{file, line, column}`, with `null` line and column for a whole file.
impl Serialize for SourceLocation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("file", &masked_path(&self.file))?;
        map.serialize_entry("line", &self.position.map(|p| p.line))?;
        map.serialize_entry("column", &self.position.map(|p| p.column))?;
        map.end()
    }
}

/// What a problem is about: the content staff wrote, or the machine (a
/// full disk, a file the build may not read). Both stop a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Content,
    Io,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    /// A stable name for the rule, e.g. `total-mismatch`.
    pub code: &'static str,
    #[serde(flatten)]
    pub location: Option<SourceLocation>,
    #[serde(serialize_with = "masked")]
    pub message: String,
    /// What to do about it.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "masked_hint"
    )]
    pub hint: Option<String>,
    /// False when the source line must not be printed, e.g. it holds personal data.
    #[serde(skip)]
    pub quote_source: bool,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            kind: Kind::Content,
            code,
            location: None,
            message: message.into(),
            hint: None,
            quote_source: true,
        }
    }

    /// An operational failure: the disk, permissions, the system; not the content.
    pub fn io(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            kind: Kind::Io,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, file: &Path, line: usize, column: usize) -> Diagnostic {
        self.location = Some(SourceLocation {
            file: file.to_path_buf(),
            position: Some(Position {
                line: line.max(1),
                column: column.max(1),
            }),
        });
        self
    }

    /// Points at a file as a whole.
    pub fn in_file(mut self, file: &Path) -> Diagnostic {
        self.location = Some(SourceLocation {
            file: file.to_path_buf(),
            position: None,
        });
        self
    }

    /// Points at the first place `needle` appears in `file`, or at the file
    /// as a whole when it is not found (the file is read again: for
    /// problems that the parsed record no longer knows the place of).
    pub fn at_first(self, file: &Path, needle: &str) -> Diagnostic {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let found = text.lines().enumerate().find_map(|(i, line)| {
            let at = line.find(needle)?;
            Some((i + 1, line[..at].chars().count() + 1))
        });
        match found {
            Some((line, column)) => self.at(file, line, column),
            None => self.in_file(file),
        }
    }

    /// Points at a value read with its place ([`crate::model::Spanned`]).
    pub fn at_place(self, file: &Path, place: crate::model::Place) -> Diagnostic {
        self.at(file, place.line as usize, place.column as usize)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Reports the place without printing the line found there.
    pub fn without_source(mut self) -> Diagnostic {
        self.quote_source = false;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Everything a diagnostic prints may quote the content (a value in a
/// message, a file named after a phone number), so all of it goes through
/// the personal-data mask, as the content's own lines do.
fn mask(text: &str) -> std::borrow::Cow<'_, str> {
    crate::check::mask_personal_data(text)
}

fn masked_path(file: &Path) -> String {
    mask(&file.to_string_lossy()).into_owned()
}

fn masked<S: serde::Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&mask(text))
}

fn masked_hint<S: serde::Serializer>(
    hint: &Option<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match hint {
        Some(hint) => masked(hint, serializer),
        None => serializer.serialize_none(),
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `file:line:col: error[code]: message`, personal data masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(SourceLocation {
                file,
                position: Some(at),
            }) => write!(f, "{}:{}:{}: ", masked_path(file), at.line, at.column)?,
            Some(SourceLocation {
                file,
                position: None,
            }) => write!(f, "{}: ", masked_path(file))?,
            None => {}
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}[{}]: {}", self.code, mask(&self.message))
    }
}

/// Sorts diagnostics by place, so output does not depend on thread timing.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.location, a.severity, a.code, &a.message).cmp(&(
            &b.location,
            b.severity,
            b.code,
            &b.message,
        ))
    });
}

/// Renders diagnostics for a person: each message once, as a headline
/// (`file:line:col: error[code]: message`), then the line before and the
/// line itself with a marker under the column, then what to do. Personal
/// data is masked in all of it.
pub fn render_text(diagnostics: &[Diagnostic], color: bool) -> String {
    let mut sources: BTreeMap<PathBuf, Option<String>> = BTreeMap::new();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let headline = diagnostic.to_string();
        if color {
            let code = match diagnostic.severity {
                Severity::Error => "1;31",
                Severity::Warning => "1;33",
            };
            out.push_str(&format!("\x1b[{code}m{headline}\x1b[0m\n"));
        } else {
            out.push_str(&headline);
            out.push('\n');
        }
        let place = diagnostic
            .location
            .as_ref()
            .filter(|_| diagnostic.quote_source)
            .and_then(|at| Some((&at.file, at.position?)));
        if let Some((file, at)) = place {
            // Masked as a whole, not line by line: a number may be split
            // over two lines, and the line before is printed too.
            let text = sources.entry(file.clone()).or_insert_with(|| {
                std::fs::read_to_string(file)
                    .ok()
                    .map(|t| mask(&t).into_owned())
            });
            if let Some(text) = text {
                out.push_str(&excerpt(text, at));
            }
        }
        if let Some(hint) = &diagnostic.hint {
            out.push_str(&format!("  help: {}\n", mask(hint)));
        }
    }
    out
}

/// The line before `at` and its own line, numbered, with `^` under the column.
fn excerpt(text: &str, at: Position) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(line) = lines.get(at.line - 1) else {
        return String::new();
    };
    let width = at.line.to_string().len();
    let mut out = String::new();
    if let Some(before) = at.line.checked_sub(2).and_then(|i| lines.get(i)) {
        out.push_str(&format!("  {:>width$} | {before}\n", at.line - 1));
    }
    out.push_str(&format!("  {:>width$} | {line}\n", at.line));
    // Wide characters (Chinese) take two columns on a terminal.
    let indent: usize = line
        .chars()
        .take(at.column - 1)
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    out.push_str(&format!("  {:>width$} | {}^\n", "", " ".repeat(indent)));
    out
}

/// Prints diagnostics on stderr, in colour on a terminal.
pub fn eprint(diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let color = std::io::IsTerminal::is_terminal(&std::io::stderr());
    eprint!("{}", render_text(diagnostics, color));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_excerpt_marks_the_column_under_wide_characters() {
        let text = "name:\n  zh: \"老年人\" x\n";
        let at = Position {
            line: 2,
            column: 12,
        };
        assert_eq!(
            excerpt(text, at),
            "  1 | name:\n  2 |   zh: \"老年人\" x\n    |               ^\n"
        );
        assert_eq!(excerpt(text, Position { line: 9, column: 1 }), "");
    }

    #[test]
    fn each_message_is_printed_once() {
        let d = Diagnostic::error("unknown-key", "unknown field `amont`")
            .in_file(Path::new("content/x.yaml"))
            .hint("remove it");
        assert_eq!(
            render_text(&[d], false),
            "content/x.yaml: error[unknown-key]: unknown field `amont`\n  help: remove it\n"
        );
    }

    #[test]
    fn renders_file_line_and_column_first() {
        let d = Diagnostic::error("unknown-key", "unknown field `amont`").at(
            Path::new("content/x.yaml"),
            3,
            5,
        );
        assert_eq!(
            d.to_string(),
            "content/x.yaml:3:5: error[unknown-key]: unknown field `amont`"
        );
    }
}
