//! Declared totals and subtotals against the exact sum of their rows.

use std::path::Path;

use crate::model::Spanned;

use crate::diagnostic::Diagnostic;
use crate::model::{Amount, Notice, Tally};

pub fn check(notice: &Notice) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if !notice.unreadable.is_empty() {
        return found;
    }
    if notice.record.unit.is_none() && notice.states_amounts() {
        found.push(
            Diagnostic::error(
                "amount-without-unit",
                "the notice states amounts but not their unit",
            )
            .in_file(&notice.file)
            .hint("add the unit the notice prints, e.g. `unit: \"万元\"` (单位：万元)"),
        );
    }
    for (g, group) in notice.groups().iter().enumerate() {
        if let Some(declared) = &group.declared_subtotal {
            let name = group.name.as_ref().map_or("the group", |n| n.zh());
            let what = format!("the subtotal of {name}");
            found.extend(compare(
                &notice.file,
                &what,
                declared,
                notice.group_tally(g),
            ));
        }
    }
    if let Some(declared) = &notice.record.declared_total {
        found.extend(compare(
            &notice.file,
            "the total (合计)",
            declared,
            notice.tally(),
        ));
    }
    found
}

fn compare(
    file: &Path,
    what: &str,
    declared: &Spanned<Amount>,
    tally: Tally,
) -> Option<Diagnostic> {
    let declared_value = declared.value.value;
    let unknown = match tally.rows_without_amount {
        0 => String::new(),
        1 => "; 1 row states no amount".to_string(),
        n => format!("; {n} rows state no amount"),
    };
    let message = match tally.total() {
        Some(computed) if computed == declared_value => return None,
        Some(computed) => format!(
            "{what} is declared as {} but its rows add up to {computed} (difference {}){unknown}",
            declared.value,
            computed.abs_diff(declared_value)
        ),
        None => format!(
            "{what} is declared as {} but no row states an amount",
            declared.value
        ),
    };
    Some(
        Diagnostic::error("total-mismatch", message)
            .at_place(file, declared.at)
            .hint("compare each row's amount with the published notice; the declared figure must stay as the notice printed it"),
    )
}
