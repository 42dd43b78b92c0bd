//! Minutes' action items become tasks in the tracker the minutes name, linked
//! both ways: the action item's "tracked task" links to the tracker's row,
//! the row's "from (minutes)" links back to the action item.

use std::collections::BTreeMap;

use rand_core::RngCore;

use crate::document::{ConcordDoc, DocResult, RowId, Value};

/// The template whose action items are tracked.
pub const MINUTES_TEMPLATE: &str = "meeting-minutes";

const ITEMS: &str = "action_items";
const TASKS: &str = "tasks";

/// The tracker the minutes name (their `tracker` link), if any.
pub fn named_tracker(minutes: &ConcordDoc) -> Option<String> {
    match minutes.field("tracker").ok()? {
        Some(Value::Link { doc, .. }) => Some(doc),
        _ => None,
    }
}

/// SPEC: minutes are published within an hour of the meeting.
pub const PUBLISH_WITHIN_MINUTES: i64 = 60;

/// How many minutes after the meeting the minutes were published, once
/// they were (`published_at`, stamped by the publish step, less `time`).
pub fn published_after_minutes(minutes: &ConcordDoc) -> Option<i64> {
    let at = |field| match minutes.field(field).ok()? {
        Some(Value::DateTime(ms)) => Some(ms),
        _ => None,
    };
    Some((at("published_at")? - at("time")?).div_euclid(60_000))
}

/// One action item not yet tracked, with its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionItem {
    pub row: RowId,
    pub cells: BTreeMap<String, Value>,
}

/// The action items not yet tracked: those without a task link.
pub fn untracked_items(minutes: &ConcordDoc) -> DocResult<Vec<ActionItem>> {
    Ok(minutes
        .rows(ITEMS)?
        .into_iter()
        .filter(|r| !r.cells.contains_key("task"))
        .map(|r| ActionItem {
            row: r.id,
            cells: r.cells,
        })
        .collect())
}

/// Adds a tracker row for each item (its action, owner and deadline; not
/// started), linking back to the item in the minutes `minutes_id`. The rows
/// added, as (action item, tracker row). A document without the tracker's
/// table is refused before anything is written.
pub fn add_tracked_tasks(
    tracker: &mut ConcordDoc,
    minutes_id: &str,
    items: &[ActionItem],
    rng: &mut impl RngCore,
) -> DocResult<Vec<(RowId, RowId)>> {
    let mut last = tracker.row_keys(TASKS)?.pop().map(|k| k.id);
    let mut made = Vec::new();
    for item in items {
        let row = tracker.add_row(TASKS, last.as_ref(), rng)?;
        for (from, to) in [
            ("item", "task"),
            ("owner", "owner"),
            ("deadline", "deadline"),
        ] {
            if let Some(value) = item.cells.get(from) {
                tracker.set_cell(TASKS, &row, to, value.clone())?;
            }
        }
        tracker.set_cell(TASKS, &row, "status", Value::Choice("not_started".into()))?;
        let back = Value::Link {
            doc: minutes_id.into(),
            row: Some(item.row.0.clone()),
        };
        tracker.set_cell(TASKS, &row, "source", back)?;
        made.push((item.row.clone(), row.clone()));
        last = Some(row);
    }
    Ok(made)
}

/// Links each action item to its tracker row (`add_tracked_tasks`' answer).
pub fn link_tracked_tasks(
    minutes: &mut ConcordDoc,
    tracker_id: &str,
    made: &[(RowId, RowId)],
) -> DocResult<()> {
    for (item, row) in made {
        let there = Value::Link {
            doc: tracker_id.into(),
            row: Some(row.0.clone()),
        };
        minutes.set_cell(ITEMS, item, "task", there)?;
    }
    Ok(())
}

/// Both halves on documents held together: every untracked action item
/// becomes a tracker row, linked both ways. The rows added.
pub fn track_action_items(
    minutes: &mut ConcordDoc,
    minutes_id: &str,
    tracker: &mut ConcordDoc,
    tracker_id: &str,
    rng: &mut impl RngCore,
) -> DocResult<Vec<(RowId, RowId)>> {
    let items = untracked_items(minutes)?;
    let made = add_tracked_tasks(tracker, minutes_id, &items, rng)?;
    link_tracked_tasks(minutes, tracker_id, &made)?;
    Ok(made)
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
        // Published 45 minutes after the meeting.
        assert_eq!(published_after_minutes(&minutes), None);
        minutes.set_field("time", Value::DateTime(0)).unwrap();
        minutes
            .set_field("published_at", Value::DateTime(45 * 60_000))
            .unwrap();
        assert_eq!(published_after_minutes(&minutes), Some(45));
        // Anything but a tracker is refused, nothing linked.
        let mut notice = doc("internal-notice");
        let item2 = minutes.add_row(ITEMS, None, &mut rng).unwrap();
        let wrong = track_action_items(&mut minutes, "m1", &mut notice, "n1", &mut rng);
        assert!(wrong.is_err(), "{wrong:?}");
        assert_eq!(minutes.cell(ITEMS, &item2, "task").unwrap(), None);
    }
}
