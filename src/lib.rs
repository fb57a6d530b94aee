//! minsheng turns county notices of livelihood projects (民生实事) into a
//! bilingual public website.
//!
//! The pipeline, one module per stage:
//! `import` (published text → YAML records) → `load` (content/ → [`model::Content`]
//! and report bodies) → `check` (content → diagnostics) → `render` (content →
//! files, handed on as they are made) → `write` (files → `public/`, swapped in
//! atomically).
//!
//! [`build::build`] runs the stages in order as one library function; both
//! `minsheng build` and `minsheng serve` call it. `model` holds the types,
//! `theme` the templates and UI strings, `markdown` the report bodies'
//! Markdown (for `check` and `render`). `cmd` turns each subcommand's
//! arguments into options and prints; `main.rs` only parses arguments.

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
pub mod script;
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
        Command::Init(args) => cmd::init::run(&args),
        Command::Theme(cli::ThemeCommand::Export(args)) => cmd::init::export_theme(&args),
    }
}
