//! Minutes' action items become tasks in the tracker the minutes name, linked
//! both ways: the action item's "tracked task" links to the tracker's row,
//! the row's "from (minutes)" links back to the action item.

use rand_core::RngCore;

use crate::document::{ConcordDoc, DocResult, RowId, Value};

const ITEMS: &str = "action_items";
const TASKS: &str = "tasks";

/// The tracker the minutes name (their `tracker` link), if any.
pub fn named_tracker(minutes: &ConcordDoc) -> Option<String> {
    match minutes.field("tracker").ok()? {
        Some(Value::Link { doc, .. }) => Some(doc),
        _ => None,
    }
}

/// The action items not yet tracked: those without a task link.
pub fn untracked_items(minutes: &ConcordDoc) -> DocResult<Vec<RowId>> {
    Ok(minutes
        .rows(ITEMS)?
        .into_iter()
        .filter(|r| !r.cells.contains_key("task"))
        .map(|r| r.id)
        .collect())
}

/// Adds a tracker row for each untracked action item (its action, owner and
/// deadline; not started) and links the two both ways. `minutes_id` and
/// `tracker_id` are the documents' ids as links name them. The rows added,
/// as (action item, tracker row). Other documents than minutes and a
/// tracker are refused by their missing tables.
pub fn track_action_items(
    minutes: &mut ConcordDoc,
    minutes_id: &str,
    tracker: &mut ConcordDoc,
    tracker_id: &str,
    rng: &mut impl RngCore,
) -> DocResult<Vec<(RowId, RowId)>> {
    let mut done = Vec::new();
    for item in untracked_items(minutes)? {
        let cells = minutes.row_cells(ITEMS, &item)?;
        let last = tracker.row_keys(TASKS)?.pop().map(|k| k.id);
        let row = tracker.add_row(TASKS, last.as_ref(), rng)?;
        for (from, to) in [
            ("item", "task"),
            ("owner", "owner"),
            ("deadline", "deadline"),
        ] {
            if let Some(value) = cells.get(from) {
                tracker.set_cell(TASKS, &row, to, value.clone())?;
            }
        }
        tracker.set_cell(TASKS, &row, "status", Value::Choice("not_started".into()))?;
        let back = Value::Link {
            doc: minutes_id.into(),
            row: Some(item.0.clone()),
        };
        tracker.set_cell(TASKS, &row, "source", back)?;
        let there = Value::Link {
            doc: tracker_id.into(),
            row: Some(row.0.clone()),
        };
        minutes.set_cell(ITEMS, &item, "task", there)?;
        done.push((item, row));
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        access::PersonId,
        document::{ActorId, tests::TestRng},
        library::find_template,
    };

    fn doc(template: &str) -> ConcordDoc {
        let alice: PersonId = "alice".parse().unwrap();
        let t = find_template(template).unwrap();
        ConcordDoc::create(t, "x", &alice, 1, ActorId::from(vec![1; 16])).unwrap()
    }

    #[test]
    fn each_action_item_becomes_one_linked_task() {
        let mut minutes = doc("meeting-minutes");
        let mut tracker = doc("task-tracker");
        let mut rng = TestRng(9);
        let item = minutes.add_row(ITEMS, None, &mut rng).unwrap();
        let cells = [
            ("item", Value::Text("send the quote".into())),
            ("owner", Value::Person("bob".into())),
            ("deadline", Value::Date("2026-12-10".into())),
        ];
        for (field, value) in cells {
            minutes.set_cell(ITEMS, &item, field, value).unwrap();
        }
        let made = track_action_items(&mut minutes, "m1", &mut tracker, "t1", &mut rng).unwrap();
        let [(linked, row)] = &made[..] else {
            panic!("{made:?}")
        };
        assert_eq!(linked, &item);
        assert_eq!(
            tracker.row_owner(TASKS, row).unwrap(),
            Some("bob".parse().unwrap())
        );
        let task = tracker.row_cells(TASKS, row).unwrap();
        assert_eq!(task["task"], Value::Text("send the quote".into()));
        assert_eq!(task["deadline"], Value::Date("2026-12-10".into()));
        assert_eq!(
            task["source"],
            Value::Link {
                doc: "m1".into(),
                row: Some(item.0.clone())
            }
        );
        assert_eq!(
            minutes.cell(ITEMS, &item, "task").unwrap(),
            Some(Value::Link {
                doc: "t1".into(),
                row: Some(row.0.clone())
            })
        );
        // Tracked once: a second run adds nothing.
        let again = track_action_items(&mut minutes, "m1", &mut tracker, "t1", &mut rng).unwrap();
        assert!(again.is_empty());
        assert_eq!(tracker.rows(TASKS).unwrap().len(), 1);
        // Anything but a tracker is refused, nothing linked.
        let mut notice = doc("internal-notice");
        let item2 = minutes.add_row(ITEMS, None, &mut rng).unwrap();
        let wrong = track_action_items(&mut minutes, "m1", &mut notice, "n1", &mut rng);
        assert!(wrong.is_err(), "{wrong:?}");
        assert_eq!(minutes.cell(ITEMS, &item2, "task").unwrap(), None);
    }
}
