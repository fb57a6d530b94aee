//! Undoing the written forms that hide a number or an address from a plain
//! search, in one pass over the raw text: full-width and other look-alike
//! characters, YAML escapes (`\u0031`, `\x31`, `\U00000031`), HTML and
//! Markdown character references (`&#49;`, `&#x31;`, `&commat;`), Markdown
//! backslash escapes, and line breaks that a reader never sees (a
//! backslash-continued line, or a line fold between two digits).
//!
//! The pass knows nothing of YAML or Markdown syntax: decoding an escape
//! where the format would not is harmless (more is found, never less), and
//! it keeps the scan one cheap loop instead of a second parse per file.
//! Every decoded character keeps the byte range it came from, so a finding
//! is reported, and masked, at its place in the original text.

use std::ops::Range;

/// Stands where a line break joins two digits: a reader of the page sees
/// one number (a folded YAML line, a wrapped Markdown paragraph), while the
/// lines as written may also each hold a whole number. The number scan
/// reads it both ways.
pub(super) const JOIN: char = '\u{E000}';

/// One logical line, decoded: physical lines joined where the text
/// continues them.
#[derive(Default)]
pub(super) struct Line {
    pub chars: Vec<char>,
    /// For each character, the bytes of the original text it was decoded from.
    pub spans: Vec<Range<usize>>,
    pub has_join: bool,
}

impl Line {
    fn push(&mut self, c: char, span: Range<usize>) {
        self.has_join |= c == JOIN;
        self.chars.push(c);
        self.spans.push(span);
    }

    fn clear(&mut self) {
        self.chars.clear();
        self.spans.clear();
        self.has_join = false;
    }
}

/// Which lines [`lines`] decodes.
#[derive(Clone, Copy)]
pub(super) enum Lines {
    /// Every line: what debug builds compare the scan's way with.
    #[cfg_attr(not(debug_assertions), allow(dead_code))]
    All,
    /// Lines that cannot hold a finding are passed over and given as
    /// empty: the scan's way, since most lines of a report are such.
    MayHoldFindings,
}

/// Calls `each` with every logical line of `text`, decoded. One buffer is
/// reused for all lines, so a file costs no allocation per line.
pub(super) fn lines(text: &str, which: Lines, mut each: impl FnMut(&Line)) {
    let mut line = Line::default();
    let mut at = 0;
    while at < text.len() {
        if matches!(which, Lines::MayHoldFindings)
            && line.chars.is_empty()
            && let Some(end) = without_findings(text, at)
        {
            at = end;
            continue;
        }
        let (unit, len) = unit(text, at);
        match unit {
            Unit::Char(c) => line.push(c, at..at + len),
            Unit::Skip => {}
            Unit::Continue => {
                // Only between digits does the join need both readings;
                // elsewhere (an address split by `\`) the text simply goes on.
                let end = skip_indent(text, at + len);
                if ends_in_digit(&line) && starts_with_digit(text, end) {
                    line.push(JOIN, at..end);
                }
                at = end;
                continue;
            }
            Unit::Break => {
                let end = skip_indent(text, at + len);
                if ends_in_digit(&line) && starts_with_digit(text, end) {
                    let start = trim_trailing_blanks(&mut line).unwrap_or(at);
                    line.push(JOIN, start..end);
                    at = end;
                    continue;
                }
                each(&line);
                line.clear();
            }
        }
        at += len;
    }
    each(&line);
}

/// No written form has fewer digits than a mobile number.
const FEWEST_DIGITS: usize = 11;

/// Where the line starting at `at` ends (its line break), when nothing on
/// it can be part of a finding: fewer digits than any form, no `@`, no
/// escape or reference that could make one, and no digit at its end that
/// the next line could continue. Most lines of a report are such; they
/// are passed over without being decoded. Only called where a logical
/// line starts, so no earlier line continues into this one.
fn without_findings(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let length = rest.find('\n').unwrap_or(rest.len());
    let physical = &rest[..length];
    if !nothing_to_find(physical) {
        return None;
    }
    // The last character a reader sees, as `ends_in_digit` finds it in
    // the decoded line: invisible characters and blanks of any width skipped.
    let content = physical.strip_suffix('\r').unwrap_or(physical);
    let last = content
        .chars()
        .rev()
        .filter_map(normalize)
        .find(|c| !matches!(c, ' ' | '\t'));
    let continued = last.is_some_and(|c| c.is_ascii_digit())
        && length < rest.len()
        && starts_with_digit(text, skip_indent(text, at + length + 1));
    if continued {
        return None;
    }
    // Stop at the break itself (`\r\n` included), which the caller reads;
    // an empty line has nothing to pass over.
    let end = at + physical.strip_suffix('\r').map_or(length, str::len);
    (end > at).then_some(end)
}

/// Whether `physical` has fewer digits than any finding and nothing that
/// reads as `@`, `\` or `&`, its characters read as [`normalize`] reads
/// them. Only ASCII and the characters whose UTF-8 starts with 0xEF or
/// 0xF0 (U+F000 to U+3FFFF: full-width forms, small forms, mathematical
/// digits) can read as one of those, so the bytes of every other character
/// (Chinese text, most of a report) are stepped over without being
/// decoded: the scan runs on every line published.
pub(super) fn nothing_to_find(physical: &str) -> bool {
    let bytes = physical.as_bytes();
    let mut digits = 0;
    let mut at = 0;
    while at < bytes.len() {
        let (read, length) = match bytes[at] {
            byte @ 0..=0x7F => (Some(char::from(byte)), 1),
            // A lead byte, never inside a character: `at` is a boundary.
            0xEF | 0xF0 => {
                let Some(c) = physical[at..].chars().next() else {
                    return false;
                };
                (normalize(c), c.len_utf8())
            }
            _ => (None, 1),
        };
        at += length;
        match read {
            Some('0'..='9') => digits += 1,
            Some('@' | '\\' | '&') => return false,
            _ => {}
        }
        if digits >= FEWEST_DIGITS {
            return false;
        }
    }
    true
}

/// Decodes a short text with no line structure, e.g. a file name.
pub(super) fn flat(text: &str) -> Line {
    let mut line = Line::default();
    let mut at = 0;
    while at < text.len() {
        let (unit, len) = unit(text, at);
        if let Unit::Char(c) = unit {
            line.push(c, at..at + len);
        }
        at += len;
    }
    line
}

enum Unit {
    Char(char),
    /// Invisible: a zero-width character.
    Skip,
    /// A line break.
    Break,
    /// A backslash ending the line: the text goes on after the next line's indent.
    Continue,
}

/// The unit of text starting at byte `at`, and its length in bytes.
fn unit(text: &str, at: usize) -> (Unit, usize) {
    let rest = &text[at..];
    let Some(c) = rest.chars().next() else {
        return (Unit::Skip, 1);
    };
    match c {
        '\n' => (Unit::Break, 1),
        '\r' if rest.starts_with("\r\n") => (Unit::Break, 2),
        '\\' => escape(rest),
        '&' => reference(rest).map_or((Unit::Char('&'), 1), |(c, len)| (plain(c), len)),
        c => (plain(c), c.len_utf8()),
    }
}

fn plain(c: char) -> Unit {
    normalize(c).map_or(Unit::Skip, Unit::Char)
}

/// What a character reads as: full-width forms as ASCII, look-alike digits,
/// spaces, dashes, asterisks and at signs as theirs. `None` for characters
/// that show nothing, which can sit unseen inside a number.
pub(super) fn normalize(c: char) -> Option<char> {
    let code = u32::from(c);
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(code - 0xFEE0),
        // Mathematical bold, double-struck, sans-serif and monospace digits.
        '\u{1D7CE}'..='\u{1D7FF}' => char::from_digit((code - 0x1D7CE) % 10, 10),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => Some(' '),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => Some('-'),
        '\u{2217}' | '\u{FE61}' => Some('*'),
        '\u{FE6B}' => Some('@'),
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
        // The marker itself, written in the text, is not a join.
        JOIN => Some(' '),
        c => Some(c),
    }
}

/// A backslash: a YAML escape, a Markdown escape, a continued line, or itself.
fn escape(rest: &str) -> (Unit, usize) {
    let mut chars = rest.chars();
    chars.next();
    let Some(next) = chars.next() else {
        return (Unit::Char('\\'), 1);
    };
    let hex = |digits: usize| {
        let code = rest.get(2..2 + digits)?;
        if !code.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let c = char::from_u32(u32::from_str_radix(code, 16).ok()?)?;
        Some((plain(c), 2 + digits))
    };
    let decoded = match next {
        '\n' => Some((Unit::Continue, 2)),
        '\r' if rest[2..].starts_with('\n') => Some((Unit::Continue, 3)),
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        // YAML's escaped non-breaking space.
        '_' => Some((Unit::Char(' '), 2)),
        // `\\` first, so `\\u0031` stays text as the formats read it.
        c if c.is_ascii_punctuation() || c == ' ' => Some((plain(c), 2)),
        _ => None,
    };
    decoded.unwrap_or((Unit::Char('\\'), 1))
}

/// `&#NN;`, `&#xHH;` or one of the named references that write a
/// character a contact can be spelt with; the character and the length.
fn reference(rest: &str) -> Option<(char, usize)> {
    // Longer than any reference decoded here; bounds the search for `;`.
    let semicolon = rest.bytes().take(20).position(|b| b == b';')?;
    let name = &rest[1..semicolon];
    let c = if let Some(number) = name.strip_prefix('#') {
        let (digits, radix) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (number, 10),
        };
        // Checked first: `from_str_radix` would also take a sign.
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        char::from_u32(u32::from_str_radix(digits, radix).ok()?)?
    } else {
        match name {
            "commat" => '@',
            "period" => '.',
            "plus" => '+',
            "ast" | "midast" => '*',
            "hyphen" | "dash" | "minus" => '-',
            "nbsp" | "ensp" | "emsp" | "thinsp" | "numsp" => ' ',
            "shy" | "ZeroWidthSpace" | "zwj" | "zwnj" | "NoBreak" => '\u{200B}',
            _ => return None,
        }
    };
    Some((c, semicolon + 1))
}

fn skip_indent(text: &str, mut at: usize) -> usize {
    while text[at..].starts_with([' ', '\t']) {
        at += 1;
    }
    at
}

fn ends_in_digit(line: &Line) -> bool {
    line.chars
        .iter()
        .rev()
        .find(|c| !matches!(c, ' ' | '\t'))
        .is_some_and(char::is_ascii_digit)
}

fn starts_with_digit(text: &str, at: usize) -> bool {
    at < text.len() && matches!(unit(text, at).0, Unit::Char(c) if c.is_ascii_digit())
}

/// Drops the blanks before a join (YAML folds them away); where they began.
fn trim_trailing_blanks(line: &mut Line) -> Option<usize> {
    let mut start = None;
    while line.chars.last().is_some_and(|c| matches!(c, ' ' | '\t')) {
        line.chars.pop();
        start = line.spans.pop().map(|span| span.start);
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        lines(text, Lines::All, |line| {
            out.push(line.chars.iter().collect())
        });
        out
    }

    #[test]
    fn decodes_escapes_references_and_look_alikes() {
        assert_eq!(
            decoded("\"\\u0031\\x33\\U00000038\" &#49;&#x33;&#X38; １３８＠ \\\\u0031"),
            ["\"138\" 138 138@ \\u0031"]
        );
        assert_eq!(
            decoded("a&commat;b&nbsp;c&bogus;&#xZZ;"),
            ["a@b c&bogus;&#xZZ;"]
        );
        assert_eq!(decoded("1\u{200B}3\\-8"), ["13-8"]);
    }

    #[test]
    fn passes_over_lines_that_cannot_hold_a_finding() {
        let seen = |text: &str| {
            let mut out: Vec<String> = Vec::new();
            lines(text, Lines::MayHoldFindings, |line| {
                out.push(line.chars.iter().collect())
            });
            out
        };
        assert_eq!(
            seen("完成77%，投资1193.02万元\n电话 13800138000\r\nmail a@b\nx &#49;"),
            ["", "电话 13800138000", "mail a@b", "x 1"]
        );
        // A line ending in a digit that the next line continues is read.
        assert_eq!(seen("1380013\n8000\nend"), ["1380013\u{E000}8000", ""]);
        assert_eq!(seen("１３８００１３８０００"), ["13800138000"]);
        // Look-alikes of three and four bytes are read, not stepped over.
        assert_eq!(
            seen("𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎\na﹫b\nc＆d\n邮箱＠"),
            ["13800138000", "a@b", "c&d", "邮箱@"]
        );
        // A wide or invisible blank after the digit does not end the number.
        assert_eq!(
            seen("913\u{3000}\u{200B}\n&#49;381234\n5678"),
            ["913\u{E000}1381234\u{E000}5678"]
        );
    }

    /// What `nothing_to_find` steps over can never read as what it looks for.
    #[test]
    fn only_characters_led_by_0xef_or_0xf0_read_as_digits_or_signs() {
        let mut lead = [0; 4];
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            let byte = c.encode_utf8(&mut lead).as_bytes()[0];
            let read = normalize(c).filter(|r| r.is_ascii_digit() || matches!(r, '@' | '\\' | '&'));
            assert!(read.is_none() || matches!(byte, 0xEF | 0xF0), "{c:?}");
        }
    }

    #[test]
    fn joins_continued_and_folded_lines_keeping_places() {
        let text = "a: \"138\\\n    12345678\"\nb: \"1381\n  2345678\"\nc: 1\nd";
        let mut lines_seen = Vec::new();
        lines(text, Lines::All, |line| {
            let shown: String = line
                .chars
                .iter()
                .map(|c| if *c == JOIN { '|' } else { *c })
                .collect();
            lines_seen.push((shown, line.spans.first().map(|s| s.start)));
        });
        assert_eq!(
            lines_seen,
            [
                ("a: \"138|12345678\"".to_string(), Some(0)),
                ("b: \"1381|2345678\"".to_string(), Some(23)),
                ("c: 1".to_string(), Some(43)),
                ("d".to_string(), Some(48)),
            ]
        );
        assert_eq!(decoded("x\\\n  y"), ["xy"], "a continued line goes on");
        assert_eq!(decoded("1\r\n2"), ["1\u{E000}2"]);
    }
}
