//! The personal-data scan on arbitrary UTF-8: it never panics, masking
//! keeps every line where it was (diagnostics point at lines of the masked
//! text), and no value the scan finds can still be found once masked.
//! (Masking may leave shown digits that read as some other number, e.g.
//! the head of a card after `138*1234*`; that number was never in the text.)
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use minsheng::check::{
    mask_personal_data, personal_data_values, scan_personal_data, scan_personal_data_in_name,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = scan_personal_data_in_name(Path::new(text), &[]);
    let allowed = [text.lines().next().unwrap_or_default().to_string()];
    let _ = scan_personal_data(Path::new("p01.yaml"), text, &allowed);
    let masked = mask_personal_data(text);
    assert_eq!(
        masked.matches('\n').count(),
        text.matches('\n').count(),
        "masking moved a line"
    );
    let left = personal_data_values(&masked);
    for value in personal_data_values(text) {
        assert!(!left.contains(&value), "{value} is still there once masked");
    }
});
