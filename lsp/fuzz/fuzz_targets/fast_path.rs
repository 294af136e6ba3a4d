//! The parser's fast path against tree-sitter: whenever the fast path reads a text, its tree
//! must be the one the tree-sitter lowering builds (`Debug` compares every node, span, value,
//! comment and document; it also prints a NaN the same way twice, which `==` would not equal).

#![no_main]

use libfuzzer_sys::fuzz_target;
use tekton_analysis::syntax::{parse_strict, parse_with_tree_sitter};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(fast) = parse_strict(text) {
        let reference = parse_with_tree_sitter(text);
        assert_eq!(format!("{fast:#?}"), format!("{reference:#?}"), "{text:?}");
    }
});
