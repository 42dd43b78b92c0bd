use std::fs;

use serde::Serialize;

/// CPU time and resident memory of one process, read from Linux's
/// `/proc/<pid>/stat` and `/proc/<pid>/status`.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct ProcSample {
    /// User plus system CPU seconds since the process started.
    pub cpu_secs: f64,
    pub rss_bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ProcError {
    #[error("reading /proc/{pid}: {source}")]
    Read {
        pid: u32,
        #[source]
        source: std::io::Error,
    },
    #[error("/proc/{pid}/{file} has no {field}")]
    Missing {
        pid: u32,
        file: &'static str,
        field: &'static str,
    },
}

/// Clock ticks per second of `/proc/<pid>/stat`'s CPU fields; 100 on every
/// Linux the benchmark runs on (USER_HZ is fixed by the kernel ABI).
const TICKS_PER_SEC: f64 = 100.0;

pub fn sample(pid: u32) -> Result<ProcSample, ProcError> {
    let read = |file: &str| {
        fs::read_to_string(format!("/proc/{pid}/{file}"))
            .map_err(|source| ProcError::Read { pid, source })
    };
    let stat = read("stat")?;
    let status = read("status")?;
    Ok(ProcSample {
        cpu_secs: cpu_secs(&stat).ok_or(ProcError::Missing {
            pid,
            file: "stat",
            field: "utime/stime",
        })?,
        rss_bytes: rss_bytes(&status).ok_or(ProcError::Missing {
            pid,
            file: "status",
            field: "VmRSS",
        })?,
    })
}

pub fn sample_self() -> Result<ProcSample, ProcError> {
    sample(std::process::id())
}

/// utime and stime are fields 14 and 15; the command name (field 2) may hold
/// spaces and parentheses, so fields are counted after its last `)`.
fn cpu_secs(stat: &str) -> Option<f64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) as f64 / TICKS_PER_SEC)
}

fn rss_bytes(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_is_read_past_a_name_with_spaces() {
        let stat = "1234 (my (odd) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0";
        assert_eq!(cpu_secs(stat), Some(3.0));
    }

    #[test]
    fn rss_is_read_in_bytes() {
        let status = "Name:\tx\nVmPeak:\t  9000 kB\nVmRSS:\t  2048 kB\nThreads:\t1\n";
        assert_eq!(rss_bytes(status), Some(2048 * 1024));
    }

    #[test]
    fn this_process_has_memory_and_a_cpu_count() {
        let s = sample_self().unwrap();
        assert!(s.rss_bytes > 0);
        assert!(s.cpu_secs >= 0.0);
    }
}
