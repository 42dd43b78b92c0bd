//! How each `Value` is laid out in Automerge, and the checked way back.
//! Lists and composite values are objects; every other value is one scalar,
//! so a concurrent write shows up as a conflict on the field's key.

use automerge::{AutoCommit, ObjType, ReadDoc, ScalarValue, transaction::Transactable};

#[cfg(test)]
use super::value::misfit;
use super::{at::At, error::DocResult, value::Value};
use crate::{
    attachment::{Attachment, FileRef},
    field::FieldKind,
};

type ExId = automerge::ObjId;

pub fn write(doc: &mut AutoCommit, obj: &ExId, key: &str, value: &Value) -> DocResult<()> {
    match value {
        Value::Text(s) | Value::Date(s) | Value::Person(s) | Value::Department(s) => {
            doc.put(obj, key, s.as_str())?
        }
        Value::Choice(s) => doc.put(obj, key, s.as_str())?,
        Value::Number(n) => doc.put(obj, key, *n)?,
        Value::DateTime(ms) => doc.put(obj, key, ScalarValue::Timestamp(*ms))?,
        Value::Checkbox(b) => doc.put(obj, key, *b)?,
        Value::Rating(r) => doc.put(obj, key, ScalarValue::Uint(u64::from(*r)))?,
        Value::People(items) | Value::Departments(items) | Value::Choices(items) => {
            let list = doc.put_object(obj, key, ObjType::List)?;
            for (i, item) in items.iter().enumerate() {
                doc.insert(&list, i, item.as_str())?;
            }
        }
        Value::Attachments(items) => {
            let list = doc.put_object(obj, key, ObjType::List)?;
            for (i, item) in items.iter().enumerate() {
                match item {
                    Attachment::Named(name) => doc.insert(&list, i, name.as_str())?,
                    Attachment::File(file) => {
                        let map = doc.insert_object(&list, i, ObjType::Map)?;
                        doc.put(&map, "sha256", file.sha256.as_str())?;
                        doc.put(&map, "name", file.name.as_str())?;
                        doc.put(&map, "size", ScalarValue::Uint(file.size))?;
                        doc.put(&map, "type", file.media_type.as_str())?;
                    }
                }
            }
        }
        Value::Money { minor, currency } => {
            let map = doc.put_object(obj, key, ObjType::Map)?;
            doc.put(&map, "minor", ScalarValue::Int(*minor))?;
            doc.put(&map, "currency", currency.as_str())?;
        }
        Value::Link { doc: target, row } => {
            let map = doc.put_object(obj, key, ObjType::Map)?;
            doc.put(&map, "doc", target.as_str())?;
            if let Some(row) = row {
                doc.put(&map, "row", row.as_str())?;
            }
        }
    }
    Ok(())
}

/// The typed value of one stored value, or None when what is stored does not
/// fit the field (another peer's bug or malice must not break the reader).
#[cfg(test)]
pub fn read(
    doc: &AutoCommit,
    kind: &FieldKind,
    stored: &automerge::Value<'_>,
    id: &ExId,
) -> Option<Value> {
    decode_at(At::now(doc), kind, stored, id).filter(|value| misfit(kind, value).is_none())
}

/// The value as stored, if it has the shape of the kind, whether or not it
/// keeps the field's rules (`misfit` says that).
pub fn decode_at<R: ReadDoc>(
    at: At<'_, R>,
    kind: &FieldKind,
    stored: &automerge::Value<'_>,
    id: &ExId,
) -> Option<Value> {
    Some(match stored {
        automerge::Value::Scalar(s) => read_scalar(kind, s)?,
        automerge::Value::Object(ObjType::Text) if *kind == FieldKind::LongText => {
            Value::Text(at.text(id)?)
        }
        automerge::Value::Object(ObjType::List) if *kind == FieldKind::Attachment => {
            Value::Attachments(attachments(at, id)?)
        }
        automerge::Value::Object(ObjType::List) => {
            let items = at.strings(id)?;
            match kind {
                FieldKind::People => Value::People(items),
                FieldKind::Departments => Value::Departments(items),
                FieldKind::MultipleChoice(_) => Value::Choices(items),
                _ => return None,
            }
        }
        automerge::Value::Object(ObjType::Map) => match kind {
            FieldKind::Money => Value::Money {
                minor: match at.scalar(id, "minor")? {
                    ScalarValue::Int(i) => i,
                    ScalarValue::Uint(u) => i64::try_from(u).ok()?,
                    _ => return None,
                },
                currency: at.str(id, "currency")?,
            },
            FieldKind::Link => Value::Link {
                doc: at.str(id, "doc")?,
                row: match at.get(id, "row") {
                    None => None,
                    Some(_) => Some(at.str(id, "row")?),
                },
            },
            _ => return None,
        },
        automerge::Value::Object(_) => return None,
    })
}

/// An attachment list: names typed before files were stored are strings,
/// files are maps `{sha256, name, size, type}`.
fn attachments<R: ReadDoc>(at: At<'_, R>, list: &ExId) -> Option<Vec<Attachment>> {
    (0..at.length(list))
        .map(|i| match at.get(list, i)? {
            (automerge::Value::Scalar(s), _) => match s.as_ref() {
                ScalarValue::Str(name) => Some(Attachment::Named(name.to_string())),
                _ => None,
            },
            (automerge::Value::Object(ObjType::Map), map) => Some(Attachment::File(FileRef {
                sha256: at.str(&map, "sha256")?.parse().ok()?,
                name: at.str(&map, "name")?,
                size: u64::try_from(at.int(&map, "size")?).ok()?,
                media_type: at.str(&map, "type")?,
            })),
            _ => None,
        })
        .collect()
}

fn read_scalar(kind: &FieldKind, s: &ScalarValue) -> Option<Value> {
    let text = || match s {
        ScalarValue::Str(t) => Some(t.to_string()),
        _ => None,
    };
    Some(match kind {
        FieldKind::Text | FieldKind::LongText => Value::Text(text()?),
        FieldKind::Date => Value::Date(text()?),
        FieldKind::Person => Value::Person(text()?),
        FieldKind::Department => Value::Department(text()?),
        FieldKind::SingleChoice(_) => Value::Choice(text()?),
        FieldKind::Number => Value::Number(match s {
            ScalarValue::F64(n) => *n,
            // JavaScript peers write whole numbers as integers.
            ScalarValue::Int(i) => *i as f64,
            ScalarValue::Uint(u) => *u as f64,
            _ => return None,
        }),
        FieldKind::DateTime => Value::DateTime(match s {
            ScalarValue::Timestamp(ms) | ScalarValue::Int(ms) => *ms,
            _ => return None,
        }),
        FieldKind::Checkbox => Value::Checkbox(match s {
            ScalarValue::Boolean(b) => *b,
            _ => return None,
        }),
        FieldKind::Rating { .. } => Value::Rating(match s {
            ScalarValue::Uint(u) => u8::try_from(*u).ok()?,
            ScalarValue::Int(i) => u8::try_from(*i).ok()?,
            ScalarValue::F64(f) if f.fract() == 0.0 && (0.0..=255.0).contains(f) => *f as u8,
            _ => return None,
        }),
        _ => return None,
    })
}

pub(super) fn string_at(doc: &AutoCommit, obj: &ExId, key: &str) -> Option<String> {
    At::now(doc).str(obj, key)
}

pub(super) fn strings(doc: &AutoCommit, list: &ExId) -> Option<Vec<String>> {
    At::now(doc).strings(list)
}

#[cfg(test)]
mod tests {
    use automerge::{AutoCommit, ROOT, ReadDoc};

    use super::*;
    use crate::{field::ChoiceOption, locale::Localized};

    static OPTIONS: &[ChoiceOption] = &[ChoiceOption {
        id: "high",
        label: Localized {
            zh_cn: "高",
            en: "High",
        },
    }];

    /// Every kind, including those no built-in template uses yet.
    #[test]
    fn every_kind_round_trips_through_automerge() {
        let cases = [
            (FieldKind::Text, Value::Text("你好".into())),
            (FieldKind::Number, Value::Number(-2.25)),
            (
                FieldKind::Money,
                Value::Money {
                    minor: -150,
                    currency: "USD".into(),
                },
            ),
            (FieldKind::Date, Value::Date("2026-11-21".into())),
            (FieldKind::DateTime, Value::DateTime(-5)),
            (FieldKind::Person, Value::Person("p1".into())),
            (FieldKind::People, Value::People(vec![])),
            (FieldKind::Department, Value::Department("rd".into())),
            (
                FieldKind::Departments,
                Value::Departments(vec!["rd".into(), "qa".into()]),
            ),
            (
                FieldKind::SingleChoice(OPTIONS),
                Value::Choice("high".into()),
            ),
            (
                FieldKind::MultipleChoice(OPTIONS),
                Value::Choices(vec!["high".into()]),
            ),
            (FieldKind::Checkbox, Value::Checkbox(false)),
            (
                FieldKind::Attachment,
                Value::Attachments(vec![
                    Attachment::Named("spec.pdf".into()),
                    Attachment::File(FileRef::new(
                        crate::attachment::FileHash::from_digest(&[7; 32]),
                        "照片.jpg",
                        25 << 20,
                        "image/jpeg",
                    )),
                ]),
            ),
            (FieldKind::Rating { max: 10 }, Value::Rating(10)),
            (
                FieldKind::Link,
                Value::Link {
                    doc: "automerge:x".into(),
                    row: None,
                },
            ),
        ];
        let mut doc = AutoCommit::new();
        for (kind, value) in cases {
            write(&mut doc, &ROOT, "v", &value).unwrap();
            let (stored, id) = doc.get(ROOT, "v").unwrap().unwrap();
            assert_eq!(
                read(&doc, &kind, &stored, &id),
                Some(value.clone()),
                "{kind:?}"
            );
            // Read as another kind, the same content is refused, not coerced.
            let other = if kind == FieldKind::Checkbox {
                FieldKind::Link
            } else {
                FieldKind::Checkbox
            };
            assert_eq!(read(&doc, &other, &stored, &id), None, "{kind:?}");
        }
    }

    #[test]
    fn stored_values_outside_the_field_rules_are_unreadable() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "v", ScalarValue::Uint(300)).unwrap();
        let (stored, id) = doc.get(ROOT, "v").unwrap().unwrap();
        assert_eq!(
            read(&doc, &FieldKind::Rating { max: 5 }, &stored, &id),
            None
        );
        doc.put(ROOT, "v", "2026-02-31").unwrap();
        let (stored, id) = doc.get(ROOT, "v").unwrap().unwrap();
        assert_eq!(read(&doc, &FieldKind::Date, &stored, &id), None);
        doc.put(ROOT, "v", f64::INFINITY).unwrap();
        let (stored, id) = doc.get(ROOT, "v").unwrap().unwrap();
        assert_eq!(read(&doc, &FieldKind::Number, &stored, &id), None);
        let list = doc.put_object(ROOT, "v", ObjType::List).unwrap();
        doc.insert(&list, 0, 7).unwrap();
        let (stored, id) = doc.get(ROOT, "v").unwrap().unwrap();
        assert_eq!(read(&doc, &FieldKind::People, &stored, &id), None);
    }
}
