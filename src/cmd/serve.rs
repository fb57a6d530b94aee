//! `minsheng serve`: the preview server, with its options turned into inputs once.

use super::{Outcome, usage_error};
use crate::build::BuildOptions;
use crate::cli::ServeArgs;
use crate::serve::{ServeOptions, serve};

pub fn run(args: &ServeArgs) -> Outcome {
    let as_of = match super::as_of(&args.source) {
        Ok(date) => date,
        Err(message) => return usage_error(&message),
    };
    let seeds = args
        .source
        .content
        .parent()
        .map_or_else(|| "seeds".into(), |p| p.join("seeds"));
    let options = ServeOptions {
        inputs: BuildOptions {
            content: args.source.content.clone(),
            theme: args.source.theme(),
            // `serve` builds into a private folder of its own.
            out: std::path::PathBuf::new(),
            base_url: None,
            as_of,
            // A preview shows drafts, each marked as one: staff check them before publishing.
            drafts: true,
            progress: false,
            timings: false,
        },
        watch: [
            Some(args.source.content.clone()),
            args.source.theme.clone(),
            Some(seeds),
        ]
        .into_iter()
        .flatten()
        .collect(),
        bind: args.bind,
        port: args.port,
        allow_hosts: args.allow_host.clone(),
    };
    match serve(options) {
        Ok(()) => Outcome::Success,
        Err(message) => {
            eprintln!("error: {message}");
            Outcome::InputErrors
        }
    }
}
