//! A progress report: YAML front matter between `---` lines, then Markdown.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::records::ReportFrontMatter;

/// The parts of a report file: its front matter, body, and the body's first line.
pub struct ReportFile {
    pub front: ReportFrontMatter,
    pub body: String,
    pub body_line: usize,
}

pub fn parse(file: &Path, text: &str) -> Result<ReportFile, Diagnostic> {
    let (front, body, body_line) = split(text).ok_or_else(|| {
        Diagnostic::error(
            "missing-front-matter",
            "a report must start with front matter",
        )
        .in_file(file)
        .hint("begin the file with a line `---`, then date, status and percent, then another `---`")
    })?;
    let front = match super::plain_front::read(front) {
        Some(read) => {
            #[cfg(debug_assertions)]
            agrees_with_yaml(file, front, &read);
            read
        }
        None => with_yaml(file, front)?,
    };
    Ok(ReportFile {
        front,
        body: body.to_string(),
        body_line,
    })
}

fn with_yaml(file: &Path, front: &str) -> Result<ReportFrontMatter, Diagnostic> {
    // One blank line stands for the opening `---`, so every position the
    // parser reports, in errors and in spans, is a position in the file.
    super::yaml::parse(file, &format!("\n{front}"))
}

/// Panics when the fast reading differs from the YAML parser's, so every
/// test and fuzz run proves the fast reader on the texts it meets.
#[cfg(debug_assertions)]
fn agrees_with_yaml(file: &Path, front: &str, read: &ReportFrontMatter) {
    use super::plain_front::describe;
    match with_yaml(file, front) {
        Ok(yaml) => assert_eq!(describe(read), describe(&yaml), "{front:?}"),
        Err(e) => panic!("the fast reader took {front:?}, which YAML refuses: {e:?}"),
    }
}

/// Whether a report marks itself `draft: true`, read from its front matter
/// line by line, so a draft whose front matter does not parse is still known
/// as one.
pub fn marks_draft(text: &str) -> bool {
    split(text).is_some_and(|(front, _, _)| {
        front.lines().any(|line| {
            line.split('#')
                .next()
                .is_some_and(|l| l.trim() == "draft: true")
        })
    })
}

/// Splits `---\n<yaml>\n---\n<body>`; returns the body's 1-based first line.
fn split(text: &str) -> Option<(&str, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("---")?.trim_start_matches([' ', '\t']);
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = front.lines().count() + 3;
            return Some((front, body, body_line));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_known_even_when_its_front_matter_does_not_parse() {
        assert!(marks_draft(
            "---\ndate: 2024-03-31\nstatus: finished\ndraft: true\n---\n正文\n"
        ));
        assert!(marks_draft("---\ndraft: true  # until reviewed\n---\n"));
        assert!(!marks_draft("---\ndraft: false\n---\ndraft: true\n"));
        assert!(!marks_draft("draft: true\n"));
    }

    #[test]
    fn splits_front_matter_from_body() {
        let (front, body, line) = split("---\ndate: 2024-03-31\n---\n正文\n").unwrap();
        assert_eq!(front, "date: 2024-03-31\n");
        assert_eq!(body, "正文\n");
        assert_eq!(line, 4);
        assert!(split("date: 2024-03-31\n").is_none());
        let (front, _, _) = split("--- \ndate: 2024-03-31 \n---  \n").unwrap();
        assert_eq!(
            front, "date: 2024-03-31 \n",
            "editors leave trailing spaces"
        );
        assert!(split("---\ndate: 2024-03-31\n").is_none());
    }
}
