//! Reading one YAML record into its type, turning parse errors into diagnostics.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;

/// Parses `text` (read from `file`) as a `T`, or says where and why not.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    if let Some(tag) = first_tag(file, text) {
        return Err(tag);
    }
    serde_saphyr::from_str::<T>(text).map_err(|error| {
        let message = strip_position(&error.without_snippet().to_string());
        let (code, hint) = classify(&message);
        let (line, column) = error
            .location()
            .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
        let diagnostic = Diagnostic::error(code, message).at(file, line, column);
        match hint {
            Some(hint) => diagnostic.hint(hint),
            None => diagnostic,
        }
    })
}

/// How many errors of one file `parse_all` looks for.
const MOST_ERRORS: usize = 20;

/// Parses `text` as a `T`, or finds every error it can: after each error in
/// a value or a key, that line (with the lines it holds) is set aside and
/// the text parsed again. An error that setting aside could have caused (a
/// missing key, a syntax error, an error before the last one) ends the search.
pub fn parse_all<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Vec<Diagnostic>> {
    let first = match parse::<T>(file, text) {
        Ok(value) => return Ok(value),
        Err(first) => first,
    };
    let mut found = vec![first];
    let mut rest = text.to_string();
    while found.len() < MOST_ERRORS {
        let last = &found[found.len() - 1];
        let Some(line) = line_of(last).filter(|_| set_aside_safely(last)) else {
            break;
        };
        rest = without_block_at(&rest, line);
        match parse::<T>(file, &rest) {
            Err(next) if set_aside_safely(&next) && line_of(&next).is_some_and(|l| l > line) => {
                found.push(next);
            }
            _ => break,
        }
    }
    Err(found)
}

/// Errors in one key or value, which leave the rest of the file readable.
fn set_aside_safely(diagnostic: &Diagnostic) -> bool {
    matches!(
        diagnostic.code,
        "unknown-key" | "invalid-record" | "yaml-tag"
    ) && !diagnostic.message.contains("did not find expected")
}

fn line_of(diagnostic: &Diagnostic) -> Option<usize> {
    diagnostic.location.as_ref()?.position.map(|p| p.line)
}

/// `text` with line `line` (1-based) and the more indented lines under it
/// blanked, so every other line keeps its number.
fn without_block_at(text: &str, line: usize) -> String {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(start) = line.checked_sub(1).filter(|&i| i < lines.len()) else {
        return text.to_string();
    };
    let own = indent(lines[start]);
    let keeps_dash = lines[start].trim_start().starts_with("- ");
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut inside = false;
    for (i, l) in lines.iter().enumerate() {
        if i == start {
            inside = true;
            out.push(String::new());
        } else if inside && (l.trim().is_empty() || indent(l) > own) {
            out.push(String::new());
        } else {
            inside = false;
            out.push((*l).to_string());
        }
    }
    if keeps_dash {
        // A list item keeps its dash: its other keys, if any, stay in it;
        // if it had none, it becomes an empty item rather than a null one.
        let dash = lines[start].len() - lines[start].trim_start().len();
        let has_more = out[start + 1..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|next| !next.trim_start().starts_with('-') && indent(next) == own);
        let empty = if has_more { "" } else { " {}" };
        out[start] = format!("{}-{empty}", &lines[start][..dash]);
    }
    out.join("\n")
}

/// The first YAML tag (`!foo`, `!!binary`) in `text`. Records need none, a
/// custom tag was silently ignored, and a `!!binary` value is decoded from
/// base64, which would hide its text from the personal-data scan.
fn first_tag(file: &Path, text: &str) -> Option<Diagnostic> {
    use granit_parser::{Event, Parser};

    // A tag starts with `!`: most records have none, and skip the second parse.
    if !text.contains('!') {
        return None;
    }
    Parser::new_from_str(text)
        .map_while(Result::ok)
        .find_map(|(event, span)| {
            let tag = match &event {
                Event::Scalar(_, _, _, tag)
                | Event::SequenceStart(_, _, tag)
                | Event::MappingStart(_, _, tag) => tag.as_ref()?,
                _ => return None,
            };
            let written = format!("{}{}", tag.original_handle(), tag.suffix());
            // The event's span starts at the value; point at the tag itself.
            let line = span.start.line();
            let column = text
                .lines()
                .nth(line.saturating_sub(1))
                .and_then(|l| l.find(&written).map(|at| l[..at].chars().count() + 1))
                .unwrap_or(span.start.col() + 1);
            Some(
                Diagnostic::error("yaml-tag", format!("YAML tags such as `{written}` are not allowed in records"))
                    .at(file, line, column)
                    .hint("delete the tag and write the value as plain text; put text that starts with `!` in quotes"),
            )
        })
}

/// Reads and parses a record file.
pub fn read<T: DeserializeOwned>(file: &Path) -> Result<T, Diagnostic> {
    let text = read_text(file)?;
    parse(file, &text)
}

pub fn read_text(file: &Path) -> Result<String, Diagnostic> {
    text_of(file, std::fs::read(file))
}

/// The text of `file` as read, or what went wrong in reading it.
pub fn text_of(file: &Path, read: std::io::Result<Vec<u8>>) -> Result<String, Diagnostic> {
    let bytes = read.map_err(|e| {
        Diagnostic::io("unreadable", format!("cannot read this file: {e}"))
            .in_file(file)
            .hint("check that the file exists and that the build may read it")
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // The valid part is UTF-8, so lines and characters can be counted in it.
        let before = String::from_utf8_lossy(valid);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error("not-utf8", "this file is not UTF-8 text")
            .at(file, line, column)
            .hint("save it as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\"); GBK text is the usual cause")
    })
}

/// serde-saphyr appends " at line N, column M"; we print the place ourselves.
fn strip_position(message: &str) -> String {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains("column") => message[..i].to_string(),
        _ => message.to_string(),
    }
}

fn classify(message: &str) -> (&'static str, Option<&'static str>) {
    if message.starts_with("unknown field") {
        (
            "unknown-key",
            Some("check the key's spelling; README.md lists the keys each record accepts"),
        )
    } else if message.starts_with("missing field") {
        (
            "missing-key",
            Some("add the key; README.md describes each record"),
        )
    } else {
        ("invalid-record", None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Named {
        #[allow(dead_code)]
        name: String,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Record {
        name: String,
        items: Vec<Item>,
        deadline: Option<crate::model::Date>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        tasks: Option<String>,
        amount: Option<crate::model::Amount>,
    }

    fn places(text: &str) -> Vec<(usize, &'static str)> {
        parse_all::<Record>(Path::new("p.yaml"), text)
            .unwrap_err()
            .iter()
            .map(|d| (line_of(d).unwrap(), d.code))
            .collect()
    }

    #[test]
    fn reports_every_error_of_a_file_at_its_place() {
        let text = "name: x\nnmae: y\nitems:\n  - tasks: a\n    amount: \"1e5\"\n  - tasks:\n      bad: nested\n    amount: \"2\"\n  - amount: \"1,2,3\"\ndeadline: 2024-02-30\n";
        assert_eq!(
            places(text),
            [
                (2, "unknown-key"),
                (5, "invalid-record"),
                (7, "invalid-record"),
                (9, "invalid-record"),
                (10, "invalid-record"),
            ]
        );
        let nested = "name: x\nitems:\n  - tasks:\n      bad: nested\n    amount: \"1e5\"\n  - amount: \"1,2,3\"\n";
        assert_eq!(
            places(nested),
            [
                (4, "invalid-record"),
                (5, "invalid-record"),
                (6, "invalid-record")
            ]
        );
        // A missing key is reported, and the search stops there: setting
        // lines aside could be what made it missing.
        assert_eq!(places("items: []\nnmae: y\n"), [(2, "unknown-key")]);
        assert_eq!(
            parse_all::<Record>(Path::new("p.yaml"), "name: x\nitems: []\n")
                .unwrap()
                .name,
            "x"
        );
    }

    #[test]
    fn refuses_every_yaml_tag_and_only_tags() {
        for (text, written) in [
            ("name: !evil x\n", "!evil"),
            ("name: !!binary MTM4MTIzNDU2Nzg=\n", "!!binary"),
            ("name: !!str x\n", "!!str"),
            ("!foo\nname: x\n", "!foo"),
        ] {
            let refused = parse::<Named>(Path::new("r.yaml"), text).unwrap_err();
            assert_eq!(refused.code, "yaml-tag", "{text:?}");
            assert_eq!(
                refused.message,
                format!("YAML tags such as `{written}` are not allowed in records")
            );
        }
        for text in ["name: \"!important\"\n", "name: 好!\n", "name: a !b\n"] {
            parse::<Named>(Path::new("r.yaml"), text).unwrap();
        }
    }

    #[test]
    fn strips_the_position_saphyr_appends() {
        assert_eq!(
            strip_position(
                "unknown field `amont`, expected one of tasks, amount at line 3, column 5"
            ),
            "unknown field `amont`, expected one of tasks, amount"
        );
        assert_eq!(strip_position("plain"), "plain");
    }

    #[test]
    fn a_file_the_build_cannot_read_is_an_io_problem_and_bad_encoding_a_content_one() {
        let dir = std::env::temp_dir().join(format!("minsheng-io-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let not_a_file = read_text(&dir).unwrap_err();
        assert_eq!(
            (not_a_file.kind, not_a_file.code),
            (crate::diagnostic::Kind::Io, "unreadable")
        );
        let gbk = dir.join("gbk.yaml");
        std::fs::write(&gbk, [0xc4, 0xe3, 0xba, 0xc3]).unwrap();
        let encoding = read_text(&gbk).unwrap_err();
        assert_eq!(
            (encoding.kind, encoding.code),
            (crate::diagnostic::Kind::Content, "not-utf8")
        );
        let later = dir.join("later.yaml");
        std::fs::write(
            &later,
            [b"name: \"\xe7\xa4\xba\"\nunit: ".as_slice(), &[0xcd, 0xf2]].concat(),
        )
        .unwrap();
        let position = read_text(&later)
            .unwrap_err()
            .location
            .and_then(|l| l.position)
            .map(|p| (p.line, p.column));
        assert_eq!(position, Some((2, 7)), "the first byte that is not UTF-8");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
