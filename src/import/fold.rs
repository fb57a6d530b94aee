//! The folded view of a text, used only to *recognise* things: header
//! words, release marks, units, numbers. Names and tasks keep the script
//! they were printed in; only pinyin annotations, which mirror sites insert
//! after characters (`鎮(zhèn)`), are removed from them.
//!
//! Folding maps Traditional characters to Simplified (`crate::script`), full-width ASCII to ASCII and the ideographic space to a
//! space, and removes pinyin annotations. Every fold works line by line, so
//! a folded line always maps back to the printed line with the same number.

/// The text for recognition: pinyin removed, Simplified script, ASCII punctuation.
pub fn fold(text: &str) -> String {
    strip_pinyin(text).chars().map(fold_char).collect()
}

/// One character folded: `號` → `号`, `：` → `:`, `１` → `1`.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '—' | '–' | '－' | '~' | '～' => '-',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => crate::script::simplified(c),
    }
}

/// `鎮(zhèn)` → `鎮`: a bracketed run of pinyin letters with a tone mark,
/// right after a Chinese character, is an annotation. Brackets holding
/// anything else (`(AED)`, `(2024)`, `(试行)`) stay.
pub fn strip_pinyin(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(len) = annotation_at(&chars, i) {
            i += len;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The length of a pinyin annotation starting at `i`, if one does.
fn annotation_at(chars: &[char], i: usize) -> Option<usize> {
    let open = chars[i];
    if !matches!(open, '(' | '（') || i == 0 || !is_han(chars[i - 1]) {
        return None;
    }
    let close = if open == '(' { ')' } else { '）' };
    let body: Vec<char> = chars[i + 1..]
        .iter()
        .take(8)
        .take_while(|c| **c != close)
        .copied()
        .collect();
    let closed = chars.get(i + 1 + body.len()) == Some(&close);
    let pinyin = !body.is_empty()
        && body.iter().all(|c| is_pinyin_letter(*c))
        && body.iter().any(|c| TONED.contains(*c));
    (closed && pinyin).then_some(body.len() + 2)
}

const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || c == 'ü' || TONED.contains(c)
}

/// A CJK ideograph (the unified block and extension A, where every character of a notice is).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '〇')
}

/// The count a text ends with, as in `6類22` or `共十` before 件: Arabic
/// digits, else a Chinese numeral up to 99.
pub fn count_at_end(text: &str) -> Option<u32> {
    let trailing = |keep: &dyn Fn(char) -> bool| -> String {
        let mut run: Vec<char> = text.chars().rev().take_while(|c| keep(*c)).collect();
        run.reverse();
        run.into_iter().collect()
    };
    let digits = trailing(&|c| c.is_ascii_digit());
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    chinese_numeral(&trailing(&|c| "一二三四五六七八九十".contains(c)))
}

/// The value of a Chinese numeral up to 99: `三` → 3, `十一` → 11, `二十` → 20.
pub fn chinese_numeral(text: &str) -> Option<u32> {
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c);
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d).map(|d| d as u32).filter(|d| *d > 0),
        ['十', d] => digit(*d).filter(|d| *d > 0).map(|d| 10 + d as u32),
        [t, '十'] => digit(*t).filter(|t| *t > 1).map(|t| t as u32 * 10),
        [t, '十', d] => {
            let (t, d) = (digit(*t).filter(|t| *t > 1)?, digit(*d).filter(|d| *d > 0)?);
            Some(t as u32 * 10 + d as u32)
        }
        _ => None,
    }
}

/// Digits written one by one in Chinese, as in a year: `二〇二二` → 2022.
pub fn chinese_digits(text: &str) -> Option<u32> {
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .or((c == '零' || c == 'O' || c == '○').then_some(0))
    };
    text.chars()
        .try_fold(0u32, |n, c| {
            n.checked_mul(10)?.checked_add(digit(c)? as u32)
        })
        .filter(|_| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_count_a_text_ends_with() {
        assert_eq!(count_at_end("6类22"), Some(22));
        assert_eq!(count_at_end("共十"), Some(10));
        assert_eq!(count_at_end("实施二十三"), Some(23));
        assert_eq!(count_at_end("民生实事"), None);
    }

    #[test]
    fn reads_chinese_digits_and_refuses_what_does_not_fit() {
        assert_eq!(chinese_digits("二〇二四"), Some(2024));
        assert_eq!(chinese_digits("四二九四九六七二九五"), Some(u32::MAX));
        assert_eq!(chinese_digits("四二九四九六七二九九"), None);
        assert_eq!(chinese_digits(""), None);
    }

    #[test]
    fn folds_script_and_punctuation_for_recognition() {
        assert_eq!(fold("序號"), "序号");
        assert_eq!(fold("責任單位："), "责任单位:");
        assert_eq!(fold("（此件公開發布）"), "(此件公开发布)");
        assert_eq!(fold("１２．"), "12.");
        assert_eq!(fold("億元"), "亿元");
        assert_eq!(fold("1—9月"), "1-9月");
    }

    #[test]
    fn removes_pinyin_annotations_and_nothing_else() {
        assert_eq!(strip_pinyin("鎮(zhèn)政府"), "鎮政府");
        assert_eq!(strip_pinyin("序號(hào) |"), "序號 |");
        assert_eq!(
            strip_pinyin("管網(wǎng)建設項目(票決項目)"),
            "管網建設項目(票決項目)"
        );
        assert_eq!(strip_pinyin("印發(fā)了"), "印發了");
        assert_eq!(strip_pinyin("除颤器(AED40台"), "除颤器(AED40台");
        assert_eq!(strip_pinyin("卫生院(室)"), "卫生院(室)");
        assert_eq!(strip_pinyin("名单(abc)"), "名单(abc)");
        assert_eq!(strip_pinyin("x(zhèn)"), "x(zhèn)");
        assert_eq!(strip_pinyin("未闭合(zhèn"), "未闭合(zhèn");
    }

    #[test]
    fn reads_chinese_numerals() {
        assert_eq!(chinese_numeral("一"), Some(1));
        assert_eq!(chinese_numeral("十"), Some(10));
        assert_eq!(chinese_numeral("十五"), Some(15));
        assert_eq!(chinese_numeral("二十"), Some(20));
        assert_eq!(chinese_numeral("二十三"), Some(23));
        assert_eq!(chinese_numeral("一十"), None);
        assert_eq!(chinese_numeral("〇"), None);
        assert_eq!(chinese_numeral(""), None);
        assert_eq!(chinese_digits("二〇二二"), Some(2022));
        assert_eq!(chinese_digits("二O一八"), Some(2018));
        assert_eq!(chinese_digits(""), None);
        assert_eq!(chinese_digits("二十"), None);
    }
}
