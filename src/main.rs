use std::process::ExitCode;

use clap::Parser;
use minsheng::cli::Cli;
use minsheng::cmd::Outcome;

// A build makes millions of small strings on every core; glibc's allocator
// spent a fifth of the build in malloc and free, mimalloc much less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match minsheng::run(Cli::parse()) {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::InputErrors => ExitCode::from(1),
        Outcome::Usage => ExitCode::from(2),
    }
}
