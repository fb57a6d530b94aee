//! Progress reports on the demo county: status, overdue, schedule, safety, feeds, scaffolding.

use crate::Site;

/// The ids of a feed's entries, in order.
fn entry_ids<'a>(feed: &'a roxmltree::Document) -> Vec<&'a str> {
    feed.descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("id"))
                .and_then(|id| id.text())
                .unwrap_or_default()
        })
        .collect()
}

fn project_json(site: &Site, group: usize, index: usize) -> serde_json::Value {
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/sample-2024.json")).unwrap();
    data["groups"][group]["projects"][index].clone()
}

#[test]
fn the_dashboard_counts_every_status_and_lists_the_overdue() {
    let site = Site::demo();
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let page = site.read("public/en/sample/2024/index.html");
    for (status, count) in [
        ("planned", 0),
        ("in-progress", 1),
        ("completed", 1),
        ("suspended", 1),
        ("cancelled", 1),
        ("not-reported", 1),
    ] {
        let row = format!("scope=\"row\"><span class=\"status status-{status}\">");
        let at = page.find(&row).unwrap_or_else(|| panic!("no {status} row"));
        let cell = &page[at..];
        let number = cell
            .split("<td class=\"num\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap();
        assert_eq!(number, count.to_string(), "{status}");
    }
    let overdue = page
        .split("<ul class=\"overdue-list\">")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    assert_eq!(overdue.matches("<li>").count(), 2, "{overdue}");
    assert!(overdue.contains("Drinking water in schools"));
    assert!(overdue.contains("Rural road upgrades"));
    assert!(
        page.contains("Average progress</dt><dd><progress max=\"100\" value=\"52\">"),
        "(100+80+30+0)/4 = 52: a project without a report is not counted as 0%"
    );
    assert!(page.contains("Last updated 29 November 2024"));
}

#[test]
fn a_project_is_overdue_after_its_deadline_and_not_before() {
    let site = Site::demo();
    site.run(&["build", "--as-of", "2024-11-30"]).success();
    assert_eq!(project_json(&site, 0, 1)["overdue"], false);
    site.run(&["build", "--as-of", "2024-12-01"]).success();
    assert_eq!(project_json(&site, 0, 1)["overdue"], true);
    assert_eq!(
        project_json(&site, 0, 0)["overdue"],
        false,
        "completed projects are never overdue"
    );
    assert_eq!(
        project_json(&site, 1, 1)["overdue"],
        false,
        "cancelled projects are never overdue"
    );
    let page = site.read("public/en/sample/2024/p02/index.html");
    assert!(page.contains("<span class=\"status status-in-progress\">In progress</span> <strong class=\"status status-overdue\">Overdue</strong>"));
}

#[test]
fn reports_say_whether_work_is_ahead_on_or_behind_schedule() {
    let site = Site::demo();
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let p01 = site.read("public/en/sample/2024/p01/index.html");
    assert!(
        p01.contains("45% complete, ahead of schedule (24% of the year has passed)"),
        "31 March"
    );
    let p02 = site.read("public/en/sample/2024/p02/index.html");
    assert!(
        p02.contains("80% complete, behind schedule (91% of the year has passed)"),
        "29 November"
    );
    assert!(
        p02.contains("80% complete, on schedule (83% of the year has passed)"),
        "31 October"
    );
    assert!(
        site.read("public/sample/2024/p02/index.html")
            .contains("完成 80%，慢于序时进度（全年已过 91%）")
    );
    assert!(p02.contains("CNY 550,000 spent of CNY 605,000 planned (90%)"));
}

#[test]
fn html_in_a_report_is_shown_as_text_never_run() {
    let site = Site::demo();
    site.write(
        "content/sample/2024/reports/p03/2024-03-31.md",
        "---\ndate: 2024-03-31\nstatus: in-progress\npercent: 10\n---\n开始<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[链接](javascript:alert(1))\n",
    );
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let page = site.read("public/sample/2024/p03/index.html");
    assert_eq!(
        page.matches("<script").count(),
        2,
        "only the theme's text-size script and the structured data"
    );
    assert!(
        !page.contains("<script>alert"),
        "a script tag reached the page"
    );
    assert!(!page.contains("<img src=x"), "an img tag reached the page");
    assert!(
        !page.contains("javascript:"),
        "a javascript: link reached the page"
    );
    assert!(
        page.contains("&lt;script>alert(1)&lt;/script>")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
}

#[test]
fn the_lint_finds_the_line_after_a_long_list_in_linear_time() {
    let site = Site::demo();
    let list: String = (1..=20_000).map(|i| format!("- 第{i}项\n")).collect();
    site.edit(
        "content/sample/2024/reports/p01/2024-06-28.md",
        "![城东助餐点的用餐区](dining.png)",
        &format!("{list}\n![](dining.png)"),
    );
    let out = site.run(&["check"]);
    out.failure();
    assert!(
        out.stderr.contains("reports/p01/2024-06-28.md:20010:1: error[image-without-alt]: the image `dining.png` has no alt text"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_image_without_alt_text_fails_the_check_with_its_line() {
    let site = Site::demo();
    site.edit(
        "content/sample/2024/reports/p01/2024-06-28.md",
        "![城东助餐点的用餐区](dining.png)",
        "![](dining.png)",
    );
    let out = site.run(&["check"]);
    out.failure();
    assert!(
        out.stderr.contains("reports/p01/2024-06-28.md:9:1: error[image-without-alt]: the image `dining.png` has no alt text"),
        "{}",
        out.stderr
    );
    site.edit(
        "content/sample/2024/reports/p01/2024-06-28.md",
        "![](dining.png)",
        "![用餐区](missing.png)",
    );
    let out = site.run(&["check"]);
    assert!(
        out.stderr.contains(
            "error[missing-image]: the image `missing.png` is not in the report's folder"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn report_images_are_published_beside_the_project_page() {
    let site = Site::demo();
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let original =
        std::fs::read(crate::repo().join("tests/fixtures/demo/sample/2024/reports/p01/dining.png"))
            .unwrap();
    assert_eq!(
        std::fs::read(site.path("public/sample/2024/p01/dining.png")).unwrap(),
        original
    );
    assert_eq!(
        std::fs::read(site.path("public/en/sample/2024/p01/dining.png")).unwrap(),
        original
    );
    assert!(site.read("public/en/sample/2024/p01/index.html").contains(
        "<img src=\"dining.png\" alt=\"The dining area at the east town meal point\" />"
    ));
}

#[test]
fn literal_asterisks_are_warned_about_with_a_fix() {
    let site = Site::demo();
    let out = site.run(&["check"]);
    out.success();
    assert!(
        out.stderr
            .contains("reports/p02/2024-11-29.md:7:1: warning[unclosed-emphasis]"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("write `**注意**：正文`"),
        "{}",
        out.stderr
    );
}

#[test]
fn feeds_are_valid_atom_with_the_newest_report_first() {
    let site = Site::demo();
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    for path in [
        "public/feed.xml",
        "public/en/feed.xml",
        "public/sample/feed.xml",
        "public/en/sample/2024/feed.xml",
    ] {
        let xml = site.read(path);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{path}: {e}"));
        let feed = doc.root_element();
        assert_eq!(
            feed.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        let entries: Vec<_> = feed
            .children()
            .filter(|n| n.has_tag_name("entry"))
            .collect();
        assert_eq!(
            entries.len(),
            20,
            "{path}: the newest 20 of the notice and its 6 + 11 + 2 + 1 published reports"
        );
        let updated: Vec<&str> = entries
            .iter()
            .map(|e| {
                e.children()
                    .find(|c| c.has_tag_name("updated"))
                    .unwrap()
                    .text()
                    .unwrap()
            })
            .collect();
        assert_eq!(updated[0], "2024-11-29T00:00:00+08:00", "{path}");
        assert!(
            updated.windows(2).all(|w| w[0] >= w[1]),
            "{path} is not newest first"
        );
        for entry in &entries {
            for required in ["id", "title", "updated", "link"] {
                assert!(
                    entry.children().any(|c| c.has_tag_name(required)),
                    "{path}: entry without {required}"
                );
            }
        }
    }
    assert!(
        site.read("public/en/feed.xml")
            .contains("<title>Drinking water in schools · 29 November 2024 · In progress</title>")
    );
    assert!(
        !site.read("public/feed.xml").contains("草稿"),
        "drafts stay out of feeds"
    );
    // The notice's own entry is the oldest: it shows while the feed has room.
    let site = Site::demo();
    std::fs::remove_dir_all(site.path("content/sample/2024/reports/p02")).unwrap();
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let en = site.read("public/en/sample/feed.xml");
    assert!(en.contains("<title>Notice on delivering Sample County&#39;s livelihood projects in 2024</title>\n<id>https://"), "{en}");
    assert!(en.contains("/en/sample/2024/#notice</id>"), "{en}");
    assert!(
        en.contains(
            "People&#39;s Government of Sample County published 5 livelihood projects for 2024."
        ),
        "{en}"
    );
}

/// A feed with nothing dated in it is not written, and no page links to it.
#[test]
fn a_feed_with_no_dated_entry_is_not_written_nor_linked() {
    let site = Site::demo();
    for dated in ["written_date: 2024-01-10\n", "published_date: 2024-01-12\n"] {
        site.edit("content/sample/2024/notice.yaml", dated, "");
    }
    for report in std::fs::read_dir(site.path("content/sample/2024/reports")).unwrap() {
        std::fs::remove_dir_all(report.unwrap().path()).unwrap();
    }
    let out = site.run(&["build", "--as-of", "2024-12-15"]);
    out.success();
    assert!(
        out.stderr.contains("warning[undated-notice]"),
        "{}",
        out.stderr
    );
    for feed in [
        "feed.xml",
        "en/feed.xml",
        "sample/feed.xml",
        "sample/2024/feed.xml",
    ] {
        assert!(!site.path(&format!("public/{feed}")).exists(), "{feed}");
    }
    for page in [
        "index.html",
        "sample/index.html",
        "sample/2024/index.html",
        "sample/2024/p01/index.html",
    ] {
        let html = site.read(&format!("public/{page}"));
        assert!(
            !html.contains("feed.xml"),
            "{page} links a feed that is not written"
        );
    }
    let other = site.read("public/index.html");
    assert!(!other.contains("1970"));
}

#[test]
fn new_report_carries_the_last_state_forward_as_a_draft() {
    let site = Site::demo();
    let out = site.run(&["new", "report", "sample/2024/p02", "--date", "2024-12-31"]);
    out.success();
    let report = site.read("content/sample/2024/reports/p02/2024-12-31.md");
    assert_eq!(
        report,
        "---\ndate: 2024-12-31\nstatus: in-progress\npercent: 90\n# Delete the next line when the report is ready to publish.\ndraft: true\n---\n\n",
        "carried over from the latest report, the 2024-12-10 draft"
    );
    site.run(&["new", "report", "sample/2024/p03", "--date", "2024-12-31"])
        .success();
    assert_eq!(
        site.read("content/sample/2024/reports/p03/2024-12-31.md"),
        "---\ndate: 2024-12-31\nstatus: planned\n# Delete the next line when the report is ready to publish.\ndraft: true\n---\n\n",
        "no report states a percent, so the scaffold guesses none"
    );
    let again = site.run(&["new", "report", "p02", "--date", "2024-12-31"]);
    again.failure();
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    site.run(&["check"]).success();
    let unknown = site.run(&["new", "report", "p99"]);
    unknown.failure();
    assert!(
        unknown.stderr.contains("no project `p99`"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn feeds_keep_the_newest_twenty_reports_and_project_pages_keep_every_one() {
    let site = Site::demo();
    // 40 more reports on p03, one a day from 1 July: the notice now has 60.
    for day in 0..40u32 {
        let date = if day < 31 {
            format!("2024-07-{:02}", day + 1)
        } else {
            format!("2024-08-{:02}", day - 30)
        };
        site.write(
            &format!("content/sample/2024/reports/p03/{date}.md"),
            &format!(
                "---\ndate: {date}\nstatus: in-progress\npercent: {}\n---\n第{}次报告。\n",
                day + 1,
                day + 1
            ),
        );
    }
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let xml = site.read("public/sample/2024/feed.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ids = entry_ids(&doc);
    assert_eq!(ids.len(), 20, "60 published reports, capped at 20");
    // The build lets go of report texts as it goes; every entry shown keeps its own.
    for entry in doc.descendants().filter(|n| n.has_tag_name("entry")) {
        let content = entry
            .children()
            .find(|c| c.has_tag_name("content"))
            .unwrap();
        let html = content.text().unwrap_or_default();
        let (_schedule, body) = html.split_once("</p>").unwrap();
        assert!(
            body.trim().len() > 10,
            "an entry without its report: {html}"
        );
    }
    let en = site.read("public/en/sample/2024/feed.xml");
    assert!(
        en.contains("第40次报告"),
        "the newest report, in Chinese when untranslated"
    );
    assert!(ids[0].ends_with("/p02/#report-2024-11-29"), "{}", ids[0]);
    // The cut is by date: no report left out is newer than one shown.
    let shown: Vec<&str> = ids
        .iter()
        .filter_map(|id| id.split("#report-").nth(1))
        .collect();
    let oldest_shown = *shown.iter().min().unwrap();
    let mut published = 0;
    let mut newer_left_out = Vec::new();
    for project in ["p01", "p02", "p03", "p04", "p05"] {
        let dir = site.path(&format!("content/sample/2024/reports/{project}"));
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(date) = name.strip_suffix(".md").filter(|d| !d.ends_with(".en")) else {
                continue;
            };
            if std::fs::read_to_string(entry.path())
                .unwrap()
                .contains("draft: true")
            {
                continue;
            }
            published += 1;
            let in_feed = xml.contains(&format!("/{project}/#report-{date}</id>"));
            if !in_feed && date > oldest_shown {
                newer_left_out.push(format!("{project}/{date}"));
            }
        }
    }
    assert_eq!(published, 60);
    assert!(newer_left_out.is_empty(), "{newer_left_out:?}");
    assert!(
        !xml.contains("#report-2024-07-01"),
        "the oldest of the 40 falls off"
    );
    let page = site.read("public/sample/2024/p03/index.html");
    assert_eq!(
        page.matches("第").count(),
        40,
        "every report stays on the page"
    );
}

#[test]
fn the_site_feed_shows_the_newest_twenty_of_every_county_together() {
    let site = Site::demo();
    site.copy_sample_county("example", "样例县");
    // Fifteen reports in `example` newer than any in either county.
    for day in 1..=15u32 {
        let date = format!("2024-12-{day:02}");
        site.write(
            &format!("content/example/2024/reports/p03/{date}.md"),
            &format!(
                "---\ndate: {date}\nstatus: in-progress\npercent: {day}\n---\n第{day}次报告。\n"
            ),
        );
    }
    site.run(&["build", "--as-of", "2024-12-20"]).success();
    let xml = site.read("public/feed.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ids = entry_ids(&doc);
    assert_eq!(ids.len(), 20);
    for (id, day) in ids.iter().zip((1..=15u32).rev()) {
        assert!(
            id.ends_with(&format!("/example/2024/p03/#report-2024-12-{day:02}")),
            "{id}"
        );
    }
    // Then both counties' newest before those, the same date in county order.
    assert!(
        ids[15].ends_with("/example/2024/p02/#report-2024-11-29"),
        "{}",
        ids[15]
    );
    assert!(
        ids[16].ends_with("/sample/2024/p02/#report-2024-11-29"),
        "{}",
        ids[16]
    );
    let county_feed = site.read("public/sample/feed.xml");
    assert!(
        !county_feed.contains("/example/"),
        "a county's feed is its own"
    );
}

/// A rating that records no votes says nothing, not "0 of 0 votes".
#[test]
fn a_rating_without_votes_is_left_off_the_record() {
    let site = Site::demo();
    let record = site.read("content/sample/2024/accountability.yaml");
    let zeroed = record
        .replace("satisfied: 96", "satisfied: 0")
        .replace("satisfied: 80", "satisfied: 0")
        .replace("basically_satisfied: 20", "basically_satisfied: 0")
        .replace("basically_satisfied: 33", "basically_satisfied: 0")
        .replace("dissatisfied: 2", "dissatisfied: 0")
        .replace("dissatisfied: 5", "dissatisfied: 0");
    site.write("content/sample/2024/accountability.yaml", &zeroed);
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let county = site.read("public/en/sample/index.html");
    assert!(county.contains("<li>Chosen by vote:"), "{county}");
    assert!(!county.contains("Satisfaction rating:"), "{county}");
}

#[test]
fn the_accountability_record_shows_from_vote_to_satisfaction() {
    let site = Site::demo();
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let project = site.read("public/en/sample/2024/p01/index.html");
    assert!(
        project.contains("<dt>Votes for this project</dt><dd>112</dd>"),
        "{project}"
    );
    assert!(
        project.contains(
            "Satisfied 96 · Fairly satisfied 20 · Dissatisfied 2 · Share satisfied 81.4%"
        )
    );
    assert!(project.contains("<dt>Year-end result</dt><dd>Completed: 5 meal service points built"));
    let notice = site.read("public/sample/2024/index.html");
    assert!(notice.contains("<td class=\"num\">96</td><td class=\"num\">20</td><td class=\"num\">2</td><td class=\"num\">81.4%</td>"));
    let county = site.read("public/en/sample/index.html");
    assert!(county.contains("<li>Chosen by vote: Third Session of the First Sample County People&#39;s Congress (10 January 2024)</li>"), "{county}");
    assert!(
        county.contains("<li>Satisfaction rating: 176 of 236 votes were “satisfied” (74.6%)</li>")
    );
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/sample-2024.json")).unwrap();
    assert_eq!(data["accountability"]["vote"]["voters"], 120);
    assert_eq!(
        data["accountability"]["satisfaction"]["projects"][1]["dissatisfied"],
        5
    );
    assert_eq!(
        data["accountability"]["completion"]["projects"][1]["result"],
        "mostly-completed"
    );
}

#[test]
fn satisfaction_votes_that_do_not_add_up_are_a_warning_naming_both_figures() {
    let site = Site::demo();
    site.edit(
        "content/sample/2024/accountability.yaml",
        "      satisfied: 80\n",
        "      satisfied: 70\n",
    );
    let out = site.run(&["check"]);
    out.success();
    assert!(
        out.stderr.contains(
            "warning[votes-mismatch]: the satisfaction votes of `p02` add up to 108 (70 + 33 + 5), but 118 voters are stated (difference 10)"
        ),
        "{}",
        out.stderr
    );
    site.edit(
        "content/sample/2024/accountability.yaml",
        "project: p02\n      satisfied",
        "project: p09\n      satisfied",
    );
    let out = site.run(&["check"]);
    out.failure();
    assert!(
        out.stderr
            .contains("satisfaction: `p09` is not a project of this notice"),
        "{}",
        out.stderr
    );
}

/// A dashboard over several counties counts the overdue per county (the
/// home page, per province); one over a single county lists them, each with
/// its county and year.
#[test]
fn overdue_projects_are_never_listed_without_their_county() {
    let site = Site::demo();
    crate::copy_dir(&site.path("content/sample"), &site.path("content/example"));
    site.edit(
        "content/example/county.yaml",
        "en: \"Sample County\"",
        "en: \"Example County\"",
    );
    site.edit(
        "content/example/county.yaml",
        "zh: \"示例县\"",
        "zh: \"样例县\"",
    );
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let home = site.read("public/en/index.html");
    assert!(
        home.contains("Sample Province</a>\n<span class=\"meta\">Counties: 2 · Projects: 10 · Reporting progress: 8 · Overdue: 4</span></li>"),
        "{home}"
    );
    let province = site.read("public/en/sample-province/index.html");
    assert!(
        province.contains("<li><a href=\"../../en/example/index.html\">Example County</a> <span class=\"meta\">Overdue: 2</span></li>"),
        "{province}"
    );
    assert!(province.contains("<li><a href=\"../../en/sample/index.html\">Sample County</a> <span class=\"meta\">Overdue: 2</span></li>"));
    for page in [&home, &province] {
        assert!(
            !page.contains("Drinking water in schools</a>"),
            "no list of projects across counties"
        );
    }
    let county = site.read("public/en/sample/index.html");
    assert!(
        county.contains("Drinking water in schools</a> <span class=\"meta\">Sample County 2024 · Deadline: 30 November 2024</span>"),
        "{county}"
    );
}

/// Notices in different units are added up in yuan, never unit for unit.
#[test]
fn spending_across_notices_in_different_units_adds_up_in_yuan() {
    let site = Site::demo();
    crate::copy_dir(&site.path("content/sample"), &site.path("content/example"));
    site.edit(
        "content/example/2024/notice.yaml",
        "unit: \"万元\"",
        "unit: \"元\"",
    );
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let home = site.read("public/en/index.html");
    let sample = site.read("public/en/sample/index.html");
    let spending = |html: &str| {
        let start = html.find("<dt>Spending</dt><dd>").unwrap() + "<dt>Spending</dt><dd>".len();
        html[start..].split("</dd>").next().unwrap().to_string()
    };
    let expected = "CNY 5.63 million (5,630,000 yuan) spent of CNY 17.11 million (17,105,000 yuan) planned (32%)";
    assert_eq!(spending(&sample), expected);
    assert_eq!(
        spending(&home),
        "CNY 5.63 million (5,630,563 yuan) spent of CNY 17.11 million (17,106,710.5 yuan) planned (32%)",
        "the notice in yuan adds thousands of yuan, not millions"
    );
}
