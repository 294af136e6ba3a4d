//! Where the cursor is, read from the text itself.
//!
//! Completion runs on half-typed documents: a key without its colon, a `- ` with nothing after
//! it, `runAfter: [`, a line indented past the end of its block. The span tree is
//! error-tolerant, but such a line is exactly what it cannot place, and a tab or a stray token can
//! collapse a whole document. So the cursor's place is read from the lines: the cursor line's own
//! tokens (list markers, a key, a value, a flow collection), then the lines above it by
//! indentation, as YAML nests blocks. The result is a path like the tree's
//! (`spec.tasks[2].params`), which the features then look up in the tree and the schema where
//! those have it.

use tekton_analysis::syntax::{NodeId, PathSegment};
use tekton_analysis::{DocumentKind, FileAnalysis, Span, TektonKind, TektonVersion};

/// The `---` document the cursor is in.
#[derive(Clone, Debug)]
pub(crate) struct DocumentAt {
    pub span: Span,
    pub root: Option<NodeId>,
    /// From the tree, or from the document's top-level `apiVersion:` and `kind:` lines when the
    /// tree could not classify it (half-typed or collapsed documents).
    pub kind: Option<(TektonVersion, TektonKind)>,
}

/// The document of `analysis` that holds `offset` (the last one starting at or before it).
pub(crate) fn document_at(analysis: &FileAnalysis, offset: usize) -> DocumentAt {
    let text = analysis.text.as_str();
    let found = analysis
        .documents
        .iter()
        .rev()
        .find(|document| document.span.start <= offset)
        .or(analysis.documents.first());
    let Some(document) = found else {
        return DocumentAt {
            span: Span::new(0, text.len()),
            root: None,
            kind: None,
        };
    };
    let kind = match document.kind {
        DocumentKind::Tekton { version, kind } => Some((version, kind)),
        _ => kind_from_lines(
            text.get(document.span.start..document.span.end)
                .unwrap_or(""),
        ),
    };
    DocumentAt {
        span: document.span,
        root: document.root,
        kind,
    }
}

/// The value of a top-level `name: value` line of a document's text.
pub(crate) fn top_level<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let value = line.strip_prefix(name)?.strip_prefix(':')?;
        Some(unquote(strip_comment(value).trim()))
    })
}

/// `apiVersion` and `kind` from the top-level lines of a document's text.
fn kind_from_lines(text: &str) -> Option<(TektonVersion, TektonKind)> {
    let field = |name: &str| top_level(text, name);
    let version = match field("apiVersion")? {
        "tekton.dev/v1" => TektonVersion::V1,
        "tekton.dev/v1beta1" => TektonVersion::V1beta1,
        "tekton.dev/v1alpha1" => TektonVersion::V1alpha1,
        _ => return None,
    };
    let kind = tekton_kind(field("kind")?)?;
    Some((version, kind))
}

/// The Tekton kind named `name`.
pub(crate) fn tekton_kind(name: &str) -> Option<TektonKind> {
    [
        TektonKind::Task,
        TektonKind::Pipeline,
        TektonKind::TaskRun,
        TektonKind::PipelineRun,
        TektonKind::StepAction,
    ]
    .into_iter()
    .find(|kind| kind.as_str() == name)
}

/// What the cursor is writing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// A key of the mapping at the path.
    Key {
        /// The keys the mapping already has (not the one being typed).
        present: Vec<String>,
        /// Right after a `- `: the first key of a new list item.
        item_start: bool,
    },
    /// The scalar at the path: after `key: `, an item of a flow list, a line of a block scalar.
    Value {
        /// The other items of the flow list the value is in (`[a, b, █]`).
        siblings: Vec<String>,
        /// The value would follow the colon directly (`key:█`): insert a space first.
        needs_space: bool,
        /// Inside a block scalar or a multi-line plain scalar: nothing but variables to offer.
        multiline: bool,
    },
}

/// The cursor's place in its document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cursor {
    /// From the document root to the mapping (for a key) or the value the cursor writes.
    pub path: Vec<PathSegment>,
    pub slot: Slot,
    /// The partial word around the cursor, which a completion replaces.
    pub word: Span,
    /// The column (in bytes) where a key typed here starts; later lines of a snippet are
    /// indented by it.
    pub column: usize,
}

/// One line's structure tokens: list markers, a key, the value after it.
#[derive(Debug, Default)]
struct Tokens<'a> {
    /// Columns of the `- ` markers.
    dashes: Vec<usize>,
    /// Where the content after the markers starts.
    content: usize,
    /// `key:` at `content`, and the value text after the colon (comment removed, trimmed)
    /// with its column.
    key: Option<(&'a str, &'a str, usize)>,
}

impl<'a> Tokens<'a> {
    fn of(line: &'a str) -> Tokens<'a> {
        let bytes = line.as_bytes();
        let mut at = indent(line);
        let mut dashes = Vec::new();
        while bytes.get(at) == Some(&b'-') && matches!(bytes.get(at + 1), None | Some(b' ' | b'\t'))
        {
            dashes.push(at);
            at += 1;
            while matches!(bytes.get(at), Some(b' ' | b'\t')) {
                at += 1;
            }
        }
        let rest = line.get(at..).unwrap_or("");
        let key = split_key(rest).map(|(key, value_at)| {
            let raw = rest.get(value_at..).unwrap_or("");
            let trimmed = strip_comment(raw).trim_start();
            let column = at + value_at + (raw.len() - raw.trim_start().len());
            (key, trimmed.trim_end(), column)
        });
        Tokens {
            dashes,
            content: at,
            key,
        }
    }

    fn is_blank(&self, line: &str) -> bool {
        let rest = line.get(self.content..).unwrap_or("").trim();
        self.dashes.is_empty() && (rest.is_empty() || rest.starts_with('#'))
    }
}

/// Leading spaces and tabs (a tab counts as one column, as the bytes do: YAML forbids tabs in
/// indentation, and a file with them only needs a sane answer).
fn indent(line: &str) -> usize {
    line.bytes()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count()
}

/// A block key at the start of `text`: `name:` followed by a space or the end, `"name":`,
/// `'name':`. Returns the decoded key and the offset after the colon.
fn split_key(text: &str) -> Option<(&str, usize)> {
    let first = text.chars().next()?;
    if let Some(quote) = ['"', '\''].into_iter().find(|q| *q == first) {
        let close = text.get(1..)?.find(quote)? + 1;
        let after = text.get(close + 1..)?;
        let colon = after.len() - after.trim_start_matches([' ', '\t']).len();
        if after.get(colon..)?.starts_with(':') && ends_key(text, close + 1 + colon + 1) {
            return Some((text.get(1..close)?, close + 1 + colon + 1));
        }
        return None;
    }
    if matches!(
        first,
        '[' | '{' | '#' | '&' | '*' | '!' | '|' | '>' | '%' | '@' | '`'
    ) {
        return None;
    }
    let mut from = 0;
    while let Some(found) = text.get(from..)?.find(':') {
        let colon = from + found;
        if ends_key(text, colon + 1) {
            let key = text.get(..colon)?.trim_end();
            // A ` #` before the colon starts a comment: no key on this line.
            if key.contains(" #") {
                return None;
            }
            return Some((key, colon + 1));
        }
        from = colon + 1;
    }
    None
}

/// Whether a key's colon ends right before `at` (a space, a tab or the end of the line follows).
fn ends_key(text: &str, at: usize) -> bool {
    matches!(text.as_bytes().get(at), None | Some(b' ' | b'\t'))
}

/// The text before a ` #` comment (quotes respected).
fn strip_comment(value: &str) -> &str {
    let mut quote = None;
    let mut previous = b' ';
    for (at, byte) in value.bytes().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(q), _) if q == byte => quote = None,
            (None, b'#') if matches!(previous, b' ' | b'\t') => return &value[..at],
            _ => {}
        }
        previous = byte;
    }
    value
}

fn unquote(text: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
            return inner;
        }
    }
    text
}

/// Whether a value starts a block scalar (`|`, `>-`, `|2+`, ...).
fn is_block_header(value: &str) -> bool {
    let mut chars = value.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| c.is_ascii_digit() || matches!(c, '+' | '-'))
}

/// Characters that continue a key or plain word being typed.
fn is_word(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, ':' | ',' | '[' | ']' | '{' | '}' | '#' | '"' | '\'')
}

/// A line of the document: its start offset and its text without the line break.
#[derive(Clone, Copy)]
struct Line<'a> {
    start: usize,
    text: &'a str,
}

/// The lines of `text` between `from` and `to` (byte offsets), in order.
fn lines_between(text: &str, from: usize, to: usize) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = from;
    while start <= to && start <= text.len() {
        let end = text
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(text.len(), |i| start + i);
        let line = text.get(start..end).unwrap_or("");
        out.push(Line {
            start,
            text: line.strip_suffix('\r').unwrap_or(line),
        });
        if end >= text.len() {
            break;
        }
        start = end + 1;
    }
    out
}

fn is_document_marker(line: &str) -> bool {
    ["---", "..."].iter().any(|marker| {
        line.strip_prefix(marker)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

/// The cursor's place, from the text of its document.
pub(crate) fn cursor(text: &str, document: Span, offset: usize) -> Cursor {
    let offset = offset.min(text.len());
    let line_start = text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let from = document.start.min(line_start);
    let to = text.len().min(document.end.max(offset));
    let lines = lines_between(text, from, to);
    let here = lines
        .iter()
        .position(|line| line.start == line_start)
        .unwrap_or(lines.len().saturating_sub(1));
    let Some(&line) = lines.get(here) else {
        return Cursor {
            path: Vec::new(),
            slot: Slot::Key {
                present: Vec::new(),
                item_start: false,
            },
            word: Span::at(offset),
            column: 0,
        };
    };
    let column = offset.saturating_sub(line.start);
    let own = read_cursor_line(line.text, column);
    let mut scan = own.scan;
    for above in lines[..here].iter().rev() {
        if is_document_marker(above.text) || scan.visit(above.text) {
            break;
        }
    }
    scan.close_list();
    let mut slot = own.slot;
    let mut path: Vec<PathSegment> = match scan.in_value {
        Some(inner) => {
            // The cursor is inside a block scalar (or a multi-line value) of an ancestor key.
            slot = Slot::Value {
                siblings: Vec::new(),
                needs_space: false,
                multiline: true,
            };
            scan.segments.drain(..inner);
            scan.segments
        }
        None => scan.segments,
    };
    path.reverse();
    let word = match &mut slot {
        Slot::Value {
            multiline: true, ..
        } => Span::at(column),
        Slot::Key { present, .. } => {
            present.append(&mut scan.present);
            let below = lines[here + 1..]
                .iter()
                .take_while(|line| !is_document_marker(line.text));
            present.extend(siblings_below(below, own.column));
            present.sort();
            present.dedup();
            own.word
        }
        Slot::Value { .. } => own.word,
    };
    Cursor {
        path,
        slot,
        word: Span::new(line.start + word.start, line.start + word.end),
        column: own.column,
    }
}

/// What the cursor line alone says.
struct OwnLine {
    /// The scan to continue on the lines above, with the segments this line adds.
    scan: Scan,
    slot: Slot,
    /// The partial word, as columns of the line.
    word: Span,
    /// The column of the key the cursor writes, or of the key whose value it writes.
    column: usize,
}

fn read_cursor_line(text: &str, column: usize) -> OwnLine {
    let column = column.min(text.len());
    let prefix = text.get(..column).unwrap_or("");
    let tokens = Tokens::of(prefix);
    let mut scan = Scan::default();
    let word_from = |start: usize| {
        let start = start.min(column);
        let after: usize = text
            .get(column..)
            .unwrap_or("")
            .chars()
            .take_while(|c| is_word(*c))
            .map(char::len_utf8)
            .sum();
        Span::new(start, column + after)
    };
    let Some((key, _, value_column)) = tokens.key else {
        // A key being typed, or nothing yet: its column is where the typing starts (the cursor
        // on a blank line).
        let typed = prefix.get(tokens.content..).unwrap_or("");
        let key_column = if typed.trim().is_empty() && tokens.dashes.is_empty() {
            column
        } else {
            tokens.content
        };
        scan.enter(Node::Key(key_column), &tokens.dashes);
        scan.collecting = true;
        return OwnLine {
            scan,
            slot: Slot::Key {
                present: Vec::new(),
                item_start: !tokens.dashes.is_empty(),
            },
            word: word_from(column - typed.trim_start().len().min(column)),
            column: key_column,
        };
    };
    let value_column = value_column.min(column);
    let value_prefix = prefix.get(value_column..).unwrap_or("");
    let value_text = text.get(value_column..).unwrap_or("");
    let (inner, slot, word) = if value_prefix.starts_with(['[', '{']) {
        let flow = read_flow(value_text, column - value_column);
        let slot = match flow.key_present {
            Some(present) => Slot::Key {
                present,
                item_start: false,
            },
            None => Slot::Value {
                siblings: flow.siblings,
                needs_space: false,
                multiline: false,
            },
        };
        let word = Span::new(value_column + flow.word.start, value_column + flow.word.end);
        (flow.path, slot, word)
    } else {
        let multiline = is_block_header(value_prefix.trim());
        let quoted = value_prefix.starts_with(['"', '\'']);
        let start = value_column + usize::from(quoted);
        let rest = text.get(start.min(column)..).unwrap_or("");
        let end = if quoted {
            rest.find(['"', '\'']).unwrap_or(rest.len())
        } else {
            strip_comment(rest).trim_end().len()
        };
        let slot = Slot::Value {
            siblings: Vec::new(),
            needs_space: prefix.ends_with(':'),
            multiline,
        };
        let start = start.min(column);
        // After a closing quote the value is complete: nothing to replace.
        let word = if column <= start + end {
            Span::new(start, start + end)
        } else {
            Span::at(column)
        };
        (Vec::new(), slot, word)
    };
    scan.segments.extend(inner.into_iter().rev());
    scan.segments.push(PathSegment::Key(key.to_owned()));
    scan.enter(Node::Key(tokens.content), &tokens.dashes);
    OwnLine {
        scan,
        slot,
        word,
        column: tokens.content,
    }
}

/// The keys at `column` in the lines below the cursor, up to the end of its mapping.
fn siblings_below<'a>(below: impl Iterator<Item = &'a Line<'a>>, column: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in below {
        let tokens = Tokens::of(line.text);
        if tokens.is_blank(line.text) {
            continue;
        }
        let first = tokens.dashes.first().copied().unwrap_or(tokens.content);
        if first < column {
            break;
        }
        if tokens.dashes.is_empty()
            && tokens.content == column
            && let Some((key, _, _)) = tokens.key
        {
            out.push(key.to_owned());
        }
    }
    out
}

/// A node whose parent the upward scan looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Node {
    /// A mapping key at this column.
    Key(usize),
    /// A list item whose `- ` is at this column.
    Item(usize),
}

/// The upward scan: finds the ancestors of the cursor's node line by line, as YAML nests blocks
/// by indentation.
#[derive(Default)]
struct Scan {
    /// Path segments found so far, innermost first.
    segments: Vec<PathSegment>,
    current: Option<Node>,
    /// `- ` markers seen at the current item's column (its earlier siblings).
    earlier_items: usize,
    /// The index segment that `earlier_items` fills in once the list's parent is found.
    pending_index: Option<usize>,
    /// Whether sibling keys are collected (only for the cursor's own mapping).
    collecting: bool,
    /// Sibling keys of the cursor's mapping seen above it.
    present: Vec<String>,
    /// When an ancestor key holds a scalar the cursor is inside of (a block scalar, or a plain
    /// value continued on the next lines): how many inner segments to drop so the path ends at
    /// that key.
    in_value: Option<usize>,
}

impl Scan {
    /// Makes `node` the current node; `dashes` are the `- ` markers left of it on its line,
    /// which make it part of list items (innermost first: the rightmost marker).
    fn enter(&mut self, node: Node, dashes: &[usize]) {
        self.current = Some(node);
        let Some((&leftmost, inner)) = dashes.split_first() else {
            return;
        };
        // Every list but the leftmost starts on this line, so its item is the first (index 0);
        // the leftmost's index counts the markers above it.
        for _ in inner {
            self.segments.push(PathSegment::Index(0));
        }
        self.segments.push(PathSegment::Index(0));
        self.pending_index = Some(self.segments.len() - 1);
        self.earlier_items = 0;
        self.current = Some(Node::Item(leftmost));
    }

    /// Reads one line above; `true` when nothing above can matter any more.
    fn visit(&mut self, line: &str) -> bool {
        let tokens = Tokens::of(line);
        let Some(current) = self.current else {
            return true;
        };
        if tokens.is_blank(line) {
            return false;
        }
        let key_at = tokens.key.map(|_| tokens.content);
        match current {
            Node::Key(column) => {
                if self.collecting
                    && key_at == Some(column)
                    && let Some((key, _, _)) = tokens.key
                {
                    self.present.push(key.to_owned());
                }
            }
            Node::Item(column) => {
                if tokens.dashes.contains(&column) {
                    self.earlier_items += 1;
                }
            }
        }
        // The parent: the rightmost token left of the node; for a list item also a key at its
        // own column (`key:` with its `- item`s at the same indentation).
        let (column, is_item) = match current {
            Node::Key(column) | Node::Item(column) => (column, matches!(current, Node::Item(_))),
        };
        let dash_parent = tokens.dashes.iter().rev().find(|&&d| d < column).copied();
        let key_parent = key_at.filter(|&k| k < column || (is_item && k == column));
        let parent = match (dash_parent, key_parent) {
            (Some(dash), Some(key)) if key > dash => Node::Key(key),
            (Some(dash), _) => Node::Item(dash),
            (None, Some(key)) => Node::Key(key),
            (None, None) => return column == 0 && !is_item && !self.collecting,
        };
        self.collecting = false;
        self.close_list();
        match parent {
            Node::Key(key_column) => {
                if let Some((key, value, _)) = tokens.key {
                    if self.in_value.is_none()
                        && !value.is_empty()
                        && !value.starts_with(['&', '!'])
                    {
                        self.in_value = Some(self.segments.len());
                    }
                    self.segments.push(PathSegment::Key(key.to_owned()));
                }
                let dashes: Vec<usize> = tokens
                    .dashes
                    .iter()
                    .copied()
                    .filter(|&d| d < key_column)
                    .collect();
                self.enter(Node::Key(key_column), &dashes);
            }
            Node::Item(dash) => {
                let dashes: Vec<usize> = tokens
                    .dashes
                    .iter()
                    .copied()
                    .filter(|&d| d <= dash)
                    .collect();
                self.enter(Node::Item(dash), &dashes);
            }
        }
        false
    }

    /// Fills in the pending list index with the markers counted above it.
    fn close_list(&mut self) {
        if let Some(at) = self.pending_index.take()
            && let Some(segment) = self.segments.get_mut(at)
        {
            *segment = PathSegment::Index(self.earlier_items);
        }
        self.earlier_items = 0;
    }
}

/// The cursor's place inside a flow collection written on one line.
#[derive(Debug, Default)]
struct Flow {
    /// Path segments below the collection's key, outermost first.
    path: Vec<PathSegment>,
    /// `Some(present keys)` when the cursor writes a key of a flow mapping.
    key_present: Option<Vec<String>>,
    /// The other items of the flow list the cursor writes an item of.
    siblings: Vec<String>,
    /// The partial word, as offsets into the value text.
    word: Span,
    /// Whether the innermost open collection is a mapping.
    in_map: bool,
}

/// One open flow collection while reading a value left to right.
struct Frame {
    is_map: bool,
    /// For lists, the current item's index.
    index: usize,
    /// Where the current item or key starts.
    token_start: usize,
    /// For mappings, the current entry's key once its `:` is read.
    key: Option<String>,
    /// Finished items (lists) or keys (mappings).
    done: Vec<String>,
}

impl Frame {
    /// Records the token that ends at `end` as finished.
    fn finish_token(&mut self, value: &str, end: usize) {
        let token = value
            .get(self.token_start.min(end)..end)
            .map(|t| unquote(t.trim()))
            .filter(|t| !t.is_empty());
        if let Some(token) = token
            && !(self.is_map && self.key.is_some())
        {
            self.done.push(token.to_owned());
        }
    }
}

/// Reads a flow value (`[a, b, c]`, `{name: x, value: y}`, nested) and reports where `at` (an
/// offset into `value`) falls.
fn read_flow(value: &str, at: usize) -> Flow {
    let mut frames: Vec<Frame> = Vec::new();
    let mut found: Option<(Flow, usize)> = None;
    let mut quote: Option<char> = None;
    let mut chars = value.char_indices().peekable();
    loop {
        let next = chars.next();
        let position = next.map_or(value.len(), |(i, _)| i);
        if found.is_none() && position >= at && quote.is_none() {
            found = Some((snapshot(&frames, value, at), frames.len()));
        }
        let Some((i, c)) = next else { break };
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '{' => frames.push(Frame {
                is_map: c == '{',
                index: 0,
                token_start: i + 1,
                key: None,
                done: Vec::new(),
            }),
            ']' | '}' => {
                if let Some(frame) = frames.last_mut() {
                    frame.finish_token(value, i);
                }
                if let Some((flow, depth)) = &mut found
                    && frames.len() == *depth
                {
                    let done = frames.pop().map(|f| f.done).unwrap_or_default();
                    flow.siblings = done;
                    break;
                }
                frames.pop();
                if frames.is_empty() {
                    break;
                }
            }
            ',' => {
                if let Some(frame) = frames.last_mut() {
                    frame.finish_token(value, i);
                    frame.key = None;
                    frame.index += 1;
                    frame.token_start = i + 1;
                }
            }
            ':' if matches!(chars.peek(), None | Some((_, ' ' | ',' | '}' | ']'))) => {
                if let Some(frame) = frames.last_mut()
                    && frame.is_map
                    && frame.key.is_none()
                {
                    frame.finish_token(value, i);
                    let key = value.get(frame.token_start..i).map(|k| unquote(k.trim()));
                    frame.key = Some(key.unwrap_or_default().to_owned());
                    frame.token_start = i + 1;
                }
            }
            _ => {}
        }
    }
    let Some((mut flow, depth)) = found else {
        return Flow::default();
    };
    if flow.siblings.is_empty()
        && let Some(frame) = frames.get(depth.wrapping_sub(1))
    {
        flow.siblings = frame.done.clone();
    }
    let own = value.get(flow.word.start..flow.word.end).unwrap_or("");
    flow.siblings.retain(|s| s != own);
    match &mut flow.key_present {
        Some(present) => *present = std::mem::take(&mut flow.siblings),
        None if flow.in_map => flow.siblings.clear(),
        None => {}
    }
    flow
}

/// The place of `at` given the collections open there.
fn snapshot(frames: &[Frame], value: &str, at: usize) -> Flow {
    let mut flow = Flow {
        in_map: frames.last().is_some_and(|f| f.is_map),
        ..Flow::default()
    };
    for (depth, frame) in frames.iter().enumerate() {
        let innermost = depth + 1 == frames.len();
        if frame.is_map {
            match &frame.key {
                Some(key) => flow.path.push(PathSegment::Key(key.clone())),
                None if innermost => flow.key_present = Some(Vec::new()),
                None => {}
            }
        } else {
            flow.path.push(PathSegment::Index(frame.index));
        }
    }
    let token_start = frames.last().map_or(at, |f| f.token_start.min(at));
    let typed = value.get(token_start..at).unwrap_or("");
    let typed = typed.trim_start().trim_start_matches(['"', '\'']);
    let end = at
        + value
            .get(at..)
            .unwrap_or("")
            .chars()
            .take_while(|c| is_word(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    flow.word = Span::new(at - typed.len(), end);
    flow
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;

    /// `spec.tasks[1].name`-style path, the slot and the word under the cursor.
    fn place(marked: &str) -> String {
        let (text, offset) = test_support::cursor(marked);
        let cursor = cursor(&text, Span::new(0, text.len()), offset);
        let mut path = String::new();
        for segment in &cursor.path {
            match segment {
                PathSegment::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                PathSegment::Index(index) => path.push_str(&format!("[{index}]")),
            }
        }
        let slot = match &cursor.slot {
            Slot::Key {
                present,
                item_start,
            } => format!(
                "key{} present={present:?}",
                if *item_start { " (item start)" } else { "" }
            ),
            Slot::Value {
                siblings,
                needs_space,
                multiline,
            } => format!(
                "value{}{} siblings={siblings:?}",
                if *needs_space { " (needs space)" } else { "" },
                if *multiline { " (multiline)" } else { "" }
            ),
        };
        let word = &text[cursor.word.start..cursor.word.end];
        format!("{path} {slot} word={word:?} column={}", cursor.column)
    }

    const PIPELINE: &str = "apiVersion: tekton.dev/v1\nkind: Pipeline\nspec:\n  tasks:\n    - name: a\n      taskRef:\n        name: build\n";

    #[test]
    fn keys_typed_without_their_colon() {
        assert_eq!(
            place(&format!("{PIPELINE}    - name: b\n      tas█\n")),
            "spec.tasks[1] key present=[\"name\"] word=\"tas\" column=6"
        );
        assert_eq!(
            place(&format!("{PIPELINE}      ru█nAfter: [a]\n")),
            "spec.tasks[0] key present=[\"name\", \"taskRef\"] word=\"runAfter\" column=6"
        );
        assert_eq!(
            place("apiVersion: tekton.dev/v1\nki█\nspec: {}\n"),
            " key present=[\"apiVersion\", \"spec\"] word=\"ki\" column=0"
        );
    }

    #[test]
    fn list_items_and_blank_lines() {
        assert_eq!(
            place(&format!("{PIPELINE}    - █\n")),
            "spec.tasks[1] key (item start) present=[] word=\"\" column=6"
        );
        assert_eq!(
            place(&format!("{PIPELINE}    █\n")),
            "spec.tasks key present=[] word=\"\" column=4"
        );
        assert_eq!(
            place(&format!("{PIPELINE}      █\n      runAfter: [x]\n")),
            "spec.tasks[0] key present=[\"name\", \"runAfter\", \"taskRef\"] word=\"\" column=6"
        );
        // Compact lists: the `- ` at the key's own column.
        assert_eq!(
            place("spec:\n  steps:\n  - name: a\n  - name: b\n    █\n"),
            "spec.steps[1] key present=[\"name\"] word=\"\" column=4"
        );
        assert_eq!(
            place("spec:\n  steps:\n  - - a\n    - █\n"),
            "spec.steps[0][1] key (item start) present=[] word=\"\" column=6"
        );
    }

    #[test]
    fn values() {
        assert_eq!(
            place(&format!("{PIPELINE}      onError: co█ntinue # x\n")),
            "spec.tasks[0].onError value siblings=[] word=\"continue\" column=6"
        );
        assert_eq!(
            place(&format!("{PIPELINE}      onError:█\n")),
            "spec.tasks[0].onError value (needs space) siblings=[] word=\"\" column=6"
        );
        assert_eq!(
            place("spec:\n  params:\n    - name: x\n      type: \"st█\"\n"),
            "spec.params[0].type value siblings=[] word=\"st\" column=6"
        );
    }

    #[test]
    fn flow_collections() {
        assert_eq!(
            place(&format!("{PIPELINE}    - name: b\n      runAfter: [█\n")),
            "spec.tasks[1].runAfter[0] value siblings=[] word=\"\" column=6"
        );
        assert_eq!(
            place(&format!(
                "{PIPELINE}    - name: b\n      runAfter: [a, █, c]\n"
            )),
            "spec.tasks[1].runAfter[1] value siblings=[\"a\", \"c\"] word=\"\" column=6"
        );
        assert_eq!(
            place(&format!(
                "{PIPELINE}    - name: b\n      runAfter: [\"a\", b█x]\n"
            )),
            "spec.tasks[1].runAfter[1] value siblings=[\"a\"] word=\"bx\" column=6"
        );
        assert_eq!(
            place("spec:\n  taskRef: {name: x, ki█}\n"),
            "spec.taskRef key present=[\"name\"] word=\"ki\" column=2"
        );
        assert_eq!(
            place("spec:\n  taskRef: {name: x, kind: T█}\n"),
            "spec.taskRef.kind value siblings=[] word=\"T\" column=2"
        );
    }

    #[test]
    fn block_scalars_and_variables() {
        assert_eq!(
            place("spec:\n  steps:\n    - name: a\n      script: |\n        echo $(params.█\n"),
            "spec.steps[0].script value (multiline) siblings=[] word=\"\" column=8"
        );
        assert_eq!(
            place(
                "spec:\n  steps:\n    - name: a\n      script: |\n        echo \"a: $(params.█\n"
            ),
            "spec.steps[0].script value (multiline) siblings=[] word=\"\" column=8"
        );
    }

    #[test]
    fn documents_tabs_and_text_before_the_cursor() {
        assert_eq!(
            place("kind: Task\n---\nkind: Pipeline\nspec:\n  █\n"),
            "spec key present=[] word=\"\" column=2"
        );
        assert_eq!(place("█"), " key present=[] word=\"\" column=0");
        assert_eq!(
            place("spec:\n\tsteps:\n\t  - name: a\n\t    ima█\n"),
            "spec.steps[0] key present=[\"name\"] word=\"ima\" column=5"
        );
        assert_eq!(
            place("metadata:\n  annotations:\n    note: \"é ü — ✓\"\n  █\n"),
            "metadata key present=[\"annotations\"] word=\"\" column=2"
        );
        assert_eq!(
            place("metadata:\n  name: \"é █ü\"\n"),
            "metadata.name value siblings=[] word=\"é ü\" column=2"
        );
        // After the closing quote the value is complete.
        assert_eq!(
            place("metadata:\n  name: \"é ü\"█\n"),
            "metadata.name value siblings=[] word=\"\" column=2"
        );
    }
}
