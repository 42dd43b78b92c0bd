use automerge::{ObjType, ROOT, ScalarValue, transaction::Transactable};

use super::{
    doc::{ActorId, ConcordDoc, map_in, scalar},
    error::DocResult,
    read::{label_at, object_at, str_at, strings_at},
};
use crate::access::PersonId;
use crate::custom_field::Label;
use crate::derived_template::{DerivedTemplate, SubtemplateRef};

impl ConcordDoc {
    /// A new document of a sub-template: a document of its base template
    /// that records the sub-template in `meta.subtemplate` and carries its
    /// extra fields as custom fields (see `derived_template`).
    pub fn create_derived(
        derived: &DerivedTemplate,
        title: &str,
        creator: &PersonId,
        now_ms: i64,
        actor: ActorId,
    ) -> DocResult<Self> {
        let base = derived.base_template()?;
        let mut doc = Self::create(base, title, creator, now_ms, actor)?;
        let meta = map_in(&doc.doc, &ROOT, "meta")?;
        let sub = doc.doc.put_object(&meta, "subtemplate", ObjType::Map)?;
        doc.doc.put(&sub, "id", derived.id.as_str())?;
        doc.doc.put(
            &sub,
            "version",
            ScalarValue::Int(i64::from(derived.version)),
        )?;
        let name = doc.doc.put_object(&sub, "name", ObjType::Map)?;
        doc.doc.put(&name, "zh-CN", derived.name.zh_cn.as_str())?;
        doc.doc.put(&name, "en", derived.name.en.as_str())?;
        let hidden = doc.doc.put_object(&sub, "hidden", ObjType::List)?;
        for (i, id) in derived.hidden.iter().enumerate() {
            doc.doc.insert(&hidden, i, id.as_str())?;
        }
        for field in &derived.extra_fields {
            doc.add_custom_field(field)?;
        }
        Ok(doc)
    }

    /// The document's shape as a sub-template `id` named `name`: its base
    /// template, its custom fields in their order, and the fields hidden by
    /// the sub-template it came from; no values. Checked as the relay
    /// checks a definition it is asked to share.
    pub fn shape(&self, id: &str, name: Label) -> DocResult<DerivedTemplate> {
        let derived = DerivedTemplate {
            id: id.to_owned(),
            version: 1,
            base: self.template().id.0.to_owned(),
            name,
            extra_fields: self.custom_fields()?,
            hidden: self.subtemplate()?.map(|s| s.hidden).unwrap_or_default(),
        };
        derived.checked()?;
        Ok(derived)
    }

    /// The sub-template this document was made from, if any and readable.
    pub fn subtemplate(&self) -> DocResult<Option<SubtemplateRef>> {
        let meta = map_in(&self.doc, &ROOT, "meta")?;
        let Some(sub) = object_at(&self.doc, &meta, "subtemplate", ObjType::Map) else {
            return Ok(None);
        };
        let version = match scalar(&self.doc, &sub, "version") {
            Some(ScalarValue::Int(v)) => u32::try_from(v).ok(),
            Some(ScalarValue::Uint(v)) => u32::try_from(v).ok(),
            _ => None,
        };
        Ok((|| {
            Some(SubtemplateRef {
                id: str_at(&self.doc, &sub, "id")?,
                version: version?,
                name: label_at(&self.doc, &sub, "name")?,
                hidden: strings_at(&self.doc, &sub, "hidden").unwrap_or_default(),
            })
        })())
    }
}
