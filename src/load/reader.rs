//! Reading the content folder: listing folders without following symbolic
//! links, and reading each text exactly once. The personal-data scan runs on
//! every text as it is read, so no later stage has to read a file again.

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::yaml;
use crate::diagnostic::Diagnostic;
use crate::model::records::ProjectRecord;

/// Reads files for the loader, scanning each for personal data.
#[derive(Clone, Copy)]
pub(crate) struct Reader<'a> {
    /// Contacts `site.yaml` allows to be published (official office addresses).
    pub allowed: &'a [String],
    /// False only for a county known to hold nothing the scans would find.
    pub scans: bool,
}

impl Reader<'_> {
    /// Reads a text file; personal data in it is reported, and it is still returned.
    pub fn text(&self, file: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
        let text = take(yaml::read_text(file), diagnostics)?;
        self.scan(file, &text, diagnostics);
        Some(text)
    }

    /// Reads and parses a record file.
    pub fn record<T: DeserializeOwned>(
        &self,
        file: &Path,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let text = self.text(file, diagnostics)?;
        yaml::parse_all(file, &text)
            .map_err(|found| diagnostics.extend(found))
            .ok()
    }

    /// Reads and parses a project record.
    pub fn project(&self, file: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<ProjectRecord> {
        let text = self.text(file, diagnostics)?;
        super::parse_project(file, &text)
            .map_err(|found| diagnostics.extend(found))
            .ok()
    }

    /// Reports personal data in a text read by other means.
    pub fn scan(&self, file: &Path, text: &str, diagnostics: &mut Vec<Diagnostic>) {
        if !self.scans {
            return;
        }
        diagnostics.extend(crate::check::scan_personal_data(file, text, self.allowed));
        diagnostics.extend(crate::check::scan_control_characters(file, text));
    }

    /// Reports personal data in the name of a file that is published under its name.
    pub fn scan_name(&self, file: &Path, diagnostics: &mut Vec<Diagnostic>) {
        if !self.scans {
            return;
        }
        diagnostics.extend(crate::check::scan_personal_data_in_name(file, self.allowed));
    }
}

/// One entry of a content folder.
pub(crate) struct Entry {
    pub name: String,
    pub path: PathBuf,
    pub is_dir: bool,
}

/// The entries of a folder, sorted by name, hidden ones skipped; symbolic
/// links are reported, not followed. The kind comes from the folder listing,
/// so no entry costs a `stat`.
pub(crate) fn entries(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let read = match fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) => {
            diagnostics.push(
                Diagnostic::io("unreadable", format!("cannot read this folder: {e}")).in_file(dir),
            );
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    for entry in read.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            diagnostics.push(
                Diagnostic::error("unreadable", "cannot tell what kind of file this is")
                    .in_file(&path),
            );
            continue;
        };
        if kind.is_symlink() {
            diagnostics.push(
                Diagnostic::error("symlink", "symbolic links are not followed in content/")
                    .in_file(&path)
                    .hint("copy the file into content/ instead of linking to it"),
            );
            continue;
        }
        entries.push(Entry {
            name,
            path,
            is_dir: kind.is_dir(),
        });
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    entries
}

pub(crate) fn unexpected(path: &Path, expected: &str) -> Diagnostic {
    Diagnostic::error(
        "unexpected-file",
        "this file or folder is not part of the content layout",
    )
    .in_file(path)
    .hint(format!("expected here: {expected}; move or delete it"))
}

pub(crate) fn take<T>(
    result: Result<T, Diagnostic>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    result.map_err(|d| diagnostics.push(d)).ok()
}
