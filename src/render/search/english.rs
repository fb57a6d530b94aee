//! English words of the search index: lowercased, stop words left out, and
//! plurals folded to the singular, so `schools` finds `school` and
//! `children` finds `child`. `static/search.js` folds a query's words with
//! the same rules (`englishWord`); `tests/search/english.json` holds the
//! cases both sides are tested with, so the two cannot drift apart.
//!
//! This is plural folding, not a stemmer: `older` stays `older`, `planning`
//! stays `planning`. The rules, in order:
//! 1. a few irregular plurals: `people` → `person`, `children` → `child`,
//!    `women` → `woman`, `men` → `man`, `buses` → `bus`;
//! 2. words of three letters or fewer, and a few words that only look
//!    plural (`news`, `series`, `species`, …), stay as they are;
//! 3. `-ies` → `-y` (`facilities` → `facility`);
//! 4. `-sses`, `-ches`, `-shes`, `-xes` lose `-es` (`classes` → `class`,
//!    `churches` → `church`, `boxes` → `box`);
//! 5. any other final `s` goes, except after `s`, `u` or `i` (`address`,
//!    `campus`, `status`, `basis` stay whole).

use std::collections::BTreeSet;

/// Words too common to find anything by; not indexed, and left out of a query.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
];

const IRREGULAR: &[(&str, &str)] = &[
    ("people", "person"),
    ("persons", "person"),
    ("children", "child"),
    ("women", "woman"),
    ("men", "man"),
    ("buses", "bus"),
];

/// Words ending in `s` that are not plurals of a shorter word.
const NOT_PLURAL: &[&str] = &[
    "news", "series", "species", "always", "perhaps", "towards", "whereas", "canvas", "atlas",
];

/// The singular of an English word (lowercase ASCII letters and digits).
pub fn fold(word: &str) -> String {
    if let Some((_, singular)) = IRREGULAR.iter().find(|(plural, _)| *plural == word) {
        return (*singular).to_string();
    }
    if word.len() <= 3 || NOT_PLURAL.contains(&word) {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies").filter(|stem| stem.len() > 1) {
        return format!("{stem}y");
    }
    for ending in ["sses", "ches", "shes", "xes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_string();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.ends_with(['s', 'u', 'i']) => stem.to_string(),
        _ => word.to_string(),
    }
}

/// The folded English words of a text: split at anything but letters and
/// digits, lowercased, stop words and words with non-ASCII letters left out.
pub fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| {
            !w.is_empty()
                && !STOP_WORDS.contains(&w.as_str())
                && w.chars().all(|c| c.is_ascii_alphanumeric())
        })
        .map(|w| fold(&w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_lowercased_and_singular() {
        let w = words("Upgrading the rural power grids, 5G sites");
        assert_eq!(
            w.into_iter().collect::<Vec<_>>(),
            ["5g", "grid", "power", "rural", "site", "upgrading"]
        );
    }

    /// The cases `search.js` is tested with too (tests/cli/search.rs).
    #[test]
    fn plurals_fold_as_the_shared_cases_say() {
        let cases: Vec<(String, String)> =
            serde_json::from_str(include_str!("../../../tests/search/english.json")).unwrap();
        assert!(cases.len() > 20);
        for (word, singular) in cases {
            assert_eq!(fold(&word), singular, "{word}");
            assert_eq!(fold(&singular), singular, "{singular} is already singular");
        }
    }
}
