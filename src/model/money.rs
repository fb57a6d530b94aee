//! `Money`: an exact, non-negative amount in the notice's unit (usually 万元).
//!
//! Amounts are held as an integer count of millionths of the unit, so sums
//! are exact and no binary floating point ever touches a figure. The text a
//! notice printed is kept beside the value by [`Amount`].

use std::fmt;
use std::iter::Sum;
use std::ops::Add;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Decimal places a `Money` can hold. Six places of 万元 is a hundredth of a fen.
const SCALE: u32 = 6;
const ONE: u128 = 10u128.pow(SCALE);

/// The largest whole amount accepted, in the notice's unit: far beyond any
/// county's budget, and small enough that no sum or conversion of amounts
/// can overflow (so a wrong total can never "match" by saturating).
pub const MAX_WHOLE: u128 = 999_999_999_999;

/// An exact non-negative decimal amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money {
    millionths: u128,
}

/// Why a piece of text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("an amount cannot be empty; leave the field out when the notice states no amount")]
    Empty,
    #[error("amounts cannot be negative: `{0}`")]
    Negative(String),
    #[error("`{0}` is not an amount; write digits with an optional decimal point, such as 92.284")]
    NotANumber(String),
    #[error("`{0}` has more than {SCALE} decimal places")]
    TooPrecise(String),
    #[error("`{0}` is larger than the largest amount accepted, 999,999,999,999")]
    TooLarge(String),
    #[error("`{0}` groups its digits wrongly; separate thousands as in 1,234.5, or write 1234.5")]
    BadGrouping(String),
}

impl Money {
    pub const ZERO: Money = Money { millionths: 0 };

    /// A whole amount, e.g. 10,000 (万元 in one 亿元).
    pub const fn from_whole(whole: u64) -> Money {
        Money {
            millionths: whole as u128 * ONE,
        }
    }

    /// Parses `8820`, `92.284`, `17,462.244` or `１２０` (full-width digits).
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(MoneyError::Empty);
        }
        let folded: String = trimmed
            .chars()
            .map(|c| if c == '，' { ',' } else { fold_full_width(c) })
            .collect();
        if folded.starts_with('-') {
            return Err(MoneyError::Negative(trimmed.to_string()));
        }
        let normalised =
            ungrouped(&folded).ok_or_else(|| MoneyError::BadGrouping(trimmed.to_string()))?;
        let (whole, fraction) = match normalised.split_once('.') {
            Some((w, f)) => (w, f),
            None => (normalised.as_str(), ""),
        };
        let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !digits_only(whole) || !digits_only(fraction) {
            return Err(MoneyError::NotANumber(trimmed.to_string()));
        }
        if fraction.len() > SCALE as usize {
            return Err(MoneyError::TooPrecise(trimmed.to_string()));
        }
        let too_large = || MoneyError::TooLarge(trimmed.to_string());
        let whole: u128 = whole
            .parse()
            .ok()
            .filter(|w| *w <= MAX_WHOLE)
            .ok_or_else(too_large)?;
        // The fraction's digits as millionths: as if padded with zeros.
        let fraction = fraction
            .bytes()
            .fold(0u128, |n, digit| n * 10 + u128::from(digit - b'0'))
            * 10u128.pow(SCALE - fraction.len() as u32);
        whole
            .checked_mul(ONE)
            .and_then(|w| w.checked_add(fraction))
            .map(|millionths| Money { millionths })
            .ok_or_else(too_large)
    }

    /// The amount multiplied by a whole factor, e.g. 万元 → 元 with 10000.
    pub fn times(self, factor: u128) -> Money {
        Money {
            millionths: self.millionths.saturating_mul(factor),
        }
    }

    /// The amount divided by 10^`power`, truncated to six decimal places.
    pub fn shifted_down(self, power: u32) -> Money {
        Money {
            millionths: self.millionths / 10u128.pow(power.min(38)),
        }
    }

    /// This amount as a whole percentage of `whole`, rounded down; `None` when `whole` is 0.
    pub fn percent_of(self, whole: Money) -> Option<u128> {
        (self.millionths.saturating_mul(100)).checked_div(whole.millionths)
    }

    /// The difference between two amounts, and whether `self` is the larger.
    pub fn abs_diff(self, other: Money) -> Money {
        Money {
            millionths: self.millionths.abs_diff(other.millionths),
        }
    }

    /// The whole part and the fractional digits (no trailing zeros).
    fn parts(self) -> (u128, String) {
        let whole = self.millionths / ONE;
        let fraction = format!("{:0width$}", self.millionths % ONE, width = SCALE as usize);
        (whole, fraction.trim_end_matches('0').to_string())
    }

    /// The amount with thousands separators, for English pages: `17,462.244`.
    pub fn grouped(self) -> String {
        let (whole, fraction) = self.parts();
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if fraction.is_empty() {
            grouped
        } else {
            format!("{grouped}.{fraction}")
        }
    }

    /// The amount rounded half-up to `places` decimals, for reader-friendly figures.
    pub fn rounded(self, places: u32) -> String {
        let places = places.min(SCALE);
        let step = 10u128.pow(SCALE - places);
        let rounded = (self.millionths + step / 2) / step;
        let unit = 10u128.pow(places);
        if places == 0 {
            return rounded.to_string();
        }
        format!(
            "{}.{:0width$}",
            rounded / unit,
            rounded % unit,
            width = places as usize
        )
    }
}

fn fold_full_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '－' => '-',
        _ => c,
    }
}

impl fmt::Display for Money {
    /// The shortest exact form: `17462.244`, `8820`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, fraction) = self.parts();
        if fraction.is_empty() {
            write!(f, "{whole}")
        } else {
            write!(f, "{whole}.{fraction}")
        }
    }
}

/// `1,234.5` → `1234.5`: commas only between groups of three digits of the
/// whole part, so that `1,2,3` or `1.2,5` is refused rather than guessed at.
fn ungrouped(text: &str) -> Option<String> {
    if !text.contains(',') {
        return Some(text.to_string());
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let mut groups = whole.split(',');
    let first = groups.next()?;
    let first_ok = (1..=3).contains(&first.len());
    let rest_ok = groups.all(|g| g.len() == 3);
    let fraction_ok = fraction.is_none_or(|f| !f.contains(','));
    (first_ok && rest_ok && fraction_ok).then(|| text.replace(',', ""))
}

impl FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Money::parse(s)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money {
            millionths: self.millionths.saturating_add(other.millionths),
        }
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An amount as a notice printed it, with its exact value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    pub value: Money,
    pub original: String,
}

impl Amount {
    pub fn parse(text: &str) -> Result<Amount, MoneyError> {
        Ok(Amount {
            value: Money::parse(text)?,
            original: text.trim().to_string(),
        })
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.original)
    }
}

impl<'de> Deserialize<'de> for Amount {
    /// Reads `amount: "92.284"` or `amount: 92.284` from the scalar's own
    /// text, so a YAML float never rounds a figure.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_str(ScalarText)?;
        Amount::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Accepts a YAML scalar as text. Integers are exact; a float is refused
/// because its text is already lost.
struct ScalarText;

impl serde::de::Visitor<'_> for ScalarText {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an amount such as \"92.284\"")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
        Err(E::custom(format!(
            "write the amount {v} in quotes (\"{v}\") so that it is read exactly"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn parses_the_forms_notices_print() {
        assert_eq!(m("17462.244").to_string(), "17462.244");
        assert_eq!(m("92.284").to_string(), "92.284");
        assert_eq!(m("8820").to_string(), "8820");
        assert_eq!(m(" 86.96 ").to_string(), "86.96");
        assert_eq!(m("17,462.244").to_string(), "17462.244");
        assert_eq!(m("１２０").to_string(), "120");
        assert_eq!(m("10.50").to_string(), "10.5");
        assert_eq!(m("0.000001").to_string(), "0.000001");
        assert_eq!(m("123.456789").to_string(), "123.456789");
        assert_eq!(m("7.").to_string(), "7");
        assert_eq!(Money::from_whole(10_000), m("10000"));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert_eq!(Money::parse(""), Err(MoneyError::Empty));
        assert_eq!(Money::parse("-5"), Err(MoneyError::Negative("-5".into())));
        assert_eq!(
            Money::parse("12万"),
            Err(MoneyError::NotANumber("12万".into()))
        );
        assert_eq!(Money::parse(".5"), Err(MoneyError::NotANumber(".5".into())));
        assert_eq!(
            Money::parse("1.0000001"),
            Err(MoneyError::TooPrecise("1.0000001".into()))
        );
        for grouped_wrongly in ["1,2,3", "1.2,5", ",123", "1234,567", "12,34", "1,234.5,6"] {
            assert_eq!(
                Money::parse(grouped_wrongly),
                Err(MoneyError::BadGrouping(grouped_wrongly.into())),
                "{grouped_wrongly}"
            );
        }
        assert_eq!(m("1,234,567.5").to_string(), "1234567.5");
        assert_eq!(m("1，234").to_string(), "1234");
    }

    #[test]
    fn amounts_stop_at_a_documented_maximum_so_sums_cannot_saturate() {
        assert_eq!(m("999999999999.999999").to_string(), "999999999999.999999");
        let beyond = "1000000000000";
        assert_eq!(
            Money::parse(beyond),
            Err(MoneyError::TooLarge(beyond.into()))
        );
        let huge = u128::MAX.to_string();
        assert_eq!(Money::parse(&huge), Err(MoneyError::TooLarge(huge)));
        // A million of the largest amounts, in 元, still sums exactly.
        let largest = m("999999999999.999999").times(10_000);
        let sum: Money = std::iter::repeat_n(largest, 1_000_000).sum();
        assert_eq!(sum.to_string(), "9999999999999999990000");
    }

    #[test]
    fn sums_shizhu_2024_exactly() {
        let rows = [
            "80", "120", "92.284", "2500", "796", "86.96", "50", "10", "12827", "900",
        ];
        let total: Money = rows.iter().map(|r| m(r)).sum();
        assert_eq!(total, m("17462.244"));
        assert_eq!(total.to_string(), "17462.244");
    }

    #[test]
    fn formats_for_readers() {
        assert_eq!(m("17462.244").grouped(), "17,462.244");
        assert_eq!(m("141859").grouped(), "141,859");
        assert_eq!(m("100").grouped(), "100");
        assert_eq!(m("17462.244").times(10_000).to_string(), "174622440");
        assert_eq!(m("174.62244").rounded(2), "174.62");
        assert_eq!(m("0.125").rounded(2), "0.13");
        assert_eq!(m("1418.59").rounded(0), "1419");
        assert_eq!(m("174622440").shifted_down(6).rounded(2), "174.62");
    }

    #[test]
    fn differences_are_absolute() {
        assert_eq!(m("8820").abs_diff(m("8800")).to_string(), "20");
        assert_eq!(m("8800").abs_diff(m("8820")).to_string(), "20");
        assert_eq!(m("55").percent_of(m("60.5")), Some(90));
        assert_eq!(m("1").percent_of(Money::ZERO), None);
    }
}
