//! What a build tells the person watching: a progress bar on a terminal
//! while counties load and while pages render, and with `--timings` each
//! stage's time and the peak memory so far.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Pages below this count render too fast for a progress bar to help.
const PROGRESS_FROM: usize = 2000;

/// Counties below this count load too fast for a progress bar to help.
const COUNTIES_FROM: usize = 50;

/// Draws the progress bar: (pages done, pages in all).
pub fn show(done: usize, total: usize) {
    if total >= PROGRESS_FROM {
        draw(&bar("rendering", done, total, "pages"), done == total);
    }
}

/// Draws the progress bar while counties load (and their project pages
/// render): on a national site this stage runs for a minute or more.
pub fn show_counties(done: usize, total: usize) {
    if total >= COUNTIES_FROM {
        draw(&bar("loading", done, total, "counties"), done == total);
    }
}

fn draw(line: &str, last: bool) {
    print!("\r{line}");
    if last {
        print!("\r{}\r", " ".repeat(line.chars().count()));
    }
    let _ = std::io::Write::flush(&mut std::io::stdout());
}

fn bar(what: &str, done: usize, total: usize, unit: &str) -> String {
    let filled = (done * 30).checked_div(total).unwrap_or(30).min(30);
    format!(
        "{what} [{}{}] {done}/{total} {unit}",
        "#".repeat(filled),
        " ".repeat(30 - filled)
    )
}

/// The end of the previous stage, so each line shows one stage's own time.
/// Static because the render stages report through a plain function.
static LAST_LAP: Mutex<Option<Instant>> = Mutex::new(None);

/// Prints how long the stage that just ended took, and the peak memory.
pub fn print_lap(stage: &'static str) {
    let now = Instant::now();
    let mut last = LAST_LAP
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let took = last.map_or(Duration::ZERO, |at| now - at);
    *last = Some(now);
    let peak = peak_rss_mib().map_or(String::new(), |mib| format!(", peak RSS {mib} MiB"));
    eprintln!("timings: {stage:<10} {:>8.3} s{peak}", took.as_secs_f64());
}

/// `--timings` for the build's own stages.
pub struct Timings {
    enabled: bool,
}

impl Timings {
    pub fn new(enabled: bool) -> Timings {
        Timings { enabled }
    }

    pub fn lap(&self, stage: &'static str) {
        if self.enabled {
            print_lap(stage);
        }
    }
}

/// The process's peak resident memory (Linux: VmHWM), when the system says.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_with_what_is_done() {
        assert_eq!(
            bar("loading", 1000, 4000, "counties"),
            "loading [#######                       ] 1000/4000 counties"
        );
        assert_eq!(
            bar("rendering", 3, 3, "pages"),
            format!("rendering [{}] 3/3 pages", "#".repeat(30))
        );
    }
}
