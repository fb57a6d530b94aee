//! `minsheng build`: load → check → render → write, stopping before the
//! write at the first stage with errors, so `public/` stays as it was.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Outcome, count_errors, load_and_check, print_diagnostics, usage_error};
use crate::cli::BuildArgs;
use crate::diagnostic::Diagnostic;
use crate::model::Date;
use crate::render::{self, RenderOptions, theme::Theme, views::CODE_KEYS};
use crate::write::{Staging, WriteError};

/// Everything one build reads.
pub struct BuildInputs {
    pub content: PathBuf,
    pub theme: PathBuf,
    pub out: PathBuf,
    pub base_url: Option<String>,
    pub as_of: Date,
    pub drafts: bool,
    /// Draw a progress bar on the terminal while pages render.
    pub progress: bool,
}

/// Pages below this count render too fast for a progress bar to help.
const PROGRESS_FROM: usize = 2000;

fn show_progress(done: usize, total: usize) {
    if total < PROGRESS_FROM {
        return;
    }
    let filled = done * 30 / total;
    print!(
        "\rrendering [{}{}] {done}/{total} pages",
        "#".repeat(filled),
        " ".repeat(30 - filled)
    );
    if done == total {
        print!("\r{}\r", " ".repeat(60));
    }
    let _ = std::io::Write::flush(&mut std::io::stdout());
}

/// What a successful build wrote.
pub struct BuildSummary {
    pub pages: usize,
    pub counties: usize,
    pub projects: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// What was built, kept by `serve` to re-render only what an edit changes.
    pub site: render::Site,
    pub theme: Theme,
    pub options: RenderOptions,
}

/// Runs the whole pipeline; on any error, returns every diagnostic and leaves `out` as it was.
pub fn build(inputs: &BuildInputs) -> Result<BuildSummary, Vec<Diagnostic>> {
    let started = Instant::now();
    let (content, mut diagnostics) = load_and_check(&inputs.content);
    let theme = Theme::load(&inputs.theme, CODE_KEYS)
        .map_err(|problems| diagnostics.extend(problems))
        .ok();
    let (errors, _) = count_errors(&diagnostics);
    let (Some(content), Some(theme)) = (content, theme) else {
        return Err(diagnostics);
    };
    if errors > 0 {
        return Err(diagnostics);
    }
    let options = RenderOptions {
        base_url: inputs
            .base_url
            .clone()
            .unwrap_or_else(|| content.site.base_url.clone()),
        as_of: inputs.as_of,
        drafts: inputs.drafts,
        minify: true,
        progress: inputs.progress.then_some(&show_progress),
    };
    let site = render::published(content, options.drafts);
    let staging = Staging::begin(&inputs.out).map_err(|e| vec![write_error(e, &inputs.out)])?;
    let rendered = render::render(&site, &theme, &options, &staging)?;
    staging
        .commit()
        .map_err(|e| vec![write_error(e, &inputs.out)])?;
    Ok(BuildSummary {
        pages: rendered.pages,
        counties: site.counties.len(),
        projects: site
            .counties
            .iter()
            .flat_map(|c| &c.notices)
            .map(|n| n.projects.len())
            .sum(),
        warnings: diagnostics,
        elapsed: started.elapsed(),
        site,
        theme,
        options,
    })
}

fn write_error(error: WriteError, out: &Path) -> Diagnostic {
    Diagnostic::error("write", error.to_string()).hint(format!(
        "the previous site in {} is unchanged",
        out.display()
    ))
}

pub fn run(args: &BuildArgs) -> Outcome {
    let as_of = match super::as_of(&args.source) {
        Ok(date) => date,
        Err(message) => return usage_error(&message),
    };
    let inputs = BuildInputs {
        content: args.source.content.clone(),
        theme: args.source.theme.clone(),
        out: args.out.clone(),
        base_url: args.base_url.clone(),
        as_of,
        drafts: args.source.drafts,
        progress: std::io::IsTerminal::is_terminal(&std::io::stdout()),
    };
    match build(&inputs) {
        Ok(summary) => {
            print_diagnostics(&summary.warnings);
            println!("{}", describe(&summary, &inputs.out, inputs.drafts));
            Outcome::Success
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            let (errors, _) = count_errors(&diagnostics);
            eprintln!("build stopped: {errors} error(s); the previous site is unchanged");
            Outcome::InputErrors
        }
    }
}

pub fn describe(summary: &BuildSummary, out: &Path, drafts: bool) -> String {
    format!(
        "built {} in {:.2?}: {} pages, {} counties, {} projects, {} warning(s){}",
        out.display(),
        summary.elapsed,
        summary.pages,
        summary.counties,
        summary.projects,
        summary.warnings.len(),
        if drafts {
            " (with drafts: preview only, do not publish)"
        } else {
            ""
        },
    )
}
