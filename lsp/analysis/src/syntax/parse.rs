//! tree-sitter-yaml → span tree.
//!
//! The text is split at document markers (`---` at column 0 ends any scalar, so the split is
//! exact) and each document is parsed alone: a document tree-sitter cannot make sense of does
//! not take its neighbours down with it. When a document's parse collapses to a bare `ERROR`
//! root (e.g. `a: b: c` on the first line), the lines of the error are blanked and the document
//! is parsed again, so the rest of it survives; offsets stay valid because only bytes inside
//! lines are replaced by spaces.

use std::cell::RefCell;
use std::sync::LazyLock;

use tree_sitter::{Node as TsNode, Parser};

use super::build::Builder;
use super::strict;
use super::tree::{
    Comment, Entry, Node, NodeId, NodeKind, ScalarStyle, SyntaxError, SyntaxTree, YamlDocument,
};
use crate::Span;

/// Deeper nesting than this is reported as an error instead of lowered; it bounds the
/// recursion of every later pass (JSON conversion, validation).
pub const MAX_DEPTH: usize = 200;

/// The longest document parsed (tree-sitter-yaml's scanner counts rows in an `i16`).
const MAX_LINES: usize = 32_000;

/// The deepest column at which block structure may start. tree-sitter-yaml's scanner keeps one
/// indentation level per nested block collection (at most two per column) in a 1 KiB state and
/// aborts the process past about 250 levels; 100 columns keeps well below that and far above
/// any real document (block scalar text is exempt: it opens no levels).
const MAX_BLOCK_COLUMN: usize = 100;

/// How many extra parses repairing one collapsed document may cost.
const MAX_REPARSES: usize = 8;

/// The grammar's node kinds this module tells apart, looked up by kind id: comparing names
/// would cost a `strlen` and a UTF-8 check per node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Stream,
    Document,
    BlockNode,
    FlowNode,
    PlainScalar,
    SingleQuoteScalar,
    DoubleQuoteScalar,
    BlockScalar,
    BlockMapping,
    FlowMapping,
    BlockMappingPair,
    FlowPair,
    BlockSequence,
    FlowSequence,
    BlockSequenceItem,
    Alias,
    Anchor,
    Tag,
    Comment,
    /// `[`, `{`, `"` or `'` as a bare token (unclosed, inside an error).
    Opener,
    Other,
}

static KINDS: LazyLock<Vec<Kind>> = LazyLock::new(|| {
    let language: tree_sitter::Language = tree_sitter_yaml::LANGUAGE.into();
    (0..language.node_kind_count() as u16)
        .map(|id| match language.node_kind_for_id(id).unwrap_or("") {
            "stream" => Kind::Stream,
            "document" => Kind::Document,
            "block_node" => Kind::BlockNode,
            "flow_node" => Kind::FlowNode,
            "plain_scalar" => Kind::PlainScalar,
            "single_quote_scalar" => Kind::SingleQuoteScalar,
            "double_quote_scalar" => Kind::DoubleQuoteScalar,
            "block_scalar" => Kind::BlockScalar,
            "block_mapping" => Kind::BlockMapping,
            "flow_mapping" => Kind::FlowMapping,
            "block_mapping_pair" => Kind::BlockMappingPair,
            "flow_pair" => Kind::FlowPair,
            "block_sequence" => Kind::BlockSequence,
            "flow_sequence" => Kind::FlowSequence,
            "block_sequence_item" => Kind::BlockSequenceItem,
            "alias" => Kind::Alias,
            "anchor" => Kind::Anchor,
            "tag" => Kind::Tag,
            "comment" => Kind::Comment,
            "[" | "{" | "\"" | "'" if !language.node_kind_is_named(id) => Kind::Opener,
            _ => Kind::Other,
        })
        .collect()
});

fn kind(node: TsNode) -> Kind {
    KINDS
        .get(usize::from(node.kind_id()))
        .copied()
        .unwrap_or(Kind::Other)
}

thread_local! {
    // A parser per thread: creating one allocates, and analysis runs once per keystroke.
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parses a YAML stream. Never fails: what is not valid YAML becomes [`SyntaxError`]s and the
/// rest of the tree is kept.
///
/// Each document is read by the strict fast path ([`super::strict`]) when it is well-formed,
/// and by tree-sitter otherwise; both build the same tree for a valid document.
pub fn parse(text: &str) -> SyntaxTree {
    parse_with(text, Parsers::Both).unwrap_or_default()
}

/// Parses with tree-sitter alone: the reference the fast path is tested against.
pub fn parse_with_tree_sitter(text: &str) -> SyntaxTree {
    parse_with(text, Parsers::TreeSitter).unwrap_or_default()
}

/// Parses with the fast path alone: `None` when any document would go to tree-sitter. For
/// tests and benchmarks.
pub fn parse_strict(text: &str) -> Option<SyntaxTree> {
    parse_with(text, Parsers::FastPath)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parsers {
    Both,
    TreeSitter,
    FastPath,
}

fn parse_with(text: &str, parsers: Parsers) -> Option<SyntaxTree> {
    let mut tree = SyntaxTree::default();
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        for chunk in split_documents(text) {
            if parsers != Parsers::TreeSitter && fast_path_reads(text, chunk, &mut tree) {
                continue;
            }
            if parsers == Parsers::FastPath {
                return None;
            }
            let parser = slot.get_or_insert_with(new_parser);
            parse_document(parser, text, chunk, &mut tree);
        }
        Some(tree)
    })
}

/// Whether the fast path read the document (into `tree`). Lines too deep for tree-sitter's
/// scanner are left to its path, which reports them, so that a text gets the same report
/// whichever parser would have read it.
fn fast_path_reads(text: &str, chunk: Span, tree: &mut SyntaxTree) -> bool {
    let within_limits = limit_indentation(&text[chunk.start..chunk.end], &mut Vec::new()).is_none();
    within_limits && strict::parse_document(text, chunk, tree)
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    // The grammar is compiled in with a matching ABI; failing here would be a build defect that
    // every test exposes, and then the parser simply yields no tree (handled below).
    let _ = parser.set_language(&tree_sitter_yaml::LANGUAGE.into());
    parser
}

/// Byte ranges of the documents: each starts at a `---` line (or the text start) and runs to
/// the next one.
fn split_documents(text: &str) -> Vec<Span> {
    let mut starts = vec![0];
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if line_start > 0 && is_document_start(line) {
            starts.push(line_start);
        }
        line_start += line.len();
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| Span::new(start, starts.get(i + 1).copied().unwrap_or(text.len())))
        .collect()
}

fn is_document_start(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

fn parse_document(parser: &mut Parser, text: &str, chunk: Span, tree: &mut SyntaxTree) {
    let source = &text[chunk.start..chunk.end];
    // The grammar's scanner keeps rows in 16 bits: past that it loses its place.
    if source.lines().nth(MAX_LINES).is_some() {
        tree.errors.push(SyntaxError {
            span: Span::new(chunk.start, chunk.start + source.find('\n').unwrap_or(0)),
            message: format!("documents longer than {MAX_LINES} lines are not analysed"),
        });
        tree.documents.push(YamlDocument {
            span: chunk,
            root: None,
        });
        return;
    }
    let mut repair_errors = Vec::new();
    // The scanner aborts the process when its indentation stack outgrows its state buffer, so
    // over-deep lines never reach it.
    let mut repaired: Option<String> = limit_indentation(source, &mut repair_errors);
    let mut reparses = 0;
    let mut gave_up = false;
    let ts_tree = 'parse: loop {
        let current = repaired.as_deref().unwrap_or(source);
        let Some(ts_tree) = parser.parse(current, None) else {
            return;
        };
        let root = ts_tree.root_node();
        if kind(root) == Kind::Stream || reparses >= MAX_REPARSES {
            break ts_tree;
        }
        // The whole document collapsed into an error. Blank the line most likely at fault and
        // keep the first repair after which the document parses.
        for line in suspect_lines(current, root) {
            let candidate = blank_lines(current, line);
            reparses += 1;
            let parses = parser
                .parse(&candidate, None)
                .is_some_and(|t| kind(t.root_node()) == Kind::Stream);
            if parses {
                repair_errors.push(Repair {
                    span: line,
                    message: None,
                });
                repaired = Some(candidate);
                continue 'parse;
            }
            if reparses >= MAX_REPARSES {
                break;
            }
        }
        // No single line fixes it: report the document once, at a tab-indented line if there
        // is one (the most common cause), else where the error starts.
        gave_up = true;
        repair_errors.push(match tab_indented_line(current) {
            Some(line) => Repair {
                span: line,
                message: Some(TABS),
            },
            None => Repair {
                span: first_line_at(current, root.start_byte()),
                message: None,
            },
        });
        break ts_tree;
    };
    let mut lowerer = Lowerer {
        text,
        source: repaired.as_deref().unwrap_or(source),
        base: chunk.start,
        builder: Builder::new(tree),
    };
    let repairs: Vec<Span> = repair_errors
        .iter()
        .map(|r| Span::new(chunk.start + r.span.start, chunk.start + r.span.end))
        .collect();
    for (repair, &span) in repair_errors.iter().zip(&repairs) {
        match repair.message {
            Some(message) => lowerer.builder.tree.errors.push(SyntaxError {
                span,
                message: message.to_owned(),
            }),
            None => lowerer.error_at(span, None),
        }
    }
    let first_node = lowerer.builder.tree.nodes.len();
    let root = ts_tree.root_node();
    // After giving up the tree is one `ERROR`, already reported.
    if !gave_up {
        lowerer.collect_extras(root);
    }
    let starts_with_marker = is_document_start(source);
    // Normally one `document`; several when `...` ends one without a following `---`.
    let mut documents = Vec::new();
    let mut cursor = root.walk();
    for child in root.children(&mut cursor) {
        if kind(child) == Kind::Document {
            documents.push(child);
        }
    }
    // A document given up on still counts, so later documents keep their positions.
    if documents.is_empty() && (starts_with_marker || gave_up) {
        lowerer.builder.tree.documents.push(YamlDocument {
            span: chunk,
            root: None,
        });
    }
    let single = documents.len() == 1;
    for document in documents {
        let content = {
            let mut cursor = document.walk();
            document
                .children(&mut cursor)
                .find(|&c| matches!(kind(c), Kind::BlockNode | Kind::FlowNode))
        };
        let root = content.and_then(|c| lowerer.lower(c, 0));
        // A lone document owns its whole chunk: leading comments and its `---` included.
        let span = if single {
            chunk
        } else {
            lowerer.span(document)
        };
        lowerer
            .builder
            .tree
            .documents
            .push(YamlDocument { span, root });
        lowerer.builder.end_document();
    }
    mark_repaired(
        text,
        &mut lowerer.builder.tree.nodes[first_node..],
        &repairs,
    );
}

/// A blanked line and, when the generic syntax-error message would mislead, why.
struct Repair {
    span: Span,
    message: Option<&'static str>,
}

const TABS: &str = "syntax error: tabs cannot indent YAML";

/// The first line indented with a tab, as the span of its text.
fn tab_indented_line(text: &str) -> Option<Span> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches([' ', '\t']).len();
        if content[..indent].contains('\t') && indent < content.len() {
            return Some(Span::new(offset + indent, offset + content.len()));
        }
        offset += line.len();
    }
    None
}

/// The text of the first non-blank line at or after `offset` (or an empty span at `offset`).
fn first_line_at(text: &str, offset: usize) -> Span {
    let offset = offset.min(text.len());
    let start = offset + (text[offset..].len() - text[offset..].trim_start().len());
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Span::new(start, text[start..end].trim_end().len() + start)
}

const TOO_DEEP: &str = "block nesting deeper than 100 columns is not analysed";

/// `source` with the lines whose block structure starts right of [`MAX_BLOCK_COLUMN`] blanked,
/// each reported in `errors`; `None` (no copy) when there is none, the normal case.
fn limit_indentation(source: &str, errors: &mut Vec<Repair>) -> Option<String> {
    // The column where a line's own content starts, after indentation and `- `/`? `/`: `
    // indicators, each of which can open a level.
    let structure_column = |line: &str| {
        let mut rest = line.trim_start_matches([' ', '\t']);
        while let Some(after) = ["- ", "? ", ": "]
            .iter()
            .find_map(|indicator| rest.strip_prefix(indicator))
        {
            rest = after.trim_start_matches([' ', '\t']);
        }
        line.len() - rest.len()
    };
    if !source
        .lines()
        .any(|line| structure_column(line) > MAX_BLOCK_COLUMN)
    {
        return None;
    }
    let mut out = String::with_capacity(source.len());
    // Indentation of the line that opened the block scalar we are in, if any.
    let mut block_scalar_parent: Option<usize> = None;
    let mut in_blanked_run = false;
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let blank = content.trim().is_empty();
        if let Some(parent) = block_scalar_parent {
            if blank || indent > parent {
                out.push_str(line);
                offset += line.len();
                continue;
            }
            block_scalar_parent = None;
        }
        if structure_column(content) > MAX_BLOCK_COLUMN {
            // One report per run of blanked lines (usually one deep subtree).
            if !in_blanked_run {
                errors.push(Repair {
                    span: Span::new(offset + indent, offset + content.len()),
                    message: Some(TOO_DEEP),
                });
            }
            in_blanked_run = true;
            out.extend(line.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
        } else {
            in_blanked_run &= blank;
            out.push_str(line);
            if opens_block_scalar(content) {
                block_scalar_parent = Some(indent);
            }
        }
        offset += line.len();
    }
    Some(out)
}

/// Whether a line ends with a block scalar header (`key: |`, `- >-`, `x: |2 # note`).
fn opens_block_scalar(line: &str) -> bool {
    let code = line.split(" #").next().unwrap_or(line).trim_end();
    let header = code.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
    (header.ends_with('|') || header.ends_with('>'))
        && header[..header.len() - 1]
            .chars()
            .next_back()
            .is_none_or(|c| c == ' ' || c == ':' || c == '-')
}

/// Lines (as spans of their text without indentation) that probably caused a collapse, most
/// likely first: the last unclosed `[`, `{` or quote, the line where parsing stopped (the last
/// token), and the first line.
fn suspect_lines(text: &str, root: TsNode) -> Vec<Span> {
    let mut offsets = Vec::new();
    let mut cursor = root.walk();
    let children: Vec<TsNode> = root.children(&mut cursor).collect();
    if let Some(opener) = children.iter().rev().find(|&&c| kind(c) == Kind::Opener) {
        offsets.push(opener.start_byte());
    }
    if let Some(last) = children.last() {
        offsets.push(last.start_byte());
    }
    if let Some(first) = children.first() {
        offsets.push(first.start_byte());
    }
    let mut lines: Vec<Span> = Vec::new();
    for offset in offsets {
        let offset = offset.min(text.len());
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let indent = text[start..end].len() - text[start..end].trim_start().len();
        let line = Span::new(start + indent, end.max(start + indent));
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    lines
}

/// Marks the mappings a blanked line belonged to as erroneous, so checks do not report what
/// the blanking removed (e.g. a "missing" key that was on that line). A mapping owns the line
/// when it reaches the content just before it and starts at or left of the line's indentation.
fn mark_repaired(text: &str, nodes: &mut [Node], repairs: &[Span]) {
    let column = |offset: usize| offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
    for repair in repairs {
        let before = text[..repair.start].trim_end().len();
        for node in nodes.iter_mut() {
            if matches!(node.kind, NodeKind::Mapping(_) | NodeKind::Sequence(_))
                && node.span.start <= repair.start
                && node.span.end >= before
                && column(node.span.start) <= column(repair.start)
            {
                node.has_error = true;
            }
        }
    }
}

/// `text` with the bytes of every line touched by `span` replaced by spaces (newlines kept).
fn blank_lines(text: &str, span: Span) -> String {
    let start = text[..span.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = text[span.end.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    // Spaces per byte keep every later offset where it was.
    out.extend(
        text[start..end]
            .bytes()
            .map(|b| if b == b'\n' { '\n' } else { ' ' }),
    );
    out.push_str(&text[end..]);
    out
}

struct Lowerer<'a> {
    /// The whole file, for spans that the tree reports relative to the chunk.
    text: &'a str,
    /// The text the chunk's tree was parsed from (the chunk, possibly repaired).
    source: &'a str,
    base: usize,
    builder: Builder<'a>,
}

impl<'a> Lowerer<'a> {
    fn span(&self, node: TsNode) -> Span {
        Span::new(self.base + node.start_byte(), self.base + node.end_byte())
    }

    fn source_of(&self, node: TsNode) -> &'a str {
        self.source
            .get(node.start_byte()..node.end_byte())
            .unwrap_or("")
    }

    fn error_at(&mut self, span: Span, expected: Option<&str>) {
        let message = match expected {
            Some(token) => format!("syntax error: missing `{token}`"),
            None => self.describe_error(span),
        };
        self.builder.tree.errors.push(SyntaxError { span, message });
    }

    /// A message naming what is wrong when the error's first token says it.
    fn describe_error(&self, span: Span) -> String {
        let text = self.text.get(span.start..span.end).unwrap_or("").trim();
        let first_line = text.lines().next().unwrap_or("");
        let count = |c: char| first_line.matches(c).count();
        match first_line.chars().next() {
            Some('"') | Some('\'') => "syntax error: unclosed quoted string".to_owned(),
            Some('\t') => "syntax error: tabs cannot indent YAML".to_owned(),
            _ if first_line.is_empty() => "syntax error: invalid YAML".to_owned(),
            // Unbalanced on its line: the usual half-typed cases, named as such.
            _ if count('"') % 2 == 1 => "syntax error: unclosed quoted string".to_owned(),
            _ if count('[') > count(']') => {
                "syntax error: unclosed flow sequence (missing `]`)".to_owned()
            }
            _ if count('{') > count('}') => {
                "syntax error: unclosed flow mapping (missing `}`)".to_owned()
            }
            _ => {
                let shown: String = first_line.chars().take(40).collect();
                let ellipsis = if shown.len() < first_line.len() {
                    "…"
                } else {
                    ""
                };
                format!("syntax error: cannot parse `{shown}{ellipsis}` here")
            }
        }
    }

    /// One pass over the tree for what lowering does not visit: comments anywhere, errors and
    /// missing tokens anywhere (an `ERROR` is reported once, not once per nested error).
    fn collect_extras(&mut self, root: TsNode) {
        let mut cursor = root.walk();
        loop {
            let node = cursor.node();
            let mut descend = node.child_count() > 0;
            if kind(node) == Kind::Comment {
                let span = self.span(node);
                let text = self.source_of(node).to_owned();
                self.builder.tree.comments.push(Comment { span, text });
            } else if node.is_error() {
                self.error_at(self.span(node), None);
                descend = false;
            } else if node.is_missing() {
                let kind = node.kind().to_owned();
                self.error_at(self.span(node), Some(&kind));
            } else if !node.has_error() && !may_hold_comment(kind(node)) {
                descend = false;
            }
            if descend && cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
            }
        }
    }

    /// Lowers a `block_node`/`flow_node` or any content node. `None` when there is nothing to
    /// lower (an `ERROR`, or nesting beyond [`MAX_DEPTH`]).
    fn lower(&mut self, node: TsNode, depth: usize) -> Option<NodeId> {
        if depth > MAX_DEPTH {
            let span = self.span(node);
            self.builder.tree.errors.push(SyntaxError {
                span: Span::new(span.start, span.start + 1),
                message: format!("nesting deeper than {MAX_DEPTH} levels is not analysed"),
            });
            return None;
        }
        match kind(node) {
            Kind::BlockNode | Kind::FlowNode => self.lower_properties(node, depth),
            Kind::PlainScalar => Some(self.lower_scalar(node, ScalarStyle::Plain)),
            Kind::SingleQuoteScalar => Some(self.lower_scalar(node, ScalarStyle::SingleQuoted)),
            Kind::DoubleQuoteScalar => Some(self.lower_scalar(node, ScalarStyle::DoubleQuoted)),
            Kind::BlockScalar => {
                let style = if self.source_of(node).starts_with('>') {
                    ScalarStyle::Folded
                } else {
                    ScalarStyle::Literal
                };
                Some(self.lower_scalar(node, style))
            }
            Kind::BlockMapping | Kind::FlowMapping => Some(self.lower_mapping(node, depth)),
            Kind::FlowPair | Kind::BlockMappingPair => {
                // A pair inside a flow sequence (`[a: b]`) is a one-entry mapping.
                let entry = self.lower_pair(node, depth);
                let kind = NodeKind::Mapping(vec![entry]);
                Some(
                    self.builder
                        .flow_collection(self.span(node), kind, node.has_error()),
                )
            }
            Kind::BlockSequence | Kind::FlowSequence => Some(self.lower_sequence(node, depth)),
            Kind::Alias => {
                // Only the first `*` is the indicator: `**a` names the anchor `*a`.
                let source = self.source_of(node);
                let name = source.strip_prefix('*').unwrap_or(source).to_owned();
                Some(self.builder.alias(self.span(node), &name))
            }
            _ => None,
        }
    }

    /// A node with optional `&anchor` and `!tag` before its content.
    fn lower_properties(&mut self, node: TsNode, depth: usize) -> Option<NodeId> {
        let mut anchor = None;
        let mut tag = None;
        let mut content = None;
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match kind(child) {
                Kind::Anchor => {
                    let source = self.source_of(child);
                    anchor = Some(source.strip_prefix('&').unwrap_or(source).to_owned());
                }
                Kind::Tag => tag = Some(self.source_of(child).to_owned()),
                Kind::Comment => {}
                _ if child.is_error() => {}
                _ => content = Some(child),
            }
        }
        let id = match content {
            Some(content) => self.lower(content, depth + 1)?,
            // `key: &a` or `key: !!str` with no content: an empty (null) scalar.
            None => self.builder.empty_scalar(self.base + node.end_byte()),
        };
        self.builder.set_properties(id, anchor, tag);
        Some(id)
    }

    fn lower_scalar(&mut self, node: TsNode, style: ScalarStyle) -> NodeId {
        let line_start = self.source[..node.start_byte()]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line_indent = self.source[line_start..]
            .bytes()
            .take_while(|&b| b == b' ')
            .count();
        let span = self.span(node);
        let source = self.source_of(node);
        self.builder
            .scalar(span, style, source, line_indent, node.has_error())
    }

    fn lower_mapping(&mut self, node: TsNode, depth: usize) -> NodeId {
        let mut entries = Vec::new();
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match kind(child) {
                Kind::BlockMappingPair | Kind::FlowPair => {
                    entries.push(self.lower_pair(child, depth));
                }
                // `{a, b}`: keys without values.
                Kind::FlowNode => {
                    let key = self.lower(child, depth + 1);
                    let span = self.span(child);
                    entries.push(self.builder.entry(span.start, key, None, span.end));
                }
                _ => {}
            }
        }
        let span = self.span(node);
        if kind(node) == Kind::BlockMapping {
            self.builder
                .block_mapping(span.start, span.end, entries, node.has_error())
        } else {
            let kind = NodeKind::Mapping(entries);
            self.builder.flow_collection(span, kind, node.has_error())
        }
    }

    fn lower_pair(&mut self, pair: TsNode, depth: usize) -> Entry {
        let key = pair
            .child_by_field_name("key")
            .and_then(|k| self.lower(k, depth + 1));
        let value = pair
            .child_by_field_name("value")
            .and_then(|v| self.lower(v, depth + 1));
        let span = self.span(pair);
        self.builder.entry(span.start, key, value, span.end)
    }

    fn lower_sequence(&mut self, node: TsNode, depth: usize) -> NodeId {
        let mut items = Vec::new();
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            let item = match kind(child) {
                Kind::BlockSequenceItem => {
                    let mut item_cursor = child.walk();
                    let content = child
                        .named_children(&mut item_cursor)
                        .find(|&c| matches!(kind(c), Kind::BlockNode | Kind::FlowNode));
                    match content {
                        Some(content) => self.lower(content, depth + 1),
                        // `-` alone is a null item.
                        None => Some(self.builder.empty_scalar(self.base + child.end_byte())),
                    }
                }
                Kind::FlowNode | Kind::FlowPair => self.lower(child, depth + 1),
                _ => None,
            };
            items.extend(item);
        }
        let span = self.span(node);
        if kind(node) == Kind::BlockSequence {
            self.builder
                .block_sequence(span.start, span.end, items, node.has_error())
        } else {
            let kind = NodeKind::Sequence(items);
            self.builder.flow_collection(span, kind, node.has_error())
        }
    }
}

/// Node kinds under which tree-sitter can attach a comment (as an extra child).
fn may_hold_comment(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Stream
            | Kind::Document
            | Kind::BlockNode
            | Kind::FlowNode
            | Kind::BlockMapping
            | Kind::BlockMappingPair
            | Kind::FlowMapping
            | Kind::FlowPair
            | Kind::BlockSequence
            | Kind::BlockSequenceItem
            | Kind::FlowSequence
            | Kind::BlockScalar
    )
}
