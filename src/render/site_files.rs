//! Files for search engines and old links: `sitemap.xml`, `robots.txt`,
//! and a redirect page at each former project id (`aliases:`).

use std::fmt::Write;
use std::path::PathBuf;

use super::{OutputFile, urls};
use crate::model::{Content, Lang, Project};
use crate::theme::{Theme, keys as key};

/// The sitemap protocol's limit of URLs in one file.
const SITEMAP_URLS: usize = 50_000;

/// Every page once per language, with its alternates: `sitemap.xml`, or,
/// past the protocol's 50,000 URLs, `sitemap.xml` as an index of
/// `sitemap-1.xml`, `sitemap-2.xml` ….
pub fn sitemap(pages: &[String], base_url: &str) -> Vec<OutputFile> {
    sitemap_in_parts(pages, base_url, SITEMAP_URLS / Lang::ALL.len())
}

fn sitemap_in_parts(pages: &[String], base_url: &str, pages_per_file: usize) -> Vec<OutputFile> {
    let parts: Vec<&[String]> = pages.chunks(pages_per_file.max(1)).collect();
    if parts.len() <= 1 {
        return vec![urlset("sitemap.xml", pages, base_url)];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        let _ = writeln!(
            index,
            "<sitemap><loc>{}</loc></sitemap>",
            urls::absolute(base_url, &name)
        );
        files.push(urlset(&name, part, base_url));
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutputFile {
        path: PathBuf::from("sitemap.xml"),
        bytes: index.into_bytes(),
    });
    files
}

fn urlset(name: &str, pages: &[String], base_url: &str) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in pages {
        for lang in Lang::ALL {
            let _ = writeln!(
                xml,
                "<url><loc>{}</loc>",
                urls::absolute(base_url, &urls::in_lang(lang, page))
            );
            for alternate in Lang::ALL {
                let href = urls::absolute(base_url, &urls::in_lang(alternate, page));
                let _ = writeln!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>",
                    alternate.tag()
                );
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: PathBuf::from(name),
        bytes: xml.into_bytes(),
    }
}

pub fn robots(base_url: &str) -> OutputFile {
    let text = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls::absolute(base_url, "sitemap.xml")
    );
    OutputFile {
        path: PathBuf::from("robots.txt"),
        bytes: text.into_bytes(),
    }
}

/// A page at each alias that sends readers and search engines to the project's current URL.
pub fn redirects(site: &Content, theme: &Theme, base_url: &str) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for county in &site.counties {
        for notice in &county.notices {
            for project in &notice.projects {
                for alias in &project.record.aliases {
                    let old = urls::project(&county.slug, notice.year, alias);
                    let new = urls::project(&county.slug, notice.year, &project.id);
                    for lang in Lang::ALL {
                        let t = theme.strings(lang);
                        let target = urls::absolute(base_url, &urls::in_lang(lang, &new));
                        let relative = format!("../{}/index.html", project.id);
                        let html = format!(
                            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><link rel=\"canonical\" href=\"{target}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={relative}\"></head><body><p><a href=\"{relative}\">{}</a></p></body></html>\n",
                            lang.tag(),
                            escape(&t.get(key::REDIRECT_TITLE)),
                            escape(&t.fill(
                                key::REDIRECT_TEXT,
                                &[("name", project.record.name.get(lang).text)]
                            )),
                        );
                        files.push(OutputFile {
                            path: PathBuf::from(urls::in_lang(lang, &old)).join("index.html"),
                            bytes: html.into_bytes(),
                        });
                    }
                }
            }
        }
    }
    files
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Each report image beside its project page, in both languages.
pub fn report_images(site: &Content) -> Vec<OutputFile> {
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

/// A project's images beside its page (`page`), in both languages.
pub fn images_of(project: &Project, page: &str) -> Vec<OutputFile> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_site_gets_a_sitemap_index() {
        let pages: Vec<String> = (0..5).map(|i| format!("c/{i}/")).collect();
        let files = sitemap_in_parts(&pages, "https://x.example/", 2);
        let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = String::from_utf8(files[3].bytes.clone()).unwrap();
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://x.example/sitemap-3.xml</loc>"));
        let first = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert_eq!(first.matches("<url>").count(), 4, "2 pages in 2 languages");
        assert_eq!(sitemap_in_parts(&pages, "https://x.example/", 10).len(), 1);
    }
}
