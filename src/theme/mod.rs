//! The theme: Tera templates, static files and UI strings per language.
//!
//! `themes/<name>/templates/*.html`, `themes/<name>/static/**` (copied as
//! is) and `themes/<name>/i18n/{zh,en}.yaml` (flat maps of UI strings).
//! Loading checks that both languages have every key: the keys of each
//! other, every key the code uses ([`keys::ALL`]) and every key a template
//! uses (`t["…"]`). So a missing string stops the build with its name,
//! never shows as a raw key on a page.

pub mod keys;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::model::Lang;
pub use keys::Key;

/// UI strings of one language.
#[derive(Debug, Clone, Default)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The string for `key`. Theme loading refuses a theme that lacks a
    /// key of [`keys::ALL`], so the fallback to the key itself is never seen.
    pub fn get(&self, key: Key) -> String {
        self.0
            .get(key.as_str())
            .cloned()
            .unwrap_or_else(|| key.as_str().to_string())
    }

    /// `{name}` placeholders filled in.
    pub fn fill(&self, key: Key, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.get(key), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
    }

    pub fn map(&self) -> &BTreeMap<String, String> {
        &self.0
    }
}

pub struct Theme {
    /// The templates once per language, each with its UI strings as `t`.
    zh_tera: tera::Tera,
    en_tera: tera::Tera,
    pub zh: Strings,
    pub en: Strings,
    /// Files under `static/`, as (path relative to `static/`, bytes).
    pub static_files: Vec<(PathBuf, Vec<u8>)>,
}

impl Theme {
    pub fn tera(&self, lang: Lang) -> &tera::Tera {
        match lang {
            Lang::Zh => &self.zh_tera,
            Lang::En => &self.en_tera,
        }
    }

    /// Renders `template` for `lang`; `what` names the output in the error
    /// (e.g. the page's path).
    pub fn render(
        &self,
        lang: Lang,
        template: &str,
        context: &tera::Context,
        what: &str,
    ) -> Result<String, Diagnostic> {
        self.tera(lang).render(template, context).map_err(|e| {
            Diagnostic::error(
                "template",
                format!("{what} could not be rendered with {template}: {e}"),
            )
            .hint("fix the template in the theme's templates/ folder")
        })
    }

    pub fn strings(&self, lang: Lang) -> &Strings {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    pub fn load(dir: &Path) -> Result<Theme, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let zh = load_strings(&dir.join("i18n/zh.yaml"), &mut problems);
        let en = load_strings(&dir.join("i18n/en.yaml"), &mut problems);
        let sources = template_sources(&dir.join("templates"), &mut problems);
        if let (Some(zh), Some(en)) = (&zh, &en) {
            problems.extend(parity(dir, zh, en));
            let code = keys::ALL.iter().map(|k| (k.as_str(), None));
            let templates = sources.iter().flat_map(|(name, text)| {
                keys::in_template(text)
                    .into_iter()
                    .map(move |key| (key, Some(name.as_str())))
            });
            problems.extend(missing(dir, zh, en, code.chain(templates)));
        }
        let tera = compile(&dir.join("templates"), sources, &mut problems);
        let static_files = load_static(&dir.join("static"), &mut problems);
        match (zh, en, tera) {
            (Some(zh), Some(en), Some(tera)) if problems.is_empty() => {
                let with_strings = |strings: &Strings| {
                    let mut tera = tera.clone();
                    tera.global_context().insert("t", strings.map());
                    tera
                };
                Ok(Theme {
                    zh_tera: with_strings(&zh),
                    en_tera: with_strings(&en),
                    zh,
                    en,
                    static_files,
                })
            }
            _ => Err(problems),
        }
    }
}

fn load_strings(file: &Path, problems: &mut Vec<Diagnostic>) -> Option<Strings> {
    match crate::load::read_yaml::<BTreeMap<String, String>>(file) {
        Ok(map) => Some(Strings(map)),
        Err(d) => {
            problems.push(d);
            None
        }
    }
}

/// Every key of one language in the other.
fn parity(dir: &Path, zh: &Strings, en: &Strings) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let pairs = [(zh, en, "en", Lang::En), (en, zh, "zh", Lang::Zh)];
    for (has, lacks, lacking, lang) in pairs {
        for key in has.0.keys().filter(|k| !lacks.0.contains_key(*k)) {
            found.push(
                Diagnostic::error(
                    "ui-string-missing",
                    format!("the UI string `{key}` has no {lang} version"),
                )
                .in_file(&dir.join(format!("i18n/{lacking}.yaml")))
                .hint("every UI string needs both languages; add the key"),
            );
        }
    }
    found
}

/// Keys used (by the code, or by the template named) that neither language has.
fn missing<'a>(
    dir: &Path,
    zh: &Strings,
    en: &Strings,
    used: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Vec<Diagnostic> {
    let mut reported = std::collections::BTreeSet::new();
    let mut found = Vec::new();
    for (key, template) in used {
        if zh.0.contains_key(key) || en.0.contains_key(key) || !reported.insert(key) {
            continue;
        }
        let user = template.map_or_else(
            || "minsheng".to_string(),
            |name| format!("the template {name}"),
        );
        found.push(
            Diagnostic::error(
                "ui-string-missing",
                format!("{user} uses the UI string `{key}`, which the theme lacks"),
            )
            .in_file(&dir.join("i18n/zh.yaml"))
            .hint("add it to i18n/zh.yaml and i18n/en.yaml"),
        );
    }
    found
}

/// The templates' sources, as (name below `templates/`, text).
fn template_sources(dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let mut templates = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(
                    Diagnostic::error("theme", format!("cannot read the theme's templates: {e}"))
                        .in_file(dir),
                );
                return Vec::new();
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => templates.push((name, text)),
            Err(e) => problems.push(
                Diagnostic::error("theme", format!("cannot read this template: {e}"))
                    .in_file(entry.path()),
            ),
        }
    }
    templates
}

fn compile(
    dir: &Path,
    templates: Vec<(String, String)>,
    problems: &mut Vec<Diagnostic>,
) -> Option<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml", ".svg"]);
    if let Err(e) = tera.add_raw_templates(templates) {
        problems.push(
            Diagnostic::error("template", format!("a template does not compile: {e}"))
                .in_file(dir)
                .hint("fix the template syntax; see the Tera 2 documentation"),
        );
        return None;
    }
    Some(tera)
}

fn load_static(dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_path_buf();
        match std::fs::read(entry.path()) {
            Ok(bytes) => files.push((relative, bytes)),
            Err(e) => problems.push(
                Diagnostic::error("theme", format!("cannot read this file: {e}"))
                    .in_file(entry.path()),
            ),
        }
    }
    files
}
