//! What a person reads in place of ids: the names `GET /api/people` gives
//! them. Written once, so the app's lists and the relay's search (which
//! finds people by the names the searcher reads) name people alike.

use std::collections::BTreeMap;

use concord_model::{FieldKind, Locale, TimeZone, Value, cell_text_named};

use crate::People;

/// Names by id; an id nobody named reads as itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NameBook {
    people: BTreeMap<String, String>,
    departments: BTreeMap<String, String>,
}

impl NameBook {
    /// A blank name, or one that is only the id again, is left out: the id
    /// reads the same and tells two people apart.
    pub fn of(directory: &People) -> Self {
        let named = |id: &str, name: &str| {
            let name = name.trim();
            (!name.is_empty() && name != id).then(|| (id.to_owned(), name.to_owned()))
        };
        Self {
            people: directory
                .people
                .iter()
                .filter_map(|p| named(p.id.as_str(), &p.display_name))
                .collect(),
            departments: directory
                .departments
                .iter()
                .filter_map(|d| named(d.id.as_str(), &d.name))
                .collect(),
        }
    }

    /// A person's display name, else their sign-in id.
    pub fn person(&self, id: &str) -> String {
        self.people
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }

    pub fn department(&self, id: &str) -> String {
        self.departments
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }

    /// A value as a person reads it in a list, its times on the clocks of
    /// `zone`: people and departments by name (`cell_text_named`).
    pub fn cell_text_at(
        &self,
        kind: &FieldKind,
        value: &Value,
        locale: Locale,
        zone: &dyn TimeZone,
    ) -> String {
        cell_text_named(kind, value, locale, zone, &|id| self.person(id), &|id| {
            self.department(id)
        })
    }
}

#[cfg(test)]
mod tests {
    use concord_model::Offset;

    use super::*;
    use crate::{Department, VisiblePerson};

    fn person(id: &str, name: &str, departments: &[&str]) -> VisiblePerson {
        VisiblePerson {
            id: id.parse().unwrap(),
            display_name: name.into(),
            org: None,
            departments: departments.iter().map(|d| d.parse().unwrap()).collect(),
        }
    }

    fn people() -> People {
        People {
            people: vec![
                person("li.na", "李娜", &["sales", "ops"]),
                person("bob", " ", &[]),
            ],
            departments: vec![Department {
                id: "sales".parse().unwrap(),
                name: "销售部".into(),
            }],
            orgs: Vec::new(),
        }
    }

    #[test]
    fn people_and_departments_read_by_name_and_the_unnamed_by_id() {
        let book = NameBook::of(&people());
        assert_eq!(book.person("li.na"), "李娜");
        assert_eq!(book.person("bob"), "bob", "a blank display name");
        assert_eq!(book.person("zed"), "zed", "not in the directory");
        assert_eq!(book.department("sales"), "销售部");
        let cell = Value::People(vec!["li.na".into(), "zed".into()]);
        let shown = book.cell_text_at(&FieldKind::People, &cell, Locale::ZhCn, &Offset::UTC);
        assert_eq!(shown, "李娜、zed");
    }
}
