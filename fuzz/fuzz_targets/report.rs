//! A progress report: front matter + Markdown, then the body rendered to
//! HTML. The whole text is rendered when the front matter is rejected, so
//! the Markdown renderer is always exercised.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use minsheng::load::parse_report;
use minsheng::markdown::to_html;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let body = match parse_report(Path::new("2024-01-31.md"), text) {
        Ok(report) => report.body,
        Err(_) => text.to_string(),
    };
    let _ = to_html(&body);
});
