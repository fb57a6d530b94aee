//! What every page is rendered with: the context (site, language, UI
//! strings, options), the meta block of the base template, and the trail of
//! breadcrumbs, which gives both the visible trail and the JSON-LD one.

use serde::Serialize;

use crate::model::{County, Date, Lang, Notice, ReportBodies, SiteRecord};
use crate::render::views::{Dashboard, DashboardEntry, Link, StatusContext, Text};
use crate::render::{RenderOptions, format, urls};
use crate::theme::{Strings, keys as key};

/// One step of a page's breadcrumb trail: a path below the language root and its name.
#[derive(Debug, Clone)]
pub struct Crumb {
    pub path: String,
    pub name: String,
}

/// The pages above a page, from the home page down.
#[derive(Debug, Clone, Default)]
pub struct Trail(pub Vec<Crumb>);

/// What every page knows about itself.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    pub lang: &'static str,
    pub lang_tag: &'static str,
    /// Relative path from this page to the site root, e.g. `../../`.
    pub root: String,
    /// This page's path below the language root.
    pub path: String,
    pub title: String,
    pub site_title: String,
    pub description: String,
    pub canonical: String,
    pub alternate: Link,
    pub home_href: String,
    pub search_href: String,
    pub alternate_lang_tag: &'static str,
    pub alternate_absolute: String,
    pub breadcrumbs: Vec<Link>,
    pub sample_data: bool,
    pub as_of: String,
    pub last_updated: Option<String>,
    /// The Atom feed that covers this page, relative to it.
    pub feed: Option<String>,
    /// Absolute URL of the picture shown when the page is shared.
    pub share_image: String,
    pub og_locale: &'static str,
    /// Structured data for search engines (JSON-LD), already escaped for a script element.
    pub json_ld: String,
    pub footer: Footer,
}

/// Who stands behind the site, on every page: what `site.yaml` says, and
/// the about and open-data pages.
#[derive(Debug, Clone, Serialize)]
pub struct Footer {
    pub publisher: Option<Text>,
    pub contact: Option<Text>,
    pub licence: Option<Text>,
    pub about_href: String,
    pub data_href: String,
}

/// A page ready for its template.
pub struct PageJob {
    pub template: &'static str,
    pub lang: Lang,
    pub path: String,
    /// The file written in the page's folder: `index.html`, or `404.html`.
    pub file_name: &'static str,
    /// `page` (the meta block) and `view` (the page's own view), ready for Tera.
    pub context: tera::Context,
}

pub struct PageContext<'a> {
    pub site: &'a SiteRecord,
    /// The counties the page may link to (for a project page rendered
    /// early, only its own).
    pub counties: &'a [County],
    /// The report bodies project pages show (empty for other pages).
    pub bodies: &'a ReportBodies,
    pub options: &'a RenderOptions,
    pub lang: Lang,
    pub t: &'a Strings,
    /// Sizes of the data files, for the download links.
    pub data_sizes: &'a std::collections::BTreeMap<std::path::PathBuf, usize>,
}

impl PageContext<'_> {
    pub fn status(&self) -> StatusContext {
        StatusContext {
            as_of: self.options.as_of,
            drafts: self.options.drafts,
        }
    }

    /// The meta block for a page at `path` (below the language root), under `trail`.
    pub fn meta(
        &self,
        path: &str,
        title: String,
        trail: Trail,
        updated: Option<Date>,
        feed: Option<&str>,
    ) -> PageMeta {
        let lang = self.lang;
        let here = urls::in_lang(lang, path);
        let root = urls::root_from(&here);
        let other = lang.other();
        let site_title = self.site.title.get(lang).text.to_string();
        let json_ld = json_ld(&[self.breadcrumb_list(&trail, path, &title)]);
        PageMeta {
            lang: lang.code(),
            lang_tag: lang.tag(),
            path: path.to_string(),
            title: title.clone(),
            description: self
                .site
                .description
                .as_ref()
                .map_or_else(|| site_title.clone(), |d| d.get(lang).text.to_string()),
            site_title,
            canonical: urls::absolute(&self.options.base_url, &here),
            alternate: Link {
                href: urls::link(&here, &urls::in_lang(other, path)),
                text: self.t.get(key::NAV_OTHER_LANGUAGE),
            },
            alternate_lang_tag: other.tag(),
            home_href: urls::link(&here, &urls::in_lang(lang, &urls::home())),
            search_href: urls::link(&here, &urls::in_lang(lang, "search/")),
            alternate_absolute: urls::absolute(&self.options.base_url, &urls::in_lang(other, path)),
            breadcrumbs: trail
                .0
                .into_iter()
                .map(|crumb| Link {
                    href: urls::link(&here, &urls::in_lang(lang, &crumb.path)),
                    text: crumb.name,
                })
                .collect(),
            sample_data: self.site.sample_data,
            as_of: format::date(lang, self.options.as_of),
            last_updated: updated.map(|d| {
                self.t
                    .fill(key::SITE_LAST_UPDATED, &[("date", &format::date(lang, d))])
            }),
            feed: feed.map(|f| self.href(path, f)),
            share_image: urls::absolute(&self.options.base_url, "static/share.png"),
            og_locale: match lang {
                Lang::Zh => "zh_CN",
                Lang::En => "en_GB",
            },
            json_ld,
            footer: Footer {
                publisher: self.site.publisher.as_ref().map(|p| Text::of(p, lang)),
                contact: self.site.contact.as_ref().map(|c| Text::of(c, lang)),
                licence: self.site.licence.as_ref().map(|l| Text::of(l, lang)),
                about_href: urls::link(&here, &urls::in_lang(lang, "about/")),
                data_href: urls::link(&here, &urls::in_lang(lang, "data/")),
            },
            root,
        }
    }

    /// schema.org BreadcrumbList: the trail from the home page, and the page itself.
    pub fn breadcrumb_list(&self, trail: &Trail, path: &str, title: &str) -> serde_json::Value {
        let here = Crumb {
            path: path.to_string(),
            name: title.to_string(),
        };
        let items: Vec<serde_json::Value> = trail
            .0
            .iter()
            .chain(std::iter::once(&here))
            .enumerate()
            .map(|(i, crumb)| {
                let url = urls::absolute(
                    &self.options.base_url,
                    &urls::in_lang(self.lang, &crumb.path),
                );
                serde_json::json!({"@type": "ListItem", "position": i + 1, "name": crumb.name, "item": url})
            })
            .collect();
        serde_json::json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
    }

    /// Home: the trail above the pages right below the home page.
    pub fn home_trail(&self) -> Trail {
        Trail(vec![Crumb {
            path: urls::home(),
            name: self.t.get(key::NAV_HOME),
        }])
    }

    /// Home › province (when it has a page): the trail above a county's page.
    pub fn province_trail(&self, county: &County) -> Trail {
        let mut trail = self.home_trail();
        if let Some(province) = &county.province {
            trail.0.push(Crumb {
                path: urls::province(&province.slug),
                name: province.name.get(self.lang).text.to_string(),
            });
        }
        trail
    }

    /// Home › province › county: the trail above a county's notice pages.
    pub fn county_trail(&self, county: &County) -> Trail {
        let mut trail = self.province_trail(county);
        trail.0.push(Crumb {
            path: urls::county(&county.slug),
            name: county.record.name.get(self.lang).text.to_string(),
        });
        trail
    }

    /// Home › county › notice: the trail above every page of a notice.
    pub fn notice_trail(&self, county: &County, notice: &Notice) -> Trail {
        let mut trail = self.county_trail(county);
        trail.0.push(Crumb {
            path: urls::notice(&county.slug, notice.year),
            name: self
                .t
                .fill(key::NOTICE_CRUMB, &[("year", &notice.year.to_string())]),
        });
        trail
    }

    /// A link between two paths of this page's language.
    pub fn href(&self, from: &str, to: &str) -> String {
        urls::link(
            &urls::in_lang(self.lang, from),
            &urls::in_lang(self.lang, to),
        )
    }

    pub fn job(
        &self,
        template: &'static str,
        path: String,
        meta: PageMeta,
        view: impl Serialize,
    ) -> PageJob {
        PageJob {
            template,
            lang: self.lang,
            path,
            file_name: "index.html",
            context: {
                let mut context = tera::Context::new();
                context.insert("page", &meta);
                context.insert("view", &view);
                context
            },
        }
    }

    pub fn dashboard<'a>(
        &self,
        from: &str,
        notices: impl IntoIterator<Item = (&'a County, &'a Notice)>,
    ) -> Dashboard {
        let entries: Vec<DashboardEntry> = notices
            .into_iter()
            .flat_map(|(county, notice)| {
                notice.projects.iter().map(move |project| DashboardEntry {
                    project,
                    county,
                    year: notice.year,
                    unit: notice.record.unit,
                    href: self.href(from, &urls::project(&county.slug, notice.year, &project.id)),
                    county_href: self.href(from, &urls::county(&county.slug)),
                })
            })
            .collect();
        Dashboard::of(&entries, &self.status(), self.lang, self.t)
    }
}

/// JSON-LD for a `<script type="application/ld+json">`: `<` is escaped so no
/// text in the data can close the script element.
pub fn json_ld(graph: &[serde_json::Value]) -> String {
    let value = if graph.len() == 1 {
        graph[0].clone()
    } else {
        serde_json::Value::Array(graph.to_vec())
    };
    value.to_string().replace('<', "\\u003c")
}
