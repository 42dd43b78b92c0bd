//! S5's document and edits: a task tracker of thousands of rows with a long
//! history, owned by `owner` and shared with editors who each own some rows,
//! and the edits those editors make in it as the app would (a status set,
//! progress typed, a row added), through the typed document.

use anyhow::Context;
use automerge::{ActorId, Change};
use concord_model::{ConcordDoc, DocRole, PersonId, RowId, Value, find_template};
use rand_core::OsRng;

use crate::private_edits::PrivateEdits;

const TABLE: &str = "tasks";
const STATUSES: [&str; 4] = ["not_started", "in_progress", "done", "delayed"];
/// When the document says it was made; edits take the wall clock.
const CREATED_MS: i64 = 1_767_225_600_000;

/// The tracker as stored, and which rows each editor owns.
pub struct Tracker {
    pub bytes: Vec<u8>,
    /// Rows by editor, in the order of `editors` given to `build`.
    pub rows: Vec<Vec<RowId>>,
    pub changes: usize,
}

/// A tracker of `rows` rows, each filled in over five changes (so 2,000
/// rows make a history of 10,000), owned round-robin by `editors`.
pub fn build(owner: &PersonId, editors: &[PersonId], rows: usize) -> anyhow::Result<Tracker> {
    let template = find_template("task-tracker").context("the task tracker template")?;
    let mut doc = ConcordDoc::create(
        template,
        "2026 发布跟踪",
        owner,
        CREATED_MS,
        ActorId::random(),
    )?;
    doc.set_field("project", Value::Text("S5 基准".into()))?;
    for editor in editors {
        doc.set_member_role(editor, DocRole::Editor)?;
    }
    doc.commit(CREATED_MS, None);
    let mut owned = vec![Vec::new(); editors.len().max(1)];
    let mut last: Option<RowId> = None;
    for i in 0..rows {
        let n = i % editors.len().max(1);
        let Some(editor) = editors.get(n).or(Some(owner)) else {
            continue;
        };
        let at = CREATED_MS + i as i64 * 1_000;
        let row = doc.add_row(TABLE, last.as_ref(), &mut OsRng)?;
        let cells = [
            (
                "task",
                Value::Text(format!("任务 {i}: 接口联调 {}", i % 97)),
            ),
            ("owner", Value::Person(editor.to_string())),
            ("status", Value::Choice(STATUSES[i % 4].into())),
        ];
        for (field, value) in cells {
            doc.set_cell(TABLE, &row, field, value)?;
        }
        doc.commit(at, None);
        doc.set_cell(
            TABLE,
            &row,
            "deadline",
            Value::Date(format!("2026-11-{:02}", 1 + i % 28)),
        )?;
        doc.set_cell(
            TABLE,
            &row,
            "deliverable",
            Value::Text(format!("文档 v{}", i % 5)),
        )?;
        doc.commit(at + 1, None);
        doc.splice_cell_text(TABLE, &row, "progress", 0, 0, "今日完成联调用例 12 个。")?;
        doc.commit(at + 2, None);
        doc.set_row_owner(TABLE, &row, Some(editor))?;
        doc.commit(at + 3, None);
        doc.set_cell(TABLE, &row, "risk", Value::Checkbox(i % 9 == 0))?;
        doc.commit(at + 4, None);
        owned[n].push(row.clone());
        last = Some(row);
    }
    let changes = doc.automerge_mut().get_changes(&[]).len();
    Ok(Tracker {
        bytes: doc.save(),
        rows: owned,
        changes,
    })
}

impl Tracker {
    /// A tracker `build` made before, from its bytes: the rows each of
    /// `editors` owns are read back.
    pub fn from_bytes(bytes: Vec<u8>, editors: &[PersonId]) -> anyhow::Result<Self> {
        let mut doc = ConcordDoc::load(&bytes)?;
        let mut rows = vec![Vec::new(); editors.len().max(1)];
        for row in doc.rows(TABLE)? {
            if let Some(n) = editors.iter().position(|e| Some(e) == row.owner.as_ref()) {
                rows[n].push(row.id);
            }
        }
        let changes = doc.automerge_mut().get_changes(&[]).len();
        Ok(Self {
            bytes,
            rows,
            changes,
        })
    }
}

/// An editor's edits on a private copy of the tracker, in their own rows:
/// mostly a status, some progress typed, now and then a new row.
pub struct TrackerEdits {
    doc: ConcordDoc,
    actor: ActorId,
    me: PersonId,
    rows: Vec<RowId>,
}

impl TrackerEdits {
    pub fn new(tracker: &Tracker, me: PersonId, rows: Vec<RowId>) -> anyhow::Result<Self> {
        anyhow::ensure!(!rows.is_empty(), "{me} owns no rows");
        let mut doc = ConcordDoc::load(&tracker.bytes)?;
        let actor = ActorId::random();
        doc.set_actor(actor.clone());
        Ok(Self {
            doc,
            actor,
            me,
            rows,
        })
    }

    /// Whose edits these are.
    pub fn me(&self) -> &PersonId {
        &self.me
    }

    /// Only one cell, set to the status after the one it had: what S5's
    /// judging figure measures. (Setting the value a cell has makes no change.)
    pub fn set_status(&mut self, stamp: String, seq: u32) -> anyhow::Result<Change> {
        let row = self.rows[seq as usize % self.rows.len()].clone();
        let now = match self.doc.cell(TABLE, &row, "status")? {
            Some(Value::Choice(now)) => STATUSES.iter().position(|s| *s == now),
            _ => None,
        };
        let next = STATUSES[now.map_or(0, |i| (i + 1) % STATUSES.len())];
        self.doc
            .set_cell(TABLE, &row, "status", Value::Choice(next.into()))?;
        self.commit(stamp)
    }

    fn commit(&mut self, stamp: String) -> anyhow::Result<Change> {
        self.doc
            .commit(now_ms(), Some(&stamp))
            .context("the edit changed nothing")?;
        self.doc
            .automerge_mut()
            .get_last_local_change()
            .context("the edit's change")
    }
}

impl PrivateEdits for TrackerEdits {
    fn actor(&self) -> ActorId {
        self.actor.clone()
    }

    fn edit(&mut self, stamp: String, seq: u32) -> anyhow::Result<Change> {
        let row = self.rows[seq as usize % self.rows.len()].clone();
        match seq % 10 {
            0 => {
                let new = self.doc.add_row(TABLE, Some(&row), &mut OsRng)?;
                self.doc
                    .set_cell(TABLE, &new, "task", Value::Text(format!("新任务 {seq}")))?;
                self.doc
                    .set_cell(TABLE, &new, "owner", Value::Person(self.me.to_string()))?;
                self.doc
                    .set_cell(TABLE, &new, "status", Value::Choice("not_started".into()))?;
                self.doc.set_row_owner(TABLE, &new, Some(&self.me))?;
                self.rows.push(new);
                self.commit(stamp)
            }
            3 | 7 => {
                self.doc
                    .splice_cell_text(TABLE, &row, "progress", 0, 0, "进展 ")?;
                self.commit(stamp)
            }
            _ => self.set_status(stamp, seq),
        }
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use concord_model::{Person, check_change};

    use super::*;
    use crate::{known_heads::KnownHeads, rebase::Rebaser};

    /// Every edit two editors make, rebased as a thin client sends it, is
    /// accepted by the rules the relay enforces, and the document stays valid.
    #[test]
    fn every_edit_is_one_the_rules_accept() {
        let owner: PersonId = "owner".parse().unwrap();
        let editors: Vec<PersonId> = ["editor1", "editor2"]
            .iter()
            .map(|e| e.parse().unwrap())
            .collect();
        let tracker = build(&owner, &editors, 20).unwrap();
        assert_eq!(tracker.changes, 1 + 20 * 5);
        let mut hub = ConcordDoc::load(&tracker.bytes).unwrap();
        let mut known = KnownHeads::of(hub.automerge_mut().document());
        let mut clients: Vec<(TrackerEdits, Rebaser, Person)> = editors
            .iter()
            .zip(&tracker.rows)
            .map(|(editor, rows)| {
                let edits = TrackerEdits::new(&tracker, editor.clone(), rows.clone()).unwrap();
                let rebaser = Rebaser::new(edits.actor());
                (edits, rebaser, Person::staff(editor.clone(), Vec::new()))
            })
            .collect();
        let today = concord_model::Today::at(
            CREATED_MS,
            &concord_model::Offset::CHINA,
            concord_model::WorkingDays::new(),
        )
        .unwrap();
        for seq in 0..12 {
            for (edits, rebaser, person) in &mut clients {
                let made = edits.edit(seq.to_string(), seq).unwrap();
                let change = rebaser.rebase(&made, known.heads(), known.max_op());
                known.add(&change);
                let before = hub.heads();
                hub.automerge_mut().apply_changes([change]).unwrap();
                let after = hub.heads();
                assert_eq!(
                    check_change(&before, &after, &mut hub, person, &today),
                    Ok(()),
                    "edit {seq} of {}",
                    person.id
                );
            }
        }
        assert_eq!(concord_model::validate(&hub), []);
        assert_eq!(hub.rows(TABLE).unwrap().len(), 20 + 2 * 2);
    }
}
