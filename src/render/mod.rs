//! Render: the publishable site + options → the files of the site, handed
//! one by one to a [`Sink`] (the staging folder) as they are made.
//!
//! Project pages are written county by county as the content loads
//! ([`write_project_pages`], with the county's report bodies); [`render`]
//! writes the rest of the site from a [`Site`], whose feeds show only the
//! bodies kept for them ([`feeds::FeedTexts`]); [`render_project_change`]
//! rewrites what an edit to one project changes, for `serve`.
//!
//! Pages are rendered in parallel from light descriptors (a page kind and
//! a place), so memory holds only the pages in flight, never the whole site.
//!
//! Modules: `page` (one module per kind of page), `feeds`, `open_data`
//! (with `data`, `csv`, `oc4ids`), `search` (the index), `site_files`
//! (sitemap, robots.txt, redirects), and the helpers `views`, `format`,
//! `urls`, `chart` and `qr`.

mod accountability;
mod chart;
pub mod csv;
pub mod data;
pub mod feeds;
pub mod format;
pub mod oc4ids;
mod open_data;
mod output;
mod page;
mod qr;
pub mod search;
mod site;
mod site_files;
pub mod urls;
pub mod views;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::{County, Lang, ReportBodies, SiteRecord};
use crate::theme::Theme;
use output::Remake;
use output::put;
pub use output::{KeptPieces, OutputFile, PiecesInMemory, RenderOptions, Sink};
use page::{At, KINDS, PageContext, PageJob, PageKind};
pub use site::{NoticeAt, ProjectAt, Site, published};

/// Writes one county's project pages in both languages, with its report
/// `bodies`, as soon as the county is loaded and checked. Project pages are
/// the only pages that need every report's body, so a national build never
/// holds all of them at once. Only public notices' pages are written, and
/// their drafts are dropped from `county` first (unless asked for), as
/// `published` would have it.
pub fn write_project_pages(
    site: &SiteRecord,
    county: &mut County,
    bodies: &ReportBodies,
    theme: &Theme,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    drop_drafts_of(county, options);
    let counties = std::slice::from_ref(&*county);
    let pages = project_pages(counties);
    let scope = Scope {
        site,
        counties,
        bodies,
        data_sizes: &BTreeMap::new(),
    };
    render_pages(&scope, theme, options, &pages, None, sink)?;
    Ok(pages.len() * Lang::ALL.len())
}

/// The paths of the project pages [`write_project_pages`] writes for
/// `county`, dropping its drafts as that does: a build that knows the pages
/// cannot have changed keeps these files from the previous output.
pub fn project_page_paths(county: &mut County, options: &RenderOptions) -> Vec<PathBuf> {
    drop_drafts_of(county, options);
    let counties = std::slice::from_ref(&*county);
    page_files(counties, &project_pages(counties))
}

/// The files of `pages` (which index into `counties`), in every language.
/// Only the 404 page has another file name than `index.html`, and it is
/// the site's, never kept from a county.
fn page_files(counties: &[County], pages: &[(&PageKind, At)]) -> Vec<PathBuf> {
    pages
        .iter()
        .filter_map(|(kind, at)| kind.path(counties, *at))
        .flat_map(|path| {
            Lang::ALL.map(|lang| PathBuf::from(urls::in_lang(lang, &path)).join("index.html"))
        })
        .collect()
}

fn drop_drafts_of(county: &mut County, options: &RenderOptions) {
    for notice in county.notices.iter_mut().filter(|n| n.is_public()) {
        site::drop_drafts(notice, options.drafts);
    }
}

/// The pages of one project each, of the public notices of `counties`.
fn project_pages(counties: &[County]) -> Vec<(&'static PageKind, At)> {
    KINDS
        .iter()
        .filter(|kind| kind.per_project())
        .flat_map(|kind| kind.places(counties).into_iter().map(move |at| (kind, at)))
        .filter(|(_, at)| match at {
            At::Project(at) => counties[at.county].notices[at.notice].is_public(),
            _ => false,
        })
        .collect()
}

/// What a build wrote.
pub struct RenderSummary {
    pub pages: usize,
}

/// Writes everything but the project pages: open data, pages, feeds,
/// search, sitemap, robots.txt, redirects, report images and static files.
/// The open data of the counties in `unchanged` (by folder, which is the
/// county's slug), depending on nothing outside the county and what every
/// page depends on, is taken from the previous output when it is there;
/// the counties' pieces of the files that span counties (`all.json`, the
/// search index) are taken from `pieces` when it has them, and those made
/// are kept there.
pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    unchanged: &BTreeSet<String>,
    pieces: Option<&dyn KeptPieces>,
    sink: &dyn Sink,
) -> Result<RenderSummary, Vec<Diagnostic>> {
    let remake = Remake::Every { unchanged };
    let sizes = open_data::put_data(site, theme, options, remake, pieces, sink)?;
    options.stage_done("open data");
    let mut all: Vec<(&PageKind, At)> = KINDS
        .iter()
        .flat_map(|kind| {
            kind.places(&site.counties)
                .into_iter()
                .map(move |at| (kind, at))
        })
        .collect();
    // Stable: kinds at one place stay in the order of `KINDS`.
    all.sort_by_key(|(_, at)| at.tree_order());
    let above_projects: Vec<(&PageKind, At)> = all
        .iter()
        .copied()
        .filter(|(kind, _)| !kind.per_project())
        .collect();
    let to_render = not_kept(&site.counties, &above_projects, remake, sink)?;
    let scope = Scope {
        site: &site.site,
        counties: &site.counties,
        bodies: &ReportBodies::default(),
        data_sizes: &sizes,
    };
    render_pages(&scope, theme, options, &to_render, options.progress, sink)?;
    options.stage_done("pages");
    feeds::put_all(site, theme, options, remake, sink)?;
    options.stage_done("feeds");
    search::put_index(site, options.drafts, pieces, sink)?;
    options.stage_done("search");
    let page_paths: Vec<String> = all
        .iter()
        .filter(|(kind, _)| kind.in_sitemap)
        .filter_map(|(kind, at)| kind.path(&site.counties, *at))
        .collect();
    let made = || -> Result<Vec<OutputFile>, Diagnostic> {
        let mut files = site_files::sitemap(&page_paths, &options.base_url);
        files.push(site_files::robots(&options.base_url, theme)?);
        files.extend(site_files::redirects(site, theme, &options.base_url)?);
        Ok(files)
    };
    let mut extra = made().map_err(|problem| vec![problem])?;
    extra.extend(site_files::report_images(site));
    extra.extend(theme.static_files.iter().map(|(path, bytes)| OutputFile {
        path: PathBuf::from("static").join(path),
        bytes: bytes.clone(),
    }));
    for file in extra {
        put(sink, file)?;
    }
    options.stage_done("the rest");
    Ok(RenderSummary {
        pages: page_paths.len() * Lang::ALL.len(),
    })
}

/// Re-renders what a change to one project can alter: the pages that show
/// projects at its place and above it (its page, with its report `bodies`;
/// its notice's, county's and the home page, whose dashboards count it),
/// the feeds, the open data, the search index (which shows its status)
/// and its images, with the other counties' pieces of `all.json` and the
/// search index taken from `pieces`. `serve` calls it instead of a whole
/// build.
pub fn render_project_change(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    at: ProjectAt,
    bodies: &ReportBodies,
    pieces: &dyn KeptPieces,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let remake = Remake::Only(at.notice());
    let sizes = open_data::put_data(site, theme, options, remake, Some(pieces), sink)?;
    let pages: Vec<(&PageKind, At)> = page::above(&site.counties, at)
        .into_iter()
        .flat_map(|place| {
            KINDS
                .iter()
                .filter(move |kind| kind.shows_projects && kind.is_at_level_of(place))
                .map(move |kind| (kind, place))
        })
        .collect();
    let scope = Scope {
        site: &site.site,
        counties: &site.counties,
        bodies,
        data_sizes: &sizes,
    };
    render_pages(&scope, theme, options, &pages, options.progress, sink)?;
    feeds::put_all(site, theme, options, remake, sink)?;
    search::put_index(site, options.drafts, Some(pieces), sink)?;
    let county = &site.counties[at.county];
    let notice = site.notice(at.notice());
    let project = site.project(at);
    for file in site_files::images_of(
        project,
        &urls::project(&county.slug, notice.year, &project.id),
    ) {
        put(sink, file)?;
    }
    Ok(pages.len() * Lang::ALL.len())
}

/// The pages of `pages` to render: a county's own pages (its page and its
/// notices') are taken from the previous output instead when `remake` may
/// keep that county's files and the output holds them all. `pages` are in
/// tree order, so each county's are together.
fn not_kept<'k>(
    counties: &[County],
    pages: &[(&'k PageKind, At)],
    remake: Remake,
    sink: &dyn Sink,
) -> Result<Vec<(&'k PageKind, At)>, Vec<Diagnostic>> {
    let kept: BTreeSet<usize> = pages
        .chunk_by(|(_, a), (_, b)| a.tree_order().0 == b.tree_order().0)
        .collect::<Vec<_>>()
        .par_iter()
        .filter_map(|group| {
            let county = group[0]
                .1
                .tree_order()
                .0
                .filter(|&c| remake.may_keep(&counties[c]))?;
            let kept = sink.keep(&page_files(counties, group));
            kept.map(|sizes| sizes.map(|_| county)).transpose()
        })
        .collect::<Result<_, String>>()
        .map_err(|e| vec![Diagnostic::io("write", e)])?;
    Ok(pages
        .iter()
        .copied()
        .filter(|(_, at)| at.tree_order().0.is_none_or(|c| !kept.contains(&c)))
        .collect())
}

/// What a set of pages is rendered from.
struct Scope<'a> {
    site: &'a SiteRecord,
    /// The counties the pages index into and may link to (for a county's
    /// project pages, only that county).
    counties: &'a [County],
    /// The report bodies of those counties' project pages (none for the others).
    bodies: &'a ReportBodies,
    /// Sizes of the data files, for the download links.
    data_sizes: &'a BTreeMap<PathBuf, usize>,
}

/// Renders pages in both languages in parallel, each written as soon as it is done.
/// `pages` index into `scope.counties`; `progress` is told (pages done, pages in all).
fn render_pages(
    scope: &Scope,
    theme: &Theme,
    options: &RenderOptions,
    pages: &[(&PageKind, At)],
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let jobs: Vec<(Lang, &PageKind, At)> = Lang::ALL
        .iter()
        .flat_map(|&lang| pages.iter().map(move |&(kind, at)| (lang, kind, at)))
        .collect();
    let done = AtomicUsize::new(0);
    let mut problems: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|&(lang, kind, at)| {
            let cx = PageContext {
                site: scope.site,
                counties: scope.counties,
                bodies: scope.bodies,
                options,
                lang,
                t: theme.strings(lang),
                data_sizes: scope.data_sizes,
            };
            let written = kind.render(&cx, at).map(|job| {
                render_page(theme, &job)
                    .and_then(|file| sink.put(file).map_err(|e| Diagnostic::io("write", e)))
            });
            let count = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(progress) =
                progress.filter(|_| count.is_multiple_of(500) || count == jobs.len())
            {
                progress(count, jobs.len());
            }
            written.and_then(Result::err)
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        crate::diagnostic::sort(&mut problems);
        Err(problems)
    }
}

fn render_page(theme: &Theme, job: &PageJob) -> Result<OutputFile, Diagnostic> {
    let what = format!("the page /{}", urls::in_lang(job.lang, &job.path));
    // Not minified: minify-html took 40% of a build's CPU to save 3.5% of
    // a page, the templates being written without indentation already.
    Ok(OutputFile {
        path: PathBuf::from(urls::in_lang(job.lang, &job.path)).join(job.file_name),
        bytes: theme.render_bytes(job.lang, job.template, &job.context, &what)?,
    })
}
