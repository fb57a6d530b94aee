use std::path::Path;

use super::forms::{self, Kind};
use super::*;

/// Every finding in `text` as (kind, value), and the text as `mask` prints it.
fn scanned(text: &str) -> (Vec<(Kind, String)>, String) {
    let mut found = Vec::new();
    hits(text, |hit| found.push((hit.kind, hit.value)));
    (found, mask(text).into_owned())
}

/// Each written form: the text, what it holds, and how `mask` prints it.
#[rustfmt::skip]
const FOUND: &[(&str, Kind, &str, &str)] = &[
    ("电话13812345678", Kind::Mobile, "13812345678", "电话138****5678"),
    ("+8613812345678", Kind::Mobile, "13812345678", "+86138****5678"),
    ("008613812345678", Kind::Mobile, "13812345678", "0086138****5678"),
    ("86 138 1234 5678", Kind::Mobile, "13812345678", "86 138 **** 5678"),
    ("+86-138-1234-5678", Kind::Mobile, "13812345678", "+86-138-****-5678"),
    ("138-1234-5678", Kind::Mobile, "13812345678", "138-****-5678"),
    ("138 1234 5678", Kind::Mobile, "13812345678", "138 **** 5678"),
    ("138*1234*5678", Kind::Mobile, "13812345678", "138******5678"),
    ("138.1234.5678", Kind::Mobile, "13812345678", "138.****.5678"),
    ("１３８１２３４５６７８", Kind::Mobile, "13812345678", "１３８****５６７８"),
    ("１３８－１２３４－５６７８", Kind::Mobile, "13812345678", "１３８－****－５６７８"),
    ("138\u{200B}12345678", Kind::Mobile, "13812345678", "138\u{200B}****5678"),
    ("t: \"\\u0031\\u0033\\u0038\\u0031\\u0032\\u0033\\u0034\\u0035\\u0036\\u0037\\u0038\"", Kind::Mobile, "13812345678", "t: \"\\u0031\\u0033\\u0038****\\u0035\\u0036\\u0037\\u0038\""),
    ("\\x31\\x338\\U000000312345678", Kind::Mobile, "13812345678", "\\x31\\x338****5678"),
    ("t: \"138\\\n  12345678\"", Kind::Mobile, "13812345678", "t: \"138\\\n  ****5678\""),
    ("t: \"1381\n  2345678\"", Kind::Mobile, "13812345678", "t: \"138*\n  ***5678\""),
    ("&#49;3812345678", Kind::Mobile, "13812345678", "&#49;38****5678"),
    ("&#x31;&#X33;812345678", Kind::Mobile, "13812345678", "&#x31;&#X33;8****5678"),
    ("138\\-1234\\-5678", Kind::Mobile, "13812345678", "138\\-****\\-5678"),
    ("卡号6222020200112233446", Kind::BankCard, "6222020200112233446", "卡号6222***********3446"),
    ("6217 0000 1234 5678 907", Kind::BankCard, "6217000012345678907", "6217 **** **** ***8 907"),
    ("6217-0000-1234-5678-907", Kind::BankCard, "6217000012345678907", "6217-****-****-***8-907"),
    ("4217 0000 1234 5675", Kind::BankCard, "4217000012345675", "4217 **** **** 5675"),
    ("身份证11010519491231002X。", Kind::ResidentId, "11010519491231002X", "身份证110105********002X。"),
    ("11010519491231002x", Kind::ResidentId, "11010519491231002X", "110105********002x"),
    ("110105 19491231 002X", Kind::ResidentId, "11010519491231002X", "110105 ******** 002X"),
    ("320106-19900307-1234", Kind::ResidentId, "320106199003071234", "320106-********-1234"),
    ("邮箱：1316543020@qq.com）", Kind::Email, "1316543020@qq.com", "邮箱：1***@qq.com）"),
    ("g@proton.me", Kind::Email, "g@proton.me", "***@proton.me"),
    ("wang@vip.qq.com", Kind::Email, "wang@vip.qq.com", "w***@vip.qq.com"),
    ("wang@VIP.163.com", Kind::Email, "wang@vip.163.com", "w***@VIP.163.com"),
    ("wang@proton.me", Kind::Email, "wang@proton.me", "w***@proton.me"),
    ("wang@protonmail.com", Kind::Email, "wang@protonmail.com", "w***@protonmail.com"),
    ("wang＠163.com", Kind::Email, "wang@163.com", "w***＠163.com"),
    ("wang&commat;163.com", Kind::Email, "wang@163.com", "w***&commat;163.com"),
    ("ｗａｎｇ＠１６３．ｃｏｍ", Kind::Email, "wang@163.com", "ｗ***＠１６３．ｃｏｍ"),
];

#[test]
fn finds_and_masks_every_written_form() {
    for (text, kind, value, printed) in FOUND {
        let (found, masked_text) = scanned(text);
        assert_eq!(
            found,
            [(*kind, value.to_string())],
            "{text:?} should hold {value}"
        );
        assert_eq!(&masked_text, printed, "{text:?} masked");
        assert!(
            scanned(&masked_text).0.is_empty(),
            "{masked_text:?} still holds it"
        );
    }
}

/// Ordinary data that must not read as personal data.
#[rustfmt::skip]
const NOT_FOUND: &[(&str, &str)] = &[
    (
        "联系电话：023-12345678",
        "an office landline with its area code",
    ),
    ("联系电话：77727458", "an eight-digit landline"),
    ("023-1234-5678", "a landline grouped like a mobile"),
    ("2024-01-10", "a date"),
    ("2024.01.10", "a date with dots"),
    ("投资12,345.67万元", "an amount"),
    ("1,234.5", "an amount"),
    ("110105194912310021", "18 digits failing the ID checksum"),
    ("11010519491231002Y", "a wrong check character"),
    ("110105194913310021", "no month 13"),
    ("4111111111111112", "16 digits failing Luhn"),
    ("卡号6222020200112233447", "19 digits failing Luhn"),
    ("完成12345678901234人次", "a long count"),
    ("2021 2022 2023 2024", "years in a row"),
    ("1 138 1234 5678", "a row of counts"),
    ("138 1234 5678 90", "a longer row of counts"),
    ("编号13812345678A", "part of a code"),
    ("12345678901", "eleven digits that are not a mobile number"),
    ("8613812345678", "a country code needs its plus"),
    ("fgw@wulong.gov.cn", "an office address"),
    ("office@cq.gov.cn", "an office address"),
    ("admin@notqq.com", "not a free mail service"),
    ("138****5678", "already masked"),
    ("\\\\u0031\\\\u0033", "escaped backslashes"),
    ("第1381\n\n2345678", "a blank line between"),
];

#[test]
fn ordinary_data_is_not_personal_data() {
    for (text, why) in NOT_FOUND {
        let (found, masked_text) = scanned(text);
        assert!(found.is_empty(), "{why}: {text:?} read as {found:?}");
        assert_eq!(&masked_text, text, "{why}: nothing to mask");
    }
}

#[test]
fn masking_keeps_every_line_break() {
    let text = "a: \"wang\\\n  mou@163.com\"\nb: 1";
    assert_eq!(
        scanned(text).0,
        [(Kind::Email, "wangmou@163.com".to_string())]
    );
    assert_eq!(mask(text), "a: \"w***\\\n  ***@163.com\"\nb: 1");
}

#[test]
fn a_join_does_not_hide_a_whole_number_on_either_line() {
    let (found, _) = scanned("电话13812345678\n2、第二项");
    assert_eq!(found, [(Kind::Mobile, "13812345678".to_string())]);
}

#[test]
fn reports_file_line_and_column_with_the_value_masked() {
    let found = scan(
        Path::new("r.md"),
        "第一行\n电话13812345678\nx: \"&#49;38\\\n  12345678\"",
        &[],
    );
    let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "r.md:2:3: error[personal-data]: this looks like a mobile phone number: 138****5678",
            "r.md:3:5: error[personal-data]: this looks like a mobile phone number: 138****5678",
        ]
    );
    assert!(found.iter().all(|d| !d.quote_source));
}

#[test]
fn the_allow_list_matches_however_the_number_is_written() {
    let allowed = ["138-1234-5678".to_string(), "Wang@163.com".to_string()];
    let text = "13812345678 +86 138 1234 5678 wang@163.com 13912345678";
    let found = scan(Path::new("r.md"), text, &allowed);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.ends_with("139****5678"));
}

#[test]
fn finds_numbers_in_file_names() {
    let found = scan_name(Path::new("reports/p01/13812345678.png"), &[]);
    assert_eq!(
        found[0].message,
        "this file name looks like a mobile phone number: 138****5678"
    );
    assert!(scan_name(Path::new("reports/p01/2024-01-31.md"), &[]).is_empty());
    assert!(scan_name(Path::new("reports/p01/IMG_20240131_123456.jpg"), &[]).is_empty());
    assert!(scan_name(Path::new("13812345678.png"), &["13812345678".to_string()]).is_empty());
    // Written in look-alikes or with references, a name is still read.
    for name in [
        "１３８１２３４５６７８.png",
        "138&#49;2345678.jpg",
        "wang＠163.com",
    ] {
        assert_eq!(scan_name(Path::new(name), &[]).len(), 1, "{name}");
    }
}

#[test]
fn masking_keeps_what_the_message_shows() {
    let hit = |kind, value: &str| Hit {
        kind,
        value: value.to_string(),
        start: 0,
        hidden: Vec::new(),
    };
    assert_eq!(
        masked(&hit(Kind::ResidentId, "11010519491231002X")),
        "110105********002X"
    );
    assert_eq!(masked(&hit(Kind::Mobile, "13812345678")), "138****5678");
    assert_eq!(
        masked(&hit(Kind::BankCard, "4217000012345675")),
        "4217********5675"
    );
    assert_eq!(
        masked(&hit(Kind::Email, "1316543020@qq.com")),
        "1***@qq.com"
    );
    assert!(forms::luhn("6217000012345678907"));
}

#[test]
fn masking_leaves_no_number_to_find_even_where_findings_overlap() {
    // The card-like run after `138*1234*` is masked; what is left of the
    // text before it must not read as the mobile number 138-1234-5678.
    let text = "&#x31;38*1234*567808613812345678 008613812345678";
    assert!(values(text).contains(&"13812345678".to_string()));
    let masked = mask(text);
    assert_eq!(values(&masked), Vec::<String>::new(), "{masked}");
}
