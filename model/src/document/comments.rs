use std::fmt;

use automerge::{ObjType, ROOT, ReadDoc, ScalarValue, transaction::Transactable};
use rand_core::RngCore;

use super::{
    doc::{ConcordDoc, ObjId, map_in},
    error::{DocError, DocResult},
    ids::{CommentId, RowId},
    read::{ms_at, object_at, str_at, strings_at, text_at},
};
use crate::access::PersonId;

/// What a comment is about: stored as `doc`, `field/<field id>` or
/// `row/<table id>/<row id>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum CommentTarget {
    Doc,
    Field(String),
    Row { table: String, row: RowId },
}

impl CommentTarget {
    pub fn parse(s: &str) -> Option<Self> {
        if s == "doc" {
            return Some(CommentTarget::Doc);
        }
        if let Some(field) = s.strip_prefix("field/") {
            return (!field.is_empty() && !field.contains('/'))
                .then(|| CommentTarget::Field(field.to_owned()));
        }
        let (table, row) = s.strip_prefix("row/")?.split_once('/')?;
        (!table.is_empty() && !row.is_empty() && !row.contains('/')).then(|| CommentTarget::Row {
            table: table.to_owned(),
            row: RowId(row.to_owned()),
        })
    }
}

impl fmt::Display for CommentTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommentTarget::Doc => f.write_str("doc"),
            CommentTarget::Field(field) => write!(f, "field/{field}"),
            CommentTarget::Row { table, row } => write!(f, "row/{table}/{row}"),
        }
    }
}

/// One comment as the app shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: CommentId,
    pub author: PersonId,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    pub target: CommentTarget,
    pub body: String,
    /// Who the body mentions, as stored (so the relay can notify without
    /// parsing text), in order of first mention.
    pub mentions: Vec<PersonId>,
}

/// The people a body mentions: every `@<person id>` token, the id being
/// the letters, digits, `-`, `_` and `.` after the `@` (a trailing `.` ends
/// the sentence, not the id). An `@` right after a Latin letter or digit
/// (`a@b.com`) is not a mention; after a Chinese character (`请@bob`) it is.
pub fn mentions_in(body: &str) -> Vec<PersonId> {
    let is_id_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut out: Vec<PersonId> = Vec::new();
    let mut previous: Option<char> = None;
    for (i, c) in body.char_indices() {
        let starts_mention = c == '@' && previous.is_none_or(|p| !p.is_ascii_alphanumeric());
        previous = Some(c);
        if !starts_mention {
            continue;
        }
        let rest = body.get(i + c.len_utf8()..).unwrap_or_default();
        let end = rest.find(|c: char| !is_id_char(c)).unwrap_or(rest.len());
        let token = rest.get(..end).unwrap_or_default().trim_end_matches('.');
        if let Ok(person) = token.parse::<PersonId>()
            && !out.contains(&person)
        {
            out.push(person);
        }
    }
    out
}

impl ConcordDoc {
    /// Adds a comment; its mentions are parsed from the body and stored.
    pub fn add_comment(
        &mut self,
        author: &PersonId,
        target: &CommentTarget,
        body: &str,
        now_ms: i64,
        rng: &mut impl RngCore,
    ) -> DocResult<CommentId> {
        let id = CommentId::random(rng);
        let part = map_in(&self.doc, &ROOT, "comments")?;
        let entry = self.doc.put_object(&part, id.0.as_str(), ObjType::Map)?;
        self.doc.put(&entry, "author", author.as_str())?;
        self.doc.put(&entry, "at", ScalarValue::Timestamp(now_ms))?;
        self.doc.put(&entry, "target", target.to_string())?;
        let text = self.doc.put_object(&entry, "body", ObjType::Text)?;
        self.doc.splice_text(&text, 0, 0, body)?;
        let list = self.doc.put_object(&entry, "mentions", ObjType::List)?;
        for (i, person) in mentions_in(body).iter().enumerate() {
            self.doc.insert(&list, i, person.as_str())?;
        }
        Ok(id)
    }

    /// Edits one's own comment in place (positions count characters), then
    /// brings its stored mentions in line with the new body.
    pub fn edit_comment(
        &mut self,
        editor: &PersonId,
        id: &CommentId,
        pos: usize,
        del: usize,
        insert: &str,
    ) -> DocResult<()> {
        let entry = self.own_comment(editor, id)?;
        let text = object_at(&self.doc, &entry, "body", ObjType::Text)
            .ok_or_else(|| DocError::Corrupt(format!("comments.{id}.body")))?;
        let len = self.doc.length(&text);
        if pos.checked_add(del).is_none_or(|end| end > len) {
            return Err(DocError::SpliceOutOfRange { pos, del, len });
        }
        let del_signed =
            isize::try_from(del).map_err(|_| DocError::SpliceOutOfRange { pos, del, len })?;
        self.doc.splice_text(&text, pos, del_signed, insert)?;
        let wanted = mentions_in(&self.doc.text(&text)?);
        self.sync_mentions(&entry, &wanted)
    }

    pub fn delete_comment(&mut self, editor: &PersonId, id: &CommentId) -> DocResult<()> {
        self.own_comment(editor, id)?;
        let part = map_in(&self.doc, &ROOT, "comments")?;
        self.doc.delete(&part, id.0.as_str())?;
        Ok(())
    }

    /// Comments on `target` (every comment when None), sorted by (at, id)
    /// so every replica lists them alike. Malformed comments are skipped.
    pub fn comments(&self, target: Option<&CommentTarget>) -> DocResult<Vec<Comment>> {
        let part = map_in(&self.doc, &ROOT, "comments")?;
        let mut out: Vec<Comment> = self
            .doc
            .keys(&part)
            .filter_map(|key| {
                let entry = object_at(&self.doc, &part, &key, ObjType::Map)?;
                Some(Comment {
                    author: str_at(&self.doc, &entry, "author")?.parse().ok()?,
                    at: ms_at(&self.doc, &entry, "at")?,
                    target: CommentTarget::parse(&str_at(&self.doc, &entry, "target")?)?,
                    body: text_at(&self.doc, &entry, "body")?,
                    mentions: strings_at(&self.doc, &entry, "mentions")
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|p| p.parse().ok())
                        .collect(),
                    id: CommentId(key),
                })
            })
            .filter(|c| target.is_none_or(|t| *t == c.target))
            .collect();
        out.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        Ok(out)
    }

    fn own_comment(&self, editor: &PersonId, id: &CommentId) -> DocResult<ObjId> {
        let part = map_in(&self.doc, &ROOT, "comments")?;
        let entry = object_at(&self.doc, &part, &id.0, ObjType::Map)
            .ok_or_else(|| DocError::UnknownComment(id.0.clone()))?;
        if str_at(&self.doc, &entry, "author").as_deref() != Some(editor.as_str()) {
            return Err(DocError::NotCommentAuthor(id.0.clone()));
        }
        Ok(entry)
    }

    /// Removes mentions no longer in the body and appends new ones, item by
    /// item, so a concurrent edit of the same comment merges instead of one
    /// replacing the other's list.
    fn sync_mentions(&mut self, entry: &ObjId, wanted: &[PersonId]) -> DocResult<()> {
        let list = match object_at(&self.doc, entry, "mentions", ObjType::List) {
            Some(list) => list,
            None => self.doc.put_object(entry, "mentions", ObjType::List)?,
        };
        let mut present = Vec::new();
        for i in (0..self.doc.length(&list)).rev() {
            let item = match self.doc.get(&list, i)? {
                Some((automerge::Value::Scalar(s), _)) => match s.as_ref() {
                    ScalarValue::Str(t) => Some(t.to_string()),
                    _ => None,
                },
                _ => None,
            };
            match item {
                Some(p) if wanted.iter().any(|w| w.as_str() == p) && !present.contains(&p) => {
                    present.push(p)
                }
                _ => self.doc.delete(&list, i)?,
            }
        }
        for person in wanted
            .iter()
            .filter(|w| !present.iter().any(|p| p == w.as_str()))
        {
            let end = self.doc.length(&list);
            self.doc.insert(&list, end, person.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_at_tokens() {
        let ids =
            |s: &str| -> Vec<String> { mentions_in(s).iter().map(|p| p.to_string()).collect() };
        assert_eq!(ids("请@bob 和 @carol-1，看一下。@bob"), ["bob", "carol-1"]);
        assert_eq!(ids("mail a@b.com, @ alone, end @dave."), ["dave"]);
        assert_eq!(ids("no mentions"), Vec::<String>::new());
    }

    #[test]
    fn targets_round_trip_and_junk_is_refused() {
        for t in [
            CommentTarget::Doc,
            CommentTarget::Field("budget".into()),
            CommentTarget::Row {
                table: "tasks".into(),
                row: RowId("ab12".into()),
            },
        ] {
            assert_eq!(CommentTarget::parse(&t.to_string()), Some(t));
        }
        for bad in ["", "docs", "field/", "row/tasks", "row//x", "row/t/x/y"] {
            assert_eq!(CommentTarget::parse(bad), None, "{bad}");
        }
    }
}
