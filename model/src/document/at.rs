//! Reads of a document as it is now or as it was at some heads, through one
//! type, so the rules can compare a document before and after a change with
//! the same code that validates it as it is. Every read answers `None` or
//! empty for what is missing or malformed: the document comes from anyone.

use automerge::{ChangeHash, ObjId, ObjType, Prop, ReadDoc, ScalarValue, Value};

/// A document seen at `heads` (`None`: as it is now).
pub struct At<'a, R: ReadDoc> {
    pub doc: &'a R,
    pub heads: Option<&'a [ChangeHash]>,
}

// By hand: a derive would ask `R: Copy`, and only the reference is copied.
impl<R: ReadDoc> Clone for At<'_, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: ReadDoc> Copy for At<'_, R> {}

impl<'a, R: ReadDoc> At<'a, R> {
    pub fn now(doc: &'a R) -> Self {
        Self { doc, heads: None }
    }

    pub fn heads(doc: &'a R, heads: &'a [ChangeHash]) -> Self {
        Self {
            doc,
            heads: Some(heads),
        }
    }

    /// The winning value at `obj[prop]`.
    pub fn get(&self, obj: &ObjId, prop: impl Into<Prop>) -> Option<(Value<'a>, ObjId)> {
        let got = match self.heads {
            Some(heads) => self.doc.get_at(obj, prop, heads),
            None => self.doc.get(obj, prop),
        };
        got.ok().flatten()
    }

    /// Every concurrent value at `obj[prop]`.
    pub fn get_all(&self, obj: &ObjId, prop: impl Into<Prop>) -> Vec<(Value<'a>, ObjId)> {
        let got = match self.heads {
            Some(heads) => self.doc.get_all_at(obj, prop, heads),
            None => self.doc.get_all(obj, prop),
        };
        got.unwrap_or_default()
    }

    pub fn keys(&self, obj: &ObjId) -> Vec<String> {
        match self.heads {
            Some(heads) => self.doc.keys_at(obj, heads).collect(),
            None => self.doc.keys(obj).collect(),
        }
    }

    pub fn length(&self, obj: &ObjId) -> usize {
        match self.heads {
            Some(heads) => self.doc.length_at(obj, heads),
            None => self.doc.length(obj),
        }
    }

    pub fn text(&self, obj: &ObjId) -> Option<String> {
        match self.heads {
            Some(heads) => self.doc.text_at(obj, heads),
            None => self.doc.text(obj),
        }
        .ok()
    }

    /// The object of this type at `obj[key]`.
    pub fn object(&self, obj: &ObjId, key: &str, kind: ObjType) -> Option<ObjId> {
        match self.get(obj, key)? {
            (Value::Object(t), id) if t == kind => Some(id),
            _ => None,
        }
    }

    pub fn map(&self, obj: &ObjId, key: &str) -> Option<ObjId> {
        self.object(obj, key, ObjType::Map)
    }

    pub fn scalar(&self, obj: &ObjId, prop: impl Into<Prop>) -> Option<ScalarValue> {
        match self.get(obj, prop)? {
            (Value::Scalar(s), _) => Some(s.into_owned()),
            _ => None,
        }
    }

    pub fn str(&self, obj: &ObjId, key: &str) -> Option<String> {
        match self.scalar(obj, key)? {
            ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        }
    }

    /// A whole number, however a peer stored it (JavaScript writes ints).
    pub fn int(&self, obj: &ObjId, key: &str) -> Option<i64> {
        match self.scalar(obj, key)? {
            ScalarValue::Int(i) | ScalarValue::Timestamp(i) => Some(i),
            ScalarValue::Uint(u) => i64::try_from(u).ok(),
            _ => None,
        }
    }

    /// A string stored as a scalar or as Text.
    pub fn string_or_text(&self, obj: &ObjId, key: &str) -> Option<String> {
        match self.get(obj, key)? {
            (Value::Scalar(s), _) => match s.as_ref() {
                ScalarValue::Str(s) => Some(s.to_string()),
                _ => None,
            },
            (Value::Object(ObjType::Text), id) => self.text(&id),
            _ => None,
        }
    }

    /// The items of a list of strings; `None` if any item is not a string.
    pub fn strings(&self, list: &ObjId) -> Option<Vec<String>> {
        (0..self.length(list))
            .map(|i| match self.scalar(list, i)? {
                ScalarValue::Str(s) => Some(s.to_string()),
                _ => None,
            })
            .collect()
    }

    /// A list of strings at `obj[key]`.
    pub fn string_list(&self, obj: &ObjId, key: &str) -> Option<Vec<String>> {
        let list = self.object(obj, key, ObjType::List)?;
        self.strings(&list)
    }
}
