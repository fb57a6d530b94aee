//! One binary is all a county needs: `init` starts a site, the theme is
//! built in, and `theme export` writes it out to change.

use crate::Site;

#[test]
fn init_then_import_then_build_in_an_empty_folder_without_a_theme() {
    let site = Site::empty();
    std::fs::remove_dir_all(site.path("themes")).unwrap();
    let init = site.run(&["init", "county-site"]);
    init.success();
    assert!(
        init.stdout
            .contains("minsheng import seeds/<file>.txt --dry-run"),
        "{}",
        init.stdout
    );
    assert!(site.path("county-site/content/site.yaml").is_file());
    assert!(site.path("county-site/content/glossary.yaml").is_file());
    assert!(site.path("county-site/seeds").is_dir());
    site.write(
        "county-site/content/site.yaml",
        "title:\n  zh: \"示例\"\nbase_url: \"https://x.example/\"\n",
    );
    let again = site.run(&["init", "county-site"]);
    assert_eq!(
        again.status, 2,
        "a second init is refused: {}",
        again.stderr
    );
    assert!(
        site.read("county-site/content/site.yaml").contains("示例"),
        "and changes nothing"
    );

    let notice =
        std::fs::read_to_string(crate::repo().join("seeds/003_22dbb4daa77c740a.txt")).unwrap();
    site.write("county-site/seeds/weishan-2024.txt", &notice);
    let run_in = |args: &[&str]| {
        let output = std::process::Command::new(crate::MINSHENG)
            .args(args)
            .current_dir(site.path("county-site"))
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (status, stdout, stderr) =
        run_in(&["import", "seeds/weishan-2024.txt", "--county", "weishan"]);
    assert_eq!(status, Some(0), "{stdout}{stderr}");
    let (status, stdout, stderr) = run_in(&["build", "--as-of", "2024-12-15"]);
    assert_eq!(status, Some(0), "{stdout}{stderr}");
    assert!(
        site.path("county-site/public/weishan/2024/index.html")
            .is_file()
    );
    assert!(
        site.path("county-site/public/static/site.css").is_file(),
        "the built-in theme's files are published"
    );
}

#[test]
fn init_refuses_a_folder_that_already_holds_content() {
    let site = Site::demo();
    let out = site.run(&["init"]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("already holds content"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_exported_theme_builds_the_same_site_as_the_built_in_one() {
    let site = Site::demo();
    site.run(&["theme", "export", "mytheme"]).success();
    assert!(site.path("mytheme/templates/notice.html").is_file());
    site.run(&["build", "--as-of", "2024-12-15", "--out", "built-in"])
        .success();
    site.run(&[
        "build",
        "--as-of",
        "2024-12-15",
        "--out",
        "exported",
        "--theme",
        "mytheme",
    ])
    .success();
    assert_eq!(site.tree("built-in"), site.tree("exported"));
    let again = site.run(&["theme", "export", "mytheme"]);
    assert_eq!(again.status, 2, "an export never writes over files");
}
