/// Milliseconds since the Unix epoch, the time the sans-IO parts take as an
/// argument. A clock before 1970 reads as 0 rather than failing.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
