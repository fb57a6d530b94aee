//! This repository's own content: the five notices, imported and translated.

use crate::Site;

#[test]
fn the_real_content_checks_cleanly_with_full_english() {
    let site = Site::real();
    let out = site.run(&["check"]);
    out.success();
    for notice in [
        "liangshan/2024",
        "shizhu/2024",
        "shizhu/2026",
        "weishan/2024",
        "wulong/2024",
    ] {
        assert!(
            out.stdout.contains(&format!("translation {notice}: ")),
            "{}",
            out.stdout
        );
    }
    assert_eq!(out.stdout.matches("(100%)").count(), 5, "{}", out.stdout);
    // Two notices bear no date and the portal's is not on record: the
    // feeds cannot announce them, which staff are told, not a date made up.
    for undated in ["shizhu/2024", "wulong/2024"] {
        assert!(
            out.stderr.contains(&format!(
                "content/{undated}/notice.yaml: warning[undated-notice]"
            )),
            "{}",
            out.stderr
        );
    }
    assert!(
        out.stdout.ends_with("0 error(s), 2 warning(s)\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_real_content_builds_with_its_totals() {
    let site = Site::real();
    let out = site.run(&["build", "--as-of", "2024-06-01"]);
    out.success();
    assert!(
        out.stdout.contains("4 counties, 74 projects"),
        "{}",
        out.stdout
    );
    let shizhu: serde_json::Value =
        serde_json::from_str(&site.read("public/data/shizhu-2024.json")).unwrap();
    assert_eq!(shizhu["computed_total"], "17462.244");
    assert_eq!(shizhu["declared_total"], "17462.244");
    let wulong: serde_json::Value =
        serde_json::from_str(&site.read("public/data/wulong-2024.json")).unwrap();
    assert_eq!(wulong["groups"][0]["computed_subtotal"], "8820");
    assert_eq!(wulong["groups"][0]["rows_without_amount"], 2);
    let page = site.read("public/en/shizhu/2024/index.html");
    assert!(
        page.contains("CNY 174.62 million (174,622,440 yuan)"),
        "the English total reads naturally, the exact figure beside"
    );
    assert!(
        site.read("public/shizhu/2024/index.html")
            .contains("17,462.244 万元（约1.75亿元）")
    );
}

#[test]
fn a_copy_of_the_content_folder_builds_on_its_own() {
    let site = crate::Site::empty();
    crate::copy_dir(
        &crate::repo().join("content"),
        &site.path("elsewhere/content"),
    );
    let out = site.run(&[
        "build",
        "--content",
        "elsewhere/content",
        "--out",
        "public",
        "--as-of",
        "2024-10-01",
    ]);
    out.success();
    assert!(!site.path("seeds").exists());
    let source = site.read("public/wulong/2024/source/index.html");
    assert!(
        source.contains("承接市级民生实事"),
        "the source page shows the published text"
    );
}

#[test]
fn no_real_project_without_a_report_is_called_planned_in_progress_or_overdue() {
    let site = crate::Site::real();
    site.run(&["build", "--as-of", "2025-01-15"]).success();
    let all: serde_json::Value = serde_json::from_str(&site.read("public/data/all.json")).unwrap();
    let projects: Vec<&serde_json::Value> = all["notices"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|n| n["groups"].as_array().unwrap())
        .flat_map(|g| g["projects"].as_array().unwrap())
        .collect();
    assert_eq!(projects.len(), 74);
    for project in &projects {
        assert_eq!(
            project["status"],
            serde_json::Value::Null,
            "{}",
            project["id"]
        );
        assert_eq!(project["overdue"], false, "{}", project["id"]);
    }
    let passed = projects
        .iter()
        .filter(|p| p["deadline_passed"] == true)
        .count();
    assert!(passed > 0, "the 2024 deadlines had passed on 2025-01-15");
    let page = site.read("public/en/liangshan/2024/index.html");
    assert_eq!(
        page.matches("<span class=\"status status-deadline-passed\">Deadline passed, no completion reported</span>").count(),
        20,
        "each of the ten Liangshan projects says exactly that, in the table and in its phone card"
    );
    for (path, bytes) in site.tree("public") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("status status-overdue"),
            "{path} calls something overdue"
        );
    }
}

/// The three real notices that print no amounts show no amount column and
/// no unit, say so once, and publish `unit: null`; the two that do keep theirs.
#[test]
fn a_notice_without_amounts_shows_no_amount_column_and_no_unit() {
    let site = Site::real();
    site.run(&["build"]).success();
    for notice in ["liangshan/2024", "shizhu/2026", "weishan/2024"] {
        let zh = site.read(&format!("public/{notice}/index.html"));
        assert!(!zh.contains("c-amount"), "{notice} has an amount column");
        assert!(!zh.contains("金额单位"), "{notice} names a unit");
        assert!(!zh.contains(">未列明<"), "{notice} says 未列明 on a row");
        assert_eq!(
            zh.matches("通知未列明投资金额").count(),
            2,
            "{notice}: the metadata and the table say it once each"
        );
        let en = site.read(&format!("public/en/{notice}/index.html"));
        assert!(en.contains("The notice states no amounts"), "{notice}");
        assert!(!en.contains("Not stated"), "{notice}");
        let data: serde_json::Value = serde_json::from_str(
            &site.read(&format!("public/data/{}.json", notice.replace('/', "-"))),
        )
        .unwrap();
        assert_eq!(data["unit"], serde_json::Value::Null, "{notice}");
    }
    let wulong = site.read("public/wulong/2024/index.html");
    assert!(wulong.contains("<col class=\"c-amount\">"));
    assert!(wulong.contains("金额单位"));
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/wulong-2024.json")).unwrap();
    assert_eq!(data["unit"], "万元");
}

/// A county's figures are per year: Shizhu's 2024 and 2026 notices are
/// counted apart, never summed into one total.
#[test]
fn a_county_page_counts_each_year_apart() {
    let site = Site::real();
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let county = site.read("public/en/shizhu/index.html");
    let totals: Vec<&str> = county
        .match_indices("<tfoot><tr><th scope=\"row\">Total</th><td class=\"num\">")
        .map(|(at, found)| {
            let rest = &county[at + found.len()..];
            &rest[..rest.find('<').unwrap()]
        })
        .collect();
    assert_eq!(totals, ["10", "22"], "2024, then 2026");
    let first = county.find("<h3>Progress in 2024</h3>").unwrap();
    let second = county.find("<h3>Progress in 2026</h3>").unwrap();
    assert!(first < second);
}
