//! Personal data in every published text and file name, whatever its
//! written form, and never printed in full by `check` or `build`.

use crate::{Output, Site};

const MOBILE: &str = "13812345678";

fn never_printed(out: &Output) {
    for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(
            !text.contains(MOBILE),
            "the full number is on {stream}:\n{text}"
        );
    }
}

fn never_published(site: &Site) {
    for (file, bytes) in site.tree("public") {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(MOBILE),
            "public/{file} holds the number"
        );
    }
}

fn reports(out: &Output, expected: &str) {
    assert!(
        out.stderr.contains(expected),
        "missing {expected}\n{}",
        out.stderr
    );
}

#[test]
fn a_mobile_number_in_the_site_title_or_the_glossary_fails_check_and_build() {
    let site = Site::demo();
    site.edit(
        "content/site.yaml",
        "  zh: \"示例县民生实事（示例数据）\"",
        "  zh: \"示例县民生实事（示例数据）咨询13812345678\"",
    );
    site.edit(
        "content/glossary.yaml",
        "  \"王示例\": \"Wang Shili\"",
        "  \"王示例\": \"Wang Shili, 138-1234-5678\"",
    );
    let out = site.run(&["check"]);
    out.failure();
    reports(
        &out,
        "content/site.yaml:3:23: error[personal-data]: this looks like a mobile phone number: 138****5678",
    );
    reports(
        &out,
        "content/glossary.yaml:9:23: error[personal-data]: this looks like a mobile phone number: 138****5678",
    );
    never_printed(&out);
    let out = site.run(&["build"]);
    out.failure();
    never_printed(&out);
    never_published(&site);
}

#[test]
fn an_escaped_or_continued_number_in_a_double_quoted_string_is_found() {
    let site = Site::demo();
    let file = "content/sample/2024/projects/p03.yaml";
    site.edit(
        file,
        "      zh: \"为65岁以上老年人免费体检1万人次。\"",
        "      zh: \"预约电话\\u0031\\u0033\\u0038\\u0031\\u0032\\u0033\\u0034\\u0035\\u0036\\u0037\\u0038。\"",
    );
    site.edit(
        file,
        "aged over 65.\"",
        "aged over 65. Call 138\\\n        12345678 or &#x31;39 1234 5678.\"",
    );
    let out = site.run(&["check"]);
    out.failure();
    reports(
        &out,
        &format!(
            "{file}:7:16: error[personal-data]: this looks like a mobile phone number: 138****5678"
        ),
    );
    reports(
        &out,
        &format!(
            "{file}:8:72: error[personal-data]: this looks like a mobile phone number: 138****5678"
        ),
    );
    reports(
        &out,
        &format!(
            "{file}:9:21: error[personal-data]: this looks like a mobile phone number: 139****5678"
        ),
    );
    never_printed(&out);
    let out = site.run(&["build"]);
    out.failure();
    never_published(&site);
}

#[test]
fn a_report_image_named_after_a_number_is_found_and_its_name_masked() {
    let site = Site::demo();
    let folder = "content/sample/2024/reports/p01";
    std::fs::copy(
        site.path(&format!("{folder}/dining.png")),
        site.path(&format!("{folder}/{MOBILE}.png")),
    )
    .unwrap();
    let out = site.run(&["check"]);
    out.failure();
    reports(
        &out,
        &format!(
            "{folder}/138****5678.png: error[personal-data]: this file name looks like a mobile phone number: 138****5678"
        ),
    );
    never_printed(&out);
    let out = site.run(&["check", "--format", "json"]);
    out.failure();
    never_printed(&out);
}

#[test]
fn the_lines_and_messages_of_other_problems_print_personal_data_masked() {
    let site = Site::demo();
    let file = "content/sample/2024/projects/p03.yaml";
    // The number on the line before an unknown key: that line is printed as context.
    site.edit(file, "aged over 65.\"", "aged over 65. Call 13812345678.\"");
    site.edit(file, "    amount: \"100\"", "    amont: \"100\"");
    // A value the parser quotes in its message.
    site.edit(
        "content/sample/2024/reports/p01/2024-01-31.md",
        "status: in-progress",
        "status: \"138 1234 5678\"",
    );
    let out = site.run(&["check"]);
    out.failure();
    reports(&out, "error[unknown-key]: unknown field `amont`");
    reports(&out, "Call 138****5678.\"\n  9 |     amont: \"100\"\n");
    reports(&out, "138 **** 5678");
    never_printed(&out);
    assert!(!out.stderr.contains("138 1234 5678"), "{}", out.stderr);
    let out = site.run(&["check", "--format", "json"]);
    out.failure();
    never_printed(&out);
    assert!(!out.stdout.contains("138 1234 5678"), "{}", out.stdout);
}
