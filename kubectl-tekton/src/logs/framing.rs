//! Line framing: a container's log, as the kubelet sends it with `timestamps=true`, cut
//! into whole lines.
//!
//! The kubelet starts every line with its RFC 3339 time and a space (a line the runtime
//! wrote in several partial records still gets one time, at its start). A line may be of
//! any length and arrive over many reads; its bytes are kept exactly, whatever they are.

use k8s_openapi::jiff::Timestamp;

/// A line longer than this is handed on in pieces of this size, so that a container
/// printing without newlines cannot make us buffer without bound.
pub const MAX_LINE: usize = 16 * 1024 * 1024;

/// One line of a container's log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// When the runtime wrote it, as the kubelet stamped it; `None` when the line carried
    /// no readable time (never from a kubelet asked for timestamps).
    pub time: Option<Stamp>,
    /// The line's bytes without the time and without the final newline.
    pub content: Vec<u8>,
    /// Whether the line ended with a newline: the last line of a container may not, nor
    /// a piece of a line over [`MAX_LINE`].
    pub newline: bool,
}

/// A line's time: as sent (for printing) and parsed (for comparing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub text: Box<str>,
    pub at: Timestamp,
}

/// Cuts a byte stream into [`Line`]s.
#[derive(Debug, Default)]
pub struct Framer {
    pending: Vec<u8>,
    /// The pending bytes continue a line already handed on in pieces: they carry no time.
    continuing: bool,
}

impl Framer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a chunk read from the stream and appends every line it completes to `out`.
    pub fn push(&mut self, mut chunk: &[u8], out: &mut Vec<Line>) {
        while let Some(end) = chunk.iter().position(|&b| b == b'\n') {
            let (line, rest) = chunk.split_at(end);
            chunk = &rest[1..];
            if self.pending.is_empty() {
                out.push(self.parse(line, true));
            } else {
                let mut whole = std::mem::take(&mut self.pending);
                whole.extend_from_slice(line);
                out.push(self.parse(&whole, true));
            }
            self.continuing = false;
        }
        self.pending.extend_from_slice(chunk);
        while self.pending.len() >= MAX_LINE {
            let rest = self.pending.split_off(MAX_LINE);
            let piece = std::mem::replace(&mut self.pending, rest);
            out.push(self.parse(&piece, false));
            self.continuing = true;
        }
    }

    /// The end of the stream: the last line when it had no newline.
    pub fn finish(&mut self) -> Option<Line> {
        let rest = std::mem::take(&mut self.pending);
        let line = (!rest.is_empty()).then(|| self.parse(&rest, false));
        self.continuing = false;
        line
    }

    /// Forgets a partial line: the stream broke, and the line will be read again whole.
    pub fn discard_partial(&mut self) {
        self.pending.clear();
        self.continuing = false;
    }

    fn parse(&self, line: &[u8], newline: bool) -> Line {
        if self.continuing {
            return Line {
                time: None,
                content: line.to_vec(),
                newline,
            };
        }
        parse_stamped(line, newline)
    }
}

fn parse_stamped(line: &[u8], newline: bool) -> Line {
    if let Some(space) = line.iter().take(40).position(|&b| b == b' ')
        && let Ok(text) = std::str::from_utf8(&line[..space])
        && let Ok(at) = text.parse::<Timestamp>()
    {
        return Line {
            time: Some(Stamp {
                text: text.into(),
                at,
            }),
            content: line[space + 1..].to_vec(),
            newline,
        };
    }
    Line {
        time: None,
        content: line.to_vec(),
        newline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(chunks: &[&[u8]]) -> (Vec<Line>, Option<Line>) {
        let mut framer = Framer::new();
        let mut out = Vec::new();
        for chunk in chunks {
            framer.push(chunk, &mut out);
        }
        (out, framer.finish())
    }

    #[test]
    fn a_line_split_across_reads_comes_out_whole_with_its_time() {
        let (lines, rest) = frame(&[
            b"2026-12-04T10:00:01.500000000Z hel",
            b"lo\n2026-12-04T10:00:02.000000000Z wor",
            b"ld\n",
        ]);
        assert_eq!(rest, None);
        assert_eq!(lines.len(), 2);
        let first = &lines[0];
        assert_eq!(first.content, b"hello");
        assert!(first.newline);
        let stamp = first.time.as_ref().expect("a time");
        assert_eq!(&*stamp.text, "2026-12-04T10:00:01.500000000Z");
        assert_eq!(stamp.at.subsec_nanosecond(), 500_000_000);
        assert_eq!(lines[1].content, b"world");
    }

    #[test]
    fn bytes_that_are_not_utf8_and_a_missing_final_newline_are_kept() {
        let (lines, rest) = frame(&[
            b"2026-12-04T10:00:01.000000000Z \xff\x00\xfe\n2026-12-04T10:00:01.000000000Z tail",
        ]);
        assert_eq!(lines[0].content, b"\xff\x00\xfe");
        let rest = rest.expect("the unterminated last line");
        assert_eq!(rest.content, b"tail");
        assert!(!rest.newline);
    }

    #[test]
    fn a_line_without_a_time_is_kept_whole() {
        let (lines, _) = frame(&[b"no time here\n\n"]);
        assert_eq!(lines[0].time, None);
        assert_eq!(lines[0].content, b"no time here");
        assert_eq!(lines[1].content, b"");
    }

    #[test]
    fn a_line_of_100000_bytes_in_small_reads_is_one_line() {
        let mut input = b"2026-12-04T10:00:01.000000000Z ".to_vec();
        input.extend(std::iter::repeat_n(b'x', 100_000));
        input.push(b'\n');
        let chunks: Vec<&[u8]> = input.chunks(4096).collect();
        let (lines, rest) = frame(&chunks);
        assert_eq!(rest, None);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].content.len(), 100_000);
    }

    #[test]
    fn a_line_over_the_limit_is_handed_on_in_pieces() {
        let mut framer = Framer::new();
        let mut out = Vec::new();
        framer.push(&vec![b'y'; MAX_LINE + 10], &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].content.len(), MAX_LINE);
        assert!(!out[0].newline);
        framer.discard_partial();
        assert_eq!(framer.finish(), None);
    }
}
