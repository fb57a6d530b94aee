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
        let mut watcher = notify::recommended_watcher(sender)?;
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
