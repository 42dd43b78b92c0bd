//! Every template's tables: the columns their lists show, and who may
//! change a row that is someone else's.

use super::library;
use crate::{
    access::{Actor, DocRole, Person, PersonId, Refusal},
    field::FieldKind,
    workflow::{DocFacts, may_write_cell},
};

fn pid(s: &str) -> PersonId {
    s.parse().unwrap()
}

fn actor(id: &str, role: DocRole) -> Actor {
    Actor {
        person: Person::staff(pid(id), vec![]),
        role: Some(role),
    }
}

#[test]
fn every_table_lists_real_columns_naming_the_row_first() {
    for t in library() {
        for table in t.tables {
            assert!(
                !table.columns.is_empty(),
                "{}: {} lists nothing",
                t.id,
                table.id
            );
            for (i, column) in table.columns.iter().enumerate() {
                let field = table.fields.iter().find(|f| f.id == *column);
                let field = field.unwrap_or_else(|| panic!("{}: no column {column}", t.id));
                assert!(
                    !table.columns[..i].contains(column),
                    "{}: {column} listed twice",
                    t.id
                );
                assert_ne!(field.kind, FieldKind::Attachment, "{}: {column}", t.id);
            }
            let first = table.fields.iter().find(|f| f.id == table.columns[0]);
            assert!(
                first.is_some_and(|f| f.required),
                "{}: {} is named by an optional cell",
                t.id,
                table.id
            );
            // What a row's status is, where it has one, is worth a glance.
            for status in table.fields.iter().filter(|f| f.id == "status") {
                assert!(table.columns.contains(&status.id), "{}: status", t.id);
            }
        }
    }
}

/// Where some of a row's cells are its owner's, all are: another editor
/// must not rename, re-date or reassign a row whose status they may not
/// touch. Each such table names the cell that says whose the row is.
#[test]
fn a_row_that_is_someones_is_wholly_theirs() {
    let mut checked = 0;
    for t in library() {
        let flow = &t.workflow;
        for table in t.tables.iter().filter(|tb| flow.rows_are_owned(tb.id)) {
            let open = flow.states.iter().filter(|s| s.open);
            for state in open {
                let doc = DocFacts::new(t, pid("ini")).in_state(state.id);
                let other = actor("zed", DocRole::Editor);
                for field in table.fields {
                    let refused =
                        may_write_cell(&other, &doc, table.id, field.id, false, Some(&pid("ann")));
                    assert!(
                        refused.is_err(),
                        "{}: {} may write {}.{} of ann's row in {}",
                        t.id,
                        other.id(),
                        table.id,
                        field.id,
                        state.id
                    );
                    checked += 1;
                }
            }
            let owner_cell = flow
                .owner_cell(table.id)
                .unwrap_or_else(|| panic!("{}: {} names no owner cell", t.id, table.id));
            let field = table.fields.iter().find(|f| f.id == owner_cell).unwrap();
            assert_eq!(field.kind, FieldKind::Person, "{}: {owner_cell}", t.id);
            assert!(field.required, "{}: {owner_cell}", t.id);
        }
    }
    assert!(checked > 40, "only {checked} cells checked");
}

/// The cell naming a row's responsible person is set with the row; then
/// only a document owner changes it, as only they hand a row over.
#[test]
fn the_row_owners_cell_changes_hands_only_by_a_document_owner() {
    let tracker = super::find_template("task-tracker").unwrap();
    let doc = DocFacts::new(tracker, pid("ini"));
    let ann = actor("ann", DocRole::Editor);
    let boss = actor("boss", DocRole::Owner);
    let write = |who: &Actor, new_row| {
        may_write_cell(who, &doc, "tasks", "owner", new_row, Some(&pid("ann")))
    };
    assert_eq!(
        write(&ann, true),
        Ok(()),
        "anyone adding a row names its owner"
    );
    assert!(matches!(
        write(&ann, false),
        Err(Refusal::FieldNotWritable { .. })
    ));
    assert_eq!(write(&boss, false), Ok(()));
    // The rest of ann's row is hers.
    for field in ["task", "start", "status", "progress", "collaborators"] {
        let ok = may_write_cell(&ann, &doc, "tasks", field, false, Some(&pid("ann")));
        assert_eq!(ok, Ok(()), "{field}");
    }
    // Its deadline is the initiator's to change (SPEC's task centre).
    let deadline = may_write_cell(&ann, &doc, "tasks", "deadline", false, Some(&pid("ann")));
    assert!(deadline.is_err());
}
