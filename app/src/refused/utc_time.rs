use concord_model::{LocalDateTime, Offset};

/// Milliseconds since the Unix epoch as `YYYY-MM-DD hh:mm:ss UTC`: the same
/// text whatever the reader's time zone, as a record of refused edits should be.
pub fn utc_time(ms: i64) -> String {
    match LocalDateTime::at_offset(ms, Offset::UTC) {
        Some(time) => format!("{} UTC", time.with_seconds()),
        None => format!("{ms} ms UTC"),
    }
}

#[cfg(test)]
mod tests {
    use super::utc_time;

    #[test]
    fn dates_read_in_utc() {
        assert_eq!(utc_time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc_time(1_795_000_000_000), "2026-11-18 11:06:40 UTC");
        assert_eq!(utc_time(951_782_400_000), "2000-02-29 00:00:00 UTC");
    }
}
