//! Counties kept between builds: a rebuild takes a county that is unchanged
//! and was found clean from its snapshot in `.public.cache/counties/`,
//! without reading its files, and reads them again when the snapshot is
//! missing, damaged or not that county's; and it takes an unchanged
//! county's pieces of the site-wide files from `.public.cache/search/`
//! (its share of the search index) and `.public.cache/data/` (its entries
//! in `all.json`).

use std::fs;

use crate::Site;

const AS_OF: &str = "--as-of=2024-12-15";
const SAMPLE_PROJECT: &str = "content/sample/2024/projects/p01.yaml";

fn snapshot_names(site: &Site) -> Vec<String> {
    names_in(site, ".public.cache/counties")
}

fn names_in(site: &Site, folder: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.path(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A change in `other`, so that the next build is not "up to date".
fn touch_other(site: &Site, round: usize) {
    std::thread::sleep(std::time::Duration::from_millis(20));
    let report = "content/other/2024/reports/p04/2024-05-31.md";
    site.edit(
        report,
        "完成路基",
        &format!("完成{}路基", "了".repeat(round)),
    );
    site.edit(
        report,
        &format!("完成{}路基", "了".repeat(round)),
        "完成路基",
    );
}

fn fails_on_the_sample_project(site: &Site, why: &str) {
    let failed = site.run(&["build", AS_OF]);
    failed.failure();
    assert!(
        failed.stderr.contains(&format!("{SAMPLE_PROJECT}:")),
        "{why}: {}",
        failed.stderr
    );
}

#[test]
fn an_unchanged_clean_county_is_taken_from_its_snapshot_and_only_from_its_own() {
    let site = Site::demo_clean();
    site.copy_sample_county("other", "另一县");
    let first = site.run(&["build", AS_OF]);
    first.success();
    assert!(first.stdout.contains(", 0 warning(s)"), "{}", first.stdout);
    assert_eq!(snapshot_names(&site), ["other", "sample"]);
    let built = site.tree("public");

    // Unseen by the fingerprints, `sample`'s project file stops being a
    // record (a number must be text): only a build that reads it can tell.
    site.edit_unseen(SAMPLE_PROJECT, "number: \"1\"", "number: [1]");
    touch_other(&site, 1);
    let second = site.run(&["build", AS_OF]);
    second.success();
    assert_eq!(
        site.tree("public"),
        built,
        "the same site, `sample` from its snapshot"
    );

    // Another county's snapshot in its place is not taken for it.
    let sample_snapshot = site.path(".public.cache/counties/sample");
    let kept = fs::read(&sample_snapshot).unwrap();
    fs::copy(site.path(".public.cache/counties/other"), &sample_snapshot).unwrap();
    touch_other(&site, 2);
    fails_on_the_sample_project(&site, "another county's snapshot");

    // Nor is a damaged one, cut short.
    fs::write(&sample_snapshot, &kept[..kept.len() - 1]).unwrap();
    touch_other(&site, 3);
    fails_on_the_sample_project(&site, "a damaged snapshot");

    // Nor one changed in place into another valid county (a name's
    // character swapped for another): the checksum tells.
    let name = "老年助餐点建设".as_bytes();
    let at = kept
        .windows(name.len())
        .position(|w| w == name)
        .expect("the project's name is in its county's snapshot");
    let mut changed = kept.clone();
    changed[at..at + 3].copy_from_slice("少".as_bytes());
    fs::write(&sample_snapshot, &changed).unwrap();
    touch_other(&site, 5);
    fails_on_the_sample_project(&site, "a snapshot changed in place");

    // Its own, whole, is.
    fs::write(&sample_snapshot, &kept).unwrap();
    touch_other(&site, 6);
    site.run(&["build", AS_OF]).success();

    // With no cache, every county is read.
    fs::remove_dir_all(site.path(".public.cache")).unwrap();
    fails_on_the_sample_project(&site, "no cache");

    // A county removed from the content takes its snapshot with it.
    site.edit(SAMPLE_PROJECT, "number: [1]", "number: \"1\"");
    site.run(&["build", AS_OF]).success();
    assert_eq!(snapshot_names(&site), ["other", "sample"]);
    fs::remove_dir_all(site.path("content/other")).unwrap();
    site.run(&["build", AS_OF]).success();
    assert_eq!(snapshot_names(&site), ["sample"]);
    for kind in ["search", "data"] {
        assert_eq!(
            names_in(&site, &format!(".public.cache/{kind}")),
            ["sample"]
        );
    }
}

#[test]
fn an_unchanged_countys_pieces_of_site_wide_files_are_taken_from_its_snapshots_and_only_its_own() {
    let site = Site::demo_clean();
    site.copy_sample_county("other", "另一县");
    site.run(&["build", AS_OF]).success();
    for kind in ["search", "data"] {
        assert_eq!(
            names_in(&site, &format!(".public.cache/{kind}")),
            ["other", "sample"]
        );
    }
    let count_in = |file: &str, text: &str| {
        fs::read_to_string(site.path(file))
            .unwrap()
            .matches(text)
            .count()
    };
    // How many documents of the search index, and how many projects of
    // `all.json`, have the name `name`; and whether the site's feed has it.
    let shown = |name: &str| {
        (
            count_in("public/search/docs/0.json", &format!("\"zh\":\"{name}\"")),
            count_in(
                "public/data/all.json",
                &format!("\"name\":{{\"zh\":\"{name}\""),
            ),
            count_in("public/feed.xml", name) > 0,
        )
    };
    assert_eq!(shown("老年助餐点建设"), (2, 2, true), "in both counties");

    // Unseen by the fingerprints, `sample`'s project is renamed. Its county
    // is read again (its snapshot is gone), so the site's feed, made from
    // every county as read, has the new name; its pieces of the search
    // index and of `all.json` are taken as kept, with the old one.
    fs::remove_file(site.path(".public.cache/counties/sample")).unwrap();
    site.edit_unseen(SAMPLE_PROJECT, "老年助餐点建设", "老年助餐站建设");
    touch_other(&site, 1);
    site.run(&["build", AS_OF]).success();
    assert_eq!(shown("老年助餐站建设"), (0, 0, true));
    assert_eq!(shown("老年助餐点建设"), (2, 2, true));

    // Another county's pieces in their place are not taken: `sample`'s are
    // made again.
    for kind in ["search", "data"] {
        fs::copy(
            site.path(&format!(".public.cache/{kind}/other")),
            site.path(&format!(".public.cache/{kind}/sample")),
        )
        .unwrap();
    }
    touch_other(&site, 2);
    site.run(&["build", AS_OF]).success();
    assert_eq!(shown("老年助餐站建设"), (1, 1, true));
    assert_eq!(shown("老年助餐点建设"), (1, 1, true));
}
