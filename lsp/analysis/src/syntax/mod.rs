//! YAML syntax: parsing (a strict fast path, tree-sitter for the rest) into our span tree, and the views on that tree that
//! later passes need (JSON values, path and offset lookups).

mod build;
mod json;
mod lookup;
mod parse;
pub mod scalar;
mod strict;
mod tree;

pub use json::{JsonConversion, JsonError, to_json};
pub use lookup::{CursorPath, Located, PathSegment};
pub use parse::{MAX_DEPTH, parse, parse_strict, parse_with_tree_sitter};
pub use tree::{
    Comment, Entry, Node, NodeId, NodeKind, Resolved, Scalar, ScalarStyle, SyntaxError, SyntaxTree,
    YamlDocument,
};
