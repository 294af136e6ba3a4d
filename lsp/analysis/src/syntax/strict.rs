//! The fast path of [`super::parse`]: a strict reader for the well-formed block and flow YAML
//! that Kubernetes files are written in.
//!
//! tree-sitter-yaml costs about half of a whole-catalog check (its GLR stack and subtree
//! allocations), while almost every document a linter sees is valid. This reader makes one
//! pass over a document's bytes and either builds exactly the tree the tree-sitter lowering
//! builds (both go through [`Builder`]; `tests/syntax.rs` compares them on the whole catalog)
//! or declines, and the document goes to tree-sitter. It declines on any syntax error, so all
//! error recovery stays in one place, and on what manifests do not use: directives, `...`,
//! `?` keys, tabs around structure, properties on keys or inside flow collections, explicit
//! block indentation indicators and comments after a block scalar's header, multi-line plain scalars inside flow collections, a scalar as
//! the whole document. Declining is always safe, so whenever a construct is in doubt, it
//! declines.

use super::build::Builder;
use super::parse::MAX_DEPTH;
use super::tree::{Comment, Entry, NodeId, NodeKind, ScalarStyle, SyntaxTree, YamlDocument};
use crate::Span;

/// The document is left to tree-sitter.
struct Decline;

type Read<T> = Result<T, Decline>;

/// What a chunk of text holds.
enum Chunk {
    /// Only blank lines and comments, without `---`: no document, as for tree-sitter.
    Nothing,
    /// A document, `None` when it is empty.
    Document(Option<NodeId>),
}

/// Reads the document in `text[chunk]` into `tree`. Returns `false`, with `tree` unchanged,
/// when the document is not one this reader accepts.
pub(super) fn parse_document(text: &str, chunk: Span, tree: &mut SyntaxTree) -> bool {
    let (nodes, comments) = (tree.nodes.len(), tree.comments.len());
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: chunk.start,
        end: chunk.end,
        line_start: chunk.start,
        depth: 0,
        builder: Builder::new(tree),
    };
    match reader.document() {
        Ok(Chunk::Document(root)) => {
            reader
                .builder
                .tree
                .documents
                .push(YamlDocument { span: chunk, root });
            true
        }
        Ok(Chunk::Nothing) => true,
        Err(Decline) => {
            tree.nodes.truncate(nodes);
            tree.comments.truncate(comments);
            false
        }
    }
}

struct Reader<'a, 't> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// The end of the document's chunk: nothing past it is read.
    end: usize,
    /// Where the line holding `pos` starts.
    line_start: usize,
    /// Collections open around `pos`.
    depth: usize,
    builder: Builder<'t>,
}

/// Bytes that cannot start a plain scalar (YAML's indicators); `-`, `?` and `:` can when a
/// non-space follows.
fn is_indicator(byte: u8) -> bool {
    matches!(
        byte,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// Characters YAML forbids or treats specially, where parsers part ways: control characters
/// (tree-sitter stops at a NUL), lone carriage returns, C1 controls, the byte order mark, and the line breaks of YAML
/// 1.1 (NEL, U+2028, U+2029).
fn has_unusual_characters(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\t' | b'\n' => false,
        // A lone carriage return is a line break to YAML; only `\r\n` is read here.
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        0..=0x1f | 0x7f => true,
        0xc2 => bytes
            .get(i + 1)
            .is_some_and(|next| (0x80..=0x9f).contains(next)),
        0xe2 => {
            bytes.get(i + 1..i + 3) == Some(&[0x80, 0xa8])
                || bytes.get(i + 1..i + 3) == Some(&[0x80, 0xa9])
        }
        0xef => bytes.get(i + 1..i + 3) == Some(&[0xbb, 0xbf]),
        _ => false,
    })
}

fn is_flow_indicator(byte: u8) -> bool {
    matches!(byte, b',' | b'[' | b']' | b'{' | b'}')
}

fn is_break(byte: Option<u8>) -> bool {
    matches!(byte, None | Some(b'\n' | b'\r'))
}

fn is_blank_or_break(byte: Option<u8>) -> bool {
    matches!(byte, None | Some(b' ' | b'\t' | b'\n' | b'\r'))
}

impl<'a> Reader<'a, '_> {
    fn at(&self, offset: usize) -> Option<u8> {
        if offset < self.end {
            Some(self.bytes[offset])
        } else {
            None
        }
    }

    fn peek(&self) -> Option<u8> {
        self.at(self.pos)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.end
    }

    fn column(&self) -> usize {
        self.pos - self.line_start
    }

    /// The indentation of the line holding `pos`.
    fn line_indent(&self) -> usize {
        self.bytes[self.line_start..self.end]
            .iter()
            .take_while(|&&b| b == b' ')
            .count()
    }

    /// Steps over a line break at `pos` (`\n` or `\r\n`); declines on a lone `\r`.
    fn newline(&mut self) -> Read<()> {
        match self.peek() {
            Some(b'\n') => self.pos += 1,
            Some(b'\r') if self.at(self.pos + 1) == Some(b'\n') => self.pos += 2,
            _ => return Err(Decline),
        }
        self.line_start = self.pos;
        Ok(())
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    /// A `#` comment at `pos`, to the end of its line.
    fn comment(&mut self) -> Read<()> {
        // `#` starts a comment only after whitespace (or at a line start).
        if self.pos > self.line_start && self.bytes[self.pos - 1] != b' ' {
            return Err(Decline);
        }
        let start = self.pos;
        while !is_break(self.peek()) {
            self.pos += 1;
        }
        let span = Span::new(start, self.pos);
        let text = self.text[start..self.pos].to_owned();
        self.builder.tree.comments.push(Comment { span, text });
        Ok(())
    }

    /// After a token: the rest of its line must be blank or a comment. Stops at the break.
    fn end_of_line(&mut self) -> Read<()> {
        self.skip_spaces();
        if self.peek() == Some(b'#') {
            self.comment()?;
        }
        if is_break(self.peek()) {
            Ok(())
        } else {
            Err(Decline)
        }
    }

    /// Moves to the next content: over spaces, comments and line breaks. Declines on tabs
    /// and on document markers, which belong to tree-sitter's recovery.
    fn skip_to_content(&mut self) -> Read<()> {
        loop {
            self.skip_spaces();
            match self.peek() {
                None => return Ok(()),
                Some(b'#') => self.comment()?,
                Some(b'\n' | b'\r') => {
                    self.newline()?;
                    if self.starts_marker_line() {
                        return Err(Decline);
                    }
                }
                Some(b'\t') => return Err(Decline),
                Some(_) => return Ok(()),
            }
        }
    }

    /// Whether the line at `pos` (a line start) is a `---`/`...` marker or a directive.
    fn starts_marker_line(&self) -> bool {
        let rest = &self.bytes[self.pos..self.end];
        rest.first() == Some(&b'%')
            || ((rest.starts_with(b"---") || rest.starts_with(b"..."))
                && is_blank_or_break(rest.get(3).copied()))
    }

    /// Whether `pos` is at a block sequence's `-`.
    fn at_dash(&self) -> bool {
        self.peek() == Some(b'-') && is_blank_or_break(self.at(self.pos + 1))
    }

    fn document(&mut self) -> Read<Chunk> {
        if has_unusual_characters(&self.bytes[self.pos..self.end]) {
            return Err(Decline);
        }
        let marker = self.starts_marker_line();
        if marker {
            // Only `---` alone (or with a comment) is read here; `--- value`, `...` and
            // directives are not.
            if self.peek() != Some(b'-') {
                return Err(Decline);
            }
            self.pos += 3;
            self.end_of_line()?;
        }
        self.skip_to_content()?;
        if self.at_end() {
            return Ok(if marker {
                Chunk::Document(None)
            } else {
                Chunk::Nothing
            });
        }
        // A scalar document is legal but never a manifest.
        if !matches!(self.peek(), Some(b'[' | b'{')) && !self.at_dash() && !self.at_key() {
            return Err(Decline);
        }
        let root = self.block_node(None)?;
        self.skip_to_content()?;
        if !self.at_end() {
            return Err(Decline);
        }
        Ok(Chunk::Document(Some(root)))
    }

    /// Runs `read` one nesting level deeper; past the limits tree-sitter's guards apply.
    fn nested<T>(&mut self, read: impl FnOnce(&mut Self) -> Read<T>) -> Read<T> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Decline);
        }
        let result = read(self);
        self.depth -= 1;
        result
    }

    /// A node in block context whose content starts at `pos`. `parent` is the indentation
    /// of the collection holding it (`None` at the root); block content must be indented
    /// more. Leaves `pos` at the end of the node's last line or at the next content.
    fn block_node(&mut self, parent: Option<usize>) -> Read<NodeId> {
        self.nested(|reader| reader.block_node_content(parent))
    }

    fn block_node_content(&mut self, parent: Option<usize>) -> Read<NodeId> {
        let column = self.column();
        match self.peek() {
            Some(b'\t') => Err(Decline),
            Some(b'&' | b'!') => self.with_properties(parent),
            Some(b'-') if self.at_dash() => self.block_sequence(column),
            Some(b'|' | b'>') => self.block_scalar(parent),
            Some(b'*') => {
                let alias = self.alias()?;
                self.end_of_line()?;
                Ok(alias)
            }
            Some(b'[' | b'{') => {
                let node = self.flow_collection(parent)?;
                self.end_of_line()?;
                Ok(node)
            }
            _ if self.at_key() => self.block_mapping(column),
            Some(b'"' | b'\'') => {
                let node = self.quoted(parent)?;
                self.end_of_line()?;
                Ok(node)
            }
            _ => self.plain_block(parent),
        }
    }

    /// `&anchor` and/or `!tag`, then the node they belong to: on the same line, on the
    /// following lines, or none (an empty scalar).
    fn with_properties(&mut self, parent: Option<usize>) -> Read<NodeId> {
        let mut anchor = None;
        let mut tag = None;
        while let Some(sigil @ (b'&' | b'!')) = self.peek() {
            let start = self.pos;
            let slot = if sigil == b'&' { &mut anchor } else { &mut tag };
            if slot.is_some() {
                return Err(Decline);
            }
            self.pos += 1;
            // `!!str` is a tag of the standard `!!` handle.
            if sigil == b'!' && self.peek() == Some(b'!') {
                self.pos += 1;
            }
            let name = self.property_name()?;
            if !is_blank_or_break(self.peek()) {
                return Err(Decline);
            }
            *slot = Some(
                if sigil == b'&' {
                    name
                } else {
                    &self.text[start..self.pos]
                }
                .to_owned(),
            );
            self.skip_spaces();
        }
        let properties_end = self.text[..self.pos].trim_end_matches(' ').len();
        let id = if matches!(self.peek(), Some(b'#' | b'\n' | b'\r') | None) {
            self.end_of_line()?;
            self.skip_to_content()?;
            let column = self.column();
            if matches!(self.peek(), Some(b'&' | b'!' | b'*')) {
                // Properties on two lines for one node, or on an alias.
                return Err(Decline);
            }
            if !self.at_end() && parent.is_none_or(|p| column > p) {
                self.block_node(parent)?
            } else {
                self.builder.empty_scalar(properties_end)
            }
        } else {
            // Properties before an implicit key belong to the key, and an alias takes none:
            // not read here.
            if self.at_key() || self.at_dash() || matches!(self.peek(), Some(b'&' | b'*')) {
                return Err(Decline);
            }
            self.block_node(parent)?
        };
        self.builder.set_properties(id, anchor, tag);
        Ok(id)
    }

    /// Whether the line at `pos` holds an implicit key: a plain or single-line quoted
    /// scalar followed by `:` and a space or line break.
    fn at_key(&self) -> bool {
        let mut i = self.pos;
        match self.at(i) {
            Some(quote @ (b'"' | b'\'')) => {
                i += 1;
                loop {
                    match self.at(i) {
                        None | Some(b'\n' | b'\r') => return false,
                        Some(b'\\') if quote == b'"' => i += 2,
                        Some(b'\'') if quote == b'\'' && self.at(i + 1) == Some(b'\'') => i += 2,
                        Some(b) if b == quote => break,
                        Some(_) => i += 1,
                    }
                }
                i += 1;
                while self.at(i) == Some(b' ') {
                    i += 1;
                }
                self.at(i) == Some(b':') && is_blank_or_break(self.at(i + 1))
            }
            Some(first) if self.plain_can_start(first, i, false) => loop {
                match self.at(i) {
                    None | Some(b'\n' | b'\r') => return false,
                    Some(b':') if is_blank_or_break(self.at(i + 1)) => return true,
                    Some(b' ' | b'\t') if self.at(i + 1) == Some(b'#') => return false,
                    Some(_) => i += 1,
                }
            },
            _ => false,
        }
    }

    /// Whether `first`, at `at`, starts a plain scalar; inside a flow collection (`flow`) the
    /// `-`, `?` or `:` must not be followed by a flow indicator either.
    fn plain_can_start(&self, first: u8, at: usize, flow: bool) -> bool {
        let next = self.at(at + 1);
        !is_indicator(first)
            || (matches!(first, b'-' | b'?' | b':')
                && !is_blank_or_break(next)
                && !(flow && next.is_some_and(is_flow_indicator)))
    }

    /// A block mapping whose first key is at `pos`, in column `indent`.
    fn block_mapping(&mut self, indent: usize) -> Read<NodeId> {
        let start = self.pos;
        let mut entries = Vec::new();
        loop {
            entries.push(self.block_entry(indent)?);
            self.skip_to_content()?;
            if self.at_end() || self.column() != indent {
                break;
            }
            if !self.at_key() {
                return Err(Decline);
            }
        }
        Ok(self.builder.block_mapping(start, start, entries, false))
    }

    /// `key: value` of a block mapping in column `indent`.
    fn block_entry(&mut self, indent: usize) -> Read<Entry> {
        let start = self.pos;
        let key = match self.peek() {
            Some(b'"' | b'\'') => self.quoted(Some(indent))?,
            // tree-sitter reads `-x:` after a list at its key's indentation as a broken item.
            Some(b'-') => return Err(Decline),
            _ => self.plain_line(false)?,
        };
        self.skip_spaces();
        if self.peek() != Some(b':') {
            return Err(Decline);
        }
        self.pos += 1;
        let colon_end = self.pos;
        self.skip_spaces();
        let value = if matches!(self.peek(), Some(b'#' | b'\n' | b'\r') | None) {
            self.end_of_line()?;
            self.skip_to_content()?;
            let column = self.column();
            if self.at_end() {
                None
            } else if column > indent {
                Some(self.block_node(Some(indent))?)
            } else if column == indent && self.at_dash() {
                // A list may sit at its key's own indentation.
                Some(self.nested(|reader| reader.block_sequence(indent))?)
            } else {
                None
            }
        } else if self.at_key() || self.at_dash() {
            // `a: b: c`, `a: - b`: a block collection cannot start on its key's line.
            return Err(Decline);
        } else {
            Some(self.block_node(Some(indent))?)
        };
        Ok(self.builder.entry(start, Some(key), value, colon_end))
    }

    /// A block sequence whose first `-` is at `pos`, in column `indent`.
    fn block_sequence(&mut self, indent: usize) -> Read<NodeId> {
        let start = self.pos;
        let mut items = Vec::new();
        loop {
            self.pos += 1;
            let dash_end = self.pos;
            self.skip_spaces();
            let item = if matches!(self.peek(), Some(b'#' | b'\n' | b'\r') | None) {
                self.end_of_line()?;
                self.skip_to_content()?;
                if !self.at_end() && self.column() > indent {
                    self.block_node(Some(indent))?
                } else {
                    self.builder.empty_scalar(dash_end)
                }
            } else {
                self.block_node(Some(indent))?
            };
            items.push(item);
            self.skip_to_content()?;
            if self.at_end() || self.column() != indent || !self.at_dash() {
                break;
            }
        }
        Ok(self.builder.block_sequence(start, start, items, false))
    }

    /// `*name`.
    fn alias(&mut self) -> Read<NodeId> {
        let start = self.pos;
        self.pos += 1;
        let name = self.property_name()?;
        Ok(self.builder.alias(Span::new(start, self.pos), name))
    }

    /// The name of an anchor, alias or tag after its indicator: letters, digits, `-`, `_` and
    /// `.`, up to a space, a line break or a flow indicator. The other characters YAML allows
    /// there are left to tree-sitter, which reads some of them differently.
    fn property_name(&mut self) -> Read<&'a str> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            self.pos += 1;
        }
        let ends_well =
            is_blank_or_break(self.peek()) || self.peek().is_some_and(is_flow_indicator);
        if self.pos == start || !ends_well {
            return Err(Decline);
        }
        Ok(&self.text[start..self.pos])
    }

    /// A plain scalar on the line at `pos`, ending before `: `, ` #` or the line break;
    /// `flow` also ends it at flow indicators. Used for keys and one-line values.
    fn plain_line(&mut self, flow: bool) -> Read<NodeId> {
        let start = self.pos;
        let end = self.scan_plain_line(flow)?;
        Ok(self.plain_scalar(start, end))
    }

    /// Moves past the plain text at `pos` and returns where its content ends (trailing
    /// spaces excluded).
    fn scan_plain_line(&mut self, flow: bool) -> Read<usize> {
        let first = self.peek().ok_or(Decline)?;
        if !self.plain_can_start(first, self.pos, flow) {
            return Err(Decline);
        }
        let mut content_end = self.pos;
        loop {
            match self.peek() {
                None | Some(b'\n' | b'\r') => break,
                Some(b':') if is_blank_or_break(self.at(self.pos + 1)) => break,
                Some(b':') if flow && self.at(self.pos + 1).is_some_and(is_flow_indicator) => {
                    break;
                }
                Some(b) if flow && is_flow_indicator(b) => break,
                Some(b' ' | b'\t') => {
                    if self.at(self.pos + 1) == Some(b'#') {
                        break;
                    }
                    self.pos += 1;
                }
                Some(_) => {
                    self.pos += 1;
                    content_end = self.pos;
                }
            }
        }
        self.pos = content_end;
        Ok(content_end)
    }

    /// A plain scalar from `start` to `end`, starting on the line that holds `pos`.
    fn plain_scalar(&mut self, start: usize, end: usize) -> NodeId {
        let indent = self.line_indent();
        let source = &self.text[start..end];
        let span = Span::new(start, end);
        self.builder
            .scalar(span, ScalarStyle::Plain, source, indent, false)
    }

    /// A plain scalar value in block context; it may continue on lines indented more than
    /// `parent`. Leaves `pos` at the end of its last line.
    fn plain_block(&mut self, parent: Option<usize>) -> Read<NodeId> {
        let start = self.pos;
        let start_indent = self.line_indent();
        let mut end = self.scan_plain_line(false)?;
        let mut commented = self.end_of_plain_line()?;
        // Continuation lines: blank lines, then text indented past the parent. A comment
        // ends the scalar for good.
        while !commented {
            let (pos, line_start) = (self.pos, self.line_start);
            while !self.at_end() && is_break(self.peek()) {
                self.newline()?;
                self.skip_spaces();
            }
            let continues = !self.at_end()
                && parent.is_none_or(|p| self.column() > p)
                && self.peek() != Some(b'#');
            if !continues {
                self.pos = pos;
                self.line_start = line_start;
                break;
            }
            if self.peek().is_some_and(is_indicator) {
                return Err(Decline);
            }
            end = self.scan_plain_line(false)?;
            commented = self.end_of_plain_line()?;
        }
        let span = Span::new(start, end);
        let source = &self.text[start..end];
        Ok(self
            .builder
            .scalar(span, ScalarStyle::Plain, source, start_indent, false))
    }

    /// After a line of plain text, to its break: whether a comment ended it. A `:` there
    /// would make the line a key, an error after a value.
    fn end_of_plain_line(&mut self) -> Read<bool> {
        self.skip_spaces();
        match self.peek() {
            Some(b'#') => {
                self.comment()?;
                Ok(true)
            }
            None | Some(b'\n' | b'\r') => Ok(false),
            Some(_) => Err(Decline),
        }
    }

    /// A single- or double-quoted scalar; continuation lines must be indented past `parent`.
    fn quoted(&mut self, parent: Option<usize>) -> Read<NodeId> {
        let start = self.pos;
        let indent = self.line_indent();
        let quote = self.bytes[self.pos];
        self.pos += 1;
        loop {
            match self.peek() {
                None => return Err(Decline),
                Some(b'\\') if quote == b'"' => {
                    self.escape()?;
                }
                Some(b'\'') if quote == b'\'' && self.at(self.pos + 1) == Some(b'\'') => {
                    self.pos += 2;
                }
                Some(b) if b == quote => {
                    self.pos += 1;
                    break;
                }
                Some(b'\n' | b'\r') => {
                    self.newline()?;
                    if self.starts_marker_line() {
                        return Err(Decline);
                    }
                    let indent_here = self.line_indent();
                    let blank = is_break(self.at(self.line_start + indent_here));
                    if !blank && parent.is_some_and(|p| indent_here <= p) {
                        return Err(Decline);
                    }
                }
                Some(_) => self.pos += 1,
            }
        }
        let style = if quote == b'"' {
            ScalarStyle::DoubleQuoted
        } else {
            ScalarStyle::SingleQuoted
        };
        let span = Span::new(start, self.pos);
        Ok(self
            .builder
            .scalar(span, style, &self.text[start..self.pos], indent, false))
    }

    /// A `\` escape in a double-quoted scalar: only the escapes YAML defines are read.
    fn escape(&mut self) -> Read<()> {
        let escaped = self.at(self.pos + 1).ok_or(Decline)?;
        let hex_digits = match escaped {
            b'0' | b'a' | b'b' | b't' | b'\t' | b'n' | b'v' | b'f' | b'r' | b'e' | b' ' | b'"'
            | b'/' | b'\\' | b'N' | b'_' | b'L' | b'P' => 0,
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            // An escaped line break is handled as a break by the caller's next step.
            b'\n' | b'\r' => {
                self.pos += 1;
                return Ok(());
            }
            _ => return Err(Decline),
        };
        let digits_start = self.pos + 2;
        let digits = self
            .bytes
            .get(digits_start..digits_start + hex_digits)
            .ok_or(Decline)?;
        if digits_start + hex_digits > self.end || !digits.iter().all(u8::is_ascii_hexdigit) {
            return Err(Decline);
        }
        self.pos = digits_start + hex_digits;
        Ok(())
    }

    /// `|` or `>` with its content lines, indented past `parent`.
    fn block_scalar(&mut self, parent: Option<usize>) -> Read<NodeId> {
        let start = self.pos;
        let line_indent = self.line_indent();
        let style = if self.peek() == Some(b'>') {
            ScalarStyle::Folded
        } else {
            ScalarStyle::Literal
        };
        self.pos += 1;
        // Chomping only: an explicit indentation indicator is left to tree-sitter, and so is
        // a comment after the header, which its scanner sometimes misreads (`t: | # c` at the
        // root with deeply indented text); a linter must not disagree with itself.
        if let Some(b'-' | b'+') = self.peek() {
            self.pos += 1;
        }
        self.skip_spaces();
        if !is_break(self.peek()) {
            return Err(Decline);
        }
        let mut content_indent = None;
        let mut deepest_leading_blank = 0;
        let mut content_end = None;
        while !self.at_end() {
            let (pos, line_start) = (self.pos, self.line_start);
            self.newline()?;
            let indent = self.line_indent();
            let after_indent = self.line_start + indent;
            let blank = is_break(self.at(after_indent));
            if blank {
                if content_indent.is_none() {
                    deepest_leading_blank = deepest_leading_blank.max(indent);
                }
                self.pos = after_indent;
                continue;
            }
            // Leading blank lines may not be indented deeper than the content.
            if content_indent.is_none() && deepest_leading_blank > indent {
                return Err(Decline);
            }
            let required = *content_indent.get_or_insert(indent);
            if indent < required {
                self.pos = pos;
                self.line_start = line_start;
                break;
            }
            // Content at or left of the parent would be an empty scalar: not read here.
            if parent.is_some_and(|p| required <= p) || (parent.is_none() && required == 0) {
                return Err(Decline);
            }
            let line_end = self.bytes[after_indent..self.end]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(self.end, |i| after_indent + i);
            let text_end = self.text[after_indent..line_end].trim_end().len() + after_indent;
            content_end = Some(text_end);
            self.pos = line_end;
        }
        let end = content_end.ok_or(Decline)?;
        // Back to the end of the last content line; the blank lines after it are not part of
        // the node.
        self.pos = end;
        self.line_start = self.text[..end].rfind('\n').map_or(0, |i| i + 1);
        let span = Span::new(start, end);
        Ok(self
            .builder
            .scalar(span, style, &self.text[start..end], line_indent, false))
    }

    /// A `[...]` or `{...}` collection; lines inside it must be indented past `parent`.
    fn flow_collection(&mut self, parent: Option<usize>) -> Read<NodeId> {
        self.nested(|reader| reader.flow_collection_content(parent))
    }

    fn flow_collection_content(&mut self, parent: Option<usize>) -> Read<NodeId> {
        let start = self.pos;
        let mapping = self.peek() == Some(b'{');
        let close = if mapping { b'}' } else { b']' };
        self.pos += 1;
        let mut entries = Vec::new();
        let mut items = Vec::new();
        loop {
            self.skip_in_flow(parent)?;
            if self.peek() == Some(close) {
                self.pos += 1;
                break;
            }
            let item_start = self.pos;
            let node = self.flow_node(parent)?;
            self.skip_in_flow(parent)?;
            let key_end = self.builder.node_span(node).end;
            let value = if self.peek() == Some(b':') {
                // An implicit key and its `:` share a line.
                if self.bytes[key_end..self.pos].contains(&b'\n') {
                    return Err(Decline);
                }
                self.pos += 1;
                // Only after a quoted key or a collection (JSON style) may the value follow
                // the `:` without a space.
                let json_like = matches!(self.bytes[item_start], b'"' | b'\'' | b'[' | b'{');
                if !json_like && !is_blank_or_break(self.peek()) {
                    return Err(Decline);
                }
                self.skip_in_flow(parent)?;
                if matches!(self.peek(), Some(b',' | b']' | b'}')) {
                    return Err(Decline);
                }
                let value = self.flow_node(parent)?;
                self.skip_in_flow(parent)?;
                Some(value)
            } else {
                None
            };
            let entry = self.builder.entry(item_start, Some(node), value, key_end);
            if mapping {
                entries.push(entry);
            } else if value.is_some() {
                // `[k: v]`: a pair in a sequence is a one-entry mapping.
                let kind = NodeKind::Mapping(vec![entry]);
                items.push(self.builder.flow_collection(entry.span, kind, false));
            } else {
                items.push(node);
            }
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b) if b == close => {}
                _ => return Err(Decline),
            }
        }
        let span = Span::new(start, self.pos);
        let kind = if mapping {
            NodeKind::Mapping(entries)
        } else {
            NodeKind::Sequence(items)
        };
        Ok(self.builder.flow_collection(span, kind, false))
    }

    /// Spaces, line breaks and comments inside a flow collection.
    fn skip_in_flow(&mut self, parent: Option<usize>) -> Read<()> {
        loop {
            self.skip_spaces();
            match self.peek() {
                Some(b'#') => self.comment()?,
                Some(b'\n' | b'\r') => {
                    self.newline()?;
                    if self.starts_marker_line() {
                        return Err(Decline);
                    }
                    self.skip_spaces();
                    let blank = matches!(self.peek(), Some(b'\n' | b'\r'));
                    if !blank && parent.is_some_and(|p| self.column() <= p) {
                        return Err(Decline);
                    }
                }
                Some(b'\t') | None => return Err(Decline),
                Some(_) => return Ok(()),
            }
        }
    }

    /// One node inside a flow collection.
    fn flow_node(&mut self, parent: Option<usize>) -> Read<NodeId> {
        match self.peek() {
            Some(b'[' | b'{') => self.flow_collection(parent),
            Some(b'"' | b'\'') => self.quoted(parent),
            Some(b'*') => self.alias(),
            Some(b'&' | b'!' | b'|' | b'>') | None => Err(Decline),
            Some(_) => {
                let node = self.plain_line(true)?;
                // A plain scalar that goes on to the next line is not read here.
                self.skip_in_flow(parent)?;
                if !matches!(self.peek(), Some(b',' | b']' | b'}' | b':')) {
                    return Err(Decline);
                }
                Ok(node)
            }
        }
    }
}
