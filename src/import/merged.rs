//! Sub-rows that lack the cells merged with the row above.
//!
//! Portals that turn a table into `|`-separated text print a merged cell
//! (序号, 项目名称, often a lead unit spanning several rows) only on its
//! first row; the sub-rows below it come out shorter, their own cells packed
//! to the left. The merged cells sit at the start of the row and, when a
//! lead unit spans rows, in the middle, so a sub-row's first cell belongs in
//! the first column after the name and its other cells line up from the
//! right. Notices and progress tables are both read this way.

/// The column each of a sub-row's `filled` cells goes to, in order, for a
/// table `width` columns wide whose first column after the name is
/// `after_name`. A column index past the table means the cell fits nowhere.
pub fn slots(filled: usize, width: usize, after_name: usize) -> Vec<usize> {
    let Some(rest) = filled.checked_sub(1) else {
        return Vec::new();
    };
    let right = width.saturating_sub(rest).max(after_name + 1);
    std::iter::once(after_name)
        .chain((0..rest).map(|k| right + k))
        .collect()
}

/// Whether column `index` is merged with the row above: it lies between the
/// name and the sub-row's cells and none of them was placed in it.
pub fn is_merged(slots: &[usize], index: usize) -> bool {
    let after_first = slots.first().is_some_and(|first| index > *first);
    after_first && !slots.contains(&index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_the_first_cell_after_the_name_and_the_rest_from_the_right() {
        // 序号 | 项目 | 目标 | 牵头单位 | 进展 | 预计时间
        assert_eq!(slots(4, 6, 2), [2, 3, 4, 5]);
        assert_eq!(slots(3, 6, 2), [2, 4, 5]);
        assert!(is_merged(&slots(3, 6, 2), 3));
        assert!(
            !is_merged(&slots(3, 6, 2), 1),
            "the name is not a sub-row's"
        );
        assert_eq!(slots(1, 6, 2), [2]);
        assert_eq!(slots(0, 6, 2), Vec::<usize>::new());
    }

    #[test]
    fn more_cells_than_columns_run_past_the_table() {
        assert_eq!(slots(6, 6, 2), [2, 3, 4, 5, 6, 7]);
        assert_eq!(slots(2, 2, 2), [2, 3]);
    }
}
