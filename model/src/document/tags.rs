//! A document's tags: short words its editors put on it so that it is found
//! again (search matches them). Kept as `meta.tags`, a map from each tag to
//! `true`, so that two people tagging at once both keep their tags and a
//! removal is one key's deletion.

use automerge::{ObjType, ScalarValue, transaction::Transactable};

use super::{
    doc::{ConcordDoc, scalar},
    error::DocResult,
};

/// The longest tag, in characters.
pub const TAG_MAX: usize = 30;
/// The most tags one document carries.
pub const TAGS_MAX: usize = 20;

/// Why a text is not a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    #[error("a tag needs a word")]
    Empty,
    #[error("a tag has at most {TAG_MAX} characters")]
    TooLong,
    #[error("a tag holds no control characters")]
    Control,
    #[error("a document has at most {TAGS_MAX} tags")]
    TooMany,
}

/// The tag a person typed: trimmed, its inner runs of spaces made one. The
/// one rule for what a tag is, for the app's input and the relay's check.
pub fn tag_of(typed: &str) -> Result<String, TagError> {
    let tag = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if tag.is_empty() {
        return Err(TagError::Empty);
    }
    if tag.chars().any(char::is_control) {
        return Err(TagError::Control);
    }
    if tag.chars().count() > TAG_MAX {
        return Err(TagError::TooLong);
    }
    Ok(tag)
}

impl ConcordDoc {
    /// The document's tags, in order of their text.
    pub fn tags(&self) -> Vec<String> {
        let Ok(meta) = self.meta_obj() else {
            return Vec::new();
        };
        let Some(tags) = self.map_at(&meta, "tags") else {
            return Vec::new();
        };
        let mut out: Vec<String> = automerge::ReadDoc::keys(&self.doc, &tags)
            .filter(|k| {
                matches!(
                    scalar(&self.doc, &tags, k),
                    Some(ScalarValue::Boolean(true))
                )
            })
            .collect();
        out.sort();
        out
    }

    /// Puts the tag `typed` on the document; answers the tag as kept.
    pub fn add_tag(&mut self, typed: &str) -> DocResult<String> {
        let tag = tag_of(typed)?;
        let current = self.tags();
        if current.contains(&tag) {
            return Ok(tag);
        }
        if current.len() >= TAGS_MAX {
            return Err(TagError::TooMany.into());
        }
        let meta = self.meta_obj()?;
        let tags = match self.map_at(&meta, "tags") {
            Some(tags) => tags,
            None => self.doc.put_object(&meta, "tags", ObjType::Map)?,
        };
        self.doc.put(&tags, tag.as_str(), true)?;
        Ok(tag)
    }

    pub fn remove_tag(&mut self, tag: &str) -> DocResult<()> {
        let meta = self.meta_obj()?;
        if let Some(tags) = self.map_at(&meta, "tags") {
            self.doc.delete(&tags, tag)?;
        }
        Ok(())
    }

    fn map_at(&self, obj: &super::doc::ObjId, key: &str) -> Option<super::doc::ObjId> {
        match automerge::ReadDoc::get(&self.doc, obj, key) {
            Ok(Some((automerge::Value::Object(ObjType::Map), id))) => Some(id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocError;
    use crate::document::tests::{actor, alice};

    fn doc() -> ConcordDoc {
        ConcordDoc::create(
            crate::library::find_template("task-tracker").unwrap(),
            "t",
            &alice(),
            0,
            actor(1),
        )
        .unwrap()
    }

    #[test]
    fn a_tag_is_trimmed_and_checked() {
        assert_eq!(tag_of("  验收  一期 "), Ok("验收 一期".into()));
        assert_eq!(tag_of("   "), Err(TagError::Empty));
        assert_eq!(tag_of("a\u{0}b"), Err(TagError::Control));
        assert_eq!(
            tag_of(&"长".repeat(TAG_MAX)).map(|t| t.chars().count()),
            Ok(TAG_MAX)
        );
        assert_eq!(tag_of(&"长".repeat(TAG_MAX + 1)), Err(TagError::TooLong));
        // Emoji, right-to-left and SQL-like text are words like any other.
        assert!(tag_of("🎉 עברית '; DROP").is_ok());
    }

    #[test]
    fn tags_are_added_once_removed_and_limited() {
        let mut d = doc();
        assert!(d.tags().is_empty());
        assert_eq!(d.add_tag(" 接口 ").unwrap(), "接口");
        d.add_tag("接口").unwrap();
        d.add_tag("Q4").unwrap();
        assert_eq!(d.tags(), vec!["Q4".to_owned(), "接口".to_owned()]);
        d.remove_tag("Q4").unwrap();
        assert_eq!(d.tags(), vec!["接口".to_owned()]);
        for i in 1..TAGS_MAX {
            d.add_tag(&format!("t{i}")).unwrap();
        }
        assert!(matches!(
            d.add_tag("one more"),
            Err(DocError::InvalidTag(TagError::TooMany))
        ));
    }

    #[test]
    fn two_people_tagging_at_once_keep_both_tags() {
        let mut a = doc();
        a.commit(0, None);
        let mut b = a.fork(actor(2));
        a.add_tag("甲").unwrap();
        b.add_tag("乙").unwrap();
        a.commit(1, None);
        b.commit(1, None);
        a.merge(&mut b).unwrap();
        assert_eq!(a.tags(), vec!["乙".to_owned(), "甲".to_owned()]);
    }
}
