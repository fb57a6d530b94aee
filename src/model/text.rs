//! Bilingual text: Chinese is required, English optional.
//!
//! A `Bilingual` cannot hold an empty Chinese text. Missing English is not an
//! error: pages fall back to the Chinese, marked as such, and `check` counts it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// A page language. Chinese is the site's primary language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The code used in file names and URLs: `zh`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag for `lang` and `hreflang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A human-readable field: `{zh: ..., en: ...}`. Its Chinese is never
/// empty, and its English, when there is one, is not blank: the fields are
/// private, so only [`Bilingual::new`] and deserialising can make one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bilingual {
    zh: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    en: Option<String>,
}

/// Why a text cannot be a [`Bilingual`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the Chinese text (`zh`) is empty; every field needs its Chinese original")]
pub struct EmptyChinese;

/// What a reader sees of a `Bilingual` in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized<'a> {
    pub text: &'a str,
    /// True when English was asked for but only Chinese exists.
    pub is_fallback: bool,
}

impl Bilingual {
    /// A text from its Chinese and, when written, its English (blank English is none).
    pub fn new(zh: impl Into<String>, en: Option<String>) -> Result<Bilingual, EmptyChinese> {
        let zh = zh.into();
        if zh.trim().is_empty() {
            return Err(EmptyChinese);
        }
        let en = en.filter(|en| !en.trim().is_empty());
        Ok(Bilingual { zh, en })
    }

    /// The Chinese, as written.
    pub fn zh(&self) -> &str {
        &self.zh
    }

    /// The English, when written.
    pub fn en(&self) -> Option<&str> {
        self.en.as_deref()
    }

    pub fn get(&self, lang: Lang) -> Localized<'_> {
        match (lang, &self.en) {
            (Lang::Zh, _) => Localized {
                text: &self.zh,
                is_fallback: false,
            },
            (Lang::En, Some(en)) => Localized {
                text: en,
                is_fallback: false,
            },
            (Lang::En, None) => Localized {
                text: &self.zh,
                is_fallback: true,
            },
        }
    }

    /// Gives the text `en` as its English when it has none (blank `en` is
    /// ignored); says whether it did.
    pub fn fill_english(&mut self, en: &str) -> bool {
        let fill = self.en.is_none() && !en.trim().is_empty();
        if fill {
            self.en = Some(en.to_string());
        }
        fill
    }

    pub fn has_english(&self) -> bool {
        self.en.is_some()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BilingualRecord {
    zh: String,
    #[serde(default)]
    en: Option<String>,
}

impl<'de> Deserialize<'de> for Bilingual {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let record = BilingualRecord::deserialize(deserializer)?;
        Bilingual::new(record.zh, record.en).map_err(serde::de::Error::custom)
    }
}

/// Characters XML 1.0 does not allow even as references: the C0 control
/// characters other than tab, line feed and carriage return (a vertical tab
/// or form feed comes with text pasted from Word or WPS), and U+FFFE, U+FFFF.
/// One such character makes a whole feed unreadable.
pub fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_falls_back_to_chinese_and_says_so() {
        let name = Bilingual::new("老年人助餐行动", None).unwrap();
        assert_eq!(
            name.get(Lang::En),
            Localized {
                text: "老年人助餐行动",
                is_fallback: true
            }
        );
        let name = Bilingual::new("老年人助餐行动", Some("Meals for older people".into())).unwrap();
        assert_eq!(name.get(Lang::En).text, "Meals for older people");
        assert!(!name.get(Lang::En).is_fallback);
        assert_eq!(name.get(Lang::Zh).text, "老年人助餐行动");
    }

    #[test]
    fn chinese_is_never_empty_and_blank_english_is_none() {
        assert_eq!(Bilingual::new("  ", None), Err(EmptyChinese));
        let name = Bilingual::new("县民政局", Some(" ".into())).unwrap();
        assert_eq!(name.en(), None);
        assert!(!name.has_english());
    }
}
