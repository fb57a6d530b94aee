//! The record model: types that cannot hold a bad value once built.
//!
//! `records` mirrors the YAML files; `content` is the loaded tree the later
//! stages read; `tally` is the one place totals are computed.

pub mod accountability;
mod bodies;
mod content;
mod date;
mod id;
mod money;
pub mod records;
mod release;
mod spanned;
pub mod stored;
mod tally;
mod text;
mod unit;
mod web;

pub use bodies::{ReportBodies, ReportKey, ReportText};
pub use content::{Content, County, Image, Notice, Project, Province, Report, Schedule};
pub use date::{Date, DateError, MONTHS, NOTICE_YEARS};
pub use id::{CountySlug, ProjectId, ProvinceSlug, Slug, SlugError};
pub use money::{Amount, Money, MoneyError};
pub use records::{Deadline, Glossary, SiteRecord};
pub use release::{ProgressStatus, ReleaseStatus};
pub use spanned::{Place, Spanned};
pub use tally::Tally;
pub use text::{Bilingual, EmptyChinese, Lang, Localized, forbidden_in_xml};
pub use unit::{AmountUnit, UnitError};
pub use web::{WebAddress, WebAddressError};
