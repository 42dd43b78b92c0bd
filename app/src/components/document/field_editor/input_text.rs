//! What a person types, turned into a field's value (by the model's
//! `parse_value`) and the edits typing makes. Pure, so it is tested
//! natively; the editors only wire it to inputs.

use concord_model::{
    FieldKind, Locale, Localized as L, ParseContext, ParseError, Value, parse_value,
};

/// Why typed input was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// The text is no value of the field's kind.
    Unreadable(ParseError),
    /// Blank, in a field with no empty value: what it holds is kept.
    CannotBeEmpty,
    /// A value the rules refuse here (a date out of its range), as the
    /// model says it in the person's language.
    Refused(String),
}

impl InputError {
    /// What the person reads under the field.
    pub fn said(&self, locale: Locale) -> String {
        match self {
            InputError::Unreadable(problem) => problem.text().get(locale).to_owned(),
            InputError::CannotBeEmpty => L::new(
                "此字段不能清空，已保留原值",
                "This field cannot be emptied; its value is kept",
            )
            .get(locale)
            .to_owned(),
            InputError::Refused(why) => why.clone(),
        }
    }
}

/// A value typed into an editor's input: what `parse_value` reads, and
/// blank text only where the kind has an empty value.
pub fn parse_input(
    kind: &FieldKind,
    typed: &str,
    ctx: &ParseContext<'_>,
) -> Result<Value, InputError> {
    match parse_value(kind, typed, ctx) {
        Ok(Some(value)) => Ok(value),
        Ok(None) => Err(InputError::CannotBeEmpty),
        Err(problem) => Err(InputError::Unreadable(problem)),
    }
}

/// A minimal edit turning `old` into `new`: one splice at the first
/// difference, positions and lengths in characters (Automerge's unit), so
/// a keystroke is a one-character insert that merges with others' typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub pos: usize,
    pub del: usize,
    pub insert: String,
}

pub fn splice_between(old: &str, new: &str) -> Option<Splice> {
    if old == new {
        return None;
    }
    // Compared as bytes, which is as fast as memory, and the splice's ends
    // moved back onto character boundaries: UTF-8 marks a boundary in the
    // byte itself, so equal bytes have their boundaries in the same places.
    let (old_bytes, new_bytes) = (old.as_bytes(), new.as_bytes());
    let mut prefix = old_bytes
        .iter()
        .zip(new_bytes)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old_bytes.len().min(new_bytes.len()) - prefix;
    let mut suffix = old_bytes
        .iter()
        .rev()
        .zip(new_bytes.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old_bytes.len() - suffix) {
        suffix -= 1;
    }
    let old_end = old_bytes.len() - suffix;
    Some(Splice {
        pos: old[..prefix].chars().count(),
        del: old[prefix..old_end].chars().count(),
        insert: new[prefix..new_bytes.len() - suffix].to_owned(),
    })
}

impl Splice {
    /// Where a caret at `caret` (characters) lands after this splice made
    /// by someone else: after the change if it was inside or before it.
    pub fn moved_caret(&self, caret: usize) -> usize {
        let inserted = self.insert.chars().count();
        if caret <= self.pos {
            caret
        } else if caret >= self.pos + self.del {
            caret - self.del + inserted
        } else {
            self.pos + inserted
        }
    }

    /// This splice, made on a text before `theirs` (someone else's), made
    /// on the text after it instead: where its place moved to.
    pub fn after(self, theirs: &Splice) -> Splice {
        let pos = theirs.moved_caret(self.pos);
        let end = theirs.moved_caret(self.pos + self.del).max(pos);
        Splice {
            pos,
            del: end - pos,
            insert: self.insert,
        }
    }
}

/// A UTF-16 offset (what the browser's selection says) in characters.
pub fn utf16_to_chars(s: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in s.chars().enumerate() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    s.chars().count()
}

/// A character offset as a UTF-16 offset, for setting the selection.
pub fn chars_to_utf16(s: &str, chars: usize) -> usize {
    s.chars().take(chars).map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use concord_model::Offset;

    use super::*;

    /// A keystroke splices where the textarea showed it; someone else's
    /// words that reached the document first move that place, never the
    /// order of what was typed.
    #[test]
    fn a_splice_made_before_someone_elses_lands_where_its_text_moved() {
        let shown = "会议纪要 结论";
        let typed = "会议纪要 结论：";
        let theirs_text = "议程 会议纪要 结论";
        let mine = splice_between(shown, typed).unwrap();
        let theirs = splice_between(shown, theirs_text).unwrap();
        let moved = mine.after(&theirs);
        let mut chars: Vec<char> = theirs_text.chars().collect();
        chars.splice(moved.pos..moved.pos + moved.del, moved.insert.chars());
        assert_eq!(
            chars.into_iter().collect::<String>(),
            "议程 会议纪要 结论："
        );
        // A cut after their words moves by them; one before them stays.
        let theirs = splice_between("abcdef", "XYabcdef").unwrap();
        let cut = splice_between("abcdef", "abef").unwrap();
        let moved = cut.after(&theirs);
        assert_eq!((moved.pos, moved.del), (4, 2));
        let theirs = splice_between("abcdef", "abcdefXY").unwrap();
        let moved = splice_between("abcdef", "abef").unwrap().after(&theirs);
        assert_eq!((moved.pos, moved.del), (2, 2));
    }

    #[test]
    fn typed_input_is_the_models_reading_and_blank_keeps_the_value() {
        let ctx = ParseContext::new(&Offset::UTC);
        assert_eq!(
            parse_input(&FieldKind::Number, "abc", &ctx),
            Err(InputError::Unreadable(ParseError::NotANumber))
        );
        assert_eq!(
            parse_input(&FieldKind::Number, "12,5", &ctx),
            Ok(Value::Number(12.5))
        );
        assert_eq!(
            parse_input(&FieldKind::Number, " ", &ctx),
            Err(InputError::CannotBeEmpty)
        );
        assert_eq!(
            parse_input(&FieldKind::Text, "  ", &ctx),
            Ok(Value::Text(String::new()))
        );
        assert_eq!(
            InputError::CannotBeEmpty.said(Locale::En),
            "This field cannot be emptied; its value is kept"
        );
        assert_eq!(
            InputError::Unreadable(ParseError::NotANumber).said(Locale::En),
            ParseError::NotANumber.text().en
        );
    }

    #[test]
    fn a_keystroke_is_a_one_character_splice() {
        assert_eq!(splice_between("abc", "abc"), None);
        assert_eq!(
            splice_between("背景客户", "背景新客户"),
            Some(Splice {
                pos: 2,
                del: 0,
                insert: "新".into()
            })
        );
        assert_eq!(
            splice_between("aaa", "aa"),
            Some(Splice {
                pos: 2,
                del: 1,
                insert: String::new()
            })
        );
        assert_eq!(
            splice_between("hello world", "hello there"),
            Some(Splice {
                pos: 6,
                del: 5,
                insert: "there".into()
            })
        );
        // Applying the splice gives the new text back.
        for (old, new) in [("", "x"), ("abcabc", "abXc"), ("😀a", "😀ba"), ("ab", "")] {
            let s = splice_between(old, new).unwrap();
            let mut chars: Vec<char> = old.chars().collect();
            chars.splice(s.pos..s.pos + s.del, s.insert.chars());
            assert_eq!(chars.iter().collect::<String>(), new);
        }
    }

    /// Characters that share leading or trailing bytes (好 E5 A5 BD, 妈
    /// E5 A6 88, 婽 E5 A9 BD) are still whole characters of the splice.
    #[test]
    fn a_splice_never_cuts_a_character_whose_bytes_partly_match() {
        let one = |pos, del, insert: &str| {
            Some(Splice {
                pos,
                del,
                insert: insert.into(),
            })
        };
        assert_eq!(splice_between("你好", "你妈"), one(1, 1, "妈"));
        assert_eq!(splice_between("好", "婽"), one(0, 1, "婽"));
        assert_eq!(splice_between("a好b", "a婽妈b"), one(1, 1, "婽妈"));
        assert_eq!(splice_between("好好", "好"), one(1, 1, ""));
        // Every pair of short texts over such characters: the splice gives
        // the new text back, and keeps nothing of the old it need not cut.
        let alphabet = ["好", "妈", "婽", "a", "😀"];
        let texts: Vec<String> = (0..alphabet.len().pow(3))
            .flat_map(|n| {
                let pick = |i: usize| alphabet[(n / alphabet.len().pow(i as u32)) % alphabet.len()];
                [
                    pick(0).to_owned(),
                    format!("{}{}", pick(0), pick(1)),
                    format!("{}{}{}", pick(0), pick(1), pick(2)),
                ]
            })
            .collect();
        for old in &texts {
            for new in &texts {
                let Some(s) = splice_between(old, new) else {
                    assert_eq!(old, new);
                    continue;
                };
                let mut chars: Vec<char> = old.chars().collect();
                chars.splice(s.pos..s.pos + s.del, s.insert.chars());
                assert_eq!(&chars.iter().collect::<String>(), new, "{old} → {new}");
                let (old_chars, new_chars) = (old.chars().count(), new.chars().count());
                assert_eq!(old_chars - s.del + s.insert.chars().count(), new_chars);
                assert!(
                    s.del == 0
                        || s.insert.is_empty()
                        || s.insert.chars().next() != old.chars().nth(s.pos)
                );
            }
        }
    }

    #[test]
    fn the_caret_stays_with_its_text_when_others_edit() {
        let remote = Splice {
            pos: 2,
            del: 1,
            insert: "XYZ".into(),
        };
        assert_eq!(remote.moved_caret(1), 1);
        assert_eq!(remote.moved_caret(2), 2);
        assert_eq!(remote.moved_caret(5), 7);
        assert_eq!(remote.moved_caret(3), 5);
        assert_eq!(utf16_to_chars("😀ab", 3), 2);
        assert_eq!(chars_to_utf16("😀ab", 2), 3);
        assert_eq!(utf16_to_chars("ab", 10), 2);
    }
}
