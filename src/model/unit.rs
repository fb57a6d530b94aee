//! The unit a notice states its amounts in: 元, 万元 or 亿元. Amounts stay
//! exact in this unit; converting to yuan is an exact multiplication.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmountUnit {
    /// 元
    Yuan,
    /// 万元, the unit of almost every notice.
    #[default]
    TenThousandYuan,
    /// 亿元
    HundredMillionYuan,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a unit of amounts: write 元, 万元 or 亿元")]
pub struct UnitError(pub String);

impl AmountUnit {
    /// `万元` (or `萬元`) → `TenThousandYuan`.
    pub fn parse(text: &str) -> Result<AmountUnit, UnitError> {
        match text.trim() {
            "元" => Ok(AmountUnit::Yuan),
            "万元" | "萬元" => Ok(AmountUnit::TenThousandYuan),
            "亿元" | "億元" => Ok(AmountUnit::HundredMillionYuan),
            other => Err(UnitError(other.to_string())),
        }
    }

    /// The unit in Chinese, as records and open data write it.
    pub fn as_str(self) -> &'static str {
        match self {
            AmountUnit::Yuan => "元",
            AmountUnit::TenThousandYuan => "万元",
            AmountUnit::HundredMillionYuan => "亿元",
        }
    }

    /// How many yuan one unit is.
    pub fn yuan(self) -> u128 {
        match self {
            AmountUnit::Yuan => 1,
            AmountUnit::TenThousandYuan => 10_000,
            AmountUnit::HundredMillionYuan => 100_000_000,
        }
    }
}

impl fmt::Display for AmountUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for AmountUnit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AmountUnit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        AmountUnit::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_units_in_either_script() {
        assert_eq!(AmountUnit::parse("万元"), Ok(AmountUnit::TenThousandYuan));
        assert_eq!(
            AmountUnit::parse("億元"),
            Ok(AmountUnit::HundredMillionYuan)
        );
        assert_eq!(AmountUnit::parse("元").map(AmountUnit::yuan), Ok(1));
        assert_eq!(
            AmountUnit::parse("美元"),
            Err(UnitError("美元".to_string()))
        );
        assert_eq!(AmountUnit::default().as_str(), "万元");
    }
}
