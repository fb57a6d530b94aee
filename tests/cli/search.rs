//! Search: the index the build writes, queried by the site's own search.js
//! under Node, and in headless Chromium from disk (`file://`).

use std::process::Command;

use serde::Deserialize;

use crate::Site;

/// What `tests/search/query.mjs` says one page of results shows.
#[derive(Debug, Deserialize)]
struct Found {
    paths: Vec<String>,
    total: usize,
    exact: bool,
    page: usize,
    next: bool,
    /// The English live-region sentence.
    summary: String,
    /// Each result's excerpt, marked pieces in `<mark>`, escaped.
    snippets: Vec<String>,
}

fn node(script: &str, args: &[&str]) -> String {
    let output = Command::new("node")
        .arg(crate::repo().join("tests/search").join(script))
        .args(args)
        .output()
        .expect("node must be installed to test search");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn page(site: &Site, text: &str, filters: &str, page: usize, size: usize) -> Found {
    let public = site.path("public");
    let args = [
        public.to_str().unwrap(),
        text,
        filters,
        &page.to_string(),
        &size.to_string(),
    ];
    serde_json::from_str(&node("query.mjs", &args)).unwrap()
}

/// The paths of every project found.
fn query(site: &Site, text: &str, filters: &str) -> Vec<String> {
    page(site, text, filters, 1, 10_000).paths
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

/// Plural folding: search.js folds a query's words as the index folds the
/// text's, by the same cases the Rust side is tested with.
#[test]
fn search_js_folds_plurals_as_the_index_does() {
    node("english.mjs", &[]);
}

/// 養老 finds what 养老 finds, `elderly people` what `elderly` finds, and a
/// plural what its singular finds and the reverse.
#[test]
fn traditional_characters_and_plurals_find_what_their_plain_forms_find() {
    let site = Site::real();
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let pension = query(&site, "养老", "{}");
    assert_eq!(pension.len(), 4, "{pension:?}");
    assert_eq!(query(&site, "養老", "{}"), pension);
    let elderly = query(&site, "elderly", "{}");
    assert_eq!(elderly, ["shizhu/2026/g2-p09/"]);
    assert_eq!(query(&site, "elderly people", "{}"), elderly);
    assert_eq!(query(&site, "Elderly People", "{}"), elderly);
    for (plural, singular) in [
        ("schools", "school"),
        ("children", "child"),
        ("women", "woman"),
        ("facilities", "facility"),
        ("people", "person"),
    ] {
        let found = query(&site, singular, "{}");
        assert!(!found.is_empty(), "{singular} finds nothing");
        assert_eq!(query(&site, plural, "{}"), found, "{plural} and {singular}");
    }
    assert_eq!(
        query(&site, "school projects", "{}"),
        query(&site, "school", "{}"),
        "a vague word is left out when the query has others"
    );
    assert!(query(&site, "school water", "{}").len() < query(&site, "school", "{}").len());
}

/// Results come a page at a time, every one reachable: the 52 projects of
/// 2024 are three pages of 20, and a page past the end shows the last.
#[test]
fn every_result_is_reachable_a_page_at_a_time() {
    let site = Site::real();
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let filters = r#"{"year":"2024"}"#;
    let all = query(&site, "", filters);
    assert_eq!(all.len(), 52);
    let pages: Vec<Found> = (1..=3).map(|n| page(&site, "", filters, n, 20)).collect();
    assert_eq!(
        pages.iter().map(|p| p.paths.len()).collect::<Vec<_>>(),
        [20, 20, 12]
    );
    assert_eq!(
        pages.iter().map(|p| p.next).collect::<Vec<_>>(),
        [true, true, false]
    );
    assert_eq!(paths_of(&pages), all);
    assert_eq!(pages[0].summary, "52 projects found. Showing 1–20.");
    assert_eq!(pages[2].summary, "52 projects found. Showing 41–52.");
    let beyond = page(&site, "", filters, 9, 20);
    assert_eq!(
        (beyond.page, beyond.paths.clone()),
        (3, pages[2].paths.clone())
    );
    // The default page size: 33 projects mention people, 20 on page 1.
    let first = page(&site, "people", "{}", 1, 20);
    let second = page(&site, "people", "{}", 2, 20);
    assert_eq!(
        (first.total, first.paths.len(), second.paths.len()),
        (33, 20, 13)
    );
    assert!(first.paths.iter().all(|p| !second.paths.contains(p)));
}

/// A Chinese term of three characters or more is checked against the text
/// only as far as the page shown needs, so the count may be "at least".
#[test]
fn long_chinese_terms_are_checked_as_far_as_the_page_needs() {
    let site = Site::real();
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let all = query(&site, "老年人", "{}");
    assert_eq!(all.len(), 8, "{all:?}");
    let first = page(&site, "老年人", "{}", 1, 3);
    assert_eq!((first.exact, first.total, first.next), (false, 4, true));
    assert_eq!(first.summary, "At least 4 projects found. Showing 1–3.");
    let last = page(&site, "老年人", "{}", 3, 3);
    assert_eq!((last.exact, last.total, last.next), (true, 8, false));
    assert_eq!(last.summary, "8 projects found. Showing 7–8.");
    let pages: Vec<Found> = (1..=3).map(|n| page(&site, "老年人", "{}", n, 3)).collect();
    assert_eq!(paths_of(&pages), all);
}

/// One project found is "1 project found.", in the words of the page's strings.
#[test]
fn one_result_is_counted_in_the_singular() {
    let site = Site::real();
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    assert_eq!(
        page(&site, "elderly", "{}", 1, 20).summary,
        "1 project found."
    );
    assert_eq!(page(&site, "农网", "{}", 1, 20).summary, "1 project found.");
    assert_eq!(
        page(&site, "people", "{}", 1, 50).summary,
        "33 projects found."
    );
    assert_eq!(
        page(&site, "nothing-like-this", "{}", 1, 20).summary,
        "No projects found. Try other words or fewer filters."
    );
}

/// Each result shows an excerpt with the matched text in <mark>; a match of
/// a Simplified query in Traditional text marks the text as written.
#[test]
fn results_show_the_text_that_matched_marked() {
    let site = Site::real();
    site.edit(
        "content/shizhu/2024/projects/p10.yaml",
        "城市饮水基础设施改造提升工程",
        "城市飲水基礎設施改造提升工程",
    );
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let pension = page(&site, "養老", "{}", 1, 20);
    assert_eq!(pension.snippets.len(), 4);
    for snippet in &pension.snippets {
        assert!(snippet.contains("<mark>养老</mark>"), "{snippet}");
    }
    let water = page(&site, "饮水", "{}", 1, 20);
    assert!(
        water.snippets[0].starts_with("城市<mark>飲水</mark>基礎"),
        "{:?}",
        water.snippets
    );
    let elderly = page(&site, "elderly people", "{}", 1, 20);
    assert!(
        elderly.snippets[0].contains("<mark>elderly</mark> care workers"),
        "{:?}",
        elderly.snippets
    );
    let schools = page(&site, "schools", "{}", 1, 20);
    assert!(schools.snippets.iter().all(|s| s.contains("<mark>")));
    assert!(
        schools
            .snippets
            .iter()
            .any(|s| s.contains("<mark>School</mark>"))
    );
    assert!(
        schools
            .snippets
            .iter()
            .any(|s| s.contains("<mark>schools</mark>"))
    );
    let filtered = page(&site, "", r#"{"county":"wulong"}"#, 1, 20);
    assert!(
        filtered.snippets.iter().all(String::is_empty),
        "no query, no excerpt"
    );
}

/// Opened from disk, where browsers refuse `fetch` and module scripts, the
/// page loads its index with <script> elements: results, excerpts, pages.
/// When even that fails, it says why and keeps the query in the box.
#[test]
fn search_works_when_the_site_is_opened_from_disk() {
    let site = Site::real();
    site.edit(
        "content/liangshan/2024/projects/p03.yaml",
        "代缴城乡居民基本养老保险费用",
        "代缴城乡居民<i>基本养老</i>保险费用",
    );
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let open = |page: &str, query: &str| {
        let file = site.path(&format!("public/{page}"));
        crate::chromium_dom(&format!("file://{}?{query}", file.display()), 5000)
    };
    let zh = open(
        "search/index.html",
        &format!("q={}", crate::url_encode("養老")),
    );
    assert!(zh.contains(">找到 4 个项目。</p>"), "{zh}");
    assert_eq!(zh.matches("<p class=\"snippet\">").count(), 4, "{zh}");
    assert!(
        zh.contains("&lt;i&gt;基本<mark>养老</mark>&lt;/i&gt;"),
        "the excerpt shows the text as text: {zh}"
    );
    assert!(!zh.contains("<i>基本"), "{zh}");
    let en = open("en/search/index.html", "q=elderly+people");
    assert!(en.contains(">1 project found.</p>"), "{en}");
    assert!(en.contains("<mark>elderly</mark>"), "{en}");
    let second = open("en/search/index.html", "q=people&page=2");
    assert!(
        second.contains(">33 projects found. Showing 21–33.</p>"),
        "{second}"
    );
    assert!(
        second.contains(r#"<a href="?q=people" rel="prev">Previous page</a>"#),
        "{second}"
    );
    assert!(!second.contains("rel=\"next\""), "{second}");
    // The county field takes the name its suggestions offer, or a slug.
    for county in [crate::url_encode("武隆区"), "wulong".to_string()] {
        let wulong = open("search/index.html", &format!("county={county}&year=2024"));
        assert!(wulong.contains(">找到 23 个项目。"), "{wulong}");
    }
    let nowhere = open(
        "search/index.html",
        &format!("county={}", crate::url_encode("无此县")),
    );
    assert!(
        nowhere.contains(">没有找到项目，请换一个词或减少筛选条件。</p>"),
        "{nowhere}"
    );
    assert!(!nowhere.contains("<p class=\"snippet\">"), "{nowhere}");
    std::fs::remove_file(site.path("public/search/meta.js")).unwrap();
    let broken = open(
        "search/index.html",
        &format!("q={}", crate::url_encode("养老")),
    );
    assert!(broken.contains("请通过网址访问本网站后再搜索"), "{broken}");
    assert!(
        broken.contains(r#"value="养老""#),
        "the query stays: {broken}"
    );
}

/// The paths of pages in order.
fn paths_of(pages: &[Found]) -> Vec<String> {
    pages.iter().flat_map(|p| p.paths.clone()).collect()
}

/// Documents are stored 200 to a file: the 201st project is the first of
/// the second file, and search finds it there.
#[test]
fn documents_past_the_first_chunk_are_found() {
    let site = Site::empty();
    site.write(
        "content/site.yaml",
        "title:\n  zh: \"示例站\"\n  en: \"Sample site\"\nbase_url: \"https://sample.example/\"\nsample_data: true\n",
    );
    let dir = "content/c00001";
    site.write(
        &format!("{dir}/county.yaml"),
        "name:\n  zh: \"示例县\"\n  en: \"Sample County\"\nlevel: \"县\"\n",
    );
    let ids: Vec<String> = (1..=201).map(|p| format!("p{p:03}")).collect();
    let listed: String = ids.iter().map(|id| format!("      - {id}\n")).collect();
    site.write(
        &format!("{dir}/2024/notice.yaml"),
        &format!("issuer:\n  zh: \"示例县人民政府\"\ntitle:\n  zh: \"关于印发2024年民生实事的通知\"\npublished_date: 2024-01-12\nrelease: public\ngroups:\n  - projects:\n{listed}"),
    );
    for (n, id) in ids.iter().enumerate() {
        let name = if n == 200 {
            "最后的助餐点"
        } else {
            "老年助餐点"
        };
        site.write(
            &format!("{dir}/2024/projects/{id}.yaml"),
            &format!("number: \"{}\"\nname:\n  zh: \"{name}\"\nitems:\n  - tasks:\n      zh: \"新建助餐点1个。\"\n", n + 1),
        );
    }
    site.run(&["build", "--as-of", "2024-06-01"]).success();
    let meta: serde_json::Value =
        serde_json::from_str(&site.read("public/search/meta.json")).unwrap();
    assert_eq!(
        (meta["documents"].as_u64(), meta["chunk"].as_u64()),
        (Some(201), Some(200))
    );
    let chunk = |n: usize| -> Vec<serde_json::Value> {
        serde_json::from_str(&site.read(&format!("public/search/docs/{n}.json"))).unwrap()
    };
    assert_eq!((chunk(0).len(), chunk(1).len()), (200, 1));
    assert_eq!(chunk(1)[0]["path"], "c00001/2024/p201/");
    assert!(!site.path("public/search/docs/2.json").exists());
    assert_eq!(query(&site, "最后", "{}"), ["c00001/2024/p201/"]);
    assert_eq!(query(&site, "助餐点", "{}").len(), 201);
}
