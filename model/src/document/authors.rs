use std::collections::BTreeMap;

use automerge::{ROOT, ReadDoc};

use super::{
    conflict::ConflictPath,
    doc::{ConcordDoc, map_in},
    error::DocResult,
};
use crate::access::PersonId;

impl ConcordDoc {
    /// Who wrote each concurrent value at a conflict's place, by the hex
    /// actor id `Conflict::values` carries. The app commits every change
    /// with its author's person id as the message; a change without a
    /// usable one (another client, a hostile peer) names nobody, and the
    /// caller falls back to the actor id.
    pub fn conflict_authors(&self, path: &ConflictPath) -> DocResult<BTreeMap<String, PersonId>> {
        let (obj, key) = match path {
            ConflictPath::Field(field) => (map_in(&self.doc, &ROOT, "fields")?, field.as_str()),
            ConflictPath::Cell { table, row, field } => {
                (self.cells_obj(table, row)?, field.as_str())
            }
        };
        let mut out = BTreeMap::new();
        for (_, op) in self.doc.get_all(&obj, key)? {
            let automerge::ObjId::Id(_, actor, _) = &op else {
                continue;
            };
            let author = self
                .doc
                .hash_for_opid(&op)
                .and_then(|hash| self.doc.get_change_by_hash(&hash))
                .and_then(|change| change.message().and_then(|m| m.parse::<PersonId>().ok()));
            if let Some(author) = author {
                out.insert(actor.to_hex_string(), author);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::document::tests::{actor, new_doc};
    use crate::document::{ConflictPath, Value};
    use crate::library::find_template;

    #[test]
    fn conflict_values_name_the_person_each_change_was_signed_by() {
        let t = find_template("requirement-approval").unwrap();
        let mut doc = new_doc(t);
        doc.commit(1_000, Some("alice"));
        let mut other = doc.fork(actor(2));
        let mut anonymous = doc.fork(actor(3));
        doc.set_field("title", Value::Text("甲".into())).unwrap();
        doc.commit(2_000, Some("alice"));
        other.set_field("title", Value::Text("乙".into())).unwrap();
        other.commit(2_000, Some("bob"));
        anonymous
            .set_field("title", Value::Text("丙".into()))
            .unwrap();
        anonymous.commit(2_000, None);
        doc.merge(&mut other).unwrap();
        doc.merge(&mut anonymous).unwrap();
        let path = ConflictPath::Field("title".into());
        let authors = doc.conflict_authors(&path).unwrap();
        let named: Vec<(String, String)> = authors
            .iter()
            .map(|(a, p)| (a.clone(), p.to_string()))
            .collect();
        assert_eq!(
            named,
            [
                (actor(1).to_hex_string(), "alice".to_owned()),
                (actor(2).to_hex_string(), "bob".to_owned()),
            ]
        );
        let conflict = doc.conflicts().unwrap().remove(0);
        assert_eq!(conflict.values.len(), 3);
        assert!(
            conflict
                .values
                .iter()
                .any(|(_, a)| !authors.contains_key(a))
        );
    }
}
