//! Page paths and links. Chinese pages at the root, English under `en/`.
//!
//! A page path is relative to the site root and ends with `/` (or is empty
//! for the home page). Links between pages are relative, so the site works
//! under any sub-path of a portal.

use crate::model::{CountySlug, Lang, ProjectId, ProvinceSlug};

/// The folders the site writes at its root beside the county folders: a
/// county named like one would have its pages written over the site's.
pub const SITE_FOLDERS: [&str; 5] = ["about", "data", "en", "search", "static"];

/// The folders the site writes in a notice's folder beside its projects'.
pub const NOTICE_FOLDERS: [&str; 1] = ["source"];

pub fn home() -> String {
    String::new()
}

pub fn province(province: &ProvinceSlug) -> String {
    format!("{province}/")
}

pub fn county(county: &CountySlug) -> String {
    format!("{county}/")
}

pub fn notice(county: &CountySlug, year: u16) -> String {
    format!("{county}/{year}/")
}

/// The feed of the page in `folder` (a county's or a notice's).
pub fn feed(folder: &str) -> String {
    format!("{folder}feed.xml")
}

pub fn project(county: &CountySlug, year: u16, project: &ProjectId) -> String {
    format!("{county}/{year}/{project}/")
}

pub fn source(county: &CountySlug, year: u16) -> String {
    format!("{county}/{year}/source/")
}

pub fn data(county: &CountySlug, year: u16, extension: &str) -> String {
    format!("data/{county}-{year}.{extension}")
}

/// The path of a page in one language: `en/wulong/` or `wulong/`.
pub fn in_lang(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => path.to_string(),
        Lang::En => format!("en/{path}"),
    }
}

/// `../../` from a page at `path` back to the site root.
pub fn root_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A relative link from one output path to another. Links to pages name
/// their `index.html`, so the site also works opened from disk (`file://`),
/// where a folder does not open its index page.
pub fn link(from: &str, to: &str) -> String {
    let file = if to.is_empty() || to.ends_with('/') {
        "index.html"
    } else {
        ""
    };
    format!("{}{to}{file}", root_from(from))
}

/// The absolute URL of a site path under `base_url`.
pub fn absolute(base_url: &str, path: &str) -> String {
    format!("{}/{}", base_url.trim_end_matches('/'), path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CountySlug, ProjectId};

    #[test]
    fn builds_paths_and_relative_roots() {
        let wulong = CountySlug::parse("wulong").unwrap();
        let p11 = ProjectId::parse("g1-p11").unwrap();
        let page = in_lang(Lang::En, &project(&wulong, 2024, &p11));
        assert_eq!(page, "en/wulong/2024/g1-p11/");
        assert_eq!(root_from(&page), "../../../../");
        assert_eq!(root_from(&home()), "");
        assert_eq!(
            link("en/wulong/", "en/wulong/2024/"),
            "../../en/wulong/2024/index.html"
        );
        assert_eq!(link("", ""), "index.html");
        assert_eq!(
            link("wulong/2024/", "wulong/2024/feed.xml"),
            "../../wulong/2024/feed.xml"
        );
        assert_eq!(
            absolute("https://portal.example/zl/minsheng/", "wulong/"),
            "https://portal.example/zl/minsheng/wulong/"
        );
    }
}
