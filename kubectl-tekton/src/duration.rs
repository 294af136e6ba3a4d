//! Go duration strings (`1h30m`, `90s`, `1.5h`, `500ms`), which Tekton's timeouts use, and
//! the human forms the plugin prints: a run's duration as Go prints it (`1m30s`) and an age
//! (`5 minutes ago`).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// A duration given on the command line in Go's syntax; keeps the text as typed, since
/// Tekton's fields take the string itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoDuration {
    pub text: String,
    pub duration: Duration,
}

impl FromStr for GoDuration {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(GoDuration {
            text: text.to_owned(),
            duration: parse_go(text)?,
        })
    }
}

impl From<GoDuration> for Duration {
    fn from(value: GoDuration) -> Duration {
        value.duration
    }
}

/// Parses Go's `time.ParseDuration` syntax: numbers with an optional fraction, each followed
/// by `h`, `m`, `s`, `ms`, `us` (or `µs`) or `ns`; `0` alone is allowed. Negative durations
/// are refused: nothing here can use them.
pub fn parse_go(text: &str) -> Result<Duration, String> {
    let invalid =
        || format!("`{text}` is not a duration: write it as Go does, e.g. 90s, 10m, 1h30m");
    let body = text.strip_prefix('+').unwrap_or(text);
    if body == "0" {
        return Ok(Duration::ZERO);
    }
    if body.is_empty() {
        return Err(invalid());
    }
    let mut total = 0f64;
    let mut rest = body;
    while !rest.is_empty() {
        let number_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(invalid)?;
        let (number, after) = rest.split_at(number_end);
        if number.is_empty() || number == "." {
            return Err(invalid());
        }
        let value: f64 = number.parse().map_err(|_| invalid())?;
        let unit_end = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_end);
        let seconds = match unit {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" | "μs" => 1e-6,
            "ns" => 1e-9,
            _ => return Err(invalid()),
        };
        total += value * seconds;
        rest = next;
    }
    Duration::try_from_secs_f64(total).map_err(|_| invalid())
}

/// A duration as Go's `Duration.String()` prints whole seconds: `45s`, `1m30s`, `2h0m5s`;
/// below a second, `350ms`.
pub struct Go(pub Duration);

impl fmt::Display for Go {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.0.as_secs();
        if total == 0 {
            let millis = self.0.as_millis();
            return if millis == 0 {
                f.write_str("0s")
            } else {
                write!(f, "{millis}ms")
            };
        }
        let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
        if hours > 0 {
            write!(f, "{hours}h{minutes}m{seconds}s")
        } else if minutes > 0 {
            write!(f, "{minutes}m{seconds}s")
        } else {
            write!(f, "{seconds}s")
        }
    }
}

/// How long ago something happened, in its largest whole unit: `5 minutes ago`.
pub struct Ago(pub Duration);

impl fmt::Display for Ago {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [(u64, &str); 6] = [
            (365 * 24 * 3600, "year"),
            (7 * 24 * 3600, "week"),
            (24 * 3600, "day"),
            (3600, "hour"),
            (60, "minute"),
            (1, "second"),
        ];
        let seconds = self.0.as_secs();
        let (size, unit) = UNITS
            .iter()
            .find(|(size, _)| seconds >= *size)
            .copied()
            .unwrap_or((1, "second"));
        let count = seconds / size;
        let plural = if count == 1 { "" } else { "s" };
        write!(f, "{count} {unit}{plural} ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_durations() {
        let cases = [
            ("0", 0.0),
            ("90s", 90.0),
            ("1h30m", 5400.0),
            ("1.5h", 5400.0),
            ("500ms", 0.5),
            ("2m3.5s", 123.5),
            ("+10m", 600.0),
        ];
        for (text, seconds) in cases {
            assert_eq!(
                parse_go(text),
                Ok(Duration::from_secs_f64(seconds)),
                "{text}"
            );
        }
        for bad in ["", "10", "1d", "h", "-5m", "1.2.3s", "5 m"] {
            assert!(parse_go(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn formats_like_go_and_tkn() {
        let go = |s: u64| Go(Duration::from_secs(s)).to_string();
        assert_eq!(go(0), "0s");
        assert_eq!(go(45), "45s");
        assert_eq!(go(90), "1m30s");
        assert_eq!(go(7205), "2h0m5s");
        assert_eq!(Go(Duration::from_millis(350)).to_string(), "350ms");
        let ago = |s: u64| Ago(Duration::from_secs(s)).to_string();
        assert_eq!(ago(0), "0 seconds ago");
        assert_eq!(ago(1), "1 second ago");
        assert_eq!(ago(300), "5 minutes ago");
        assert_eq!(ago(2 * 86400 + 5), "2 days ago");
        assert_eq!(ago(15 * 86400), "2 weeks ago");
    }
}
