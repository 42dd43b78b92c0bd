//! What a person reads in place of ids: the names `GET /api/people` gives
//! them. Written once, so the app's lists and the relay's search (which
//! finds people by the names the searcher reads) name people alike.

use std::collections::{BTreeMap, BTreeSet};

use concord_model::{FieldKind, Locale, TimeZone, Value, cell_text_named};

use crate::People;

/// Names by id; an id nobody named reads as itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NameBook {
    people: BTreeMap<String, String>,
    departments: BTreeMap<String, String>,
    /// Who a typed name may mean (an imported file names people so).
    find_people: Finder,
    find_departments: Finder,
}

/// Ids by themselves and by name (blanks and case aside).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
struct Finder {
    ids: BTreeSet<String>,
    by_name: BTreeMap<String, BTreeSet<String>>,
}

impl Finder {
    fn of<'a>(entries: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
        let mut finder = Self::default();
        for (id, name) in entries {
            finder.ids.insert(id.to_owned());
            let key = name.trim().to_lowercase();
            if !key.is_empty() {
                finder.by_name.entry(key).or_default().insert(id.to_owned());
            }
        }
        finder
    }

    /// An id is itself; a name is the one id bearing it (none if shared).
    fn find(&self, text: &str) -> Option<String> {
        let text = text.trim();
        if self.ids.contains(text) {
            return Some(text.to_owned());
        }
        match self.by_name.get(&text.to_lowercase()) {
            Some(ids) if ids.len() == 1 => ids.first().cloned(),
            _ => None,
        }
    }
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
            find_people: Finder::of(
                directory
                    .people
                    .iter()
                    .map(|p| (p.id.as_str(), p.display_name.as_str())),
            ),
            find_departments: Finder::of(
                directory
                    .departments
                    .iter()
                    .map(|d| (d.id.as_str(), d.name.as_str())),
            ),
        }
    }

    /// The person a typed name means: a sign-in id of the directory, or
    /// the name of exactly one person in it (blanks and case aside); none
    /// for a stranger or a name two people share.
    pub fn person_named(&self, name: &str) -> Option<String> {
        self.find_people.find(name)
    }

    /// The department a typed name means, as `person_named` finds people.
    pub fn department_named(&self, name: &str) -> Option<String> {
        self.find_departments.find(name)
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
                person("wang.1", "王芳", &[]),
                person("wang.2", "王芳", &[]),
                person("carol", "Carol Chen", &[]),
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

    #[test]
    fn typed_names_find_one_person_or_none() {
        let book = NameBook::of(&people());
        assert_eq!(book.person_named(" 李娜 ").as_deref(), Some("li.na"));
        assert_eq!(book.person_named("li.na").as_deref(), Some("li.na"));
        assert_eq!(
            book.person_named("bob").as_deref(),
            Some("bob"),
            "unnamed, by id"
        );
        assert_eq!(book.person_named("carol chen").as_deref(), Some("carol"));
        assert_eq!(book.person_named("王芳"), None, "two people share it");
        assert_eq!(book.person_named("zed"), None);
        assert_eq!(book.department_named("销售部").as_deref(), Some("sales"));
        assert_eq!(book.department_named("ops"), None, "not in the directory");
    }
}
