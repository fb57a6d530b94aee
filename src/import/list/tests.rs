use super::*;

fn groups(text: &str) -> Vec<ImportedGroup> {
    read(&mut Source::new(text))
}

fn names(groups: &[ImportedGroup]) -> Vec<String> {
    groups
        .iter()
        .flat_map(|g| &g.projects)
        .map(|p| p.name.clone())
        .collect()
}

#[test]
fn reads_numbers_in_every_printed_form() {
    let m = |text: &str| marker(&super::super::fold::fold(text)).map(|m| (m.level, m.number));
    assert_eq!(m("1.中心城区"), Some((Level::Arabic, 1)));
    assert_eq!(m("7. 粮食物资"), Some((Level::Arabic, 7)));
    assert_eq!(m("3、創業大道"), Some((Level::Arabic, 3)));
    assert_eq!(m("12 城区停车"), Some((Level::Arabic, 12)));
    assert_eq!(m("（15）为62户"), Some((Level::Bracketed, 15)));
    assert_eq!(m("十、完善城市"), Some((Level::Chinese, 10)));
    assert_eq!(m("（二）快速推进"), Some((Level::Chinese, 2)));
    assert_eq!(m("2025-01-19 10:47"), None);
    assert_eq!(m("1.5万平方米"), None);
    assert_eq!(m("1-3月份进展"), None);
}

#[test]
fn a_numbered_list_with_a_closing_signature() {
    let g = groups(
        "公告如下:\n项目:\n1.中心城区水环境综合治理;\n2.安全饮水提级扩能;\n3.中小学校改造升级。\n沅江市人大主席团\n",
    );
    assert_eq!(
        names(&g),
        [
            "中心城区水环境综合治理",
            "安全饮水提级扩能",
            "中小学校改造升级"
        ]
    );
    assert_eq!(g[0].projects[2].items[0].tasks, "");
}

#[test]
fn section_headings_of_a_directive_are_not_projects() {
    let g = groups(
        "一、落实责任,确保质量\n各单位要抓落实。\n二、密切配合,各负其责\n牵头单位要负责。\n三、加强督查,有效监督\n要督查。\n",
    );
    assert!(g.is_empty());
}

#[test]
fn group_headings_with_counts_and_inline_fields() {
    let g = groups(
        "一、城建綜合治理類\n(11件)\n1.水廠建設項目\n建设一座水厂。\n責任單位:市住建委、水務集團。\n2.站前廣場建設項目(票決項目)\n新建通道。\n責任單位:市住建委\n",
    );
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].name.as_deref(), Some("一、城建綜合治理類"));
    assert_eq!(g[0].declared_count, Some(11));
    assert_eq!(names(&g), ["水廠建設項目", "站前廣場建設項目"]);
    let first = &g[0].projects[0].items[0];
    assert_eq!(first.tasks, "建设一座水厂。");
    assert_eq!(first.lead_units, ["市住建委", "水務集團"]);
    assert_eq!(
        g[0].projects[1].items[0].remarks.as_deref(),
        Some("票決項目")
    );
}

#[test]
fn bracketed_items_on_one_line() {
    let g = groups(
        "分别是: (1)加快建设县医院迁建项目。 (2)开工新建西环路。 (3)完成新安大道一期工程。 |\n",
    );
    assert_eq!(
        names(&g),
        [
            "加快建设县医院迁建项目",
            "开工新建西环路",
            "完成新安大道一期工程"
        ]
    );
    assert_eq!(g[0].projects[2].printed_number, "(3)");
}

#[test]
fn headings_over_bullets() {
    let g = groups(
        "一起来看看?\n教育项目\n●新建学校1所。\n●改造操场。\n医疗项目\n●新建ICU床位30张。\n",
    );
    assert_eq!(names(&g), ["教育项目", "医疗项目"]);
    assert_eq!(g[0].projects[0].items.len(), 2);
    assert!(!g[0].projects[0].numbered);
    assert_eq!(g[0].projects[1].number, "2");
}

#[test]
fn unnumbered_lines_as_many_as_the_heading_states() {
    let g = groups(
        "办好3件实事。具体包括:\n新开工改造老旧小区。\n建设口袋公园。\n加装护栏。\n这是新闻的结尾。\n",
    );
    assert_eq!(
        names(&g),
        ["新开工改造老旧小区", "建设口袋公园", "加装护栏"]
    );
}

#[test]
fn names_joined_after_a_stated_count() {
    let g = groups("这3项民生实事项目分别是甲工程、乙工程、丙项目建设工程。\n");
    assert_eq!(names(&g), ["甲工程", "乙工程", "丙项目建设工程"]);
    assert!(groups("这4项分别是甲、乙、丙。\n").is_empty());
}
