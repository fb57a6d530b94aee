//! Which `Host` headers the preview answers.
//!
//! A web page on any site can make the browser send requests to the
//! preview; the browser keeps it from reading the answers only while the
//! page's host name differs from the preview's. A DNS-rebinding page points
//! its own name at 127.0.0.1 and then reads the preview as its own site,
//! drafts and withheld notices' diagnostics included. Its requests still
//! carry its own name in `Host`, so the preview answers only to the names
//! that mean this computer, and to the address it is bound to.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

pub struct Hosts {
    bound: SocketAddr,
    /// More names to answer to (`--allow-host`), lower case.
    names: Vec<String>,
}

impl Hosts {
    pub fn new(bound: SocketAddr, names: &[String]) -> Hosts {
        Hosts {
            bound,
            names: names.iter().map(|n| n.to_ascii_lowercase()).collect(),
        }
    }

    /// Whether a request with this `Host` header (or none, `None`) is
    /// answered: `localhost`, `127.0.0.1`, `[::1]`, the bound address and
    /// any `--allow-host` name, each alone or with the port served. With no
    /// header only HTTP/1.0 is answered, which predates it.
    pub fn allows(&self, host: Option<&str>, http_1_0: bool) -> bool {
        let Some(host) = host else {
            return http_1_0;
        };
        let Some((name, port)) = split_port(host) else {
            return false;
        };
        if port.is_some_and(|port| port != self.bound.port()) {
            return false;
        }
        if let Some(inside) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            return inside
                .parse::<Ipv6Addr>()
                .is_ok_and(|ip| self.allows_ip(IpAddr::V6(ip)));
        }
        if let Ok(ip) = name.parse::<Ipv4Addr>() {
            return self.allows_ip(IpAddr::V4(ip));
        }
        let name = name.to_ascii_lowercase();
        name == "localhost" || self.names.contains(&name)
    }

    /// A literal address cannot be rebound, so when the preview listens on
    /// every address (`--bind 0.0.0.0`) any of them may be used.
    fn allows_ip(&self, ip: IpAddr) -> bool {
        let bound = self.bound.ip();
        ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
            || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
            || ip == bound
            || bound.is_unspecified()
    }

    /// What a refused request is told.
    pub fn refusal(&self) -> String {
        format!(
            "this preview answers only to localhost, 127.0.0.1, [::1] and the address it listens on; \
             open http://{}/ (or start `minsheng serve` with --allow-host NAME)\n",
            self.bound
        )
    }
}

/// `name:port` → (`name`, port); `[v6]:port` keeps its brackets. `None`
/// when the port is not a number.
fn split_port(host: &str) -> Option<(&str, Option<u16>)> {
    let colon = match host.rfind(']') {
        Some(bracket) => host[bracket..].find(':').map(|at| bracket + at),
        None => host.find(':'),
    };
    match colon {
        None => Some((host, None)),
        Some(at) => {
            let port = &host[at + 1..];
            if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some((&host[..at], Some(port.parse().ok()?)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bound: &str) -> Hosts {
        Hosts::new(bound.parse().unwrap(), &["Preview.Lan".to_string()])
    }

    #[test]
    fn answers_only_the_names_of_this_computer_with_the_served_port() {
        let local = hosts("127.0.0.1:8080");
        for good in [
            "localhost",
            "LocalHost:8080",
            "127.0.0.1",
            "127.0.0.1:8080",
            "[::1]",
            "[::1]:8080",
            "[0:0::1]:8080",
            "preview.lan:8080",
        ] {
            assert!(local.allows(Some(good), false), "{good}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "localhost:8081",
            "localhost:",
            "localhost:80x",
            "localhost:99999",
            "localhost.evil.example",
            "127.0.0.2:8080",
            "10.0.0.5:8080",
            "[::2]:8080",
            "[::1",
            "::1",
            "",
            "user@localhost",
        ] {
            assert!(!local.allows(Some(bad), false), "{bad}");
        }
        assert!(local.allows(None, true), "HTTP/1.0 has no Host");
        assert!(!local.allows(None, false), "HTTP/1.1 must send one");
    }

    #[test]
    fn answers_the_bound_address_and_any_address_when_bound_to_all() {
        let lan = hosts("192.168.1.20:8080");
        assert!(lan.allows(Some("192.168.1.20:8080"), false));
        assert!(!lan.allows(Some("192.168.1.21:8080"), false));
        let all = hosts("0.0.0.0:8080");
        assert!(all.allows(Some("192.168.1.21:8080"), false));
        assert!(!all.allows(Some("evil.example:8080"), false));
        let v6 = hosts("[fe80::1]:8080");
        assert!(v6.allows(Some("[fe80::1]:8080"), false));
        assert!(!v6.allows(Some("fe80::1"), false));
    }
}
