//! Ctrl+C (SIGINT), SIGTERM and SIGHUP end `serve` through its cleanup,
//! so its private build folder does not outlive it.
//!
//! The signals are blocked in every thread and one thread waits for them
//! with `sigwait`, so no code runs inside a signal handler. This needs
//! [`on_termination`] to be called before any other thread starts, as
//! threads inherit the blocked set from the one that spawns them. A signal
//! the process was told to ignore (`nohup` ignores SIGHUP) stays ignored.

/// Runs `then` with the signal's number when one of the signals arrives.
/// After that a second Ctrl+C ends the process at once, as it would
/// without this.
#[cfg(unix)]
pub fn on_termination(then: impl FnOnce(i32) + Send + 'static) -> std::io::Result<()> {
    use std::{io, mem, ptr};
    // SAFETY: `sigset_t` and `sigaction` are plain C data, which these
    // calls initialise and read; no pointer outlives the call it is given to.
    let set = unsafe {
        let mut set: libc::sigset_t = mem::zeroed();
        libc::sigemptyset(&mut set);
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            let mut current: libc::sigaction = mem::zeroed();
            let queried = libc::sigaction(signal, ptr::null(), &mut current);
            if queried == 0 && current.sa_sigaction != libc::SIG_IGN {
                libc::sigaddset(&mut set, signal);
            }
        }
        let blocked = libc::pthread_sigmask(libc::SIG_BLOCK, &set, ptr::null_mut());
        if blocked != 0 {
            return Err(io::Error::from_raw_os_error(blocked));
        }
        set
    };
    std::thread::Builder::new()
        .name("signals".to_string())
        .spawn(move || {
            let mut signal = 0;
            // SAFETY: as above; `set` and `signal` live on this thread's stack.
            let waited = unsafe {
                let waited = libc::sigwait(&set, &mut signal);
                libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, ptr::null_mut());
                waited
            };
            if waited == 0 {
                then(signal);
            }
        })?;
    Ok(())
}

/// Elsewhere the folder is removed when `serve` returns, not on Ctrl+C.
#[cfg(not(unix))]
pub fn on_termination(_then: impl FnOnce(i32) + Send + 'static) -> std::io::Result<()> {
    Ok(())
}
