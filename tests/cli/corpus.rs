//! The importer on real texts from other counties (tests/fixtures/corpus):
//! each gives what `expected.json` says a correct reading yields, every
//! non-blank line of every text is accounted for exactly once, and the
//! dry-run JSON is valid for any cut of any text.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::Site;

fn corpus_text(name: &str) -> String {
    std::fs::read_to_string(crate::repo().join("tests/fixtures/corpus").join(name)).unwrap()
}

/// The dry-run review of a text, as the before-stop hook runs it.
fn review_text(text: &str) -> Value {
    let site = Site::empty();
    site.write("text.txt", text);
    let out = site.run(&[
        "import",
        "text.txt",
        "--dry-run",
        "--format",
        "json",
        "--county",
        "corpus",
        "--year",
        "2000",
    ]);
    assert!(out.status == 0 || out.status == 1, "{}", out.stderr);
    out.json()
}

fn review(name: &str) -> Value {
    review_text(&corpus_text(name))
}

fn expected(name: &str) -> Value {
    let all: Value = serde_json::from_str(&corpus_text("expected.json")).unwrap();
    all[name].clone()
}

/// Projects of a notice, or rows of a progress text.
fn projects(review: &Value) -> Vec<Value> {
    let mut all: Vec<Value> = review["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|g| g["projects"].as_array().cloned().unwrap_or_default())
        .collect();
    all.extend(review["rows"].as_array().cloned().unwrap_or_default());
    all
}

fn items(project: &Value) -> Vec<Value> {
    match project["items"].as_array() {
        Some(items) if !items.is_empty() => items.clone(),
        _ => vec![project.clone()],
    }
}

fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// What check.py checks, as assertions naming the text and the fact.
fn assert_expected(name: &str) {
    let review = review(name);
    let want = expected(name);
    let all = projects(&review);
    let by_number: BTreeMap<String, &Value> =
        all.iter().map(|p| (str_of(&p["number"]), p)).collect();
    let numbers: Vec<String> = want["numbers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(str_of)
        .collect();
    for number in &numbers {
        assert!(
            by_number.contains_key(number),
            "{name}: project {number} missing"
        );
    }
    if want["exhaustive"] == true && !numbers.is_empty() {
        let mut allowed: BTreeSet<String> = numbers.iter().cloned().collect();
        allowed.insert(str_of(&want["partial_last"]));
        let extra: Vec<&String> = by_number.keys().filter(|n| !allowed.contains(*n)).collect();
        assert!(extra.is_empty(), "{name}: invented projects {extra:?}");
    }
    if want["numbers"] == serde_json::json!([]) && want.get("count").is_none() {
        assert_eq!(all.len(), 0, "{name}: projects where the text lists none");
    }
    if let Some(count) = want["count"].as_u64() {
        assert_eq!(all.len() as u64, count, "{name}: project count");
    }
    for (number, count) in want["items"].as_object().into_iter().flatten() {
        assert_eq!(
            items(by_number[number]).len() as u64,
            count.as_u64().unwrap(),
            "{name}: items of {number}"
        );
    }
    for (number, percent) in want["percent"].as_object().into_iter().flatten() {
        let row = by_number[number];
        let got = if row["percent"].is_null() {
            &items(row)[0]["percent"]
        } else {
            &row["percent"]
        };
        assert_eq!(
            format!("{}%", str_of(got)),
            percent.as_str().unwrap(),
            "{name}: percent of {number}"
        );
    }
    for (group, numbers) in want["groups"].as_object().into_iter().flatten() {
        let found = review["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| str_of(&g["name"]["zh"]) == *group)
            .unwrap_or_else(|| panic!("{name}: group {group} missing"));
        let got: Vec<String> = found["projects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| str_of(&p["number"]))
            .take(numbers.as_array().unwrap().len())
            .collect();
        let want: Vec<String> = numbers.as_array().unwrap().iter().map(str_of).collect();
        assert_eq!(got, want, "{name}: group {group}");
    }
    for key in [
        "doc_number",
        "written_date",
        "release",
        "unit",
        "declared_total",
    ] {
        if let Some(value) = want.get(key) {
            assert_eq!(review[key], *value, "{name}: {key}");
        }
    }
}

#[test]
fn yuanjiang_2023_vote_numbered_list() {
    let name = "02_yuanjiang_2023_vote_announce_numbered.txt";
    assert_expected(name);
    let review = review(name);
    let project = &review["groups"][0]["projects"][6];
    assert_eq!(project["name"]["zh"], "粮食物资南大中心库");
    assert_eq!(project["printed_number"], "7.");
    assert_eq!(
        review["issuer"]["zh"],
        "沅江市第十八届人民代表大会第二次会议主席团"
    );
    assert_eq!(review["unplaced"], serde_json::json!([]));
}

#[test]
fn jinyun_2021_vote_chinese_numerals() {
    let name = "04_jinyun_2021_vote_announce_cn_numerals.txt";
    assert_expected(name);
    let review = review(name);
    let tenth = &review["groups"][0]["projects"][9];
    assert_eq!(tenth["printed_number"], "十、");
    assert_eq!(tenth["number"], "10");
    assert_eq!(review["declared_projects"], 10);
}

#[test]
fn mianyang_2023_traditional_groups_with_inline_fields() {
    let name = "07_mianyang_2023_list_groups_inline_trad_pinyin.txt";
    assert_expected(name);
    let review = review(name);
    let group = &review["groups"][0];
    assert_eq!(group["declared_count"], 11);
    let first = &group["projects"][0];
    assert_eq!(
        first["name"]["zh"],
        "綿陽科技城第二水源開茂水庫水廠及配套管網建設項目"
    );
    let units: Vec<&str> = first["items"][0]["lead_units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["zh"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["市住房和城鄉建設委", "水務集團"]);
    assert_eq!(
        group["projects"][1]["items"][0]["remarks"]["zh"],
        "票決項目"
    );
    assert_eq!(review["declared_projects"], 22);
}

#[test]
fn gangu_2020_bracketed_items_on_one_line() {
    let name = "08_gangu_2020_list_paren_numbered_inline.txt";
    assert_expected(name);
    let review = review(name);
    assert_eq!(
        review["title"]["zh"],
        "【直击两会】甘谷县政府2020年将为民办好15件大事和民生实事"
    );
    assert_eq!(
        review["groups"][0]["projects"][9]["name"]["zh"],
        "城区新建便民市场5处"
    );
}

#[test]
fn chongqing_2025_unnumbered_lines() {
    let name = "12_chongqing_2025_list_unnumbered_lines.txt";
    assert_expected(name);
    let review = review(name);
    let first = &review["groups"][0]["projects"][0];
    assert_eq!(first["numbered"], false);
    assert_eq!(first["number"], "1");
    assert_eq!(first["name"]["zh"], "新开工改造城镇老旧小区3011万平方米");
}

#[test]
fn qujiang_2023_headings_over_bullets() {
    let name = "14_qujiang_2023_vote_news_bullets_groups.txt";
    assert_expected(name);
    let review = review(name);
    let names: Vec<&str> = review["groups"][0]["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"]["zh"].as_str().unwrap())
        .collect();
    let want = expected(name)["project_names"].clone();
    assert_eq!(serde_json::json!(names), want);
}

#[test]
fn xingqing_2018_attachments_are_not_projects() {
    let name = "15_xingqing_2018_notice_tables_in_attachments.txt";
    assert_expected(name);
    let review = review(name);
    assert_eq!(review["issuer"]["zh"], "银川市兴庆区人民政府办公室");
    assert_eq!(
        review["title"]["zh"],
        "关于做好2018年政府工作报告主要目标任务和为民办实事的通知"
    );
    assert_eq!(review["unplaced"].as_array().unwrap().len(), 9);
}

#[test]
fn shengzhou_2022_progress_sub_rows_without_merged_cells() {
    let name = "16_shengzhou_2022_progress_pipe_subrows.txt";
    assert_expected(name);
    let review = review(name);
    assert_eq!(review["kind"], "progress");
    assert_eq!(review["period"]["text"], "1-6月");
    assert_eq!(review["index_number"], "11330683002584812B/2022-90092");
    assert_eq!(review["published_date"], "2022-10-11");
    let third = &review["rows"][0]["items"][2];
    assert_eq!(third["target"], "新增普惠托位315个");
    assert_eq!(third["progress"], "新增普惠托位220个。");
    assert_eq!(third["expected_finish"], "7月底");
    assert_eq!(third["lead_units"], serde_json::json!(["卫生健康局"]));
}

#[test]
fn yueyanglou_2017_progress_percent_in_traditional() {
    let name = "18_yueyanglou_2017_progress_percent_trad_pinyin.txt";
    assert_expected(name);
    let review = review(name);
    let ninth = &review["rows"][8];
    let percents: Vec<&Value> = ninth["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["percent"])
        .collect();
    assert_eq!(
        percents,
        [
            &serde_json::json!(119),
            &serde_json::json!(80),
            &Value::Null
        ]
    );
    assert_eq!(
        review["rows"][0]["lead_units"],
        serde_json::json!(["農林水務局"])
    );
    assert_eq!(review["period"]["end"], "2017-08-31");
}

#[test]
fn bazhong_2017_prose_progress_invents_no_row() {
    let name = "21_bazhong_2017_progress_status_counts_objection.txt";
    assert_expected(name);
    let review = review(name);
    assert_eq!(review["rows"], serde_json::json!([]));
    assert_eq!(review["issuer"]["zh"], "巴中市人民政府民生工作办公室");
    let unplaced: Vec<u64> = review["unplaced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["line"].as_u64().unwrap())
        .collect();
    assert_eq!(unplaced, [5, 7, 9, 13]);
}

#[test]
fn huangshi_2023_prose_progress_keeps_its_unit() {
    let name = "22_huangshi_2023_progress_monthly_column.txt";
    assert_expected(name);
    let review = review(name);
    assert_eq!(review["title"]["zh"], "1-3月份进展");
    assert_eq!(review["rows"], serde_json::json!([]));
}

#[test]
fn ninghai_2021_names_joined_in_one_sentence() {
    let name = "25_ninghai_2021_vote_news_and_2020_completion_satisfaction.txt";
    assert_expected(name);
    let review = review(name);
    let projects = review["groups"][0]["projects"].as_array().unwrap();
    assert_eq!(projects[0]["name"]["zh"], "公共卫生能力提升工程");
    assert_eq!(projects[9]["name"]["zh"], "普惠性托育项目建设工程");
    assert_eq!(review["year"], 2000);
    let unplaced: Vec<u64> = review["unplaced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["line"].as_u64().unwrap())
        .collect();
    assert_eq!(unplaced, [6, 7], "the 2020 results are left for staff");
}

/// Every non-blank line is in `lines` once, and what it says it was read as exists.
fn assert_accounted(label: &str, text: &str, review: &Value) {
    let non_blank: Vec<u64> = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| i as u64 + 1)
        .collect();
    let entries = review["lines"].as_array().unwrap();
    let listed: Vec<u64> = entries
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(listed, non_blank, "{label}: lines listed");
    let unplaced: BTreeSet<u64> = review["unplaced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["line"].as_u64().unwrap())
        .collect();
    for entry in entries {
        let line = entry["line"].as_u64().unwrap();
        match entry["as"].as_str() {
            None => assert!(
                unplaced.contains(&line),
                "{label}: line {line} read as nothing"
            ),
            Some("project") => {
                let g = entry["group"].as_u64().unwrap() as usize - 1;
                let p = entry["project"].as_u64().unwrap() as usize - 1;
                let project = &review["groups"][g]["projects"][p];
                assert!(
                    project.is_object(),
                    "{label}: line {line}: no project {g}/{p}"
                );
            }
            Some("progress_row" | "rating_row") => {
                let row = entry["row"].as_u64().unwrap() as usize - 1;
                assert!(
                    review["rows"][row].is_object(),
                    "{label}: line {line}: no row"
                );
            }
            Some("metadata") => {
                let field = entry["field"].as_str().unwrap();
                let known = [
                    "preamble",
                    "attachments",
                    "distribution",
                    "printed",
                    "issuer",
                    "title",
                    "release",
                    "index_number",
                    "published_date",
                    "declared_total",
                ];
                let present = known.contains(&field) || !review[field].is_null();
                assert!(
                    present,
                    "{label}: line {line} read as {field}, which is null"
                );
            }
            Some(_) => {}
        }
    }
    for u in &unplaced {
        let entry = entries.iter().find(|e| e["line"] == *u);
        assert!(entry.is_some(), "{label}: unplaced line {u} is not a line");
    }
}

#[test]
fn every_line_of_every_seed_and_corpus_text_is_accounted_for_once() {
    let mut texts: Vec<(String, String)> = Vec::new();
    for dir in ["seeds", "tests/fixtures/corpus"] {
        let mut names: Vec<_> = std::fs::read_dir(crate::repo().join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        names.sort();
        for path in names {
            texts.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    assert_eq!(texts.len(), 17);
    for (label, text) in &texts {
        assert_accounted(label, text, &review_text(text));
    }
}

#[test]
fn the_json_review_is_valid_for_any_cut_of_any_text() {
    use minsheng::import::{ImportOptions, import, review::review};
    let glossary = minsheng::model::Glossary::default();
    let options = ImportOptions {
        county: Some("corpus"),
        year: Some(2000),
        glossary: &glossary,
        source: None,
    };
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for entry in std::fs::read_dir(crate::repo().join("tests/fixtures/corpus")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for _ in 0..60 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let cut = &text[..boundaries[(state % boundaries.len() as u64) as usize]];
            let imported = import(cut, &options);
            let json = serde_json::to_string(&review(&imported, &glossary)).unwrap();
            let value: Value = serde_json::from_str(&json).unwrap();
            assert!(
                value["kind"] == "notice" || value["kind"] == "progress",
                "{}: {json}",
                path.display()
            );
        }
    }
}

/// A total stated in prose in 亿元 over a table in traditional 萬元 must not
/// turn the table's amounts into 亿元, nor stand as the declared total.
#[test]
fn a_prose_total_in_another_unit_leaves_the_table_unit_alone() {
    let text = "关于印发2024年民生实事项目的通知\n\
                今年共安排民生实事2项，总投资1.2亿元。\n\
                序号\t項目名稱\t總投資（萬元）\t牽頭單位\n\
                1\t道路改造\t8000\t县交通局\n\
                2\t学校建设\t4000\t县教育局\n";
    let review = review_text(text);
    assert_eq!(review["unit"], "万元");
    assert_eq!(review["declared_total"], Value::Null);
    assert_eq!(review["computed_total"], "12000");
}
