//! Incremental text synchronisation: applying `didChange` content changes to a document's text.

use tekton_analysis::{Encoding, LineIndex};
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use crate::server::position;

/// Applies one change. Each change's range refers to the text left by the previous one, as the
/// specification says, so the line index is rebuilt per change. A range whose lines are past the
/// end of the text (a client bug) is clamped to the end rather than refused: the text then
/// still matches the client's as closely as the server can tell.
pub fn apply(text: &mut String, change: TextDocumentContentChangeEvent, encoding: Encoding) {
    let Some(range) = change.range else {
        *text = change.text;
        return;
    };
    let index = LineIndex::new(text);
    let at = |pos| position::offset(text, &index, pos, encoding).unwrap_or(text.len());
    let (start, end) = (at(range.start), at(range.end));
    let (start, end) = (start.min(end), end.max(start));
    text.replace_range(start..end, &change.text);
}

#[cfg(test)]
mod tests {
    use tower_lsp_server::ls_types::{Position, Range};

    use super::*;

    fn change(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(start.0, start.1),
                Position::new(end.0, end.1),
            )),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn changes_apply_in_order_in_the_negotiated_encoding() {
        let mut text = String::from("name: \"é𝄞\"\r\nnext: 1\r\n");
        // UTF-16: é is one unit, 𝄞 two; the closing quote is at character 10.
        apply(&mut text, change((0, 10), (0, 10), "!"), Encoding::Utf16);
        assert_eq!(text, "name: \"é𝄞!\"\r\nnext: 1\r\n");
        // The second change sees the first one's result; past the end of a CRLF line means
        // before the "\r\n".
        apply(&mut text, change((1, 6), (1, 99), "2"), Encoding::Utf16);
        assert_eq!(text, "name: \"é𝄞!\"\r\nnext: 2\r\n");
        // UTF-8: é is two bytes, 𝄞 four.
        apply(&mut text, change((0, 7), (0, 13), ""), Encoding::Utf8);
        assert_eq!(text, "name: \"!\"\r\nnext: 2\r\n");
        // A range past the last line is clamped to the end.
        apply(&mut text, change((40, 0), (41, 0), "tail"), Encoding::Utf16);
        assert_eq!(text, "name: \"!\"\r\nnext: 2\r\ntail");
    }
}
