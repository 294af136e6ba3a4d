//! Aligned text tables, as kubectl prints them: upper-case headers, columns separated by at
//! least three spaces, no trailing spaces.

use std::io::{self, Write};

pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

const GAP: usize = 3;

impl Table {
    pub fn new(headers: Vec<&'static str>) -> Self {
        Table {
            headers,
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Writes the table; `headers: false` leaves the header line out (`--no-headers`).
    pub fn write(&self, out: &mut dyn Write, headers: bool) -> io::Result<()> {
        let header_row: Vec<String> = self.headers.iter().map(|h| (*h).to_owned()).collect();
        let shown: Vec<&Vec<String>> = headers
            .then_some(&header_row)
            .into_iter()
            .chain(&self.rows)
            .collect();
        let columns = self.headers.len();
        let mut widths = vec![0; columns];
        for row in &shown {
            for (width, cell) in widths.iter_mut().zip(row.iter()) {
                *width = (*width).max(cell.chars().count());
            }
        }
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
    }
}
