use automerge::{ROOT, ReadDoc};

use super::{
    doc::{ConcordDoc, ObjId, map_in},
    error::DocResult,
    field_spec::FieldSpec,
    ids::RowId,
    value::Value,
};

/// Where a conflict sits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConflictPath {
    Field(String),
    Cell {
        table: String,
        row: RowId,
        field: String,
    },
}

/// A field or cell that two or more people set concurrently; the UI shows
/// every value and lets someone choose.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub path: ConflictPath,
    /// Each concurrent value with the hex actor id that wrote it. Values that
    /// do not fit the field are left out.
    pub values: Vec<(Value, String)>,
}

impl ConcordDoc {
    /// Every field and cell that holds more than one concurrent value.
    pub fn conflicts(&self) -> DocResult<Vec<Conflict>> {
        let mut out = Vec::new();
        let fields = map_in(&self.doc, &ROOT, "fields")?;
        for def in self.form_specs()? {
            if let Some(values) = self.concurrent(&fields, &def)? {
                out.push(Conflict {
                    path: ConflictPath::Field(def.id.to_string()),
                    values,
                });
            }
        }
        for table in self.template.tables {
            let specs = self.cell_specs(table.id)?;
            let table_obj = self.table_obj(table.id)?;
            let mut in_table = Vec::new();
            // One pass over the rows, reading no cell values: a document of
            // thousands of rows is asked this on every change.
            for row in self.doc.map_range(&table_obj, ..) {
                let row_id = RowId(row.key.to_string());
                // A row holds a few keys: ranging over them finds "cells"
                // for less than a lookup by key costs in Automerge 0.12.
                let Some(cells) = self
                    .doc
                    .map_range(row.id(), ..)
                    .find(|part| {
                        part.key == "cells"
                            && automerge::Value::from(part.value.clone())
                                == automerge::Value::Object(automerge::ObjType::Map)
                    })
                    .map(|part| part.id())
                else {
                    continue;
                };
                // One scan says which cells conflict; most rows have none.
                let conflicted: Vec<String> = self
                    .doc
                    .map_range(&cells, ..)
                    .filter(|c| c.conflict)
                    .map(|c| c.key.into_owned())
                    .collect();
                for def in specs
                    .iter()
                    .filter(|d| conflicted.iter().any(|k| *k == d.id))
                {
                    if let Some(values) = self.concurrent(&cells, def)? {
                        let path = ConflictPath::Cell {
                            table: table.id.to_owned(),
                            row: row_id.clone(),
                            field: def.id.to_string(),
                        };
                        in_table.push(Conflict { path, values });
                    }
                }
            }
            in_table.sort_by(|a, b| a.path.cmp(&b.path));
            out.extend(in_table);
        }
        Ok(out)
    }

    /// `conflicts` again after changes that set no key (`Touched::keys`
    /// false), from `shown`, what it answered before them: such changes
    /// make no conflict, so only the shown ones are read again (a write of
    /// the value a key already shows settles one; typing may change a
    /// losing text), not every row. A conflict whose place is gone is left out.
    pub fn recheck_conflicts(&self, shown: &[Conflict]) -> Vec<Conflict> {
        shown
            .iter()
            .filter_map(|conflict| {
                let (obj, def) = match &conflict.path {
                    ConflictPath::Field(field) => (
                        map_in(&self.doc, &ROOT, "fields").ok()?,
                        self.field_def(field).ok()?,
                    ),
                    ConflictPath::Cell { table, row, field } => (
                        self.cells_obj(table, row).ok()?,
                        self.cell_def(table, field).ok()?,
                    ),
                };
                let values = self.concurrent(&obj, &def).ok()??;
                Some(Conflict {
                    path: conflict.path.clone(),
                    values,
                })
            })
            .collect()
    }

    /// Settles a conflict: the chosen value is written once more, which
    /// supersedes every concurrent value it has seen.
    pub fn resolve(&mut self, path: &ConflictPath, chosen: Value) -> DocResult<()> {
        match path {
            ConflictPath::Field(field) => {
                let def = self.field_def(field)?;
                let fields = map_in(&self.doc, &ROOT, "fields")?;
                self.put_value(&fields, &def, &chosen, true)
            }
            ConflictPath::Cell { table, row, field } => {
                let def = self.cell_def(table, field)?;
                let cells = self.cells_obj(table, row)?;
                self.put_value(&cells, &def, &chosen, true)
            }
        }
    }

    fn concurrent(&self, obj: &ObjId, def: &FieldSpec) -> DocResult<Option<Vec<(Value, String)>>> {
        let all = self.doc.get_all(obj, def.id.as_ref())?;
        if all.len() < 2 {
            return Ok(None);
        }
        let values = all
            .iter()
            .filter_map(|(stored, id)| {
                let value = def.read(&self.doc, stored, id)?;
                Some((value, actor_of(id)))
            })
            .collect();
        Ok(Some(values))
    }
}

/// The actor that wrote an op: an op id is (counter, actor).
fn actor_of(id: &ObjId) -> String {
    match id {
        automerge::ObjId::Id(_, actor, _) => actor.to_hex_string(),
        automerge::ObjId::Root => String::new(),
    }
}
