//! `minsheng build`: load → check → render → write. Each county's project
//! pages are written to the staging folder as soon as it is loaded and
//! checked; any error anywhere drops the staging folder, so `public/` stays
//! as it was.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::{Outcome, count_errors, print_diagnostics, usage_error};
use crate::check;
use crate::cli::BuildArgs;
use crate::diagnostic::Diagnostic;
use crate::model::{County, Date, SiteRecord};
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
    /// Print each stage's time and the peak memory so far on stderr.
    pub timings: bool,
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

/// `--timings`: the end of the previous stage, so each line shows one stage's own time.
static LAST_LAP: Mutex<Option<Instant>> = Mutex::new(None);

fn print_lap(stage: &str) {
    let now = Instant::now();
    let mut last = LAST_LAP
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let took = last.map_or(Duration::ZERO, |at| now - at);
    *last = Some(now);
    let peak = peak_rss_mib().map_or(String::new(), |mib| format!(", peak RSS {mib} MiB"));
    eprintln!("timings: {stage:<10} {:>8.3} s{peak}", took.as_secs_f64());
}

/// The process's peak resident memory (Linux: VmHWM), when the system says.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

fn render_options(inputs: &BuildInputs, site: &SiteRecord) -> RenderOptions {
    RenderOptions {
        base_url: inputs
            .base_url
            .clone()
            .unwrap_or_else(|| site.base_url.clone()),
        as_of: inputs.as_of,
        drafts: inputs.drafts,
        progress: inputs.progress.then_some(&show_progress),
        stage: inputs.timings.then_some(&print_lap),
    }
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
///
/// Each county is checked and its project pages written as soon as it is
/// loaded, so that most report texts can be let go at once (they are most of
/// a national site's memory); the rest of the site follows. Everything goes
/// to the staging folder, so an error anywhere still publishes nothing.
pub fn build(inputs: &BuildInputs) -> Result<BuildSummary, Vec<Diagnostic>> {
    let started = Instant::now();
    let lap = |stage: &'static str| {
        if inputs.timings {
            print_lap(stage);
        }
    };
    lap("start");
    let mut diagnostics = Vec::new();
    let theme = Theme::load(&inputs.theme, CODE_KEYS)
        .map_err(|problems| diagnostics.extend(problems))
        .ok();
    let staging = Staging::begin(&inputs.out).map_err(|e| vec![write_error(e, &inputs.out)])?;
    let options = OnceLock::new();
    // Once anything fails, nothing will be published: stop writing pages.
    let failed = AtomicBool::new(theme.is_none());
    let each_county = |site: &SiteRecord, county: &mut County, found: &mut Vec<Diagnostic>| {
        found.extend(check::check_county(county));
        if found.iter().any(Diagnostic::is_error) {
            failed.store(true, Ordering::Relaxed);
        }
        let Some(theme) = theme.as_ref().filter(|_| !failed.load(Ordering::Relaxed)) else {
            return;
        };
        let options = options.get_or_init(|| render_options(inputs, site));
        if let Err(problems) = render::write_project_pages(site, county, theme, options, &staging) {
            found.extend(problems);
            failed.store(true, Ordering::Relaxed);
        }
    };
    let (content, found) = crate::load::load_with(&inputs.content, &each_county);
    diagnostics.extend(found);
    lap("load, check, project pages");
    if let Some(content) = &content {
        diagnostics.extend(check::check_site(content));
    }
    crate::diagnostic::sort(&mut diagnostics);
    lap("site checks");
    let (errors, _) = count_errors(&diagnostics);
    let (Some(content), Some(theme)) = (content, theme) else {
        return Err(diagnostics);
    };
    if errors > 0 {
        return Err(diagnostics);
    }
    let options = options
        .into_inner()
        .unwrap_or_else(|| render_options(inputs, &content.site));
    let site = render::published_after_project_pages(content, options.drafts);
    let rendered = render::render(&site, &theme, &options, &staging)?;
    staging
        .commit()
        .map_err(|e| vec![write_error(e, &inputs.out)])?;
    lap("commit");
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
        timings: args.timings,
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
