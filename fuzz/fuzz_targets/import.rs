//! The importer on arbitrary UTF-8: it reads what it can and never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minsheng::import::{ImportOptions, import};
use minsheng::model::Glossary;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let glossary = Glossary::default();
    let options = ImportOptions {
        county: Some("sample"),
        year: Some(2024),
        glossary: &glossary,
        source: None,
    };
    let _ = import(text, &options);
});
