//! A progress report: front matter + Markdown, then the body rendered to
//! HTML and to plain text. The whole text is rendered too, so the Markdown
//! renderers are exercised even when the front matter is rejected.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use minsheng::load::parse_report;
use minsheng::render::markdown::{to_html, to_text};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let body = match parse_report(Path::new("2024-01-31.md"), text) {
        Ok(report) => report.body,
        Err(_) => text.to_string(),
    };
    let _ = to_html(&body);
    let _ = to_text(&body);
});
