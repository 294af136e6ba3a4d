//! 10,000 rapid random edits (characters inserted and deleted anywhere in a real catalog
//! pipeline) with completion and hover requests interleaved: the server answers every request
//! (from the right text: checked every 50 edits) throughout, its final diagnostics are a fresh
//! `check`'s, and its memory stops growing.

use serde_json::{Value, json};
use tekton_analysis::{Encoding, LineIndex};

use crate::fixtures::{check_report, comparable, reported_by_check};
use crate::harness::{Setup, TestServer};

const EDITS: usize = 10_000;
/// A completion or hover request is sent every this many edits.
const ASK_EVERY: usize = 5;
/// The server's text is compared with the client's, and every answer awaited, every this many
/// edits.
const PROBE_EVERY: usize = 50;
/// Memory is sampled at each quarter of the run.
const SAMPLES: usize = 4;

/// Characters inserted: YAML structure, `$(...)` references, non-ASCII (one and two UTF-16
/// units), tabs and line breaks.
const ALPHABET: &[char] = &[
    'a', 'e', 'k', 'n', 's', 't', '-', ':', ' ', ' ', '\n', '$', '(', ')', '.', '"', '[', ']', '{',
    '}', '#', '\t', 'é', '😀', '0',
];

/// A small deterministic generator (xorshift), so a failure reproduces.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound.max(1) as u64) as usize
    }
}

/// The process's resident memory in KiB (the server runs in-process).
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line")
}

/// The offset of every character of `text`, and its end.
fn boundaries_of(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(offset, _)| offset)
        .chain([text.len()])
        .collect()
}

fn lsp_position(index: &LineIndex, offset: usize) -> Value {
    let position = index.position(offset, Encoding::Utf16);
    json!({"line": position.line, "character": position.column})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_random_edits_keep_the_server_responsive_exact_and_flat_in_memory() {
    let source = crate::catalog::root().join("pipeline/buildpacks/0.2/buildpacks.yaml");
    let original = std::fs::read_to_string(&source).expect("read the catalog pipeline");
    let mut server = TestServer::with(Setup {
        files: vec![("buildpacks.yaml".to_owned(), original.clone())],
        ..Setup::default()
    })
    .await;
    let uri = server.open("buildpacks.yaml", &original).await.uri;

    let mut text = original;
    let mut random = Random(0x7e47_0a11_5eed);
    let mut version = 1;
    let mut resident = Vec::new();
    let mut asked = Vec::new();
    for edit in 1..=EDITS {
        let index = LineIndex::new(&text);
        let boundaries = boundaries_of(&text);
        let at = boundaries[random.below(boundaries.len())];
        // Inserts a little more often than it deletes, so the text neither vanishes nor
        // explodes.
        let (end, insert) = if random.below(5) < 3 || at == text.len() {
            (at, ALPHABET[random.below(ALPHABET.len())].to_string())
        } else {
            let next = boundaries[boundaries.partition_point(|&b| b <= at)];
            (next, String::new())
        };
        let range = json!({"start": lsp_position(&index, at), "end": lsp_position(&index, end)});
        text.replace_range(at..end, &insert);
        version = server.change(&uri, json!([{"range": range, "text": insert}]));

        if edit % ASK_EVERY == 0 {
            // Completion or hover somewhere in the current text, sent between edits without
            // waiting (an empty answer is fine in text this broken; an error is not).
            let method = ["textDocument/completion", "textDocument/hover"][edit / ASK_EVERY % 2];
            let at = boundaries_of(&text)[random.below(text.chars().count() + 1)];
            let index = LineIndex::new(&text);
            let params =
                json!({"textDocument": {"uri": uri}, "position": lsp_position(&index, at)});
            asked.push((method, edit, server.client.send_request(method, params)));
        }
        if edit % PROBE_EVERY == 0 {
            assert_eq!(server.text(&uri).await, json!(text), "after edit {edit}");
            for (method, sent_after, id) in asked.drain(..) {
                let response = server.client.response(id).await;
                assert!(
                    response.get("error").is_none(),
                    "{method} after edit {sent_after}: {response}"
                );
            }
            // Publications pile up in the client; they are not what is measured (the last
            // one is: it is kept).
            if edit < EDITS {
                server.client.drain();
            }
        }
        if edit % (EDITS / SAMPLES) == 0 {
            resident.push(resident_kib());
        }
    }

    let published = server.diagnostics(&uri, version).await;
    std::fs::write(server.path("buildpacks.yaml"), &text).expect("write the final text");
    let report = check_report(&server.path(""));
    assert_eq!(
        comparable(&published),
        reported_by_check(&report, "buildpacks.yaml", &text),
        "final text:\n{text}"
    );

    // Memory may grow while allocations warm up, then must stay put: the last half of the run
    // adds less than an eighth of what the process held at its middle.
    let (middle, end) = (resident[SAMPLES / 2 - 1], resident[SAMPLES - 1]);
    assert!(
        end <= middle + middle / 8,
        "resident memory kept growing: {resident:?} KiB at each quarter"
    );
}
