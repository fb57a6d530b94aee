//! The HTML pages, one module per kind, each with its own view and template.
//!
//! A kind says where its pages are (once for the site, or one per county,
//! per notice or per project), the path of each, how to render it, whether
//! the sitemap lists it, and whether it shows what projects say, so `serve`
//! re-renders it after an edit to a project. [`KINDS`] lists them all:
//! adding a page kind is a module here, a line in [`KINDS`], a template and
//! its UI strings (README, "Adding a page").

mod about;
mod context;
mod county;
mod downloads;
mod home;
mod not_found;
mod notice;
mod project;
mod province;
mod search;
mod source;
mod summary;

pub use context::{PageContext, PageJob, Trail};

use crate::model::{County, Notice, Project, Province};
use crate::render::site::{NoticeAt, ProjectAt};

/// Every kind of page the site has.
pub const KINDS: &[PageKind] = &[
    home::KIND,
    search::KIND,
    about::KIND,
    downloads::KIND,
    not_found::KIND,
    province::KIND,
    county::KIND,
    notice::KIND,
    source::KIND,
    project::KIND,
];

/// A kind of page.
pub struct PageKind {
    pub pages: Pages,
    /// Listed in the sitemap (the 404 page is no page of its own).
    pub in_sitemap: bool,
    /// Shows what a project's record or reports say: `serve` re-renders the
    /// pages of this kind above an edited project.
    pub shows_projects: bool,
}

/// Where the pages of a kind are, their paths (below the language root)
/// and how each is rendered.
pub enum Pages {
    /// One page for the whole site.
    Site {
        path: fn() -> String,
        render: fn(&PageContext) -> PageJob,
    },
    /// One page per province that has one (its slug is in the glossary).
    Province {
        path: fn(&Province) -> String,
        render: fn(&PageContext, &Province) -> PageJob,
    },
    County {
        path: fn(&County) -> String,
        render: fn(&PageContext, &County) -> PageJob,
    },
    /// `path` is `None` where a notice has no page of this kind.
    Notice {
        path: fn(&County, &Notice) -> Option<String>,
        render: fn(&PageContext, &County, &Notice) -> PageJob,
    },
    Project {
        path: fn(&County, &Notice, &Project) -> String,
        render: fn(&PageContext, &County, &Notice, &Project) -> PageJob,
    },
}

/// Where one page is, by position in a slice of counties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    Site,
    /// A province, by the position of its first county.
    Province(usize),
    County(usize),
    Notice(NoticeAt),
    Project(ProjectAt),
}

impl At {
    /// Sorts places down the tree: the site, then each county followed by
    /// its notices, each notice followed by its projects.
    pub fn tree_order(self) -> (Option<usize>, Option<usize>, Option<usize>) {
        match self {
            At::Site | At::Province(_) => (None, None, None),
            At::County(c) => (Some(c), None, None),
            At::Notice(at) => (Some(at.county), Some(at.notice), None),
            At::Project(at) => (Some(at.county), Some(at.notice), Some(at.project)),
        }
    }
}

impl PageKind {
    /// Whether its pages are one per project (written county by county as the content loads).
    pub fn per_project(&self) -> bool {
        matches!(self.pages, Pages::Project { .. })
    }

    /// Every place in `counties` that has a page of this kind.
    pub fn places(&self, counties: &[County]) -> Vec<At> {
        let notices = || {
            counties.iter().enumerate().flat_map(|(c, county)| {
                (0..county.notices.len()).map(move |n| NoticeAt {
                    county: c,
                    notice: n,
                })
            })
        };
        match self.pages {
            Pages::Site { .. } => vec![At::Site],
            Pages::Province { .. } => first_of_each_province(counties)
                .into_iter()
                .map(At::Province)
                .collect(),
            Pages::County { .. } => (0..counties.len()).map(At::County).collect(),
            Pages::Notice { .. } => notices()
                .map(At::Notice)
                .filter(|at| self.path(counties, *at).is_some())
                .collect(),
            Pages::Project { .. } => notices()
                .flat_map(|at| {
                    let projects = counties[at.county].notices[at.notice].projects.len();
                    (0..projects).map(move |project| {
                        At::Project(ProjectAt {
                            county: at.county,
                            notice: at.notice,
                            project,
                        })
                    })
                })
                .collect(),
        }
    }

    /// The path of the page at `at`, when there is one.
    pub fn path(&self, counties: &[County], at: At) -> Option<String> {
        match (&self.pages, at) {
            (Pages::Site { path, .. }, At::Site) => Some(path()),
            (Pages::Province { path, .. }, At::Province(c)) => {
                counties.get(c)?.province.as_ref().map(path)
            }
            (Pages::County { path, .. }, At::County(c)) => counties.get(c).map(path),
            (Pages::Notice { path, .. }, At::Notice(at)) => {
                let county = counties.get(at.county)?;
                path(county, county.notices.get(at.notice)?)
            }
            (Pages::Project { path, .. }, At::Project(at)) => {
                let county = counties.get(at.county)?;
                let notice = county.notices.get(at.notice)?;
                Some(path(county, notice, notice.projects.get(at.project)?))
            }
            _ => None,
        }
    }

    /// The page at `at`, when there is one.
    pub fn render(&self, cx: &PageContext, at: At) -> Option<PageJob> {
        let counties = cx.counties;
        self.path(counties, at)?;
        match (&self.pages, at) {
            (Pages::Site { render, .. }, At::Site) => Some(render(cx)),
            (Pages::Province { render, .. }, At::Province(c)) => {
                counties[c].province.as_ref().map(|p| render(cx, p))
            }
            (Pages::County { render, .. }, At::County(c)) => Some(render(cx, &counties[c])),
            (Pages::Notice { render, .. }, At::Notice(at)) => {
                let county = &counties[at.county];
                Some(render(cx, county, &county.notices[at.notice]))
            }
            (Pages::Project { render, .. }, At::Project(at)) => {
                let county = &counties[at.county];
                let notice = &county.notices[at.notice];
                Some(render(cx, county, notice, &notice.projects[at.project]))
            }
            _ => None,
        }
    }

    /// Whether this kind has a page at `at`'s level: `at` is the project
    /// edited, or one of the places above it.
    pub fn is_at_level_of(&self, at: At) -> bool {
        matches!(
            (&self.pages, at),
            (Pages::Site { .. }, At::Site)
                | (Pages::Province { .. }, At::Province(_))
                | (Pages::County { .. }, At::County(_))
                | (Pages::Notice { .. }, At::Notice(_))
                | (Pages::Project { .. }, At::Project(_))
        )
    }
}

/// The position of each province's first county, in the order of `counties`.
fn first_of_each_province(counties: &[County]) -> Vec<usize> {
    let mut seen = std::collections::BTreeSet::new();
    counties
        .iter()
        .enumerate()
        .filter_map(|(c, county)| {
            let province = county.province.as_ref()?;
            seen.insert(&province.slug).then_some(c)
        })
        .collect()
}

/// The places on the way from the site down to a project: the site, its
/// province (when it has a page), its county, its notice and the project.
pub fn above(counties: &[County], at: ProjectAt) -> Vec<At> {
    let province = counties[at.county].province.as_ref().and_then(|p| {
        counties
            .iter()
            .position(|c| c.province.as_ref().is_some_and(|q| q.slug == p.slug))
    });
    let mut places = vec![At::Site];
    places.extend(province.map(At::Province));
    places.extend([
        At::County(at.county),
        At::Notice(NoticeAt {
            county: at.county,
            notice: at.notice,
        }),
        At::Project(at),
    ]);
    places
}
