//! Chinese script: Traditional characters and their Simplified forms, so
//! that the importer recognises 序號 as 序号 and search finds 养老 when a
//! reader types 養老.

use ahash::AHashMap;
use std::sync::LazyLock;

/// Traditional → Simplified, one pair of characters a line (see T2S-LICENSE.md).
static T2S: LazyLock<AHashMap<char, char>> = LazyLock::new(|| {
    include_str!("t2s.txt")
        .lines()
        .filter_map(|line| {
            let mut chars = line.chars();
            let traditional = chars.next()?;
            let simplified = chars.nth(1)?;
            Some((traditional, simplified))
        })
        .collect()
});

/// The Simplified form of a Traditional character; any other character as it is.
pub fn simplified(c: char) -> char {
    T2S.get(&c).copied().unwrap_or(c)
}

/// Every Traditional character whose Simplified form is one of `wanted`,
/// with that form.
pub fn traditional_of(
    wanted: &std::collections::BTreeSet<char>,
) -> std::collections::BTreeMap<char, char> {
    T2S.iter()
        .filter(|(traditional, simplified)| {
            traditional != simplified && wanted.contains(simplified)
        })
        .map(|(t, s)| (*t, *s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_traditional_to_simplified_and_leaves_the_rest() {
        assert_eq!(simplified('養'), '养');
        assert_eq!(simplified('号'), '号');
        assert_eq!(simplified('a'), 'a');
        let wanted = ['养', '老'].into_iter().collect();
        let pairs = traditional_of(&wanted);
        assert_eq!(pairs.get(&'養'), Some(&'养'));
        assert!(pairs.values().all(|s| wanted.contains(s)));
    }
}
