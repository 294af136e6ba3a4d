//! The edits fixes make to block YAML: a new item at the end of a list, or the list itself when
//! the object has none, indented like the text around it.

use super::view::View;
use crate::{Span, TextEdit};

/// Adds an item to the block list `key` of the block mapping `holder`: after the list's last
/// item, indented like it, or as a new `key:` list after the mapping's last entry when the
/// mapping has no `key`. `item` holds the item's lines (`name: x`, `value: y`), the first of
/// which follows the `- `. `None` where the text is not plain block style (a flow collection,
/// an empty `key:`, tabs), since a fix must not guess.
pub(crate) fn add_list_item(
    text: &str,
    holder: View<'_>,
    key: &str,
    item: &[String],
) -> Option<TextEdit> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let (anchor, indent, header) = match holder.get(key) {
        Some(list) => {
            let last = list.items().last()?.span();
            let before = text.get(line_start(text, last.start)..last.start)?;
            let indent = before.trim_end().strip_suffix('-')?;
            (last.end, spaces(indent)?, None)
        }
        None => {
            if holder.has(key) {
                return None;
            }
            let first_key = holder.entries().next()?.1.key_span();
            let before = text.get(line_start(text, first_key.start)..first_key.start)?;
            // The mapping is a list item (`- name: x`) or a block of its own.
            if !before.bytes().all(|b| b == b' ' || b == b'-') || before.contains("--") {
                return None;
            }
            let indent = " ".repeat(before.len());
            let header = format!("{newline}{indent}{key}:");
            (holder.span().end, indent + "  ", Some(header))
        }
    };
    let mut new_text = header.unwrap_or_default();
    for (index, line) in item.iter().enumerate() {
        let marker = if index == 0 { "- " } else { "  " };
        new_text.push_str(&format!("{newline}{indent}{marker}{line}"));
    }
    Some(TextEdit {
        span: Span::at(line_end(text, anchor)),
        new_text,
    })
}

/// Removes `item` from the block list `list` with its lines, or the whole `key: list` entry
/// when it is the only item. `None` where the text is not plain block style (a flow list, an
/// item sharing a line with other content), since a fix must not guess.
pub(crate) fn remove_list_item(text: &str, list: View<'_>, item: View<'_>) -> Option<TextEdit> {
    let is_only = list.items().count() == 1;
    let item_span = item.span();
    let before_item = text.get(line_start(text, item_span.start)..item_span.start)?;
    let marker = before_item.trim_end().strip_suffix('-')?;
    spaces(marker)?;
    let (start, end) = if is_only {
        let key = list.key_span();
        let before_key = text.get(line_start(text, key.start)..key.start)?;
        // A list that is itself the value of a list item (`- params:`) is left alone.
        spaces(before_key)?;
        (line_start(text, key.start), list.span().end)
    } else {
        (line_start(text, item_span.start), item_span.end)
    };
    let end = line_end(text, end);
    // The line break after the removed lines goes too.
    let end = match text.get(end..) {
        Some(rest) if rest.starts_with("\r\n") => end + 2,
        Some(rest) if rest.starts_with('\n') => end + 1,
        _ => end,
    };
    Some(TextEdit {
        span: Span::new(start, end),
        new_text: String::new(),
    })
}

pub(crate) fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// The end of the line holding `offset`, before its line break.
pub(crate) fn line_end(text: &str, offset: usize) -> usize {
    let end = text
        .get(offset..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| offset + i);
    if end > offset && text.as_bytes().get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}

/// `indent` when it is spaces only.
fn spaces(indent: &str) -> Option<String> {
    indent.bytes().all(|b| b == b' ').then(|| indent.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    fn add(text: &str, path: &[&str]) -> Option<String> {
        let tree = syntax::parse(text);
        let root = tree.documents().first()?.root?;
        let mut holder = View::new(&tree, root);
        for key in path {
            holder = match key.parse::<usize>() {
                Ok(index) => holder.items().nth(index)?,
                Err(_) => holder.get(key)?,
            };
        }
        let item = ["name: x".to_owned(), "value: \"\"".to_owned()];
        let edit = add_list_item(text, holder, "params", &item)?;
        let mut out = text.to_owned();
        out.replace_range(edit.span.start..edit.span.end, &edit.new_text);
        Some(out)
    }

    fn remove(text: &str, index: usize) -> Option<String> {
        let tree = syntax::parse(text);
        let root = tree.documents().first()?.root?;
        let list = View::new(&tree, root).get("runAfter")?;
        let edit = remove_list_item(text, list, list.items().nth(index)?)?;
        let mut out = text.to_owned();
        out.replace_range(edit.span.start..edit.span.end, &edit.new_text);
        Some(out)
    }

    #[test]
    fn items_are_removed_with_their_lines_and_a_last_one_with_its_key() {
        let text = "name: t\nrunAfter:\n  - a\n  - b # why\nparams: []\n";
        assert_eq!(
            remove(text, 1).as_deref(),
            Some("name: t\nrunAfter:\n  - a\nparams: []\n")
        );
        let single = "name: t\nrunAfter:\n  - a\nparams: []\n";
        assert_eq!(remove(single, 0).as_deref(), Some("name: t\nparams: []\n"));
        assert_eq!(remove("runAfter:\n  - a", 0).as_deref(), Some(""));
        // Flow style is left alone.
        assert_eq!(remove("runAfter: [a, b]\n", 0), None);
    }

    #[test]
    fn items_go_after_the_last_one_or_into_a_new_list() {
        assert_eq!(
            add(
                "spec:\n  params:\n    - name: a\n      value: b\n  steps: []\n",
                &["spec"]
            )
            .as_deref(),
            Some(
                "spec:\n  params:\n    - name: a\n      value: b\n    - name: x\n      value: \"\"\n  steps: []\n"
            )
        );
        assert_eq!(
            add(
                "tasks:\n  - name: t\n    taskRef:\n      name: build\n",
                &["tasks", "0"]
            )
            .as_deref(),
            Some(
                "tasks:\n  - name: t\n    taskRef:\n      name: build\n    params:\n      - name: x\n        value: \"\"\n"
            )
        );
        assert_eq!(
            add("spec:\r\n  taskRef: {name: b}\r\n", &["spec"]).as_deref(),
            Some(
                "spec:\r\n  taskRef: {name: b}\r\n  params:\r\n    - name: x\r\n      value: \"\"\r\n"
            )
        );
        // Flow style is left alone.
        assert_eq!(add("spec: {params: [{name: a}]}\n", &["spec"]), None);
        assert_eq!(add("spec: {taskRef: {name: b}}\n", &["spec"]), None);
    }
}
