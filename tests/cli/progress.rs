//! A monthly progress table into the fictional sample county: draft
//! reports with the government's figures, shown on the project pages and
//! in the open data; unmatched rows listed; reports never overwritten.

use crate::Site;

fn import_progress(site: &Site) -> crate::Output {
    let table =
        std::fs::read_to_string(crate::repo().join("tests/fixtures/import/sample-progress.txt"))
            .unwrap();
    site.write("progress.txt", &table);
    site.run(&["import", "progress.txt", "--notice", "sample/2024"])
}

#[test]
fn a_progress_table_becomes_draft_reports_shown_with_the_governments_judgement() {
    let site = Site::demo();
    let out = import_progress(&site);
    assert_eq!(out.status, 1, "one row matches no project: {}", out.stdout);
    assert!(out.stdout.contains("row   2 → p02"), "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "row   4 示例县城区道路照明改造 (line 7): not matched, no project of the notice has this name"
        ),
        "{}",
        out.stdout
    );
    assert!(
        !site
            .path("content/sample/2024/reports/p04/2024-11-30.md")
            .exists()
    );
    assert_eq!(
        site.read("content/sample/2024/progress-2024-11-30.txt"),
        site.read("progress.txt"),
        "the published text is kept beside the records"
    );
    let p03 = site.read("content/sample/2024/reports/p03/2024-11-30.md");
    assert!(
        p03.contains("percent: 100\npercent_reported: 113\nspent: \"35\"\non_schedule: true\n"),
        "{p03}"
    );
    assert!(p03.contains("draft: true"));

    site.run(&[
        "build",
        "--as-of",
        "2024-12-15",
        "--drafts",
        "--out",
        "preview",
    ])
    .success();
    let p02 = site.read("preview/en/sample/2024/p02/index.html");
    assert!(
        p02.contains("<strong>Behind schedule, as the government reports it</strong>"),
        "{p02}"
    );
    assert!(p02.contains("设备招标推迟，滞后约1个月。"));
    assert!(p02.contains("Item 2: 60%"));
    let p03 = site.read("preview/en/sample/2024/p03/index.html");
    assert!(p03.contains("113% of the target (exceeded)"), "{p03}");
    let data: serde_json::Value =
        serde_json::from_str(&site.read("preview/data/sample-2024.json")).unwrap();
    let p02 = &data["groups"][0]["projects"][1];
    let november = p02["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["date"] == "2024-11-30")
        .unwrap();
    assert_eq!(november["on_schedule"], false);
    assert_eq!(november["schedule_note"], "设备招标推迟，滞后约1个月。");

    let again = import_progress(&site);
    assert!(
        again.stdout.contains("2024-11-30.md exists: left as it is"),
        "{}",
        again.stdout
    );
}

#[test]
fn a_row_whose_number_matches_but_not_its_name_is_not_written() {
    let site = Site::demo();
    let table = "示例县2024年民生实事1-11月进展情况表\n序号 | 项目名称 | 完成率 |\n1 | 省级老年食堂建设 | 50% |\n";
    site.write("progress.txt", table);
    let out = site.run(&["import", "progress.txt", "--notice", "sample/2024"]);
    out.failure();
    assert!(
        out.stdout
            .contains("its number 1 is that of `p01`, but the names differ"),
        "{}",
        out.stdout
    );
    assert!(
        !site
            .path("content/sample/2024/reports/p01/2024-11-30.md")
            .exists()
    );
}

#[test]
fn a_notice_is_not_imported_as_progress() {
    let site = Site::real();
    let out = site.run(&[
        "import",
        "seeds/003_22dbb4daa77c740a.txt",
        "--notice",
        "weishan/2024",
    ]);
    out.failure();
    assert!(
        out.stderr
            .contains("reads as a notice, not a progress text"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_satisfaction_table_is_read_written_shown_and_checked() {
    let site = Site::demo();
    std::fs::remove_file(site.path("content/sample/2024/accountability.yaml")).unwrap();
    let table = std::fs::read_to_string(
        crate::repo().join("tests/fixtures/import/sample-satisfaction.txt"),
    )
    .unwrap();
    site.write("rating.txt", &table);
    let review = site.run(&["import", "rating.txt", "--dry-run", "--format", "json"]);
    let json = review.json();
    assert_eq!(json["kind"], "satisfaction");
    assert_eq!(json["voters"], 118);
    assert_eq!(json["rows"][1]["votes"], serde_json::json!([70, 33, 5]));
    let roles: Vec<&str> = json["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["as"].as_str())
        .collect();
    assert_eq!(
        roles.iter().filter(|r| **r == "rating_row").count(),
        2,
        "{roles:?}"
    );
    assert!(!roles.contains(&"progress_row"));

    let out = site.run(&["import", "rating.txt", "--notice", "sample/2024"]);
    out.success();
    assert!(out.stdout.contains("row   2 → p02"), "{}", out.stdout);
    let record = site.read("content/sample/2024/accountability.yaml");
    assert!(
        record.contains("voters: 118\n  projects:\n    - project: p01\n      satisfied: 96\n"),
        "{record}"
    );

    let check = site.run(&["check"]);
    assert!(
        check.stderr.contains(
            "warning[votes-mismatch]: the satisfaction votes of `p02` add up to 108 (70 + 33 + 5), but 118 voters are stated (difference 10)"
        ),
        "{}",
        check.stderr
    );
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let page = site.read("public/en/sample/2024/p01/index.html");
    assert!(
        page.contains(
            "Satisfied 96 · Fairly satisfied 20 · Dissatisfied 2 · Share satisfied 81.4%"
        ),
        "{page}"
    );

    let again = site.run(&["import", "rating.txt", "--notice", "sample/2024"]);
    again.failure();
    assert!(
        again.stderr.contains("already has a satisfaction record"),
        "{}",
        again.stderr
    );
}

#[test]
fn a_rating_told_in_prose_is_not_read_as_a_table() {
    let site = Site::empty();
    let text = std::fs::read_to_string(crate::repo().join(
        "tests/fixtures/corpus/25_ninghai_2021_vote_news_and_2020_completion_satisfaction.txt",
    ))
    .unwrap();
    site.write("news.txt", &text);
    let review = site.run(&[
        "import",
        "news.txt",
        "--dry-run",
        "--format",
        "json",
        "--county",
        "x",
        "--year",
        "2021",
    ]);
    assert_eq!(review.json()["kind"], "notice");
}

/// Investment completed in a unit other than the notice's is not copied
/// as if it were in the notice's unit; staff are told why it is missing.
#[test]
fn investment_in_another_unit_is_left_out_and_said_so() {
    let site = Site::demo();
    let table =
        std::fs::read_to_string(crate::repo().join("tests/fixtures/import/sample-progress.txt"))
            .unwrap()
            .replace("已完成投资（万元）", "已完成投资（元）");
    site.write("progress.txt", &table);
    let out = site.run(&["import", "progress.txt", "--notice", "sample/2024"]);
    assert_eq!(out.status, 1, "one row matches no project: {}", out.stdout);
    assert!(
        out.stdout.contains(
            "investment completed left out of 3 report(s): the table states it in 元, the notice in 万元"
        ),
        "{}",
        out.stdout
    );
    let p03 = site.read("content/sample/2024/reports/p03/2024-11-30.md");
    assert!(
        p03.contains("percent: 100\npercent_reported: 113\non_schedule: true\n"),
        "{p03}"
    );
}

/// An `accountability.yaml` that cannot be read is not taken for an empty
/// one and written over.
#[test]
fn an_unreadable_accountability_record_is_never_written_over() {
    let site = Site::demo();
    let record = site.path("content/sample/2024/accountability.yaml");
    std::fs::write(&record, b"vote:\n  note: \"\xff\"\n").unwrap();
    let table = std::fs::read_to_string(
        crate::repo().join("tests/fixtures/import/sample-satisfaction.txt"),
    )
    .unwrap();
    site.write("rating.txt", &table);
    let out = site.run(&["import", "rating.txt", "--notice", "sample/2024"]);
    out.failure();
    assert!(
        out.stderr.contains("error: cannot read ") && out.stderr.contains("accountability.yaml"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read(&record).unwrap(),
        b"vote:\n  note: \"\xff\"\n"
    );
}

/// With `--format json` stdout is the JSON review alone; the matches go to
/// stderr. A line the reader could not place fails even a dry run.
#[test]
fn json_review_of_a_rating_stays_json_and_unplaced_lines_fail_a_dry_run() {
    let site = Site::demo();
    let table = std::fs::read_to_string(
        crate::repo().join("tests/fixtures/import/sample-satisfaction.txt"),
    )
    .unwrap();
    site.write("rating.txt", &table);
    let args = [
        "import",
        "rating.txt",
        "--notice",
        "sample/2024",
        "--dry-run",
        "--format",
        "json",
    ];
    let out = site.run(&args);
    out.success();
    assert_eq!(out.json()["kind"], "satisfaction");
    assert!(out.stderr.contains("row   2 → p02"), "{}", out.stderr);

    site.write("rating.txt", &format!("{table}测评地点另行通知\n"));
    let out = site.run(&args);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_eq!(out.json()["unplaced"][0]["text"], "测评地点另行通知");
}

/// A row that says work has not begun is a planned project, not one in progress.
#[test]
fn a_row_saying_work_has_not_begun_reports_planned() {
    let site = Site::demo();
    let table =
        std::fs::read_to_string(crate::repo().join("tests/fixtures/import/sample-progress.txt"))
            .unwrap()
            .replace(
                "累计体检3.4万人，超额完成目标。 | 113%",
                "未开工，正在招标。 | 0%",
            );
    site.write("progress.txt", &table);
    site.run(&["import", "progress.txt", "--notice", "sample/2024"]);
    let p03 = site.read("content/sample/2024/reports/p03/2024-11-30.md");
    assert!(
        p03.starts_with("---\ndate: 2024-11-30\nstatus: planned\npercent: 0\n"),
        "{p03}"
    );
    let p01 = site.read("content/sample/2024/reports/p01/2024-11-30.md");
    assert!(p01.contains("status: completed\n"), "{p01}");
}
