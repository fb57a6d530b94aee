//! Draft reports: never published by `build`, counted when left out, shown
//! by `serve`; a half-written draft blocks only `build --drafts`, except
//! personal data, which is an error wherever it is.

use crate::Site;

const DRAFT: &str = "content/sample/2024/reports/p02/2024-12-10.md";

#[test]
fn build_says_how_many_drafts_it_left_out() {
    let site = Site::demo();
    let out = site.run(&["build", "--as-of", "2024-12-15"]);
    out.success();
    assert!(
        out.stdout
            .contains("; 1 draft report(s) left out (minsheng serve shows them"),
        "{}",
        out.stdout
    );
    assert!(
        !site
            .read("public/sample/2024/p02/index.html")
            .contains("草稿：等待核实。")
    );
}

#[test]
fn an_impossible_value_in_a_draft_is_a_warning_except_for_build_drafts() {
    let site = Site::demo();
    site.edit(DRAFT, "percent: 90", "percent: 120");
    let out = site.run(&["build", "--as-of", "2024-12-15"]);
    out.success();
    assert!(
        out.stderr.contains(
            "warning[percent-out-of-range]: percent is 120, but it must be between 0 and 100 (in a draft report: it blocks only `build --drafts`)"
        ),
        "{}",
        out.stderr
    );
    site.run(&[
        "build",
        "--as-of",
        "2024-12-15",
        "--drafts",
        "--out",
        "preview",
    ])
    .failure();
}

#[test]
fn a_draft_whose_front_matter_does_not_parse_is_still_a_draft() {
    let site = Site::demo();
    site.edit(DRAFT, "status: in-progress", "status: finished");
    let out = site.run(&["build", "--as-of", "2024-12-15"]);
    out.success();
    assert!(out.stderr.contains("warning["), "{}", out.stderr);
    assert!(out.stderr.contains("(in a draft report"), "{}", out.stderr);
    site.run(&["check"]).success();
    site.run(&["check", "--drafts"]).failure();
}

#[test]
fn personal_data_in_a_draft_stays_an_error() {
    let site = Site::demo();
    site.edit(DRAFT, "草稿：等待核实。", "草稿：联系人电话13812345678。");
    let out = site.run(&["build", "--as-of", "2024-12-15"]);
    out.failure();
    assert!(
        out.stderr.contains("error[personal-data]"),
        "{}",
        out.stderr
    );
}

/// A report is a draft by what its front matter says once parsed, however
/// the line is spaced: the site hides it, so its problems do not block.
#[test]
fn a_draft_is_known_by_its_parsed_front_matter() {
    let site = Site::demo();
    site.edit(DRAFT, "draft: true", "draft:   true");
    site.edit(DRAFT, "percent: 90", "percent: 120");
    let out = site.run(&["build", "--as-of", "2024-12-15"]);
    out.success();
    assert!(
        out.stderr.contains("warning[percent-out-of-range]"),
        "{}",
        out.stderr
    );
}

#[test]
fn only_images_a_published_report_shows_are_published() {
    let site = Site::demo();
    let folder = "content/sample/2024/reports/p02";
    let png = std::fs::read(site.path("content/sample/2024/reports/p01/dining.png")).unwrap();
    for name in ["site-visit.png", "unused.png", "also-shown.png"] {
        std::fs::write(site.path(&format!("{folder}/{name}")), &png).unwrap();
    }
    site.edit(
        DRAFT,
        "草稿：等待核实。",
        "草稿：等待核实。\n\n![现场照片](site-visit.png)\n\n![另一张](also-shown.png)",
    );
    site.edit(
        "content/sample/2024/reports/p02/2024-11-29.md",
        "预计12月完工。",
        "预计12月完工。\n\n![另一张](also-shown.png)",
    );

    let out = site.run(&["build", "--as-of", "2024-12-15"]);
    out.success();
    assert!(
        out.stderr.contains(&format!(
            "{folder}/unused.png: warning[unused-image]: no report shows this image, so it is not published"
        )),
        "{}",
        out.stderr
    );
    let published: Vec<String> = site
        .tree("public")
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| path.ends_with(".png") && !path.starts_with("static/"))
        .collect();
    assert_eq!(
        published,
        [
            "en/sample/2024/p01/dining.png",
            "en/sample/2024/p02/also-shown.png",
            "sample/2024/p01/dining.png",
            "sample/2024/p02/also-shown.png",
        ]
    );

    site.run(&[
        "build",
        "--as-of",
        "2024-12-15",
        "--drafts",
        "--out",
        "preview",
    ])
    .success();
    assert!(site.path("preview/sample/2024/p02/site-visit.png").exists());
    assert!(!site.path("preview/sample/2024/p02/unused.png").exists());
}

#[test]
fn an_svg_beside_a_report_is_refused_and_never_published() {
    let site = Site::demo();
    let svg = "content/sample/2024/reports/p01/evil.svg";
    site.write(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>",
    );
    site.edit(
        "content/sample/2024/reports/p01/2024-06-28.md",
        "![城东助餐点的用餐区](dining.png)",
        "![城东助餐点的用餐区](dining.png) [平面图](evil.svg)",
    );
    let out = site.run(&["build", "--as-of", "2024-12-15"]);
    out.failure();
    assert!(
        out.stderr.contains(&format!(
            "{svg}: error[svg-image]: SVG images are not published: an SVG file can carry a script that runs in the reader's browser"
        )),
        "{}",
        out.stderr
    );
    assert!(!site.path("public").exists());
}
