//! How figures and dates read in each language.
//!
//! Every amount is shown exactly, grouped by thousands; a rounded figure in
//! larger units only ever stands beside it: `141,859 万元（约14.19亿元）`,
//! `CNY 174.62 million (174,622,440 yuan)`.

use crate::model::{AmountUnit, Date, Deadline, Lang, MONTHS, Money};

/// The unit as English readers know it: `CNY 10,000`.
pub fn unit_name(lang: Lang, unit: AmountUnit) -> String {
    match (lang, unit.yuan()) {
        (Lang::Zh, _) => unit.to_string(),
        (Lang::En, 1) => "CNY".to_string(),
        (Lang::En, yuan) => format!(
            "CNY {}",
            Money::parse(&yuan.to_string())
                .map(Money::grouped)
                .unwrap_or_default()
        ),
    }
}

/// An amount in a table cell, in the notice's unit: `17,462.244`.
pub fn figure(amount: Money) -> String {
    amount.grouped()
}

/// An amount in running text: `17,462.244 万元（约1.75亿元）` or
/// `CNY 174.62 million (174,622,440 yuan)`.
pub fn amount(lang: Lang, amount: Money, unit: AmountUnit) -> String {
    match lang {
        Lang::Zh => {
            let exact = format!("{} {unit}", amount.grouped());
            // 1 亿元 is 10,000 万元.
            if unit == AmountUnit::TenThousandYuan && amount >= Money::from_whole(10_000) {
                let rounded = trim_zeros(&amount.shifted_down(4).rounded(2));
                format!("{exact}（约{rounded}亿元）")
            } else {
                exact
            }
        }
        Lang::En => {
            let yuan = amount.times(unit.yuan());
            let friendly = friendly_yuan(yuan);
            let exact = format!("CNY {}", yuan.grouped());
            if friendly == exact {
                exact
            } else {
                format!("{friendly} ({} yuan)", yuan.grouped())
            }
        }
    }
}

/// An amount beside a chart's bar, whose table gives it exactly:
/// `17,462.244 万元` or `CNY 174.62 million`.
pub fn short_amount(lang: Lang, amount: Money, unit: AmountUnit) -> String {
    match lang {
        Lang::Zh => format!("{} {unit}", amount.grouped()),
        Lang::En => friendly_yuan(amount.times(unit.yuan())),
    }
}

/// `CNY 174.62 million`, `CNY 1.42 billion`, `CNY 800,000`.
pub fn friendly_yuan(yuan: Money) -> String {
    let billion = Money::parse("1000000000").unwrap_or_default();
    let million = Money::parse("1000000").unwrap_or_default();
    if yuan >= billion {
        format!(
            "CNY {} billion",
            trim_zeros(&yuan.shifted_down(9).rounded(2))
        )
    } else if yuan >= million {
        format!(
            "CNY {} million",
            trim_zeros(&yuan.shifted_down(6).rounded(2))
        )
    } else {
        format!("CNY {}", yuan.grouped())
    }
}

fn trim_zeros(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text.to_string()
    }
}

pub fn date(lang: Lang, date: Date) -> String {
    match lang {
        Lang::Zh => date.chinese(),
        Lang::En => date.english(),
    }
}

/// A deadline as readers see it; `None` in English when its words name no
/// day and so cannot be put into English faithfully.
pub fn deadline(lang: Lang, deadline: &Deadline) -> Option<String> {
    match (lang, deadline.date) {
        (Lang::Zh, _) => Some(deadline.text.clone()),
        (Lang::En, Some(day)) if is_month_end(&deadline.text, day) => Some(format!(
            "End of {} {}",
            MONTHS[usize::from(day.month()) - 1],
            day.year()
        )),
        (Lang::En, Some(day)) => Some(format!("By {}", day.english())),
        (Lang::En, None) => None,
    }
}

fn is_month_end(text: &str, day: Date) -> bool {
    Date::end_of_month(day.year(), day.month()) == Some(day)
        && (text.contains('底') || text.contains("月末") || !text.contains('日'))
}

/// A file size for a download link: `812 bytes`, `14 KB`, `1.2 MB`.
pub fn size(bytes: usize) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        1024..1_048_576 => format!("{} KB", bytes.div_ceil(1024)),
        _ => format!(
            "{}.{} MB",
            bytes / 1_048_576,
            bytes % 1_048_576 * 10 / 1_048_576
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn amounts_are_exact_with_a_friendly_figure_beside() {
        assert_eq!(
            amount(Lang::Zh, m("17462.244"), AmountUnit::TenThousandYuan),
            "17,462.244 万元（约1.75亿元）"
        );
        assert_eq!(
            amount(Lang::Zh, m("141859"), AmountUnit::TenThousandYuan),
            "141,859 万元（约14.19亿元）"
        );
        assert_eq!(
            amount(Lang::Zh, m("9999.5"), AmountUnit::TenThousandYuan),
            "9,999.5 万元"
        );
        assert_eq!(
            amount(Lang::Zh, m("2.5"), AmountUnit::HundredMillionYuan),
            "2.5 亿元"
        );
        assert_eq!(
            amount(Lang::En, m("17462.244"), AmountUnit::TenThousandYuan),
            "CNY 174.62 million (174,622,440 yuan)"
        );
        assert_eq!(
            amount(Lang::En, m("141859"), AmountUnit::TenThousandYuan),
            "CNY 1.42 billion (1,418,590,000 yuan)"
        );
        assert_eq!(
            amount(Lang::En, m("80"), AmountUnit::TenThousandYuan),
            "CNY 800,000"
        );
        assert_eq!(
            amount(Lang::En, m("10"), AmountUnit::TenThousandYuan),
            "CNY 100,000"
        );
        assert_eq!(
            amount(Lang::En, m("8820"), AmountUnit::TenThousandYuan),
            "CNY 88.2 million (88,200,000 yuan)"
        );
        assert_eq!(figure(m("17462.244")), "17,462.244");
        assert_eq!(
            unit_name(Lang::En, AmountUnit::TenThousandYuan),
            "CNY 10,000"
        );
        assert_eq!(size(812), "812 bytes");
        assert_eq!(size(14_000), "14 KB");
        assert_eq!(size(1_300_000), "1.2 MB");
    }

    #[test]
    fn deadlines_read_naturally_in_english() {
        let end_nov = Deadline {
            text: "2024年11月底".into(),
            date: Date::parse("2024-11-30").ok(),
        };
        assert_eq!(
            deadline(Lang::En, &end_nov).unwrap(),
            "End of November 2024"
        );
        assert_eq!(deadline(Lang::Zh, &end_nov).unwrap(), "2024年11月底");
        let day = Deadline {
            text: "2024年6月15日前".into(),
            date: Date::parse("2024-06-15").ok(),
        };
        assert_eq!(deadline(Lang::En, &day).unwrap(), "By 15 June 2024");
        let vague = Deadline {
            text: "年内".into(),
            date: None,
        };
        assert_eq!(deadline(Lang::En, &vague), None);
    }
}
