//! Files for search engines and old links: `sitemap.xml`, `robots.txt`,
//! and a redirect page at each former project id (`aliases:`).

use std::fmt::Write;
use std::path::PathBuf;

use super::theme::Theme;
use super::{OutputFile, urls};
use crate::model::{Content, Lang};

/// Every page once, in Chinese, with its English alternate (and vice versa).
pub fn sitemap(pages: &[String], base_url: &str) -> OutputFile {
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
        path: PathBuf::from("sitemap.xml"),
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
                            escape(&t.get("redirect.title")),
                            escape(&t.fill(
                                "redirect.text",
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
