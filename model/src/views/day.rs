//! Calendar days as numbers, for due-date arithmetic. A dozen lines of the
//! well-known civil-from-days algorithm (H. Hinnant) rather than a date
//! crate: dates are stored as `YYYY-MM-DD` and only differences are needed.

use crate::document::is_date;

/// Days since 1970-01-01 of a valid `YYYY-MM-DD`, else None.
pub fn day_number(date: &str) -> Option<i64> {
    if !is_date(date) {
        return None;
    }
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The UTC calendar day of a millisecond timestamp, for callers that hold
/// `now_ms` rather than a date.
pub fn day_of_ms(ms: i64) -> i64 {
    ms.div_euclid(86_400_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_count_real_days() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(
            day_number("2024-03-01")
                .zip(day_number("2024-02-28"))
                .map(|(a, b)| a - b),
            Some(2)
        );
        assert_eq!(day_number("1969-12-31"), Some(-1));
        assert_eq!(day_number("2026-02-30"), None);
        assert_eq!(day_of_ms(86_400_000 * 3 + 5), 3);
        assert_eq!(day_of_ms(-1), -1);
    }
}
