//! Tests of the OC4IDS packages against the official schema, and of the
//! open-data JSON against `data_schema.json`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::*;
use crate::model::records::{CountyRecord, NoticeRecord, ProjectRecord, ReportFrontMatter};
use crate::model::{CountySlug, ProjectId};
use crate::theme::{Strings, Theme};
use serde_json::{Value, json};

/// The URL the package schema's `$ref` names for the project schema.
const PROJECT_SCHEMA_ID: &str =
    "https://standard.open-contracting.org/infrastructure/schema/0__9__3/project-schema.json";

fn fixture(name: &str) -> Value {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/oc4ids")
        .join(name);
    let text = std::fs::read_to_string(&file).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The package schema, with the project schema it refers to served from
/// the copy beside it; nothing is fetched.
fn validator() -> jsonschema::Validator {
    let registry = jsonschema::Registry::new()
        .add(PROJECT_SCHEMA_ID, fixture("project-schema.json"))
        .unwrap()
        .prepare()
        .unwrap();
    jsonschema::options()
        .with_registry(&registry)
        .offline()
        .should_validate_formats(true)
        .build(&fixture("project-package-schema.json"))
        .unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, package: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(package)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not a valid OC4IDS package:\n{}\n{}",
        errors.join("\n"),
        serde_json::to_string_pretty(package).unwrap()
    );
}

fn yaml<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_saphyr::from_str(text).unwrap()
}

fn report(front: &str) -> Report {
    let front: ReportFrontMatter = yaml(front);
    Report::new(Arc::from(Path::new("")), front.date, front, 1)
}

fn project(id: &str, group: usize, record: &str, reports: Vec<Report>) -> Project {
    Project {
        id: ProjectId::parse(id).unwrap(),
        file: PathBuf::from(format!("{id}.yaml")),
        record: yaml::<ProjectRecord>(record),
        group: Some(group),
        reports,
        images: Vec::new(),
    }
}

/// A small notice with what the mapping has to get right: a fractional
/// yuan amount, an item without an amount, a unit that is lead in one item
/// and partner in another, an item report, a draft and a suspension.
fn county() -> County {
    let notice: NoticeRecord = yaml(
        r#"
issuer: {zh: "样本县人民政府", en: "People's Government of Test County"}
title: {zh: "关于办好2025年民生实事的通知", en: "Notice on the 2025 livelihood projects"}
published_date: 2025-01-20
release: public
declared_total: "92.2845"
groups:
  - projects: [water, roads, park]
"#,
    );
    let water = project(
        "water",
        0,
        r#"
number: "1"
name: {zh: "农村供水", en: "Rural water supply"}
items:
  - tasks: {zh: "（1）新建水厂1座。", en: "(1) Build 1 waterworks."}
    amount: "92.2845"
    lead_units: [{zh: "县水利局", en: "County Water Bureau"}]
    partner_units: [{zh: "县财政局", en: "County Finance Bureau"}]
    location: {zh: "城关镇", en: "Chengguan"}
    deadline: {text: "2025年10月底", date: 2025-10-31}
  - tasks: {zh: "（2）改造管网。"}
    lead_units: [{zh: "县财政局", en: "County Finance Bureau"}]
    deadline: {text: "2025年11月底", date: 2025-11-30}
"#,
        vec![
            report("{date: 2025-03-31, status: in-progress, percent: 20, spent: \"10.5\"}"),
            report("{date: 2025-04-30, status: in-progress, percent: 50, item: 2}"),
            report("{date: 2025-06-30, status: completed, percent: 100, spent: \"92.2845\"}"),
            report("{date: 2025-07-31, status: completed, percent: 100, spent: \"92.2845\"}"),
            report("{date: 2025-08-31, status: cancelled, percent: 0, draft: true}"),
        ],
    );
    let roads = project(
        "roads",
        0,
        r#"
number: "2"
name: {zh: "道路改造"}
items:
  - tasks: {zh: "改造道路5公里。"}
    lead_units: [{zh: "县交通局"}]
"#,
        vec![
            report("{date: 2025-05-31, status: in-progress, percent: 30}"),
            report("{date: 2025-08-31, status: suspended, percent: 30}"),
        ],
    );
    let park = project(
        "park",
        0,
        r#"
number: "3"
name: {zh: "口袋公园", en: "Pocket park"}
items:
  - amount: "0"
"#,
        Vec::new(),
    );
    County {
        slug: CountySlug::parse("test").unwrap(),
        file: PathBuf::from("county.yaml"),
        record: yaml::<CountyRecord>("name: {zh: 样本县, en: Test County}\nlevel: 县\n"),
        province: None,
        notices: vec![Notice {
            year: 2025,
            file: PathBuf::from("notice.yaml"),
            record: notice,
            source_text: None,
            accountability: None,
            glossary_filled: 0,
            draft_files: Vec::new(),
            projects: vec![water, roads, park],
            unreadable: Vec::new(),
        }],
    }
}

fn cx(drafts: bool) -> DataContext<'static> {
    DataContext {
        base_url: "https://portal.example/minsheng/",
        as_of: Date::parse("2025-09-01").unwrap(),
        drafts,
    }
}

/// The default theme's UI strings, which the packages' descriptions come from.
fn strings(lang: Lang) -> &'static Strings {
    static THEME: std::sync::OnceLock<Theme> = std::sync::OnceLock::new();
    let theme = THEME.get_or_init(|| {
        Theme::load(&crate::theme::ThemeSource::BuiltIn)
            .unwrap_or_else(|problems| panic!("{problems:?}"))
    });
    theme.strings(lang)
}

fn build(lang: Lang, drafts: bool) -> Value {
    let county = county();
    let package = package(
        &county,
        &county.notices[0],
        lang,
        strings(lang),
        &cx(drafts),
    );
    serde_json::to_value(package).unwrap()
}

#[test]
fn packages_validate_against_the_oc4ids_schema() {
    let validator = validator();
    for lang in Lang::ALL {
        for drafts in [false, true] {
            assert_valid(&validator, &build(lang, drafts));
        }
    }
}

#[test]
fn the_schema_check_is_real() {
    let validator = validator();
    let mut package = build(Lang::Zh, false);
    package["projects"][0]["status"] = "suspended".into();
    assert!(
        !validator.is_valid(&package),
        "suspended is not a projectStatus code"
    );
    let mut package = build(Lang::Zh, false);
    package["projects"][0]["budget"]["amount"]["amount"] = "922845".into();
    assert!(
        !validator.is_valid(&package),
        "an amount must be a JSON number"
    );
    let mut package = build(Lang::Zh, false);
    package["publishedDate"] = "2025-01-20".into();
    assert!(!validator.is_valid(&package), "dates are date-times");
}

#[test]
fn fills_the_package_and_its_projects() {
    let package = build(Lang::En, false);
    assert_eq!(
        package["uri"],
        "https://portal.example/minsheng/data/oc4ids/test-2025.en.json"
    );
    assert_eq!(package["version"], "0.9");
    assert_eq!(
        package["publisher"]["name"],
        "People's Government of Test County"
    );
    assert_eq!(package["publishedDate"], "2025-08-31T00:00:00+08:00");
    let water = &package["projects"][0];
    assert_eq!(water["id"], "minsheng-test-2025-water");
    assert_eq!(water["title"], "Rural water supply");
    assert_eq!(
        water["description"],
        "(1) Build 1 waterworks.\n（2）改造管网。"
    );
    assert_eq!(water["status"], "completion");
    assert_eq!(water["period"]["endDate"], "2025-11-30T23:59:59+08:00");
    assert_eq!(water["language"], "en");
    assert_eq!(water["updated"], "2025-07-31T00:00:00+08:00");
    assert_eq!(
        water["publicAuthority"],
        json!({"id": "县水利局", "name": "County Water Bureau"})
    );
    assert_eq!(
        water["parties"],
        json!([
            {"id": "县水利局", "name": "County Water Bureau", "roles": ["publicAuthority"]},
            {"id": "县财政局", "name": "County Finance Bureau",
             "roles": ["publicAuthority", "supportingEntity"]},
        ])
    );
    assert_eq!(
        water["locations"],
        json!([{"id": "1", "description": "Chengguan"}])
    );
    assert_eq!(
        water["completion"],
        json!({"endDate": "2025-06-30T23:59:59+08:00",
               "finalValue": {"amount": 922845, "currency": "CNY"}})
    );
    let documents = water["documents"].as_array().unwrap();
    assert_eq!(documents[0]["documentType"], "projectScope");
    assert_eq!(
        documents[0]["url"],
        "https://portal.example/minsheng/en/test/2025/"
    );
    assert_eq!(documents[0]["datePublished"], "2025-01-20T00:00:00+08:00");
    assert_eq!(documents[1]["documentType"], "physicalProgressReport");
    assert_eq!(
        documents[1]["url"],
        "https://portal.example/minsheng/en/test/2025/water/"
    );
    let roads = &package["projects"][1];
    assert_eq!(
        roads["title"], "道路改造",
        "untranslated text falls back to Chinese"
    );
    assert!(roads.get("budget").is_none(), "no amount stated, no budget");
    let park = &package["projects"][2];
    assert!(park.get("status").is_none(), "no report, so no status");
    assert_eq!(park["budget"]["amount"]["amount"], 0);
    assert!(park.get("parties").is_none() && park.get("metrics").is_none());
}

#[test]
fn maps_every_status_to_a_code_of_the_closed_codelist() {
    let schema = fixture("project-schema.json");
    let codes = schema["properties"]["status"]["enum"].as_array().unwrap();
    for status in ProgressStatus::ALL {
        assert!(codes.contains(&project_status(status).into()), "{status:?}");
    }
    assert_eq!(project_status(ProgressStatus::Planned), "preparation");
    assert_eq!(project_status(ProgressStatus::InProgress), "implementation");
    assert_eq!(project_status(ProgressStatus::Completed), "completion");
    assert_eq!(project_status(ProgressStatus::Suspended), "implementation");
    assert_eq!(project_status(ProgressStatus::Cancelled), "cancelled");
}

#[test]
fn metrics_follow_the_visible_reports() {
    let package = build(Lang::Zh, false);
    let water = &package["projects"][0];
    let physical = &water["metrics"][0];
    assert_eq!(physical["id"], "physicalProgress");
    let observations = physical["observations"].as_array().unwrap();
    assert_eq!(observations.len(), 4, "the draft report is left out");
    assert_eq!(
        observations[1],
        json!({"id": "2025-04-30", "period": {"endDate": "2025-04-30T23:59:59+08:00"},
               "measure": 50, "unit": {"name": "百分比", "scheme": "UNCEFACT", "id": "P1"},
               "dimensions": {"item": "2"}, "notes": "报告状态：进行中"})
    );
    let financial = &water["metrics"][1];
    assert_eq!(financial["id"], "financialProgress");
    assert_eq!(
        financial["observations"][0]["value"],
        json!({"amount": 105000, "currency": "CNY"})
    );
    assert_eq!(financial["observations"].as_array().unwrap().len(), 3);
    assert_eq!(water["status"], "completion");

    let with_drafts = build(Lang::Zh, true);
    assert_eq!(with_drafts["projects"][0]["status"], "cancelled");
    assert_eq!(with_drafts["publishedDate"], "2025-08-31T00:00:00+08:00");

    let roads = &package["projects"][1];
    assert_eq!(roads["status"], "implementation");
    assert_eq!(
        roads["metrics"][0]["observations"][1]["notes"], "报告状态：暂停",
        "a suspension shows in the observation"
    );
}

#[test]
fn amounts_are_exact_numbers_of_yuan() {
    let m = |s: &str| Money::parse(s).unwrap();
    let text = |n: Option<Number>| n.map(|n| n.to_string());
    assert_eq!(
        text(yuan(m("17462.244"), AmountUnit::TenThousandYuan)).as_deref(),
        Some("174622440")
    );
    assert_eq!(
        text(yuan(m("92.2845"), AmountUnit::TenThousandYuan)).as_deref(),
        Some("922845")
    );
    assert_eq!(
        text(yuan(m("0.000123"), AmountUnit::TenThousandYuan)).as_deref(),
        Some("1.23")
    );
    assert_eq!(
        text(yuan(m("1234.56"), AmountUnit::Yuan)).as_deref(),
        Some("1234.56")
    );
    assert_eq!(
        text(yuan(m("1.5"), AmountUnit::HundredMillionYuan)).as_deref(),
        Some("150000000")
    );
    assert_eq!(
        text(yuan(m("99999999999.99"), AmountUnit::Yuan)).as_deref(),
        Some("99999999999.99")
    );
    // 18 significant digits do not fit an f64: left out, never rounded.
    assert_eq!(yuan(m("123456789012.345678"), AmountUnit::Yuan), None);
    // Every fen amount up to the largest accepted survives the trip through an f64.
    for whole in [0u64, 1, 7, 99, 12_345, 9_876_543_210, 999_999_999_999] {
        for fen in [1u64, 5, 10, 33, 99] {
            let exact = format!("{whole}.{fen:02}");
            let exact = exact.trim_end_matches('0');
            assert_eq!(
                text(yuan(m(exact), AmountUnit::Yuan)).as_deref(),
                Some(exact)
            );
        }
    }
    // The package writes the same digits.
    let json = serde_json::to_string(&build(Lang::Zh, false)).unwrap();
    assert!(
        json.contains(r#""amount":922845,"currency":"CNY""#),
        "{json}"
    );
}

#[test]
fn budget_description_says_what_was_summed() {
    let package = build(Lang::Zh, false);
    assert_eq!(
        package["projects"][0]["budget"]["description"],
        "通知所列金额合计 92.2845 万元（922,845 元）。另有 1 项未列金额，未计入。"
    );
    let package = build(Lang::En, false);
    assert_eq!(
        package["projects"][0]["budget"]["description"],
        "The sum of the amounts the notice states: CNY 922,845. One row states no amount and is not included."
    );
}

fn demo() -> crate::render::Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo");
    let (loaded, diagnostics) = crate::load::load(&root);
    let loaded = loaded.unwrap_or_else(|| panic!("the demo does not load: {diagnostics:?}"));
    crate::render::published(loaded.content, Default::default(), false)
}

#[test]
fn demo_packages_validate() {
    let validator = validator();
    let site = demo();
    let cx = DataContext {
        base_url: site.site.base_url.as_str(),
        as_of: Date::parse("2024-12-31").unwrap(),
        drafts: false,
    };
    let mut checked = 0;
    for county in &site.counties {
        for notice in &county.notices {
            for lang in Lang::ALL {
                let package =
                    serde_json::to_value(package(county, notice, lang, strings(lang), &cx))
                        .unwrap();
                assert_valid(&validator, &package);
                checked += package["projects"].as_array().unwrap().len();
            }
        }
    }
    assert_eq!(checked, 10, "5 demo projects in 2 languages");
}

/// `src/render/data_schema.json` against the open data of the demo.
mod data_schema {
    use super::*;

    fn schema(root: &str) -> jsonschema::Validator {
        let mut schema: Value = serde_json::from_str(include_str!("../data_schema.json")).unwrap();
        schema["$ref"] = root.into();
        jsonschema::options()
            .offline()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    }

    fn demo_data() -> (Value, Value) {
        let site = demo();
        let cx = DataContext {
            base_url: site.site.base_url.as_str(),
            as_of: Date::parse("2024-12-31").unwrap(),
            drafts: false,
        };
        let notices: Vec<_> = site
            .counties
            .iter()
            .flat_map(|c| c.notices.iter().map(move |n| (c, n)))
            .map(|(c, n)| crate::render::data::notice(c, n, &cx))
            .collect();
        let one = serde_json::to_value(&notices[0]).unwrap();
        let mut all = crate::render::data::AllJson::start(Vec::new()).unwrap();
        for notice in &notices {
            all.push(&serde_json::to_vec(notice).unwrap()).unwrap();
        }
        let all = serde_json::from_slice(&all.finish().unwrap()).unwrap();
        (one, all)
    }

    #[test]
    fn is_a_valid_draft_2020_12_schema() {
        let schema: Value = serde_json::from_str(include_str!("../data_schema.json")).unwrap();
        assert!(jsonschema::meta::is_valid(&schema));
    }

    #[test]
    fn describes_the_demo_notice_and_all_json() {
        let (one, all) = demo_data();
        let notice = schema("#/$defs/notice");
        let errors: Vec<String> = notice.iter_errors(&one).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let all_schema = schema("#/$defs/all");
        let errors: Vec<String> = all_schema
            .iter_errors(&all)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(!notice.is_valid(&all) && !all_schema.is_valid(&one));
        // The published document's own root is the notice.
        let root: Value = serde_json::from_str(include_str!("../data_schema.json")).unwrap();
        assert!(jsonschema::validator_for(&root).unwrap().is_valid(&one));
    }

    #[test]
    fn rejects_what_the_contract_rules_out() {
        let (one, _) = demo_data();
        let notice = schema("#/$defs/notice");
        let item = "/groups/0/projects/0/items/0";
        let broken = |pointer: &str, value: Value| {
            let mut data = one.clone();
            *data.pointer_mut(pointer).unwrap() = value;
            notice.is_valid(&data)
        };
        assert!(broken(&format!("{item}/amount"), json!("150.25")));
        assert!(broken(&format!("{item}/amount"), Value::Null));
        assert!(
            !broken(&format!("{item}/amount"), json!(150)),
            "amounts are strings"
        );
        assert!(!broken(&format!("{item}/amount"), json!("1,500")));
        assert!(!broken("/published_date", json!("2024/01/12")));
        assert!(!broken("/groups/0/projects/0/status", json!("done")));
        assert!(!broken("/county/name", json!({"en": "Sample County"})));
        let mut extra = one.clone();
        extra["surprise"] = json!(1);
        assert!(!notice.is_valid(&extra), "the schema lists every key");
    }
}
