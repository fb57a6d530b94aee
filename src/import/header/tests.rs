use super::figures::*;
use super::*;
use crate::import::fold::fold;

fn doc(text: &str) -> Option<String> {
    doc_number(&Source::new(text).lines[0])
}

#[test]
fn reads_the_texts_own_document_number_only() {
    assert_eq!(
        doc("微政发〔2024〕2号").as_deref(),
        Some("微政发〔2024〕2号")
    );
    assert_eq!(doc("梁政发[2024]1号").as_deref(), Some("梁政发[2024]1号"));
    assert_eq!(
        doc("洋政發〔2024〕8號").as_deref(),
        Some("洋政發〔2024〕8號")
    );
    assert_eq!(doc("根据东府〔2024〕3号"), None);
    assert_eq!(doc("各乡镇（街道）人民政府"), None);
}

#[test]
fn reads_release_marks_in_both_scripts() {
    let mark = |text: &str| release(&fold(text));
    assert_eq!(mark("（此件公开发布）"), Some(ReleaseStatus::Public));
    assert_eq!(mark("(此件公开发布)"), Some(ReleaseStatus::Public));
    assert_eq!(mark("（此件依申请公开）"), Some(ReleaseStatus::OnRequest));
    assert_eq!(mark("（此件不予公開）"), Some(ReleaseStatus::Withheld));
    assert_eq!(mark("（此件公開發布）"), Some(ReleaseStatus::Public));
    assert_eq!(mark("要主动公开民生实事进展。"), None);
}

#[test]
fn reads_signature_dates_in_arabic_or_chinese_numerals() {
    let date = |text: &str| written_date(&fold(text)).map(|d| d.to_string());
    assert_eq!(date("2024年1月15日").as_deref(), Some("2024-01-15"));
    assert_eq!(date("2022年12月21日 |").as_deref(), Some("2022-12-21"));
    assert_eq!(date("二〇二二年六月十五日").as_deref(), Some("2022-06-15"));
    assert_eq!(
        date("二〇二二年十二月三十一日").as_deref(),
        Some("2022-12-31")
    );
    assert_eq!(date("2024年1月15日印发"), None);
    assert_eq!(date("20171011"), None);
    assert_eq!(date("2024年2月30日"), None);
}

#[test]
fn reads_units_totals_periods_and_counts() {
    assert_eq!(
        unit_line(&fold("                 单位：万元")).as_deref(),
        Some("万元")
    );
    assert_eq!(unit_line(&fold("單位：萬元")).as_deref(), Some("万元"));
    assert_eq!(
        prose_total(&fold("原標題:6類22件、擬投資28.23億元——")),
        Some(("28.23".to_string(), "亿元".to_string()))
    );
    assert_eq!(
        spent_unit(&fold("完成投资248万元、占年度计划的80%")).as_deref(),
        Some("万元")
    );
    assert_eq!(
        declared_projects(&fold("接续办好15件重点民生实事")),
        Some(15)
    );
    assert_eq!(
        declared_projects(&fold("确定缙云县2021年十件民生实事项目")),
        Some(10)
    );
    let period = period_in(
        &fold("2022年度省十方面民生实事1-6月份进展情况表"),
        Some(2022),
    )
    .unwrap();
    assert_eq!(period.text, "1-6月");
    assert_eq!(
        period.end.map(|d| d.to_string()).as_deref(),
        Some("2022-06-30")
    );
    assert_eq!(
        period_in(&fold("1—9月进度公示"), Some(2017))
            .map(|p| p.text)
            .as_deref(),
        Some("1-9月")
    );
    assert_eq!(year_in("关于做好2024年全区民生实事工作的通知"), Some(2024));
    assert_eq!(
        index_number(&Source::new("索 引 号: | 1133/2022-90092 | 主题分类: |").lines[0]).as_deref(),
        Some("1133/2022-90092")
    );
}

#[test]
fn finds_the_county_in_the_issuer() {
    assert_eq!(
        county_in("重庆市武隆区人民政府办公室").as_deref(),
        Some("武隆区")
    );
    assert_eq!(
        county_in("石柱土家族自治县人民政府办公室").as_deref(),
        Some("石柱土家族自治县")
    );
    assert_eq!(
        county_in("山东省济宁市梁山县人民政府").as_deref(),
        Some("梁山县")
    );
}
