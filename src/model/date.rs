//! Calendar dates without a time zone, as notices and reports state them.
//!
//! A `Date` is always a real day of the Gregorian calendar.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{0}` is not a date; write it as YYYY-MM-DD, e.g. 2024-11-30")]
    Format(String),
    #[error("{0} is not a day of the calendar")]
    Impossible(String),
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The last day of a month: "11月底" is 30 November.
    pub fn end_of_month(year: i32, month: u8) -> Option<Date> {
        (1..=12)
            .contains(&month)
            .then(|| Date::new(year, month, days_in_month(year, month)))
            .flatten()
    }

    pub fn parse(text: &str) -> Result<Date, DateError> {
        let format_error = || DateError::Format(text.to_string());
        let mut parts = text.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format_error());
        };
        let digits =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(format_error());
        }
        let year: i32 = y.parse().map_err(|_| format_error())?;
        let month: u8 = m.parse().map_err(|_| format_error())?;
        let day: u8 = d.parse().map_err(|_| format_error())?;
        Date::new(year, month, day).ok_or_else(|| DateError::Impossible(text.trim().to_string()))
    }

    /// The date of a day count since 1970-01-01 (civil-from-days, H. Hinnant).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (days-from-civil, H. Hinnant).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// 1 for 1 January.
    pub fn day_of_year(self) -> u32 {
        let start = Date::new(self.year, 1, 1).unwrap_or(self);
        (self.days_since_epoch() - start.days_since_epoch() + 1) as u32
    }

    pub fn days_in_year(self) -> u32 {
        if is_leap(self.year) { 366 } else { 365 }
    }

    /// `2024年1月15日`
    pub fn chinese(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// `15 January 2024`
    pub fn english(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month) - 1],
            self.year
        )
    }
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The years a notice may be for: from the People's Republic's first year
/// to far enough ahead; a notice folder outside them is not a year.
pub const NOTICE_YEARS: std::ops::RangeInclusive<u16> = 1949..=2200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_days_only() {
        assert_eq!(Date::parse("2024-01-15").unwrap().to_string(), "2024-01-15");
        assert_eq!(Date::parse("2024-02-29").unwrap().day(), 29);
        assert_eq!(
            Date::parse("2023-02-29"),
            Err(DateError::Impossible("2023-02-29".into()))
        );
        assert_eq!(
            Date::parse("2024-13-01"),
            Err(DateError::Impossible("2024-13-01".into()))
        );
        assert_eq!(
            Date::parse("2024/1/15"),
            Err(DateError::Format("2024/1/15".into()))
        );
        for signed in [
            "+024-01-10",
            "2024-+5-+1",
            "2024-05-+1",
            "-024-01-10",
            "2024-05- 1",
        ] {
            assert_eq!(
                Date::parse(signed),
                Err(DateError::Format(signed.into())),
                "{signed}"
            );
        }
    }

    #[test]
    fn converts_to_and_from_day_counts() {
        let d = Date::parse("2026-11-22").unwrap();
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Date::parse("2024-12-31").unwrap().day_of_year(), 366);
        assert_eq!(
            Date::end_of_month(2024, 11).unwrap().to_string(),
            "2024-11-30"
        );
        assert_eq!(
            Date::end_of_month(2024, 2).unwrap().to_string(),
            "2024-02-29"
        );
    }

    #[test]
    fn writes_dates_for_readers() {
        let d = Date::parse("2024-01-15").unwrap();
        assert_eq!(d.chinese(), "2024年1月15日");
        assert_eq!(d.english(), "15 January 2024");
    }
}
