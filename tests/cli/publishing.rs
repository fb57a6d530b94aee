//! Publishing: a complete site is in `public/` whatever happens to a build
//! (killed at any step of the commit, run twice at once, unable to remove
//! the old site). Kills use the debug binary's `MINSHENG_FAULT` hook, which
//! aborts the process at a named step as `kill -9` would.

use std::fs::{self, File};

use crate::Site;

const AS_OF: &str = "--as-of=2024-12-15";
const PROJECT: &str = "content/sample/2024/projects/p01.yaml";

type Tree = Vec<(String, Vec<u8>)>;

/// The site as built before and after an edit, each into its own folder.
fn before_and_after(site: &Site) -> (Tree, Tree) {
    site.run(&["build", AS_OF, "--out", "reference-before"])
        .success();
    site.edit(PROJECT, "老年助餐点建设", "老年助餐点建设（扩建）");
    site.run(&["build", AS_OF, "--out", "reference-after"])
        .success();
    site.edit(PROJECT, "老年助餐点建设（扩建）", "老年助餐点建设");
    (site.tree("reference-before"), site.tree("reference-after"))
}

fn beside_public(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.path("."))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_build_killed_at_any_step_of_the_commit_leaves_a_complete_site() {
    for (fault, live_after_kill) in [
        ("staged", "before"),
        ("between-renames,no-exchange", "missing"),
        ("swapped", "after"),
        ("swapped,no-exchange", "after"),
    ] {
        let site = Site::demo();
        let (before, after) = before_and_after(&site);
        site.run(&["build", AS_OF]).success();
        site.edit(PROJECT, "老年助餐点建设", "老年助餐点建设（扩建）");

        let killed = site.run_with(&["build", AS_OF], &[("MINSHENG_FAULT", fault)]);
        assert_eq!(killed.status, -1, "{fault}: the hook must kill the build");
        match live_after_kill {
            "before" => assert_eq!(site.tree("public"), before, "{fault}"),
            "after" => assert_eq!(site.tree("public"), after, "{fault}"),
            _ => assert!(!site.path("public").exists(), "{fault}"),
        }

        // The next build fails on an error in the content: it must not
        // delete the only copy of the site, and puts it back if it was aside.
        site.edit(PROJECT, "number: \"1\"", "number: [");
        let failed = site.run(&["build", AS_OF]);
        failed.failure();
        assert!(
            failed.stderr.contains("the previous site is unchanged"),
            "{}",
            failed.stderr
        );
        let kept = site.tree("public");
        assert!(
            kept == before || kept == after,
            "{fault}: public/ must hold a complete site after a failed build"
        );
        if live_after_kill == "missing" {
            assert_eq!(kept, before, "{fault}: the site left aside is put back");
            assert!(
                failed.stderr.contains("was put back from"),
                "{}",
                failed.stderr
            );
        }

        site.edit(PROJECT, "number: [", "number: \"1\"");
        site.run(&["build", AS_OF]).success();
        assert_eq!(site.tree("public"), after, "{fault}");
        assert_eq!(
            beside_public(&site),
            [".public.cache", ".public.lock"],
            "{fault}"
        );
    }
}

#[test]
fn a_second_build_into_the_same_folder_refuses_while_the_first_holds_the_lock() {
    let site = Site::demo();
    site.run(&["build", AS_OF]).success();
    let built = site.tree("public");
    site.edit(PROJECT, "老年助餐点建设", "老年助餐点建设（扩建）");

    let lock = File::open(site.path(".public.lock")).unwrap();
    lock.lock().unwrap();
    let refused = site.run(&["build", AS_OF]);
    refused.failure();
    assert!(
        refused.stderr.contains(
            "another build is writing public (it holds .public.lock); nothing was touched: wait for it to finish, then build again"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(site.tree("public"), built);
    assert_eq!(beside_public(&site), [".public.cache", ".public.lock"]);

    drop(lock);
    site.run(&["build", AS_OF]).success();
    assert_ne!(site.tree("public"), built);
}

#[test]
fn an_old_site_that_cannot_be_removed_is_reported_and_cleared_by_the_next_build() {
    let site = Site::demo();
    let (_, after) = before_and_after(&site);
    site.run(&["build", AS_OF]).success();
    site.edit(PROJECT, "老年助餐点建设", "老年助餐点建设（扩建）");

    let stuck = site.run_with(&["build", AS_OF], &[("MINSHENG_FAULT", "old-site-stuck")]);
    stuck.success();
    assert!(
        stuck.stderr.contains(
            "the new site is live, but the old one could not be removed from .public.staging (injected fault); remove it by hand before the next build"
        ),
        "{}",
        stuck.stderr
    );
    assert!(!stuck.stderr.contains("unchanged"), "{}", stuck.stderr);
    assert_eq!(site.tree("public"), after);

    let next = site.run(&["build", AS_OF]);
    next.success();
    assert!(
        next.stderr
            .contains("removed .public.staging, left by an earlier build"),
        "{}",
        next.stderr
    );
    assert_eq!(site.tree("public"), after);
    assert_eq!(beside_public(&site), [".public.cache", ".public.lock"]);
}

/// Every file of `public/` with its inode, modification time and bytes.
fn files_of(
    site: &Site,
) -> std::collections::BTreeMap<String, (u64, std::time::SystemTime, Vec<u8>)> {
    use std::os::unix::fs::MetadataExt;

    site.tree("public")
        .into_iter()
        .map(|(path, bytes)| {
            let meta = fs::metadata(site.path(&format!("public/{path}"))).unwrap();
            (path, (meta.ino(), meta.modified().unwrap(), bytes))
        })
        .collect()
}

#[test]
fn a_rebuild_keeps_every_unchanged_file_and_rewrites_only_what_changed() {
    let site = Site::demo();
    site.run(&["build", AS_OF]).success();
    let first = files_of(&site);

    // --timings always builds: every file is rendered and linked, not written.
    let again = site.run(&["build", AS_OF, "--timings"]);
    again.success();
    assert_eq!(files_of(&site), first, "inodes, times and bytes all equal");
    assert!(
        again.stdout.contains(&format!(
            "; 0 file(s) changed, {} unchanged",
            first.len() - 1
        )),
        "every file is kept (the marker is not counted): {}",
        again.stdout
    );

    site.edit(
        "content/sample/2024/reports/p04/2024-05-31.md",
        "完成路基施工6公里。",
        "完成路基施工7公里。",
    );
    let edited = site.run(&["build", AS_OF]);
    edited.success();
    let second = files_of(&site);
    assert_eq!(
        second.keys().collect::<Vec<_>>(),
        first.keys().collect::<Vec<_>>()
    );
    let mut rewritten = Vec::new();
    for (path, (inode, modified, bytes)) in &second {
        let (old_inode, old_modified, old_bytes) = &first[path];
        if bytes == old_bytes {
            assert_eq!(
                (inode, modified),
                (old_inode, old_modified),
                "{path} is unchanged"
            );
        } else {
            assert_ne!(inode, old_inode, "{path} changed");
            rewritten.push(path.as_str());
        }
    }
    // The Chinese report's text shows on its project page and in the
    // Chinese feeds; its English version, the data files (which carry the
    // status, not the text) and every other page are the same bytes.
    assert_eq!(
        rewritten,
        [
            "feed.xml",
            "sample/2024/feed.xml",
            "sample/2024/p04/index.html",
            "sample/feed.xml"
        ]
    );
    assert!(
        edited.stdout.contains(&format!(
            "; {} file(s) changed, {} unchanged",
            rewritten.len(),
            second.len() - rewritten.len() - 1
        )),
        "the marker is not counted: {}",
        edited.stdout
    );
}

#[test]
fn a_build_with_nothing_changed_writes_nothing_and_any_change_builds_again() {
    let site = Site::demo();
    site.run(&["build", AS_OF]).success();
    let first = files_of(&site);
    let unchanged = site.run(&["build", AS_OF]);
    unchanged.success();
    assert!(
        unchanged.stdout.contains(
            "public is up to date: nothing it is built from changed since the last build"
        ),
        "{}",
        unchanged.stdout
    );
    assert_eq!(files_of(&site), first);

    // Every option that changes the output, every content and theme file.
    let built = |out: &crate::Output| out.stdout.starts_with("built public in ");
    assert!(built(&site.run(&["build", "--as-of=2024-12-16"])));
    assert!(built(&site.run(&[
        "build",
        "--as-of=2024-12-16",
        "--drafts"
    ])));
    assert!(built(&site.run(&[
        "build",
        "--as-of=2024-12-16",
        "--drafts",
        "--base-url",
        "https://elsewhere.example/"
    ])));
    let args = [
        "build",
        "--as-of=2024-12-16",
        "--drafts",
        "--base-url",
        "https://elsewhere.example/",
    ];
    assert!(!built(&site.run(&args)), "the same options again");
    site.edit(
        "content/sample/2024/reports/p04/2024-05-31.md",
        "完成路基施工6公里。",
        "完成路基施工7公里。",
    );
    assert!(built(&site.run(&args)), "a report changed");
    assert!(!built(&site.run(&args)));
    site.run(&["theme", "export", "mytheme"]).success();
    let with_theme = [&args[..], &["--theme", "mytheme"]].concat();
    assert!(built(&site.run(&with_theme)), "another theme");
    assert!(!built(&site.run(&with_theme)));
    site.edit("mytheme/i18n/zh.yaml", "民生实事公开", "民生实事信息公开");
    assert!(built(&site.run(&with_theme)), "a theme file changed");

    // The output replaced by hand is not the one the cache describes.
    crate::copy_dir(&site.path("public"), &site.path("copy"));
    fs::remove_dir_all(site.path("public")).unwrap();
    fs::rename(site.path("copy"), site.path("public")).unwrap();
    assert!(built(&site.run(&with_theme)), "public/ was replaced");

    // Without the cache, the same bytes.
    let cached = site.tree("public");
    fs::remove_dir_all(site.path(".public.cache")).unwrap();
    assert!(built(&site.run(&with_theme)));
    assert_eq!(site.tree("public"), cached);
}

#[test]
fn pages_kept_from_unchanged_counties_give_the_bytes_of_a_full_build() {
    let site = Site::demo();
    site.copy_sample_county("example", "样例县");
    site.run(&["build", AS_OF]).success();

    // Every page, feed and open-data file of the county that does not
    // change, marked in the output: if the next build keeps it rather than
    // making it again, the mark stays. (public/ is minsheng's: its marker
    // file says to keep nothing else there.)
    let kept = [
        "public/sample/2024/p01/index.html",
        "public/en/sample/2024/p01/index.html",
        "public/sample/index.html",
        "public/en/sample/index.html",
        "public/sample/2024/index.html",
        "public/en/sample/2024/index.html",
        "public/sample/feed.xml",
        "public/en/sample/feed.xml",
        "public/sample/2024/feed.xml",
        "public/en/sample/2024/feed.xml",
        "public/data/sample-2024.csv",
        "public/data/sample-2024.json",
    ];
    let before: Vec<String> = kept.iter().map(|file| site.read(file)).collect();
    for (file, text) in kept.iter().zip(&before) {
        site.write(file, &format!("{text}<!-- kept -->"));
    }
    site.edit(
        "content/example/2024/reports/p04/2024-05-31.md",
        "完成路基施工6公里。",
        "完成路基施工7公里。",
    );
    site.run(&["build", AS_OF]).success();
    for file in kept {
        assert!(
            site.read(file).ends_with("<!-- kept -->"),
            "{file} is kept, not made again"
        );
    }
    for file in [
        "public/example/2024/p04/index.html",
        "public/example/2024/feed.xml",
        "public/example/feed.xml",
        "public/feed.xml",
    ] {
        assert!(site.read(file).contains("完成路基施工7公里。"), "{file}");
    }
    for (file, text) in kept.iter().zip(&before) {
        site.write(file, text);
    }

    // After each kind of change, the output is what a full build makes.
    let edits: [(&str, &str, &str); 5] = [
        (
            "content/example/2024/projects/p02.yaml",
            "number: \"2\"",
            "number: \"二\"",
        ),
        (
            "content/sample/county.yaml",
            "en: \"Sample County\"",
            "en: \"Sample County (renamed)\"",
        ),
        ("content/glossary.yaml", "\"Wang Shili\"", "\"Wang Shi-li\""),
        (
            "content/site.yaml",
            "(sample data)",
            "(sample data, edited)",
        ),
        (
            "content/sample/2024/reports/p01/2024-06-28.md",
            "用餐区",
            "就餐区",
        ),
    ];
    for (file, from, to) in edits {
        // Every file's time moves on, even within the file system's clock tick.
        std::thread::sleep(std::time::Duration::from_millis(20));
        site.edit(file, from, to);
        site.run(&["build", AS_OF]).success();
        let _ = fs::remove_dir_all(site.path("reference"));
        site.run(&["build", AS_OF, "--timings", "--out", "reference"])
            .success();
        assert!(
            site.tree("public") == site.tree("reference"),
            "after editing {file}, the kept pages differ from a full build"
        );
    }
}

#[test]
fn a_county_found_clean_is_not_checked_again_until_its_files_change() {
    let site = Site::demo_clean();
    site.copy_sample_county("example", "样例县");
    site.copy_sample_county("other", "另一县");
    // A warning in `example`: the county is not clean.
    let example = "content/example/2024/reports/p04/2024-05-31.md";
    site.edit(example, "完成路基施工6公里。", "完成路基\u{b}施工6公里。");
    let first = site.run(&["build", AS_OF]);
    first.success();
    assert!(first.stdout.contains(", 1 warning(s)"), "{}", first.stdout);

    // Nothing in `sample` changes as the fingerprints see it (same size,
    // same modification time), yet its text now holds a mobile number.
    let sample = "content/sample/2024/reports/p01/2024-06-28.md";
    // Four characters of 3 bytes each make room for 11 digits and a space.
    site.edit_unseen(sample, "全部投入", "13800138000 ");
    let with_phone = site.read(sample);
    let file = site.path(sample);

    // A change in a third county: `example`, unchanged but not clean, is
    // checked again and its warning reported again; `sample`, found clean
    // last time, is not read for checks.
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.edit(
        "content/other/2024/reports/p04/2024-05-31.md",
        "完成路基",
        "完成了路基",
    );
    let second = site.run(&["build", AS_OF]);
    second.success();
    assert!(
        second.stdout.contains(", 1 warning(s)"),
        "{}",
        second.stdout
    );
    assert!(
        second.stderr.contains("control-character"),
        "{}",
        second.stderr
    );

    // Once its file's time moves on, `sample` is checked and the number found.
    fs::write(&file, &with_phone).unwrap();
    let third = site.run(&["build", AS_OF]);
    third.failure();
    assert!(
        third.stderr.contains(&format!("{sample}:")) && third.stderr.contains("personal-data"),
        "{}",
        third.stderr
    );
}

#[test]
fn a_rebuild_stages_into_the_replaced_site_touching_no_unchanged_file() {
    use std::os::unix::fs::MetadataExt;

    let site = Site::demo();
    site.copy_sample_county("example", "样例县");
    site.run(&["build", AS_OF]).success();
    let report = "content/sample/2024/reports/p04/2024-05-31.md";
    site.edit(report, "完成路基施工6公里。", "完成路基施工7公里。");
    site.run(&["build", AS_OF]).success();
    assert!(
        site.path(".public.cache/old-site").is_dir(),
        "the replaced site is kept for the next build to stage into"
    );

    // Linking, renaming or writing a file changes its change time: a
    // rebuild that stages into the replaced site does none of them to a
    // file whose bytes stay the same.
    let changed_at = |site: &Site| -> std::collections::BTreeMap<String, (u64, i64, i64, Vec<u8>)> {
        site.tree("public")
            .into_iter()
            .map(|(path, bytes)| {
                let meta = fs::metadata(site.path(&format!("public/{path}"))).unwrap();
                (path, (meta.ino(), meta.ctime(), meta.ctime_nsec(), bytes))
            })
            .collect()
    };
    let before = changed_at(&site);
    site.edit(report, "完成路基施工7公里。", "完成路基施工8公里。");
    site.run(&["build", AS_OF]).success();
    let after = changed_at(&site);
    assert_eq!(after.len(), before.len());
    let mut rewritten = Vec::new();
    for (path, now) in &after {
        match before[path].3 == now.3 {
            true => assert_eq!(*now, before[path], "{path} untouched"),
            false => rewritten.push(path.as_str()),
        }
    }
    // The site's feed shows the copied county's report of that day instead.
    assert_eq!(
        rewritten,
        [
            "sample/2024/feed.xml",
            "sample/2024/p04/index.html",
            "sample/feed.xml"
        ]
    );

    // A county removed: what it had in the site goes too.
    fs::remove_dir_all(site.path("content/example")).unwrap();
    site.run(&["build", AS_OF]).success();
    site.run(&["build", AS_OF, "--timings", "--out", "reference"])
        .success();
    assert!(!site.path("public/example").exists());
    assert!(site.tree("public") == site.tree("reference"));

    // The site before, moved back by hand (it holds a link of the same
    // marker file): not taken for the one the last build made.
    fs::rename(site.path("public"), site.path("newer")).unwrap();
    fs::rename(site.path(".public.cache/old-site"), site.path("public")).unwrap();
    let rolled_back = site.run(&["build", AS_OF]);
    assert!(
        rolled_back.stdout.starts_with("built public in "),
        "{}",
        rolled_back.stdout
    );
    assert!(site.tree("public") == site.tree("reference"));
}

#[test]
fn a_build_that_remembers_nothing_leaves_no_fingerprint_to_match_later() {
    let site = Site::demo();
    site.run(&["build", AS_OF]).success();
    // `--timings` builds remember no fingerprints, and each swaps the
    // output with the site it replaced: after two, the output folder is
    // the first build's folder again.
    for _ in 0..2 {
        site.run(&["build", AS_OF, "--drafts", "--timings"])
            .success();
    }
    let page = "public/sample/2024/p02/index.html";
    assert!(site.read(page).contains("草稿：等待核实。"));
    let again = site.run(&["build", AS_OF]);
    assert!(
        again.stdout.starts_with("built public in "),
        "{}",
        again.stdout
    );
    assert!(!site.read(page).contains("草稿：等待核实。"));
}

#[test]
fn a_commit_that_fails_keeps_no_old_site_and_the_next_build_recovers() {
    let site = Site::demo();
    let (before, after) = before_and_after(&site);
    site.run(&["build", AS_OF]).success();
    site.run(&["build", AS_OF, "--timings"]).success();
    assert!(site.path(".public.cache/old-site").is_dir());

    // Staged in the old site, the new version of the project never
    // published: a commit failing then must not keep it there.
    site.edit(PROJECT, "老年助餐点建设", "老年助餐点建设（扩建）");
    let failed = site.run_with(&["build", AS_OF], &[("MINSHENG_FAULT", "commit-fails")]);
    failed.failure();
    assert!(
        failed.stderr.contains("the previous site is unchanged"),
        "{}",
        failed.stderr
    );
    assert_eq!(site.tree("public"), before);
    assert!(!site.path(".public.cache/old-site").exists());
    assert_eq!(beside_public(&site), [".public.cache", ".public.lock"]);

    site.run(&["build", AS_OF]).success();
    assert_eq!(site.tree("public"), after);
}
