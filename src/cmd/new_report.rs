//! `minsheng new report PROJECT`: today's report for a project, filled in
//! from its last one and marked as a draft until staff have written it.

use std::fs;
use std::path::PathBuf;

use super::{Outcome, print_diagnostics, usage_error};
use crate::cli::NewReportArgs;
use crate::model::{Content, County, Date, Notice, Project};

pub fn run(args: &NewReportArgs) -> Outcome {
    let date = match &args.date {
        Some(text) => match Date::parse(text) {
            Ok(date) => date,
            Err(e) => return usage_error(&format!("--date: {e}")),
        },
        None => super::today(),
    };
    let (loaded, diagnostics) = crate::load::load(&args.content);
    let Some(content) = loaded.map(|l| l.content) else {
        print_diagnostics(&diagnostics);
        return Outcome::InputErrors;
    };
    let (county, notice, project) = match find(&content, &args.project) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::InputErrors;
        }
    };
    let path = report_path(&args.content, county, notice, project, date);
    if path.exists() {
        eprintln!(
            "error: {} already exists; edit it, or pass another --date",
            path.display()
        );
        return Outcome::InputErrors;
    }
    let written = path
        .parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|()| fs::write(&path, scaffold(project, date)));
    if let Err(e) = written {
        eprintln!("error: cannot write {}: {e}", path.display());
        return Outcome::InputErrors;
    }
    println!("wrote {}", path.display());
    println!(
        "Write this month's progress below the front matter, check the figures, then delete the `draft: true` line to publish it."
    );
    Outcome::Success
}

/// `county/year/id`, or an id that only one notice uses.
fn find<'a>(
    content: &'a Content,
    wanted: &str,
) -> Result<(&'a County, &'a Notice, &'a Project), String> {
    let matches: Vec<_> = content
        .counties
        .iter()
        .flat_map(|c| c.notices.iter().map(move |n| (c, n)))
        .flat_map(|(c, n)| n.projects.iter().map(move |p| (c, n, p)))
        .filter(|(c, n, p)| {
            wanted == p.id.as_str() || wanted == format!("{}/{}/{}", c.slug, n.year, p.id)
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "no project `{wanted}`; name it as county/year/id, e.g. wulong/2024/g1-p11"
        )),
        many => Err(format!(
            "`{wanted}` is the id of {} projects; name one as county/year/id: {}",
            many.len(),
            many.iter()
                .map(|(c, n, p)| format!("{}/{}/{}", c.slug, n.year, p.id))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn report_path(
    content: &std::path::Path,
    county: &County,
    notice: &Notice,
    project: &Project,
    date: Date,
) -> PathBuf {
    content
        .join(county.slug.as_str())
        .join(notice.year.to_string())
        .join("reports")
        .join(project.id.as_str())
        .join(format!("{date}.md"))
}

/// Front matter carried over from the latest report (or a planned
/// project's start); a percent only where the latest report states one.
fn scaffold(project: &Project, date: Date) -> String {
    let latest = project.reports.last().map(|r| &r.front);
    let status = latest.map_or("planned", |f| f.status.code());
    let mut text = format!("---\ndate: {date}\nstatus: {status}\n");
    if let Some(percent) = latest.and_then(|f| f.percent.as_ref()) {
        text.push_str(&format!("percent: {}\n", percent.value));
    }
    if let Some(spent) = latest.and_then(|f| f.spent.as_ref()) {
        text.push_str(&format!("spent: \"{}\"\n", spent.value));
    }
    text.push_str(
        "# Delete the next line when the report is ready to publish.\ndraft: true\n---\n\n",
    );
    text
}
