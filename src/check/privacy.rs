//! Personal data: resident ID numbers (GB 11643 checksum), mobile numbers,
//! bank card numbers (Luhn) and personal e-mail addresses in records,
//! reports and source texts. Each is an error naming file and line, with
//! the value masked so the report itself does not spread it. Official
//! office contacts are listed in `site.yaml` under `allowed_contacts`.
//!
//! The loader calls [`scan`] on every text as it reads it, so the check
//! costs no second read of the content.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::Date;

/// Free mail services: an address there belongs to a person, not an office.
const PERSONAL_MAIL: &[&str] = &[
    "qq.com",
    "foxmail.com",
    "163.com",
    "126.com",
    "yeah.net",
    "sina.com",
    "sina.cn",
    "sohu.com",
    "139.com",
    "189.cn",
    "aliyun.com",
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "yahoo.com",
    "icloud.com",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    ResidentId,
    Mobile,
    BankCard,
    Email,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::ResidentId => "a resident ID number",
            Kind::Mobile => "a mobile phone number",
            Kind::BankCard => "a bank card number",
            Kind::Email => "a personal e-mail address",
        }
    }
}

/// Every finding in one text.
pub fn scan(file: &Path, text: &str, allowed: &[String]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for (kind, value, column) in findings(line) {
            if allowed.iter().any(|a| a == &value) {
                continue;
            }
            found.push(
                Diagnostic::error("personal-data", format!("this looks like {}: {}", kind.describe(), mask(kind, &value)))
                    .at(file, index + 1, column)
                    .without_source()
                    .hint("remove it before publishing; if it is an office's official contact, add it to `allowed_contacts` in content/site.yaml"),
            );
        }
    }
    found
}

fn findings(line: &str) -> Vec<(Kind, String, usize)> {
    let chars: Vec<char> = line.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let mut run: String = chars[start..i].iter().collect();
        if run.len() == 17 && chars.get(i).is_some_and(|c| *c == 'X' || *c == 'x') {
            run.push('X');
            i += 1;
        }
        let glued = chars
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '@');
        if glued {
            continue;
        }
        if let Some(kind) = classify_number(&run) {
            found.push((kind, run, start + 1));
        }
    }
    found.extend(emails(line));
    found
}

fn classify_number(run: &str) -> Option<Kind> {
    if run.len() == 18 && is_resident_id(run) {
        Some(Kind::ResidentId)
    } else if run.len() == 11 && run.starts_with('1') && matches!(run.as_bytes()[1], b'3'..=b'9') {
        Some(Kind::Mobile)
    } else if (16..=19).contains(&run.len()) && run.bytes().all(|b| b.is_ascii_digit()) && luhn(run)
    {
        Some(Kind::BankCard)
    } else {
        None
    }
}

/// GB 11643-1999: a plausible birth date and the ISO 7064 MOD 11-2 check character.
fn is_resident_id(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let bytes = id.as_bytes();
    let birth = Date::new(
        id[6..10].parse().unwrap_or(0),
        id[10..12].parse().unwrap_or(0),
        id[12..14].parse().unwrap_or(0),
    );
    let year_ok = birth.is_some_and(|d| (1900..=2100).contains(&d.year()));
    let sum: u32 = bytes[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    year_ok && bytes[17].to_ascii_uppercase() == CHECK[(sum % 11) as usize]
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn emails(line: &str) -> Vec<(Kind, String, usize)> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices('@') {
        let is_part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
        let start = line[..at].rfind(|c: char| !is_part(c)).map_or(0, |i| {
            i + line[i..].chars().next().map_or(1, char::len_utf8)
        });
        let end = line[at + 1..]
            .find(|c: char| !is_part(c))
            .map_or(line.len(), |i| at + 1 + i);
        let domain = line[at + 1..end].trim_end_matches('.').to_ascii_lowercase();
        if start < at && PERSONAL_MAIL.contains(&domain.as_str()) {
            let address = format!("{}@{domain}", &line[start..at]);
            found.push((Kind::Email, address, line[..start].chars().count() + 1));
        }
    }
    found
}

/// Enough to find it again, not enough to use it.
fn mask(kind: Kind, value: &str) -> String {
    let keep = |head: usize, tail: usize| {
        let chars: Vec<char> = value.chars().collect();
        let hidden = chars.len().saturating_sub(head + tail);
        format!(
            "{}{}{}",
            chars[..head.min(chars.len())].iter().collect::<String>(),
            "*".repeat(hidden),
            chars[chars.len().saturating_sub(tail)..]
                .iter()
                .collect::<String>()
        )
    };
    match kind {
        Kind::ResidentId => keep(6, 4),
        Kind::Mobile => keep(3, 4),
        Kind::BankCard => keep(4, 4),
        Kind::Email => match value.split_once('@') {
            Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
            None => "***".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str) -> Vec<(Kind, String)> {
        findings(line).into_iter().map(|(k, v, _)| (k, v)).collect()
    }

    #[test]
    fn finds_resident_ids_only_with_a_valid_check_character() {
        assert_eq!(
            kinds("身份证号11010519491231002X。"),
            [(Kind::ResidentId, "11010519491231002X".to_string())]
        );
        assert!(
            kinds("11010519491231002Y").is_empty(),
            "wrong check character"
        );
        assert!(
            kinds("110105194913310021").is_empty(),
            "no 31st of month 13"
        );
    }

    #[test]
    fn finds_mobile_numbers_and_card_numbers() {
        assert_eq!(
            kinds("联系电话：13812345678"),
            [(Kind::Mobile, "13812345678".to_string())]
        );
        assert!(kinds("联系电话：77727458").is_empty(), "an office landline");
        assert!(
            kinds("完成12345678901234人次").is_empty(),
            "a long count fails Luhn"
        );
        assert!(
            kinds("卡号6222020200112233447").is_empty(),
            "19 digits failing Luhn"
        );
        assert_eq!(
            kinds("卡号6222020200112233446"),
            [(Kind::BankCard, "6222020200112233446".to_string())]
        );
        assert_eq!(
            kinds("卡号4111111111111111"),
            [(Kind::BankCard, "4111111111111111".to_string())]
        );
        assert!(kinds("编号13812345678A").is_empty(), "part of a code");
    }

    #[test]
    fn finds_personal_mail_but_not_office_mail() {
        assert_eq!(
            kinds("邮箱：1316543020@qq.com）"),
            [(Kind::Email, "1316543020@qq.com".to_string())]
        );
        assert!(kinds("fgw@wulong.gov.cn").is_empty());
    }

    #[test]
    fn masks_what_it_reports() {
        assert_eq!(
            mask(Kind::ResidentId, "11010519491231002X"),
            "110105********002X"
        );
        assert_eq!(mask(Kind::Mobile, "13812345678"), "138****5678");
        assert_eq!(mask(Kind::Email, "1316543020@qq.com"), "1***@qq.com");
    }

    #[test]
    fn reports_file_line_and_honours_the_allow_list() {
        let found = scan(Path::new("r.md"), "第一行\n电话13812345678", &[]);
        assert_eq!(
            found[0].to_string(),
            "r.md:2:3: error[personal-data]: this looks like a mobile phone number: 138****5678"
        );
        assert!(
            scan(
                Path::new("r.md"),
                "13812345678",
                &["13812345678".to_string()]
            )
            .is_empty()
        );
    }
}
