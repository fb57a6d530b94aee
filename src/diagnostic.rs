//! `Diagnostic`: one problem found in the user's input, with where it is.
//!
//! `import`, `load` and `check` collect diagnostics instead of stopping at
//! the first, so a run reports every problem. They print as text with a
//! source snippet (rendered by miette) or as JSON for editors.

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
        map.serialize_entry("file", &self.file)?;
        map.serialize_entry("line", &self.position.map(|p| p.line))?;
        map.serialize_entry("column", &self.position.map(|p| p.column))?;
        map.end()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable name for the rule, e.g. `total-mismatch`.
    pub code: &'static str,
    #[serde(flatten)]
    pub location: Option<SourceLocation>,
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// False when the source line must not be printed, e.g. it holds personal data.
    #[serde(skip)]
    pub quote_source: bool,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            location: None,
            message: message.into(),
            hint: None,
            quote_source: true,
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

    /// Points at a value read with `serde_saphyr::Spanned`.
    pub fn at_location(self, file: &Path, location: &serde_saphyr::Location) -> Diagnostic {
        self.at(file, location.line() as usize, location.column() as usize)
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

impl fmt::Display for Diagnostic {
    /// One line: `file:line:col: error[code]: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(SourceLocation {
                file,
                position: Some(at),
            }) => write!(f, "{}:{}:{}: ", file.display(), at.line, at.column)?,
            Some(SourceLocation {
                file,
                position: None,
            }) => write!(f, "{}: ", file.display())?,
            None => {}
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}[{}]: {}", self.code, self.message)
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

/// Renders diagnostics for a person: the headline, then the source line
/// with a marker under the column, then the hint.
pub fn render_text(diagnostics: &[Diagnostic], color: bool) -> String {
    let mut sources: BTreeMap<PathBuf, Option<String>> = BTreeMap::new();
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let source = diagnostic
            .location
            .as_ref()
            .filter(|_| diagnostic.quote_source)
            .and_then(|at| Some((&at.file, at.position?)))
            .and_then(|(file, at)| {
                sources
                    .entry(file.clone())
                    .or_insert_with(|| std::fs::read_to_string(file).ok())
                    .clone()
                    .map(|text| (file, at, text))
            });
        out.push_str(&diagnostic.to_string());
        out.push('\n');
        if let Some((file, at, text)) = source {
            let report = Snippet::new(diagnostic, file, at, text);
            let mut rendered = String::new();
            if handler.render_report(&mut rendered, &report).is_ok() {
                out.push_str(&rendered);
            }
        } else if let Some(hint) = &diagnostic.hint {
            out.push_str(&format!("  help: {hint}\n"));
        }
    }
    out
}

/// A diagnostic as miette sees it: a labelled span in a named source.
#[derive(Debug)]
struct Snippet {
    message: String,
    hint: Option<String>,
    source: miette::NamedSource<String>,
    span: miette::SourceSpan,
}

impl Snippet {
    fn new(diagnostic: &Diagnostic, file: &Path, at: Position, text: String) -> Snippet {
        let offset = byte_offset(&text, at.line, at.column);
        let len = text[offset..]
            .chars()
            .next()
            .filter(|c| *c != '\n')
            .map_or(0, char::len_utf8);
        Snippet {
            message: diagnostic.message.clone(),
            hint: diagnostic.hint.clone(),
            source: miette::NamedSource::new(file.display().to_string(), text),
            span: (offset, len).into(),
        }
    }
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Snippet {}

impl miette::Diagnostic for Snippet {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some("here".to_string()), self.span),
        )))
    }
}

/// The byte offset of a 1-based line and character column, clamped to the text.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        .min(text.len());
    let rest = &text[line_start..];
    let line_text = rest.split('\n').next().unwrap_or("");
    line_start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
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
    fn offsets_count_characters_not_bytes() {
        let text = "name:\n  zh: 老年人\n  en: x\n";
        assert_eq!(byte_offset(text, 1, 1), 0);
        assert_eq!(byte_offset(text, 2, 7), 12);
        assert_eq!(&text[byte_offset(text, 3, 3)..][..2], "en");
        assert_eq!(byte_offset(text, 9, 9), text.len());
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
