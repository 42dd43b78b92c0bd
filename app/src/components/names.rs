//! What a person reads in place of sign-in ids: people's display names and
//! the names of departments (and, for sharing, of partner organisations), as the relay's
//! directory gives them to this person (`GET /api/people`). The last answer
//! is kept in this browser for the person it was given to, so names still
//! read offline after a reload; signing out drops it.

use concord_model::{FieldKind, Locale, Value};
use leptos::prelude::*;

use concord_api::{People as PeopleDirectory, paths};

use crate::{
    browser_zone::BrowserZone,
    kept::{Kept, follow},
};

/// Where the last directory is kept for its person.
const NAMES_KEPT: Kept = Kept::new("concord.names");

/// Names by id; an id nobody named reads as itself: `concord_api`'s
/// `NameBook` (the relay's search names people by the same rule), read on
/// this browser's clock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameBook(concord_api::NameBook);

impl NameBook {
    pub fn of(directory: &PeopleDirectory) -> Self {
        Self(concord_api::NameBook::of(directory))
    }

    /// A person's display name, else their sign-in id.
    pub fn person(&self, id: &str) -> String {
        self.0.person(id)
    }

    pub fn department(&self, id: &str) -> String {
        self.0.department(id)
    }

    /// The person a typed name means (an imported file's cell): see
    /// `concord_api::NameBook::person_named`.
    pub fn person_named(&self, name: &str) -> Option<String> {
        self.0.person_named(name)
    }

    pub fn department_named(&self, name: &str) -> Option<String> {
        self.0.department_named(name)
    }

    /// A value as a person reads it in a list: people and departments by
    /// name (as the relay's search reads them), everything else as
    /// `cell_text` shows it on this browser's clock.
    pub fn cell_text(&self, kind: &FieldKind, value: &Value, locale: Locale) -> String {
        match value {
            Value::Person(_) | Value::People(_) | Value::Department(_) | Value::Departments(_) => {
                self.0.cell_text_at(kind, value, locale, &BrowserZone)
            }
            _ => super::document::cell_text(kind, value, locale),
        }
    }
}

/// The directory as last given, shared through context.
#[derive(Clone, Copy)]
pub struct Names {
    directory: Signal<PeopleDirectory>,
    book: Memo<NameBook>,
}

impl Names {
    /// The kept directory of the signed-in person, asked again whenever
    /// the link to the relay (re)opens or `Freshness` asks, forgotten on
    /// sign-out (`kept::follow`).
    pub fn provide() -> Self {
        let answer = follow::<PeopleDirectory>(NAMES_KEPT, paths::PEOPLE);
        let directory = Signal::derive(move || answer.get().unwrap_or_default());
        let book = Memo::new(move |_| directory.with(NameBook::of));
        let names = Self { directory, book };
        provide_context(names);
        names
    }

    /// The shell's names; a screen mounted on its own (a test) reads ids.
    pub fn expect() -> Self {
        use_context::<Self>().unwrap_or_else(|| {
            let directory = Signal::derive(PeopleDirectory::default);
            let book = Memo::new(move |_| directory.with(NameBook::of));
            Self { directory, book }
        })
    }

    /// Everyone and every group the directory names, tracked.
    pub fn directory(&self) -> Signal<PeopleDirectory> {
        self.directory
    }

    /// The names, tracked.
    pub fn book(&self) -> Memo<NameBook> {
        self.book
    }

    /// A person's name, tracked.
    pub fn person(&self, id: &str) -> String {
        self.book.with(|b| b.person(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_api::{Department, VisiblePerson};

    fn book() -> NameBook {
        NameBook::of(&PeopleDirectory {
            people: vec![
                VisiblePerson {
                    id: "li.na".parse().unwrap(),
                    display_name: "李娜".into(),
                    org: None,
                    departments: Vec::new(),
                },
                VisiblePerson {
                    id: "bob".parse().unwrap(),
                    display_name: " ".into(),
                    org: None,
                    departments: Vec::new(),
                },
            ],
            departments: vec![Department {
                id: "sales".parse().unwrap(),
                name: "销售部".into(),
            }],
            orgs: Vec::new(),
        })
    }

    // Who reads as what is `concord_api::NameBook`'s rule, tested there;
    // here, which values the app reads through it.
    #[test]
    fn cells_naming_people_read_as_names() {
        let book = book();
        let people = Value::People(vec!["li.na".into(), "zed".into()]);
        assert_eq!(
            book.cell_text(&FieldKind::People, &people, Locale::ZhCn),
            "李娜、zed"
        );
        assert_eq!(
            book.cell_text(&FieldKind::People, &people, Locale::En),
            "李娜, zed"
        );
        let person = Value::Person("li.na".into());
        assert_eq!(
            book.cell_text(&FieldKind::Person, &person, Locale::En),
            "李娜"
        );
        let dept = Value::Department("sales".into());
        assert_eq!(
            book.cell_text(&FieldKind::Department, &dept, Locale::En),
            "销售部"
        );
        let text = Value::Text("li.na".into());
        assert_eq!(book.cell_text(&FieldKind::Text, &text, Locale::En), "li.na");
    }
}
