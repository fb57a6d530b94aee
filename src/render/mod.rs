//! Render: a published [`Site`] + options → the files of the site, handed
//! one by one to a [`Sink`] (the staging folder) as they are made.
//!
//! Project pages are written county by county as the content loads
//! ([`write_project_pages`], with the county's report bodies); [`render`]
//! writes the rest of the site from a [`Site`], whose feeds show only the
//! bodies kept for them ([`feeds::FeedTexts`]).
//!
//! Only `published` can make a `Site`: it drops every notice that is not
//! public and every draft first, so no later step can leak them. Pages are
//! rendered in parallel from light descriptors, so memory holds only the
//! pages in flight, never the whole site.

mod chart;
mod csv;
pub mod data;
pub mod feeds;
pub mod format;
pub mod oc4ids;
mod pages;
mod project_page;
mod search;
mod site_files;
pub mod urls;
pub mod views;

use std::collections::BTreeMap;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::{Content, County, Date, Lang, Notice, Project, ReportBodies, SiteRecord};
use crate::theme::Theme;
use feeds::FeedTexts;
use pages::{PageContext, PageJob};

pub struct RenderOptions {
    /// Where the site is published; absolute links and feeds use it.
    pub base_url: String,
    /// The date that decides what is overdue.
    pub as_of: Date,
    /// Include draft reports (preview only).
    pub drafts: bool,
    /// Told (pages done, pages in all) as pages render, e.g. to draw a progress bar.
    pub progress: Option<&'static (dyn Fn(usize, usize) + Sync)>,
    /// Told the name of each stage of a whole render as it ends (`--timings`).
    pub stage: Option<&'static (dyn Fn(&'static str) + Sync)>,
}

impl RenderOptions {
    fn stage_done(&self, stage: &'static str) {
        if let Some(told) = self.stage {
            told(stage);
        }
    }
}

/// One file of the built site, with its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Where rendered files go; called from many threads at once.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), String>;
}

/// The content that may be published: public notices only, counties that
/// have one, and no draft reports unless asked for; with the report bodies
/// its feeds show.
pub struct Site {
    content: Content,
    texts: FeedTexts,
}

impl Deref for Site {
    type Target = Content;
    fn deref(&self) -> &Content {
        &self.content
    }
}

impl Site {
    /// Where a project is: indexes of its county, notice and itself.
    pub fn find_project(&self, county: &str, year: u16, id: &str) -> Option<(usize, usize, usize)> {
        let c = self
            .counties
            .iter()
            .position(|x| x.slug.as_str() == county)?;
        let n = self.counties[c]
            .notices
            .iter()
            .position(|x| x.year == year)?;
        let p = self.counties[c].notices[n]
            .projects
            .iter()
            .position(|x| x.id.as_str() == id)?;
        Some((c, n, p))
    }

    /// Puts a reloaded project in its place, under the same rule as
    /// `published`, and its bodies where the feeds find them.
    pub fn replace_project(
        &mut self,
        at: (usize, usize, usize),
        mut project: Project,
        bodies: ReportBodies,
        drafts: bool,
    ) {
        project.reports.retain(|r| drafts || !r.front.draft);
        let county = &mut self.content.counties[at.0];
        self.texts.add(&county.slug, bodies);
        county.notices[at.1].projects[at.2] = project;
    }

    pub fn notice(&self, at: (usize, usize, usize)) -> &Notice {
        &self.counties[at.0].notices[at.1]
    }
}

/// The publishable part of `content`, with the bodies its feeds show.
pub fn published(mut content: Content, texts: FeedTexts, drafts: bool) -> Site {
    for county in &mut content.counties {
        county.notices.retain(|n| n.is_public());
        for notice in &mut county.notices {
            drop_drafts(notice, drafts);
        }
    }
    content.counties.retain(|c| !c.notices.is_empty());
    Site { content, texts }
}

fn drop_drafts(notice: &mut Notice, drafts: bool) {
    for project in &mut notice.projects {
        project.reports.retain(|r| drafts || !r.front.draft);
    }
}

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
    for notice in county.notices.iter_mut().filter(|n| n.is_public()) {
        drop_drafts(notice, options.drafts);
    }
    let pages: Vec<Page> = county
        .notices
        .iter()
        .enumerate()
        .filter(|(_, notice)| notice.is_public())
        .flat_map(|(n, notice)| (0..notice.projects.len()).map(move |p| Page::Project(0, n, p)))
        .collect();
    let scope = Scope {
        site,
        counties: std::slice::from_ref(&*county),
        bodies,
        data_sizes: &BTreeMap::new(),
    };
    render_pages(&scope, theme, options, &pages, None, sink)?;
    Ok(pages.len() * Lang::ALL.len())
}

/// A page to render, by position in the site; its view is built only when rendered.
#[derive(Debug, Clone, Copy)]
enum Page {
    Home,
    Search,
    NotFound,
    County(usize),
    Notice(usize, usize),
    Source(usize, usize),
    Project(usize, usize, usize),
}

/// What a build wrote.
pub struct RenderSummary {
    pub pages: usize,
}

pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<RenderSummary, Vec<Diagnostic>> {
    let sizes = put_data(site, theme, options, None, sink)?;
    options.stage_done("open data");
    let pages = pages(site);
    let to_render: Vec<Page> = pages
        .iter()
        .copied()
        .filter(|page| !matches!(page, Page::Project(..)))
        .collect();
    let scope = Scope {
        site: &site.site,
        counties: &site.counties,
        bodies: &ReportBodies::default(),
        data_sizes: &sizes,
    };
    render_pages(&scope, theme, options, &to_render, options.progress, sink)?;
    options.stage_done("pages");
    put_feeds(site, theme, options, None, sink)?;
    options.stage_done("feeds");
    for file in search::index(site, options.drafts) {
        put(sink, file)?;
    }
    options.stage_done("search");
    let page_paths: Vec<String> = pages
        .iter()
        .filter_map(|&page| page_path(site, page))
        .collect();
    let mut extra = site_files::sitemap(&page_paths, &options.base_url);
    extra.push(site_files::robots(&options.base_url));
    extra.extend(report_images(site));
    extra.extend(site_files::redirects(site, theme, &options.base_url));
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

/// Re-renders what a change to one project can alter: its page (with its
/// report `bodies`), its notice's, county's and the home page (whose
/// dashboards count it), the feeds, and the open data. `serve` calls it
/// instead of a whole build.
pub fn render_project_change(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    at: (usize, usize, usize),
    bodies: &ReportBodies,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let (c, n, p) = at;
    let sizes = put_data(site, theme, options, Some((c, n)), sink)?;
    let pages = [
        Page::Home,
        Page::County(c),
        Page::Notice(c, n),
        Page::Project(c, n, p),
    ];
    let scope = Scope {
        site: &site.site,
        counties: &site.counties,
        bodies,
        data_sizes: &sizes,
    };
    render_pages(&scope, theme, options, &pages, options.progress, sink)?;
    put_feeds(site, theme, options, Some((c, n)), sink)?;
    for file in project_images(site, at) {
        put(sink, file)?;
    }
    Ok(pages.len() * Lang::ALL.len())
}

fn put(sink: &dyn Sink, file: OutputFile) -> Result<(), Vec<Diagnostic>> {
    sink.put(file)
        .map_err(|e| vec![Diagnostic::error("write", e)])
}

/// Writes the open data, each notice's files as soon as they are made (in
/// parallel), and returns each file's size for the download links.
fn put_data(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    only: Option<(usize, usize)>,
    sink: &dyn Sink,
) -> Result<BTreeMap<PathBuf, usize>, Vec<Diagnostic>> {
    let cx = data::DataContext {
        base_url: &options.base_url,
        as_of: options.as_of,
        drafts: options.drafts,
    };
    let notices: Vec<(usize, usize)> = site
        .counties
        .iter()
        .enumerate()
        .flat_map(|(c, county)| (0..county.notices.len()).map(move |n| (c, n)))
        .collect();
    let done: Vec<Result<NoticeFiles, Diagnostic>> = notices
        .par_iter()
        .map(|&(c, n)| {
            let wanted = only.is_none_or(|wanted| wanted == (c, n));
            put_notice_data(site, theme, &cx, (c, n), wanted, sink)
        })
        .collect();
    let mut sizes = BTreeMap::new();
    let mut entries = Vec::with_capacity(done.len());
    let mut problems = Vec::new();
    for result in done {
        match result {
            Ok(notice) => {
                sizes.extend(notice.sizes);
                entries.push(notice.all_json_entry);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let schema = OutputFile {
        path: PathBuf::from("data/schema.json"),
        bytes: include_bytes!("data_schema.json").to_vec(),
    };
    let all = OutputFile {
        path: PathBuf::from("data/all.json"),
        bytes: data::all_json(&entries),
    };
    for file in [schema, all] {
        sizes.insert(file.path.clone(), file.bytes.len());
        put(sink, file)?;
    }
    Ok(sizes)
}

/// One notice's open data: the sizes of the files written, and its entry in `all.json`.
struct NoticeFiles {
    sizes: Vec<(PathBuf, usize)>,
    all_json_entry: Vec<u8>,
}

/// Makes one notice's open data; writes its files only when `wanted`
/// (`all.json` always needs the entry).
fn put_notice_data(
    site: &Site,
    theme: &Theme,
    cx: &data::DataContext,
    (c, n): (usize, usize),
    wanted: bool,
    sink: &dyn Sink,
) -> Result<NoticeFiles, Diagnostic> {
    let county = &site.counties[c];
    let notice = &county.notices[n];
    let data = data::notice(county, notice, cx);
    let all_json_entry = to_json(&data, Layout::Compact)?;
    let mut sizes = Vec::new();
    if !wanted {
        return Ok(NoticeFiles {
            sizes,
            all_json_entry,
        });
    }
    let mut files = vec![
        OutputFile {
            path: PathBuf::from(urls::data(&county.slug, notice.year, "json")),
            bytes: to_json(&data, Layout::Pretty)?,
        },
        OutputFile {
            path: PathBuf::from(urls::data(&county.slug, notice.year, "csv")),
            bytes: csv::notice(county, notice, cx),
        },
    ];
    if !notice.projects.is_empty() {
        for lang in Lang::ALL {
            let package = oc4ids::package(county, notice, lang, theme.strings(lang), cx);
            files.push(OutputFile {
                path: PathBuf::from(oc4ids::path(&county.slug, notice.year, lang)),
                bytes: to_json(&package, Layout::Compact)?,
            });
        }
    }
    for file in files {
        sizes.push((file.path.clone(), file.bytes.len()));
        sink.put(file).map_err(|e| Diagnostic::error("write", e))?;
    }
    Ok(NoticeFiles {
        sizes,
        all_json_entry,
    })
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
    pages: &[Page],
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let jobs: Vec<(Lang, Page)> = Lang::ALL
        .iter()
        .flat_map(|&lang| pages.iter().map(move |&page| (lang, page)))
        .collect();
    let done = AtomicUsize::new(0);
    let mut problems: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|&(lang, page)| {
            let cx = PageContext {
                site: scope.site,
                counties: scope.counties,
                bodies: scope.bodies,
                options,
                lang,
                t: theme.strings(lang),
                data_sizes: scope.data_sizes,
            };
            let written = render_page(theme, &job(&cx, page))
                .and_then(|file| sink.put(file).map_err(|e| Diagnostic::error("write", e)));
            let count = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(progress) =
                progress.filter(|_| count.is_multiple_of(500) || count == jobs.len())
            {
                progress(count, jobs.len());
            }
            written.err()
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        crate::diagnostic::sort(&mut problems);
        Err(problems)
    }
}

/// Writes the site-wide feed and each county's and notice's (or only those of
/// the county and notice at `only`), in both languages, in parallel.
fn put_feeds(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    only: Option<(usize, usize)>,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let counties = (0..site.counties.len()).filter(|&c| only.is_none_or(|(wanted, _)| wanted == c));
    let scopes: Vec<Option<usize>> = std::iter::once(None).chain(counties.map(Some)).collect();
    let jobs: Vec<(Lang, Option<usize>)> = Lang::ALL
        .iter()
        .flat_map(|&lang| scopes.iter().map(move |&scope| (lang, scope)))
        .collect();
    jobs.par_iter().try_for_each(|&(lang, county)| {
        let cx = feeds::FeedContext {
            site,
            texts: &site.texts,
            lang,
            t: theme.strings(lang),
            base_url: &options.base_url,
        };
        let made = match county {
            None => vec![feeds::site_feed(&cx)],
            Some(c) => feeds::county_feeds(&cx, &site.counties[c], only.map(|(_, n)| n)),
        };
        made.into_iter().try_for_each(|feed| {
            put(
                sink,
                OutputFile {
                    path: PathBuf::from(urls::in_lang(lang, &feed.path)),
                    bytes: feed.xml.into_bytes(),
                },
            )
        })
    })
}

fn pages(site: &Site) -> Vec<Page> {
    let mut pages = vec![Page::Home, Page::Search, Page::NotFound];
    for (c, county) in site.counties.iter().enumerate() {
        pages.push(Page::County(c));
        for (n, notice) in county.notices.iter().enumerate() {
            pages.push(Page::Notice(c, n));
            if notice.source_text.is_some() {
                pages.push(Page::Source(c, n));
            }
            pages.extend((0..notice.projects.len()).map(|p| Page::Project(c, n, p)));
        }
    }
    pages
}

/// The page's path for the sitemap; `None` for the 404 page, which is no page of its own.
fn page_path(site: &Site, page: Page) -> Option<String> {
    let county = |c: usize| &site.counties[c];
    let notice = |c: usize, n: usize| &site.counties[c].notices[n];
    Some(match page {
        Page::NotFound => return None,
        Page::Home => urls::home(),
        Page::Search => "search/".to_string(),
        Page::County(c) => urls::county(&county(c).slug),
        Page::Notice(c, n) => urls::notice(&county(c).slug, notice(c, n).year),
        Page::Source(c, n) => urls::source(&county(c).slug, notice(c, n).year),
        Page::Project(c, n, p) => urls::project(
            &county(c).slug,
            notice(c, n).year,
            &notice(c, n).projects[p].id,
        ),
    })
}

fn job(cx: &PageContext, page: Page) -> PageJob {
    let counties = cx.counties;
    match page {
        Page::Home => pages::home(cx),
        Page::Search => pages::search(cx),
        Page::NotFound => pages::not_found(cx),
        Page::County(c) => pages::county(cx, &counties[c]),
        Page::Notice(c, n) => pages::notice(cx, &counties[c], &counties[c].notices[n]),
        Page::Source(c, n) => {
            let notice = &counties[c].notices[n];
            pages::source(
                cx,
                &counties[c],
                notice,
                notice.source_text.as_deref().unwrap_or_default(),
            )
        }
        Page::Project(c, n, p) => {
            let notice = &counties[c].notices[n];
            project_page::project(cx, &counties[c], notice, &notice.projects[p])
        }
    }
}

fn render_page(theme: &Theme, job: &PageJob) -> Result<OutputFile, Diagnostic> {
    let html = theme
        .tera(job.lang)
        .render(job.template, &job.context)
        .map_err(|e| {
            Diagnostic::error(
                "template",
                format!(
                    "the page /{} could not be rendered with {}: {e}",
                    urls::in_lang(job.lang, &job.path),
                    job.template
                ),
            )
            .hint("fix the template in the theme's templates/ folder")
        })?;
    // Not minified: minify-html took 40% of a build's CPU to save 3.5% of
    // a page, the templates being written without indentation already.
    Ok(OutputFile {
        path: PathBuf::from(urls::in_lang(job.lang, &job.path)).join(job.file_name),
        bytes: html.into_bytes(),
    })
}

/// The images of one project, beside its page in both languages.
fn project_images(site: &Site, at: (usize, usize, usize)) -> Vec<OutputFile> {
    let county = &site.counties[at.0];
    let notice = &county.notices[at.1];
    let project = &notice.projects[at.2];
    images_of(
        project,
        &urls::project(&county.slug, notice.year, &project.id),
    )
}

/// Each report image beside its project page, in both languages.
fn report_images(site: &Site) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for county in &site.counties {
        for notice in &county.notices {
            for project in &notice.projects {
                files.extend(images_of(
                    project,
                    &urls::project(&county.slug, notice.year, &project.id),
                ));
            }
        }
    }
    files
}

fn images_of(project: &Project, page: &str) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for image in &project.images {
        for lang in Lang::ALL {
            files.push(OutputFile {
                path: PathBuf::from(urls::in_lang(lang, page)).join(&image.name),
                bytes: image.bytes.clone(),
            });
        }
    }
    files
}

/// Indented JSON for files people open; compact for the bulk downloads,
/// which are read by programs and would be half again as large indented.
#[derive(Clone, Copy)]
enum Layout {
    Pretty,
    Compact,
}

fn to_json(value: &impl serde::Serialize, layout: Layout) -> Result<Vec<u8>, Diagnostic> {
    let written = match layout {
        Layout::Pretty => serde_json::to_vec_pretty(value),
        Layout::Compact => serde_json::to_vec(value),
    };
    let mut bytes =
        written.map_err(|e| Diagnostic::error("data", format!("cannot write open data: {e}")))?;
    if let Layout::Pretty = layout {
        bytes.push(b'\n');
    }
    Ok(bytes)
}
