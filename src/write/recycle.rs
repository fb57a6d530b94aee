//! The old site, kept to become the next build's staging folder.
//!
//! After a commit, the site it replaced shares almost every file with the
//! new one (an unchanged file is one inode in both). Removing it, and
//! linking every unchanged file into a new staging folder on the next
//! build, are two metadata changes per file of the site: on a journalled
//! disk they made a one-report rebuild of 5,000 counties almost as slow as
//! a full build. So the old site is kept in `.public.cache/old-site/` and
//! the next build stages into it: a file that already is the live site's
//! unchanged file is left alone, and at the end what the new site does not
//! have is pruned. The folder is only ever a shortcut: a build trusts
//! nothing in it but its inode numbers, and deleting it costs the next
//! build the time it saves.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// How removing a file fails when this build removed it first.
const GONE: [io::ErrorKind; 3] = [
    io::ErrorKind::NotFound,
    io::ErrorKind::NotADirectory,
    io::ErrorKind::IsADirectory,
];

/// What a recycled staging folder held when the build began.
pub struct OldSite {
    /// Its files, relative to it.
    files: Vec<PathBuf>,
    /// Its folders that held nothing, relative to it.
    empty_folders: Vec<PathBuf>,
}

impl OldSite {
    /// Lists the old site at `dir`, removing anything that is neither a
    /// file nor a folder (a symbolic link there must never be written through).
    pub fn open(dir: &Path) -> io::Result<OldSite> {
        let mut site = OldSite {
            files: Vec::new(),
            empty_folders: Vec::new(),
        };
        list(dir, Path::new(""), &mut site)?;
        Ok(site)
    }

    /// Removes what the new site does not have: every file not in `claimed`,
    /// then the folders that leaves empty, deepest first.
    pub fn prune(self, dir: &Path, claimed: &HashSet<PathBuf>) -> io::Result<()> {
        let stale: Vec<&PathBuf> = self
            .files
            .iter()
            .filter(|f| !claimed.contains(*f))
            .collect();
        stale
            .par_iter()
            .try_for_each(|file| match fs::remove_file(dir.join(file)) {
                // Gone already, with a folder it was in, to make way for a
                // file of the new site, or to make way for a new folder.
                Err(e) if GONE.contains(&e.kind()) => Ok(()),
                other => other,
            })?;
        let mut folders: Vec<&Path> = stale
            .iter()
            .flat_map(|f| f.ancestors().skip(1))
            .chain(self.empty_folders.iter().map(PathBuf::as_path))
            .filter(|f| !f.as_os_str().is_empty())
            .collect();
        folders.sort_unstable_by(|a, b| {
            let depth = |p: &Path| p.components().count();
            depth(b).cmp(&depth(a)).then(a.cmp(b))
        });
        folders.dedup();
        for folder in folders {
            // Not empty: the new site has files there. Gone: cleared for a file.
            let _ = fs::remove_dir(dir.join(folder));
        }
        Ok(())
    }
}

/// Adds what is below `dir.join(below)` to `site`, folders in parallel.
fn list(dir: &Path, below: &Path, site: &mut OldSite) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir.join(below))?.collect::<io::Result<_>>()?;
    if entries.is_empty() {
        site.empty_folders.push(below.to_path_buf());
        return Ok(());
    }
    let found: Vec<io::Result<OldSite>> = entries
        .par_iter()
        .map(|entry| {
            let path = below.join(entry.file_name());
            let mut found = OldSite {
                files: Vec::new(),
                empty_folders: Vec::new(),
            };
            let kind = entry.file_type()?;
            if kind.is_dir() {
                list(dir, &path, &mut found)?;
            } else if kind.is_file() {
                found.files.push(path);
            } else {
                fs::remove_file(entry.path())?;
            }
            Ok(found)
        })
        .collect();
    for found in found {
        let found = found?;
        site.files.extend(found.files);
        site.empty_folders.extend(found.empty_folders);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;
    use crate::render::OutputFile;
    use crate::write::{MARKER, MARKER_TEXT, Staging, WriteError};

    fn publish(out: &Path, files: &[(&str, &str)]) -> Result<(), WriteError> {
        let staging = Staging::begin(out)?;
        for (path, text) in files {
            staging.write(&OutputFile {
                path: PathBuf::from(path),
                bytes: text.as_bytes().to_vec(),
            })?;
        }
        staging.commit().map(|_| ())
    }

    /// Every file below `dir`, with its text; panics on anything else.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut files = Vec::new();
        let mut folders = vec![dir.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in fs::read_dir(&folder).unwrap() {
                let entry = entry.unwrap();
                let kind = entry.file_type().unwrap();
                if kind.is_dir() {
                    folders.push(entry.path());
                } else {
                    assert!(kind.is_file(), "{:?}", entry.path());
                    let name = entry.path().strip_prefix(dir).unwrap().to_owned();
                    let text = fs::read_to_string(entry.path()).unwrap();
                    files.push((name.to_string_lossy().into_owned(), text));
                }
            }
        }
        files.sort();
        files
    }

    /// Inode and change time: a file that is linked, renamed or written changes them.
    fn touched(path: &Path) -> (u64, i64, i64) {
        let meta = fs::symlink_metadata(path).unwrap();
        (meta.ino(), meta.ctime(), meta.ctime_nsec())
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("minsheng-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_rebuild_stages_into_the_old_site_and_touches_no_unchanged_file() {
        let dir = scratch("recycle");
        let out = dir.join("public");
        let old = dir.join(".public.cache/old-site");
        // Enough unchanged files that the replaced site is kept each time.
        let same = [("f/1.html", "1"), ("f/2.html", "2"), ("f/3.html", "3")];
        let site = [("a.html", "a"), ("b/index.html", "b"), ("c.html", "c")];
        publish(&out, &[&site[..], &same].concat()).unwrap();
        assert!(!old.exists(), "a first build replaces no site");
        let second = [("a.html", "a"), ("b/index.html", "b"), ("c.html", "c2")];
        publish(&out, &[&second[..], &same].concat()).unwrap();
        assert!(old.join("c.html").is_file(), "the replaced site is kept");

        // What an old site may hold that the next one must not: a file where
        // a folder goes, a folder where a file goes, a link to elsewhere, an
        // empty folder, a file an interrupted build left, a page since removed.
        let elsewhere = dir.join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(old.join("d"), "a file where a folder goes").unwrap();
        fs::create_dir_all(old.join("e.html/x")).unwrap();
        fs::write(old.join("e.html/x/y"), "in a folder where a file goes").unwrap();
        std::os::unix::fs::symlink(&elsewhere, old.join("link")).unwrap();
        fs::create_dir_all(old.join("empty")).unwrap();
        fs::write(old.join("b/.new.index.html"), "left by a killed build").unwrap();
        fs::write(old.join("gone.html"), "a page since removed").unwrap();
        let a = touched(&out.join("a.html"));
        let b = touched(&out.join("b/index.html"));

        let next = [
            ("a.html", "a"),
            ("b/index.html", "b"),
            ("c.html", "c3"),
            ("d/index.html", "d"),
            ("e.html", "e"),
            ("link/index.html", "l"),
        ];
        let next = [&next[..], &same].concat();
        publish(&out, &next).unwrap();
        let mut expected: Vec<(String, String)> = next
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        expected.push((MARKER.to_string(), MARKER_TEXT.to_string()));
        expected.sort();
        assert_eq!(tree(&out), expected);
        assert_eq!(touched(&out.join("a.html")), a, "not linked, not renamed");
        assert_eq!(touched(&out.join("b/index.html")), b);
        assert_eq!(tree(&elsewhere), [], "nothing written through the link");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_old_site_that_is_a_link_is_removed_not_written_through() {
        let dir = scratch("recycle-link");
        let out = dir.join("public");
        let old = dir.join(".public.cache/old-site");
        let site = [("a.html", "a"), ("b.html", "b"), ("c.html", "c")];
        publish(&out, &site).unwrap();
        publish(&out, &site).unwrap();
        let elsewhere = dir.join("elsewhere");
        fs::rename(&old, &elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &old).unwrap();
        let there = tree(&elsewhere);
        publish(&out, &[("a.html", "a2"), ("b.html", "b"), ("c.html", "c")]).unwrap();
        assert_eq!(tree(&elsewhere), there);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "a2");
        assert!(fs::symlink_metadata(&old).unwrap().is_dir());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_rebuild_that_changes_most_files_removes_the_old_site() {
        let dir = scratch("recycle-most");
        let out = dir.join("public");
        let old = dir.join(".public.cache/old-site");
        publish(&out, &[("a.html", "a"), ("b.html", "b"), ("c.html", "c")]).unwrap();
        publish(&out, &[("a.html", "a"), ("b.html", "b"), ("c.html", "c2")]).unwrap();
        assert!(old.is_dir());
        publish(
            &out,
            &[("a.html", "a2"), ("b.html", "b2"), ("c.html", "c3")],
        )
        .unwrap();
        assert!(!old.exists(), "a second copy of the site is not kept");
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "b2");
        publish(
            &out,
            &[("a.html", "a2"), ("b.html", "b2"), ("c.html", "c3")],
        )
        .unwrap();
        assert!(old.is_dir());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn two_files_of_one_path_fail_in_a_recycled_folder_too() {
        let dir = scratch("recycle-twice");
        let out = dir.join("public");
        publish(&out, &[("a.html", "a"), ("b/index.html", "b")]).unwrap();
        publish(&out, &[("a.html", "a"), ("b/index.html", "b")]).unwrap();
        let before = tree(&out);
        for files in [
            [("a.html", "a"), ("a.html", "again")],
            [
                ("b/index.html", "b"),
                ("b", "a file where this build made a folder"),
            ],
            [("b", "a file"), ("b/index.html", "needs b to be a folder")],
        ] {
            assert!(dir.join(".public.cache/old-site").is_dir());
            assert!(publish(&out, &files).is_err(), "{files:?}");
            assert_eq!(tree(&out), before, "{files:?}");
        }
        let _ = fs::remove_dir_all(&dir);
    }
}
