//! A request head as the preview server reads it: handed over in reads of
//! varying sizes, bounded, parsed, and its Host checked. The first byte sets
//! the size of the reads. Every stage must refuse what it cannot take with
//! an error, never panic, and never hold more than the head limit.
#![no_main]

use std::io::{self, Read};
use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use minsheng::serve::host::Hosts;
use minsheng::serve::http::{HeadError, MAX_HEAD, READ_TIMEOUT, Source, parse_head, read_head};

/// The bytes, `step` at a time, as a socket might deliver them.
struct Reads<'a> {
    bytes: &'a [u8],
    step: usize,
}

impl Read for Reads<'_> {
    fn read(&mut self, into: &mut [u8]) -> io::Result<usize> {
        let n = self.step.min(into.len()).min(self.bytes.len());
        into[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

impl Source for Reads<'_> {
    fn set_timeout(&mut self, timeout: Duration) -> io::Result<()> {
        assert!(!timeout.is_zero() && timeout <= READ_TIMEOUT);
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&step, bytes)) = data.split_first() else {
        return;
    };
    let mut reads = Reads {
        bytes,
        step: usize::from(step).max(1) * 7,
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let head = match read_head(&mut reads, deadline) {
        Ok(head) => {
            assert!(head.len() <= MAX_HEAD);
            head
        }
        Err(HeadError::TooLarge) => {
            assert_eq!(bytes.len() - reads.bytes.len(), MAX_HEAD, "read past the limit");
            return;
        }
        // A head cut short still goes to the parser, which must refuse it.
        Err(_) => bytes.to_vec(),
    };
    let Ok(request) = parse_head(&head) else {
        return;
    };
    assert!(request.path.starts_with('/') && !request.path.contains('?'));
    let hosts = Hosts::new(
        "127.0.0.1:8080".parse().expect("an address"),
        &["preview.lan".to_string()],
    );
    let _ = hosts.allows(request.host.as_deref(), request.http_1_0);
});
