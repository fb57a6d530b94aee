//! Identifiers that become URL segments: county and province slugs, project ids.
//!
//! A `Slug` holds only `[a-z0-9-]`, starts with a letter or digit and is at
//! most 64 characters, so it is safe as a path segment and stable as a URL.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

/// A slug with one job, so a county's cannot be passed where a project's is meant.
macro_rules! slug_kind {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(Slug);

        impl $name {
            pub fn parse(text: &str) -> Result<$name, SlugError> {
                Slug::parse(text).map($name)
            }

            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Slug::deserialize(deserializer).map($name)
            }
        }
    };
}

slug_kind!(
    /// A county's URL segment, e.g. `wulong`.
    CountySlug
);
slug_kind!(
    /// A project's URL segment within its notice, e.g. `g1-p11`.
    ProjectId
);
slug_kind!(
    /// A province's URL segment, e.g. `chongqing`, given in the glossary.
    ProvinceSlug
);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a valid id: use 1 to 64 lowercase letters a-z, digits and hyphens, starting with a letter or digit"
)]
pub struct SlugError(pub String);

impl Slug {
    pub fn parse(text: &str) -> Result<Slug, SlugError> {
        let valid = !text.is_empty()
            && text.len() <= 64
            && !text.starts_with('-')
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(Slug(text.to_string()))
        } else {
            Err(SlugError(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Slug::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_url_safe_ids_only() {
        assert!(Slug::parse("wulong").is_ok());
        assert!(Slug::parse("g1-p11").is_ok());
        assert!(Slug::parse("").is_err());
        assert!(Slug::parse("-x").is_err());
        assert!(Slug::parse("Wulong").is_err());
        assert!(Slug::parse("../etc").is_err());
        assert!(Slug::parse("武隆").is_err());
        assert!(Slug::parse(&"a".repeat(65)).is_err());
    }
}
