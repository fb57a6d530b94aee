//! Synthetic national-scale content for benchmarks (see docs/performance.md).
//!
//! cargo run --release --example synth -- --counties N --out DIR [--seed S] [--year Y]
//!
//! Writes N counties × 20 projects × 10 monthly reports (Chinese and English)
//! into DIR, which must be new or empty. Amounts are integer hundredths of 万元,
//! so declared totals are the exact sums of their rows. The same arguments
//! always write byte-identical files.

use std::fs;
use std::path::Path;

const USAGE: &str = "usage: synth --counties N --out DIR [--seed S] [--year Y]";
const PROJECTS: usize = 20;
const REPORTS: u64 = 10;

/// xorshift64: tiny and deterministic, good enough for filler.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn pick<T: Copy>(&mut self, list: &[T]) -> T {
        list[self.range(0, list.len() as u64 - 1) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Chinese and English.
type Pair = [&'static str; 2];

#[rustfmt::skip]
const UNITS: [Pair; 14] = [
    ["县民政局", "County Civil Affairs Bureau"],
    ["县教育局", "County Education Bureau"],
    ["县卫生健康委", "County Health Commission"],
    ["县住房城乡建设局", "County Housing and Urban-Rural Development Bureau"],
    ["县交通运输局", "County Transport Bureau"],
    ["县水利局", "County Water Resources Bureau"],
    ["县财政局", "County Finance Bureau"],
    ["县人力社保局", "County Human Resources and Social Security Bureau"],
    ["县农业农村局", "County Agriculture and Rural Affairs Bureau"],
    ["县城市管理局", "County Urban Management Bureau"],
    ["县文化旅游局", "County Culture and Tourism Bureau"],
    ["县残联", "County Disabled Persons' Federation"],
    ["县供电公司", "County Power Supply Company"],
    ["县应急管理局", "County Emergency Management Bureau"],
];
/// Every project has the finance bureau as a partner.
const FINANCE: usize = 6;

#[rustfmt::skip]
const LEADERS: [Pair; 8] = [
    ["王建国", "Wang Jianguo"], ["李红梅", "Li Hongmei"], ["张伟", "Zhang Wei"], ["刘洋", "Liu Yang"],
    ["陈静", "Chen Jing"], ["杨帆", "Yang Fan"], ["赵磊", "Zhao Lei"], ["周强", "Zhou Qiang"],
];

/// Project kinds: name, task (`{n}` is a number), index of the lead unit.
#[rustfmt::skip]
const KINDS: [(Pair, Pair, usize); 20] = [
    (["老年助餐点建设", "Meal service points for older people"], ["新建老年助餐点{n}个。", "Open {n} meal service points for older people."], 0),
    (["农村公路提档升级", "Rural road upgrades"], ["改造农村公路{n}公里。", "Upgrade {n} km of rural roads."], 4),
    (["城镇老旧小区改造", "Renovation of old residential compounds"], ["改造老旧小区{n}个。", "Renovate {n} old residential compounds."], 3),
    (["农村供水保障", "Rural water supply"], ["新建改造农村供水工程{n}处。", "Build or upgrade {n} rural water supply works."], 5),
    (["免费健康体检", "Free health checks"], ["为老年人免费体检{n}00人次。", "Give {n}00 free health checks to older people."], 2),
    (["校园饮水设施改造", "Drinking water in schools"], ["改造{n}所学校饮水设施。", "Upgrade the drinking water of {n} schools."], 1),
    (["公办幼儿园扩容", "More public kindergarten places"], ["新增公办幼儿园学位{n}0个。", "Add {n}0 places in public kindergartens."], 1),
    (["口袋公园建设", "Pocket parks"], ["建设口袋公园{n}个。", "Build {n} pocket parks."], 9),
    (["公共停车位建设", "Public parking"], ["新增公共停车位{n}0个。", "Add {n}0 public parking spaces."], 9),
    (["电动自行车充电设施", "E-bike charging points"], ["建设电动自行车充电桩{n}0个。", "Install {n}0 e-bike charging points."], 12),
    (["困难残疾人家庭无障碍改造", "Accessible homes for disabled people"], ["完成无障碍改造{n}户。", "Adapt {n} homes for accessibility."], 11),
    (["农贸市场改造", "Farmers' market upgrades"], ["改造农贸市场{n}个。", "Upgrade {n} farmers' markets."], 9),
    (["乡镇卫生院能力提升", "Township health centres"], ["提升{n}个乡镇卫生院服务能力。", "Improve {n} township health centres."], 2),
    (["就业技能培训", "Job skills training"], ["开展职业技能培训{n}0人次。", "Train {n}0 people in job skills."], 7),
    (["城市排水管网改造", "Urban drainage renewal"], ["改造城市排水管网{n}公里。", "Renew {n} km of drainage pipes."], 3),
    (["农村电网改造", "Rural power grid upgrades"], ["改造农村配电台区{n}个。", "Upgrade {n} rural distribution areas."], 12),
    (["社区托育点建设", "Community childcare"], ["建设社区托育点{n}个。", "Open {n} community childcare points."], 2),
    (["应急避难场所建设", "Emergency shelters"], ["建设应急避难场所{n}处。", "Build {n} emergency shelters."], 13),
    (["村级文化活动室提升", "Village cultural rooms"], ["提升村级文化活动室{n}个。", "Upgrade {n} village cultural rooms."], 10),
    (["农村生活污水治理", "Rural wastewater treatment"], ["治理{n}个行政村生活污水。", "Treat household wastewater in {n} villages."], 8),
];

#[rustfmt::skip]
const PROGRESS: [Pair; 8] = [
    ["施工单位已全面进场，主体工程按计划有序推进。", "Contractors are fully on site and the main works are on schedule."],
    ["完成基础施工，正在开展主体结构建设。", "Foundations are complete and the main structure is under construction."],
    ["克服雨季不利影响，倒排工期、挂图作战。", "Despite the rainy season, work follows a reverse-scheduled timetable."],
    ["完成设备采购招标，首批设备已到场安装。", "Equipment has been tendered and the first batch is being installed."],
    ["已完成方案设计和施工图审查。", "The design and construction drawings have been approved."],
    ["各点位同步施工，部分点位已完工并通过初验。", "All sites are under way; some are finished and passed a first inspection."],
    ["加快推进附属工程和环境整治。", "Ancillary works and landscaping are being accelerated."],
    ["组织群众代表现场议事，进一步优化建设方案。", "Residents' representatives met on site and the plan was improved."],
];

#[rustfmt::skip]
const FUNDING: [Pair; 5] = [
    ["县财政已拨付首期资金", "the county treasury has paid the first instalment"],
    ["上级补助资金已全部到位", "all subsidies from higher levels have arrived"],
    ["资金实行专户管理，按进度拨付工程款", "funds are held in a dedicated account and paid as work progresses"],
    ["部分建设资金通过专项债券筹集", "part of the funding was raised through special-purpose bonds"],
    ["已完成部分工程量的结算审核", "settlement audits are complete for part of the work"],
];

#[rustfmt::skip]
const INSPECTION: [Pair; 5] = [
    ["县人大代表和政协委员开展专项视察。", "County people's congress deputies and CPPCC members made an inspection visit."],
    ["县督查室开展现场督查，未发现明显问题。", "The county supervision office inspected the site and found no significant problems."],
    ["质量安全监督站开展抽检，各项指标符合要求。", "The quality and safety station took samples; all met the standards."],
    ["邀请群众代表参与质量监督。", "Residents' representatives take part in quality supervision."],
    ["针对督查发现的问题建立整改台账，逐项销号。", "Issues found in inspections are logged and closed one by one."],
];

#[rustfmt::skip]
const NEXT: [Pair; 5] = [
    ["下一步将加快施工进度，确保按期完成。", "Next, work will be accelerated to finish on time."],
    ["下一步将做好竣工验收准备。", "Next, final acceptance will be prepared."],
    ["下一步将强化安全生产管理。", "Next, site safety management will be tightened."],
    ["下一步将加强建成后的运营管护。", "Next, operation and maintenance after completion will be arranged."],
    ["项目已全面完工并通过验收，投入使用。", "The project is complete, has passed acceptance and is in use."],
];

/// A report body; `{key}`s are filled in by [`fill`].
#[rustfmt::skip]
const REPORT: Pair = [
    "{month}，{name}项目{progress}{progress2}截至{month}底，项目形象进度达到{percent}%。\n\n资金方面，{funding}，累计完成投资{spent} 万元，占已明确投资的{share}%。\n\n{inspection}{next}\n\n- 形象进度：{percent}%\n- 累计完成投资：{spent} 万元\n",
    "In {month}, {name}: {progress} {progress2} By the end of {month} the project was {percent}% complete.\n\nOn funding, {funding}; {spent} (unit: CNY 10,000) has been spent, {share}% of the stated investment.\n\n{inspection} {next}\n\n- Progress: {percent}%\n- Spent to date: {spent} (unit: CNY 10,000)\n",
];

#[rustfmt::skip]
const MONTHS: [Pair; 12] = [
    ["1月", "January"], ["2月", "February"], ["3月", "March"], ["4月", "April"], ["5月", "May"], ["6月", "June"],
    ["7月", "July"], ["8月", "August"], ["9月", "September"], ["10月", "October"], ["11月", "November"], ["12月", "December"],
];

fn main() {
    let (counties, out, seed, year) = parse_args().unwrap_or_else(|message| {
        eprintln!("{message}\n{USAGE}");
        std::process::exit(2)
    });
    let out = Path::new(&out);
    if fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) {
        eprintln!("{} exists and is not empty", out.display());
        std::process::exit(2)
    }
    let site = format!(
        r#"# Synthetic data for benchmarks: examples/synth.rs --counties {counties} --seed {seed} --year {year}
title:
  zh: "全国民生实事（合成数据，{counties}个县）"
  en: "National livelihood projects (synthetic data, {counties} counties)"
base_url: "https://synth.example/minsheng/"
sample_data: true
"#
    );
    write(&out.join("site.yaml"), &site);
    let entries = |list: &[Pair]| -> String {
        list.iter()
            .map(|[zh, en]| format!("  \"{zh}\": \"{en}\"\n"))
            .collect()
    };
    let provinces: String = (1..=counties.div_ceil(200))
        .map(|p| format!("  \"示例省{p:02}\": sample-province-{p:02}\n"))
        .collect();
    let glossary = format!(
        "units:\n{}people:\n{}provinces:\n{provinces}",
        entries(&UNITS),
        entries(&LEADERS)
    );
    write(&out.join("glossary.yaml"), &glossary);
    let mut rng = Rng::new(seed);
    for c in 1..=counties {
        county(&mut rng, &out.join(format!("c{c:05}")), c, year);
    }
}

fn parse_args() -> Result<(u32, String, u64, u64), String> {
    let (mut counties, mut out, mut seed, mut year) = (0, None, 1, 2024);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let number = || value.parse().map_err(|_| format!("{flag}: not a number"));
        match flag.as_str() {
            "--counties" => counties = number()?,
            "--out" => out = Some(value),
            "--seed" => seed = number()?,
            "--year" => year = number()?,
            _ => return Err(format!("unknown argument `{flag}`")),
        }
    }
    if !(1..=99_999).contains(&counties) {
        return Err("--counties N (1 to 99999) is required".into());
    }
    if !(2000..=2100).contains(&year) {
        return Err("--year must be between 2000 and 2100".into());
    }
    let out = out.ok_or("--out DIR is required")?;
    Ok((counties as u32, out, seed, year))
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// `12345` hundredths → `123.45`.
fn money(hundredths: u64) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// The last day of a month, from the library's own calendar.
fn month_end(year: u64, month: u64) -> u64 {
    minsheng::model::Date::end_of_month(year as i32, month as u8).map_or(28, |d| u64::from(d.day()))
}

/// Replaces each `{key}` in `template`.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_string();
    for (key, value) in values {
        text = text.replace(&format!("{{{key}}}"), value);
    }
    text
}

/// A `- zh: …, en: …` list entry at `indent`.
fn entry(indent: &str, [zh, en]: Pair) -> String {
    format!("{indent}- zh: \"{zh}\"\n{indent}  en: \"{en}\"\n")
}

fn county(rng: &mut Rng, dir: &Path, c: u32, year: u64) {
    let (zh, en) = (format!("示例县{c:05}"), format!("Sample County {c:05}"));
    let province = (c - 1) / 200 + 1;
    let record = format!(
        r#"name:
  zh: "{zh}"
  en: "{en}"
province:
  zh: "示例省{province:02}"
  en: "Sample Province {province:02}"
level: "县"
"#
    );
    write(&dir.join("county.yaml"), &record);

    let dir = dir.join(year.to_string());
    let mut kinds = KINDS;
    for i in (1..kinds.len()).rev() {
        kinds.swap(i, rng.range(0, i as u64) as usize);
    }
    let totals: Vec<u64> = (0..PROJECTS)
        .map(|p| project(rng, &dir, p + 1, kinds[p % kinds.len()], year))
        .collect();
    let half = PROJECTS / 2;
    let ids = |range: std::ops::Range<usize>| -> String {
        range.map(|p| format!("      - p{:02}\n", p + 1)).collect()
    };
    let (ids1, ids2) = (ids(0..half), ids(half..PROJECTS));
    let (sum1, sum2): (u64, u64) = (totals[..half].iter().sum(), totals[half..].iter().sum());
    let (total, sum1, sum2) = (money(sum1 + sum2), money(sum1), money(sum2));
    let (day, number) = (rng.range(5, 25), rng.range(1, 30));
    let published = day + 2;
    let notice = format!(
        r#"issuer:
  zh: "{zh}人民政府"
  en: "People's Government of {en}"
title:
  zh: "关于办好{year}年{zh}民生实事的通知"
  en: "Notice on delivering {en}'s livelihood projects in {year}"
doc_number: "示政发〔{year}〕{number}号"
written_date: {year}-01-{day:02}
published_date: {year}-01-{published:02}
release: public
unit: "万元"
declared_total: "{total}"
groups:
  - name:
      zh: "（一）民生服务"
      en: "(1) Public services"
    declared_subtotal: "{sum1}"
    projects:
{ids1}  - name:
      zh: "（二）基础设施"
      en: "(2) Infrastructure"
    declared_subtotal: "{sum2}"
    projects:
{ids2}"#
    );
    write(&dir.join("notice.yaml"), &notice);
}

/// Writes one project and its reports; returns its stated total in hundredths of 万元.
fn project(rng: &mut Rng, dir: &Path, p: usize, kind: (Pair, Pair, usize), year: u64) -> u64 {
    let ([name_zh, name_en], task, lead) = kind;
    let mut record =
        format!("number: \"{p}\"\nname:\n  zh: \"{name_zh}\"\n  en: \"{name_en}\"\nitems:\n");
    let (items, month) = (rng.range(1, 3), rng.range(6, 12));
    let mut total = 0;
    for i in 1..=items {
        let n = rng.range(2, 50).to_string();
        let (tasks_zh, tasks_en) = match items {
            1 => (String::new(), String::new()),
            _ => (format!("（{i}）"), format!("({i}) ")),
        };
        let (tasks_zh, tasks_en) = (
            tasks_zh + &task[0].replace("{n}", &n),
            tasks_en + &task[1].replace("{n}", &n),
        );
        record += &format!("  - tasks:\n      zh: \"{tasks_zh}\"\n      en: \"{tasks_en}\"\n");
        // The first item always states an amount, so every subtotal has one.
        if i == 1 || !rng.chance(15) {
            let amount = rng.range(2_000, 200_000);
            total += amount;
            record += &format!("    amount: \"{}\"\n", money(amount));
        }
        record += &format!("    leaders:\n{}", entry("      ", rng.pick(&LEADERS)));
        record += &format!("    lead_units:\n{}", entry("      ", UNITS[lead]));
        record += &format!("    partner_units:\n{}", entry("      ", UNITS[FINANCE]));
        let partner = rng.pick(&UNITS);
        if partner != UNITS[lead] && partner != UNITS[FINANCE] {
            record += &entry("      ", partner);
        }
        let end = month_end(year, month);
        record += &format!(
            "    deadline:\n      text: \"{year}年{month}月底\"\n      date: {year}-{month:02}-{end:02}\n"
        );
    }
    let id = format!("p{p:02}");
    write(&dir.join("projects").join(format!("{id}.yaml")), &record);

    // Progress reaches `target`% by the last report; `thrift`% of the plan is spent.
    let (target, thrift) = (rng.range(60, 140).min(100), rng.range(80, 100));
    for m in 1..=REPORTS {
        let date = format!("{year}-{m:02}-{:02}", month_end(year, m));
        let percent = target * m / REPORTS;
        let spent = total * percent * thrift / 10_000;
        let status = ["in-progress", "completed"][usize::from(percent == 100)];
        let front = format!(
            "---\ndate: {date}\nstatus: {status}\npercent: {percent}\nspent: \"{}\"\n---\n",
            money(spent)
        );
        // Two different progress sentences.
        let first = rng.range(0, PROGRESS.len() as u64 - 1) as usize;
        let second =
            (first + 1 + rng.range(0, PROGRESS.len() as u64 - 2) as usize) % PROGRESS.len();
        let progress = [PROGRESS[first], PROGRESS[second]];
        let funding = rng.pick(&FUNDING);
        let inspection = rng.pick(&INSPECTION);
        let next = [rng.pick(&NEXT[..4]), NEXT[4]][usize::from(percent == 100)];
        let reports = dir.join("reports").join(&id);
        for (lang, suffix) in [(0, "md"), (1, "en.md")] {
            let body = fill(
                REPORT[lang],
                &[
                    ("month", MONTHS[m as usize - 1][lang]),
                    ("name", [name_zh, name_en][lang]),
                    ("progress", progress[0][lang]),
                    ("progress2", progress[1][lang]),
                    ("percent", &percent.to_string()),
                    ("funding", funding[lang]),
                    ("spent", &money(spent)),
                    ("share", &(spent * 100 / total).to_string()),
                    ("inspection", inspection[lang]),
                    ("next", next[lang]),
                ],
            );
            let file = reports.join(format!("{date}.{suffix}"));
            write(&file, &(front.clone() + &body));
        }
    }
    total
}
