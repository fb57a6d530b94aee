//! The written forms of personal data, read from one decoded line: digit
//! groups and the separators between them, and e-mail addresses.
//!
//! Separators are allowed only in the groupings people write these numbers
//! in (a mobile 3-4-4, a card in fours, an ID 6-8-4), with the same
//! separator throughout and no further group joined by it, so a row of
//! counts, a date or an amount does not read as one long number. Each
//! group is also read alone, as before separators were understood.

use super::decode::JOIN;
use crate::model::Date;

/// Free mail services: an address there, or at one of their subdomains
/// (`vip.qq.com`), belongs to a person, not an office.
const PERSONAL_MAIL: &[&str] = &[
    "qq.com",
    "foxmail.com",
    "163.com",
    "126.com",
    "188.com",
    "yeah.net",
    "sina.com",
    "sina.cn",
    "sina.com.cn",
    "sohu.com",
    "139.com",
    "189.cn",
    "wo.cn",
    "21cn.com",
    "tom.com",
    "aliyun.com",
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.com.cn",
    "icloud.com",
    "me.com",
    "proton.me",
    "protonmail.com",
    "protonmail.ch",
    "pm.me",
    "tutanota.com",
    "gmx.com",
    "yandex.com",
    "mail.ru",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    ResidentId,
    Mobile,
    BankCard,
    Email,
}

impl Kind {
    pub(super) fn describe(self) -> &'static str {
        match self {
            Kind::ResidentId => "a resident ID number",
            Kind::Mobile => "a mobile phone number",
            Kind::BankCard => "a bank card number",
            Kind::Email => "a personal e-mail address",
        }
    }

    /// Which characters of a value of this kind a report may show: enough
    /// to find it again, not enough to use it.
    pub(super) fn shown(self, value: &str) -> (usize, usize) {
        match self {
            Kind::ResidentId => (6, 4),
            Kind::Mobile => (3, 4),
            Kind::BankCard => (4, 4),
            Kind::Email => {
                // A name of one or two letters would be all but shown.
                let local = value.find('@').unwrap_or(value.len());
                (usize::from(local > 2), value.len() - local)
            }
        }
    }
}

/// One finding: the value as a reader would copy it (digits, or the
/// address), and the index in the decoded line of each of its characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    pub kind: Kind,
    pub value: String,
    pub at: Vec<usize>,
}

/// Every finding in one decoded line.
pub(super) fn find(chars: &[char], has_join: bool) -> Vec<Found> {
    let mut found = Vec::new();
    numbers(chars, false, &mut found);
    if has_join {
        let mut joined = Vec::new();
        numbers(chars, true, &mut joined);
        for one in joined {
            if !found.contains(&one) {
                found.push(one);
            }
        }
    }
    emails(chars, &mut found);
    found
}

struct Group {
    /// Indices of the digits.
    digits: Vec<usize>,
    /// The index of an `X` right after the digits (an ID's check character).
    x: Option<usize>,
    /// The index after the group.
    end: usize,
}

impl Group {
    fn len(&self) -> usize {
        self.digits.len()
    }
}

/// Chains of digit groups, each link one separator between two digits;
/// `joined`: a line break between two digits is read as no break at all.
fn numbers(chars: &[char], joined: bool, found: &mut Vec<Found>) {
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut groups = Vec::new();
        let mut separators = Vec::new();
        loop {
            let group = read_group(chars, i, joined);
            i = group.end;
            let x = group.x.is_some();
            groups.push(group);
            let separator = chars.get(i).copied();
            match separator {
                Some(s @ ('-' | ' ' | '*' | '.'))
                    if !x && chars.get(i + 1).is_some_and(char::is_ascii_digit) =>
                {
                    separators.push(s);
                    i += 1;
                }
                _ => break,
            }
        }
        chain(chars, &groups, &separators, found);
    }
}

fn read_group(chars: &[char], start: usize, joined: bool) -> Group {
    let mut digits = Vec::new();
    let mut i = start;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            digits.push(i);
        } else if !(joined
            && chars[i] == JOIN
            && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            break;
        }
        i += 1;
    }
    let x = chars.get(i).filter(|c| matches!(c, 'X' | 'x')).map(|_| i);
    Group {
        digits,
        x,
        end: i + usize::from(x.is_some()),
    }
}

/// A letter, digit or `@` right after a number makes it part of a code or an address.
fn glued(chars: &[char], end: usize) -> bool {
    chars
        .get(end)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '@')
}

struct Grouping {
    kind: Kind,
    lengths: &'static [usize],
    separators: &'static [char],
}

/// Longer groupings first, so a card in five groups is not read as four.
const GROUPINGS: &[Grouping] = &[
    Grouping {
        kind: Kind::BankCard,
        lengths: &[4, 4, 4, 4, 3],
        separators: &[' ', '-'],
    },
    Grouping {
        kind: Kind::BankCard,
        lengths: &[4, 4, 4, 4, 2],
        separators: &[' ', '-'],
    },
    Grouping {
        kind: Kind::BankCard,
        lengths: &[4, 4, 4, 4, 1],
        separators: &[' ', '-'],
    },
    Grouping {
        kind: Kind::BankCard,
        lengths: &[4, 4, 4, 4],
        separators: &[' ', '-'],
    },
    Grouping {
        kind: Kind::ResidentId,
        lengths: &[6, 8, 4],
        separators: &[' ', '-'],
    },
    Grouping {
        kind: Kind::Mobile,
        lengths: &[3, 4, 4],
        separators: &['-', ' ', '*', '.'],
    },
];

fn chain(chars: &[char], groups: &[Group], separators: &[char], found: &mut Vec<Found>) {
    let mut used = vec![false; groups.len()];
    let mut a = 0;
    while a < groups.len() {
        match GROUPINGS
            .iter()
            .find_map(|grouping| grouped(chars, groups, separators, a, grouping))
        {
            Some((taken, one)) => {
                found.push(one);
                used[a..a + taken].fill(true);
                a += taken;
            }
            None => a += 1,
        }
    }
    for (group, _) in groups.iter().zip(used).filter(|(_, used)| !used) {
        found.extend(alone(chars, group));
    }
}

/// The groups from `a` on, read as `grouping`: the number and how many groups it took.
fn grouped(
    chars: &[char],
    groups: &[Group],
    separators: &[char],
    a: usize,
    grouping: &Grouping,
) -> Option<(usize, Found)> {
    let taken = grouping.lengths.len();
    let these = groups.get(a..a + taken)?;
    let separator = separators[a];
    let last = these.last()?;
    // Only an ID's last group may end in its check character, which then
    // stands for the group's last digit (a chain ends at an `X`).
    let fits = these.iter().zip(grouping.lengths).all(|(g, n)| match g.x {
        None => g.len() == *n,
        Some(_) => grouping.kind == Kind::ResidentId && g.len() + 1 == *n,
    });
    let separated = grouping.separators.contains(&separator)
        && separators[a..a + taken - 1].iter().all(|s| *s == separator);
    // A country code may precede a mobile number with the same separator.
    let country_code = |g: &Group| {
        let digits: String = g.digits.iter().map(|i| chars[*i]).collect();
        grouping.kind == Kind::Mobile && (digits == "86" || digits == "0086")
    };
    let alone_before = a == 0 || separators[a - 1] != separator || country_code(&groups[a - 1]);
    let alone_after = separators
        .get(a + taken - 1)
        .is_none_or(|s| *s != separator);
    if !(fits && separated && alone_before && alone_after) || glued(chars, last.end) {
        return None;
    }
    let mut at: Vec<usize> = these
        .iter()
        .flat_map(|g| g.digits.iter().copied())
        .collect();
    at.extend(last.x);
    let value = value_of(chars, &at);
    let valid = match grouping.kind {
        Kind::Mobile => is_mobile(&value),
        Kind::BankCard => matches!(value.as_bytes()[0], b'3'..=b'6') && luhn(&value),
        Kind::ResidentId => is_resident_id(&value),
        Kind::Email => false,
    };
    let found = Found {
        kind: grouping.kind,
        value,
        at,
    };
    valid.then_some((taken, found))
}

/// One group read as a whole number.
fn alone(chars: &[char], group: &Group) -> Option<Found> {
    if glued(chars, group.end) {
        return None;
    }
    let mut at = group.digits.clone();
    if let Some(x) = group.x {
        if group.len() != 17 {
            return None;
        }
        at.push(x);
    }
    let value = value_of(chars, &at);
    let kind = match value.len() {
        18 if is_resident_id(&value) => Kind::ResidentId,
        11 if is_mobile(&value) => Kind::Mobile,
        16..=19 if value.bytes().all(|b| b.is_ascii_digit()) && luhn(&value) => Kind::BankCard,
        // A mobile with its country code written on: +86 or 0086.
        13 | 15 => {
            let before = group.digits[0].checked_sub(1).map(|i| chars[i]);
            let country = if value.len() == 13 {
                before == Some('+') && value.starts_with("86")
            } else {
                value.starts_with("0086")
            };
            let national = value.len() - 11;
            if !(country && is_mobile(&value[national..])) {
                return None;
            }
            return Some(Found {
                kind: Kind::Mobile,
                value: value[national..].to_string(),
                at: at[national..].to_vec(),
            });
        }
        _ => return None,
    };
    Some(Found { kind, value, at })
}

fn value_of(chars: &[char], at: &[usize]) -> String {
    at.iter().map(|i| chars[*i].to_ascii_uppercase()).collect()
}

fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11 && b[0] == b'1' && matches!(b[1], b'3'..=b'9')
}

/// GB 11643-1999: a plausible birth date and the ISO 7064 MOD 11-2 check character.
pub(super) fn is_resident_id(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let bytes = id.as_bytes();
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
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

pub(super) fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b.wrapping_sub(b'0'));
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Addresses at free mail services. A line join inside one is skipped: the
/// address reads on across it.
fn emails(chars: &[char], found: &mut Vec<Found>) {
    let local_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    let domain_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    for at_sign in (0..chars.len()).filter(|i| chars[*i] == '@') {
        let mut start = at_sign;
        while start > 0 && (local_char(chars[start - 1]) || chars[start - 1] == JOIN) {
            start -= 1;
        }
        let mut end = at_sign + 1;
        while end < chars.len() && (domain_char(chars[end]) || chars[end] == JOIN) {
            end += 1;
        }
        while end > at_sign + 1 && matches!(chars[end - 1], '.' | '-' | JOIN) {
            end -= 1;
        }
        let at: Vec<usize> = (start..end).filter(|i| chars[*i] != JOIN).collect();
        let local: String = (start..at_sign)
            .filter(|i| chars[*i] != JOIN)
            .map(|i| chars[i])
            .collect();
        let domain: String = (at_sign + 1..end)
            .filter(|i| chars[*i] != JOIN)
            .map(|i| chars[i].to_ascii_lowercase())
            .collect();
        if !local.is_empty() && is_personal_mail(&domain) {
            found.push(Found {
                kind: Kind::Email,
                value: format!("{local}@{domain}"),
                at,
            });
        }
    }
}

fn is_personal_mail(domain: &str) -> bool {
    PERSONAL_MAIL.iter().any(|service| {
        domain
            .strip_suffix(service)
            .is_some_and(|sub| sub.is_empty() || sub.ends_with('.'))
    })
}
