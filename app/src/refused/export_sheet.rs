use concord_model::export::{Cell, Column, Sheet};
use concord_sync::DocumentId;

use super::RefusedChange;

const COLUMNS: [(&str, Option<f64>); 8] = [
    ("hash", Some(20.0)),
    ("actor", None),
    ("seq", None),
    ("time", Some(22.0)),
    ("message", None),
    ("path", Some(32.0)),
    ("action", None),
    ("value", Some(40.0)),
];

/// The refused edits as a table: one line per place a change touched (a
/// change that touched nothing visible still gets its line), under lines
/// that name the document and the relay's reason. The relay writes it as
/// the .xlsx file (`POST /api/export/xlsx`); the app only says what goes in
/// it, so it carries no spreadsheet writer.
pub fn refused_sheet(doc: DocumentId, reason: &str, changes: &[RefusedChange]) -> Sheet {
    let mut rows = Vec::new();
    for change in changes {
        let mut line = |path: &str, action: &str, value: &str| {
            rows.push(vec![
                Cell::from(change.hash.as_str()),
                Cell::from(change.actor.as_str()),
                Cell::Number(change.seq as f64),
                Cell::from(change.time.as_str()),
                Cell::from(change.message.as_deref().unwrap_or("")),
                Cell::from(path),
                Cell::from(action),
                Cell::from(value),
            ]);
        };
        if change.effects.is_empty() {
            line("", "", "");
        }
        for effect in &change.effects {
            line(&effect.path, effect.action, &effect.value);
        }
    }
    Sheet {
        name: "refused".into(),
        preamble: vec![
            ("document".into(), doc.url()),
            ("refused because".into(), reason.to_owned()),
        ],
        columns: COLUMNS
            .iter()
            .map(|(title, width)| Column {
                title: (*title).to_owned(),
                width: *width,
            })
            .collect(),
        rows,
    }
}
