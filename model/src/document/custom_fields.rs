use std::collections::BTreeMap;

use automerge::{AutoCommit, ObjType, ROOT, ReadDoc, ScalarValue, transaction::Transactable};

use super::{
    at::At,
    doc::{ConcordDoc, ObjId, map_in},
    error::{DocError, DocResult},
    field_spec::FieldSpec,
    read::object_at,
};
use crate::custom_field::{CUSTOM_FIELDS_MAX, CustomField, CustomKind, CustomOption, Label};
use crate::template::Template;

/// The document's `custom_fields` part: fields this document adds to its
/// template, typed and checked like the template's own.
impl ConcordDoc {
    /// Adds a field to the form (`table: None`) or to a table's rows.
    /// Long-text fields get their Text objects now, in the form or in every
    /// existing row, so replicas typing into them merge by character.
    pub fn add_custom_field(&mut self, field: &CustomField) -> DocResult<()> {
        self.check_new_field(field)?;
        let part = map_in(&self.doc, &ROOT, "custom_fields")?;
        let entry = self
            .doc
            .put_object(&part, field.id.as_str(), ObjType::Map)?;
        write_label(&mut self.doc, &entry, "label", &field.label)?;
        self.doc.put(&entry, "kind", field.kind.name())?;
        if let CustomKind::SingleChoice { options } | CustomKind::MultipleChoice { options } =
            &field.kind
        {
            let list = self.doc.put_object(&entry, "options", ObjType::List)?;
            for (i, option) in options.iter().enumerate() {
                let item = self.doc.insert_object(&list, i, ObjType::Map)?;
                self.doc.put(&item, "id", option.id.as_str())?;
                write_label(&mut self.doc, &item, "label", &option.label)?;
            }
        }
        if let CustomKind::Rating { max } = field.kind {
            self.doc
                .put(&entry, "max", ScalarValue::Uint(u64::from(max)))?;
        }
        self.doc.put(&entry, "required", field.required)?;
        let last = custom_positions(At::now(&self.doc)).into_values().max();
        let position = last.map_or(0, |p| p.saturating_add(1));
        self.doc.put(&entry, "position", position)?;
        if let Some(table) = &field.table {
            self.doc.put(&entry, "table", table.as_str())?;
        }
        if field.kind == CustomKind::LongText {
            match &field.table {
                None => {
                    let fields = map_in(&self.doc, &ROOT, "fields")?;
                    self.doc
                        .put_object(&fields, field.id.as_str(), ObjType::Text)?;
                }
                Some(table) => {
                    for row in self.rows(table)? {
                        // A damaged row without cells gets its Text on first write.
                        let Ok(cells) = self.cells_obj(table, &row.id) else {
                            continue;
                        };
                        self.doc
                            .put_object(&cells, field.id.as_str(), ObjType::Text)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The document's custom fields in their order (`position`, then id).
    /// Malformed entries, and any
    /// that would shadow a template field, are skipped: a peer's bad entry
    /// must neither break reading nor retype a built-in field.
    pub fn custom_fields(&self) -> DocResult<Vec<CustomField>> {
        // The part is made with the document; its absence is damage.
        map_in(&self.doc, &ROOT, "custom_fields")?;
        Ok(custom_fields_at(At::now(&self.doc), self.template))
    }

    /// One custom field by id, read alone: field and cell lookups run on
    /// every edit, and a document may carry many custom fields.
    pub fn custom_field(&self, id: &str) -> DocResult<Option<CustomField>> {
        let part = map_in(&self.doc, &ROOT, "custom_fields")?;
        Ok(object_at(&self.doc, &part, id, ObjType::Map)
            .and_then(|entry| read_custom_field(At::now(&self.doc), &entry, id.to_owned()))
            .filter(|f| !self.is_template_field(f)))
    }

    /// Every form field: the template's, then the custom ones.
    pub(super) fn form_specs(&self) -> DocResult<Vec<FieldSpec>> {
        let mut specs: Vec<FieldSpec> = self.template.fields.iter().map(FieldSpec::from).collect();
        specs.extend(
            self.custom_fields()?
                .iter()
                .filter(|f| f.table.is_none())
                .map(FieldSpec::custom),
        );
        Ok(specs)
    }

    fn is_template_field(&self, field: &CustomField) -> bool {
        shadows_template(self.template, field)
    }

    fn check_new_field(&self, field: &CustomField) -> DocResult<()> {
        let refuse = |reason| {
            Err(DocError::InvalidCustomField {
                field: field.id.clone(),
                reason,
            })
        };
        if let Some(reason) = field.problem() {
            return refuse(reason);
        }
        if let Some(table) = &field.table {
            self.table_def(table)?;
        }
        if self.is_template_field(field) {
            return refuse("the template already has a field with this id");
        }
        let custom = self.custom_fields()?;
        if custom.iter().any(|f| f.id == field.id) {
            return refuse("the document already has a custom field with this id");
        }
        if custom.len() >= CUSTOM_FIELDS_MAX {
            return refuse("the document has as many custom fields as it may");
        }
        Ok(())
    }
}

pub(super) fn write_label(
    doc: &mut AutoCommit,
    obj: &ObjId,
    key: &str,
    label: &Label,
) -> DocResult<()> {
    let map = doc.put_object(obj, key, ObjType::Map)?;
    doc.put(&map, "zh-CN", label.zh_cn.as_str())?;
    doc.put(&map, "en", label.en.as_str())?;
    Ok(())
}

/// One custom field definition at `at`, or None if it is malformed: the one
/// reader for the typed API (now) and the rules (now or at past heads).
pub(crate) fn read_custom_field<R: ReadDoc>(
    at: At<'_, R>,
    entry: &ObjId,
    id: String,
) -> Option<CustomField> {
    let options = match at.object(entry, "options", ObjType::List) {
        None => Vec::new(),
        Some(list) => (0..at.length(&list))
            .map(|i| {
                let item = match at.get(&list, i)? {
                    (automerge::Value::Object(ObjType::Map), item) => item,
                    _ => return None,
                };
                Some(CustomOption {
                    id: at.str(&item, "id")?,
                    label: label(at, &item, "label")?,
                })
            })
            .collect::<Option<Vec<_>>>()?,
    };
    let max = match at.scalar(entry, "max") {
        Some(ScalarValue::Uint(u)) => u8::try_from(u).ok(),
        Some(ScalarValue::Int(i)) => u8::try_from(i).ok(),
        _ => None,
    };
    let kind = CustomKind::from_parts(&at.str(entry, "kind")?, options, max)?;
    let required = match at.scalar(entry, "required") {
        Some(ScalarValue::Boolean(b)) => b,
        _ => false,
    };
    Some(CustomField {
        id,
        label: label(at, entry, "label")?,
        kind,
        required,
        table: at.str(entry, "table"),
    })
}

/// The document's custom fields at `at`, in their order: by `position`
/// (an entry without one last), then by id; malformed entries
/// and any that would shadow a template field (or name a table the
/// template lacks) are skipped.
pub(crate) fn custom_fields_at<R: ReadDoc>(at: At<'_, R>, template: &Template) -> Vec<CustomField> {
    let Some(part) = at.map(&ROOT, "custom_fields") else {
        return Vec::new();
    };
    let mut out: Vec<CustomField> = at
        .keys(&part)
        .into_iter()
        .filter_map(|id| read_custom_field(at, &at.map(&part, &id)?, id))
        .filter(|f| !shadows_template(template, f))
        .collect();
    let positions = custom_positions(at);
    let position = |f: &CustomField| positions.get(&f.id).copied().unwrap_or(i64::MAX);
    out.sort_by(|a, b| position(a).cmp(&position(b)).then_with(|| a.id.cmp(&b.id)));
    out
}

/// Each custom field's `position`, where it has a readable one.
pub(super) fn custom_positions<R: ReadDoc>(at: At<'_, R>) -> BTreeMap<String, i64> {
    let Some(part) = at.map(&ROOT, "custom_fields") else {
        return BTreeMap::new();
    };
    at.keys(&part)
        .into_iter()
        .filter_map(|id| {
            let position = at.int(&at.map(&part, &id)?, "position")?;
            Some((id, position))
        })
        .collect()
}

fn shadows_template(template: &Template, field: &CustomField) -> bool {
    match &field.table {
        None => template.field(&field.id).is_some(),
        Some(table) => match template.table(table) {
            Some(def) => def.fields.iter().any(|f| f.id == field.id),
            // A field of a table the template lacks has nowhere to live.
            None => true,
        },
    }
}

/// A `{zh-CN, en}` map.
fn label<R: ReadDoc>(at: At<'_, R>, obj: &ObjId, key: &str) -> Option<Label> {
    let map = at.map(obj, key)?;
    Some(Label {
        zh_cn: at.str(&map, "zh-CN")?,
        en: at.str(&map, "en")?,
    })
}
