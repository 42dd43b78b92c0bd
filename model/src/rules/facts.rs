use automerge::{ROOT, ReadDoc};

use super::{schema::person_at, violation::Violation, violation::expected};
use crate::{
    access::{Acl, Actor, Classification, DocRole, Person},
    document::{At, Value, decode_at},
    library::find_template,
    template::Template,
    workflow::{Audience, DocFacts},
};

/// What the rules need to know about a document at one point of its
/// history: the facts the workflow's rules read (`DocFacts`), and who has
/// which role.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    pub doc: DocFacts<'static>,
    pub classification: Classification,
    pub acl: Acl,
    /// How many status moves the document has made: signatures count only
    /// in the round they were given in, so a rejected and resubmitted
    /// request is signed afresh.
    pub round: i64,
    /// When the document entered its state (milliseconds since the Unix
    /// epoch, by the clock of whoever moved it): its creation while it has
    /// never moved, else the time written with the last move, if any.
    pub entered_at: Option<i64>,
    /// Whom the document names as its recipients, where it publishes.
    pub audience: Audience,
}

impl Facts {
    pub fn read<R: ReadDoc>(at: At<'_, R>) -> Result<Self, Violation> {
        let meta = at
            .map(&ROOT, "meta")
            .ok_or_else(|| Violation::missing("meta"))?;
        let template_id = at
            .str(&meta, "template_id")
            .ok_or_else(|| Violation::malformed("meta.template_id", expected::STRING))?;
        let template =
            find_template(&template_id).ok_or(Violation::UnknownTemplate { id: template_id })?;
        let state = at
            .str(&meta, "status")
            .ok_or_else(|| Violation::malformed("meta.status", expected::STRING))?;
        let initiator = person_at(at, &meta, "created_by")
            .ok_or_else(|| Violation::malformed("meta.created_by", expected::PERSON))?;
        let classification = at
            .str(&meta, "classification")
            .and_then(|c| Classification::parse(&c))
            .ok_or_else(|| Violation::malformed("meta.classification", expected::CLASSIFICATION))?;
        let workflow = &template.workflow;
        let departments = match field_value(at, template, workflow.departments_field) {
            Some(Value::Departments(ds)) => ds.iter().filter_map(|d| d.parse().ok()).collect(),
            // A notice's issuing department: one department reviews.
            Some(Value::Department(d)) => d.parse().into_iter().collect(),
            _ => Vec::new(),
        };
        let parties = match field_value(at, template, workflow.parties_field) {
            Some(Value::People(ps)) => ps.iter().filter_map(|p| p.parse().ok()).collect(),
            _ => Vec::new(),
        };
        let audience = workflow
            .recipients()
            .map(|r| r.audience(|field| field_value(at, template, Some(field))))
            .unwrap_or_default();
        Ok(Self {
            audience,
            doc: DocFacts {
                template,
                state,
                initiator,
                direct_superior: person_at(at, &meta, "direct_superior"),
                departments,
                parties,
            },
            classification,
            acl: read_acl(at),
            entered_at: match at.int(&meta, "round").unwrap_or(0) {
                0 => at.int(&meta, "created_at"),
                _ => at.int(&meta, "status_at"),
            },
            round: at.int(&meta, "round").unwrap_or(0),
        })
    }

    /// The workflow's facts, for `may_transition`, `may_write_field`, ….
    pub fn doc(&self) -> &DocFacts<'static> {
        &self.doc
    }

    pub fn actor(&self, who: &Person) -> Actor {
        Actor::on(who.clone(), &self.acl, self.classification)
    }

    pub fn is_initial(&self) -> bool {
        self.doc.state == self.doc.template.workflow.initial
    }
}

/// The winning value of a form field, if it is there and fits.
fn field_value<R: ReadDoc>(
    at: At<'_, R>,
    template: &Template,
    field: Option<&str>,
) -> Option<Value> {
    let def = template.field(field?)?;
    let fields = at.map(&ROOT, "fields")?;
    let (stored, id) = at.get(&fields, def.id)?;
    decode_at(at, &def.kind, &stored, &id)
}

/// The stored grants; a malformed id or role grants nothing.
fn read_acl<R: ReadDoc>(at: At<'_, R>) -> Acl {
    let mut acl = Acl::default();
    let Some(root) = at.map(&ROOT, "acl") else {
        return acl;
    };
    let grants = |part: &str| -> Vec<(String, DocRole)> {
        let Some(map) = at.map(&root, part) else {
            return Vec::new();
        };
        at.keys(&map)
            .into_iter()
            .filter_map(|k| {
                let role = DocRole::parse(&at.str(&map, &k)?)?;
                Some((k, role))
            })
            .collect()
    };
    for (id, role) in grants("members") {
        if let Ok(id) = id.parse() {
            acl.people.insert(id, role);
        }
    }
    for (id, role) in grants("orgs") {
        if let Ok(id) = id.parse() {
            acl.orgs.insert(id, role);
        }
    }
    for (id, role) in grants("departments") {
        if let Ok(id) = id.parse() {
            acl.departments.insert(id, role);
        }
    }
    acl
}
