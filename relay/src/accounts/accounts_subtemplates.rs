//! Team sub-templates: shared by staff with their department or the whole
//! workspace, listed to those the model's `SharedWith::reaches` lets in.

use concord_api::{NewSubtemplate, TeamSubtemplate};
use concord_model::{Person, PersonId, SharedWith};

use super::{AccountError, Accounts, SubtemplateRow};
use crate::locks::lock;

impl Accounts {
    /// Shares `new` from `who`: a definition the model accepts
    /// (`DerivedTemplate::checked`), with an audience they may share with
    /// (`SharedWith::may_share`), under a fresh id at version 1.
    pub fn share_subtemplate(
        &self,
        who: &Person,
        new: NewSubtemplate,
        now_ms: i64,
    ) -> Result<TeamSubtemplate, AccountError> {
        new.shared_with
            .may_share(who)
            .map_err(|_| AccountError::Forbidden)?;
        if let SharedWith::Department(dept) = &new.shared_with
            && !lock(&self.db).department_exists(dept.as_str())?
        {
            return Err(AccountError::UnknownDepartment(dept.to_string()));
        }
        let mut template = new.template;
        let bytes: [u8; 16] = rand::random();
        template.id = format!(
            "st-{}",
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        template.version = 1;
        template
            .checked()
            .map_err(|e| AccountError::BadSubtemplate(e.to_string()))?;
        let shared = TeamSubtemplate {
            template,
            shared_with: new.shared_with,
            made_by: who.id.clone(),
            made_ms: now_ms,
        };
        let row = SubtemplateRow {
            id: shared.template.id.clone(),
            definition: to_json(&shared.template)?,
            shared_with: to_json(&shared.shared_with)?,
            made_by: shared.made_by.to_string(),
            made_ms: now_ms,
        };
        lock(&self.db).insert_subtemplate(&row)?;
        Ok(shared)
    }

    /// The sub-templates `who` may use, newest first. A stored row that no
    /// longer reads (written by a newer relay) is left out, logged.
    pub fn subtemplates_for(&self, who: &Person) -> Result<Vec<TeamSubtemplate>, AccountError> {
        let rows = lock(&self.db).subtemplates()?;
        Ok(rows
            .into_iter()
            .filter_map(|row| match read_row(&row) {
                Some(shared) => Some(shared),
                None => {
                    tracing::warn!(id = %row.id, "a stored sub-template does not read");
                    None
                }
            })
            .filter(|s| s.shared_with.reaches(who, &s.made_by))
            .collect())
    }
}

fn to_json(value: &impl serde::Serialize) -> Result<String, AccountError> {
    serde_json::to_string(value).map_err(|e| AccountError::BadSubtemplate(e.to_string()))
}

fn read_row(row: &SubtemplateRow) -> Option<TeamSubtemplate> {
    Some(TeamSubtemplate {
        template: serde_json::from_str(&row.definition).ok()?,
        shared_with: serde_json::from_str(&row.shared_with).ok()?,
        made_by: row.made_by.parse::<PersonId>().ok()?,
        made_ms: row.made_ms,
    })
}

#[cfg(test)]
mod tests {
    use concord_model::{CustomField, CustomKind, DerivedTemplate, Label};

    use super::*;
    use crate::accounts::{
        SessionLifetimes,
        accounts_backends::{Backend, on_both_backends},
    };

    on_both_backends!(shared_sub_templates_are_kept_and_survive_a_restart);

    fn shared_sub_templates_are_kept_and_survive_a_restart(backend: &dyn Backend) {
        let accounts = backend.open(SessionLifetimes::default());
        let ann = Person::staff("ann".parse().unwrap(), vec![]);
        let template = DerivedTemplate {
            id: "chosen-by-the-caller".into(),
            version: 9,
            base: "task-tracker".into(),
            name: Label::new("研发任务", "R&D tasks"),
            extra_fields: vec![CustomField {
                id: "cf-sprint".into(),
                label: Label::new("迭代", "Sprint"),
                kind: CustomKind::Text,
                required: false,
                table: Some("tasks".into()),
            }],
            hidden: vec![],
        };
        let new = NewSubtemplate {
            template: template.clone(),
            shared_with: SharedWith::Workspace,
        };
        let first = accounts.share_subtemplate(&ann, new.clone(), 10).unwrap();
        let second = accounts.share_subtemplate(&ann, new, 20).unwrap();
        assert_ne!(first.template.id, second.template.id);
        assert_eq!(first.template.version, 1);
        assert_eq!(first.template.extra_fields, template.extra_fields);
        drop(accounts);
        let again = backend.open(SessionLifetimes::default());
        let bob = Person::staff("bob".parse().unwrap(), vec![]);
        assert_eq!(again.subtemplates_for(&bob).unwrap(), vec![second, first]);
        let partner = Person::partner("li".parse().unwrap(), "acme".parse().unwrap());
        assert!(again.subtemplates_for(&partner).unwrap().is_empty());
    }
}
