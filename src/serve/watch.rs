//! Watching the source folders: a burst of file events (an editor saving)
//! becomes one rebuild.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

/// Quiet time after the last event before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(150);

pub struct Changes {
    events: Receiver<notify::Result<notify::Event>>,
    _watcher: notify::RecommendedWatcher,
}

impl Changes {
    pub fn watch(folders: &[PathBuf]) -> notify::Result<Changes> {
        let (sender, events) = channel();
        // Changes only, no opens or closes: every build opens each content
        // file, and at national scale those events overflowed the kernel's
        // queue (16,384 events), which loses the names of the changed files
        // and forced a full build after every edit. notify 9 can leave them out.
        let config = notify::Config::default().with_event_kinds(notify::EventKindMask::CORE);
        let mut watcher = notify::RecommendedWatcher::new(sender, config)?;
        for folder in folders.iter().filter(|f| f.exists()) {
            watcher.watch(folder, RecursiveMode::Recursive)?;
        }
        Ok(Changes {
            events,
            _watcher: watcher,
        })
    }

    /// Blocks until something changed and then stayed quiet for a moment;
    /// returns the paths that changed (empty when the watcher could not say).
    pub fn next_batch(&self) -> Option<Vec<PathBuf>> {
        let mut paths = Vec::new();
        loop {
            match self.events.recv().ok()? {
                Ok(event) if !event.kind.is_access() => {
                    paths.extend(event.paths);
                    break;
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        loop {
            match self.events.recv_timeout(DEBOUNCE) {
                Ok(Ok(event)) if !event.kind.is_access() => paths.extend(event.paths),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => return Some(paths),
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A build opens every content file. Opens must raise no events: at
    /// national scale they overflowed the kernel's event queue, the batch
    /// came back without names, and every edit cost a full build.
    #[test]
    fn reading_the_content_raises_no_events_and_an_edit_is_named() {
        let dir = std::env::temp_dir().join(format!("minsheng-watch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let report = dir.join("2024-03-31.md");
        std::fs::write(&report, "before").unwrap();
        let changes = Changes::watch(std::slice::from_ref(&dir)).unwrap();
        for _ in 0..100 {
            std::fs::read(&report).unwrap();
            std::fs::read_dir(&dir).unwrap().for_each(drop);
        }
        let heard = changes.events.recv_timeout(Duration::from_millis(300));
        assert!(heard.is_err(), "{heard:?}");
        std::fs::write(&report, "after").unwrap();
        let batch = changes.next_batch().unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            !batch.is_empty() && batch.iter().all(|p| p == &report),
            "{batch:?}"
        );
    }
}
