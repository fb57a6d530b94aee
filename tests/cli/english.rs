//! The English site: real English everywhere, Chinese only where marked as such.

use crate::Site;

/// The visible text of a page that is not inside an element marked `lang="zh-CN"`.
/// Minified HTML keeps closing tags, so a stack of open elements is enough.
fn text_outside_chinese(html: &str) -> String {
    const VOID: &[&str] = &[
        "area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr",
        "!doctype",
    ];
    let mut text = String::new();
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let inside_chinese = stack.iter().any(|(_, zh)| *zh);
        let in_head = stack.iter().any(|(name, _)| name == "head");
        if !inside_chinese && !in_head {
            text.push_str(&rest[..open]);
            text.push(' ');
        }
        let close = rest[open..].find('>').map_or(rest.len(), |i| open + i);
        let tag = &rest[open + 1..close];
        rest = &rest[(close + 1).min(rest.len())..];
        if let Some(name) = tag.strip_prefix('/') {
            if let Some(i) = stack.iter().rposition(|(n, _)| n == name.trim()) {
                stack.truncate(i);
            }
            continue;
        }
        let name = tag
            .split([' ', '/'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        let zh = tag.contains("lang=zh-CN") || tag.contains("lang=\"zh-CN\"");
        stack.push((name, zh));
    }
    text
}

fn is_chinese(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

#[test]
fn no_english_page_shows_chinese_outside_marked_elements() {
    let site = Site::real();
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let mut pages = 0;
    for (path, bytes) in site.tree("public/en") {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let visible = text_outside_chinese(&String::from_utf8(bytes).unwrap());
        let chinese: String = visible
            .chars()
            .filter(|c| is_chinese(*c))
            .take(40)
            .collect();
        assert!(
            chinese.is_empty(),
            "en/{path} shows unmarked Chinese: {chinese}"
        );
    }
    assert_eq!(pages, 95, "every English page was read");
}

#[test]
fn the_walker_finds_unmarked_chinese() {
    assert_eq!(
        text_outside_chinese("<p>Road <span lang=zh-CN>道路</span></p>").trim(),
        "Road"
    );
    assert!(text_outside_chinese("<p>道路</p>").contains("道路"));
}

#[test]
fn a_missing_translation_falls_back_to_marked_chinese_and_is_counted() {
    let site = Site::demo();
    site.edit(
        "content/sample/2024/projects/p03.yaml",
        "  en: \"Free health checks\"\n",
        "",
    );
    let out = site.run(&["check"]);
    out.success();
    assert!(
        out.stdout
            .contains("translation sample/2024: 22/23 fields in English (95%)"),
        "{}",
        out.stdout
    );
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let page = site.read("public/en/sample/2024/p03/index.html");
    assert!(
        page.contains(
            "<span lang=\"zh-CN\">免费健康体检</span> <span class=\"zh-only\">(Chinese only)</span>"
        ),
        "{page}"
    );
}

#[test]
fn every_page_links_to_itself_in_the_other_language() {
    let site = Site::demo();
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let english = site.read("public/en/sample/2024/p01/index.html");
    assert!(english.contains("<html lang=\"en\">"));
    assert!(english.contains(
        "<link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://sample.example/minsheng/sample/2024/p01/\">"
    ));
    assert!(english.contains(
        "<a class=\"lang-switch\" href=\"../../../../sample/2024/p01/index.html\" hreflang=\"zh-CN\" lang=\"zh-CN\">中文</a>"
    ));
    let chinese = site.read("public/sample/2024/p01/index.html");
    assert!(chinese.contains(
        "<a class=\"lang-switch\" href=\"../../../en/sample/2024/p01/index.html\" hreflang=\"en\" lang=\"en\">English</a>"
    ));
}

#[test]
fn a_glossary_entry_gives_its_english_at_the_next_build_without_a_reimport() {
    let site = Site::demo();
    site.edit(
        "content/sample/2024/projects/p02.yaml",
        "      - zh: \"县教体局\"\n        en: \"County Education and Sports Bureau\"\n    deadline:\n      text: \"2024年11月底\"\n      date: 2024-11-30\n  - tasks:",
        "      - zh: \"县教体局\"\n    deadline:\n      text: \"2024年11月底\"\n      date: 2024-11-30\n  - tasks:",
    );
    site.edit(
        "content/glossary.yaml",
        "\"县教体局\": \"County Education and Sports Bureau\"",
        "\"县教体局\": \"Education and Sports Bureau (from the glossary)\"",
    );
    let check = site.run(&["check"]);
    check.success();
    assert!(
        check
            .stdout
            .contains("fields in English (100%), 1 of them from the glossary"),
        "{}",
        check.stdout
    );
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let page = site.read("public/en/sample/2024/p02/index.html");
    assert!(
        page.contains("Education and Sports Bureau (from the glossary)"),
        "the English page takes the glossary's name"
    );
}
