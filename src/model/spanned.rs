//! A value read from a record together with where it was written, so a
//! check that finds it wrong names line and column.
//!
//! serde-saphyr's own `Spanned` keeps two full locations (line, column,
//! character and byte spans, source id: about 100 bytes beside an `i64`).
//! A build holds hundreds of thousands of report values and needs only
//! the line and column of each, so this keeps those two numbers.

use serde::{Deserialize, Deserializer};

/// Line and column of a value in its file, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Place {
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub at: Place,
}

impl<T> Spanned<T> {
    pub fn new(value: T, at: Place) -> Spanned<T> {
        Spanned { value, at }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let read = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        // Positions past u32::MAX would need a 4 GiB record; saturate, never panic.
        let number = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let at = Place {
            line: number(read.referenced.line()),
            column: number(read.referenced.column()),
        };
        Ok(Spanned::new(read.value, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_line_and_column_of_the_value() {
        #[derive(Deserialize)]
        struct Record {
            #[allow(dead_code)]
            name: String,
            percent: Spanned<i64>,
        }
        let record: Record = serde_saphyr::from_str("name: x\npercent:   77\n").unwrap();
        assert_eq!(record.percent.value, 77);
        assert_eq!(
            record.percent.at,
            Place {
                line: 2,
                column: 12
            }
        );
        assert_eq!(std::mem::size_of::<Spanned<i64>>(), 16);
    }
}
