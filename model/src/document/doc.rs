pub(super) use automerge::ActorId;
use automerge::transaction::{CommitOptions, Transactable};
use automerge::{AutoCommit, ChangeHash, ObjType, ROOT, ReadDoc, ScalarValue};

use super::{
    codec,
    error::{DocError, DocResult},
    field_spec::FieldSpec,
    value::Value,
};
use crate::{access::PersonId, field::FieldKind, library::find_template, template::Template};

pub(super) type ObjId = automerge::ObjId;

/// The schema version this code writes and reads.
pub const SCHEMA: i64 = 1;

/// One shared template instance: an Automerge document read and edited
/// through its template's fields, so callers never see raw Automerge paths.
/// Not `Clone`: a clone would carry the pending transaction under the same
/// actor, and both copies would later commit different changes with one
/// sequence number. Use `fork`.
#[derive(Debug)]
pub struct ConcordDoc {
    pub(super) doc: AutoCommit,
    pub(super) template: &'static Template,
    /// Where `take_touched` last left Automerge's diff cursor: if anything
    /// else moved it since, what it would report is incomplete.
    pub(super) touched_cursor: Vec<ChangeHash>,
}

impl ConcordDoc {
    /// A new document; the creator is its owner. `actor` should be fresh
    /// random bytes bound to the creator (the relay checks that binding).
    pub fn create(
        template: &'static Template,
        title: &str,
        creator: &PersonId,
        now_ms: i64,
        actor: ActorId,
    ) -> DocResult<Self> {
        let mut doc = AutoCommit::new().with_actor(actor);
        let meta = doc.put_object(ROOT, "meta", ObjType::Map)?;
        doc.put(&meta, "schema", ScalarValue::Int(SCHEMA))?;
        doc.put(&meta, "template_id", template.id.0)?;
        doc.put(
            &meta,
            "template_version",
            ScalarValue::Int(i64::from(template.version)),
        )?;
        let title_obj = doc.put_object(&meta, "title", ObjType::Text)?;
        doc.splice_text(&title_obj, 0, 0, title)?;
        doc.put(&meta, "classification", "internal")?;
        doc.put(&meta, "status", template.workflow.initial)?;
        doc.put(&meta, "created_by", creator.as_str())?;
        doc.put(&meta, "created_at", ScalarValue::Timestamp(now_ms))?;
        // Made with the document, as Texts are: two people tagging a
        // document at once would otherwise each make the map, and one
        // map (with its tags) would lose.
        doc.put_object(&meta, "tags", ObjType::Map)?;

        let acl = doc.put_object(ROOT, "acl", ObjType::Map)?;
        let members = doc.put_object(&acl, "members", ObjType::Map)?;
        doc.put(
            &members,
            creator.as_str(),
            crate::access::DocRole::Owner.as_str(),
        )?;
        doc.put_object(&acl, "orgs", ObjType::Map)?;
        doc.put_object(&acl, "departments", ObjType::Map)?;

        // Text objects exist from the start: two replicas creating the same
        // Text concurrently would conflict instead of merging characters.
        let fields = doc.put_object(ROOT, "fields", ObjType::Map)?;
        for field in template
            .fields
            .iter()
            .filter(|f| f.kind == FieldKind::LongText)
        {
            doc.put_object(&fields, field.id, ObjType::Text)?;
        }
        let tables = doc.put_object(ROOT, "tables", ObjType::Map)?;
        for table in template.tables {
            doc.put_object(&tables, table.id, ObjType::Map)?;
        }
        for part in ["comments", "signoffs", "reads", "versions", "custom_fields"] {
            doc.put_object(ROOT, part, ObjType::Map)?;
        }
        Ok(Self {
            doc,
            template,
            touched_cursor: Vec::new(),
        })
    }

    /// A document from bytes that may come from anyone: checks the schema and
    /// that its template is one we know.
    pub fn load(bytes: &[u8]) -> DocResult<Self> {
        let doc = AutoCommit::load(bytes).map_err(DocError::Load)?;
        Self::from_automerge(doc).map_err(|not_ours| not_ours.error)
    }

    /// A document already in Automerge (received through sync, say), checked
    /// as `load` checks bytes. On failure the document is handed back
    /// untouched, so nothing of it is lost.
    pub fn from_automerge(doc: AutoCommit) -> Result<Self, Box<NotOurs>> {
        match template_of(&doc) {
            Ok(template) => Ok(Self {
                doc,
                template,
                touched_cursor: Vec::new(),
            }),
            Err(error) => Err(Box::new(NotOurs { error, doc })),
        }
    }

    pub fn save(&mut self) -> Vec<u8> {
        self.doc.save()
    }

    /// Another replica with its own actor, as a second device would be.
    pub fn fork(&mut self, actor: ActorId) -> Self {
        Self {
            doc: self.doc.fork().with_actor(actor),
            template: self.template,
            touched_cursor: Vec::new(),
        }
    }

    pub fn merge(&mut self, other: &mut ConcordDoc) -> DocResult<Vec<ChangeHash>> {
        Ok(self.doc.merge(&mut other.doc)?)
    }

    /// The actor this replica writes as. `load` leaves a placeholder actor,
    /// so a loaded document must be given its person's actor before editing.
    pub fn set_actor(&mut self, actor: ActorId) {
        self.doc.set_actor(actor);
    }

    /// Ends the pending change, stamped with the time and an optional note,
    /// so the history says when each edit was made. Automerge change times
    /// are whole seconds (as the JavaScript library writes them).
    pub fn commit(&mut self, now_ms: i64, message: Option<&str>) -> Option<ChangeHash> {
        let mut options = CommitOptions::default().with_time(now_ms.div_euclid(1000));
        if let Some(message) = message {
            options = options.with_message(message);
        }
        self.doc.commit_with(options)
    }

    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    pub fn template(&self) -> &'static Template {
        self.template
    }

    /// The underlying document, for sync.
    pub fn automerge_mut(&mut self) -> &mut AutoCommit {
        &mut self.doc
    }

    pub fn title(&self) -> DocResult<String> {
        let meta = map_in(&self.doc, &ROOT, "meta")?;
        match self.doc.get(&meta, "title")? {
            Some((automerge::Value::Object(ObjType::Text), id)) => Ok(self.doc.text(&id)?),
            _ => Err(DocError::BadMeta("title")),
        }
    }

    pub fn set_field(&mut self, field_id: &str, value: Value) -> DocResult<()> {
        let def = self.field_def(field_id)?;
        let fields = map_in(&self.doc, &ROOT, "fields")?;
        self.put_value(&fields, &def, &value, false)
    }

    pub fn field(&self, field_id: &str) -> DocResult<Option<Value>> {
        let def = self.field_def(field_id)?;
        let fields = map_in(&self.doc, &ROOT, "fields")?;
        self.get_value(&fields, &def, || format!("fields.{field_id}"))
    }

    /// Edits a long-text field in place, so concurrent typing merges by
    /// character. Positions count characters as Automerge does.
    pub fn splice_text(
        &mut self,
        field_id: &str,
        pos: usize,
        del: usize,
        insert: &str,
    ) -> DocResult<()> {
        let def = self.field_def(field_id)?;
        let fields = map_in(&self.doc, &ROOT, "fields")?;
        self.splice_in(&fields, &def, pos, del, insert)
    }

    /// The one splice both form fields and table cells go through.
    pub(super) fn splice_in(
        &mut self,
        obj: &ObjId,
        def: &FieldSpec,
        pos: usize,
        del: usize,
        insert: &str,
    ) -> DocResult<()> {
        if def.kind != FieldKind::LongText {
            return Err(DocError::NotLongText(def.id.to_string()));
        }
        let text = self.text_obj(obj, &def.id, false)?;
        let len = self.doc.length(&text);
        if pos.checked_add(del).is_none_or(|end| end > len) {
            return Err(DocError::SpliceOutOfRange { pos, del, len });
        }
        let del = isize::try_from(del).map_err(|_| DocError::SpliceOutOfRange { pos, del, len })?;
        self.doc.splice_text(&text, pos, del, insert)?;
        Ok(())
    }

    /// The form field `field_id`, from the template or the document's
    /// custom fields: the one lookup every form-field read and write uses.
    pub(super) fn field_def(&self, field_id: &str) -> DocResult<FieldSpec> {
        if let Some(def) = self.template.field(field_id) {
            return Ok(FieldSpec::from(def));
        }
        self.custom_field(field_id)?
            .filter(|f| f.table.is_none())
            .map(|f| FieldSpec::custom(&f))
            .ok_or_else(|| DocError::UnknownField(field_id.to_owned()))
    }

    /// Writes a checked value. `replace` makes long text a fresh object, which
    /// is what settles two Text objects created concurrently.
    pub(super) fn put_value(
        &mut self,
        obj: &ObjId,
        def: &FieldSpec,
        value: &Value,
        replace: bool,
    ) -> DocResult<()> {
        if let Some(reason) = def.misfit(value) {
            return Err(if reason == "wrong kind" {
                DocError::WrongKind {
                    field: def.id.to_string(),
                    expected: def.kind,
                }
            } else {
                DocError::InvalidValue {
                    field: def.id.to_string(),
                    reason,
                }
            });
        }
        match (def.kind, value) {
            (FieldKind::LongText, Value::Text(s)) => {
                let text = self.text_obj(obj, &def.id, replace)?;
                self.doc.update_text(&text, s)?;
                Ok(())
            }
            _ => codec::write(&mut self.doc, obj, &def.id, value),
        }
    }

    pub(super) fn get_value(
        &self,
        obj: &ObjId,
        def: &FieldSpec,
        path: impl FnOnce() -> String,
    ) -> DocResult<Option<Value>> {
        match self.doc.get(obj, def.id.as_ref())? {
            None => Ok(None),
            Some((stored, id)) => def
                .read(&self.doc, &stored, &id)
                .map(Some)
                .ok_or_else(|| DocError::Corrupt(path())),
        }
    }

    fn text_obj(&mut self, obj: &ObjId, key: &str, replace: bool) -> DocResult<ObjId> {
        if !replace
            && let Some((automerge::Value::Object(ObjType::Text), id)) = self.doc.get(obj, key)?
        {
            return Ok(id);
        }
        Ok(self.doc.put_object(obj, key, ObjType::Text)?)
    }
}

/// The map at `parent[key]`, or an error naming the part that is malformed.
pub(super) fn map_in(doc: &AutoCommit, parent: &ObjId, key: &str) -> DocResult<ObjId> {
    match doc.get(parent, key)? {
        Some((automerge::Value::Object(ObjType::Map), id)) => Ok(id),
        _ => Err(DocError::Corrupt(key.to_owned())),
    }
}

pub(super) fn scalar(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<ScalarValue> {
    match doc.get(obj, key).ok()?? {
        (automerge::Value::Scalar(s), _) => Some(s.into_owned()),
        _ => None,
    }
}

impl ConcordDoc {
    /// The bare document, for reads shared with holders of one (the
    /// relay's room) and reads at past heads: its pending transaction
    /// closed first.
    pub(crate) fn automerge(&mut self) -> &automerge::Automerge {
        self.doc.document()
    }

    /// The document as it is now, for the rules' reads.
    pub(crate) fn at_now(&self) -> super::At<'_, AutoCommit> {
        super::At::now(&self.doc)
    }

    /// Starts recording changes from the current heads, so the rules'
    /// next diff from these heads is incremental instead of walking the
    /// whole history. Call it after a batch has been judged and kept.
    pub fn mark_judged(&mut self) {
        self.doc.update_diff_cursor();
    }
}

/// An Automerge document that does not read as a Concord document, handed
/// back whole with the reason.
#[derive(Debug)]
pub struct NotOurs {
    pub error: DocError,
    pub doc: AutoCommit,
}

/// The template a document says it is of, if its schema is one this build reads.
fn template_of(doc: &AutoCommit) -> DocResult<&'static Template> {
    let meta = map_in(doc, &ROOT, "meta").map_err(|_| DocError::BadMeta("meta"))?;
    match scalar(doc, &meta, "schema") {
        Some(ScalarValue::Int(SCHEMA)) | Some(ScalarValue::Uint(1)) => {}
        Some(ScalarValue::Int(other)) => return Err(DocError::UnsupportedSchema(other)),
        _ => return Err(DocError::BadMeta("schema")),
    }
    let template_id = match scalar(doc, &meta, "template_id") {
        Some(ScalarValue::Str(s)) => s.to_string(),
        _ => return Err(DocError::BadMeta("template_id")),
    };
    find_template(&template_id).ok_or(DocError::UnknownTemplate(template_id))
}
