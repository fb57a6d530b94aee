//! Reads an import's record files back through the loader, so the dry-run
//! review shows exactly what a build would publish from them.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::import::Imported;
use crate::load::{order_by_groups, yaml};
use crate::model::records::{CountyRecord, NoticeRecord, ProjectRecord};
use crate::model::{County, Notice, Project, Slug};

pub fn content(imported: &Imported) -> Result<(County, Notice), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut county_record = None;
    let mut notice_record = None;
    let mut projects = Vec::new();
    for file in &imported.files {
        let path = file.path.as_path();
        match path.file_name().and_then(|n| n.to_str()) {
            Some("county.yaml") => {
                county_record = keep(yaml::parse::<CountyRecord>(path, &file.text), &mut problems)
            }
            Some("notice.yaml") => {
                notice_record = keep(yaml::parse::<NoticeRecord>(path, &file.text), &mut problems)
            }
            _ => {
                let id = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .and_then(|s| Slug::parse(s).ok());
                if let (Some(id), Some(record)) = (
                    id,
                    keep(
                        yaml::parse::<ProjectRecord>(path, &file.text),
                        &mut problems,
                    ),
                ) {
                    projects.push(Project {
                        id,
                        file: path.to_path_buf(),
                        record,
                        group: None,
                        reports: Vec::new(),
                        images: Vec::new(),
                    });
                }
            }
        }
    }
    let (Some(county_record), Some(record)) = (county_record, notice_record) else {
        return Err(problems);
    };
    order_by_groups(&record, &mut projects);
    let notice = Notice {
        year: imported.year,
        file: Path::new("notice.yaml").to_path_buf(),
        record,
        source_text: None,
        unreadable: Vec::new(),
        projects,
    };
    let county = County {
        slug: imported.county.clone(),
        file: Path::new("county.yaml").to_path_buf(),
        record: county_record,
        notices: Vec::new(),
    };
    Ok((county, notice))
}

fn keep<T>(result: Result<T, Diagnostic>, problems: &mut Vec<Diagnostic>) -> Option<T> {
    result.map_err(|d| problems.push(d)).ok()
}
