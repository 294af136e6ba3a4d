//! A file's structure for the editor: document symbols (per `---` document: its params,
//! workspaces, results, steps, tasks and finally tasks), folding ranges and selection ranges.

use tekton_analysis::rules::view::View;
use tekton_analysis::syntax::{NodeId, NodeKind, SyntaxTree};
use tekton_analysis::{DocumentKind, FileAnalysis, Span};

/// One entry of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: OutlineKind,
    /// Everything the symbol covers.
    pub span: Span,
    /// Its name, within `span`.
    pub selection: Span,
    pub children: Vec<DocumentSymbol>,
}

/// What an outline entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutlineKind {
    /// A Tekton document (Task, Pipeline, run, StepAction).
    Document,
    /// Another Kubernetes object, or a document that is not one.
    Other,
    /// A list heading: `params`, `steps`, `tasks`, `finally`, ...
    List,
    Param,
    Result,
    Workspace,
    Step,
    PipelineTask,
}

/// The outline of a file: one entry per `---` document.
pub fn document_symbols(analysis: &FileAnalysis) -> Vec<DocumentSymbol> {
    let tree = &analysis.syntax;
    analysis
        .documents
        .iter()
        .filter_map(|document| {
            let root = View::new(tree, document.root?);
            let (name, kind) = match &document.kind {
                DocumentKind::Tekton { kind, .. } => {
                    (kind.as_str().to_owned(), OutlineKind::Document)
                }
                DocumentKind::OtherKubernetes { kind, .. } => (kind.clone(), OutlineKind::Other),
                DocumentKind::NotKubernetes => ("document".to_owned(), OutlineKind::Other),
            };
            let metadata_name = root.get("metadata").and_then(|m| m.get("name"));
            let label = match metadata_name.and_then(View::str) {
                Some(object) => format!("{name} {object}"),
                None => name,
            };
            let span = root.span();
            let selection = metadata_name.map_or_else(|| root.head_span(), View::span);
            let children = match (&document.kind, root.get("spec")) {
                (DocumentKind::Tekton { .. }, Some(spec)) => spec_children(spec),
                _ => Vec::new(),
            };
            Some(DocumentSymbol {
                name: label,
                detail: None,
                kind,
                span,
                selection,
                children,
            })
        })
        .collect()
}

/// The lists of a spec (or of an inline spec below it), each with its named items.
fn spec_children(spec: View<'_>) -> Vec<DocumentSymbol> {
    let lists: [(&str, OutlineKind); 7] = [
        ("params", OutlineKind::Param),
        ("workspaces", OutlineKind::Workspace),
        ("results", OutlineKind::Result),
        ("steps", OutlineKind::Step),
        ("sidecars", OutlineKind::Step),
        ("tasks", OutlineKind::PipelineTask),
        ("finally", OutlineKind::PipelineTask),
    ];
    let mut out = Vec::new();
    for (key, kind) in lists {
        let Some(list) = spec.get(key).filter(|l| l.is_seq()) else {
            continue;
        };
        let items: Vec<DocumentSymbol> = list
            .items()
            .enumerate()
            .map(|(index, item)| item_symbol(item, index, kind))
            .collect();
        out.push(DocumentSymbol {
            name: key.to_owned(),
            detail: Some(format!("{}", items.len())),
            kind: OutlineKind::List,
            span: list.key_span().cover(list.span()),
            selection: list.key_span(),
            children: items,
        });
    }
    for inline in ["taskSpec", "pipelineSpec"] {
        if let Some(nested) = spec.get(inline).filter(|s| s.is_map()) {
            out.extend(spec_children(nested));
        }
    }
    out
}

fn item_symbol(item: View<'_>, index: usize, kind: OutlineKind) -> DocumentSymbol {
    let name = item.get("name");
    let label = name
        .and_then(View::str)
        .map_or_else(|| format!("#{}", index + 1), str::to_owned);
    let detail = match kind {
        OutlineKind::Param => Some(
            item.get("type")
                .and_then(View::str)
                .unwrap_or("string")
                .to_owned(),
        ),
        OutlineKind::Step => item.get("image").and_then(View::str).map(str::to_owned),
        OutlineKind::PipelineTask => item
            .get("taskRef")
            .and_then(|r| r.get("name"))
            .and_then(View::str)
            .map(|task| format!("→ {task}")),
        _ => None,
    };
    let children = match kind {
        OutlineKind::PipelineTask | OutlineKind::Step => item
            .get("taskSpec")
            .filter(|s| s.is_map())
            .map(spec_children)
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    DocumentSymbol {
        name: label,
        detail,
        kind,
        span: item.span(),
        selection: name.map_or_else(|| item.head_span(), View::span),
        children,
    }
}

/// A range the editor may fold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoldingRange {
    /// From the start of its first line's content to the end of its last line's content.
    pub span: Span,
    pub kind: FoldKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    /// A mapping, list, block scalar or document.
    Region,
    /// Consecutive comment lines.
    Comment,
}

/// Every block of more than one line: mappings and lists (from their key), block scalars,
/// documents, runs of comment lines. The server turns spans into lines.
pub fn folding_ranges(analysis: &FileAnalysis) -> Vec<FoldingRange> {
    let tree = &analysis.syntax;
    let text = analysis.text.as_str();
    let mut out = Vec::new();
    let multi_line = |span: Span| {
        text.get(span.start..span.end)
            .is_some_and(|t| t.contains('\n'))
    };
    for document in &analysis.documents {
        let Some(root) = document.root else { continue };
        let span = tree.node(root).span;
        if multi_line(span) {
            out.push(FoldingRange {
                span,
                kind: FoldKind::Region,
            });
        }
        fold_node(tree, root, None, &multi_line, &mut out);
    }
    let comments = tree.comments();
    let mut index = 0;
    while index < comments.len() {
        let start = comments[index].span;
        let mut end = start;
        let mut next = index + 1;
        while let Some(comment) = comments.get(next) {
            let between = text.get(end.end..comment.span.start).unwrap_or("x");
            if between.trim().is_empty() && between.matches('\n').count() == 1 {
                end = comment.span;
                next += 1;
            } else {
                break;
            }
        }
        if next - index > 1 {
            out.push(FoldingRange {
                span: start.cover(end),
                kind: FoldKind::Comment,
            });
        }
        index = next;
    }
    out.sort_by_key(|range| (range.span.start, std::cmp::Reverse(range.span.end)));
    out.dedup();
    out
}

fn fold_node(
    tree: &SyntaxTree,
    id: NodeId,
    key: Option<Span>,
    multi_line: &dyn Fn(Span) -> bool,
    out: &mut Vec<FoldingRange>,
) {
    let node = tree.node(id);
    let span = key.map_or(node.span, |key| key.cover(node.span));
    match &node.kind {
        NodeKind::Mapping(entries) => {
            if key.is_some() && multi_line(span) {
                out.push(FoldingRange {
                    span,
                    kind: FoldKind::Region,
                });
            }
            for entry in entries {
                if let Some(value) = entry.value {
                    let key = entry.key.map(|k| tree.node(k).span);
                    fold_node(tree, value, key, multi_line, out);
                }
            }
        }
        NodeKind::Sequence(items) => {
            if multi_line(span) {
                out.push(FoldingRange {
                    span,
                    kind: FoldKind::Region,
                });
            }
            for &item in items {
                fold_node(tree, item, None, multi_line, out);
            }
        }
        NodeKind::Scalar(_) => {
            if key.is_some() && multi_line(span) {
                out.push(FoldingRange {
                    span,
                    kind: FoldKind::Region,
                });
            }
        }
        NodeKind::Alias { .. } => {}
    }
}

/// For each offset, the spans that contain it, innermost first: the `$(...)` name and the
/// reference it is in, the scalar, its `key: value` entry, the enclosing mappings and list
/// items, the document.
pub fn selection_ranges(analysis: &FileAnalysis, offsets: &[usize]) -> Vec<Vec<Span>> {
    offsets
        .iter()
        .map(|&offset| selection_chain(analysis, offset))
        .collect()
}

fn selection_chain(analysis: &FileAnalysis, offset: usize) -> Vec<Span> {
    let tree = &analysis.syntax;
    let mut outer_first: Vec<Span> = Vec::new();
    let Some(document) = analysis
        .documents
        .iter()
        .rev()
        .find(|d| d.span.start <= offset)
    else {
        return vec![Span::at(offset)];
    };
    let Some(mut id) = document.root else {
        return vec![Span::at(offset)];
    };
    loop {
        let node = tree.node(id);
        if !node.span.touches(offset) {
            break;
        }
        outer_first.push(node.span);
        match &node.kind {
            NodeKind::Mapping(entries) => {
                let Some(entry) = entries.iter().find(|e| e.span.touches(offset)) else {
                    break;
                };
                outer_first.push(entry.span);
                let on_key = entry.key.filter(|&k| tree.node(k).span.touches(offset));
                match (on_key, entry.value) {
                    (Some(key), _) => {
                        outer_first.push(tree.node(key).span);
                        break;
                    }
                    (None, Some(value)) => id = value,
                    (None, None) => break,
                }
            }
            NodeKind::Sequence(items) => {
                let Some(&item) = items.iter().find(|&&i| tree.node(i).span.touches(offset)) else {
                    break;
                };
                id = item;
            }
            NodeKind::Scalar(scalar) => {
                let view = View::new(tree, id);
                for reference in tekton_analysis::variables::references(&scalar.value) {
                    let whole = view.sub_span(&analysis.text, reference.range.clone());
                    if whole.touches(offset) {
                        outer_first.push(whole);
                        let body = reference.range.start + 2..reference.range.end.saturating_sub(1);
                        let inner = view.sub_span(&analysis.text, body);
                        if inner.touches(offset) && inner != whole {
                            outer_first.push(inner);
                        }
                    }
                }
                break;
            }
            NodeKind::Alias { .. } => break,
        }
    }
    let mut chain: Vec<Span> = Vec::new();
    for span in outer_first.into_iter().rev() {
        if chain.last() != Some(&span)
            && chain.last().is_none_or(|inner| span.contains_span(*inner))
        {
            chain.push(span);
        }
    }
    if chain.last() != Some(&document.span) {
        chain.push(document.span);
    }
    chain
}
