//! Documents for the benchmark and the browser tests: a task tracker with
//! many rows, and a document whose long text has a long history. Written as
//! Automerge bytes by `cargo xtask fixture`, which the tests hand to a
//! JavaScript automerge-repo peer to put on the relay.

use std::path::Path;

use concord_model::{ActorId, ConcordDoc, PersonId, RowId, Value, find_template};
use rand_core::{RngCore, impls};

/// The kinds of fixture `cargo xtask fixture` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    /// A task tracker with `--size` rows (all in one change).
    Tracker,
    /// A task tracker whose notes were typed in `--size` changes.
    Typed,
}

pub fn write(kind: Kind, size: usize, creator: &str, out: &Path) -> anyhow::Result<()> {
    let creator: PersonId = creator.parse()?;
    let mut doc = match kind {
        Kind::Tracker => tracker(size, &creator, false)?.0,
        Kind::Typed => typed(size, &creator)?,
    };
    std::fs::write(out, doc.save())?;
    Ok(())
}

fn new_tracker(creator: &PersonId) -> anyhow::Result<ConcordDoc> {
    let template = find_template("task-tracker").ok_or_else(|| anyhow::anyhow!("no tracker"))?;
    let mut doc = ConcordDoc::create(
        template,
        "2026 Q4 产品发布",
        creator,
        1_700_000_000_000,
        ActorId::from(vec![1u8; 16]),
    )?;
    doc.set_field("project", Value::Text("Q4 交付".into()))?;
    Ok(doc)
}

/// A tracker of `rows` realistic rows, owned by 40 people; each row its own
/// change when `change_per_row`, else one change for all.
pub fn tracker(
    rows: usize,
    creator: &PersonId,
    change_per_row: bool,
) -> anyhow::Result<(ConcordDoc, Vec<RowId>)> {
    let mut doc = new_tracker(creator)?;
    let mut rng = Rng(7);
    let mut ids = Vec::with_capacity(rows);
    for i in 0..rows {
        let row = doc.add_row("tasks", ids.last(), &mut rng)?;
        let owner = format!("p{}", i % 40);
        let day = 1 + i % 28;
        let cells = [
            (
                "task",
                Value::Text(format!("任务 {i}: 完成模块 {} 的接口联调", i % 97)),
            ),
            ("owner", Value::Person(owner.clone())),
            (
                "collaborators",
                Value::People(vec![
                    format!("p{}", (i + 1) % 40),
                    format!("p{}", (i + 2) % 40),
                ]),
            ),
            ("start", Value::Date(format!("2026-10-{day:02}"))),
            ("deadline", Value::Date(format!("2026-11-{day:02}"))),
            ("deliverable", Value::Text(format!("接口文档 v{}", i % 5))),
            (
                "status",
                Value::Choice(["not_started", "in_progress", "done", "delayed"][i % 4].into()),
            ),
            ("risk", Value::Checkbox(i.is_multiple_of(9))),
        ];
        for (field, value) in cells {
            doc.set_cell("tasks", &row, field, value)?;
        }
        doc.splice_cell_text(
            "tasks",
            &row,
            "progress",
            0,
            0,
            "今日完成联调用例 12 个，剩余 3 个待后端修复后验证。",
        )?;
        doc.set_row_owner("tasks", &row, Some(&owner.parse()?))?;
        if change_per_row {
            doc.commit(1_700_000_000_000 + i as i64 * 60_000, None);
        }
        ids.push(row);
    }
    doc.commit(1_700_000_000_000, None);
    Ok((doc, ids))
}

/// A tracker whose notes were typed a few characters at a time, with the
/// occasional correction, in `changes` changes.
fn typed(changes: usize, creator: &PersonId) -> anyhow::Result<ConcordDoc> {
    let mut doc = new_tracker(creator)?;
    doc.commit(1_700_000_000_000, None);
    let words = [
        "会议纪要",
        " review ",
        "需求确认",
        " done. ",
        "下一步：",
        " risk ",
    ];
    let mut len = 0usize;
    for i in 0..changes {
        if i % 10 == 9 && len > 2 {
            doc.splice_text("notes", len - 2, 2, "")?;
            len -= 2;
        } else {
            let word = words[i % words.len()];
            doc.splice_text("notes", len, 0, word)?;
            len += word.chars().count();
        }
        doc.commit(1_700_000_000_000 + i as i64 * 1_000, None);
    }
    Ok(doc)
}

/// splitmix64: row ids only need to differ, not to be unguessable.
pub struct Rng(pub u64);

impl RngCore for Rng {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        impls::fill_bytes_via_next(self, dest)
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_are_valid_documents_of_the_asked_size() {
        let creator: PersonId = "ann".parse().unwrap();
        let (doc, rows) = tracker(30, &creator, false).unwrap();
        assert_eq!(rows.len(), 30);
        assert_eq!(doc.rows("tasks").unwrap().len(), 30);
        assert!(concord_model::validate(&doc).is_empty());
        let mut typed = typed(50, &creator).unwrap();
        assert!(typed.automerge_mut().get_changes(&[]).len() > 50);
        assert!(concord_model::validate(&typed).is_empty());
    }
}
