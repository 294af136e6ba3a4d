//! Byte offset ↔ (line, column) conversion in UTF-8, UTF-16 or UTF-32 (character) columns.
//!
//! Diagnostics carry byte offsets; the CLI prints character columns and LSP clients usually
//! want UTF-16. Lines and columns here are 0-based; renderers add 1 where they show them.
//! Lines end at `\n` (a `\r` before it belongs to the line's text, as in LSP).

use serde::Serialize;

/// Which unit a column counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Bytes.
    Utf8,
    /// UTF-16 code units (LSP's default `positionEncoding`).
    Utf16,
    /// Unicode scalar values, i.e. characters.
    Utf32,
}

/// A 0-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A non-ASCII character on a line: where it starts (bytes from the line start) and its length.
#[derive(Clone, Copy, Debug)]
struct WideChar {
    column: u32,
    len_utf8: u8,
}

impl WideChar {
    fn len_utf16(self) -> u32 {
        // Four UTF-8 bytes encode a character outside the BMP: a surrogate pair.
        if self.len_utf8 == 4 { 2 } else { 1 }
    }

    fn len_in(self, encoding: Encoding) -> u32 {
        match encoding {
            Encoding::Utf8 => u32::from(self.len_utf8),
            Encoding::Utf16 => self.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// Line starts of one text, plus its non-ASCII characters so columns in any encoding cost a
/// binary search and a walk over that line's non-ASCII characters only.
#[derive(Clone, Debug)]
pub struct LineIndex {
    len: u32,
    /// Byte offset of each line's first byte; `line_starts[0] == 0`.
    line_starts: Vec<u32>,
    /// `(line, chars)` for the lines that have non-ASCII characters, sorted by line.
    wide: Vec<(u32, Vec<WideChar>)>,
}

impl LineIndex {
    /// Offsets are `u32` inside: texts over 4 GiB are clamped (no editor sends one).
    pub fn new(text: &str) -> Self {
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let mut line_starts = vec![0];
        let mut wide: Vec<(u32, Vec<WideChar>)> = Vec::new();
        let mut line_start = 0u32;
        for (offset, ch) in text.char_indices() {
            let Ok(offset) = u32::try_from(offset) else {
                break;
            };
            if ch == '\n' {
                line_start = offset + 1;
                line_starts.push(line_start);
            } else if !ch.is_ascii() {
                let line = (line_starts.len() - 1) as u32;
                let wide_char = WideChar {
                    column: offset - line_start,
                    len_utf8: ch.len_utf8() as u8,
                };
                match wide.last_mut() {
                    Some((last, chars)) if *last == line => chars.push(wide_char),
                    _ => wide.push((line, vec![wide_char])),
                }
            }
        }
        LineIndex {
            len,
            line_starts,
            wide,
        }
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The length of the text in bytes.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Byte offset where `line` starts, if the text has that line.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.line_starts.get(line as usize).map(|&s| s as usize)
    }

    /// The line holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> u32 {
        let offset = self.clamp(offset);
        (self.line_starts.partition_point(|&start| start <= offset) - 1) as u32
    }

    /// Line and column of `offset`. An offset past the end is clamped to the end; one inside a
    /// multi-byte character counts as that character's start.
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let offset = self.clamp(offset);
        let line = self.line_of(offset as usize);
        let byte_column = offset - self.line_starts[line as usize];
        let mut column = byte_column;
        for ch in self.wide_chars(line) {
            if ch.column >= byte_column {
                break;
            }
            if ch.column + u32::from(ch.len_utf8) > byte_column {
                // Inside the character: snap to its start.
                column -= byte_column - ch.column;
                break;
            }
            column = column - u32::from(ch.len_utf8) + ch.len_in(encoding);
        }
        Position { line, column }
    }

    /// Byte offset of a line and column, or `None` when the line does not exist. A column past
    /// the line's end is clamped to the end of the line (before its `\n`), as LSP specifies.
    pub fn offset(&self, position: Position, encoding: Encoding) -> Option<usize> {
        let start = *self.line_starts.get(position.line as usize)?;
        let line_end = match self.line_starts.get(position.line as usize + 1) {
            Some(next) => next - 1,
            None => self.len,
        };
        let mut remaining = position.column;
        let mut byte_column = 0u32;
        for ch in self.wide_chars(position.line) {
            let ascii_run = ch.column - byte_column;
            if remaining <= ascii_run {
                break;
            }
            remaining -= ascii_run;
            byte_column = ch.column;
            let units = ch.len_in(encoding);
            if remaining < units {
                // Inside the character (e.g. between a surrogate pair): its start.
                remaining = 0;
                break;
            }
            remaining -= units;
            byte_column += u32::from(ch.len_utf8);
        }
        let offset = (start + byte_column)
            .saturating_add(remaining)
            .min(line_end);
        Some(offset as usize)
    }

    fn clamp(&self, offset: usize) -> u32 {
        u32::try_from(offset).unwrap_or(u32::MAX).min(self.len)
    }

    fn wide_chars(&self, line: u32) -> &[WideChar] {
        match self.wide.binary_search_by_key(&line, |(l, _)| *l) {
            Ok(i) => &self.wide[i].1,
            Err(_) => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a: 1\nname: \"é𝄞x\"\r\n\nlast";

    #[test]
    fn round_trips_every_char_boundary() {
        let index = LineIndex::new(TEXT);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (offset, _) in TEXT.char_indices().chain([(TEXT.len(), ' ')]) {
                let position = index.position(offset, encoding);
                assert_eq!(
                    index.offset(position, encoding),
                    Some(offset),
                    "{offset} {encoding:?}"
                );
            }
        }
    }

    #[test]
    fn columns_per_encoding() {
        let index = LineIndex::new(TEXT);
        let x = TEXT.find('x').unwrap_or_default();
        assert_eq!(
            index.position(x, Encoding::Utf8),
            Position {
                line: 1,
                column: 13
            }
        );
        assert_eq!(
            index.position(x, Encoding::Utf16),
            Position {
                line: 1,
                column: 10
            }
        );
        assert_eq!(
            index.position(x, Encoding::Utf32),
            Position { line: 1, column: 9 }
        );
        // Inside the 4-byte character: snapped to its start.
        let clef = TEXT.find('𝄞').unwrap_or_default();
        assert_eq!(
            index.position(clef + 2, Encoding::Utf16),
            index.position(clef, Encoding::Utf16)
        );
        // Past the end of a line: clamped before its newline.
        assert_eq!(
            index.offset(
                Position {
                    line: 0,
                    column: 99
                },
                Encoding::Utf16
            ),
            Some(4)
        );
        assert_eq!(
            index.offset(Position { line: 9, column: 0 }, Encoding::Utf16),
            None
        );
        assert_eq!(
            index.position(999, Encoding::Utf8),
            Position { line: 3, column: 4 }
        );
        assert_eq!(index.line_count(), 4);
    }
}
