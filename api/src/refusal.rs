//! A refusal between the relay and the app. The relay sends
//! `concord-model`'s `Refusal` as a `concord_sync::RefusalNotice` (its
//! code, its fields as texts, its English words) in the `error` frame that
//! closes the refused peer's websocket; the app reads the notice back into
//! the `Refusal` and says it in the reader's language.

use std::collections::BTreeMap;

use concord_model::{Locale, Refusal};
use concord_sync::RefusalNotice;
use serde_json::{Map, Value};

/// The notice the relay sends for `refusal`.
pub fn notice_of(refusal: &Refusal) -> RefusalNotice {
    let mut fields = match serde_json::to_value(refusal) {
        Ok(Value::Object(fields)) => fields,
        // A tagged enum of texts is always an object; were it not, the
        // English words still go.
        _ => Map::new(),
    };
    let code = match fields.remove("code") {
        Some(Value::String(code)) => code,
        _ => String::new(),
    };
    let params = fields
        .into_iter()
        .map(|(key, value)| match value {
            Value::String(text) => (key, text),
            other => (key, other.to_string()),
        })
        .collect::<BTreeMap<_, _>>();
    RefusalNotice {
        code,
        params,
        message: refusal.to_string(),
    }
}

/// The refusal a notice names; `None` for a code or parameters this build
/// does not know (a newer relay), whose English words are then all there is.
pub fn refusal_of(notice: &RefusalNotice) -> Option<Refusal> {
    let mut fields: Map<String, Value> = notice
        .params
        .iter()
        .map(|(key, value)| (key.clone(), Value::String(value.clone())))
        .collect();
    fields.insert("code".into(), Value::String(notice.code.clone()));
    serde_json::from_value(Value::Object(fields)).ok()
}

/// What to tell the reader: the model's own words in their language, else
/// the relay's English.
pub fn refusal_text(notice: &RefusalNotice, locale: Locale) -> String {
    refusal_of(notice).map_or_else(|| notice.message.clone(), |refusal| refusal.message(locale))
}

#[cfg(test)]
mod tests {
    use concord_model::Violation;

    use super::*;

    #[test]
    fn a_refusal_crosses_as_its_code_and_fields_and_reads_back_whole() {
        let refusals = [
            Refusal::ViewerCannotEdit,
            Refusal::NotRowOwner {
                row_owner: "ann".into(),
            },
            Refusal::AlreadySigned {
                by: "li".parse().unwrap(),
            },
            Refusal::TransitionNotAllowed {
                from: "draft".into(),
                to: "approved".into(),
                reason: "needs the superior".into(),
            },
            Refusal::BreaksSchema {
                violation: Violation::Unknown {
                    path: "junk".into(),
                },
            },
        ];
        for refusal in refusals {
            let notice = notice_of(&refusal);
            assert_eq!(notice.message, refusal.to_string());
            assert_eq!(refusal_of(&notice), Some(refusal.clone()));
        }
        let notice = notice_of(&Refusal::NotRowOwner {
            row_owner: "ann".into(),
        });
        assert_eq!(notice.code, "not-row-owner");
        assert_eq!(notice.params["row_owner"], "ann");
        assert_eq!(
            refusal_text(&notice, Locale::ZhCn),
            "只有该行负责人 ann 或文档所有者可以修改此单元格"
        );
    }

    #[test]
    fn the_sync_engines_own_refusals_are_the_models_too() {
        for notice in [
            RefusalNotice::too_busy(),
            RefusalNotice::malformed_changes("bad bloom filter"),
            RefusalNotice::changes_do_not_apply("missing dependency"),
            RefusalNotice::document_too_large(1_000),
        ] {
            let refusal = refusal_of(&notice).unwrap_or_else(|| panic!("{notice:?}"));
            assert_eq!(refusal.to_string(), notice.message, "{notice:?}");
            assert_ne!(refusal.message(Locale::ZhCn), notice.message);
        }
    }

    #[test]
    fn a_refusal_this_build_does_not_know_is_said_in_the_relays_words() {
        let newer = RefusalNotice::new("quota-exceeded", "the workspace is full");
        assert_eq!(refusal_of(&newer), None);
        assert_eq!(refusal_text(&newer, Locale::ZhCn), "the workspace is full");
        let missing_field = RefusalNotice::new("not-row-owner", "only the row's owner …");
        assert_eq!(refusal_of(&missing_field), None);
    }
}
