//! The YAML record loader: every record type on the same arbitrary text.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use minsheng::load::{parse_project, parse_record};
use minsheng::model::records::{NoticeRecord, ProjectRecord};
use minsheng::model::{Glossary, SiteRecord};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_record::<NoticeRecord>(Path::new("notice.yaml"), text);
    let _ = parse_record::<ProjectRecord>(Path::new("g1-p01.yaml"), text);
    let _ = parse_project(Path::new("g1-p01.yaml"), text);
    let _ = parse_record::<SiteRecord>(Path::new("site.yaml"), text);
    let _ = parse_record::<Glossary>(Path::new("glossary.yaml"), text);
});
