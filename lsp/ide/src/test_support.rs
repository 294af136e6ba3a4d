//! Test helpers: YAML sources with a `█` cursor marker.

/// The text without its `█` marker, and the marker's byte offset.
pub(crate) fn cursor(marked: &str) -> (String, usize) {
    let offset = marked.find('█').expect("the source has a █ cursor marker");
    (marked.replacen('█', "", 1), offset)
}
