//! Downloads and discoverability: CSV, sitemap, robots.txt, permanent URLs.

use crate::Site;

#[test]
fn csv_opens_in_excel_with_exact_amounts_and_a_row_per_item() {
    let site = Site::real();
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let bytes = std::fs::read(site.path("public/data/wulong-2024.csv")).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let rows: Vec<&str> = text.split("\r\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(rows.len(), 1 + 29, "a header and one row per item");
    assert!(rows[0].starts_with("县（区）/County,年份/Year,"));
    let shizhu = site.read("public/data/shizhu-2024.csv");
    assert!(
        shizhu.contains(",92.284,万元,"),
        "the exact amount as printed"
    );
    let unknown = rows.iter().find(|r| r.contains(",g1-p04,")).unwrap();
    assert!(
        unknown.contains(",,万元,"),
        "an unknown amount is an empty cell, not 0: {unknown}"
    );
    let page = site.read("public/en/wulong/2024/index.html");
    assert!(
        page.contains("CSV spreadsheet (opens in Excel and WPS) ("),
        "the link gives the file's size"
    );
}

#[test]
fn the_sitemap_lists_every_page_once_per_language() {
    let site = Site::demo();
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let sitemap = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    let pages = site
        .tree("public")
        .into_iter()
        .filter(|(p, _)| p.ends_with("index.html"))
        .count();
    assert_eq!(locs.len(), pages, "one <url> per page");
    let unique: std::collections::BTreeSet<_> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "no page twice");
    assert!(locs.contains(&"https://sample.example/minsheng/en/sample/2024/p01/"));
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://sample.example/minsheng/sample/2024/p01/\"/>"));
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://sample.example/minsheng/sitemap.xml\n"
    );
}

#[test]
fn a_renamed_project_keeps_its_old_url_as_a_redirect() {
    let site = Site::real();
    let old = site.read("content/wulong/2024/projects/g2-p02.yaml");
    std::fs::remove_file(site.path("content/wulong/2024/projects/g2-p02.yaml")).unwrap();
    site.write(
        "content/wulong/2024/projects/rural-grid.yaml",
        &old.replacen("name:", "aliases:\n  - g2-p02\nname:", 1),
    );
    site.edit(
        "content/wulong/2024/notice.yaml",
        "      - g2-p02\n",
        "      - rural-grid\n",
    );
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    assert!(
        site.read("public/wulong/2024/rural-grid/index.html")
            .contains("农网巩固提升工程")
    );
    let redirect = site.read("public/en/wulong/2024/g2-p02/index.html");
    assert!(redirect.contains("<link rel=\"canonical\" href=\"https://minsheng.example.gov.cn/en/wulong/2024/rural-grid/\">"), "{redirect}");
    assert!(
        redirect
            .contains("<meta http-equiv=\"refresh\" content=\"0; url=../rural-grid/index.html\">"),
        "{redirect}"
    );
    assert!(redirect.contains("Upgrading the rural power grid"));
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        !sitemap.contains("wulong/2024/g2-p02/"),
        "the old URL is not a page of its own"
    );
}

#[test]
fn pages_carry_sharing_and_structured_data() {
    let site = Site::demo();
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let page = site.read("public/en/sample/2024/index.html");
    assert!(
        page.contains(
            "<meta property=\"og:image\" content=\"https://sample.example/minsheng/static/share.png\">"
        ),
        "share image"
    );
    assert!(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    let json = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data[1]["@type"], "Dataset");
    assert_eq!(
        data[1]["distribution"][1]["contentUrl"],
        "https://sample.example/minsheng/data/sample-2024.csv"
    );
    assert_eq!(
        data[0]["itemListElement"][3]["item"],
        "https://sample.example/minsheng/en/sample/2024/"
    );
}

#[test]
fn the_governments_schedule_judgement_is_in_the_data_per_report() {
    let site = Site::demo();
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/sample-2024.json")).unwrap();
    let p02 = &data["groups"][0]["projects"][1];
    assert_eq!(p02["id"], "p02");
    let reports = p02["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 11, "every published report, oldest first");
    let august = reports.iter().find(|r| r["date"] == "2024-08-31").unwrap();
    assert_eq!(august["on_schedule"], false);
    assert_eq!(
        august["schedule_note"],
        "示例：两所学校假期施工推迟，滞后约1个月。"
    );
    let june = reports.iter().find(|r| r["date"] == "2024-06-30").unwrap();
    assert_eq!(june["on_schedule"], true);
    assert_eq!(june["schedule_note"], serde_json::Value::Null);
    assert_eq!(p02["latest_report"]["date"], "2024-11-29");
    let csv = site.read("public/data/sample-2024.csv");
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("是否达序/On schedule (as reported),说明/Schedule note"),
        "{header}"
    );
}
