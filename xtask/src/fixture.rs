//! Documents for the benchmark and the browser tests: a task tracker with
//! many rows, a document whose long text has a long history, and the many
//! trackers behind one person's task centre. Written as Automerge bytes by
//! `cargo xtask fixture`, which the tests hand to a JavaScript
//! automerge-repo peer to put on the relay.

use std::path::Path;

use concord_model::{ActorId, ConcordDoc, DocRole, PersonId, RowId, Value, find_template};
use rand_core::{RngCore, impls};

/// The kinds of fixture `cargo xtask fixture` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    /// A task tracker with `--size` rows (all in one change).
    Tracker,
    /// A task tracker whose notes were typed in `--size` changes.
    Typed,
    /// The trackers of `--creator`'s task centre: `--size` rows in all,
    /// written into the directory `--out`, one file per tracker.
    Centre,
}

/// Rows per tracker of a task centre, on average (from 10 to 190).
pub const CENTRE_ROWS_PER_DOC: usize = 100;

pub fn write(kind: Kind, size: usize, creator: &str, out: &Path) -> anyhow::Result<()> {
    let creator: PersonId = creator.parse()?;
    let mut doc = match kind {
        Kind::Tracker => tracker(size, &creator, false)?.0,
        Kind::Typed => typed(size, &creator)?,
        Kind::Centre => {
            std::fs::create_dir_all(out)?;
            for (n, mut doc) in centre(size, &creator)?.into_iter().enumerate() {
                std::fs::write(out.join(format!("{n:04}.automerge")), doc.save())?;
            }
            return Ok(());
        }
    };
    std::fs::write(out, doc.save())?;
    Ok(())
}

fn new_tracker(title: &str, creator: &PersonId, actor: ActorId) -> anyhow::Result<ConcordDoc> {
    let template = find_template("task-tracker").ok_or_else(|| anyhow::anyhow!("no tracker"))?;
    let mut doc = ConcordDoc::create(template, title, creator, 1_700_000_000_000, actor)?;
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
    let mut doc = new_tracker("2026 Q4 产品发布", creator, ActorId::from(vec![1u8; 16]))?;
    let mut rng = Rng(7);
    let mut ids: Vec<RowId> = Vec::with_capacity(rows);
    for i in 0..rows {
        let owner: PersonId = format!("p{}", i % 40).parse()?;
        let day = 1 + i % 28;
        let dates = (format!("2026-10-{day:02}"), format!("2026-11-{day:02}"));
        let row = add_task(&mut doc, ids.last(), i, &owner, dates, &mut rng)?;
        if change_per_row {
            doc.commit(1_700_000_000_000 + i as i64 * 60_000, None);
        }
        ids.push(row);
    }
    doc.commit(1_700_000_000_000, None);
    Ok((doc, ids))
}

/// Row `i` of a tracker, owned by `owner`, after `after`, from and to
/// `dates`: its cells as people fill them in.
fn add_task(
    doc: &mut ConcordDoc,
    after: Option<&RowId>,
    i: usize,
    owner: &PersonId,
    (start, deadline): (String, String),
    rng: &mut Rng,
) -> anyhow::Result<RowId> {
    let row = doc.add_row("tasks", after, rng)?;
    let cells = [
        (
            "task",
            Value::Text(format!("任务 {i}: 完成模块 {} 的接口联调", i % 97)),
        ),
        ("owner", Value::Person(owner.to_string())),
        (
            "collaborators",
            Value::People(vec![
                format!("p{}", (i + 1) % 40),
                format!("p{}", (i + 2) % 40),
            ]),
        ),
        ("start", Value::Date(start)),
        ("deadline", Value::Date(deadline)),
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
    doc.set_row_owner("tasks", &row, Some(owner))?;
    Ok(row)
}

/// `rows` rows in all over trackers of 10 to 190 rows (100 on average),
/// made by 40 colleagues, each sharing theirs with `reader` as an editor:
/// `reader` owns one row in ten, none of them done (about as many items in
/// `reader`'s task centre), its colleagues the rest. Each row its own
/// change, as people add them.
fn centre(rows: usize, reader: &PersonId) -> anyhow::Result<Vec<ConcordDoc>> {
    let docs = rows.div_ceil(CENTRE_ROWS_PER_DOC).max(1);
    // Pairs of trackers sized 100 - d and 100 + d: some small, some large,
    // `rows` in all.
    let mut sizes: Vec<usize> = (0..docs)
        .map(|n| {
            let d = (n / 2 * 37) % 91;
            if n % 2 == 0 {
                CENTRE_ROWS_PER_DOC - d
            } else {
                CENTRE_ROWS_PER_DOC + d
            }
        })
        .collect();
    let planned: usize = sizes.iter().sum();
    if let Some(last) = sizes.last_mut() {
        *last = (*last + rows).saturating_sub(planned).max(1);
    }
    let mut out = Vec::with_capacity(docs);
    let mut i = 0;
    for (n, size) in sizes.into_iter().enumerate() {
        let creator: PersonId = format!("p{}", n % 40).parse()?;
        let mut actor = [0u8; 16];
        actor[..8].copy_from_slice(&(n as u64 + 1).to_be_bytes());
        let team = ["研发", "市场", "采购", "质量", "交付"][n % 5];
        let title = format!("{team}部 任务跟踪 {}", n + 1);
        let mut doc = new_tracker(&title, &creator, ActorId::from(actor.to_vec()))?;
        doc.set_member_role(reader, DocRole::Editor)?;
        let mut rng = Rng(n as u64);
        let mut last: Option<RowId> = None;
        for _ in 0..size {
            // Rows 1, 11, 21, …: statuses cycle every four rows, so these
            // are in progress or delayed, all waiting for `reader`.
            let owner = if i % 10 == 1 {
                reader.clone()
            } else {
                format!("p{}", i % 40).parse()?
            };
            // Deadlines over two years from January 2026: some past, some to come.
            let (year, month) = (2026 + i % 24 / 12, 1 + i % 12);
            let dates = (
                format!("{year}-{month:02}-01"),
                format!("{year}-{month:02}-{:02}", 1 + i % 28),
            );
            last = Some(add_task(
                &mut doc,
                last.as_ref(),
                i,
                &owner,
                dates,
                &mut rng,
            )?);
            doc.commit(1_700_000_000_000 + i as i64 * 60_000, None);
            i += 1;
        }
        out.push(doc);
    }
    Ok(out)
}

/// A tracker whose notes were typed a few characters at a time, with the
/// occasional correction, in `changes` changes.
fn typed(changes: usize, creator: &PersonId) -> anyhow::Result<ConcordDoc> {
    let mut doc = new_tracker("2026 Q4 产品发布", creator, ActorId::from(vec![1u8; 16]))?;
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

    #[test]
    fn a_centre_holds_the_rows_asked_for_a_tenth_of_them_the_readers() {
        let reader: PersonId = "lin".parse().unwrap();
        let docs = centre(2_000, &reader).unwrap();
        assert_eq!(docs.len(), 20);
        let (mut rows, mut theirs) = (0, 0);
        for doc in &docs {
            assert!(concord_model::validate(doc).is_empty());
            assert_eq!(doc.member_role(&reader).unwrap(), Some(DocRole::Editor));
            let listed = doc.rows("tasks").unwrap();
            rows += listed.len();
            theirs += listed
                .iter()
                .filter(|r| r.owner.as_ref() == Some(&reader))
                .count();
        }
        assert_eq!((rows, theirs), (2_000, 200));
    }
}
