//! Tolerant readers for the parts other peers write: each answers None for
//! anything missing or of the wrong type, so callers skip it instead of failing.

use automerge::{AutoCommit, ObjType, ReadDoc, ScalarValue};

use super::{codec, doc::ObjId, doc::scalar};
use crate::custom_field::Label;

pub fn str_at(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<String> {
    codec::string_at(doc, obj, key)
}

/// Milliseconds, written as a Timestamp by us or as an Int by other clients.
pub fn ms_at(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<i64> {
    match scalar(doc, obj, key)? {
        ScalarValue::Timestamp(ms) | ScalarValue::Int(ms) => Some(ms),
        ScalarValue::Uint(u) => i64::try_from(u).ok(),
        _ => None,
    }
}

/// A list of strings; None if any item is not a string.
pub fn strings_at(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<Vec<String>> {
    let list = object_at(doc, obj, key, ObjType::List)?;
    codec::strings(doc, &list)
}

/// A Text object's content, or a plain string that another client wrote.
pub fn text_at(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<String> {
    match doc.get(obj, key).ok()?? {
        (automerge::Value::Object(ObjType::Text), id) => doc.text(&id).ok(),
        (automerge::Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(t) => Some(t.to_string()),
            _ => None,
        },
        _ => None,
    }
}

pub fn object_at(doc: &AutoCommit, obj: &ObjId, key: &str, kind: ObjType) -> Option<ObjId> {
    match doc.get(obj, key).ok()?? {
        (automerge::Value::Object(found), id) if found == kind => Some(id),
        _ => None,
    }
}

/// A `{zh-CN, en}` map.
pub fn label_at(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<Label> {
    let map = object_at(doc, obj, key, ObjType::Map)?;
    Some(Label {
        zh_cn: str_at(doc, &map, "zh-CN")?,
        en: str_at(doc, &map, "en")?,
    })
}
