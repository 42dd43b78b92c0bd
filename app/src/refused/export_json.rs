use concord_sync::DocumentId;

use super::RefusedChange;

/// The refused edits as a JSON file: the document, why the relay refused,
/// and each change (hash, actor, time, message, what it changed).
pub fn export_json(
    doc: DocumentId,
    reason: &str,
    changes: &[RefusedChange],
    now_ms: i64,
) -> String {
    let body = serde_json::json!({
        "document": doc.url(),
        "refused_because": reason,
        "exported_at_ms": now_ms,
        "changes": changes,
    });
    serde_json::to_string_pretty(&body).unwrap_or_else(|_| body.to_string())
}
