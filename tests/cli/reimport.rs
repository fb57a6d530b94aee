//! `import --force` over records staff worked on: English, the release
//! decision, ids and reports survive; what changed is listed; nothing is
//! deleted silently.

use crate::Site;

const SHIZHU: &str = "seeds/000_1596418120e5e5c2.txt";

#[test]
fn importing_the_same_notice_again_keeps_english_and_the_release_decision() {
    let site = Site::real();
    let before = site.read("content/shizhu/2024/projects/p10.yaml");
    let out = site.run(&["import", SHIZHU, "--force"]);
    out.success();
    assert!(
        out.stdout
            .contains("nothing changed: every field reads as before"),
        "{}",
        out.stdout
    );
    assert_eq!(site.read("content/shizhu/2024/projects/p10.yaml"), before);
    let notice = site.read("content/shizhu/2024/notice.yaml");
    assert!(notice.contains("release: public  # as staff decided before this import"));
    assert!(notice.contains("en: \"The published text carries no disclosure mark."));
    assert!(notice.contains("en: \"County key livelihood projects 2024: targets and tasks\""));
    site.run(&["check"]).success();
}

#[test]
fn a_changed_field_loses_its_english_and_is_listed() {
    let site = Site::real();
    let text = site.read(SHIZHU).replace(
        "完成县城万寿大道、民族路、丝绸路等地段供水管网改造5公里。",
        "完成县城万寿大道、民族路等地段供水管网改造6公里。",
    );
    site.write("corrected.txt", &text);
    let out = site.run(&[
        "import",
        "corrected.txt",
        "--force",
        "--county",
        "shizhu",
        "--year",
        "2024",
    ]);
    out.success();
    assert!(
        out.stdout.contains("changed: p10 item 1 tasks changed"),
        "{}",
        out.stdout
    );
    let p10 = site.read("content/shizhu/2024/projects/p10.yaml");
    assert!(p10.contains("zh: \"完成县城万寿大道、民族路等地段供水管网改造6公里。\"\n    amount"));
    assert!(!p10.contains("Upgrade 5 kilometres"));
    assert!(
        p10.contains("en: \"Upgrading urban drinking water supply\""),
        "the name is unchanged, so its English stays:\n{p10}"
    );
}

#[test]
fn a_project_no_longer_in_the_notice_keeps_its_file_and_reports_and_is_listed() {
    let site = Site::real();
    site.write(
        "content/shizhu/2024/reports/p10/2024-06-30.md",
        "---\ndate: 2024-06-30\nstatus: in-progress\npercent: 40\n---\n示例。\n",
    );
    let text = site.read(SHIZHU);
    let start = text.find("\t10\n\t城市饮水基础设施改造提升工程").unwrap();
    let end = text[start..].find("\t合").map_or(text.len(), |i| start + i);
    site.write(
        "shorter.txt",
        &format!("{}{}", &text[..start], &text[end..]),
    );
    let out = site.run(&[
        "import",
        "shorter.txt",
        "--force",
        "--county",
        "shizhu",
        "--year",
        "2024",
    ]);
    assert_eq!(out.status, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("no longer in the notice: p10 城市饮水基础设施改造提升工程; its file and reports are kept"),
        "{}",
        out.stdout
    );
    assert!(site.path("content/shizhu/2024/projects/p10.yaml").is_file());
    assert!(
        site.path("content/shizhu/2024/reports/p10/2024-06-30.md")
            .is_file()
    );
}

/// What staff add that the text lacks (the portal's date and address)
/// survives importing the notice again, and the pages link the portal.
#[test]
fn the_portal_date_and_address_staff_added_survive_a_new_import() {
    let site = Site::real();
    let portal = "https://www.cqsz.gov.cn/zwgk/notice-2024.html";
    site.edit(
        "content/shizhu/2024/notice.yaml",
        "release: public",
        &format!("published_date: 2024-03-01\nsource_url: \"{portal}\"\nrelease: public"),
    );
    site.run(&["import", SHIZHU, "--force"]).success();
    let notice = site.read("content/shizhu/2024/notice.yaml");
    assert!(notice.contains("published_date: 2024-03-01\n"), "{notice}");
    assert!(
        notice.contains(&format!("source_url: \"{portal}\"\n")),
        "{notice}"
    );
    site.run(&["build"]).success();
    let link = format!("<a href=\"{portal}\">原文链接（政府网站）</a>");
    assert!(site.read("public/shizhu/2024/index.html").contains(&link));
    assert!(
        site.read("public/shizhu/2024/source/index.html")
            .contains(&link)
    );
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/shizhu-2024.json")).unwrap();
    assert_eq!(data["source_url"], portal);
    assert!(
        site.read("public/shizhu/feed.xml")
            .contains("<updated>2024-03-01T00:00:00+08:00</updated>")
    );
}

#[test]
fn a_source_url_that_is_not_a_web_address_is_an_error_at_its_line() {
    let site = Site::real();
    site.edit(
        "content/shizhu/2024/notice.yaml",
        "release: public",
        "source_url: \"javascript:alert(1)\"\nrelease: public",
    );
    let out = site.run(&["check"]);
    out.failure();
    assert!(
        out.stderr.contains(
            "content/shizhu/2024/notice.yaml:12:13: error[invalid-record]: `javascript:alert(1)` is not a web address"
        ),
        "{}",
        out.stderr
    );
}

/// A leader's English that staff wrote in the records, and the glossary
/// lacks, survives importing the notice again.
#[test]
fn a_leaders_english_written_by_staff_survives_a_new_import() {
    let site = Site::real();
    site.edit("content/glossary.yaml", "  \"石华\": \"Shi Hua\"\n", "");
    site.run(&["import", SHIZHU, "--force"]).success();
    let p10 = site.read("content/shizhu/2024/projects/p10.yaml");
    assert!(
        p10.contains("    leaders:\n      - zh: \"石华\"\n        en: \"Shi Hua\"\n"),
        "{p10}"
    );
}
