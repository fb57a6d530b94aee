//! A web address staff give for a page elsewhere, such as the notice on
//! the government portal. Only `http(s)://` addresses are accepted, so a
//! link can never run a script or point at a file on the reader's machine.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct WebAddress(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a web address: write it in full, starting with https:// or http://")]
pub struct WebAddressError(pub String);

impl WebAddress {
    pub fn parse(text: &str) -> Result<WebAddress, WebAddressError> {
        let text = text.trim();
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .unwrap_or_default();
        let host_given = rest.split('/').next().is_some_and(|host| !host.is_empty());
        let clean = !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'));
        if host_given && clean {
            Ok(WebAddress(text.to_string()))
        } else {
            Err(WebAddressError(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WebAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for WebAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        WebAddress::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_full_http_addresses_are_web_addresses() {
        let portal = "https://www.cqwl.gov.cn/zwgk_239/fdzdgknr/202403/t20240301_1.html";
        assert_eq!(WebAddress::parse(portal).unwrap().as_str(), portal);
        assert!(WebAddress::parse("http://example.gov.cn").is_ok());
        for bad in [
            "javascript:alert(1)",
            "www.example.gov.cn/notice.html",
            "https://",
            "file:///etc/passwd",
            "https://example.gov.cn/a b",
            "https://example.gov.cn/\"onclick",
        ] {
            assert!(WebAddress::parse(bad).is_err(), "{bad}");
        }
    }
}
