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
//! have is pruned.
//!
//! It is kept only once it holds nothing the live site does not: after the
//! swap, the files the new site dropped and the former versions of those
//! it changed are removed from it, found with the list of files
//! (`.public.cache/site-files`) the commit before left; without that list
//! it is removed instead. The folder is only ever a shortcut: a build
//! trusts nothing in it but its inode numbers (it is listed afresh, links
//! and all, when it is recycled), and deleting it costs the next build the
//! time it saves.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::{WriteError, sibling};

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
    /// Its folders that held nothing, or only what listing it removed.
    maybe_empty: Vec<PathBuf>,
}

impl OldSite {
    /// Lists the old site at `dir`, removing anything that is neither a
    /// file nor a folder (a symbolic link there must never be written through).
    pub fn open(dir: &Path) -> io::Result<OldSite> {
        let mut site = OldSite {
            files: Vec::new(),
            maybe_empty: Vec::new(),
        };
        list(dir, Path::new(""), &mut site)?;
        Ok(site)
    }

    /// Removes what the new site does not have: every file not in `claimed`,
    /// then every folder that leaves empty, deepest first (a full build
    /// makes no empty folder either).
    pub fn prune(self, dir: &Path, claimed: &HashSet<PathBuf>) -> io::Result<()> {
        let stale: Vec<&PathBuf> = self
            .files
            .iter()
            .filter(|f| !claimed.contains(*f))
            .collect();
        remove_files(dir, &stale)?;
        let folders = stale.iter().flat_map(|f| f.ancestors().skip(1));
        remove_empty_folders(
            dir,
            folders.chain(self.maybe_empty.iter().flat_map(|f| f.ancestors())),
        );
        Ok(())
    }
}

/// Moves the old site kept by the last commit to `staging` when the output
/// that replaced it is still there to link from, and lists it; removes it
/// otherwise. Trouble with it only costs the shortcut, unless what it
/// leaves cannot be removed.
pub fn recycle(out: &Path, staging: &Path, earlier: bool) -> Result<Option<OldSite>, WriteError> {
    let kept = old_site(out);
    let Ok(meta) = fs::symlink_metadata(&kept) else {
        return Ok(None);
    };
    // Never a link: the build would write through it.
    if !meta.is_dir() {
        let _ = fs::remove_file(&kept);
        return Ok(None);
    }
    // Only where names are compared byte for byte: on a file system that
    // ignores case (macOS's default; on Linux, ext4's and f2fs's casefold
    // folders, CIFS), `Photo.jpg` renamed `photo.jpg` would be the same
    // file to the build, and pruned as the old name. Such a folder finds
    // the marker by its upper-case name.
    let folds_case = fs::symlink_metadata(kept.join(super::MARKER.to_uppercase())).is_ok();
    if !earlier || !cfg!(target_os = "linux") || folds_case || fs::rename(&kept, staging).is_err() {
        let _ = super::staging::remove_site(&kept);
        return Ok(None);
    }
    match OldSite::open(staging) {
        Ok(site) => Ok(Some(site)),
        Err(_) => super::staging::remove_site(staging)
            .map(|()| None)
            .map_err(|source| WriteError::Leftover {
                path: staging.to_path_buf(),
                source,
            }),
    }
}

/// Where the site a commit replaced is kept: `public` →
/// `.public.cache/old-site`, inside the cache folder that is safe to delete.
pub fn old_site(out: &Path) -> PathBuf {
    sibling(out, "cache").join("old-site")
}

/// Where the list of the live site's files is kept: what the next commit
/// removes from the site it replaces, before keeping it.
fn site_list(out: &Path) -> PathBuf {
    sibling(out, "cache").join("site-files")
}

/// Notes the files of the site just committed, by path, for the next commit,
/// after the inode of the folder they are in (a site put in its place by
/// other means is not the one listed). A list that cannot be written only
/// costs that commit the old site.
pub fn list_site(out: &Path, files: &HashSet<PathBuf>) {
    let Some(folder) = folder_inode(out) else {
        return;
    };
    let mut text = format!("{folder}").into_bytes();
    text.push(0);
    for file in files {
        // A file name may hold any byte but NUL.
        text.extend_from_slice(file.as_os_str().as_bytes());
        text.push(0);
    }
    let list = site_list(out);
    let partial = list.with_extension("tmp");
    let listed = list.parent().is_some_and(|p| fs::create_dir_all(p).is_ok())
        && fs::write(&partial, text).is_ok()
        && fs::rename(&partial, &list).is_ok();
    if !listed {
        let _ = fs::remove_file(&list);
    }
}

/// Takes the list of the live site's files, before the commit replaces
/// that site; `None` when there is none. Taken, not read: a commit killed
/// before it lists the new site leaves no list that would be wrong.
pub fn take_site_list(out: &Path) -> Option<Vec<PathBuf>> {
    let list = site_list(out);
    let text = fs::read(&list).ok();
    let _ = fs::remove_file(&list);
    let text = text?;
    let mut entries = text.split(|b| *b == 0);
    let folder = std::str::from_utf8(entries.next()?)
        .ok()?
        .parse::<u64>()
        .ok()?;
    if folder_inode(out) != Some(folder) {
        return None;
    }
    entries
        .filter(|name| !name.is_empty())
        .map(|name| {
            let path = PathBuf::from(OsStr::from_bytes(name));
            let inside = path.components().all(|c| matches!(c, Component::Normal(_)));
            inside.then_some(path)
        })
        .collect()
}

fn folder_inode(out: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;

    fs::symlink_metadata(out).ok().map(|meta| meta.ino())
}

/// Keeps `old`, the site a commit replaced, for the next build, once it
/// holds nothing the live site does not: the files the new site dropped
/// (`listed`, its files, less `claimed`, the new site's) and the former
/// versions of the files this build `written` are removed, so a record
/// withdrawn from the site is not kept beside it either. `false` when
/// that fails; the caller then removes the old site.
pub fn keep_old_site(
    out: &Path,
    old: &Path,
    listed: &[PathBuf],
    claimed: &HashSet<PathBuf>,
    written: &[PathBuf],
) -> bool {
    let gone: Vec<&PathBuf> = listed
        .iter()
        .filter(|file| !claimed.contains(*file))
        .chain(written)
        .collect();
    if remove_files(old, &gone).is_err() {
        return false;
    }
    remove_empty_folders(old, gone.iter().flat_map(|f| f.ancestors().skip(1)));
    let kept = old_site(out);
    kept.parent().is_some_and(|p| fs::create_dir_all(p).is_ok()) && fs::rename(old, &kept).is_ok()
}

/// Puts a recycled staging folder back as the old site after a failed
/// build, less the files that build wrote: what is left is the old site
/// still, as far as the next build cares, and saves it relinking the whole
/// site. `false` when that fails; the caller then removes the folder.
pub fn set_back(out: &Path, staging: &Path, written: &[PathBuf]) -> bool {
    let written: Vec<&PathBuf> = written.iter().collect();
    remove_files(staging, &written).is_ok() && fs::rename(staging, old_site(out)).is_ok()
}

/// Removes each of `files` below `dir` that is still there.
fn remove_files(dir: &Path, files: &[&PathBuf]) -> io::Result<()> {
    files
        .par_iter()
        .try_for_each(|file| match fs::remove_file(dir.join(file)) {
            // Gone already, with a folder it was in, to make way for a
            // file of the new site, or to make way for a new folder.
            Err(e) if GONE.contains(&e.kind()) => Ok(()),
            other => other,
        })
}

/// Removes those of `folders` below `dir` that are empty, deepest first.
fn remove_empty_folders<'a>(dir: &Path, folders: impl Iterator<Item = &'a Path>) {
    let mut folders: Vec<&Path> = folders.filter(|f| !f.as_os_str().is_empty()).collect();
    folders.sort_unstable_by(|a, b| {
        let depth = |p: &Path| p.components().count();
        depth(b).cmp(&depth(a)).then(a.cmp(b))
    });
    folders.dedup();
    for folder in folders {
        // Not empty: the site has files there. Gone: cleared for a file.
        let _ = fs::remove_dir(dir.join(folder));
    }
}

/// Adds what is below `dir.join(below)` to `site`, folders in parallel.
fn list(dir: &Path, below: &Path, site: &mut OldSite) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir.join(below))?.collect::<io::Result<_>>()?;
    if entries.is_empty() {
        site.maybe_empty.push(below.to_path_buf());
        return Ok(());
    }
    let found: Vec<io::Result<OldSite>> = entries
        .par_iter()
        .map(|entry| {
            let path = below.join(entry.file_name());
            let mut found = OldSite {
                files: Vec::new(),
                maybe_empty: Vec::new(),
            };
            let kind = entry.file_type()?;
            if kind.is_dir() {
                list(dir, &path, &mut found)?;
            } else if kind.is_file() {
                found.files.push(path);
            } else {
                fs::remove_file(entry.path())?;
                found.maybe_empty.push(below.to_path_buf());
            }
            Ok(found)
        })
        .collect();
    for found in found {
        let found = found?;
        site.files.extend(found.files);
        site.maybe_empty.extend(found.maybe_empty);
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
        // Kept, less the former version of what changed.
        assert_eq!(touched(&old.join("a.html")), touched(&out.join("a.html")));
        assert!(!old.join("c.html").exists());

        // What an old site may hold that the next one must not: a file where
        // a folder goes, a folder where a file goes, a link to elsewhere, an
        // empty folder, a file an interrupted build left, a page since removed.
        let elsewhere = dir.join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(old.join("d"), "a file where a folder goes").unwrap();
        fs::create_dir_all(old.join("e.html/x")).unwrap();
        fs::write(old.join("e.html/x/y"), "in a folder where a file goes").unwrap();
        std::os::unix::fs::symlink(&elsewhere, old.join("link")).unwrap();
        fs::create_dir_all(old.join("empty/deeper")).unwrap();
        fs::create_dir_all(old.join("only-a-link")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, old.join("only-a-link/x")).unwrap();
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
        for folder in ["empty", "only-a-link"] {
            assert!(!out.join(folder).exists(), "{folder} is removed");
        }
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_kept_site_holds_nothing_the_live_site_does_not() {
        let dir = scratch("recycle-withdrawn");
        let out = dir.join("public");
        let old = dir.join(".public.cache/old-site");
        let same = [("f/1.html", "1"), ("f/2.html", "2"), ("f/3.html", "3")];
        let first = [
            ("a.html", "a"),
            ("withdrawn/index.html", "a record taken down"),
        ];
        publish(&out, &[&first[..], &same].concat()).unwrap();
        publish(&out, &[&[("a.html", "a2")][..], &same].concat()).unwrap();
        let mut kept = tree(&old);
        kept.retain(|(path, _)| path != MARKER);
        let expected: Vec<(String, String)> = same
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        assert_eq!(kept, expected, "no withdrawn page, no former version");
        assert!(!old.join("withdrawn").exists());
        for (path, _) in same {
            assert_eq!(touched(&old.join(path)), touched(&out.join(path)));
        }

        // Without the list of the live site's files, what the next commit
        // replaces could hold anything: it is not kept.
        fs::remove_file(dir.join(".public.cache/site-files")).unwrap();
        publish(&out, &[&[("a.html", "a3")][..], &same].concat()).unwrap();
        assert!(!old.exists());
        publish(&out, &[&[("a.html", "a4")][..], &same].concat()).unwrap();
        assert!(old.is_dir(), "the commit before listed its site again");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_failed_build_sets_the_old_site_back_without_what_it_wrote() {
        let dir = scratch("recycle-failed");
        let out = dir.join("public");
        let old = dir.join(".public.cache/old-site");
        let site = [("a.html", "a"), ("b.html", "b"), ("c.html", "c")];
        publish(&out, &site).unwrap();
        publish(&out, &site).unwrap();
        let live = tree(&out);
        // Fails on its third file, after writing two.
        let failing = [
            ("a.html", "never published"),
            ("d.html", "nor this"),
            ("a.html", ""),
        ];
        assert!(matches!(publish(&out, &failing), Err(WriteError::Twice(_))));
        assert_eq!(tree(&out), live);
        let set_back = tree(&old);
        assert!(!set_back.is_empty());
        assert!(
            set_back.iter().all(|file| live.contains(file)),
            "{set_back:?}"
        );
        publish(&out, &site).unwrap();
        assert_eq!(tree(&out), live);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_site_put_back_by_other_means_is_not_taken_for_the_listed_one() {
        let dir = scratch("recycle-restored");
        let out = dir.join("public");
        let old = dir.join(".public.cache/old-site");
        let same = [("f/1.html", "1"), ("f/2.html", "2"), ("f/3.html", "3")];
        publish(
            &out,
            &[&[("r/index.html", "withdrawn")][..], &same].concat(),
        )
        .unwrap();
        let backup = dir.join("backup");
        for (path, text) in tree(&out) {
            fs::create_dir_all(backup.join(&path).parent().unwrap()).unwrap();
            fs::write(backup.join(&path), text).unwrap();
        }
        publish(&out, &same).unwrap();
        fs::remove_dir_all(&out).unwrap();
        fs::rename(&backup, &out).unwrap();
        publish(&out, &same).unwrap();
        assert!(!old.exists(), "the list describes another folder");
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
