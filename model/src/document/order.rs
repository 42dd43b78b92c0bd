//! Sortable row order keys: base-62 fractions in (0, 1), compared as plain
//! strings. Our own rather than the `fractional_index` crate because that
//! crate panics on malformed keys and subtracts without overflow checks,
//! and keys come from the network.

const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE: u8 = 62;

fn digit_of(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'Z' => Some(c - b'A' + 10),
        b'a'..=b'z' => Some(c - b'a' + 36),
        _ => None,
    }
}

/// The key's digits, if it is one we could have made: non-empty, base-62,
/// no trailing zero (so string order and numeric order agree).
fn digits(key: &str) -> Option<Vec<u8>> {
    if key.is_empty() || key.ends_with('0') {
        return None;
    }
    key.bytes().map(digit_of).collect()
}

/// A key strictly between `lower` and `upper` (either may be absent: the
/// start or end of the table). A bound that is malformed, or an upper bound
/// not above the lower one (two rows inserted concurrently at one spot get
/// the same key), is ignored, so the result is always a valid key.
pub fn key_between(lower: Option<&str>, upper: Option<&str>) -> String {
    let a = lower.and_then(digits).unwrap_or_default();
    let b = upper.and_then(digits).filter(|b| *b > a);
    let out = midpoint(&a, b.as_deref());
    out.iter()
        .map(|&d| DIGITS[usize::from(d)] as char)
        .collect()
}

/// Iterative so that a huge key from the network cannot overflow the stack.
/// Precondition: `a < b` when `b` is given, neither has trailing zeros.
fn midpoint(a: &[u8], b: Option<&[u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut upper = b;
    let mut i = 0;
    loop {
        let da = a.get(i).copied().unwrap_or(0);
        let db = match upper {
            Some(b) => b.get(i).copied().unwrap_or(0),
            None => BASE,
        };
        if db < da {
            // Cannot happen for a < b; treat as unbounded rather than trust it.
            upper = None;
            continue;
        }
        if da == db {
            out.push(da);
        } else if db - da > 1 {
            out.push(da + (db - da) / 2);
            return out;
        } else if upper.is_some_and(|b| b.len() > i + 1) {
            // b's prefix up to here is below b (b continues with a non-zero
            // digit) and above a (its digit is larger).
            out.push(db);
            return out;
        } else {
            out.push(da);
            upper = None;
        }
        i += 1;
    }
}

/// `count` keys in order, all strictly between `lower` and `upper`, halving
/// the interval for each: their length grows with the logarithm of `count`,
/// where placing each after the one before would grow it with `count`.
pub fn keys_between(lower: Option<&str>, upper: Option<&str>, count: usize) -> Vec<String> {
    let mut keys = Vec::with_capacity(count);
    fill_between(lower, upper, count, &mut keys);
    keys
}

/// Recursion depth is the logarithm of `count`.
fn fill_between(lower: Option<&str>, upper: Option<&str>, count: usize, out: &mut Vec<String>) {
    if count == 0 {
        return;
    }
    let middle = key_between(lower, upper);
    let before = (count - 1) / 2;
    fill_between(lower, Some(&middle), before, out);
    out.push(middle.clone());
    fill_between(Some(&middle), upper, count - 1 - before, out);
}

/// Whether the key is well formed.
pub fn is_valid(key: &str) -> bool {
    digits(key).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fall_between_their_bounds() {
        let first = key_between(None, None);
        let mut keys = vec![first];
        // Insert repeatedly at the front, the back and between neighbours.
        for step in 0..300 {
            let i = step % (keys.len() + 1);
            let lower = i.checked_sub(1).map(|j| keys[j].as_str());
            let upper = keys.get(i).map(|s| s.as_str());
            let key = key_between(lower, upper);
            assert!(is_valid(&key), "{key}");
            if let Some(l) = lower {
                assert!(l < key.as_str(), "{l} < {key}");
            }
            if let Some(u) = upper {
                assert!(key.as_str() < u, "{key} < {u}");
            }
            keys.insert(i, key);
        }
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn many_keys_at_once_stay_short_and_in_order() {
        for (lower, upper) in [(None, None), (Some("zzz"), None), (Some("1"), Some("2"))] {
            let keys = keys_between(lower, upper, 5_000);
            assert_eq!(keys.len(), 5_000);
            assert!(keys.windows(2).all(|w| w[0] < w[1]));
            assert!(keys.iter().all(|k| is_valid(k)));
            assert!(lower.is_none_or(|l| l < keys[0].as_str()));
            assert!(upper.is_none_or(|u| keys[4_999].as_str() < u));
            let longest = keys.iter().map(String::len).max().unwrap();
            assert!(longest <= 3 + lower.map_or(0, str::len), "{longest}");
        }
        assert!(keys_between(None, None, 0).is_empty());
    }

    #[test]
    fn tight_neighbours_and_extremes() {
        for (l, u) in [("1", "2"), ("z", "zz"), ("0001", "0002"), ("y", "z")] {
            let k = key_between(Some(l), Some(u));
            assert!(l < k.as_str() && k.as_str() < u, "{l} {k} {u}");
        }
        let k = key_between(Some("zzzz"), None);
        assert!(k.as_str() > "zzzz");
        let k = key_between(None, Some("0001"));
        assert!(is_valid(&k) && k.as_str() < "0001");
    }

    #[test]
    fn malformed_or_equal_bounds_never_panic() {
        for (l, u) in [
            ("", ""),
            ("V", "V"),
            ("x", "a"),
            ("!!", "??"),
            ("10", "2"),
            ("ü", "z"),
        ] {
            let k = key_between(Some(l), Some(u));
            assert!(is_valid(&k), "{l} {u} -> {k}");
        }
        assert!(key_between(Some("V"), Some("V")).as_str() > "V");
    }
}
