//! `Tally`: the computed total of a set of rows, honest about unknowns.
//!
//! A blank amount is unknown, never 0: the sum covers only rows that state
//! an amount, and the tally says how many rows state none.

use super::Money;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    sum: Money,
    pub rows_with_amount: usize,
    pub rows_without_amount: usize,
}

impl Tally {
    pub fn of<'a>(amounts: impl IntoIterator<Item = Option<&'a Money>>) -> Tally {
        amounts.into_iter().fold(Tally::default(), |tally, amount| {
            tally.combine(match amount {
                Some(value) => Tally {
                    sum: *value,
                    rows_with_amount: 1,
                    rows_without_amount: 0,
                },
                None => Tally {
                    sum: Money::ZERO,
                    rows_with_amount: 0,
                    rows_without_amount: 1,
                },
            })
        })
    }

    pub fn combine(self, other: Tally) -> Tally {
        Tally {
            sum: self.sum + other.sum,
            rows_with_amount: self.rows_with_amount + other.rows_with_amount,
            rows_without_amount: self.rows_without_amount + other.rows_without_amount,
        }
    }

    /// The exact sum of the stated amounts; `None` when no row states one.
    pub fn total(&self) -> Option<Money> {
        (self.rows_with_amount > 0).then_some(self.sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_amounts_are_counted_not_summed() {
        let m = |s: &str| Money::parse(s).unwrap();
        let (a, b) = (m("4700"), m("500"));
        let tally = Tally::of([Some(&a), None, Some(&b), None]);
        assert_eq!(tally.total(), Some(m("5200")));
        assert_eq!(tally.rows_with_amount, 2);
        assert_eq!(tally.rows_without_amount, 2);
        assert_eq!(Tally::of([None, None]).total(), None);
    }
}
