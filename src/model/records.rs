//! The YAML records under `content/`, exactly as staff write them.
//!
//! Every struct rejects unknown keys. Fields whose position a later check
//! must point at are `Spanned`, so a mismatch names file, line and column.

use std::collections::BTreeMap;

use super::Spanned;
use serde::Deserialize;

use super::{Amount, AmountUnit, Bilingual, Date, ProgressStatus, ProjectId, ReleaseStatus};

/// `content/site.yaml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRecord {
    pub title: Bilingual,
    /// Where the site is published, e.g. `https://portal.example/zl/minsheng/`.
    pub base_url: super::WebAddress,
    #[serde(default)]
    pub description: Option<Bilingual>,
    /// Who publishes the site (主办单位), shown in every page's footer.
    #[serde(default)]
    pub publisher: Option<Bilingual>,
    /// How readers reach the publisher, shown in the footer and on the about page.
    #[serde(default)]
    pub contact: Option<Bilingual>,
    /// The terms texts and data may be reused under; none is claimed when absent.
    #[serde(default)]
    pub licence: Option<Bilingual>,
    /// Shown on every page: the site holds sample data, not real records.
    #[serde(default)]
    pub sample_data: bool,
    /// Office phone numbers and addresses that may be published although they
    /// look like personal data (the personal-data check skips them).
    #[serde(default)]
    pub allowed_contacts: Vec<String>,
}

/// `content/glossary.yaml`: zh → en for recurring names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    #[serde(default)]
    pub units: BTreeMap<String, String>,
    #[serde(default)]
    pub people: BTreeMap<String, String>,
    #[serde(default)]
    pub places: BTreeMap<String, String>,
    #[serde(default)]
    pub terms: BTreeMap<String, String>,
    /// A province's name as county records give it → the slug of its page,
    /// e.g. `"重庆市": chongqing`.
    #[serde(default)]
    pub provinces: BTreeMap<String, super::ProvinceSlug>,
}

/// `content/<county>/county.yaml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyRecord {
    pub name: Bilingual,
    #[serde(default)]
    pub province: Option<Bilingual>,
    /// 县 or 区 (or 市 for a county-level city).
    pub level: String,
}

/// `content/<county>/<year>/notice.yaml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeRecord {
    pub issuer: Bilingual,
    pub title: Bilingual,
    /// 发文字号, e.g. 微政发〔2024〕2号.
    #[serde(default)]
    pub doc_number: Option<String>,
    /// 成文日期
    #[serde(default)]
    pub written_date: Option<Date>,
    /// 发布日期
    #[serde(default)]
    pub published_date: Option<Date>,
    /// 索引号
    #[serde(default)]
    pub index_number: Option<String>,
    pub release: Spanned<ReleaseStatus>,
    /// Why staff decided the release, e.g. for a notice with no mark.
    #[serde(default)]
    pub release_note: Option<Bilingual>,
    /// The published text this record was imported from, relative to the repository.
    #[serde(default)]
    pub source: Option<String>,
    /// The notice on the government portal, linked as 原文链接.
    #[serde(default)]
    pub source_url: Option<super::WebAddress>,
    /// The attachment's title, as printed above the table.
    #[serde(default)]
    pub table_title: Option<Bilingual>,
    /// The unit of every amount, as the notice states it (单位：万元);
    /// none for a notice that states no amounts.
    #[serde(default)]
    pub unit: Option<AmountUnit>,
    #[serde(default)]
    pub declared_total: Option<Spanned<Amount>>,
    pub groups: Vec<GroupRecord>,
}

/// A group of projects; a notice without groups has one unnamed group.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRecord {
    #[serde(default)]
    pub name: Option<Bilingual>,
    #[serde(default)]
    pub declared_subtotal: Option<Spanned<Amount>>,
    /// The group's projects in the notice's order.
    pub projects: Vec<Spanned<ProjectId>>,
}

/// `content/<county>/<year>/projects/<id>.yaml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectRecord {
    /// The 序号 as printed, e.g. `11`.
    pub number: String,
    pub name: Bilingual,
    /// Former ids of this project, kept as redirects.
    #[serde(default)]
    pub aliases: Vec<ProjectId>,
    pub items: Vec<ItemRecord>,
}

/// One row of the table: a project, or a sub-item of one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRecord {
    /// The row's tasks (目标任务); absent when the notice states none.
    #[serde(default)]
    pub tasks: Option<Bilingual>,
    #[serde(default)]
    pub amount: Option<Spanned<Amount>>,
    #[serde(default)]
    pub leaders: Vec<Bilingual>,
    #[serde(default)]
    pub lead_units: Vec<Bilingual>,
    #[serde(default)]
    pub partner_units: Vec<Bilingual>,
    #[serde(default)]
    pub deadline: Option<Deadline>,
    #[serde(default)]
    pub location: Option<Bilingual>,
    #[serde(default)]
    pub remarks: Option<Bilingual>,
    /// The verbatim cells of this row, by column: what the notice printed.
    #[serde(default)]
    pub original: OriginalCells,
}

/// A completion deadline: the notice's words and the day they name, if any.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub text: String,
    #[serde(default)]
    pub date: Option<Date>,
}

/// A report's front matter.
#[derive(Debug, Clone)]
pub struct ReportFrontMatter {
    pub date: Date,
    pub status: ProgressStatus,
    /// The share of the work done, when the report states one.
    pub percent: Option<Spanned<i64>>,
    pub spent: Option<Spanned<Amount>>,
    /// Which item (1-based) the report speaks of, when not the whole project.
    pub item: Option<Spanned<usize>>,
    pub draft: bool,
    /// Boxed, and absent when the report has none of them: most reports
    /// have none, and a national site holds hundreds of thousands.
    details: Option<Box<ReportDetails>>,
}

/// The fields of a report's front matter that few reports have: most come
/// from progress tables that `minsheng import` reads.
#[derive(Debug, Clone, Default)]
pub struct ReportDetails {
    /// An English title for the report; the Chinese one is the body's first heading.
    pub title: Option<String>,
    /// The completion rate as the government printed it, when above 100
    /// (`完成率 133%`); `percent` is then 100.
    pub percent_reported: Option<Spanned<i64>>,
    /// Figures per item, as a progress table with sub-rows gives them.
    pub items: Vec<ItemFigures>,
    /// The government's own judgement (是否达序): on schedule or not.
    pub on_schedule: Option<bool>,
    /// The government's reason or remark on the schedule (说明), as printed.
    pub schedule_note: Option<String>,
    /// The published progress text this report was imported from, in the
    /// notice's folder.
    pub source: Option<String>,
}

static NO_DETAILS: ReportDetails = ReportDetails {
    title: None,
    percent_reported: None,
    items: Vec::new(),
    on_schedule: None,
    schedule_note: None,
    source: None,
};

impl ReportFrontMatter {
    /// The fields few reports have (each empty when the report has none).
    pub fn details(&self) -> &ReportDetails {
        self.details.as_deref().unwrap_or(&NO_DETAILS)
    }
}

/// A report's front matter as written: every key, in one flat mapping.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatterAsWritten {
    pub date: Date,
    pub status: ProgressStatus,
    #[serde(default)]
    pub percent: Option<Spanned<i64>>,
    #[serde(default)]
    pub spent: Option<Spanned<Amount>>,
    #[serde(default)]
    pub item: Option<Spanned<usize>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub percent_reported: Option<Spanned<i64>>,
    #[serde(default)]
    pub items: Vec<ItemFigures>,
    #[serde(default)]
    pub on_schedule: Option<bool>,
    #[serde(default)]
    pub schedule_note: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

impl From<FrontMatterAsWritten> for ReportFrontMatter {
    fn from(written: FrontMatterAsWritten) -> ReportFrontMatter {
        let details = ReportDetails {
            title: written.title,
            percent_reported: written.percent_reported,
            items: written.items,
            on_schedule: written.on_schedule,
            schedule_note: written.schedule_note,
            source: written.source,
        };
        let none = details.title.is_none()
            && details.percent_reported.is_none()
            && details.items.is_empty()
            && details.on_schedule.is_none()
            && details.schedule_note.is_none()
            && details.source.is_none();
        ReportFrontMatter {
            date: written.date,
            status: written.status,
            percent: written.percent,
            spent: written.spent,
            item: written.item,
            draft: written.draft,
            details: (!none).then(|| Box::new(details)),
        }
    }
}

impl<'de> Deserialize<'de> for ReportFrontMatter {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        FrontMatterAsWritten::deserialize(deserializer).map(ReportFrontMatter::from)
    }
}

/// One item's figures in a report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemFigures {
    /// Which item, from 1, in the order of the project file.
    pub item: Spanned<usize>,
    #[serde(default)]
    pub percent: Option<Spanned<i64>>,
    #[serde(default)]
    pub percent_reported: Option<Spanned<i64>>,
    #[serde(default)]
    pub spent: Option<Spanned<Amount>>,
    /// What the table says was done for this item, as printed.
    #[serde(default)]
    pub text: Option<String>,
}

/// A row's verbatim cells, `column: text`, in the order the notice printed them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OriginalCells(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for OriginalCells {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Cells;
        impl<'de> serde::de::Visitor<'de> for Cells {
            type Value = OriginalCells;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of column name to the cell's text as printed")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<OriginalCells, A::Error> {
                let mut cells = Vec::new();
                while let Some(entry) = map.next_entry::<String, String>()? {
                    cells.push(entry);
                }
                Ok(OriginalCells(cells))
            }
        }
        deserializer.deserialize_map(Cells)
    }
}
