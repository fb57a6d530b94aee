//! A fixed number of workers answer the connections, so no number of
//! clients can make the server start more threads or hold more sockets.
//!
//! The accept loop hands each connection to the workers through a queue of
//! [`QUEUE`] places. A connection that finds the queue full is answered 503
//! at once and closed. A worker holds a connection for at most the bounds
//! in [`super::http`] (10 s to send the request, 30 s to take the answer),
//! so an idle or slow client keeps a worker only that long.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Threads answering requests: a browser opens about six connections to a
/// site, and a few open pages poll the status once a second.
pub const WORKERS: usize = 8;
/// Connections accepted and waiting for a worker.
pub const QUEUE: usize = 16;

/// Starts the workers and the accept loop; returns at once.
pub fn serve(
    listener: TcpListener,
    handle: impl Fn(TcpStream) + Send + Sync + 'static,
) -> std::io::Result<()> {
    let (sender, receiver) = sync_channel::<TcpStream>(QUEUE);
    let receiver = Arc::new(Mutex::new(receiver));
    let handle = Arc::new(handle);
    for n in 0..WORKERS {
        let (receiver, handle) = (Arc::clone(&receiver), Arc::clone(&handle));
        std::thread::Builder::new()
            .name(format!("serve-{n}"))
            .spawn(move || work(&receiver, &*handle))?;
    }
    std::thread::Builder::new()
        .name("accept".to_string())
        .spawn(move || {
            for stream in listener.incoming() {
                let stream = match stream {
                    Ok(stream) => stream,
                    // Out of file descriptors, say: wait rather than spin.
                    Err(_) => {
                        std::thread::sleep(Duration::from_millis(50));
                        continue;
                    }
                };
                match sender.try_send(stream) {
                    Ok(()) => {}
                    Err(TrySendError::Full(stream)) => refuse_busy(&stream),
                    Err(TrySendError::Disconnected(_)) => return,
                }
            }
        })?;
    Ok(())
}

fn work(receiver: &Mutex<Receiver<TcpStream>>, handle: &(dyn Fn(TcpStream) + Sync)) {
    loop {
        let next = receiver
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .recv();
        let Ok(stream) = next else {
            return;
        };
        // A bug answering one request must not cost the pool a worker.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(stream)));
    }
}

/// Answers 503 without waiting on the peer: the accept loop must not block.
/// The answer is small enough for the socket's send buffer, and whatever
/// part of the request already arrived is read first, so that closing does
/// not reset the connection and lose the answer.
fn refuse_busy(mut stream: &TcpStream) {
    let body = "the preview server is busy; try again in a moment\n";
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nRetry-After: 1\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    if stream.set_nonblocking(true).is_err() {
        return;
    }
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.shutdown(Shutdown::Write);
    let mut sink = [0; 4096];
    for _ in 0..4 {
        if !matches!(stream.read(&mut sink), Ok(n) if n > 0) {
            break;
        }
    }
}
