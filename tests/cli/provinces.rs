//! Provinces: a page per province the glossary gives a slug, and a home
//! page that lists provinces, not every county, so it stays small however
//! many counties a national site has.

use crate::Site;

const AS_OF: &str = "--as-of=2024-12-15";

#[test]
fn the_home_page_lists_provinces_and_each_province_page_its_counties() {
    let site = Site::real();
    site.run(&["build", AS_OF]).success();
    let home = site.read("public/index.html");
    for expected in [
        "<h2>省（自治区、直辖市）</h2>",
        "<li><a href=\"chongqing/index.html\">重庆市</a>\n<span class=\"meta\">县（区）数：2 · 项目数：55 · 已报告进展：0 · 已逾期：0</span></li>",
        "<li><a href=\"shandong/index.html\">山东省</a>\n<span class=\"meta\">县（区）数：2 · 项目数：19 · 已报告进展：0 · 已逾期：0</span></li>",
    ] {
        assert!(home.contains(expected), "missing {expected}\n{home}");
    }
    assert!(
        !home.contains("wulong/"),
        "the home page lists provinces, not counties"
    );
    assert!(
        home.contains("<h3>已逾期项目</h3>\n\n<p>各省（自治区、直辖市）的逾期项目数见上方列表；各省页面按县（区）列出逾期项目。</p>"),
        "the home page never says no project is overdue when it lists none: {home}"
    );

    let chongqing = site.read("public/chongqing/index.html");
    for expected in [
        "<h1>重庆市民生实事</h1>",
        "<li><a href=\"../wulong/index.html\">武隆区</a> · <a href=\"../wulong/2024/index.html\">2024年</a>\n<span class=\"meta\">项目数：23 · 总投资：141,859 万元（约14.19亿元） · 已报告进展：0 · 已逾期：0</span></li>",
        "<a href=\"../shizhu/2026/index.html\">2026年</a>\n<span class=\"meta\">项目数：22 · 已报告进展：0 · 已逾期：0</span></li>",
    ] {
        assert!(
            chongqing.contains(expected),
            "missing {expected}\n{chongqing}"
        );
    }
    let english = site.read("public/en/chongqing/index.html");
    assert!(
        english.contains("<h1>Livelihood projects in Chongqing</h1>"),
        "{english}"
    );
    assert!(
        site.read("public/wulong/index.html")
            .contains("<li><a href=\"../chongqing/index.html\">重庆市</a></li>"),
        "the county's trail goes through its province"
    );
    assert!(
        site.read("public/sitemap.xml")
            .contains("https://minsheng.example.gov.cn/chongqing/")
    );
}

#[test]
fn a_province_without_a_slug_is_a_warning_and_its_counties_stay_on_the_home_page() {
    let site = Site::real();
    site.edit("content/glossary.yaml", "  \"山东省\": shandong\n", "");
    let out = site.run(&["build", AS_OF]);
    out.success();
    assert!(
        out.stderr.contains(
            "content/weishan/county.yaml:5:1: warning[province-without-slug]: the province `山东省` has no page: glossary.yaml gives it no slug"
        ),
        "{}",
        out.stderr
    );
    let home = site.read("public/index.html");
    assert!(home.contains("<h2>其他县（区）</h2>"), "{home}");
    assert!(
        home.contains("<a href=\"weishan/2024/index.html\">2024年</a>"),
        "{home}"
    );
    assert!(!site.path("public/shandong").exists());

    site.edit(
        "content/glossary.yaml",
        "\"重庆市\": chongqing",
        "\"重庆市\": wulong",
    );
    let out = site.run(&["check"]);
    out.failure();
    assert!(
        out.stderr.contains("error[reserved-name]: the province 重庆市 cannot have the slug `wulong`: the county 武隆区 has that slug"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_home_page_stays_under_200_kb_at_5000_counties() {
    let site = Site::empty();
    site.write(
        "content/site.yaml",
        "title:\n  zh: \"全国民生实事\"\n  en: \"National livelihood projects\"\nbase_url: \"https://national.example/\"\nsample_data: true\n",
    );
    let provinces: String = (1..=25)
        .map(|p| format!("  \"示例省{p:02}\": p{p:02}\n"))
        .collect();
    site.write("content/glossary.yaml", &format!("provinces:\n{provinces}"));
    for c in 1..=5000 {
        let dir = format!("content/c{c:05}");
        let province = (c - 1) / 200 + 1;
        site.write(
            &format!("{dir}/county.yaml"),
            &format!("name:\n  zh: \"示例县{c:05}\"\n  en: \"Sample County {c:05}\"\nprovince:\n  zh: \"示例省{province:02}\"\n  en: \"Sample Province {province:02}\"\nlevel: \"县\"\n"),
        );
        site.write(
            &format!("{dir}/2024/notice.yaml"),
            "issuer:\n  zh: \"示例县人民政府\"\ntitle:\n  zh: \"关于印发2024年民生实事的通知\"\npublished_date: 2024-01-12\nrelease: public\nunit: \"万元\"\ndeclared_total: \"10\"\ngroups:\n  - projects:\n      - p1\n",
        );
        site.write(
            &format!("{dir}/2024/projects/p1.yaml"),
            "number: \"1\"\nname:\n  zh: \"老年助餐点\"\n  en: \"Meal service points\"\nitems:\n  - tasks:\n      zh: \"新建助餐点1个。\"\n    amount: \"10\"\n    deadline:\n      text: \"2024年6月底\"\n      date: 2024-06-30\n",
        );
    }
    site.run(&["build", AS_OF]).success();
    for (home, province) in [
        ("public/index.html", "index.html\">示例省"),
        ("public/en/index.html", "index.html\">Sample Province"),
    ] {
        let size = std::fs::metadata(site.path(home)).unwrap().len();
        assert!(size < 200_000, "{home} is {size} bytes");
        let page = site.read(home);
        assert_eq!(page.matches(province).count(), 25, "a row per province");
        assert!(!page.contains("c00001/"), "no county is listed on {home}");
    }
    let province = site.read("public/p07/index.html");
    assert_eq!(
        province.matches("<a href=\"../c0").count(),
        200 * 2,
        "200 counties, each with its notice"
    );
    assert!(
        province.contains("项目数：1 · 总投资：10 万元 · 已报告进展：0 · 已逾期：0"),
        "past its deadline with no report is not overdue"
    );
}
