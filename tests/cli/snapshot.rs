//! Snapshots of the whole output: every file a build writes, as a list of
//! paths, sizes and content hashes, plus a few whole pages, for the demo
//! county and for the real content. A refactor that changes one byte of
//! any page, feed or data file fails here, and the diff names the file.
//!
//! When a change to the output is intended, run
//! `INSTA_UPDATE=always cargo test --test cli snapshot` (or `cargo insta
//! review`) and commit the updated files under `tests/cli/snapshots/`,
//! saying in the commit why the output changed.

use crate::Site;

/// A fixed date and address, so nothing in the output depends on the day the test runs.
const AS_OF: &str = "2024-10-01";
const BASE_URL: &str = "https://minsheng.example/";

fn built(site: &Site) -> Vec<(String, Vec<u8>)> {
    site.run(&[
        "build",
        "--as-of",
        AS_OF,
        "--base-url",
        BASE_URL,
        "--out",
        "public",
    ])
    .success();
    site.tree("public")
}

/// FNV-1a, 64 bits: a change detector for the manifest, not a security hash.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// One line per file: `hash size path`.
fn manifest(files: &[(String, Vec<u8>)]) -> String {
    files
        .iter()
        .map(|(path, bytes)| format!("{:016x} {:>8} {path}\n", fnv1a(bytes), bytes.len()))
        .collect()
}

fn page<'a>(files: &'a [(String, Vec<u8>)], path: &str) -> &'a str {
    let (_, bytes) = files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("the build wrote no {path}"));
    std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_demo_site_is_unchanged() {
    let files = built(&Site::demo());
    insta::assert_snapshot!("demo_manifest", manifest(&files));
    insta::assert_snapshot!(
        "demo_project_page_zh",
        page(&files, "sample/2024/p01/index.html")
    );
    insta::assert_snapshot!("demo_feed_en", page(&files, "en/feed.xml"));
    insta::assert_snapshot!("demo_open_data", page(&files, "data/sample-2024.json"));
}

#[test]
fn the_real_site_is_unchanged() {
    let files = built(&Site::real());
    insta::assert_snapshot!("real_manifest", manifest(&files));
    insta::assert_snapshot!(
        "real_notice_page_en",
        page(&files, "en/wulong/2024/index.html")
    );
    insta::assert_snapshot!("real_open_data", page(&files, "data/wulong-2024.json"));
}

#[test]
fn the_manifest_hash_tells_files_apart() {
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_ne!(fnv1a(b"ab"), fnv1a(b"ba"));
}
