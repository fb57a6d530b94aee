//! Command-line arguments, parsed by clap. Nothing here does any work.

use std::path::PathBuf;

use crate::theme::ThemeSource;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "minsheng",
    version,
    about = "Publish county livelihood projects (民生实事) as a bilingual website"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check content/, then write the site to public/
    Build(BuildArgs),
    /// Run every check of `build` and write nothing
    Check(CheckArgs),
    /// Read a published notice into YAML records under content/
    Import(ImportArgs),
    /// Create a new record from the latest state of the content
    #[command(subcommand)]
    New(NewCommand),
    /// Preview the site on this computer, rebuilding and reloading on every change
    Serve(ServeArgs),
    /// Start a new site: DIR/content/ with site.yaml and glossary.yaml, and an empty DIR/seeds/
    Init(InitArgs),
    /// Work with themes
    #[command(subcommand)]
    Theme(ThemeCommand),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to start the site in [default: the current folder]
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Write the built-in theme into DIR, to change it and use it with --theme DIR
    Export(ThemeExportArgs),
}

#[derive(Debug, Args)]
pub struct ThemeExportArgs {
    /// A new or empty folder
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The port to serve on
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on; only change it to show the preview to other computers
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Also answer requests for this host name (besides localhost and the
    /// address listened on), e.g. this computer's name on the network
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Scaffold today's progress report for a project, filled in from its last report
    Report(NewReportArgs),
}

#[derive(Debug, Args)]
pub struct NewReportArgs {
    /// The project: county/year/id (e.g. wulong/2024/g1-p11), or just the id when it is unique
    pub project: String,
    /// The content folder
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// The report's date, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

#[derive(Debug, Args, Clone)]
pub struct SourceArgs {
    /// The content folder
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// A theme folder [default: the theme built into minsheng; `minsheng theme export DIR` writes it out]
    #[arg(long)]
    pub theme: Option<PathBuf>,
    /// The date that decides what is overdue, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Include draft reports (for preview only; never publish such a build)
    #[arg(long)]
    pub drafts: bool,
}

impl SourceArgs {
    /// `--theme`, or the built-in theme.
    pub fn theme(&self) -> ThemeSource {
        self.theme
            .clone()
            .map_or(ThemeSource::BuiltIn, ThemeSource::Folder)
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Where to write the site
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// The address the site is published at [default: base_url in site.yaml]
    #[arg(long, value_name = "URL", value_parser = crate::model::WebAddress::parse)]
    pub base_url: Option<crate::model::WebAddress>,
    /// Print how long each stage took and the peak memory, on stderr
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output format: text for people, json for editors and scripts
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The notice as published, in plain text (UTF-8)
    pub file: PathBuf,
    /// The content folder to write into
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// The county's slug (URL segment), e.g. wulong [default: from the glossary]
    #[arg(long)]
    pub county: Option<String>,
    /// The notice's year [default: from the title]
    #[arg(long, value_parser = notice_year)]
    pub year: Option<u16>,
    /// Write nothing; print what was found for review
    #[arg(long)]
    pub dry_run: bool,
    /// Output format of --dry-run
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Import again over records that already exist, keeping English, the release decision, ids and reports
    #[arg(long)]
    pub force: bool,
    /// For a progress text: the notice its rows report on, as COUNTY/YEAR (e.g. wulong/2024)
    #[arg(long, value_name = "COUNTY/YEAR")]
    pub notice: Option<String>,
    /// For a progress text: the reports' date [default: the end of the period the title names]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

/// `--year`: a year a notice can be for, so import never writes a folder `check` rejects.
fn notice_year(text: &str) -> Result<u16, String> {
    let years = crate::model::NOTICE_YEARS;
    text.parse::<u16>()
        .ok()
        .filter(|year| years.contains(year))
        .ok_or_else(|| {
            format!(
                "a notice's year is written YYYY, from {} to {}",
                years.start(),
                years.end()
            )
        })
}
