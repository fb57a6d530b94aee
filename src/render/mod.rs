//! Render: `&Content` + options → the files of the site, in memory.
//!
//! Only public notices are rendered; `published` drops everything else
//! first, so no later step can leak a withheld record or a draft. No file
//! I/O happens here: `write` puts the result on disk.

mod chart;
mod csv;
pub mod data;
mod feeds;
pub mod format;
pub mod markdown;
pub mod oc4ids;
mod pages;
mod project_page;
mod search;
mod site_files;
pub mod theme;
pub mod urls;
pub mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::{Content, Date, Lang};
use pages::{PageContext, PageJob};
use theme::Theme;

pub struct RenderOptions {
    /// Where the site is published; absolute links and feeds use it.
    pub base_url: String,
    /// The date that decides what is overdue.
    pub as_of: Date,
    /// Include draft reports (preview only).
    pub drafts: bool,
    pub minify: bool,
    /// Told (pages done, pages in all) as pages render, e.g. to draw a progress bar.
    pub progress: Option<&'static (dyn Fn(usize, usize) + Sync)>,
}

/// One file of the built site, with its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The part of the content that may be published: public notices only,
/// counties that have one, and no draft reports unless asked for.
pub fn published(content: &Content, drafts: bool) -> Content {
    let mut site = content.clone();
    for county in &mut site.counties {
        county.notices.retain(|n| n.is_public());
        for notice in &mut county.notices {
            for project in &mut notice.projects {
                project.reports.retain(|r| drafts || !r.front.draft);
            }
        }
    }
    site.counties.retain(|c| !c.notices.is_empty());
    site
}

pub fn render(
    content: &Content,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let site = published(content, options.drafts);
    let mut files = data_files(&site, theme, options).map_err(|e| vec![e])?;
    let sizes: BTreeMap<PathBuf, usize> = files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.len()))
        .collect();
    let jobs: Vec<PageJob> = Lang::ALL
        .iter()
        .flat_map(|&lang| page_jobs(&site, theme, options, lang, &sizes))
        .collect();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let rendered: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let page = render_page(theme, job, options);
            let count = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if let Some(progress) = options
                .progress
                .filter(|_| count.is_multiple_of(500) || count == jobs.len())
            {
                progress(count, jobs.len());
            }
            page
        })
        .collect();
    let mut problems = Vec::new();
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for lang in Lang::ALL {
        let cx = feeds::FeedContext {
            site: &site,
            lang,
            t: theme.strings(lang),
            base_url: &options.base_url,
        };
        files.extend(feeds::feeds(&cx).into_iter().map(|feed| OutputFile {
            path: PathBuf::from(urls::in_lang(lang, &feed.path)),
            bytes: feed.xml.into_bytes(),
        }));
    }
    let pages: Vec<String> = files
        .iter()
        .filter_map(|f| f.path.to_str())
        .filter(|p| p.ends_with("index.html") && !p.starts_with("en/"))
        .map(|p| p.trim_end_matches("index.html").to_string())
        .collect();
    files.push(site_files::sitemap(&pages, &options.base_url));
    files.push(site_files::robots(&options.base_url));
    files.extend(report_images(&site));
    files.extend(search::index(&site, options.drafts));
    files.extend(site_files::redirects(&site, theme, &options.base_url));
    files.extend(theme.static_files.iter().map(|(path, bytes)| OutputFile {
        path: PathBuf::from("static").join(path),
        bytes: bytes.clone(),
    }));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn page_jobs(
    site: &Content,
    theme: &Theme,
    options: &RenderOptions,
    lang: Lang,
    data_sizes: &BTreeMap<PathBuf, usize>,
) -> Vec<PageJob> {
    let cx = PageContext {
        content: site,
        options,
        lang,
        t: theme.strings(lang),
        data_sizes,
    };
    let mut jobs = vec![pages::home(&cx), pages::search(&cx), pages::not_found(&cx)];
    for county in &site.counties {
        jobs.push(pages::county(&cx, county));
        for notice in &county.notices {
            jobs.push(pages::notice(&cx, county, notice));
            if let Some(text) = &notice.source_text {
                jobs.push(pages::source(&cx, county, notice, text));
            }
            let projects: Vec<PageJob> = notice
                .projects
                .par_iter()
                .map(|p| project_page::project(&cx, county, notice, p))
                .collect();
            jobs.extend(projects);
        }
    }
    jobs
}

fn render_page(
    theme: &Theme,
    job: &PageJob,
    options: &RenderOptions,
) -> Result<OutputFile, Diagnostic> {
    let mut context = tera::Context::new();
    context.insert("page", &job.meta);
    context.insert("view", &job.view);
    context.insert("t", theme.strings(job.lang).map());
    let html = theme.tera.render(job.template, &context).map_err(|e| {
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
    let bytes = if options.minify {
        minify(html.as_bytes())
    } else {
        html.into_bytes()
    };
    Ok(OutputFile {
        path: PathBuf::from(urls::in_lang(job.lang, &job.path)).join(job.file_name),
        bytes,
    })
}

/// Each report image beside its project page, in both languages.
fn report_images(site: &Content) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for county in &site.counties {
        for notice in &county.notices {
            for project in &notice.projects {
                let page = urls::project(&county.slug, notice.year, &project.id);
                for image in &project.images {
                    for lang in Lang::ALL {
                        files.push(OutputFile {
                            path: PathBuf::from(urls::in_lang(lang, &page)).join(&image.name),
                            bytes: image.bytes.clone(),
                        });
                    }
                }
            }
        }
    }
    files
}

fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
}

fn data_files(
    site: &Content,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let cx = data::DataContext {
        base_url: &options.base_url,
        as_of: options.as_of,
        drafts: options.drafts,
    };
    let mut files = Vec::new();
    let mut all = Vec::new();
    for county in &site.counties {
        for notice in &county.notices {
            let data = data::notice(county, notice, &cx);
            files.push(OutputFile {
                path: PathBuf::from(urls::data(&county.slug, notice.year, "json")),
                bytes: to_json(&data)?,
            });
            all.push(data);
            files.push(OutputFile {
                path: PathBuf::from(urls::data(&county.slug, notice.year, "csv")),
                bytes: csv::notice(county, notice, &cx),
            });
            if !notice.projects.is_empty() {
                for lang in Lang::ALL {
                    files.push(OutputFile {
                        path: PathBuf::from(oc4ids::path(&county.slug, notice.year, lang)),
                        bytes: to_json(&oc4ids::package(
                            county,
                            notice,
                            lang,
                            theme.strings(lang),
                            &cx,
                        ))?,
                    });
                }
            }
        }
    }
    files.push(OutputFile {
        path: PathBuf::from("data/schema.json"),
        bytes: include_bytes!("data_schema.json").to_vec(),
    });
    files.push(OutputFile {
        path: PathBuf::from("data/all.json"),
        bytes: to_json(&data::AllData { notices: all })?,
    });
    Ok(files)
}

fn to_json(value: &impl serde::Serialize) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| Diagnostic::error("data", format!("cannot write open data: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}
