//! `minsheng build`: pages, open data, atomic publish, determinism.

use crate::Site;

const AS_OF: &str = "--as-of=2024-12-15";

#[test]
fn builds_every_project_page_in_both_languages() {
    let site = Site::demo();
    let out = site.run(&["build", AS_OF]);
    out.success();
    assert!(
        out.stdout.contains("1 counties, 5 projects, 1 warning(s)"),
        "{}",
        out.stdout
    );
    for id in ["p01", "p02", "p03", "p04", "p05"] {
        for lang in ["", "en/"] {
            let page = site.read(&format!("public/{lang}sample/2024/{id}/index.html"));
            assert!(page.contains("<main id=\"main\">"), "{lang}{id}");
        }
    }
    let project = site.read("public/en/sample/2024/p01/index.html");
    assert!(project.contains("Meal service points for older people"));
    assert!(project.contains("CNY 1.5 million"), "150 万元 in English");
    let chinese = site.read("public/sample/2024/p01/index.html");
    assert!(chinese.contains("150 万元"));
    assert!(chinese.contains("<html lang=\"zh-CN\">"));
}

/// The cards phones show instead of the wide table: one per project, with
/// the sum of its items' amounts and what that sum leaves out.
#[test]
fn a_notice_page_shows_each_project_as_a_card_for_phones() {
    let site = Site::demo();
    site.run(&["build", AS_OF]).success();
    let page = site.read("public/en/sample/2024/index.html");
    let cards = &page[page.find("<div class=\"project-cards\">").expect("cards")..];
    assert_eq!(cards.matches("<li class=\"project-card\">").count(), 5);
    // p02 has two items, one without an amount.
    let p02 = &cards[cards.find("p02/index.html").unwrap()..];
    let p02 = &p02[..p02.find("</li>").unwrap()];
    assert!(p02.contains("<dd>CNY 605,000<br><span class=\"unknown\">One item states no amount and is not included.</span></dd>"), "{p02}");
    assert_eq!(
        p02.matches("County Education and Sports Bureau").count(),
        1,
        "each unit once: {p02}"
    );
    assert!(
        cards.contains("<strong>Total: "),
        "the total keeps a card of its own"
    );

    // A notice that states no amounts shows none in its cards either.
    let site = Site::real();
    site.run(&["build", AS_OF]).success();
    let page = site.read("public/liangshan/2024/index.html");
    assert!(page.contains("<li class=\"project-card\">"));
    assert!(!page.contains("card-amount"));
}

#[test]
fn publishes_open_data_in_the_documented_shape() {
    let site = Site::demo();
    site.run(&["build", AS_OF]).success();
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/sample-2024.json")).unwrap();
    assert_eq!(data["county"]["slug"], "sample");
    assert_eq!(data["year"], 2024);
    assert_eq!(data["doc_number"], "示政发〔2024〕1号");
    assert_eq!(data["written_date"], "2024-01-10");
    assert_eq!(data["release"], "public");
    assert_eq!(data["unit"], "万元");
    assert_eq!(data["declared_total"], "1710.5");
    assert_eq!(data["computed_total"], "1710.5");
    assert_eq!(data["rows_without_amount"], 1);
    let first = &data["groups"][0];
    assert_eq!(first["name"]["en"], "(1) Public services");
    assert_eq!(first["declared_subtotal"], "310.5");
    assert_eq!(first["computed_subtotal"], "310.5");
    assert_eq!(first["rows_without_amount"], 1);
    let p02 = &first["projects"][1];
    assert_eq!(p02["id"], "p02");
    assert_eq!(
        p02["url"],
        "https://sample.example/minsheng/sample/2024/p02/"
    );
    assert_eq!(p02["items"][0]["amount"], "60.5");
    assert_eq!(p02["items"][1]["amount"], serde_json::Value::Null);
    assert_eq!(p02["items"][0]["deadline"]["date"], "2024-11-30");
    assert_eq!(p02["status"], "in-progress");
    assert_eq!(p02["overdue"], true);
    assert_eq!(p02["latest_report"]["date"], "2024-11-29");
    let all: serde_json::Value = serde_json::from_str(&site.read("public/data/all.json")).unwrap();
    assert_eq!(all["notices"].as_array().unwrap().len(), 1);
}

#[test]
fn a_failed_build_leaves_the_previous_site_byte_identical() {
    let site = Site::demo();
    site.run(&["build", AS_OF]).success();
    let before = site.tree("public");
    site.edit(
        "content/sample/2024/projects/p03.yaml",
        "amount: \"100\"",
        "amount: \"100\"\n    budget: 5",
    );
    let out = site.run(&["build", AS_OF]);
    out.failure();
    assert!(
        out.stderr
            .contains("build stopped: 1 error(s); the previous site is unchanged"),
        "{}",
        out.stderr
    );
    assert_eq!(site.tree("public"), before);
    let leftovers = std::fs::read_dir(&site.dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(
        leftovers,
        [".public.cache", ".public.lock"].map(String::from).into(),
        "only the lock and the cache stay beside"
    );
}

#[test]
fn a_template_error_leaves_the_previous_site_byte_identical() {
    let site = Site::demo();
    site.run(&["build", AS_OF, "--theme", "themes/default"])
        .success();
    let before = site.tree("public");
    site.edit(
        "themes/default/templates/project.html",
        "{{ view.number }}",
        "{{ view.number | no_such_filter }}",
    );
    let out = site.run(&["build", AS_OF, "--theme", "themes/default"]);
    out.failure();
    assert!(out.stderr.contains("template"), "{}", out.stderr);
    assert_eq!(site.tree("public"), before);
}

#[test]
fn two_builds_of_the_same_input_are_identical() {
    let site = Site::demo();
    site.run(&["build", AS_OF, "--out", "one"]).success();
    site.run(&["build", AS_OF, "--out", "two"]).success();
    let (one, two) = (site.tree("one"), site.tree("two"));
    assert_eq!(one.len(), two.len());
    assert!(one == two, "the two builds differ");
}

#[test]
fn an_unmarked_notice_blocks_the_build_and_says_what_to_decide() {
    let site = Site::demo();
    site.edit(
        "content/sample/2024/notice.yaml",
        "release: public",
        "release: unmarked",
    );
    let out = site.run(&["build", AS_OF]);
    out.failure();
    assert!(
        out.stderr
            .contains("content/sample/2024/notice.yaml:10:10: error[unmarked-release]"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("依申请公开"), "{}", out.stderr);
    assert!(!site.path("public").exists());
}

#[test]
fn only_public_notices_reach_the_site() {
    let site = Site::demo();
    site.write("content/sample/2023/notice.yaml", "issuer:\n  zh: \"示例县人民政府\"\ntitle:\n  zh: \"WITHHELD-MARKER-2023\"\nrelease: withheld\nunit: \"万元\"\ndeclared_total: \"5\"\ngroups:\n  - projects:\n      - p01\n");
    site.write("content/sample/2023/projects/p01.yaml", "number: \"1\"\nname:\n  zh: \"WITHHELD-MARKER-PROJECT\"\nitems:\n  - tasks:\n      zh: \"x\"\n    amount: \"5\"\n");
    site.run(&["build", AS_OF]).success();
    for (path, bytes) in site.tree("public") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("WITHHELD-MARKER"),
            "{path} leaks a withheld notice"
        );
        assert!(
            !text.contains("草稿：等待核实"),
            "{path} leaks a draft report"
        );
    }
    assert!(!site.path("public/sample/2023").exists());
    assert!(!site.path("public/data/sample-2023.json").exists());
}

#[test]
fn drafts_appear_only_when_asked_for() {
    let site = Site::demo();
    site.run(&["build", AS_OF, "--drafts"]).success();
    assert!(
        site.read("public/sample/2024/p02/index.html")
            .contains("草稿：等待核实")
    );
}

#[test]
fn wrong_usage_exits_with_status_2() {
    let site = Site::demo();
    assert_eq!(site.run(&["build", "--as-of", "2024-13-01"]).status, 2);
    assert_eq!(site.run(&["build", "--no-such-flag"]).status, 2);
    assert_eq!(site.run(&["frobnicate"]).status, 2);
}

/// Every relative `href` and `src` in every page names a file that exists,
/// so the site works from a sub-path and opened from disk.
#[test]
fn every_internal_link_resolves_to_a_file() {
    let site = Site::real();
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let root = site.path("public");
    let mut checked = 0;
    for (path, bytes) in site.tree("public") {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let dir = root.join(&path).parent().unwrap().to_path_buf();
        for target in links(&html) {
            let external = target.starts_with("http")
                || target.starts_with("mailto:")
                || target.starts_with('#');
            if external {
                continue;
            }
            let file = dir.join(target.split('#').next().unwrap());
            assert!(
                file.is_file(),
                "{path} links to {target}, which is not a file"
            );
            checked += 1;
        }
    }
    assert!(checked > 1900, "only {checked} links checked");
}

fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [" href=", " src="] {
        for part in html.split(attribute).skip(1) {
            let value = match part.chars().next() {
                Some(quote @ ('"' | '\'')) => part[1..].split(quote).next().unwrap_or(""),
                _ => part.split([' ', '>']).next().unwrap_or(""),
            };
            found.push(value.to_string());
        }
    }
    found
}

#[test]
fn a_project_page_with_its_styles_stays_under_30_kb_compressed() {
    let site = Site::real();
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let gzipped = |path: &str| {
        let output = std::process::Command::new("gzip")
            .args(["-9", "-c"])
            .arg(site.path(path))
            .output()
            .expect("gzip must be installed");
        assert!(output.status.success(), "gzip failed on {path}");
        assert!(!output.stdout.is_empty(), "gzip wrote nothing for {path}");
        output.stdout.len()
    };
    let page = [
        "public/en/wulong/2024/g2-p06/index.html",
        "public/static/site.css",
        "public/static/text-size.js",
    ];
    let total: usize = page.iter().map(|p| gzipped(p)).sum();
    assert!(total <= 30 * 1024, "{total} bytes");
}

#[test]
fn timings_name_every_stage_in_order_on_stderr() {
    let site = Site::demo();
    let out = site.run(&["build", "--as-of", "2024-12-15", "--timings"]);
    out.success();
    let stages: Vec<&str> = out
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timings: "))
        .map(|l| l.split("  ").next().unwrap().trim())
        .collect();
    assert_eq!(
        stages,
        [
            "start",
            "load, check, project pages",
            "site checks",
            "open data",
            "pages",
            "feeds",
            "search",
            "the rest",
            "commit"
        ]
    );
    assert!(out.stderr.contains(" s, peak RSS "), "{}", out.stderr);
    let quiet = site.run(&["build", "--as-of", "2024-12-15"]);
    assert!(!quiet.stderr.contains("timings:"));
}

#[test]
fn a_ui_string_missing_in_both_languages_stops_the_build_with_its_name() {
    let site = Site::demo();
    for lang in ["zh", "en"] {
        let file = format!("themes/default/i18n/{lang}.yaml");
        let kept: String = site
            .read(&file)
            .lines()
            .filter(|l| !l.starts_with("notice.scroll_hint:") && !l.starts_with("feed.site:"))
            .map(|l| format!("{l}\n"))
            .collect();
        site.write(&file, &kept);
    }
    let out = site.run(&[
        "build",
        "--as-of",
        "2024-12-15",
        "--theme",
        "themes/default",
    ]);
    out.failure();
    assert!(
        out.stderr.contains(
            "the template notice.html uses the UI string `notice.scroll_hint`, which the theme lacks"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("minsheng uses the UI string `feed.site`, which the theme lacks"),
        "{}",
        out.stderr
    );
    assert!(!site.path("public").exists());
}

/// Runs a build into `out` and expects it refused (exit 2) with `says`, leaving `check` (a file) as it was.
fn refused(site: &Site, out: &str, says: &str, check: &str) {
    let before = std::fs::read(site.path(check)).unwrap();
    let result = site.run(&[
        "build",
        "--as-of",
        "2024-12-15",
        "--theme",
        "themes/default",
        "--out",
        out,
    ]);
    assert_eq!(result.status, 2, "{out}: {}", result.stderr);
    assert!(result.stderr.contains(says), "{out}: {}", result.stderr);
    assert!(
        result.stderr.contains("nothing was touched"),
        "{}",
        result.stderr
    );
    assert_eq!(
        std::fs::read(site.path(check)).unwrap(),
        before,
        "{check} changed"
    );
}

#[test]
fn build_never_replaces_a_folder_it_did_not_make() {
    let site = Site::demo();
    site.write("mine/notes.txt", "staff notes");
    refused(
        &site,
        "mine",
        "refusing to replace a folder that minsheng did not make",
        "mine/notes.txt",
    );
    refused(
        &site,
        ".",
        "refusing to replace the current folder",
        "content/site.yaml",
    );
    refused(
        &site,
        "content",
        "is the content folder",
        "content/site.yaml",
    );
    refused(
        &site,
        "content/public",
        "lies inside the content folder",
        "content/site.yaml",
    );
    refused(
        &site,
        "themes",
        "holds the theme folder",
        "themes/default/i18n/zh.yaml",
    );
    refused(
        &site,
        "themes/default",
        "is the theme folder",
        "themes/default/i18n/zh.yaml",
    );
    site.write("seeds/notice.txt", "a published notice");
    refused(&site, "seeds", "is the seeds folder", "seeds/notice.txt");
    refused(
        &site,
        "/",
        "refusing to replace the root folder",
        "content/site.yaml",
    );
    site.write("a-file", "x");
    refused(&site, "a-file", "is a file, not a folder", "a-file");
    refused(
        &site,
        "missing/../content",
        "refusing a path with `..`",
        "content/site.yaml",
    );
}

#[test]
fn build_replaces_its_own_previous_output_and_fills_an_empty_folder() {
    let site = Site::demo();
    std::fs::create_dir_all(site.path("empty")).unwrap();
    site.run(&["build", "--as-of", "2024-12-15", "--out", "empty"])
        .success();
    assert!(site.path("empty/.minsheng-output").is_file());
    site.write("empty/stale.html", "from an old build");
    site.run(&["build", "--as-of", "2024-12-16", "--out", "empty"])
        .success();
    assert!(!site.path("empty/stale.html").exists());
    assert!(site.path("empty/index.html").is_file());
}

/// Every page names who publishes the site and how to reach them; the
/// about page says it in full; the data page links every data file written.
#[test]
fn the_footer_about_and_data_pages_say_who_publishes_and_list_every_download() {
    let site = Site::demo();
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    for (path, bytes) in site.tree("public") {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let contact = if path.starts_with("en/") {
            "Contact: Sample County service line: 023-12345 (sample data)"
        } else {
            "联系方式：示例县政务服务热线：023-12345（示例数据）"
        };
        assert!(
            html.contains(contact),
            "{path} has no contact in its footer"
        );
    }
    let about = site.read("public/en/about/index.html");
    for expected in [
        "<h2>Published by</h2>\n<p>General Office of the Sample County People&#39;s Government (sample data)</p>",
        "<h2>Contact</h2>\n<p>Sample County service line: 023-12345 (sample data)</p>",
        "<p>Texts and data may be reused freely with attribution.</p>",
        "<h2>Accessibility</h2>",
    ] {
        assert!(about.contains(expected), "missing {expected:?} in {about}");
    }
    let data_page = site.read("public/en/data/index.html");
    let files: Vec<String> = site
        .tree("public/data")
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| path != "index.html")
        .collect();
    assert_eq!(files.len(), 6, "{files:?}");
    for file in &files {
        assert!(
            data_page.contains(&format!("<a href=\"../../data/{file}\">data/{file}</a>")),
            "the data page does not link {file}"
        );
    }
    assert!(data_page.contains("<td>CSV (one notice, a row per task)</td>"));
}
