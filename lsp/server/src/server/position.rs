//! LSP positions ↔ byte offsets, in the position encoding negotiated at `initialize`.
//!
//! Everything below the server works on byte offsets ([`Span`]); these helpers are the only
//! place where LSP's (line, character) pairs are read or written. [`LineIndex`] does the
//! counting (UTF-16 code units by default, bytes when the client offers UTF-8).

use tekton_analysis::line_index::Position as LinePosition;
use tekton_analysis::{Encoding, LineIndex, Span};
use tower_lsp_server::ls_types::{ClientCapabilities, Position, PositionEncodingKind, Range};

/// UTF-8 when the client offers it (no conversion at all), otherwise LSP's mandatory UTF-16.
pub fn negotiate(client: &ClientCapabilities) -> Encoding {
    let offered = client
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_deref())
        .unwrap_or_default();
    if offered.contains(&PositionEncodingKind::UTF8) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

/// The `positionEncoding` the server announces.
pub fn encoding_kind(encoding: Encoding) -> PositionEncodingKind {
    match encoding {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// The byte offset of an LSP position in `text` (indexed by `index`), or `None` when its line is
/// not in the text. A character past the end of its line means the end of the line, as the
/// specification says; in a CRLF file that is before the `\r\n`, never between the two.
pub fn offset(
    text: &str,
    index: &LineIndex,
    position: Position,
    encoding: Encoding,
) -> Option<usize> {
    let offset = index.offset(
        LinePosition {
            line: position.line,
            column: position.character,
        },
        encoding,
    )?;
    let bytes = text.as_bytes();
    let inside_crlf =
        offset > 0 && bytes.get(offset - 1) == Some(&b'\r') && bytes.get(offset) == Some(&b'\n');
    Some(if inside_crlf { offset - 1 } else { offset })
}

/// The LSP position of a byte offset (clamped to the text).
pub fn position(index: &LineIndex, offset: usize, encoding: Encoding) -> Position {
    let LinePosition { line, column } = index.position(offset, encoding);
    Position::new(line, column)
}

pub fn range(index: &LineIndex, span: Span, encoding: Encoding) -> Range {
    Range::new(
        position(index, span.start, encoding),
        position(index, span.end, encoding),
    )
}

/// The byte span of an LSP range, or `None` when a line of it is not in the text.
pub fn span(text: &str, index: &LineIndex, range: Range, encoding: Encoding) -> Option<Span> {
    let start = offset(text, index, range.start, encoding)?;
    let end = offset(text, index, range.end, encoding)?;
    Some(Span::new(start.min(end), end.max(start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_columns_differ_after_non_ascii_text() {
        let text = "name: \"é𝄞\" x\r\nnext: 1\n";
        let index = LineIndex::new(text);
        let x = text.find('x').expect("x is in the text");
        assert_eq!(position(&index, x, Encoding::Utf16), Position::new(0, 12));
        assert_eq!(position(&index, x, Encoding::Utf8), Position::new(0, 15));
        assert_eq!(
            offset(text, &index, Position::new(0, 12), Encoding::Utf16),
            Some(x)
        );
        // Past the end of a CRLF line: the end of the line's text, before the "\r\n".
        let crlf = text.find('\r').expect("a line end");
        assert_eq!(
            offset(text, &index, Position::new(0, 99), Encoding::Utf16),
            Some(crlf)
        );
        assert_eq!(
            offset(text, &index, Position::new(7, 0), Encoding::Utf16),
            None
        );
    }
}
