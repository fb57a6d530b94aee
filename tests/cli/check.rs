//! `minsheng check`: every diagnostic with its place, all of them in one run.

use crate::Site;

#[test]
fn an_unknown_key_names_file_line_column_and_key() {
    let site = Site::demo();
    site.edit(
        "content/sample/2024/projects/p03.yaml",
        "    amount: \"100\"",
        "    amont: \"100\"",
    );
    let out = site.run(&["check"]);
    out.failure();
    assert!(
        out.stderr.contains(
            "content/sample/2024/projects/p03.yaml:9:5: error[unknown-key]: unknown field `amont`"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("  9 |     amont: \"100\"\n    |     ^\n"),
        "the excerpt shows the line and marks the key: {}",
        out.stderr
    );
    assert_eq!(
        out.stderr.matches("unknown field `amont`").count(),
        1,
        "the message is printed once: {}",
        out.stderr
    );
}

#[test]
fn a_total_mismatch_names_both_figures_and_the_difference() {
    let site = Site::demo();
    site.edit(
        "content/sample/2024/notice.yaml",
        "declared_total: \"1710.5\"",
        "declared_total: \"1710.05\"",
    );
    let out = site.run(&["check"]);
    out.failure();
    assert!(
        out.stderr.contains("content/sample/2024/notice.yaml:12:17: error[total-mismatch]: the total (合计) is declared as 1710.05 but its rows add up to 1710.5 (difference 0.45); 1 row states no amount"),
        "{}",
        out.stderr
    );
}

#[test]
fn errors_in_two_files_are_both_reported_in_one_run() {
    let site = Site::demo();
    site.edit(
        "content/sample/2024/projects/p01.yaml",
        "number: \"1\"",
        "number: \"1\"\ncolour: red",
    );
    site.edit(
        "content/sample/2024/reports/p04/2024-05-31.md",
        "percent: 30",
        "percent: 130",
    );
    site.edit(
        "content/sample/2024/reports/p04/2024-08-31.md",
        "percent: 30\n",
        "percent_reported: 130\n",
    );
    let out = site.run(&["check"]);
    out.failure();
    assert!(
        out.stderr
            .contains("projects/p01.yaml:2:1: error[unknown-key]"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "reports/p04/2024-05-31.md:4:10: error[percent-out-of-range]: percent is 130"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "reports/p04/2024-08-31.md:4:19: error[percent-reported]: percent_reported is 130 without percent"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.contains("3 error(s), 1 warning(s)"),
        "{}",
        out.stdout
    );
}

#[test]
fn structural_mistakes_are_named() {
    let site = Site::demo();
    site.edit(
        "content/sample/2024/notice.yaml",
        "      - p05",
        "      - p05\n      - p06\n      - p01",
    );
    site.write(
        "content/sample/2024/reports/p09/2024-03-31.md",
        "---\ndate: 2024-03-31\nstatus: planned\npercent: 0\n---\n",
    );
    site.edit(
        "content/sample/2024/projects/p04.yaml",
        "date: 2024-10-31",
        "date: 2024-02-30",
    );
    site.edit(
        "content/sample/2024/projects/p05.yaml",
        "amount: \"200\"",
        "amount: \"-200\"",
    );
    site.edit(
        "content/sample/2024/projects/p03.yaml",
        "zh: \"免费健康体检\"",
        "zh: \"\"",
    );
    let out = site.run(&["check"]);
    out.failure();
    for expected in [
        "error[missing-project]: project `p06` has no file projects/p06.yaml",
        "error[duplicate-id]: project `p01` is listed twice",
        "error[unknown-project]: this report is for `p09`, which has no project file",
        "2024-02-30 is not a day of the calendar",
        "amounts cannot be negative: `-200`",
        "the Chinese text (`zh`) is empty",
    ] {
        assert!(
            out.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            out.stderr
        );
    }
}

#[test]
fn amounts_without_a_unit_are_an_error() {
    let site = Site::demo();
    site.edit("content/sample/2024/notice.yaml", "unit: \"万元\"\n", "");
    let out = site.run(&["check"]);
    out.failure();
    assert!(
        out.stderr.contains(
            "content/sample/2024/notice.yaml: error[amount-without-unit]: the notice states amounts but not their unit"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn json_output_lists_every_diagnostic_for_editors() {
    let site = Site::demo();
    site.edit(
        "content/sample/2024/projects/p03.yaml",
        "    amount: \"100\"",
        "    amont: \"100\"",
    );
    let out = site.run(&["check", "--format", "json"]);
    out.failure();
    let json = out.json();
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 1);
    let first = &json["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "unknown-key");
    assert_eq!(first["file"], "content/sample/2024/projects/p03.yaml");
    assert_eq!(first["line"], 9);
    assert_eq!(first["column"], 5);
    assert_eq!(json["translation"][0]["percent"], 100);
}

#[test]
fn a_ui_string_missing_in_one_language_fails_the_check() {
    let site = Site::demo();
    site.edit(
        "themes/default/i18n/en.yaml",
        "site.skip: \"Skip to main content\"\n",
        "",
    );
    let out = site.run(&["check", "--theme", "themes/default"]);
    out.failure();
    assert!(
        out.stderr
            .contains("error[ui-string-missing]: the UI string `site.skip` has no en version"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_amount_unit_other_than_yuan_wan_or_yi_is_an_error_at_its_line() {
    let site = Site::demo();
    site.edit(
        "content/sample/2024/notice.yaml",
        "unit: \"万元\"",
        "unit: \"千美元\"",
    );
    let out = site.run(&["check"]);
    out.failure();
    assert!(
        out.stderr
            .contains("`千美元` is not a unit of amounts: write 元, 万元 or 亿元"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("content/sample/2024/notice.yaml:"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_problem_with_a_whole_file_names_the_file_without_a_line() {
    let site = Site::demo();
    site.write("content/sample/notes.txt", "a stray file");
    let out = site.run(&["check", "--format", "json"]);
    out.failure();
    let report = out.json();
    let stray = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unexpected-file")
        .expect("the stray file is reported");
    assert_eq!(stray["file"], "content/sample/notes.txt");
    assert_eq!(stray["line"], serde_json::Value::Null);
    assert_eq!(stray["column"], serde_json::Value::Null);
    let text = site.run(&["check"]);
    assert!(
        text.stderr
            .contains("content/sample/notes.txt: error[unexpected-file]:"),
        "{}",
        text.stderr
    );
}

#[test]
fn problems_point_at_the_unit_the_source_key_and_the_image_line() {
    let site = Site::demo();
    site.edit(
        "content/glossary.yaml",
        "  \"县教体局\": \"County Education and Sports Bureau\"\n",
        "",
    );
    site.edit(
        "content/sample/2024/notice.yaml",
        "unit: \"万元\"",
        "unit: \"万元\"\nsource: \"gone.txt\"",
    );
    let report = site.read("content/sample/2024/reports/p04/2024-08-31.md");
    site.write(
        "content/sample/2024/reports/p04/2024-08-31.md",
        &format!("{}\n\n![新铺的路面](road.jpg)\n", report.trim_end()),
    );
    let out = site.run(&["check", "--content", "content"]);
    out.failure();
    let stderr = &out.stderr;
    assert!(
        stderr
            .contains("content/sample/2024/projects/p02.yaml:11:13: warning[unit-not-in-glossary]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("add it under `units:` in content/glossary.yaml"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/sample/2024/notice.yaml:12:1: error[missing-source]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/sample/2024/reports/p04/2024-08-31.md:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[missing-image]: the image `road.jpg`"),
        "{stderr}"
    );
    assert!(!stderr.contains(":1:1:"), "no made-up 1:1: {stderr}");
}

#[test]
fn every_error_of_a_record_is_reported_and_its_reports_are_still_checked() {
    let site = Site::demo();
    let project = "content/sample/2024/projects/p01.yaml";
    site.edit(project, "number: \"1\"", "number: \"1\"\nnmae: \"typo\"");
    site.edit(project, "amount: \"150\"", "amount: \"1e5\"");
    site.edit(project, "date: 2024-06-30", "date: 2024-02-30");
    site.edit(
        "content/sample/2024/reports/p01/2024-06-28.md",
        "![城东助餐点的用餐区](dining.png)",
        "![](dining.png)",
    );
    let out = site.run(&["check"]);
    out.failure();
    for expected in [
        format!("{project}:2:1: error[unknown-key]: unknown field `nmae`"),
        format!("{project}:10:13: error[invalid-record]: `1e5` is not an amount"),
        format!("{project}:22:13: error[invalid-record]:"),
        "reports/p01/2024-06-28.md:9:1: error[image-without-alt]".to_string(),
    ] {
        assert!(
            out.stderr.contains(&expected),
            "missing {expected}\n{}",
            out.stderr
        );
    }
}
