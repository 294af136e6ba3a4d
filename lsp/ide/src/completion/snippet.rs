//! Snippet text: escaping, and blocks of YAML lines laid out at the cursor's column.

/// `text` as literal snippet text (`$`, `}` and `\` escaped).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The text a snippet inserts, for clients that cannot take snippets: tab stops (`$1`, `${2}`)
/// dropped, placeholders (`${1:x}`) replaced by their text, escapes undone.
pub fn plain_text(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut open_placeholders = 0usize;
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.next_if(char::is_ascii_digit).is_some() {}
            }
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.next_if(char::is_ascii_digit).is_some() {}
                chars.next_if_eq(&':');
                open_placeholders += 1;
            }
            '}' if open_placeholders > 0 => open_placeholders -= 1,
            c => out.push(c),
        }
    }
    out
}

/// YAML lines (indented relative to each other) to insert at a cursor in `column`. With `dash`,
/// the cursor is where a list item's `- ` goes, and the lines become that item.
pub(crate) fn block(lines: &[String], column: usize, dash: bool) -> String {
    let (first_prefix, indent) = if dash {
        ("- ", column + 2)
    } else {
        ("", column)
    };
    let mut out = String::from(first_prefix);
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&" ".repeat(indent));
            }
        }
        out.push_str(line);
    }
    out
}

/// A YAML scalar for `text`: plain when that reads back as the same string, else double-quoted.
pub(crate) fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| c.is_whitespace() || "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !text.ends_with(char::is_whitespace)
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.contains('\n')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
        )
        && text.parse::<f64>().is_err();
    if plain {
        return text.to_owned();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_scalars() {
        let lines = ["name: a".to_owned(), "image: b".to_owned()];
        assert_eq!(block(&lines, 6, false), "name: a\n      image: b");
        assert_eq!(block(&lines, 4, true), "- name: a\n      image: b");
        assert_eq!(escape("$(params.x)}"), "\\$(params.x)\\}");
        assert_eq!(scalar("main"), "main");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("1.0"), "\"1.0\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(
            plain_text("name: ${1:step}\n  script: |\n    $0 \\$(x) ${2:{a: \\}} ${3}"),
            "name: step\n  script: |\n     $(x) {a: } "
        );
    }
}
