//! The theme: Tera templates, static files and UI strings per language.
//!
//! `themes/<name>/templates/*.html`, `themes/<name>/static/**` (copied as
//! is) and `themes/<name>/i18n/{zh,en}.yaml` (flat maps of UI strings).
//! Loading checks that both languages have every key: the keys of each
//! other, every key the code uses ([`keys::ALL`]) and every key a template
//! uses (`t["…"]`). So a missing string stops the build with its name,
//! never shows as a raw key on a page.

mod builtin;
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

    /// `{name}` placeholders filled in, in one pass: a value is written as
    /// it is, even when it holds text that looks like a placeholder.
    pub fn fill(&self, key: Key, values: &[(&str, &str)]) -> String {
        let template = self
            .0
            .get(key.as_str())
            .map_or(key.as_str(), String::as_str);
        let longest = values.iter().map(|(_, value)| value.len()).max();
        let mut text = String::with_capacity(template.len() + longest.unwrap_or(0));
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let placeholder = values.iter().find(|(name, _)| {
                after
                    .strip_prefix(name)
                    .is_some_and(|tail| tail.starts_with('}'))
            });
            match placeholder {
                Some((name, value)) => {
                    text.push_str(value);
                    rest = &after[name.len() + 1..];
                }
                None => {
                    text.push('{');
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        text
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
        let bytes = self.render_bytes(lang, template, context, what)?;
        String::from_utf8(bytes).map_err(|e| failed(what, template, e))
    }

    /// [`Theme::render`] for output written as it is: a page's bytes are
    /// not checked again for UTF-8, which Tera writes only from text.
    pub fn render_bytes(
        &self,
        lang: Lang,
        template: &str,
        context: &tera::Context,
        what: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        // Most pages are tens of kilobytes: start where few need to grow.
        let mut bytes = Vec::with_capacity(32 * 1024);
        self.tera(lang)
            .render_to(template, context, &mut bytes)
            .map_err(|e| failed(what, template, e))?;
        Ok(bytes)
    }

    pub fn strings(&self, lang: Lang) -> &Strings {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// Loads a theme and checks it: both languages have every UI string
    /// (each other's, the code's and the templates'), and every template compiles.
    pub fn load(source: &ThemeSource) -> Result<Theme, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let files = match source {
            ThemeSource::BuiltIn => Files::built_in(),
            ThemeSource::Folder(dir) => Files::read(dir, &mut problems),
        };
        let zh = files.strings("i18n/zh.yaml", &mut problems);
        let en = files.strings("i18n/en.yaml", &mut problems);
        let sources = files.templates(&mut problems);
        if let (Some(zh), Some(en)) = (&zh, &en) {
            problems.extend(parity(&files.root, zh, en));
            let code = keys::ALL.iter().map(|k| (k.as_str(), None));
            let templates = sources.iter().flat_map(|(name, text)| {
                keys::in_template(text)
                    .into_iter()
                    .map(move |key| (key, Some(name.as_str())))
            });
            problems.extend(missing(&files.root, zh, en, code.chain(templates)));
        }
        let tera = compile(&files.root.join("templates"), sources, &mut problems);
        let static_files = files.under("static/");
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

/// Where a theme comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeSource {
    /// The default theme, built into the binary.
    BuiltIn,
    /// A theme folder (`--theme DIR`).
    Folder(PathBuf),
}

impl ThemeSource {
    /// The folder, for a theme read from one.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            ThemeSource::BuiltIn => None,
            ThemeSource::Folder(dir) => Some(dir),
        }
    }
}

/// Writes the built-in theme's files into `dir`, which must not exist or be empty.
pub fn export(dir: &Path) -> Result<usize, String> {
    let empty = std::fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none());
    if !empty {
        return Err(format!(
            "{} is not empty; export the theme into a new folder",
            dir.display()
        ));
    }
    for (path, bytes) in builtin::FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, bytes)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(builtin::FILES.len())
}

/// A theme's files by their path in the theme (`templates/home.html`).
struct Files {
    /// Shown in messages: the folder, or `(built-in theme)`.
    root: PathBuf,
    files: BTreeMap<String, Vec<u8>>,
}

impl Files {
    fn built_in() -> Files {
        Files {
            root: PathBuf::from("(built-in theme)"),
            files: builtin::FILES
                .iter()
                .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
                .collect(),
        }
    }

    fn read(dir: &Path, problems: &mut Vec<Diagnostic>) -> Files {
        let mut files = BTreeMap::new();
        if !dir.is_dir() {
            problems.push(
                Diagnostic::error("theme", "the theme folder does not exist")
                    .in_file(dir)
                    .hint("pass --theme with a theme folder, or leave --theme out to use the built-in theme (`minsheng theme export DIR` writes it out to change)"),
            );
        }
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    problems.push(
                        Diagnostic::error("theme", format!("cannot read the theme: {e}"))
                            .in_file(dir),
                    );
                    continue;
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
            match std::fs::read(entry.path()) {
                Ok(bytes) => {
                    files.insert(name, bytes);
                }
                Err(e) => problems.push(
                    Diagnostic::error("theme", format!("cannot read this file: {e}"))
                        .in_file(entry.path()),
                ),
            }
        }
        Files {
            root: dir.to_path_buf(),
            files,
        }
    }

    fn text(&self, path: &str, problems: &mut Vec<Diagnostic>) -> Option<String> {
        let file = self.root.join(path);
        let Some(bytes) = self.files.get(path) else {
            problems.push(
                Diagnostic::error("theme", format!("the theme has no {path}")).in_file(&file),
            );
            return None;
        };
        match String::from_utf8(bytes.clone()) {
            Ok(text) => Some(text),
            Err(_) => {
                problems
                    .push(Diagnostic::error("theme", "this file is not UTF-8 text").in_file(&file));
                None
            }
        }
    }

    fn strings(&self, path: &str, problems: &mut Vec<Diagnostic>) -> Option<Strings> {
        let text = self.text(path, problems)?;
        match crate::load::parse_record::<BTreeMap<String, String>>(&self.root.join(path), &text) {
            Ok(map) => Some(Strings(map)),
            Err(d) => {
                problems.push(d);
                None
            }
        }
    }

    /// The templates' sources, as (name below `templates/`, text).
    fn templates(&self, problems: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
        let names: Vec<String> = self
            .files
            .keys()
            .filter(|path| path.starts_with("templates/"))
            .cloned()
            .collect();
        names
            .into_iter()
            .filter_map(|path| {
                let text = self.text(&path, problems)?;
                Some((path["templates/".len()..].to_string(), text))
            })
            .collect()
    }

    /// The files below `prefix`, as (path below it, bytes).
    fn under(&self, prefix: &str) -> Vec<(PathBuf, Vec<u8>)> {
        self.files
            .iter()
            .filter_map(|(path, bytes)| {
                let rest = path.strip_prefix(prefix)?;
                Some((PathBuf::from(rest), bytes.clone()))
            })
            .collect()
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

fn compile(
    dir: &Path,
    templates: Vec<(String, String)>,
    problems: &mut Vec<Diagnostic>,
) -> Option<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml", ".svg"]);
    tera.set_escape_fn(escape_html);
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

fn failed(what: &str, template: &str, error: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "template",
        format!("{what} could not be rendered with {template}: {error}"),
    )
    .hint("fix the template in the theme's templates/ folder")
}

/// Tera's HTML escaping (the same five characters, the same entities),
/// written a run of plain text at a time: Tera's own writes every byte on
/// its own, which took 7% of a national build's CPU.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut plain = 0;
    for (i, byte) in bytes.iter().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(entity)?;
        plain = i + 1;
    }
    out.write_all(&bytes[plain..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_each_placeholder_once_and_writes_values_as_they_are() {
        let strings = Strings(BTreeMap::from([(
            keys::ITEM_LABEL.as_str().to_string(),
            "{n}/{of} {n} {other} {".to_string(),
        )]));
        assert_eq!(
            strings.fill(keys::ITEM_LABEL, &[("n", "{of}"), ("of", "3")]),
            "{of}/3 {of} {other} {"
        );
        assert_eq!(
            strings.fill(keys::ITEM_LABEL, &[]),
            "{n}/{of} {n} {other} {"
        );
    }

    fn escaped(input: &str, escape: tera::EscapeFn) -> String {
        let mut out = Vec::new();
        escape(input, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escaping_writes_what_teras_own_writes() {
        assert_eq!(
            escaped("县<b>“A&B”</b> \"x\" 'y'", escape_html),
            "县&lt;b&gt;“A&amp;B”&lt;/b&gt; &quot;x&quot; &#39;y&#39;"
        );
        for input in [
            "",
            "&",
            "<>",
            "plain",
            "'start",
            "end\"",
            "&&中&&",
            "a'b\"c<d>e&f",
        ] {
            assert_eq!(
                escaped(input, escape_html),
                escaped(input, tera::escape_html),
                "{input}"
            );
        }
    }
}
