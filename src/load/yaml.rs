//! Reading one YAML record into its type, turning parse errors into diagnostics.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;

/// Parses `text` (read from `file`) as a `T`, or says where and why not.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
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

/// Reads and parses a record file.
pub fn read<T: DeserializeOwned>(file: &Path) -> Result<T, Diagnostic> {
    let text = read_text(file)?;
    parse(file, &text)
}

pub fn read_text(file: &Path) -> Result<String, Diagnostic> {
    std::fs::read_to_string(file).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidData {
            Diagnostic::error("not-utf8", "this file is not UTF-8 text")
                .in_file(file)
                .hint("save it as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")")
        } else {
            Diagnostic::io("unreadable", format!("cannot read this file: {e}"))
                .in_file(file)
                .hint("check that the file exists and that the build may read it")
        }
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
        let _ = std::fs::remove_dir_all(&dir);
    }
}
