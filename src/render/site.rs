//! The site that may be published, and places in it.
//!
//! Only [`published`] makes a [`Site`]: it drops every notice that is not
//! public and every draft first, so no later step can leak them.

use std::ops::Deref;

use super::feeds::FeedTexts;
use crate::model::{Content, Notice, Project, ReportBodies};

/// A notice's place: indexes of its county and of itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeAt {
    pub county: usize,
    pub notice: usize,
}

/// A project's place: indexes of its county, its notice and itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectAt {
    pub county: usize,
    pub notice: usize,
    pub project: usize,
}

impl ProjectAt {
    pub fn notice(self) -> NoticeAt {
        NoticeAt {
            county: self.county,
            notice: self.notice,
        }
    }
}

/// The content that may be published: public notices only, counties that
/// have one, and no draft reports unless asked for; with the report bodies
/// its feeds show.
pub struct Site {
    content: Content,
    pub(super) texts: FeedTexts,
}

impl Deref for Site {
    type Target = Content;
    fn deref(&self) -> &Content {
        &self.content
    }
}

impl Site {
    /// Where a project is, by its county's slug, year and id.
    pub fn find_project(&self, county: &str, year: u16, id: &str) -> Option<ProjectAt> {
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
        Some(ProjectAt {
            county: c,
            notice: n,
            project: p,
        })
    }

    /// Puts a reloaded project in its place, under the same rule as
    /// `published`, and its bodies where the feeds find them.
    pub fn replace_project(
        &mut self,
        at: ProjectAt,
        mut project: Project,
        bodies: ReportBodies,
        drafts: bool,
    ) {
        project.reports.retain(|r| drafts || !r.front.draft);
        let county = &mut self.content.counties[at.county];
        self.texts.add(&county.slug, bodies);
        county.notices[at.notice].projects[at.project] = project;
    }

    pub fn notice(&self, at: NoticeAt) -> &Notice {
        &self.counties[at.county].notices[at.notice]
    }

    pub fn project(&self, at: ProjectAt) -> &Project {
        &self.notice(at.notice()).projects[at.project]
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

pub(super) fn drop_drafts(notice: &mut Notice, drafts: bool) {
    for project in &mut notice.projects {
        project.reports.retain(|r| drafts || !r.front.draft);
        project.images.retain(|i| drafts || !i.drafts_only);
    }
}
