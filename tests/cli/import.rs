//! `minsheng import`: the five seed notices read exactly, other layouts, no silent loss.

use serde_json::Value;

use crate::Site;

/// The dry-run review of one seed, as JSON.
fn review(site: &Site, seed: &str) -> Value {
    let out = site.run(&[
        "import",
        &format!("seeds/{seed}"),
        "--dry-run",
        "--format",
        "json",
    ]);
    out.success();
    out.json()
}

/// The dry-run review of a hand-made notice in tests/fixtures/import/, for the fictional county.
fn review_fixture(site: &Site, fixture: &str, extra: &[&str]) -> crate::Output {
    let text =
        std::fs::read_to_string(crate::repo().join(format!("tests/fixtures/import/{fixture}.txt")))
            .unwrap();
    site.write("notice.txt", &text);
    let mut args = vec![
        "import",
        "notice.txt",
        "--county",
        "sample",
        "--dry-run",
        "--format",
        "json",
    ];
    args.extend(extra);
    site.run(&args)
}

fn item_counts(group: &Value) -> Vec<usize> {
    group["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["items"].as_array().unwrap().len())
        .collect()
}

#[test]
fn shizhu_2024_has_ten_projects_adding_up_to_its_total() {
    let site = Site::real();
    let notice = review(&site, "000_1596418120e5e5c2.txt");
    assert_eq!(notice["county"]["slug"], "shizhu");
    assert_eq!(notice["year"], 2024);
    assert_eq!(notice["release"], "unmarked");
    assert_eq!(notice["doc_number"], Value::Null);
    assert_eq!(notice["written_date"], Value::Null);
    assert_eq!(notice["declared_total"], "17462.244");
    assert_eq!(notice["computed_total"], "17462.244");
    assert_eq!(notice["rows_without_amount"], 0);
    assert_eq!(item_counts(&notice["groups"][0]), [1; 10]);
    let p06 = &notice["groups"][0]["projects"][5]["items"][0];
    assert_eq!(p06["amount"], "86.96");
    assert_eq!(p06["leaders"], serde_json::json!(["陈建", "石华"]));
    assert_eq!(p06["lead_units"][0]["zh"], "县卫生健康委");
    assert_eq!(p06["lead_units"][1]["zh"], "县教委");
    let p03 = &notice["groups"][0]["projects"][2]["items"][0];
    assert_eq!(
        p03["lead_units"][0]["zh"],
        "县文化旅游委（移动、电信、联通、广电）"
    );
    assert_eq!(p03["lead_units"].as_array().unwrap().len(), 1);
    assert_eq!(notice["unplaced"], serde_json::json!([]));
}

#[test]
fn wulong_2024_has_two_groups_whose_subtotals_match() {
    let site = Site::real();
    let notice = review(&site, "001_aed8d218c44a424c.txt");
    assert_eq!(notice["county"]["slug"], "wulong");
    assert_eq!(notice["declared_total"], "141859");
    assert_eq!(notice["computed_total"], "141859");
    let (city, district) = (&notice["groups"][0], &notice["groups"][1]);
    assert_eq!(city["name"]["zh"], "承接市级民生实事（13件）");
    assert_eq!(city["declared_subtotal"], "8820");
    assert_eq!(city["computed_subtotal"], "8820");
    assert_eq!(city["rows_without_amount"], 2);
    assert_eq!(item_counts(city), [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1]);
    assert_eq!(city["projects"][3]["items"][0]["amount"], Value::Null);
    assert_eq!(city["projects"][9]["items"][0]["amount"], Value::Null);
    assert_eq!(district["name"]["zh"], "实施区级民生实事（10件）");
    assert_eq!(district["declared_subtotal"], "133039");
    assert_eq!(district["computed_subtotal"], "133039");
    assert_eq!(district["rows_without_amount"], 0);
    assert_eq!(item_counts(district), [1, 1, 1, 2, 1, 4, 1, 2, 1, 1]);
    assert_eq!(district["projects"][1]["name"]["zh"], "农网巩固提升工程");
}

#[test]
fn shizhu_2026_has_twenty_two_projects_in_two_groups_and_no_amounts() {
    let site = Site::real();
    let notice = review(&site, "002_edf041af03ebcd53.txt");
    assert_eq!(notice["year"], 2026);
    assert_eq!(notice["release"], "public");
    assert_eq!(notice["written_date"], "2026-04-24");
    assert_eq!(
        notice["title"]["zh"],
        "关于印发《石柱县2026年重点民生实事工作目标任务》的通知"
    );
    assert_eq!(item_counts(&notice["groups"][0]).len(), 10);
    assert_eq!(item_counts(&notice["groups"][1]).len(), 12);
    assert_eq!(notice["computed_total"], Value::Null);
    assert_eq!(notice["rows_without_amount"], 22);
    let p09 = &notice["groups"][0]["projects"][8]["items"][0];
    let units: Vec<&str> = p09["lead_units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["zh"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["县应急管理局", "县民政局", "县残联"]);
    let g2p06 = &notice["groups"][1]["projects"][5]["items"][0];
    let units: Vec<&str> = g2p06["lead_units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["zh"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["县住房城乡建委", "县教委", "县卫生健康委"]);
}

#[test]
fn weishan_2024_has_nine_categories_holding_thirty_items() {
    let site = Site::real();
    let notice = review(&site, "003_22dbb4daa77c740a.txt");
    assert_eq!(notice["county"]["slug"], "weishan");
    assert_eq!(notice["doc_number"], "微政发〔2024〕2号");
    assert_eq!(notice["written_date"], "2024-01-15");
    assert_eq!(notice["release"], "public");
    assert_eq!(
        item_counts(&notice["groups"][0]),
        [2, 3, 2, 3, 6, 2, 5, 3, 4]
    );
    assert_eq!(notice["rows_without_amount"], 30);
    let first = &notice["groups"][0]["projects"][0];
    assert_eq!(first["name"]["zh"], "大力扶持就业创业");
    assert_eq!(first["items"][1]["leaders"], serde_json::json!(["张呈祥"]));
    let seventh = &notice["groups"][0]["projects"][6]["items"][0];
    let units: Vec<&str> = seventh["lead_units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["zh"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["县水务局", "徽矿集团"]);
}

#[test]
fn liangshan_2024_has_a_deadline_for_every_project() {
    let site = Site::real();
    let notice = review(&site, "004_e92a2da1b7353766.txt");
    assert_eq!(notice["doc_number"], "梁政发〔2024〕1号");
    assert_eq!(notice["written_date"], "2024-02-06");
    let deadlines: Vec<(String, String)> = notice["groups"][0]["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let d = &p["items"][0]["deadline"];
            (
                d["text"].as_str().unwrap().to_string(),
                d["date"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        "11月底", "11月底", "11月底", "8月底", "11月底", "11月底", "8月底", "9月底", "10月底",
        "11月底",
    ];
    for (i, month) in expected.iter().enumerate() {
        assert_eq!(
            deadlines[i].0,
            format!("2024年{month}"),
            "project {}",
            i + 1
        );
    }
    assert_eq!(deadlines[3].1, "2024-08-31");
    assert_eq!(deadlines[7].1, "2024-09-30");
    assert_eq!(deadlines[8].1, "2024-10-31");
    assert_eq!(deadlines[0].1, "2024-11-30");
    let p03 = &notice["groups"][0]["projects"][2]["items"][0];
    assert_eq!(p03["partner_units"][3]["zh"], "县残联");
}

#[test]
fn pipe_separated_rows_with_a_two_level_header_are_read() {
    let site = Site::real();
    let out = review_fixture(&site, "pipe-rows", &[]);
    out.success();
    let notice = out.json();
    assert_eq!(notice["year"], 2025);
    assert_eq!(notice["release"], "public");
    assert_eq!(notice["declared_total"], "1300.5");
    assert_eq!(notice["computed_total"], "1300.5");
    assert_eq!(notice["groups"][0]["name"]["zh"], "一、基础设施工程");
    assert_eq!(notice["groups"][0]["declared_subtotal"], "1000");
    assert_eq!(notice["groups"][1]["computed_subtotal"], "300.5");
    let road = &notice["groups"][0]["projects"][0]["items"][0];
    assert_eq!(road["tasks"]["zh"], "改造道路3公里");
    assert_eq!(road["amount"], "300");
    assert_eq!(road["partner_units"].as_array().unwrap().len(), 2);
    assert_eq!(item_counts(&notice["groups"][1]), [2]);
}

#[test]
fn one_cell_per_line_with_pipes_and_traditional_headers_is_read() {
    let site = Site::real();
    let out = review_fixture(&site, "pipe-cells", &[]);
    out.success();
    let notice = out.json();
    assert_eq!(notice["release"], "on-request");
    let projects = notice["groups"][0]["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 2);
    assert_eq!(projects[0]["name"]["zh"], "老年助餐");
    assert_eq!(projects[0]["items"][0]["lead_units"][0]["zh"], "縣民政局");
    assert_eq!(projects[0]["items"][0]["deadline"]["date"], "2025-10-31");
    assert_eq!(projects[1]["items"][0]["deadline"]["date"], "2025-12-31");
    assert_eq!(notice["computed_total"], "200");
}

/// Names of the projects of a review's first group.
fn names(notice: &Value) -> Vec<&str> {
    notice["groups"][0]["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"]["zh"].as_str().unwrap())
        .collect()
}

/// The first item's amount of each project of a review's first group.
fn amounts(notice: &Value) -> Vec<&Value> {
    notice["groups"][0]["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["items"][0]["amount"])
        .collect()
}

fn unplaced_lines(notice: &Value) -> Vec<(u64, &str)> {
    notice["unplaced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["line"].as_u64().unwrap(), u["text"].as_str().unwrap()))
        .collect()
}

#[test]
fn pipe_sub_rows_without_their_merged_cells_are_items_of_the_project_above() {
    let site = Site::real();
    let out = review_fixture(&site, "pipe-subrows", &[]);
    out.failure();
    let notice = out.json();
    assert_eq!(names(&notice), ["社区食堂", "农村供水", "校园饮水"]);
    assert_eq!(item_counts(&notice["groups"][0]), [3, 2, 1]);
    assert_eq!(amounts(&notice), ["300.5", "700", "80"]);
    assert_eq!(notice["declared_total"], "1190.5");
    assert_eq!(notice["computed_total"], "1190.5");
    let canteen = &notice["groups"][0]["projects"][0]["items"];
    assert_eq!(canteen[1]["tasks"]["zh"], "配套助餐服务");
    assert_eq!(canteen[1]["amount"], "20");
    assert_eq!(canteen[1]["lead_units"][0]["zh"], "县商务局");
    assert_eq!(canteen[1]["deadline"]["date"], "2025-09-30");
    assert_eq!(canteen[2]["amount"], "10");
    assert_eq!(
        canteen[2]["lead_units"][0]["zh"], "县商务局",
        "the lead unit merged with the row above"
    );
    let water = &notice["groups"][0]["projects"][1]["items"][1];
    assert_eq!(water["tasks"]["zh"], "改造供水管网5公里");
    assert_eq!(water["amount"], "80");
    assert_eq!(water["lead_units"][0]["zh"], "县水利局");
    assert_eq!(
        unplaced_lines(&notice),
        [(15, "老旧管网 | 县水利局 | 30 | 2025年12月底 | 另行安排 |")]
    );
}

#[test]
fn one_cell_per_line_without_tabs_is_read_by_content() {
    let site = Site::real();
    let out = review_fixture(&site, "lines", &[]);
    out.failure();
    let notice = out.json();
    assert_eq!(notice["layout"], "one cell per line (no TABs)");
    assert_eq!(notice["written_date"], "2025-03-01");
    assert_eq!(
        names(&notice),
        ["老年助餐", "校园饮水", "农村公路", "老旧小区改造"]
    );
    assert_eq!(item_counts(&notice["groups"][0]), [1, 1, 1, 1]);
    assert_eq!(
        amounts(&notice),
        [
            &Value::from("120"),
            &Value::Null,
            &Value::from("300.5"),
            &Value::Null
        ]
    );
    assert_eq!(notice["computed_total"], "420.5");
    assert_eq!(notice["rows_without_amount"], 2);
    let first = &notice["groups"][0]["projects"][0]["items"][0];
    assert_eq!(first["tasks"]["zh"], "新建助餐点5个，\n覆盖全县");
    assert_eq!(first["deadline"]["date"], "2025-12-31");
    assert_eq!(
        first["original"][5],
        serde_json::json!(["建设起止年限", "2025年12月底"])
    );
    let roads = &notice["groups"][0]["projects"][2]["items"][0];
    let units: Vec<&str> = roads["lead_units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["zh"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["县交通运输局", "县财政局"]);
    let water = &notice["groups"][0]["projects"][1]["items"][0];
    assert_eq!(water["lead_units"][0]["zh"], "县教体局");
    assert_eq!(water["deadline"]["text"], "2025年10月底");
    assert_eq!(unplaced_lines(&notice), [(47, "八十万")]);
}

fn units_of(item: &Value) -> Vec<&str> {
    item["lead_units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["zh"].as_str().unwrap())
        .collect()
}

#[test]
fn rows_whose_cells_are_separated_by_spaces_are_read_by_content() {
    let site = Site::real();
    let out = review_fixture(&site, "spaced", &[]);
    out.failure();
    let notice = out.json();
    assert_eq!(notice["layout"], "one row per line, space-separated");
    assert_eq!(notice["written_date"], "2025-02-20");
    let (welfare, building) = (&notice["groups"][0], &notice["groups"][1]);
    assert_eq!(welfare["name"]["zh"], "一、 民生保障类");
    assert_eq!(
        names(&notice),
        ["老年助餐", "校园饮水", "残疾人康复", "就业援助"]
    );
    assert_eq!(
        amounts(&notice),
        [
            &Value::from("120"),
            &Value::Null,
            &Value::from("20"),
            &Value::from("300")
        ]
    );
    assert_eq!(welfare["declared_subtotal"], "440");
    assert_eq!(welfare["computed_subtotal"], "440");
    let items = |g: &Value, p: usize| g["projects"][p]["items"][0].clone();
    assert_eq!(items(welfare, 1)["tasks"]["zh"], "改造 10 所学校");
    assert_eq!(items(welfare, 1)["lead_units"][0]["zh"], "县教体局");
    assert_eq!(units_of(&items(welfare, 2)), ["县残联", "县卫生健康委"]);
    assert_eq!(items(welfare, 3)["deadline"]["date"], "2025-12-31");
    assert_eq!(building["declared_subtotal"], "300.5");
    assert_eq!(building["computed_subtotal"], "300.5");
    assert_eq!(building["projects"][0]["number"], "1");
    assert_eq!(building["projects"][0]["name"]["zh"], "农村公路");
    assert_eq!(building["projects"][1]["name"]["zh"], "城区");
    assert_eq!(items(building, 1)["tasks"]["zh"], "新建口袋公园3个");
    assert_eq!(
        unplaced_lines(&notice),
        [
            (16, "覆盖全县所有乡镇"),
            (17, "公园"),
            (19, "示例县人民政府")
        ]
    );
}

#[test]
fn a_table_flattened_onto_long_lines_is_read_row_by_row() {
    let site = Site::real();
    let out = review_fixture(&site, "flattened", &[]);
    out.failure();
    let notice = out.json();
    assert_eq!(notice["layout"], "a table flattened onto long lines");
    assert_eq!(
        names(&notice),
        ["老年助餐", "校园饮水", "农村", "城区公园", "老旧小区改造"]
    );
    assert_eq!(
        amounts(&notice),
        [
            &Value::from("120"),
            &Value::from("80"),
            &Value::from("300.5"),
            &Value::Null,
            &Value::from("200")
        ]
    );
    assert_eq!(notice["computed_total"], "700.5");
    let park = &notice["groups"][0]["projects"][3]["items"][0];
    assert_eq!(park["tasks"]["zh"], "新建口袋公园 3 个");
    assert_eq!(park["deadline"]["date"], "2025-09-30", "on the next line");
    let lines = notice["lines"].as_array().unwrap();
    let line = |n: u64| lines.iter().find(|l| l["line"] == n).unwrap().clone();
    assert_eq!(
        line(8),
        serde_json::json!({"line": 8, "as": "projects", "group": 1, "first": 1, "last": 4})
    );
    assert_eq!(
        line(9),
        serde_json::json!({"line": 9, "as": "projects", "group": 1, "first": 4, "last": 5})
    );
    assert_eq!(unplaced_lines(&notice), [(8, "公路")]);
}

#[test]
fn lines_it_cannot_place_are_listed_and_exit_1() {
    let site = Site::real();
    let out = review_fixture(&site, "unplaced", &["--year", "2025"]);
    out.failure();
    let unplaced = &out.json()["unplaced"];
    assert_eq!(unplaced[0]["line"], 6);
    assert_eq!(unplaced[0]["text"], "这一行不属于任何单元格");
    assert_eq!(unplaced[1]["line"], 7);
    assert_eq!(unplaced[1]["text"], "八十万");
    assert_eq!(unplaced.as_array().unwrap().len(), 2);
    let text = site.run(&["import", "notice.txt", "--county", "sample", "--dry-run"]);
    text.failure();
    assert!(
        text.stdout.contains("line 6: 这一行不属于任何单元格"),
        "{}",
        text.stdout
    );
}

#[test]
fn import_writes_records_that_check_cleanly_and_refuses_to_overwrite() {
    let site = Site::real();
    std::fs::remove_dir_all(site.path("content/weishan")).unwrap();
    let out = site.run(&["import", "seeds/003_22dbb4daa77c740a.txt"]);
    out.success();
    assert!(
        out.stdout.contains(
            "wrote 11 record(s) and the published text (source.txt) under content/weishan/2024"
        ),
        "{}",
        out.stdout
    );
    assert!(
        site.read("content/weishan/2024/notice.yaml")
            .contains("source: \"source.txt\"")
    );
    assert_eq!(
        site.read("content/weishan/2024/source.txt"),
        site.read("seeds/003_22dbb4daa77c740a.txt")
    );
    site.run(&["check"]).success();
    let again = site.run(&["import", "seeds/003_22dbb4daa77c740a.txt"]);
    again.failure();
    assert!(
        again.stderr.contains("already exists; pass --force"),
        "{}",
        again.stderr
    );
    site.run(&["import", "seeds/003_22dbb4daa77c740a.txt", "--force"])
        .success();
}

#[test]
fn arbitrary_text_never_makes_the_importer_panic() {
    use minsheng::import::{ImportOptions, import};
    let glossary = minsheng::model::Glossary::default();
    let options = ImportOptions {
        county: Some("sample"),
        year: Some(2024),
        glossary: &glossary,
        source: None,
    };
    let alphabet: Vec<char> =
        "序号项目名称总投资合计小计（一）、，|\t\n \n1234567890.万元县局委年月底日-*|〔〕[]()（）号號关于通知:：●一二十件项分别是包括附件单位责任"
            .chars()
            .collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut text = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let length = (state % 400) as usize;
        for _ in 0..length {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        let _ = import(&text, &options);
    }
}
