use std::process::ExitCode;

use clap::Parser;
use minsheng::cli::Cli;
use minsheng::cmd::Outcome;

fn main() -> ExitCode {
    match minsheng::run(Cli::parse()) {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::InputErrors => ExitCode::from(1),
        Outcome::Usage => ExitCode::from(2),
    }
}
