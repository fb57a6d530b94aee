//! `minsheng build`: load → check → render → write, stopping before the
//! write at the first stage with errors, so `public/` stays as it was.

use std::time::Instant;

use super::{Outcome, count_errors, load_and_check, print_diagnostics, usage_error};
use crate::cli::BuildArgs;
use crate::render::{self, RenderOptions, theme::Theme, views::CODE_KEYS};

pub fn run(args: &BuildArgs) -> Outcome {
    let started = Instant::now();
    let as_of = match super::as_of(&args.source) {
        Ok(date) => date,
        Err(message) => return usage_error(&message),
    };
    let (content, mut diagnostics) = load_and_check(&args.source.content);
    let theme = Theme::load(&args.source.theme, CODE_KEYS)
        .map_err(|problems| diagnostics.extend(problems))
        .ok();
    let (errors, warnings) = count_errors(&diagnostics);
    print_diagnostics(&diagnostics);
    let (Some(content), Some(theme)) = (content, theme) else {
        return stopped(errors);
    };
    if errors > 0 {
        return stopped(errors);
    }
    let options = RenderOptions {
        base_url: args
            .base_url
            .clone()
            .unwrap_or_else(|| content.site.base_url.clone()),
        as_of,
        drafts: args.source.drafts,
        minify: true,
    };
    let files = match render::render(&content, &theme, &options) {
        Ok(files) => files,
        Err(problems) => {
            print_diagnostics(&problems);
            return stopped(problems.len());
        }
    };
    if let Err(e) = crate::write::publish(&files, &args.out) {
        eprintln!(
            "error: {e}\nThe previous site in {} is unchanged.",
            args.out.display()
        );
        return Outcome::InputErrors;
    }
    let site = render::published(&content, options.drafts);
    let counties = site.counties.len();
    let projects: usize = site
        .counties
        .iter()
        .flat_map(|c| &c.notices)
        .map(|n| n.projects.len())
        .sum();
    let pages = files
        .iter()
        .filter(|f| f.path.ends_with("index.html"))
        .count();
    println!(
        "built {} in {:.2?}: {pages} pages, {counties} counties, {projects} projects, {warnings} warning(s){}",
        args.out.display(),
        started.elapsed(),
        if options.drafts {
            " (with drafts: preview only, do not publish)"
        } else {
            ""
        },
    );
    Outcome::Success
}

fn stopped(errors: usize) -> Outcome {
    eprintln!("build stopped: {errors} error(s); the previous site is unchanged");
    Outcome::InputErrors
}
