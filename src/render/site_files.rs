//! Files for search engines and old links: `sitemap.xml`, `robots.txt`,
//! a redirect page at each former project id (`aliases:`), and the report
//! images beside their project pages. The sitemaps follow the protocol
//! and are written here; the other text files are theme templates.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{OutputFile, urls};
use crate::diagnostic::Diagnostic;
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
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, part) in parts.iter().enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        let _ = writeln!(
            index,
            "<sitemap><loc>{}</loc></sitemap>",
            escape_xml(&urls::absolute(base_url, &name))
        );
        files.push(urlset(&name, part, base_url));
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutputFile::xml(PathBuf::from("sitemap.xml"), index));
    files
}

/// One sitemap, written straight out: at 1,000 counties it lists 44,000
/// URLs, which as a template context took 50 MiB.
fn urlset(name: &str, pages: &[String], base_url: &str) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in pages {
        let hrefs =
            Lang::ALL.map(|lang| escape_xml(&urls::absolute(base_url, &urls::in_lang(lang, page))));
        for loc in &hrefs {
            let _ = writeln!(xml, "<url><loc>{loc}</loc>");
            for (lang, href) in Lang::ALL.iter().zip(&hrefs) {
                let _ = writeln!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>",
                    lang.tag()
                );
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    OutputFile::xml(PathBuf::from(name), xml)
}

/// A URL as XML text: the five characters XML reserves, escaped.
fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c => escaped.push(c),
        }
    }
    escaped
}

pub fn robots(base_url: &str, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let mut context = tera::Context::new();
    context.insert("sitemap", &urls::absolute(base_url, "sitemap.xml"));
    from_template(theme, "robots.txt", &context, "robots.txt")
}

/// A page at each alias that sends readers and search engines to the project's current URL.
pub fn redirects(
    site: &Content,
    theme: &Theme,
    base_url: &str,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut files = Vec::new();
    for county in &site.counties {
        for notice in &county.notices {
            for project in &notice.projects {
                for alias in &project.record.aliases {
                    let old = urls::project(&county.slug, notice.year, alias);
                    let new = urls::project(&county.slug, notice.year, &project.id);
                    for lang in Lang::ALL {
                        let mut context = tera::Context::new();
                        context.insert("lang_tag", lang.tag());
                        context.insert(
                            "target",
                            &urls::absolute(base_url, &urls::in_lang(lang, &new)),
                        );
                        context.insert("relative", &format!("../{}/index.html", project.id));
                        context.insert(
                            "text",
                            &theme.strings(lang).fill(
                                key::REDIRECT_TEXT,
                                &[("name", project.record.name.get(lang).text)],
                            ),
                        );
                        let path = PathBuf::from(urls::in_lang(lang, &old)).join("index.html");
                        let what = format!("the redirect /{}", path.display());
                        // As text: a redirect is small, and all are kept until written.
                        let html = theme.render(lang, "redirect.html", &context, &what)?;
                        files.push(OutputFile {
                            path,
                            bytes: html.into_bytes(),
                        });
                    }
                }
            }
        }
    }
    Ok(files)
}

/// A language-neutral file made from a template.
fn from_template(
    theme: &Theme,
    template: &str,
    context: &tera::Context,
    path: &str,
) -> Result<OutputFile, Diagnostic> {
    let text = theme.render(Lang::Zh, template, context, &format!("/{path}"))?;
    let path = PathBuf::from(path);
    Ok(if path.extension().is_some_and(|e| e == "xml") {
        OutputFile::xml(path, text)
    } else {
        OutputFile {
            path,
            bytes: text.into_bytes(),
        }
    })
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
        assert!(first.contains(
            "<url><loc>https://x.example/en/c/1/</loc>\n<xhtml:link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://x.example/c/1/\"/>\n"
        ));
        assert_eq!(sitemap_in_parts(&pages, "https://x.example/", 10).len(), 1);
    }

    #[test]
    fn urls_are_escaped_as_xml() {
        let files = sitemap_in_parts(&["c/".to_string()], "https://x.example/?a=1&b='2'", 10);
        let xml = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(xml.contains("<loc>https://x.example/?a=1&amp;b=&apos;2&apos;/c/</loc>"));
        assert!(roxmltree::Document::parse(&xml).is_ok());
    }
}
