//! Counts passed and failed tests from the output of each test runner.

/// Passed and failed tests, added up over every runner.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
}

impl Tally {
    /// Reads a `test result: ok. 5 passed; 1 failed; …` line, as printed by
    /// libtest and by wasm-bindgen-test-runner.
    pub fn read_libtest_line(&mut self, line: &str) {
        let Some(rest) = line.trim_start().strip_prefix("test result: ") else {
            return;
        };
        for part in rest.split(';') {
            let words: Vec<&str> = part.split_whitespace().collect();
            // "ok. 5 passed" / "FAILED. 4 passed" / " 1 failed"
            if let [.., count, kind] = words.as_slice()
                && let Ok(count) = count.parse::<u64>()
            {
                match *kind {
                    "passed" => self.passed += count,
                    "failed" => self.failed += count,
                    _ => {}
                }
            }
        }
    }

    /// Reads the closing `# pass N` / `# fail N` lines of node's TAP reporter.
    /// Only unindented lines count: indented ones belong to nested subtests.
    pub fn read_tap_line(&mut self, line: &str) {
        let count = |prefix: &str| {
            line.strip_prefix(prefix)
                .and_then(|n| n.trim().parse::<u64>().ok())
        };
        if let Some(n) = count("# pass ") {
            self.passed += n;
        } else if let Some(n) = count("# fail ") {
            self.failed += n;
        }
    }

    pub fn add(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_summaries() {
        let mut tally = Tally::default();
        tally.read_libtest_line(
            "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s",
        );
        tally.read_libtest_line(
            "test result: FAILED. 4 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out",
        );
        assert_eq!(
            tally,
            Tally {
                passed: 16,
                failed: 2
            }
        );
    }

    #[test]
    fn ignores_lines_that_only_mention_results() {
        let mut tally = Tally::default();
        tally.read_libtest_line("test tally::reads_libtest_summaries ... ok");
        tally.read_libtest_line("running 3 tests");
        tally.read_libtest_line("assert \"test result: ok. 9 passed\" in a log message");
        assert_eq!(tally, Tally::default());
    }

    #[test]
    fn reads_tap_summaries_but_not_nested_ones() {
        let mut tally = Tally::default();
        for line in [
            "    # pass 7",
            "# tests 3",
            "# suites 1",
            "# pass 2",
            "# fail 1",
            "# cancelled 0",
        ] {
            tally.read_tap_line(line);
        }
        assert_eq!(
            tally,
            Tally {
                passed: 2,
                failed: 1
            }
        );
    }
}
