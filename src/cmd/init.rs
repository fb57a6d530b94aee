//! `minsheng init [DIR]`: a new site's folders and starting records;
//! `minsheng theme export DIR`: the built-in theme, written out to change.

use std::fs;
use std::path::Path;

use super::{Outcome, usage_error};
use crate::cli::{InitArgs, ThemeExportArgs};

const SITE: &str = r#"# The site as a whole. Fill in the title, the address the site will be
# published at, and who publishes it.
title:
  zh: "民生实事公开"
  en: "Livelihood Projects"
description:
  zh: "本县（区）每年承诺办理的民生实事：项目清单、投资、责任单位、完成时限和进展。"
  en: "The livelihood projects this county commits to each year: what they are, what they cost, who is responsible, when they are due and how far they have got."
base_url: "https://example.gov.cn/minsheng/"
# Who publishes the site (主办单位), how readers reach it, and the terms its
# texts and data may be reused under: shown in every page's footer and on
# the about page. Uncomment and fill in; nothing is shown for what is left out.
# publisher:
#   zh: "某某县人民政府办公室"
#   en: "General Office of the People's Government of ... County"
# contact:
#   zh: "电话：023-00000000（工作日）"
#   en: "Telephone: +86 23 0000 0000 (working days)"
# licence:
#   zh: "本站文字和数据可自由转载，请注明出处。"
#   en: "Texts and data may be reused freely with attribution."
# Official office phone numbers and e-mail addresses printed in published
# notices, which the personal-data check would otherwise stop.
allowed_contacts: []
"#;

const GLOSSARY: &str = r#"# English names for the Chinese names that recur in notices. A unit, leader
# or place with no `en:` in its record takes its English from here.
units: {}
people: {}
places: {}
terms: {}
"#;

const SEEDS_README: &str = "Save each notice here as UTF-8 text, exactly as published, then run\n`minsheng import seeds/<file>.txt --dry-run` to review it.\n";

pub fn run(args: &InitArgs) -> Outcome {
    let content = args.dir.join("content");
    let holds_content = fs::read_dir(&content).is_ok_and(|mut e| e.next().is_some());
    if holds_content {
        return usage_error(&format!(
            "{} already holds content; init starts a new site in a folder without one",
            content.display()
        ));
    }
    let seeds = args.dir.join("seeds");
    let files = [
        (content.join("site.yaml"), SITE),
        (content.join("glossary.yaml"), GLOSSARY),
        (seeds.join("README.txt"), SEEDS_README),
    ];
    for (path, text) in &files {
        if let Err(e) = write_new(path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return Outcome::InputErrors;
        }
    }
    let here = if args.dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", args.dir.display())
    };
    println!(
        "started a site in {}: content/site.yaml, content/glossary.yaml and seeds/.\n\
         Next: fill in content/site.yaml, save a published notice as seeds/<file>.txt, then\n  \
         {here}minsheng import seeds/<file>.txt --dry-run",
        args.dir.display()
    );
    Outcome::Success
}

/// Writes `text` to `path`, creating its folder; never replaces a file.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()))
}

pub fn export_theme(args: &ThemeExportArgs) -> Outcome {
    match crate::theme::export(&args.dir) {
        Ok(count) => {
            println!(
                "wrote the built-in theme ({count} files) to {}; use it with --theme {}",
                args.dir.display(),
                args.dir.display()
            );
            Outcome::Success
        }
        Err(message) => usage_error(&message),
    }
}
