//! `check_change`: may this person make the changes between two heads?
//!
//! The changes are judged by their effect, `Automerge::diff(before, after)`:
//! the patches that turn the document as it was at `before` into the
//! document at `after`, concurrent changes merged exactly as every replica
//! merges them. A write that lost a concurrent race still shows up (as a
//! conflict patch), because the losing value stays visible to whoever
//! settles the conflict. Judging the merged effect rather than each change
//! against its own parents is what keeps an offline edit made in a draft
//! from landing in a document that was submitted meanwhile: every rule
//! reads the document's state, roles and owners as of `before`, so nobody
//! can grant themselves a role, a row or a state in the same change.
//! Intermediate states inside one batch (a value written then removed
//! again) have no effect and are not judged. Should `before` not be an
//! ancestor of `after`, the state change between them is judged all the
//! same, so a batch that rolls history back is refused like any removal.
//!
//! Cost: one diff between the heads, then reads of only the parts the
//! patches touched; a whole-document pass happens only when a document is
//! created or its status moves (its required fields are then due). The
//! diff itself walks the whole history unless it is told where to look:
//! `check_change` is incremental when `before` is the document's diff
//! cursor (`ConcordDoc::mark_judged`, for a holder of a typed document), and
//! `check_applied` reads only the objects the batch's ops write to (what
//! the relay does: `check_effect`).

use automerge::{Automerge, Change, ChangeHash, ROOT, ReadDoc};

use super::{
    check_effect::{ObjectPaths, touched},
    doc_card::DocCard,
    facts::Facts,
    schema::{self, FieldContext},
    touch::{RowsTouched, Touch},
    validate::validate_at,
    violation::Violation,
};
use crate::{
    access::{Actor, DocRole, Person, Refusal, may_change_acl, may_create},
    calendar::Today,
    custom_field::CustomField,
    document::{At, ConcordDoc, custom_fields_at},
    workflow::ARCHIVED,
};

/// Whether everything that changed between `before` and `after` may be done
/// by `who`, as one batch: `Ok`, or the first refusal, naming the part and
/// the reason. `before` empty means the batch creates the document.
/// Heads the document does not hold are refused, never a panic. Rules about
/// dates are judged against `today` (at the relay: its own clock in the
/// workspace's zone, on the workspace's working days).
pub fn check_change(
    before: &[ChangeHash],
    after: &[ChangeHash],
    doc: &mut ConcordDoc,
    who: &Person,
    today: &Today,
) -> Result<(), Refusal> {
    known_heads(doc.automerge(), before, after)?;
    // `AutoCommit::diff` is incremental when `before` is the diff cursor
    // (`ConcordDoc::mark_judged`) and `after` the current heads.
    let patches = doc.automerge_mut().diff(before, after);
    judge(
        doc.automerge(),
        before,
        after,
        Touch::all_of(&patches),
        who,
        today,
    )
}

/// `check_change` over a bare Automerge document. Its diff walks the whole
/// history: `check_applied` is the same judgement at the cost of the batch.
pub fn check_history(
    doc: &Automerge,
    before: &[ChangeHash],
    after: &[ChangeHash],
    who: &Person,
    today: &Today,
) -> Result<(), Refusal> {
    known_heads(doc, before, after)?;
    judge(
        doc,
        before,
        after,
        Touch::all_of(&doc.diff(before, after)),
        who,
        today,
    )
}

/// `check_history` for a batch of changes just applied to `doc`: `batch`
/// holds the changes between `before` and `after` (the document's heads).
/// The same answer, read from only the objects the batch wrote to.
pub fn check_applied(
    doc: &Automerge,
    before: &[ChangeHash],
    after: &[ChangeHash],
    batch: &[Change],
    who: &Person,
    today: &Today,
) -> Result<(), Refusal> {
    let mut paths = ObjectPaths::default();
    check_applied_with(doc, before, after, batch, who, today, &mut paths).map(|_| ())
}

/// `check_applied` for a holder who judges one document batch after batch
/// (the relay's room): `paths` keeps where the objects it met sit, so
/// finding a touched object's path does not scan the whole document again.
/// The same answer with any `paths`, fresh or kept. Accepted, it says
/// which rows the batch touched.
pub fn check_applied_with(
    doc: &Automerge,
    before: &[ChangeHash],
    after: &[ChangeHash],
    batch: &[Change],
    who: &Person,
    today: &Today,
    paths: &mut ObjectPaths,
) -> Result<RowsTouched, Refusal> {
    known_heads(doc, before, after)?;
    let touches = touched(doc, before, after, batch, paths);
    let rows = RowsTouched::of(&touches);
    judge(doc, before, after, touches, who, today)?;
    Ok(rows)
}

/// The role `who` has on the document as it stands (its acl and
/// classification), or why they have none: what the relay asks before it
/// lets anyone read a document, and again whenever the acl may have changed.
/// A document whose meta does not read is refused to everyone.
pub fn role_in(doc: &Automerge, who: &Person) -> Result<DocRole, Refusal> {
    DocCard::read(doc)
        .map_err(|violation| Refusal::BreaksSchema { violation })?
        .role_of(who)
}

fn known_heads(
    doc: &Automerge,
    before: &[ChangeHash],
    after: &[ChangeHash],
) -> Result<(), Refusal> {
    let given: Vec<ChangeHash> = before.iter().chain(after).copied().collect();
    let missing = doc.get_missing_deps(&given);
    if missing.iter().any(|h| given.contains(h)) {
        return Err(Refusal::UnknownHeads);
    }
    Ok(())
}

fn judge(
    doc: &Automerge,
    before: &[ChangeHash],
    after: &[ChangeHash],
    touches: Vec<Touch>,
    who: &Person,
    today: &Today,
) -> Result<(), Refusal> {
    if touches.is_empty() {
        return Ok(());
    }
    let check = Check::new(doc, before, after, who, touches, today)?;
    check.run()
}

/// One batch being judged.
pub(super) struct Check<'a> {
    pub before: At<'a, Automerge>,
    pub after: At<'a, Automerge>,
    /// The document as of `before`; for a new document, as created.
    pub facts: Facts,
    pub actor: Actor,
    pub creating: bool,
    pub touches: Vec<Touch>,
    /// The relay's today, for rules about dates.
    pub today: &'a Today,
}

impl<'a> Check<'a> {
    fn new(
        doc: &'a Automerge,
        before: &'a [ChangeHash],
        after: &'a [ChangeHash],
        who: &Person,
        touches: Vec<Touch>,
        today: &'a Today,
    ) -> Result<Self, Refusal> {
        let before_at = At::heads(doc, before);
        let after_at = At::heads(doc, after);
        let creating = before.is_empty();
        let broken = |violation| Refusal::BreaksSchema { violation };
        let (facts, actor) = if creating {
            let facts = Facts::read(after_at).map_err(broken)?;
            creation(&facts, after_at, who)?;
            // Whoever creates a document owns it (`ConcordDoc::create`).
            let actor = Actor {
                person: who.clone(),
                role: Some(DocRole::Owner),
            };
            (facts, actor)
        } else {
            let facts = Facts::read(before_at).map_err(broken)?;
            let actor = facts.actor(who);
            (facts, actor)
        };
        Ok(Self {
            before: before_at,
            after: after_at,
            facts,
            actor,
            creating,
            touches,
            today,
        })
    }

    fn run(&self) -> Result<(), Refusal> {
        let role = self.actor.role.ok_or(Refusal::NoAccess)?;
        for touch in &self.touches {
            self.gate(touch, role)?;
            self.judge(touch)?;
        }
        Ok(())
    }

    /// What holds whatever was touched: archived documents change only
    /// their sharing; viewers write nothing but their own read confirmation.
    fn gate(&self, touch: &Touch, role: DocRole) -> Result<(), Refusal> {
        if !self.creating && self.facts.doc.state == ARCHIVED {
            // `may_change_acl`: sharing an archive (read-only) stays possible.
            return match touch {
                Touch::Acl if role == DocRole::Owner => Ok(()),
                _ => Err(Refusal::ArchivedReadOnly),
            };
        }
        // Reviewers may hold only a viewer's role: whether they may sign or
        // move the workflow is `may_transition`'s call.
        let open_to_readers = match touch {
            Touch::Read(p) => p == self.actor.id().as_str(),
            Touch::Signoff(_) => true,
            Touch::Meta(key) => {
                ["status", "status_reason", "round", "status_at"].contains(&key.as_str())
                    || (key == "classification" && self.publishing_move().is_some())
            }
            // The move that publishes grants its recipients, whoever takes it.
            Touch::Acl => self.publishing_move().is_some(),
            // The move that freezes a version names it, whoever takes it.
            Touch::Version(_) => self.freezing_move().is_some(),
            // A reviewer's own fields: `may_write_field` decides.
            Touch::Field(id) => self
                .facts
                .doc
                .template
                .workflow
                .write_rules
                .iter()
                .any(|r| r.writer == crate::workflow::Writer::OnlyReviewer && r.covers(None, id)),
            _ => false,
        };
        if !role.may_edit() && !open_to_readers {
            return Err(Refusal::ViewerCannotEdit);
        }
        Ok(())
    }

    fn judge(&self, touch: &Touch) -> Result<(), Refusal> {
        match touch {
            Touch::Root(part) => self.root(part),
            Touch::Meta(key) => self.meta(key),
            Touch::Acl => {
                if may_change_acl(&self.actor).is_err() && self.publishing_move().is_some() {
                    return self.acl_published();
                }
                may_change_acl(&self.actor)?;
                self.schema_at_after(|at, out| schema::check_acl(at, out))
            }
            Touch::Field(id) => self.field(id),
            Touch::CustomFields => {
                crate::workflow::may_manage_fields(&self.actor, self.facts.doc())?;
                let template = self.facts.doc.template;
                let custom = self.custom_fields();
                let ctx = self.field_context(&custom);
                // A definition added, changed or removed must leave every
                // value it governs fitting, in the form and in the rows.
                self.schema_at_after(|at, out| {
                    schema::check_custom_fields(at, template, out);
                    schema::check_fields(at, &ctx, out);
                    schema::check_tables(at, &ctx, out);
                })
            }
            Touch::Table(table) => self.table(table),
            Touch::Row { table, row } => self.row(table, row),
            Touch::RowOrder { table, row } => self.row_order(table, row),
            Touch::RowOwner { table, row } => self.row_owner_change(table, row),
            Touch::Cell { table, row, field } => self.cell(table, row, field),
            Touch::RowPart { table, row, key } => self.row_part(table, row, key),
            Touch::Comment(id) => self.comment(id),
            Touch::Read(person) => self.read(person),
            Touch::Signoff(id) => self.signoff(id),
            Touch::Version(id) => self.version(id),
        }
    }

    pub(super) fn owner_only(&self, what: &str) -> Result<(), Refusal> {
        if self.actor.role == Some(DocRole::Owner) {
            Ok(())
        } else {
            Err(Refusal::NeedsOwner { what: what.into() })
        }
    }

    /// The document's custom fields after the change: a batch that adds a
    /// field also writes its first values (long-text fields' Text objects).
    /// Adding or changing a definition is judged on its own (owner only).
    pub(super) fn custom_fields(&self) -> Vec<CustomField> {
        custom_fields_at(self.after, self.facts.doc.template)
    }

    /// Whether this batch removes the custom field (it was one before, and
    /// is none after): its values go with it, which is no write of them.
    pub(super) fn newly_removed(&self, table: Option<&str>, id: &str) -> bool {
        let defined = |at| {
            custom_fields_at(at, self.facts.doc.template)
                .iter()
                .any(|f| f.id == id && f.table.as_deref() == table)
        };
        defined(self.before) && !defined(self.after)
    }

    /// Whether this batch defines the custom field (it was not one before).
    pub(super) fn newly_defined(&self, table: Option<&str>, id: &str) -> bool {
        !custom_fields_at(self.before, self.facts.doc.template)
            .iter()
            .any(|f| f.id == id && f.table.as_deref() == table)
    }

    /// How the schema judges fields after the change: required fields are
    /// due once the document is past its initial state.
    pub(super) fn field_context<'c>(&self, custom: &'c [CustomField]) -> FieldContext<'c> {
        let status = self
            .after
            .map(&ROOT, "meta")
            .and_then(|m| self.after.str(&m, "status"));
        FieldContext {
            template: self.facts.doc.template,
            custom,
            past_initial: status.is_some_and(|s| s != self.facts.doc.template.workflow.initial),
        }
    }

    /// Runs a schema check on the document after the change; its first
    /// violation refuses the change.
    pub(super) fn schema_at_after(
        &self,
        check: impl FnOnce(At<'a, Automerge>, &mut Vec<Violation>),
    ) -> Result<(), Refusal> {
        let mut out = Vec::new();
        check(self.after, &mut out);
        match out.into_iter().next() {
            Some(violation) => Err(Refusal::BreaksSchema { violation }),
            None => Ok(()),
        }
    }
}

/// What a new document must be: made by `who`, owned by them, in its
/// template's first state, with a superior other than its initiator, and
/// well formed throughout.
fn creation(facts: &Facts, after: At<'_, Automerge>, who: &Person) -> Result<(), Refusal> {
    may_create(who)?;
    if facts.doc.initiator != who.id {
        return Err(Refusal::NotYours {
            path: "meta.created_by".into(),
            owner: facts.doc.initiator.to_string(),
        });
    }
    if !facts.is_initial() {
        return Err(Refusal::TransitionNotAllowed {
            from: "(new)".into(),
            to: facts.doc.state.clone(),
            reason: format!(
                "a new document starts in {}",
                facts.doc.template.workflow.initial
            ),
        });
    }
    if facts.acl.people.get(&who.id) != Some(&DocRole::Owner) {
        return Err(Refusal::FieldNotWritable {
            field: format!("acl.members.{}", who.id),
            rule: "a new document names its creator as owner".into(),
        });
    }
    if facts.doc.direct_superior.as_ref() == Some(&who.id) {
        return Err(Refusal::FieldNotWritable {
            field: "meta.direct_superior".into(),
            rule: "the initiator cannot be their own superior".into(),
        });
    }
    if let Some(named) = &facts.doc.direct_superior {
        super::check_flow::superior_of(who, Some(named.clone()))?;
    }
    if let Some(violation) = validate_at(after).into_iter().next() {
        return Err(Refusal::BreaksSchema { violation });
    }
    Ok(())
}
