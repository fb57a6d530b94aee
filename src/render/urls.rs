//! Page paths and links. Chinese pages at the root, English under `en/`.
//!
//! A page path is relative to the site root and ends with `/` (or is empty
//! for the home page). Links between pages are relative, so the site works
//! under any sub-path of a portal.

use crate::model::{CountySlug, Lang, ProjectId};

pub fn home() -> String {
    String::new()
}

pub fn county(county: &CountySlug) -> String {
    format!("{county}/")
}

pub fn notice(county: &CountySlug, year: u16) -> String {
    format!("{county}/{year}/")
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

/// The absolute URL of a site path under `base_url`.
pub fn absolute(base_url: &str, path: &str) -> String {
    format!("{}/{}", base_url.trim_end_matches('/'), path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Slug;

    #[test]
    fn builds_paths_and_relative_roots() {
        let wulong = Slug::parse("wulong").unwrap();
        let p11 = Slug::parse("g1-p11").unwrap();
        let page = in_lang(Lang::En, &project(&wulong, 2024, &p11));
        assert_eq!(page, "en/wulong/2024/g1-p11/");
        assert_eq!(root_from(&page), "../../../../");
        assert_eq!(root_from(&home()), "");
        assert_eq!(
            absolute("https://portal.example/zl/minsheng/", "wulong/"),
            "https://portal.example/zl/minsheng/wulong/"
        );
    }
}
