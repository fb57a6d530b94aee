//! The default theme, built into the binary, so `minsheng` needs no
//! `themes/` folder beside it. `--theme DIR` uses another; `minsheng theme
//! export DIR` writes this one out to start from. A test checks that this
//! list and `themes/default/` hold the same files.

/// Every file of `themes/default/`, by its path in the theme.
pub const FILES: &[(&str, &[u8])] = &[
    (
        "i18n/en.yaml",
        include_bytes!("../../themes/default/i18n/en.yaml"),
    ),
    (
        "i18n/zh.yaml",
        include_bytes!("../../themes/default/i18n/zh.yaml"),
    ),
    (
        "static/search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "static/share.png",
        include_bytes!("../../themes/default/static/share.png"),
    ),
    (
        "static/site.css",
        include_bytes!("../../themes/default/static/site.css"),
    ),
    (
        "static/text-size.js",
        include_bytes!("../../themes/default/static/text-size.js"),
    ),
    (
        "templates/404.html",
        include_bytes!("../../themes/default/templates/404.html"),
    ),
    (
        "templates/about.html",
        include_bytes!("../../themes/default/templates/about.html"),
    ),
    (
        "templates/base.html",
        include_bytes!("../../themes/default/templates/base.html"),
    ),
    (
        "templates/chart.html",
        include_bytes!("../../themes/default/templates/chart.html"),
    ),
    (
        "templates/components.html",
        include_bytes!("../../themes/default/templates/components.html"),
    ),
    (
        "templates/county.html",
        include_bytes!("../../themes/default/templates/county.html"),
    ),
    (
        "templates/dashboard.html",
        include_bytes!("../../themes/default/templates/dashboard.html"),
    ),
    (
        "templates/data.html",
        include_bytes!("../../themes/default/templates/data.html"),
    ),
    (
        "templates/feed.xml",
        include_bytes!("../../themes/default/templates/feed.xml"),
    ),
    (
        "templates/home.html",
        include_bytes!("../../themes/default/templates/home.html"),
    ),
    (
        "templates/notice.html",
        include_bytes!("../../themes/default/templates/notice.html"),
    ),
    (
        "templates/notice_rows.html",
        include_bytes!("../../themes/default/templates/notice_rows.html"),
    ),
    (
        "templates/project.html",
        include_bytes!("../../themes/default/templates/project.html"),
    ),
    (
        "templates/province.html",
        include_bytes!("../../themes/default/templates/province.html"),
    ),
    (
        "templates/redirect.html",
        include_bytes!("../../themes/default/templates/redirect.html"),
    ),
    (
        "templates/robots.txt",
        include_bytes!("../../themes/default/templates/robots.txt"),
    ),
    (
        "templates/search.html",
        include_bytes!("../../themes/default/templates/search.html"),
    ),
    (
        "templates/source.html",
        include_bytes!("../../themes/default/templates/source.html"),
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_file_of_the_theme_folder_is_built_in() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let built_in: Vec<&str> = super::FILES.iter().map(|(path, _)| *path).collect();
        assert_eq!(on_disk, built_in);
    }
}
