//! An OC4IDS package as it is written. The fields of each struct are in
//! the byte order of their JSON names, the order the packages have always
//! had (they were first written from sorted maps), so that a change here
//! shows in the snapshots rather than as a silent reordering.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Number;

#[derive(Serialize)]
pub struct Package<'a> {
    pub license: &'static str,
    pub projects: Vec<ProjectEntry<'a>>,
    #[serde(rename = "publishedDate")]
    pub published_date: String,
    pub publisher: Name<'a>,
    pub uri: String,
    pub version: &'static str,
}

#[derive(Serialize)]
pub struct Name<'a> {
    pub name: &'a str,
}

#[derive(Serialize)]
pub struct ProjectEntry<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion: Option<Completion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub documents: Vec<Document<'a>>,
    pub id: String,
    pub language: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    #[serde(rename = "publicAuthority", skip_serializing_if = "Option::is_none")]
    pub public_authority: Option<PartyName<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

#[derive(Serialize)]
pub struct Budget {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountValue>,
    pub description: String,
}

#[derive(Serialize)]
pub struct AmountValue {
    pub amount: Number,
    pub currency: &'static str,
}

#[derive(Serialize)]
pub struct Completion {
    #[serde(rename = "endDate")]
    pub end_date: String,
    #[serde(rename = "finalValue", skip_serializing_if = "Option::is_none")]
    pub final_value: Option<AmountValue>,
}

#[derive(Serialize)]
pub struct Party<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub roles: Vec<&'static str>,
}

#[derive(Serialize)]
pub struct PartyName<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

#[derive(Serialize)]
pub struct Location<'a> {
    pub description: &'a str,
    pub id: String,
}

#[derive(Serialize)]
pub struct Document<'a> {
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    #[serde(rename = "documentType")]
    pub document_type: &'static str,
    pub format: &'static str,
    pub id: &'static str,
    pub language: &'static str,
    pub title: Cow<'a, str>,
    pub url: String,
}

#[derive(Serialize)]
pub struct Metric {
    pub description: String,
    pub id: &'static str,
    pub observations: Vec<Observation>,
    pub title: String,
}

#[derive(Serialize)]
pub struct Observation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Dimensions>,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<i64>,
    pub notes: String,
    pub period: Period,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<MeasureUnit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<AmountValue>,
}

#[derive(Serialize)]
pub struct Dimensions {
    pub item: String,
}

#[derive(Serialize)]
pub struct MeasureUnit {
    pub id: &'static str,
    pub name: String,
    pub scheme: &'static str,
}

#[derive(Serialize)]
pub struct Period {
    #[serde(rename = "endDate")]
    pub end_date: String,
}
