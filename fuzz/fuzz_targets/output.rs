//! What the site publishes from a text staff wrote, with that text in every
//! place: report Markdown as HTML (no active markup: no script, no event
//! handler, no script link), the Markdown lint (every line it names is in
//! the body), a feed with the text in every field (well-formed XML, even
//! with control characters) and a CSV cell (never a formula).
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use minsheng::load::parse_report;
use minsheng::markdown::{lint, to_html};
use minsheng::model::{Lang, Report, ReportText};
use minsheng::render::OutputFile;
use minsheng::render::csv::quote;
use minsheng::theme::{Theme, ThemeSource};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = to_html(text);
    no_active_markup(&html);
    lint_stays_in_the_body(text);
    feed_is_well_formed(text, &html);
    csv_cell_is_no_formula(text);
});

/// Tags pulldown-cmark writes itself; raw HTML in a report is shown as text.
const TAGS: &[&str] = &[
    "a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img",
    "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul", "input",
    "sup", "div", "section",
];

/// Attributes whose value a browser follows or loads as an address.
const URL_ATTRIBUTES: &[&str] = &[
    "href", "src", "srcset", "action", "formaction", "cite", "poster", "background", "xlink:href",
];

fn no_active_markup(html: &str) {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            TAGS.contains(&name.to_ascii_lowercase().as_str()),
            "a tag the renderer does not write: <{name} in {html:?}"
        );
        let end = tag_end(rest);
        for (attribute, value) in attributes(&rest[..end]) {
            assert!(!attribute.starts_with("on"), "event handler {attribute} in {html:?}");
            // A link's title may say anything; only an address is followed.
            if !URL_ATTRIBUTES.contains(&attribute.as_str()) {
                continue;
            }
            let value = value.trim().to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(!value.starts_with(scheme), "{attribute}={value} in {html:?}");
            }
        }
        rest = &rest[end..];
    }
}

/// Where the tag that starts `tag` ends, quotes respected.
fn tag_end(tag: &str) -> usize {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    tag.len()
}

/// The attributes of one tag, as (lower-case name, value).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let body = tag.trim_start_matches('/');
    let mut chars = body
        .trim_start_matches(|c: char| c.is_ascii_alphanumeric())
        .chars()
        .peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
        let name: String = std::iter::from_fn(|| {
            chars.next_if(|c| !c.is_whitespace() && !matches!(c, '=' | '>' | '/'))
        })
        .collect();
        if name.is_empty() {
            return found;
        }
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            match chars.next_if(|c| matches!(c, '"' | '\'')) {
                Some(q) => value.extend(std::iter::from_fn(|| chars.next_if(|c| *c != q))),
                None => value.extend(std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace()))),
            }
            chars.next();
        }
        found.push((name.to_ascii_lowercase(), value));
    }
}

fn lint_stays_in_the_body(body: &str) {
    let file = "---\ndate: 2024-01-31\nstatus: in-progress\npercent: 10\n---\n";
    let Ok(parsed) = parse_report(Path::new("2024-01-31.md"), &format!("{file}{body}")) else {
        return;
    };
    let date = parsed.front.date;
    let report = Report::new(
        Arc::from(Path::new("")),
        date,
        parsed.front,
        parsed.body_line,
    );
    let text = ReportText {
        zh: parsed.body,
        en: None,
    };
    let last = parsed.body_line + body.matches('\n').count();
    for found in lint(&report, &text) {
        let line = found
            .location
            .and_then(|l| l.position)
            .map_or(0, |p| p.line);
        assert!(
            (parsed.body_line..=last).contains(&line),
            "line {line} is outside the body ({}..={last})",
            parsed.body_line
        );
    }
}

fn feed_is_well_formed(text: &str, html: &str) {
    static THEME: OnceLock<Theme> = OnceLock::new();
    let theme = THEME.get_or_init(|| {
        Theme::load(&ThemeSource::BuiltIn).unwrap_or_else(|e| panic!("built-in theme: {e:?}"))
    });
    let entry = serde_json::json!({
        "title": text, "id": text, "url": text, "updated": text, "content": html,
    });
    let feed = serde_json::json!({ "feed": {
        "lang_tag": text, "title": text, "self_url": text, "home_url": text,
        "updated": text, "author": text, "entries": [entry],
    }});
    let Ok(context) = tera::Context::from_serialize(&feed) else {
        return;
    };
    let xml = theme
        .render(Lang::Zh, "feed.xml", &context, "a fuzzed feed")
        .unwrap_or_else(|e| panic!("{e:?}"));
    let file = OutputFile::xml(PathBuf::from("feed.xml"), xml);
    let written = String::from_utf8(file.bytes).expect("a feed is UTF-8");
    if let Err(e) = roxmltree::Document::parse(&written) {
        panic!("the feed is not well-formed XML: {e}\n{written}");
    }
}

fn csv_cell_is_no_formula(text: &str) {
    let cell = quote(text);
    let content = cell.strip_prefix('"').unwrap_or(&cell);
    assert!(
        !content.starts_with(['=', '+', '-', '@', '\t', '\r']),
        "a formula reached the CSV: {cell:?}"
    );
}
