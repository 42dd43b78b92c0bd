//! What one document waits for and tells (its task-centre items and its
//! messages), kept in parts: one per task row, one for its process, and
//! the hours it was changed in. A holder who judges each batch (the
//! relay's room) brings it up to date by reading again only the task rows
//! the batch touched, so producing messages costs a small part of
//! accepting a change, however long the tracker.

use std::collections::BTreeMap;

use automerge::{Automerge, Change};

use super::{
    awaiting::{process_awaiting, task_awaiting},
    messages::{FollowedHours, RowWrites, Written, process_messages, task_messages},
    task::task_of,
    task_shape::{TaskShape, task_shapes},
};
use crate::{
    access::PersonId,
    calendar::{Day, TimeZone, Today},
    document::{
        At, ConcordDoc, OneRow, RowId, custom_fields_at, last_written_in, row_at, row_ids,
        table_specs, task_row_of, written_in,
    },
    rules::RowsTouched,
    template::Template,
    views::{Awaiting, DocMessage, message_phase},
};

/// What one document waits for and tells, for everyone, as of one state
/// of it and one phase of the day (`message_phase`).
#[derive(Debug, Clone)]
pub struct DocDigest {
    id: String,
    template: &'static Template,
    /// The document's creator, who decides tasks that name no initiator;
    /// `None` where its meta does not read (then it tells nothing).
    initiator: Option<PersonId>,
    title: String,
    phase: (Day, bool),
    process: Part,
    tasks: BTreeMap<(&'static str, RowId), Part>,
    followed: FollowedHours,
    /// `followed`'s messages, made once per update rather than per reader.
    followed_told: Vec<DocMessage>,
}

#[derive(Debug, Clone, Default)]
struct Part {
    awaiting: Vec<Awaiting>,
    messages: Vec<DocMessage>,
}

impl DocDigest {
    /// The whole document read (`id`: its id), on `today`.
    pub fn read(id: &str, doc: &mut ConcordDoc, today: &Today, zone: &dyn TimeZone) -> Self {
        let meta = doc.meta().ok();
        let waits = process_awaiting(doc, today, zone);
        let told = process_messages(doc, &waits, today, zone);
        let template = doc.template();
        let mut digest = DocDigest {
            id: id.to_owned(),
            template,
            initiator: meta.as_ref().map(|m| m.created_by.clone()),
            title: meta.map(|m| m.title).unwrap_or_default(),
            phase: message_phase(today),
            process: Part {
                awaiting: waits,
                messages: told,
            },
            tasks: BTreeMap::new(),
            followed: FollowedHours::default(),
            followed_told: Vec::new(),
        };
        let doc = doc.automerge();
        let since = FollowedHours::since(today, zone).div_euclid(1000);
        for change in doc.get_changes_meta(&[]) {
            if change.timestamp >= since {
                let by = change.message.as_deref().and_then(|m| m.parse().ok());
                digest
                    .followed
                    .add(by, change.timestamp.saturating_mul(1000), zone);
            }
        }
        digest.followed_told = digest.followed.messages(&digest.title).collect();
        let custom = custom_fields_at(At::now(doc), template);
        for shape in task_shapes(template.id.0) {
            let specs = table_specs(template, &custom, shape.table);
            for row in row_ids(doc, shape.table).unwrap_or_default() {
                digest.read_task(doc, shape, &specs, row, today, zone);
            }
        }
        digest
    }

    /// Brings the digest up to `doc` after it accepted a batch (`changes`)
    /// that touched `touched`, reading again only the task rows it
    /// touched. False where that would not be the whole truth (a new phase
    /// of the day, anything besides task rows touched, a document whose
    /// process reads its rows): read it whole again.
    pub fn accepted(
        &mut self,
        doc: &Automerge,
        touched: &RowsTouched,
        changes: &[Change],
        today: &Today,
        zone: &dyn TimeZone,
    ) -> bool {
        // Approval shares a frozen version with everyone its rows name.
        let process_reads_rows = self.template.workflow.freezes_versions();
        if touched.beyond_rows || process_reads_rows || message_phase(today) != self.phase {
            return false;
        }
        let mut custom = None;
        for (table, row) in &touched.rows {
            let Some(shape) = task_shapes(self.template.id.0).find(|s| s.table == table) else {
                // A table the process may read (an alarm's owners).
                return false;
            };
            let custom =
                custom.get_or_insert_with(|| custom_fields_at(At::now(doc), self.template));
            let specs = table_specs(self.template, custom, shape.table);
            self.read_task(doc, shape, &specs, RowId(row.clone()), today, zone);
        }
        for change in changes {
            let by = change.message().and_then(|m| m.parse().ok());
            let at = change.timestamp().saturating_mul(1000);
            self.followed.add(by, at, zone);
        }
        if !changes.is_empty() {
            self.followed_told = self.followed.messages(&self.title).collect();
        }
        true
    }

    /// The phase of the day it was read in: good until it changes.
    pub fn phase(&self) -> (Day, bool) {
        self.phase
    }

    /// Everything the document waits for: its tasks', then its process's.
    pub fn awaiting(&self) -> impl Iterator<Item = &Awaiting> {
        let tasks = self.tasks.values().flat_map(|p| &p.awaiting);
        tasks.chain(&self.process.awaiting)
    }

    /// Every message it holds for anyone.
    pub fn messages(&self) -> impl Iterator<Item = &DocMessage> {
        let told = self.initiator.is_some();
        let tasks = self.tasks.values().flat_map(|p| &p.messages);
        let all = self
            .process
            .messages
            .iter()
            .chain(tasks)
            .chain(&self.followed_told);
        all.filter(move |_| told)
    }

    /// Reads one task row again (gone: its part goes).
    fn read_task(
        &mut self,
        doc: &Automerge,
        shape: &'static TaskShape,
        specs: &[crate::document::FieldSpec],
        row: RowId,
        today: &Today,
        zone: &dyn TimeZone,
    ) {
        let Some(one) = row_at(doc, self.template, specs, shape.table, &row) else {
            self.tasks.remove(&(shape.table, row));
            return;
        };
        let task = task_of(&self.id, shape, &one.view);
        let steps = shape
            .steps
            .then(|| task_row_of(one.view.owner.clone(), &one.view.cells));
        let awaiting = task_awaiting(&task, steps.as_ref(), self.initiator.as_ref());
        let mut writes = RowWritesIn {
            doc,
            one: &one,
            template: self.template,
            table: shape.table,
        };
        let messages = task_messages(
            self.template.id.0,
            &task,
            steps.as_ref(),
            &awaiting,
            &mut writes,
            today,
            zone,
        );
        self.tasks
            .insert((shape.table, row), Part { awaiting, messages });
    }
}

/// A row's writers, read from the document's change graph.
struct RowWritesIn<'a> {
    doc: &'a Automerge,
    one: &'a OneRow,
    template: &'static Template,
    table: &'static str,
}

impl RowWrites for RowWritesIn<'_> {
    fn owner(&mut self) -> Written {
        self.one.owner_written(self.doc, self.template, self.table)
    }

    fn cell(&mut self, field: &str) -> Written {
        written_in(self.doc, self.one.cells.as_ref()?, field)
    }

    fn any_cell(&mut self) -> Written {
        last_written_in(self.doc, self.one.cells.as_ref()?)
    }
}
