//! Naming a person or a department by choosing from the directory the
//! relay gives this person (`Names`): what typed text suggests, and which
//! id it names. Pure, so it is tested natively; `DirectoryField` wires it
//! to an input. A name the directory does not hold names nobody: a partner
//! can only pick from the few people their directory shows.

use concord_api::People;
use concord_model::{FieldKind, Localized as L, parse_list};

/// What a field names: one kind of directory entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKind {
    Person,
    Department,
}

impl PickKind {
    /// The entry a field of `kind` names, and whether it holds a list.
    pub fn of(kind: FieldKind) -> Option<(Self, bool)> {
        match kind {
            FieldKind::Person => Some((Self::Person, false)),
            FieldKind::People => Some((Self::Person, true)),
            FieldKind::Department => Some((Self::Department, false)),
            FieldKind::Departments => Some((Self::Department, true)),
            _ => None,
        }
    }
}

/// One suggestion: the id stored, the name shown, and what tells two of
/// one name apart (a person's departments or organisation, and their id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub detail: String,
}

/// Why typed text names nobody.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpicked {
    NotInDirectory(PickKind),
    /// Several entries carry the name: only a suggestion tells which.
    Ambiguous,
}

impl Unpicked {
    pub fn text(self) -> L {
        match self {
            Self::NotInDirectory(PickKind::Person) => {
                L::new("目录中没有此人", "Not in the directory")
            }
            Self::NotInDirectory(PickKind::Department) => {
                L::new("目录中没有此部门", "Not in the directory")
            }
            Self::Ambiguous => L::new(
                "有多个同名，请从建议中选择",
                "Several have this name; choose one from the suggestions",
            ),
        }
    }
}

/// Every entry of `kind` in the directory, as suggestions.
pub fn candidates(directory: &People, kind: PickKind) -> Vec<Candidate> {
    let named = |id: &str, name: &str| {
        let name = name.trim();
        if name.is_empty() {
            id.to_owned()
        } else {
            name.to_owned()
        }
    };
    match kind {
        PickKind::Department => directory
            .departments
            .iter()
            .map(|d| Candidate {
                id: d.id.to_string(),
                name: named(d.id.as_str(), &d.name),
                detail: d.id.to_string(),
            })
            .collect(),
        PickKind::Person => directory
            .people
            .iter()
            .map(|p| {
                let mut detail: Vec<String> = p
                    .departments
                    .iter()
                    .map(|d| {
                        directory
                            .departments
                            .iter()
                            .find(|known| known.id == *d)
                            .map_or_else(|| d.to_string(), |known| named(d.as_str(), &known.name))
                    })
                    .collect();
                if let Some(org) = &p.org {
                    let org_name = directory.orgs.iter().find(|o| o.id == *org);
                    detail.push(org_name.map_or_else(|| org.to_string(), |o| o.name.clone()));
                }
                detail.push(p.id.to_string());
                Candidate {
                    id: p.id.to_string(),
                    name: named(p.id.as_str(), &p.display_name),
                    detail: detail.join(" · "),
                }
            })
            .collect(),
    }
}

/// The entries whose name or id holds `typed` (ignoring case), best first:
/// exact, then starting with it, then containing it; at most `limit`.
/// Blank text suggests everyone, for a person who would rather scroll.
pub fn suggestions(
    directory: &People,
    kind: PickKind,
    typed: &str,
    limit: usize,
) -> Vec<Candidate> {
    let typed = typed.trim().to_lowercase();
    let mut ranked: Vec<(u8, Candidate)> = candidates(directory, kind)
        .into_iter()
        .filter_map(|c| {
            let (name, id) = (c.name.to_lowercase(), c.id.to_lowercase());
            let rank = if name == typed || id == typed {
                0
            } else if name.starts_with(&typed) || id.starts_with(&typed) {
                1
            } else if name.contains(&typed) || id.contains(&typed) {
                2
            } else {
                return None;
            };
            Some((rank, c))
        })
        .collect();
    ranked.sort_by(|(ra, a), (rb, b)| ra.cmp(rb).then_with(|| a.name.cmp(&b.name)));
    ranked.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// The id that `typed` names: an id, or a name only one entry carries.
pub fn resolve(directory: &People, kind: PickKind, typed: &str) -> Result<String, Unpicked> {
    let typed = typed.trim();
    let all = candidates(directory, kind);
    if let Some(c) = all.iter().find(|c| c.id.eq_ignore_ascii_case(typed)) {
        return Ok(c.id.clone());
    }
    let lower = typed.to_lowercase();
    let mut named = all.into_iter().filter(|c| c.name.to_lowercase() == lower);
    match (named.next(), named.next()) {
        (Some(only), None) => Ok(only.id),
        (Some(_), Some(_)) => Err(Unpicked::Ambiguous),
        (None, _) => Err(Unpicked::NotInDirectory(kind)),
    }
}

/// The ids a list typed at once names ("李娜、王芳"), each as `resolve`
/// reads it; the first that names nobody stops it, so nothing is half added.
pub fn resolve_list(
    directory: &People,
    kind: PickKind,
    typed: &str,
) -> Result<Vec<String>, Unpicked> {
    let mut out: Vec<String> = Vec::new();
    for item in parse_list(typed) {
        let id = resolve(directory, kind, &item)?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use concord_api::{Department, OrgKind, Organisation, VisiblePerson};

    use super::*;

    fn person(id: &str, name: &str, departments: &[&str], org: Option<&str>) -> VisiblePerson {
        VisiblePerson {
            id: id.parse().unwrap(),
            display_name: name.into(),
            org: org.map(|o| o.parse().unwrap()),
            departments: departments.iter().map(|d| d.parse().unwrap()).collect(),
        }
    }

    fn directory() -> People {
        People {
            people: vec![
                person("li.na", "李娜", &["sales"], None),
                person("li.na2", "李娜", &["rd"], None),
                person("wang", "王芳", &["rd"], None),
                person("tom", "Tom Baker", &[], Some("acme")),
            ],
            departments: vec![
                Department {
                    id: "sales".parse().unwrap(),
                    name: "销售部".into(),
                },
                Department {
                    id: "rd".parse().unwrap(),
                    name: "研发部".into(),
                },
            ],
            orgs: vec![Organisation {
                id: "acme".parse().unwrap(),
                name: "Acme 有限公司".into(),
                kind: OrgKind::Customer,
            }],
        }
    }

    fn ids(found: &[Candidate]) -> Vec<&str> {
        found.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn typing_suggests_by_name_and_id_with_department_shown() {
        let dir = directory();
        let found = suggestions(&dir, PickKind::Person, "李", 8);
        assert_eq!(ids(&found), ["li.na", "li.na2"]);
        assert_eq!(found[0].detail, "销售部 · li.na");
        assert_eq!(found[1].detail, "研发部 · li.na2");
        // By id, ignoring case; an exact id comes first.
        let found = suggestions(&dir, PickKind::Person, "LI.NA2", 8);
        assert_eq!(ids(&found), ["li.na2"]);
        let found = suggestions(&dir, PickKind::Person, "baker", 8);
        assert_eq!(found[0].detail, "Acme 有限公司 · tom");
        assert_eq!(
            ids(&suggestions(&dir, PickKind::Department, "研发", 8)),
            ["rd"]
        );
        assert_eq!(suggestions(&dir, PickKind::Person, "", 3).len(), 3);
        assert!(suggestions(&dir, PickKind::Person, "赵", 8).is_empty());
    }

    #[test]
    fn typed_text_names_an_id_or_a_unique_name_and_nothing_else() {
        let dir = directory();
        assert_eq!(resolve(&dir, PickKind::Person, " 王芳 "), Ok("wang".into()));
        assert_eq!(resolve(&dir, PickKind::Person, "Wang"), Ok("wang".into()));
        assert_eq!(
            resolve(&dir, PickKind::Person, "tom baker"),
            Ok("tom".into())
        );
        assert_eq!(
            resolve(&dir, PickKind::Person, "李娜"),
            Err(Unpicked::Ambiguous)
        );
        assert_eq!(
            resolve(&dir, PickKind::Person, "li.na2"),
            Ok("li.na2".into())
        );
        assert_eq!(
            resolve(&dir, PickKind::Person, "赵六"),
            Err(Unpicked::NotInDirectory(PickKind::Person))
        );
        // Part of a name is not a name.
        assert_eq!(
            resolve(&dir, PickKind::Person, "王"),
            Err(Unpicked::NotInDirectory(PickKind::Person))
        );
        assert_eq!(
            resolve(&dir, PickKind::Department, "销售部"),
            Ok("sales".into())
        );
        assert_eq!(
            resolve(&dir, PickKind::Department, "wang"),
            Err(Unpicked::NotInDirectory(PickKind::Department))
        );
        assert_eq!(
            Unpicked::NotInDirectory(PickKind::Person).text().zh_cn,
            "目录中没有此人"
        );
    }

    #[test]
    fn a_list_typed_at_once_is_all_named_or_nothing() {
        let dir = directory();
        assert_eq!(
            resolve_list(&dir, PickKind::Person, "王芳、tom，wang"),
            Ok(vec!["wang".to_owned(), "tom".to_owned()])
        );
        assert_eq!(
            resolve_list(&dir, PickKind::Person, "王芳, 赵六"),
            Err(Unpicked::NotInDirectory(PickKind::Person))
        );
        assert_eq!(
            resolve_list(&dir, PickKind::Department, "rd；销售部"),
            Ok(vec!["rd".to_owned(), "sales".to_owned()])
        );
    }

    #[test]
    fn a_partners_directory_offers_only_what_it_holds() {
        let partner_view = People {
            people: vec![person("tom", "Tom Baker", &[], Some("acme"))],
            departments: Vec::new(),
            orgs: Vec::new(),
        };
        assert_eq!(
            resolve(&partner_view, PickKind::Person, "wang"),
            Err(Unpicked::NotInDirectory(PickKind::Person))
        );
        assert!(suggestions(&partner_view, PickKind::Department, "", 8).is_empty());
        assert_eq!(
            ids(&suggestions(&partner_view, PickKind::Person, "", 8)),
            ["tom"]
        );
    }
}
