//! A fast reading of project records in the shape `minsheng import` writes
//! them and staff keep them: block mappings and sequences, one scalar per
//! line, plain or quoted, and comments on lines of their own.
//!
//! A build reads one project record per project, 20,000 at 1,000 counties;
//! through the YAML parser, which keeps a position for every event, that
//! was about an eighth of a full build's CPU. As `plain_front` does for
//! report front matter, this reader accepts only what it reads exactly as
//! the YAML parser would, values and positions alike, and gives up on
//! anything else (flow collections, anchors, tags, block and multi-line
//! scalars, escapes, empty values, unknown or repeated keys), so the YAML
//! parser reads those and every diagnostic stays as exact as before. Debug
//! builds, and with them the tests and the fuzz targets, read every record
//! both ways and compare (`load::parse_project`).

use std::path::Path;

use super::plain_front::{Scalar, amount, date, needs_yaml, scalar, text};
use crate::diagnostic::Diagnostic;
use crate::model::records::{Deadline, ItemRecord, OriginalCells, ProjectRecord};
use crate::model::{Bilingual, Place, ProjectId, Spanned};

/// Parses the project record `file_text` read from `file`, or says where
/// and why not: the usual shape here, anything else by the YAML parser.
pub fn parse(file: &Path, file_text: &str) -> Result<ProjectRecord, Vec<Diagnostic>> {
    match read(file_text) {
        Some(record) => {
            #[cfg(debug_assertions)]
            agrees_with_yaml(file, file_text, &record);
            Ok(record)
        }
        None => super::yaml::parse_all(file, file_text),
    }
}

/// Panics when the fast reading differs from the YAML parser's, positions
/// included, so every test and fuzz run proves the reader on what it meets.
#[cfg(debug_assertions)]
fn agrees_with_yaml(file: &Path, file_text: &str, read: &ProjectRecord) {
    match super::yaml::parse::<ProjectRecord>(file, file_text) {
        Ok(yaml) => assert_eq!(format!("{read:?}"), format!("{yaml:?}"), "{file_text:?}"),
        Err(e) => panic!("the fast reader took {file_text:?}, which YAML refuses: {e:?}"),
    }
}

/// Reads a whole project file, or `None` when only the YAML parser may.
fn read(file_text: &str) -> Option<ProjectRecord> {
    let tokens = tokens(file_text)?;
    let mut at = 0;
    let record = node(&tokens, &mut at, 0)?;
    if at != tokens.len() {
        return None;
    }
    project(&record)
}

/// A line cut where YAML's block structure shows: each `- ` opening a
/// sequence entry, then the rest of the line.
enum Token<'a> {
    /// A sequence entry's dash, at this column (from 0).
    Dash(usize),
    /// `key: value`, `key:` or a scalar, starting at this column (from 0).
    Text {
        column: usize,
        text: &'a str,
        line: u32,
    },
}

impl Token<'_> {
    fn column(&self) -> usize {
        match self {
            Token::Dash(column) | Token::Text { column, .. } => *column,
        }
    }
}

fn tokens(file_text: &str) -> Option<Vec<Token<'_>>> {
    let mut tokens = Vec::new();
    for (index, physical) in file_text.split('\n').enumerate() {
        // Comments and escapes are read where they stand (`value`).
        if physical
            .chars()
            .any(|c| !matches!(c, '#' | '\\') && needs_yaml(c))
        {
            return None;
        }
        let content = physical.trim_start_matches(' ');
        if content.trim_end_matches(' ').is_empty() || content.starts_with('#') {
            continue;
        }
        let line = u32::try_from(index + 1).ok()?;
        let mut column = physical.len() - content.len();
        let mut rest = content;
        loop {
            if rest.trim_end_matches(' ') == "-" {
                tokens.push(Token::Dash(column));
                break;
            }
            let Some(after) = rest.strip_prefix("- ") else {
                tokens.push(Token::Text {
                    column,
                    text: rest,
                    line,
                });
                break;
            };
            tokens.push(Token::Dash(column));
            let entry = after.trim_start_matches(' ');
            column += 2 + after.len() - entry.len();
            rest = entry;
        }
    }
    Some(tokens)
}

/// A record as YAML's block structure gives it, before any type is read.
enum Node<'a> {
    Scalar(Scalar<'a>, Place),
    /// A double-quoted scalar with escapes, decoded: only text is read from one.
    Escaped(String),
    Map(Vec<(&'a str, Node<'a>)>),
    Seq(Vec<Node<'a>>),
}

/// A project record nests five deep (items, a list of units, a unit's
/// `zh`); deeper text is left to the YAML parser, which refuses it without
/// recursing once per level on a reader thread's small stack.
const DEEPEST: usize = 8;

/// Keys a mapping of a project record has at most (an item's original
/// cells are one per column of the notice's table); more are left to the
/// YAML parser, so finding a repeated key stays cheap.
const MOST_KEYS: usize = 64;

/// The node starting at `tokens[*at]`, `depth` levels down: a sequence at
/// a dash, a mapping at a key, else a scalar (as a sequence entry or a
/// value on its own line).
fn node<'a>(tokens: &[Token<'a>], at: &mut usize, depth: usize) -> Option<Node<'a>> {
    if depth > DEEPEST {
        return None;
    }
    match tokens.get(*at)? {
        Token::Dash(column) => sequence(tokens, at, *column, depth),
        Token::Text { column, text, line } => {
            if key_of(text).is_some() {
                return mapping(tokens, at, *column, depth);
            }
            *at += 1;
            value(text.trim_end_matches(' '), place(*line, *column)?)
        }
    }
}

fn sequence<'a>(
    tokens: &[Token<'a>],
    at: &mut usize,
    column: usize,
    depth: usize,
) -> Option<Node<'a>> {
    let mut entries = Vec::new();
    while matches!(tokens.get(*at), Some(Token::Dash(c)) if *c == column) {
        *at += 1;
        // An entry with nothing in it is null.
        if tokens.get(*at).is_none_or(|first| first.column() <= column) {
            return None;
        }
        entries.push(node(tokens, at, depth + 1)?);
        if tokens.get(*at).is_some_and(|next| next.column() > column) {
            return None;
        }
    }
    Some(Node::Seq(entries))
}

fn mapping<'a>(
    tokens: &[Token<'a>],
    at: &mut usize,
    column: usize,
    depth: usize,
) -> Option<Node<'a>> {
    let mut entries: Vec<(&str, Node)> = Vec::new();
    while let Some(Token::Text {
        column: c,
        text,
        line,
    }) = tokens.get(*at)
    {
        if *c != column {
            break;
        }
        let (key, after_colon) = key_of(text)?;
        if entries.len() == MOST_KEYS || entries.iter().any(|(seen, _)| *seen == key) {
            return None;
        }
        *at += 1;
        let value = after_colon.trim_matches(' ');
        let node = if value.is_empty() {
            // The value on the lines below: deeper, or a sequence whose
            // dashes stand at the key's column. Nothing there is null.
            match tokens.get(*at)? {
                Token::Dash(c) if *c >= column => node(tokens, at, depth + 1)?,
                next if next.column() > column => node(tokens, at, depth + 1)?,
                _ => return None,
            }
        } else {
            let before = text.len() - after_colon.trim_start_matches(' ').len();
            let place = place(*line, column + text[..before].chars().count())?;
            self::value(value, place)?
        };
        entries.push((key, node));
        if tokens.get(*at).is_some_and(|next| next.column() > column) {
            return None;
        }
    }
    Some(Node::Map(entries))
}

/// A line's key and what follows its colon, when it is `key:` or
/// `key: ...`. A plain key is a schema key (lowercase and `_`), and not
/// one that YAML reads as something other than text (`null`, `true`…);
/// any other key is double-quoted.
fn key_of(text: &str) -> Option<(&str, &str)> {
    let (key, after_colon) = match text.strip_prefix('"') {
        Some(quoted) => {
            let end = quoted.find('"')?;
            (&quoted[..end], quoted[end + 1..].strip_prefix(':')?)
        }
        None => {
            let (key, after_colon) = text.split_once(':')?;
            let schema_key = key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                && !matches!(
                    key,
                    "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
                );
            schema_key.then_some((key, after_colon))?
        }
    };
    let ends = after_colon.is_empty() || after_colon.starts_with(' ');
    (!key.is_empty() && !key.contains('\\') && ends).then_some((key, after_colon))
}

/// A scalar written on one line. An unquoted `#` is left to the YAML
/// parser (after a blank it starts a comment), and only a double-quoted
/// scalar reads escapes: the imported records escape the line breaks of
/// the cells they keep verbatim (`\n`).
fn value(written: &str, at: Place) -> Option<Node<'_>> {
    if written.starts_with('"') && written.contains('\\') {
        return escaped(written).map(Node::Escaped);
    }
    let quoted = written.starts_with(['"', '\'']);
    if (!quoted && written.contains('#')) || written.contains('\\') {
        return None;
    }
    Some(Node::Scalar(scalar(written)?, at))
}

/// A double-quoted scalar whose escapes are all `\n`, `\"` or `\\`, decoded.
fn escaped(written: &str) -> Option<String> {
    let inner = written.strip_prefix('"')?.strip_suffix('"')?;
    let mut decoded = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        decoded.push(match c {
            '\\' => match chars.next()? {
                'n' => '\n',
                '"' => '"',
                '\\' => '\\',
                _ => return None,
            },
            '"' => return None,
            c => c,
        });
    }
    Some(decoded)
}

/// Where a value starting at `column` (from 0) of `line` is, as YAML counts.
fn place(line: u32, column: usize) -> Option<Place> {
    Some(Place {
        line,
        column: u32::try_from(column + 1).ok()?,
    })
}

fn project(node: &Node) -> Option<ProjectRecord> {
    let (mut number, mut name, mut aliases, mut items) = (None, None, Vec::new(), None);
    for (key, value) in entries(node)? {
        match *key {
            "number" => number = Some(text_of(value)?),
            "name" => name = Some(bilingual(value)?),
            "aliases" => aliases = each(value, project_id)?,
            "items" => items = Some(each(value, item)?),
            // An unknown key needs the YAML parser's message.
            _ => return None,
        }
    }
    Some(ProjectRecord {
        number: number?,
        name: name?,
        aliases,
        items: items?,
    })
}

fn item(node: &Node) -> Option<ItemRecord> {
    let mut item = ItemRecord {
        tasks: None,
        amount: None,
        leaders: Vec::new(),
        lead_units: Vec::new(),
        partner_units: Vec::new(),
        deadline: None,
        location: None,
        remarks: None,
        original: OriginalCells::default(),
    };
    for (key, value) in entries(node)? {
        match *key {
            "tasks" => item.tasks = Some(bilingual(value)?),
            "amount" => {
                let Node::Scalar(written, at) = value else {
                    return None;
                };
                item.amount = Some(Spanned::new(amount(*written)?, *at));
            }
            "leaders" => item.leaders = each(value, bilingual)?,
            "lead_units" => item.lead_units = each(value, bilingual)?,
            "partner_units" => item.partner_units = each(value, bilingual)?,
            "deadline" => item.deadline = Some(deadline(value)?),
            "location" => item.location = Some(bilingual(value)?),
            "remarks" => item.remarks = Some(bilingual(value)?),
            "original" => {
                let cells = entries(value)?
                    .iter()
                    .map(|(column, cell)| Some((column.to_string(), text_of(cell)?)));
                item.original = OriginalCells(cells.collect::<Option<_>>()?);
            }
            _ => return None,
        }
    }
    Some(item)
}

fn bilingual(node: &Node) -> Option<Bilingual> {
    let (mut zh, mut en) = (None, None);
    for (key, value) in entries(node)? {
        match *key {
            "zh" => zh = Some(text_of(value)?),
            "en" => en = Some(text_of(value)?),
            _ => return None,
        }
    }
    Bilingual::new(zh?, en).ok()
}

fn deadline(node: &Node) -> Option<Deadline> {
    let (mut words, mut day) = (None, None);
    for (key, value) in entries(node)? {
        match (*key, value) {
            ("text", _) => words = Some(text_of(value)?),
            ("date", Node::Scalar(written, _)) => day = Some(date(*written)?),
            _ => return None,
        }
    }
    Some(Deadline {
        text: words?,
        date: day,
    })
}

fn project_id(node: &Node) -> Option<ProjectId> {
    ProjectId::parse(&text_of(node)?).ok()
}

fn entries<'n, 'a>(node: &'n Node<'a>) -> Option<&'n [(&'a str, Node<'a>)]> {
    match node {
        Node::Map(entries) => Some(entries),
        _ => None,
    }
}

fn each<T>(node: &Node, read: impl Fn(&Node) -> Option<T>) -> Option<Vec<T>> {
    match node {
        Node::Seq(entries) => entries.iter().map(read).collect(),
        _ => None,
    }
}

fn text_of(node: &Node) -> Option<String> {
    match node {
        Node::Scalar(written, _) => text(*written),
        Node::Escaped(decoded) => Some(decoded.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(file_text: &str) -> (ProjectRecord, ProjectRecord) {
        let fast = read(file_text).unwrap_or_else(|| panic!("fast reader declined {file_text:?}"));
        let yaml = super::super::yaml::parse(Path::new("p.yaml"), file_text)
            .unwrap_or_else(|e| panic!("YAML refused {file_text:?}: {e:?}"));
        (fast, yaml)
    }

    /// Every project record of the repository's content, as imported.
    #[test]
    fn reads_every_imported_record_as_the_yaml_parser_does() {
        let mut read_fast = 0;
        for entry in walkdir::WalkDir::new("content").sort_by_file_name() {
            let path = entry.unwrap().into_path();
            if path
                .parent()
                .is_some_and(|folder| folder.ends_with("projects"))
            {
                let file_text = std::fs::read_to_string(&path).unwrap();
                let (fast, yaml) = both(&file_text);
                assert_eq!(format!("{fast:?}"), format!("{yaml:?}"), "{path:?}");
                read_fast += 1;
            }
        }
        assert_eq!(read_fast, 74);
    }

    #[test]
    fn reads_values_and_their_places_as_the_yaml_parser_does() {
        let read_both = [
            "number: \"3\"\nname:\n  zh: 学校\nitems:\n- tasks:\n    zh: 新建\n  amount:   \"12.5\"  \n",
            "number: '3'\nname: {zh: 学校}\nitems: []\n",
            "number: \"1\"\naliases:\n  - p01\n  - g1-p02\nname:\n  zh: \"学校\"\n  en: Schools\nitems:\n  -\n    amount: 40\n    deadline:\n      text: \"年底\"\n      date: 2024-12-31\n",
            "  number: \"1\"\n  name:\n    \"zh\": a\n  items:\n    - location:\n        zh: 城南\n      remarks:\n        zh: 无\n      original:\n        \"序号\": \"1\"\n        \"总投资\": \"40\"\n",
            "number: \"1\"\nname:\n  zh:\n    \"学校\"\nitems:\n  - leaders:\n    - zh: 张三\n    lead_units:\n    - zh: 县教育局\n",
        ];
        for file_text in read_both {
            let yaml = super::super::yaml::parse::<ProjectRecord>(Path::new("p.yaml"), file_text)
                .unwrap_or_else(|e| panic!("YAML refused {file_text:?}: {e:?}"));
            if let Some(fast) = read(file_text) {
                assert_eq!(format!("{fast:?}"), format!("{yaml:?}"), "{file_text:?}");
            } else {
                assert!(file_text.contains(['{', '[']), "declined {file_text:?}");
            }
        }
        let (fast, _) = both(read_both[0]);
        let amount = fast.items[0].amount.as_ref().unwrap();
        assert_eq!((amount.at.line, amount.at.column), (7, 13));
    }

    /// Shapes left to the YAML parser, readable or not.
    #[test]
    fn leaves_everything_else_to_the_yaml_parser() {
        let head = "number: \"1\"\nname:\n  zh: 学校\nitems:\n  - tasks:\n      zh: 新建\n";
        let declined = [
            "    amount: 12.5\n",
            "    amount: \"12.5\" # comment\n",
            "    amount: &a \"12.5\"\n",
            "    amount: !!str 12\n",
            "    amount:\n",
            "    amount: \"\"\n",
            "    remarks:\n      zh: >\n        folded\n",
            "    remarks:\n      zh: one\n        two\n",
            "    remarks:\n      zh: \"one\n        two\"\n",
            "    remarks:\n      zh: \"a\\tb\"\n",
            "    remarks:\n      zh: yes\n",
            "    remarks:\n      zh: 2024\n",
            "    remarks:\n      zh: a: b\n",
            "    remarks:\n      zh: a\n      zh: b\n",
            "    remarks:\n      zh: a\n      fr: b\n",
            "    colour: red\n",
            "    original:\n      序号: \"1\"\n",
            "    original:\n      '序号': \"1\"\n",
            "    leaders:\n      -\n",
            "    leaders:\n      - zh: a\n     - zh: b\n",
            "    deadline:\n      text: 年底\n      date: 2024-02-30\n",
            "    tasks:\n      zh: again\n",
            "  - \n",
            "---\n",
            "    amount: \"1\"\r\n",
            "    original:\n      null: \"x\"\n",
        ];
        assert!(read(head).is_some());
        // Nesting beyond any record's is declined, not recursed into.
        assert!(read(&"- ".repeat(100_000)).is_none());
        let many: String = (0..=MOST_KEYS)
            .map(|n| format!("      \"{n}\": x\n"))
            .collect();
        assert!(read(&format!("{head}    original:\n{many}")).is_none());
        for tail in declined {
            let file_text = format!("{head}{tail}");
            assert!(read(&file_text).is_none(), "{file_text:?}");
        }
    }
}
