/// Full-width forms folded to ASCII (`１２，５` → `12,5`, the ideographic
/// space to a space) and the minus sign `−` to `-`: what a Chinese input
/// method types for digits and punctuation. Only for text read as numbers,
/// dates and marks; ids and labels are compared as they are.
pub(super) fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2212}' => '-',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_marks_become_ascii() {
        assert_eq!(fold_width("１２，５"), "12,5");
        assert_eq!(fold_width("２０２６－０３－０５"), "2026-03-05");
        assert_eq!(fold_width("−3\u{3000}"), "-3 ");
        assert_eq!(fold_width("张伟、年月日"), "张伟、年月日");
    }
}
