//! `minsheng build`: the options from the command line, the pipeline
//! (`crate::build`), and what it prints.

use super::{Outcome, count_errors, print_diagnostics, usage_error};
use crate::build::{BuildError, BuildOptions, OUTPUT_STRANDED, Rebuilt, build_unless_unchanged};
use crate::cli::BuildArgs;

pub fn run(args: &BuildArgs) -> Outcome {
    let as_of = match super::as_of(&args.source) {
        Ok(date) => date,
        Err(message) => return usage_error(&message),
    };
    let options = BuildOptions {
        content: args.source.content.clone(),
        theme: args.source.theme(),
        out: args.out.clone(),
        base_url: args.base_url.clone(),
        as_of,
        drafts: args.source.drafts,
        progress: std::io::IsTerminal::is_terminal(&std::io::stdout()),
        timings: args.timings,
    };
    match build_unless_unchanged(&options) {
        Ok(Rebuilt::Built(built)) => {
            print_diagnostics(&built.warnings);
            println!("{}", built.describe(&options.out, options.drafts));
            Outcome::Success
        }
        Ok(Rebuilt::Unchanged) => {
            println!(
                "{} is up to date: nothing it is built from changed since the last build (`minsheng check` lists any warnings)",
                options.out.display()
            );
            Outcome::Success
        }
        Err(BuildError::Refused(refusal)) => usage_error(&format!(
            "{refusal}; nothing was touched. Pass --out with a new or empty folder, or one a previous build made"
        )),
        Err(BuildError::Failed(diagnostics)) => {
            print_diagnostics(&diagnostics);
            let (errors, _) = count_errors(&diagnostics);
            let stranded = diagnostics.iter().any(|d| d.code == OUTPUT_STRANDED);
            let previous = if stranded {
                "the previous site was moved: see above for where it is"
            } else {
                "the previous site is unchanged"
            };
            eprintln!("build stopped: {errors} error(s); {previous}");
            Outcome::InputErrors
        }
    }
}
