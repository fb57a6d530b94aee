//! Counties kept between builds: a rebuild takes a county that is unchanged
//! and was found clean from its snapshot in `.public.cache/counties/`,
//! without reading its files, and reads them again when the snapshot is
//! missing, damaged or not that county's.

use std::fs;

use crate::Site;

const AS_OF: &str = "--as-of=2024-12-15";
const SAMPLE_PROJECT: &str = "content/sample/2024/projects/p01.yaml";

fn snapshot_names(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.path(".public.cache/counties"))
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
}
