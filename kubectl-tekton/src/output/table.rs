//! Aligned text tables, as kubectl prints them: upper-case headers, columns separated by at
//! least three spaces, no trailing spaces.

use std::io::{self, Write};

pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    /// Columns are at least this wide: rows printed later line up with a table printed
    /// before (`list --watch`).
    min_widths: Vec<usize>,
}

const GAP: usize = 3;

impl Table {
    pub fn new(headers: Vec<&'static str>) -> Self {
        Table {
            headers,
            rows: Vec::new(),
            min_widths: Vec::new(),
        }
    }

    pub fn with_min_widths(mut self, widths: Vec<usize>) -> Self {
        self.min_widths = widths;
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn header_row(&self) -> Vec<String> {
        self.headers.iter().map(|h| (*h).to_owned()).collect()
    }

    /// The width of each column as [`Table::write`] lays it out.
    pub fn widths(&self, headers: bool) -> Vec<usize> {
        let header_row = self.header_row();
        let mut widths = self.min_widths.clone();
        widths.resize(self.headers.len(), 0);
        let shown = headers.then_some(&header_row).into_iter().chain(&self.rows);
        for row in shown {
            for (width, cell) in widths.iter_mut().zip(row.iter()) {
                *width = (*width).max(cell.chars().count());
            }
        }
        widths
    }

    /// Writes the table; `headers: false` leaves the header line out (`--no-headers`).
    pub fn write(&self, out: &mut dyn Write, headers: bool) -> io::Result<()> {
        let header_row = self.header_row();
        let columns = self.headers.len();
        let widths = self.widths(headers);
        let shown = headers.then_some(&header_row).into_iter().chain(&self.rows);
        for row in shown {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate().take(columns) {
                line.push_str(cell);
                if i + 1 < columns {
                    let pad = widths[i] - cell.chars().count() + GAP;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }

    /// The table as text (for describe sections and tests).
    pub fn render(&self, headers: bool) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write(&mut out, headers);
        String::from_utf8_lossy(&out).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_columns_without_trailing_spaces() {
        let mut table = Table::new(vec!["NAME", "STATUS"]);
        table.row(vec!["a-long-name".into(), "Succeeded".into()]);
        table.row(vec!["b".into(), String::new()]);
        insta::assert_snapshot!(table.render(true), @r"
        NAME          STATUS
        a-long-name   Succeeded
        b
        ");
        assert_eq!(table.render(false).lines().count(), 2);
        let mut later = Table::new(vec!["NAME", "STATUS"]).with_min_widths(table.widths(true));
        later.row(vec!["c".into(), "Failed".into()]);
        assert_eq!(later.render(false), "c             Failed\n");
    }
}
