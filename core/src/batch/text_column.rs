//! [`TextColumn`]: a column of optional strings kept in one buffer, as Arrow keeps a string
//! array, so a batch of a million rows makes a handful of allocations instead of a million.

use serde::{Serialize, Serializer};
use std::fmt::Write;

/// A column of optional strings: the rows' text back to back in one buffer, the end of each
/// row, and which rows are null.
///
/// # Examples
///
/// ```
/// use esafety_core::batch::TextColumn;
///
/// let mut column = TextColumn::default();
/// column.push(Some("gambling"));
/// column.push(None);
/// column.push_fmt(format_args!("{}:{}", "adult/domains", 12));
/// assert_eq!(column.len(), 3);
/// assert_eq!(column.get(1), None);
/// assert_eq!(column.iter().collect::<Vec<_>>(), [Some("gambling"), None, Some("adult/domains:12")]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextColumn {
    text: String,
    ends: Vec<usize>,
    valid: Vec<bool>,
}

impl TextColumn {
    /// An empty column with room for `rows` rows of about `bytes` bytes in all.
    pub fn with_capacity(rows: usize, bytes: usize) -> TextColumn {
        TextColumn {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(rows),
            valid: Vec::with_capacity(rows),
        }
    }

    /// Appends a row (`None`: a null row).
    pub fn push(&mut self, value: Option<&str>) {
        if let Some(value) = value {
            self.text.push_str(value);
        }
        self.ends.push(self.text.len());
        self.valid.push(value.is_some());
    }

    /// Appends a row written by `format_args!`, without a string of its own.
    pub fn push_fmt(&mut self, args: std::fmt::Arguments<'_>) {
        // Writing into a `String` cannot fail.
        let _ = self.text.write_fmt(args);
        self.ends.push(self.text.len());
        self.valid.push(true);
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Row `index`: `None` when it is null or past the end.
    pub fn get(&self, index: usize) -> Option<&str> {
        if !*self.valid.get(index)? {
            return None;
        }
        let start = match index.checked_sub(1) {
            Some(before) => *self.ends.get(before)?,
            None => 0,
        };
        self.text.get(start..*self.ends.get(index)?)
    }

    /// The rows in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Appends another column's rows after these.
    pub fn append(&mut self, other: &TextColumn) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|end| base + end));
        self.valid.extend_from_slice(&other.valid);
    }
}

/// A sequence of strings and nulls, as `Vec<Option<String>>` serialises.
impl Serialize for TextColumn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'a> FromIterator<Option<&'a str>> for TextColumn {
    fn from_iter<I: IntoIterator<Item = Option<&'a str>>>(rows: I) -> TextColumn {
        let mut column = TextColumn::default();
        rows.into_iter().for_each(|row| column.push(row));
        column
    }
}

#[cfg(test)]
mod tests {
    use super::TextColumn;
    use proptest::prelude::*;

    proptest! {
        /// Rows come back as pushed, also after appending one column to another.
        #[test]
        fn rows_come_back_as_pushed(
            a in proptest::collection::vec(proptest::option::of(".{0,6}"), 0..20),
            b in proptest::collection::vec(proptest::option::of(".{0,6}"), 0..20),
        ) {
            let mut column: TextColumn = a.iter().map(Option::as_deref).collect();
            column.append(&b.iter().map(Option::as_deref).collect());
            let expected: Vec<Option<&str>> = a.iter().chain(&b).map(Option::as_deref).collect();
            prop_assert_eq!(column.len(), expected.len());
            prop_assert_eq!(column.iter().collect::<Vec<_>>(), expected);
            prop_assert_eq!(column.get(a.len() + b.len()), None);
        }
    }

    #[test]
    fn serialises_as_strings_and_nulls() {
        let column: TextColumn = [Some("a"), None, Some("")].into_iter().collect();
        assert_eq!(serde_json::to_string(&column).unwrap(), r#"["a",null,""]"#);
    }
}
