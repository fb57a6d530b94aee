use std::process::ExitCode;

use clap::Parser;
use minsheng::cli::Cli;
use minsheng::cmd::Outcome;

// A build makes millions of small strings on every core; glibc's allocator
// spent a fifth of the build in malloc and free, mimalloc much less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    without_transparent_huge_pages();
    match minsheng::run(Cli::parse()) {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::InputErrors => ExitCode::from(1),
        Outcome::Usage => ExitCode::from(2),
    }
}

/// mimalloc asks the kernel for transparent huge pages, which the kernel
/// zeroes 2 MiB at a time when first touched, and again each time mimalloc
/// hands a purged one back to the build: a full build of 200 counties spent
/// 14 % of its CPU zeroing pages, and peaked at 120 MiB against 75 MiB with
/// ordinary pages (docs/performance.md, seventh round).
fn without_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes only integers and touches no memory
    // of this process; on failure the build runs as before.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
