//! The build: the whole pipeline as one library function, which
//! `minsheng build` and `minsheng serve` both call.
//!
//! The stages, in order:
//! 1. **settle**: read `site.yaml` and the theme, and settle the render
//!    options once, before the first county is read;
//! 2. **per county**, in parallel as the counties load: load it, check it,
//!    write its project pages, keep of its report texts only those the
//!    feeds show (report texts are most of a national site's memory); or,
//!    when a rebuild finds it unchanged and clean, take all that from its
//!    snapshot (see `snapshot`);
//! 3. **site checks**: the rules that look across counties;
//! 4. **render** the rest of the site: open data, pages, feeds, search
//!    (a county's entries in `all.json` and its share of the search index
//!    are taken from the cache when its folder did not change, and kept
//!    there when made);
//! 5. **commit**: the staging folder becomes the output folder.
//!
//! Everything is written to a staging folder beside the output, so an error
//! at any stage publishes nothing and leaves the previous output as it was.

mod progress;
mod snapshot;
mod unchanged;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check;
use crate::diagnostic::{self, Diagnostic};
use crate::load::{self, CountyDir, Scan, SiteFiles};
use crate::model::{County, Date, ReportBodies, SiteRecord, WebAddress};
use crate::render::feeds::{self, FeedTexts};
use crate::render::{self, KeptPieces, RenderOptions};
use crate::theme::{Theme, ThemeSource};
use crate::write::{self, OutRefusal, Staging, WriteError};
use progress::Timings;
use snapshot::Snapshots;
use unchanged::UnchangedCounties;

/// What the person running the build chose.
pub struct BuildOptions {
    pub content: PathBuf,
    pub theme: ThemeSource,
    pub out: PathBuf,
    /// Overrides `base_url` in `site.yaml`.
    pub base_url: Option<WebAddress>,
    pub as_of: Date,
    pub drafts: bool,
    /// Draw a progress bar on the terminal while pages render.
    pub progress: bool,
    /// Print each stage's time and the peak memory so far on stderr.
    pub timings: bool,
}

/// What a successful build wrote, and what `serve` keeps to re-render
/// only what an edit changes.
pub struct Built {
    pub pages: usize,
    pub counties: usize,
    pub projects: usize,
    pub warnings: Vec<Diagnostic>,
    /// Draft reports of published notices that the site leaves out.
    pub drafts_left_out: usize,
    /// Files written because they are new or changed, and files kept from
    /// the previous output because their bytes are the same.
    pub files_written: usize,
    pub files_kept: usize,
    /// The county folders in which the build found nothing to report.
    clean_counties: BTreeSet<String>,
    pub elapsed: Duration,
    pub site: render::Site,
    pub theme: Theme,
    pub options: RenderOptions,
    /// Each county's pieces of the site-wide files, which `serve` keeps
    /// between edits (empty after a build).
    pub pieces: render::PiecesInMemory,
}

impl Built {
    /// The one-line summary a build prints.
    pub fn describe(&self, out: &Path, drafts: bool) -> String {
        format!(
            "built {} in {:.2?}: {} pages, {} counties, {} projects, {} warning(s){}{}",
            out.display(),
            self.elapsed,
            self.pages,
            self.counties,
            self.projects,
            self.warnings.len(),
            match self.files_kept {
                0 => String::new(),
                kept => format!("; {} file(s) changed, {kept} unchanged", self.files_written),
            },
            match (drafts, self.drafts_left_out) {
                (true, _) => " (with drafts: preview only, do not publish)".to_string(),
                (false, 0) => String::new(),
                (false, n) => format!(
                    "; {n} draft report(s) left out (minsheng serve shows them; delete `draft: true` to publish one)"
                ),
            },
        )
    }
}

/// What the per-county stages need to write pages: settled before any county loads.
struct Settled<'a> {
    site: &'a SiteRecord,
    theme: &'a Theme,
    options: &'a RenderOptions,
    staging: &'a Staging,
    unchanged: &'a UnchangedCounties,
}

/// Why a build published nothing.
#[derive(Debug)]
pub enum BuildError {
    /// `--out` is a folder a build must not replace; nothing was read or touched.
    Refused(OutRefusal),
    /// The input has errors, or writing failed: every problem, and the
    /// previous output is as it was.
    Failed(Vec<Diagnostic>),
}

impl From<Vec<Diagnostic>> for BuildError {
    fn from(problems: Vec<Diagnostic>) -> BuildError {
        BuildError::Failed(problems)
    }
}

/// What `minsheng build` did.
pub enum Rebuilt {
    Built(Box<Built>),
    /// Nothing the build reads changed since the last build into the same
    /// output, which is still as that build left it: nothing was written.
    Unchanged,
}

/// [`build`], unless nothing it reads (content, theme, options, the binary)
/// changed since the last build into the same output; the pages, feeds and
/// open-data files of counties whose folders did not change are kept from
/// that output rather than made again. `--timings` always does the whole work: it is asked
/// for to measure it.
pub fn build_unless_unchanged(options: &BuildOptions) -> Result<Rebuilt, BuildError> {
    // Taken before the build reads anything: an input changed meanwhile
    // leaves fingerprints that match nothing, and the next build runs.
    let prints = unchanged::Fingerprints::of(options).filter(|_| !options.timings);
    if prints.as_ref().is_some_and(|p| p.are_current(&options.out)) {
        return Ok(Rebuilt::Unchanged);
    }
    let unchanged = prints
        .as_ref()
        .map(|p| p.unchanged_counties(&options.out))
        .unwrap_or_default();
    let built = run(options, &unchanged)?;
    if let Some(prints) = prints {
        prints.remember(&options.out, &built.clean_counties);
    }
    Ok(Rebuilt::Built(Box::new(built)))
}

/// Runs the whole pipeline; on any error, returns every diagnostic and leaves `out` as it was.
pub fn build(options: &BuildOptions) -> Result<Built, BuildError> {
    run(options, &UnchangedCounties::default())
}

/// The pipeline; `unchanged` names the county folders that the build
/// into the same output read as this one will.
fn run(options: &BuildOptions, unchanged: &UnchangedCounties) -> Result<Built, BuildError> {
    let started = Instant::now();
    let timings = Timings::new(options.timings);
    timings.lap("start");
    let seeds = options
        .content
        .parent()
        .map_or_else(|| PathBuf::from("seeds"), |p| p.join("seeds"));
    let mut keep = vec![
        ("content", options.content.as_path()),
        ("seeds", seeds.as_path()),
    ];
    if let Some(theme) = options.theme.folder() {
        keep.push(("theme", theme));
    }
    write::check_out(&options.out, &keep).map_err(BuildError::Refused)?;

    // 1. Settle.
    let (files, mut diagnostics) = load::site(&options.content);
    let theme = Theme::load(&options.theme)
        .map_err(|problems| diagnostics.extend(problems))
        .ok();
    let Some(files) = files else {
        return Err(diagnostics.into());
    };
    let render_options = files.site.as_ref().map(|site| settle(options, site));
    let staging = Staging::begin(&options.out).map_err(|e| vec![write_error(e, &options.out)])?;
    diagnostics.extend(
        staging
            .repairs()
            .iter()
            .map(|repair| Diagnostic::warning("interrupted-build", repair.clone())),
    );
    let settled = match (&files.site, &theme, &render_options) {
        (Some(site), Some(theme), Some(options)) => Some(Settled {
            site,
            theme,
            options,
            staging: &staging,
            unchanged,
        }),
        _ => None,
    };

    // 2. Per county.
    let loaded = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<CountyDone> = load::with_readers(|| {
        files
            .counties
            .par_iter()
            .map(|dir| {
                let done = county_stages(&files, dir, settled.as_ref(), options.drafts);
                if options.progress {
                    let count = loaded.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    progress::show_counties(count, files.counties.len());
                }
                done
            })
            .collect()
    });
    let mut counties: Vec<County> = Vec::with_capacity(done.len());
    let mut texts = FeedTexts::default();
    let mut clean_counties = BTreeSet::new();
    for CountyDone {
        folder,
        county,
        fed,
        found,
    } in done
    {
        if let Some(county) = county {
            if found.is_empty() {
                clean_counties.insert(folder);
            }
            texts.insert(&county.slug, fed);
            counties.push(county);
        }
        diagnostics.extend(found);
    }
    timings.lap("load, check, project pages");

    // 3. Site checks.
    let drafts_left_out = if options.drafts {
        0
    } else {
        counties
            .iter()
            .flat_map(|c| &c.notices)
            .filter(|n| n.is_public())
            .map(|n| n.draft_files.len())
            .sum()
    };
    let content = files.into_content(counties);
    if let Some(content) = &content {
        diagnostics.extend(check::check_site(content));
    }
    diagnostic::sort(&mut diagnostics);
    timings.lap("site checks");
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let (Some(content), Some(theme), Some(render_options)) = (content, theme, render_options)
    else {
        return Err(diagnostics.into());
    };
    if failed {
        return Err(diagnostics.into());
    }

    // 4. Render the rest of the site.
    let render_options = RenderOptions {
        progress: options.progress.then_some(&progress::show as _),
        stage: options.timings.then_some(&progress::print_lap as _),
        ..render_options
    };
    let site = render::published(content, texts, render_options.drafts);
    let rendered = render::render(
        &site,
        &theme,
        &render_options,
        &unchanged.folders,
        unchanged.snapshots.as_ref().map(|s| s as &dyn KeptPieces),
        &staging,
    )?;

    // 5. Commit (with the output's lock still held, so no other build is
    // saving a snapshot the prune could take for a leftover).
    if let Some(snapshots) = &unchanged.snapshots {
        snapshots.prune();
    }
    unchanged::forget(&options.out).map_err(|e| {
        vec![
            Diagnostic::io(
                "write",
                format!(
                    "cannot remove the fingerprints of the last build beside {}: {e}",
                    options.out.display()
                ),
            )
            .hint("remove the cache folder beside it by hand, then build again"),
        ]
    })?;
    let (files_written, files_kept) = staging.counts();
    let committed = staging
        .commit()
        .map_err(|e| vec![write_error(e, &options.out)])?;
    diagnostics.extend(
        committed
            .warning()
            .map(|left| Diagnostic::warning("old-site-left", left)),
    );
    timings.lap("commit");
    Ok(Built {
        pages: rendered.pages,
        counties: site.counties.len(),
        projects: site
            .counties
            .iter()
            .flat_map(|c| &c.notices)
            .map(|n| n.projects.len())
            .sum(),
        warnings: diagnostics,
        drafts_left_out,
        files_written,
        files_kept,
        clean_counties,
        elapsed: started.elapsed(),
        site,
        theme,
        options: render_options,
        pieces: render::PiecesInMemory::default(),
    })
}

/// The render options, from the command line and `site.yaml`.
fn settle(options: &BuildOptions, site: &SiteRecord) -> RenderOptions {
    RenderOptions {
        base_url: options
            .base_url
            .as_ref()
            .unwrap_or(&site.base_url)
            .to_string(),
        as_of: options.as_of,
        drafts: options.drafts,
        progress: None,
        stage: None,
    }
}

/// What stage 2 leaves of a county.
struct CountyDone {
    folder: String,
    county: Option<County>,
    /// The report bodies its feeds show.
    fed: ReportBodies,
    found: Vec<Diagnostic>,
}

/// One county through stage 2: load it, check it, write its project pages
/// (when it has no error and the options are settled), keep the report
/// bodies its feeds show and let go of the rest.
fn county_stages(
    files: &SiteFiles,
    dir: &CountyDir,
    settled: Option<&Settled>,
    drafts: bool,
) -> CountyDone {
    // Unchanged since a build that found nothing in it, it would be found
    // clean again: its texts are not scanned nor its records checked.
    let known_clean = settled.is_some_and(|s| s.unchanged.clean.contains(&dir.name));
    let scan = if known_clean {
        Scan::KnownClean
    } else {
        Scan::Texts
    };
    let snapshots = settled.and_then(|s| s.unchanged.snapshots.as_ref());
    if known_clean
        && let (Some(settled), Some(snapshots)) = (settled, snapshots)
        && let Some(done) = from_snapshot(dir, settled, snapshots)
    {
        return done;
    }
    let (loaded, mut found) = files.county(dir, scan);
    let Some((mut county, bodies)) = loaded else {
        return CountyDone {
            folder: dir.name.clone(),
            county: None,
            fed: ReportBodies::default(),
            found,
        };
    };
    if !known_clean {
        found.extend(check::check_county(&county, &bodies));
        if !drafts {
            check::drafts_as_warnings(&mut found, &county);
        }
    }
    let clean = !found.iter().any(Diagnostic::is_error);
    let settled = settled.filter(|_| clean);
    let kept = settled.map(|settled| kept_project_pages(&mut county, &dir.name, settled));
    if let Some(Err(error)) = &kept {
        found.push(Diagnostic::io("write", error.to_string()));
    }
    if let Some(settled) = settled.filter(|_| matches!(kept, Some(Ok(false)))) {
        let written = render::write_project_pages(
            settled.site,
            &mut county,
            &bodies,
            settled.theme,
            settled.options,
            settled.staging,
        );
        if let Err(problems) = written {
            found.extend(problems);
        }
    }
    let fed = feeds::fed_bodies(&county, bodies);
    if found.is_empty()
        && let Some(snapshots) = snapshots
    {
        snapshots.save(&dir.name, &county, &fed);
    }
    CountyDone {
        folder: dir.name.clone(),
        county: Some(county),
        fed,
        found,
    }
}

/// The county of `dir` from its snapshot, its project pages kept from the
/// previous output; `None` when either is not there as this build would
/// make it, and the county is then read from its files.
fn from_snapshot(dir: &CountyDir, settled: &Settled, snapshots: &Snapshots) -> Option<CountyDone> {
    let (mut county, fed) = snapshots.load(&dir.name)?;
    let found = match kept_project_pages(&mut county, &dir.name, settled) {
        Ok(true) => Vec::new(),
        Ok(false) => return None,
        Err(error) => vec![Diagnostic::io("write", error.to_string())],
    };
    Some(CountyDone {
        folder: dir.name.clone(),
        county: Some(county),
        fed,
        found,
    })
}

/// Keeps the county's project pages from the previous output when its
/// folder and everything shared are as they were when that output was made.
fn kept_project_pages(
    county: &mut County,
    folder: &str,
    settled: &Settled,
) -> Result<bool, WriteError> {
    if !settled.unchanged.folders.contains(folder) {
        return Ok(false);
    }
    settled
        .staging
        .keep_all(&render::project_page_paths(county, settled.options))
        .map(|sizes| sizes.is_some())
}

/// The diagnostic for a failure to stage or commit; it says where the
/// previous site is, because that is what the person needs to know.
fn write_error(error: WriteError, out: &Path) -> Diagnostic {
    match error {
        WriteError::Locked { .. } => Diagnostic::io("output-locked", error.to_string()),
        WriteError::Stranded { .. } => Diagnostic::io(OUTPUT_STRANDED, error.to_string()),
        _ => Diagnostic::io("write", error.to_string()).hint(format!(
            "the previous site in {} is unchanged",
            out.display()
        )),
    }
}

/// The code of the one failure after which the previous site is not where it was.
pub const OUTPUT_STRANDED: &str = "output-stranded";
