//! Report bodies: Markdown → safe HTML for `render`, and the lint that
//! `check` runs on it.
//!
//! Raw HTML in a report is shown as text, never as markup; links may only
//! use http(s), mailto or relative targets.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::diagnostic::Diagnostic;
use crate::model::{Report, ReportText};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders a report body to HTML that carries no markup of the author's own.
pub fn to_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let has_scheme = lower
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|head| head.contains(':'));
    let allowed = ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s));
    if has_scheme && !allowed {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

/// The images a body shows, as written in its Markdown.
pub fn image_sources(markdown: &str) -> Vec<String> {
    // Every image begins `![`; most reports show none and need no parse.
    // Debug builds (tests, fuzzing) parse anyway and compare.
    if !markdown.contains("![") {
        debug_assert!(parsed_image_sources(markdown).is_empty(), "{markdown:?}");
        return Vec::new();
    }
    parsed_image_sources(markdown)
}

fn parsed_image_sources(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, options())
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// Problems with a report body that Markdown does not report itself.
pub fn lint(report: &Report, text: &ReportText) -> Vec<Diagnostic> {
    let mut found = lint_body(report, &text.zh, false);
    if let Some(body) = &text.en {
        found.extend(lint_body(report, body, true));
    }
    found
}

fn lint_body(report: &Report, body: &str, english: bool) -> Vec<Diagnostic> {
    // The lint looks at images (which begin `![`) and at `*` in text, which
    // only a `*` or a character reference (`&ast;`) writes: a body with
    // none of these, as most are, needs no parse. Debug builds (tests,
    // fuzzing) parse anyway and compare.
    if !body.contains(['*', '&']) && !body.contains("![") {
        debug_assert!(lint_parsed(report, body, english).is_empty(), "{body:?}");
        return Vec::new();
    }
    lint_parsed(report, body, english)
}

fn lint_parsed(report: &Report, body: &str, english: bool) -> Vec<Diagnostic> {
    let file = &report.file_of(english);
    let mut found = Vec::new();
    let mut image: Option<(usize, String, String)> = None;
    // pulldown-cmark splits text at every `*` it fails to pair, so runs of
    // text are joined before looking for a literal `**`.
    let mut run: Option<(usize, String)> = None;
    let newlines = Newlines::of(body);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let line = report.body_line + newlines.before(range.start);
        if let Event::Text(text) = &event {
            if let Some((_, _, alt)) = image.as_mut() {
                alt.push_str(text);
            }
            run.get_or_insert_with(|| (line, String::new()))
                .1
                .push_str(text);
            continue;
        }
        if let Some((line, text)) = run.take().filter(|(_, text)| text.contains("**")) {
            found.push(unclosed_emphasis(file, line, &text));
        }
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((line, dest_url.to_string(), String::new()))
            }
            Event::End(TagEnd::Image) => {
                if let Some((line, url, _)) =
                    image.take().filter(|(_, _, alt)| alt.trim().is_empty())
                {
                    found.push(
                        Diagnostic::error("image-without-alt", format!("the image `{url}` has no alt text"))
                            .at(file, line, 1)
                            .hint("describe the picture for readers who cannot see it: ![新建的助餐点内景](photo.jpg)"),
                    );
                }
            }
            _ => {}
        }
    }
    if let Some((line, text)) = run.filter(|(_, text)| text.contains("**")) {
        found.push(unclosed_emphasis(file, line, &text));
    }
    found
}

/// Where a text's line breaks are, so the line of each Markdown event is
/// found in logarithmic time: counting from the start for every event made
/// the lint quadratic (a 50 MB report took minutes).
struct Newlines(Vec<usize>);

impl Newlines {
    fn of(text: &str) -> Newlines {
        Newlines(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(at, _)| at)
                .collect(),
        )
    }

    /// How many line breaks come before byte `offset`.
    fn before(&self, offset: usize) -> usize {
        self.0.partition_point(|&at| at < offset)
    }
}

fn unclosed_emphasis(file: &std::path::Path, line: usize, text: &str) -> Diagnostic {
    let excerpt: String = text.chars().take(30).collect();
    Diagnostic::warning("unclosed-emphasis", format!("`**` will show as literal asterisks: \"{excerpt}\""))
        .at(file, line, 1)
        .hint("Markdown does not close bold next to full-width punctuation: write `**注意**：正文` (punctuation outside the asterisks) or put a space after the closing `**`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_count_the_breaks_before_an_offset() {
        let newlines = Newlines::of("a\nbc\n\nd");
        let counts: Vec<usize> = (0..=8).map(|at| newlines.before(at)).collect();
        assert_eq!(counts, [0, 0, 1, 1, 1, 2, 3, 3, 3]);
    }

    fn codes_of(body: &str) -> Vec<String> {
        let file = std::path::Path::new("2024-01-31.md");
        let front = "---\ndate: 2024-01-31\nstatus: in-progress\n---\n";
        let parsed = crate::load::parse_report(file, &format!("{front}{body}")).unwrap();
        let folder = std::sync::Arc::from(std::path::Path::new(""));
        let report = Report::new(folder, parsed.front.date, parsed.front, parsed.body_line);
        let text = ReportText {
            zh: parsed.body,
            en: None,
        };
        lint(&report, &text)
            .into_iter()
            .map(|d| d.code.to_string())
            .collect()
    }

    /// The lint parses only bodies with `*`, `&` or `![`: what it finds
    /// needs one of them, however the text is written.
    #[test]
    fn only_stars_references_and_images_are_linted() {
        for (body, codes) in [
            ("完成**注意：**正文", vec!["unclosed-emphasis"]),
            ("字面 \\*\\*星号", vec!["unclosed-emphasis"]),
            ("引用 &ast;&ast;星号", vec!["unclosed-emphasis"]),
            ("数字 &#42;&#42;星号", vec!["unclosed-emphasis"]),
            ("![](photo.jpg)", vec!["image-without-alt"]),
            ("![][p]\n\n[p]: photo.jpg", vec!["image-without-alt"]),
            ("_强调_ 与 __加粗__ 与 [链接](x)", vec![]),
            ("!\\[不是图片](photo.jpg) <img src=photo.jpg>", vec![]),
        ] {
            assert_eq!(codes_of(body), codes, "{body}");
        }
        assert!(image_sources("<img src=photo.jpg> !\\[x](y.png)").is_empty());
        assert_eq!(image_sources("![a][p]\n\n[p]: y.png"), ["y.png"]);
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html("开工<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn dangerous_links_are_neutralised() {
        assert_eq!(
            to_html("[x](javascript:alert(1))"),
            "<p><a href=\"#\">x</a></p>\n"
        );
        assert_eq!(
            to_html("[x](https://a.example/)"),
            "<p><a href=\"https://a.example/\">x</a></p>\n"
        );
        assert_eq!(
            to_html("![图](photo.jpg)"),
            "<p><img src=\"photo.jpg\" alt=\"图\" /></p>\n"
        );
    }
}
