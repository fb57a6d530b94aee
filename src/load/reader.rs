//! Reading the content folder: listing folders without following symbolic
//! links, and reading each text exactly once. The personal-data scan runs on
//! every text as it is read, so no later stage has to read a file again.

use std::ffi::CString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::yaml;
use crate::diagnostic::Diagnostic;
use crate::model::records::ProjectRecord;

/// Reads files for the loader, scanning each for personal data.
#[derive(Clone, Copy)]
pub(crate) struct Reader<'a> {
    /// Contacts `site.yaml` allows to be published (official office addresses).
    pub allowed: &'a [String],
    /// False only for a county known to hold nothing the scans would find.
    pub scans: bool,
}

impl Reader<'_> {
    /// Reads a text file; personal data in it is reported, and it is still returned.
    pub fn text(&self, file: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
        self.scanned(file, fs::read(file), diagnostics)
    }

    /// [`Reader::text`] for a file of `folder`.
    pub fn text_in(
        &self,
        folder: &OpenFolder,
        file: &Path,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        self.scanned(file, folder.read(file), diagnostics)
    }

    fn scanned(
        &self,
        file: &Path,
        read: io::Result<Vec<u8>>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let text = take(yaml::text_of(file, read), diagnostics)?;
        self.scan(file, &text, diagnostics);
        Some(text)
    }

    /// Reads and parses a record file.
    pub fn record<T: DeserializeOwned>(
        &self,
        file: &Path,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let text = self.text(file, diagnostics)?;
        yaml::parse_all(file, &text)
            .map_err(|found| diagnostics.extend(found))
            .ok()
    }

    /// Reads and parses a project record.
    pub fn project(&self, file: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<ProjectRecord> {
        let text = self.text(file, diagnostics)?;
        super::parse_project(file, &text)
            .map_err(|found| diagnostics.extend(found))
            .ok()
    }

    /// Reports personal data in a text read by other means.
    pub fn scan(&self, file: &Path, text: &str, diagnostics: &mut Vec<Diagnostic>) {
        if !self.scans {
            return;
        }
        diagnostics.extend(crate::check::scan_personal_data(file, text, self.allowed));
        diagnostics.extend(crate::check::scan_control_characters(file, text));
    }

    /// Reports personal data in the name of a file that is published under its name.
    pub fn scan_name(&self, file: &Path, diagnostics: &mut Vec<Diagnostic>) {
        if !self.scans {
            return;
        }
        diagnostics.extend(crate::check::scan_personal_data_in_name(file, self.allowed));
    }
}

/// A folder held open while its files are read. Each is opened by its name
/// from the folder (`openat`), so the kernel does not walk the whole path
/// again for every file: a national site has 400,000 reports, and walking
/// their paths was most of what opening them cost.
pub(crate) struct OpenFolder {
    path: PathBuf,
    /// `None` where the folder could not be opened: its files are then
    /// opened by path (and what went wrong is reported for each).
    opened: Option<fs::File>,
}

impl OpenFolder {
    pub fn open(dir: &Path) -> OpenFolder {
        OpenFolder {
            path: dir.to_path_buf(),
            opened: fs::File::open(dir).ok(),
        }
    }

    /// The bytes of `file`, an entry of this folder; a symbolic link is
    /// not followed, as the listing follows none.
    fn read(&self, file: &Path) -> io::Result<Vec<u8>> {
        use std::os::fd::{AsRawFd, FromRawFd};
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::OpenOptionsExt;

        debug_assert_eq!(file.parent(), Some(self.path.as_path()));
        let mut opened = match (&self.opened, file.file_name()) {
            (Some(folder), Some(name)) => {
                let name = CString::new(name.as_bytes()).map_err(|_| {
                    io::Error::new(io::ErrorKind::InvalidInput, "a name holds a NUL byte")
                })?;
                let flags = libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NOFOLLOW;
                // SAFETY: the folder's descriptor is open while `self`
                // lives, and `name` is NUL-terminated and outlives the call.
                let fd = unsafe { libc::openat(folder.as_raw_fd(), name.as_ptr(), flags) };
                if fd < 0 {
                    return Err(io::Error::last_os_error());
                }
                // SAFETY: `fd` was just opened here, and nothing else owns it.
                unsafe { fs::File::from_raw_fd(fd) }
            }
            _ => fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NOFOLLOW)
                .open(file)?,
        };
        let size = usize::try_from(opened.metadata()?.len()).unwrap_or(usize::MAX);
        read_to_end(&mut opened, size)
    }
}

/// The rest of `file`, which `stat` said holds `size` bytes. Four system
/// calls a file (open, stat, read, close) rather than the seven of
/// `read_to_end`, which stats the file again, asks for its position and
/// reads once more to see the end: on a national site's 400,000 inputs,
/// those three were a third of what loading cost the kernel. A read that
/// stops short of one byte past `size` is taken as the end only when it
/// reaches `size`; a file that changed meanwhile is read to its real end.
fn read_to_end(file: &mut fs::File, size: usize) -> io::Result<Vec<u8>> {
    use std::io::Read;

    let mut bytes = vec![0; size.saturating_add(1).min(1 << 20)];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            bytes.resize(bytes.len() * 2, 0);
        }
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(read) => {
                let asked = bytes.len() - filled;
                filled += read;
                if read < asked && filled == size {
                    break;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// One entry of a content folder.
pub(crate) struct Entry {
    pub name: String,
    pub path: PathBuf,
    pub is_dir: bool,
}

/// The entries of a folder, sorted by name, hidden ones skipped; symbolic
/// links are reported, not followed. The kind comes from the folder listing,
/// so no entry costs a `stat`.
pub(crate) fn entries(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let read = match fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) => {
            diagnostics.push(
                Diagnostic::io("unreadable", format!("cannot read this folder: {e}")).in_file(dir),
            );
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    for entry in read.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            diagnostics.push(
                Diagnostic::error("unreadable", "cannot tell what kind of file this is")
                    .in_file(&path),
            );
            continue;
        };
        if kind.is_symlink() {
            diagnostics.push(
                Diagnostic::error("symlink", "symbolic links are not followed in content/")
                    .in_file(&path)
                    .hint("copy the file into content/ instead of linking to it"),
            );
            continue;
        }
        entries.push(Entry {
            name,
            path,
            is_dir: kind.is_dir(),
        });
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    entries
}

pub(crate) fn unexpected(path: &Path, expected: &str) -> Diagnostic {
    Diagnostic::error(
        "unexpected-file",
        "this file or folder is not part of the content layout",
    )
    .in_file(path)
    .hint(format!("expected here: {expected}; move or delete it"))
}

pub(crate) fn take<T>(
    result: Result<T, Diagnostic>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    result.map_err(|d| diagnostics.push(d)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_folder_reads_its_files_by_name_and_follows_no_link() {
        let dir = std::env::temp_dir().join(format!("minsheng-open-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("2024-03-31.md"), "---\n").unwrap();
        let link = dir.join("2024-04-30.md");
        let _ = fs::remove_file(&link);
        std::os::unix::fs::symlink(dir.join("2024-03-31.md"), &link).unwrap();
        let open = OpenFolder::open(&dir);
        assert_eq!(open.read(&dir.join("2024-03-31.md")).unwrap(), b"---\n");
        let refused = open.read(&link).unwrap_err();
        assert_eq!(refused.raw_os_error(), Some(libc::ELOOP));
        assert_eq!(
            open.read(&dir.join("missing.md")).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
        // A folder that cannot be opened: its files are read by path.
        let mut unopened = OpenFolder::open(&dir);
        unopened.opened = None;
        assert_eq!(unopened.read(&dir.join("2024-03-31.md")).unwrap(), b"---\n");
        assert_eq!(
            unopened.read(&link).unwrap_err().raw_os_error(),
            Some(libc::ELOOP)
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_is_read_whole_whatever_size_its_stat_gave() {
        let dir = std::env::temp_dir().join(format!("minsheng-read-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let bytes: Vec<u8> = (0..(3 << 20) + 7).map(|i| (i % 251) as u8).collect();
        let file = dir.join("big.md");
        fs::write(&file, &bytes).unwrap();
        let read = |size| read_to_end(&mut fs::File::open(&file).unwrap(), size).unwrap();
        // The stated size; one grown since (stated smaller); one shrunk since.
        assert_eq!(read(bytes.len()), bytes);
        assert_eq!(read(10), bytes);
        assert_eq!(read(bytes.len() + 100), bytes);
        fs::write(&file, "").unwrap();
        assert_eq!(read(0), b"");
        fs::remove_dir_all(&dir).unwrap();
    }
}
