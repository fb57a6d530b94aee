//! Invisible control characters in a text: a vertical tab or form feed comes
//! with text pasted from Word or WPS. XML forbids them, so the feeds and the
//! sitemap drop them; the warning says where they are, so staff can delete
//! them and the pages show what the record says.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::forbidden_in_xml;

/// A warning at each control character in `text`.
pub fn scan(file: &Path, text: &str) -> Vec<Diagnostic> {
    if !text.contains(forbidden_in_xml) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for (column, c) in line
            .chars()
            .enumerate()
            .filter(|(_, c)| forbidden_in_xml(*c))
        {
            found.push(
                Diagnostic::warning(
                    "control-character",
                    format!("an invisible control character (U+{:04X}) is here", u32::from(c)),
                )
                .at(file, index + 1, column + 1)
                .hint("delete it (text pasted from Word or WPS often carries one); feeds and the sitemap leave it out, because XML does not allow it"),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_control_character_by_line_and_column() {
        let found = scan(
            Path::new("r.md"),
            "第一行\n完成\u{b}路基\u{c}施工\u{7}\n\t制表符与换行\r\n不算",
        );
        let places: Vec<String> = found.iter().map(|d| d.to_string()).collect();
        assert_eq!(found.len(), 3, "{places:?}");
        let positions: Vec<_> = found
            .iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap().position.unwrap();
                (at.line, at.column, d.message.clone())
            })
            .collect();
        assert_eq!(
            positions,
            [
                (
                    2,
                    3,
                    "an invisible control character (U+000B) is here".to_string()
                ),
                (
                    2,
                    6,
                    "an invisible control character (U+000C) is here".to_string()
                ),
                (
                    2,
                    9,
                    "an invisible control character (U+0007) is here".to_string()
                ),
            ]
        );
        assert!(scan(Path::new("r.md"), "\t正常\r\n文本\n").is_empty());
    }
}
