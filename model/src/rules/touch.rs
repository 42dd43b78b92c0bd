use std::collections::HashSet;

use automerge::{Patch, PatchAction, Prop};

/// The part of a document one patch touched, at the grain the rules judge:
/// a form field, a cell, a row's order, one comment…
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Touch {
    /// A top-level key: a part created, replaced or removed, or a stray key.
    Root(String),
    Meta(String),
    Acl,
    Field(String),
    /// A table created, replaced or removed as a whole.
    Table(String),
    /// A row created, replaced or removed as a whole.
    Row {
        table: String,
        row: String,
    },
    RowOrder {
        table: String,
        row: String,
    },
    RowOwner {
        table: String,
        row: String,
    },
    Cell {
        table: String,
        row: String,
        field: String,
    },
    /// Any other key of a row, or its cells map replaced.
    RowPart {
        table: String,
        row: String,
        key: String,
    },
    Comment(String),
    Read(String),
    Signoff(String),
    Version(String),
    CustomFields,
}

impl Touch {
    /// What `patches` touched, each part once, in the patches' order.
    pub fn all_of(patches: &[Patch]) -> Vec<Touch> {
        Self::each_once(patches.iter().map(Touch::of))
    }

    /// `touches`, each part once, in their order.
    pub fn each_once(touches: impl IntoIterator<Item = Touch>) -> Vec<Touch> {
        // A set beside the list: a new 2,000-row table is judged from tens
        // of thousands of touches, and searching the list for each was
        // quadratic.
        let mut seen: HashSet<Touch> = HashSet::new();
        touches
            .into_iter()
            .filter(|touch| seen.insert(touch.clone()))
            .collect()
    }

    /// What a change at `path` touched: a map's `key`, or (without one) the
    /// sequence (text, list) the path leads to. The same part as a patch
    /// there names.
    pub fn at(path: &[(automerge::ObjId, Prop)], key: Option<&str>) -> Touch {
        let mut keys: Vec<String> = path.iter().map(|(_, prop)| prop_key(prop)).collect();
        keys.extend(key.map(str::to_owned));
        Self::of_path(&keys)
    }

    /// What a patch touched. The path runs from the root to the patched
    /// object; map actions add the key they act on, sequence actions (text,
    /// lists) act on the object itself.
    pub fn of(patch: &Patch) -> Touch {
        let mut path: Vec<String> = patch.path.iter().map(|(_, prop)| prop_key(prop)).collect();
        match &patch.action {
            PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => {
                path.push(key.clone())
            }
            PatchAction::Conflict {
                prop: Prop::Map(key),
            }
            | PatchAction::Increment {
                prop: Prop::Map(key),
                ..
            } => path.push(key.clone()),
            _ => {}
        }
        Self::of_path(&path)
    }

    fn of_path(path: &[String]) -> Touch {
        let s = |i: usize| path.get(i).cloned().unwrap_or_default();
        let Some(part) = path.first() else {
            return Touch::Root(String::new());
        };
        if path.len() == 1 {
            return Touch::Root(part.clone());
        }
        match part.as_str() {
            "meta" => Touch::Meta(s(1)),
            "acl" => Touch::Acl,
            "fields" => Touch::Field(s(1)),
            "comments" => Touch::Comment(s(1)),
            "reads" => Touch::Read(s(1)),
            "signoffs" => Touch::Signoff(s(1)),
            "versions" => Touch::Version(s(1)),
            "custom_fields" => Touch::CustomFields,
            "tables" => {
                let (table, row) = (s(1), s(2));
                match (path.len(), path.get(3).map(String::as_str)) {
                    (2, _) => Touch::Table(table),
                    (3, _) => Touch::Row { table, row },
                    (4, Some("order")) => Touch::RowOrder { table, row },
                    (4, Some("owner")) => Touch::RowOwner { table, row },
                    (n, Some("cells")) if n > 4 => Touch::Cell {
                        table,
                        row,
                        field: s(4),
                    },
                    _ => Touch::RowPart {
                        table,
                        row,
                        key: s(3),
                    },
                }
            }
            _ => Touch::Root(part.clone()),
        }
    }
}

/// The rows a batch touched, for a holder who keeps what each row of a
/// document tells and reads again only those (the relay's digests): every
/// row it wrote to, and whether it touched anything besides rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowsTouched {
    /// (table, row) pairs, each once.
    pub rows: Vec<(String, String)>,
    /// Anything else: a field, the status, a comment, a whole table.
    pub beyond_rows: bool,
}

impl RowsTouched {
    /// Unknown extent: as if everything was touched.
    pub fn everything() -> Self {
        Self {
            rows: Vec::new(),
            beyond_rows: true,
        }
    }

    pub(crate) fn of(touches: &[Touch]) -> Self {
        let mut out = Self::default();
        for touch in touches {
            match touch {
                Touch::Row { table, row }
                | Touch::RowOrder { table, row }
                | Touch::RowOwner { table, row }
                | Touch::Cell { table, row, .. }
                | Touch::RowPart { table, row, .. } => {
                    let pair = (table.clone(), row.clone());
                    if !out.rows.contains(&pair) {
                        out.rows.push(pair);
                    }
                }
                _ => out.beyond_rows = true,
            }
        }
        out
    }
}

fn prop_key(prop: &Prop) -> String {
    match prop {
        Prop::Map(key) => key.clone(),
        Prop::Seq(i) => i.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(path: &[&str]) -> Touch {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        Touch::of_path(&path)
    }

    #[test]
    fn paths_name_the_part_they_touch() {
        assert_eq!(of(&["meta"]), Touch::Root("meta".into()));
        assert_eq!(of(&["meta", "status"]), Touch::Meta("status".into()));
        assert_eq!(of(&["fields", "goal", "3"]), Touch::Field("goal".into()));
        let (table, row) = ("t".to_string(), "r".to_string());
        assert_eq!(
            of(&["tables", "t", "r"]),
            Touch::Row {
                table: table.clone(),
                row: row.clone()
            }
        );
        assert_eq!(
            of(&["tables", "t", "r", "cells", "x", "0"]),
            Touch::Cell {
                table: table.clone(),
                row: row.clone(),
                field: "x".into()
            }
        );
        assert_eq!(
            of(&["tables", "t", "r", "cells"]),
            Touch::RowPart {
                table,
                row,
                key: "cells".into()
            }
        );
        assert_eq!(of(&["junk", "x"]), Touch::Root("junk".into()));
        assert_eq!(of(&[]), Touch::Root(String::new()));
    }

    #[test]
    fn each_part_is_kept_once_in_first_seen_order() {
        let touches = ["b", "a", "b", "c", "a"].map(|f| Touch::Field(f.into()));
        assert_eq!(
            Touch::each_once(touches),
            ["b", "a", "c"].map(|f| Touch::Field(f.into())).to_vec()
        );
    }
}
