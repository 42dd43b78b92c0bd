use automerge::{Automerge, ChangeHash, Patch, PatchAction, Prop};
use serde::Serialize;

use super::utc_time;

/// One local change the relay does not have, in plain words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefusedChange {
    pub hash: String,
    pub actor: String,
    pub seq: u64,
    /// When it was made (Automerge keeps whole seconds), as UTC text.
    pub time: String,
    pub time_s: i64,
    /// The author's person id (the app writes it as each change's message).
    pub message: Option<String>,
    pub effects: Vec<ChangeEffect>,
}

/// What a change did at one place in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeEffect {
    /// Where, as keys from the root: `fields.budget`, `tables.items.rows.r1.what`.
    pub path: String,
    /// `set`, `insert`, `delete`, `text`, `increment`, `conflict` or `mark`.
    pub action: &'static str,
    pub value: String,
}

/// Every change of `doc` that is not in the history the relay acknowledged
/// (`relay_heads`; heads this copy does not know are left out), oldest first.
pub fn refused_changes(doc: &Automerge, relay_heads: &[ChangeHash]) -> Vec<RefusedChange> {
    let known: Vec<ChangeHash> = relay_heads
        .iter()
        .filter(|h| doc.get_change_meta_by_hash(h).is_some())
        .copied()
        .collect();
    doc.get_changes(&known)
        .into_iter()
        .map(|change| {
            let effects = doc
                .diff(change.deps(), &[change.hash()])
                .iter()
                .map(effect_of)
                .collect();
            RefusedChange {
                hash: change.hash().to_string(),
                actor: change.actor_id().to_hex_string(),
                seq: change.seq(),
                time: utc_time(change.timestamp().saturating_mul(1000)),
                time_s: change.timestamp(),
                message: change.message().map(str::to_owned),
                effects,
            }
        })
        .collect()
}

fn effect_of(patch: &Patch) -> ChangeEffect {
    let base: Vec<String> = patch.path.iter().map(|(_, prop)| prop_text(prop)).collect();
    let at = |last: String| {
        let mut parts = base.clone();
        parts.push(last);
        parts.join(".")
    };
    let (path, action, value) = match &patch.action {
        PatchAction::PutMap { key, value, .. } => (at(key.clone()), "set", value.0.to_string()),
        PatchAction::PutSeq { index, value, .. } => {
            (at(index.to_string()), "set", value.0.to_string())
        }
        PatchAction::Insert { index, values } => (
            at(index.to_string()),
            "insert",
            values
                .iter()
                .map(|(v, _, _)| v.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        PatchAction::SpliceText { index, value, .. } => {
            (at(index.to_string()), "text", value.make_string())
        }
        PatchAction::Increment { prop, value } => {
            (at(prop_text(prop)), "increment", value.to_string())
        }
        PatchAction::Conflict { prop } => (at(prop_text(prop)), "conflict", String::new()),
        PatchAction::DeleteMap { key } => (at(key.clone()), "delete", String::new()),
        PatchAction::DeleteSeq { index, length } => {
            (at(index.to_string()), "delete", format!("{length}"))
        }
        PatchAction::Mark { marks } => (base.join("."), "mark", format!("{}", marks.len())),
    };
    ChangeEffect {
        path,
        action,
        value,
    }
}

fn prop_text(prop: &Prop) -> String {
    match prop {
        Prop::Map(key) => key.clone(),
        Prop::Seq(index) => index.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use automerge::{AutoCommit, ROOT, transaction::Transactable};

    use super::*;

    #[test]
    fn only_changes_past_the_relays_heads_are_listed() {
        let mut doc = AutoCommit::new();
        doc.put(&ROOT, "title", "on the relay").unwrap();
        doc.commit();
        let relay = doc.get_heads();
        doc.put(&ROOT, "title", "refused").unwrap();
        doc.commit_with(
            automerge::transaction::CommitOptions::default()
                .with_message("wang")
                .with_time(60),
        );
        let refused = refused_changes(doc.document(), &relay);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].message.as_deref(), Some("wang"));
        assert_eq!(refused[0].time, "1970-01-01 00:01:00 UTC");
        assert_eq!(refused[0].effects[0].path, "title");
        assert_eq!(refused[0].effects[0].action, "set");
        assert!(refused[0].effects[0].value.contains("refused"));
        // Heads the relay named but this copy never saw: everything is refused.
        let unknown = [ChangeHash([9; 32])];
        assert_eq!(refused_changes(doc.document(), &unknown).len(), 2);
    }
}
