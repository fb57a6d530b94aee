//! minsheng turns county notices of livelihood projects (民生实事) into a
//! bilingual public website.
//!
//! The pipeline, one module per stage:
//! `import` (notice text → YAML records) → `load` (content/ → [`model::Content`])
//! → `check` (content → diagnostics) → `render` (content → files, handed on as they are made)
//! → `write` (files → `public/`, swapped in atomically).
//! `cmd` glues the stages into subcommands; `main.rs` only parses arguments.

pub mod build;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod diagnostic;
pub mod import;
pub mod load;
pub mod markdown;
pub mod model;
pub mod render;
pub mod serve;
pub mod theme;
pub mod write;

use cli::{Cli, Command};
use cmd::Outcome;

/// Runs one command and says how it ended.
pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        Command::Build(args) => cmd::build::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Import(args) => cmd::import::run(&args),
        Command::New(cli::NewCommand::Report(args)) => cmd::new_report::run(&args),
        Command::Serve(args) => cmd::serve::run(&args),
    }
}
