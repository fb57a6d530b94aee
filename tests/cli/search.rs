//! Search: the index the build writes, queried by the site's own search.js under Node.

use std::process::Command;

use crate::Site;

fn query(site: &Site, text: &str, filters: &str) -> Vec<String> {
    let script = crate::repo().join("tests/search/query.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(site.path("public"))
        .arg(text)
        .arg(filters)
        .output()
        .expect("node must be installed to test search");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn finds_projects_by_any_run_of_chinese_characters_and_by_english_words() {
    let site = Site::real();
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    assert_eq!(query(&site, "农网", "{}"), ["wulong/2024/g2-p02/"]);
    assert_eq!(query(&site, "rural grid", "{}"), ["wulong/2024/g2-p02/"]);
    assert_eq!(
        query(&site, "Rural power grids", "{}"),
        ["wulong/2024/g2-p02/"]
    );
    let water = query(&site, "饮水", "{}");
    assert!(
        water.contains(&"shizhu/2024/p10/".to_string()),
        "城市饮水基础设施改造提升工程: {water:?}"
    );
    assert!(
        water.contains(&"shizhu/2026/g1-p04/".to_string()),
        "2026年提升农村饮水质量专项行动: {water:?}"
    );
    assert_eq!(water.len(), 2, "{water:?}");
    assert_eq!(
        query(&site, "网巩", "{}"),
        ["wulong/2024/g2-p02/"],
        "a run across a word boundary"
    );
    assert!(
        query(&site, "巩农", "{}").is_empty(),
        "both characters occur, but not together"
    );
}

#[test]
fn filters_narrow_the_results() {
    let site = Site::real();
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let everywhere = query(&site, "老年", "{}");
    let wulong = query(&site, "老年", r#"{"county":"wulong"}"#);
    assert!(
        wulong.len() < everywhere.len(),
        "{wulong:?} vs {everywhere:?}"
    );
    assert!(
        wulong.iter().all(|p| p.starts_with("wulong/")),
        "{wulong:?}"
    );
    assert_eq!(wulong, ["wulong/2024/g2-p08/"]);
    let by_unit = query(&site, "", r#"{"unit":"区残联"}"#);
    assert_eq!(by_unit, ["wulong/2024/g1-p12/"]);
    let in_2026 = query(&site, "", r#"{"year":"2026","county":"shizhu"}"#);
    assert_eq!(in_2026.len(), 22);
}

/// A query in Traditional characters finds what the Simplified one does,
/// and a Traditional name in the records is found by its Simplified form.
#[test]
fn traditional_and_simplified_characters_find_the_same_projects() {
    let site = Site::real();
    site.edit(
        "content/shizhu/2024/projects/p10.yaml",
        "城市饮水基础设施改造提升工程",
        "城市飲水基礎設施改造提升工程",
    );
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let simplified = query(&site, "饮水", "{}");
    assert_eq!(simplified.len(), 2, "{simplified:?}");
    assert_eq!(query(&site, "飲水", "{}"), simplified);
    assert_eq!(query(&site, "农网", "{}"), query(&site, "農網", "{}"));
    assert_eq!(query(&site, "農網", "{}"), ["wulong/2024/g2-p02/"]);
}
