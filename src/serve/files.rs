//! Which file in the build folder a request path names.
//!
//! A request path is percent-decoded once; a path that still holds `%`
//! after that, or any `..`, `.`, backslash or NUL segment, is refused with
//! 400. What remains is resolved and canonicalised, and served only if it
//! is still inside the build folder, so a symbolic link cannot lead out.

use std::path::{Path, PathBuf};

/// Why a path is not served.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A malformed or traversing path: 400.
    BadPath,
    /// A well-formed path with no file: 404.
    NotFound,
}

/// The file a request path names inside `root`.
pub fn resolve(root: &Path, request_path: &str) -> Result<PathBuf, Refusal> {
    let decoded = percent_decode(request_path).ok_or(Refusal::BadPath)?;
    if !decoded.starts_with('/') || decoded.contains('%') {
        return Err(Refusal::BadPath);
    }
    let mut path = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == ".." || segment == "." || segment.contains(['\\', '\0', ':']) {
            return Err(Refusal::BadPath);
        }
        path.push(segment);
    }
    if decoded.ends_with('/') || path.is_dir() {
        path.push("index.html");
    }
    let canonical_root = root.canonicalize().map_err(|_| Refusal::NotFound)?;
    let canonical = path.canonicalize().map_err(|_| Refusal::NotFound)?;
    if !canonical.starts_with(&canonical_root) {
        return Err(Refusal::BadPath);
    }
    if canonical.is_file() {
        Ok(canonical)
    } else {
        Err(Refusal::NotFound)
    }
}

/// `%E5%8F%B0` → UTF-8 bytes → text; `None` for bad escapes or invalid UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_every_way_out_of_the_folder() {
        let root = std::env::temp_dir().join(format!("minsheng-http-{}", std::process::id()));
        std::fs::create_dir_all(root.join("en")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("en/index.html"), "en").unwrap();
        assert_eq!(
            resolve(&root, "/").unwrap(),
            root.canonicalize().unwrap().join("index.html")
        );
        assert_eq!(
            resolve(&root, "/en").unwrap(),
            root.canonicalize().unwrap().join("en/index.html")
        );
        for bad in [
            "/../etc/passwd",
            "/en/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%252e%252e/etc/passwd",
            "/..%2fetc",
            "/%2e%2e%2f",
            "C:\\x",
            "/a\\..\\b",
            "/%ff",
        ] {
            assert_eq!(resolve(&root, bad), Err(Refusal::BadPath), "{bad}");
        }
        assert_eq!(resolve(&root, "//etc/passwd"), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "/missing.html"), Err(Refusal::NotFound));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn names_text_types_with_their_charset() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("data/x.csv")),
            "text/csv; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("feed.xml")),
            "application/xml; charset=utf-8"
        );
    }
}
