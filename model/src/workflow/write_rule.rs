/// What a write rule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A field of the form part.
    Field(&'static str),
    /// Every cell of a table.
    Table(&'static str),
    /// One column of a table.
    Cell {
        table: &'static str,
        field: &'static str,
    },
}

/// A condition on writing. Several rules on one target must all hold; a
/// target without rules is open to any editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    AnyEditor,
    /// The row's owner, or a document owner (who may step in for anyone).
    RowOwner,
    /// Set when the field or row is created, never changed afterwards.
    OnlyAtCreation,
    /// The direct superior, a head of an involved department, or a party.
    OnlyReviewer,
    /// The document's initiator, who approves changes to what they asked for
    /// (the task centre's deadline changes); anyone may set it at creation.
    OnlyInitiator,
    /// Only in these states; also what opens a field in a closed state.
    OnlyInStates(&'static [&'static str]),
    /// The cell naming the row's responsible person: set when the row is
    /// created, afterwards changed only by whoever may hand the row over (a
    /// document owner), since it says who answers for the row.
    HandsOver,
    /// Only a partner's person (the customer): what the customer says.
    OnlyPartner,
    /// Only staff: what the company tells the customer.
    OnlyStaff,
    /// The initiator, naming only departments they belong to (a notice's
    /// issuing department: whose head reviews it). The value is checked as
    /// it is written (`names_own_departments`).
    InitiatorsOwnDepartment,
    /// The row's initiator (its `initiator` cell, else the document's
    /// initiator), who decides what they asked for; anyone when the row is
    /// created. Stands in for the table's `RowOwner` rule on this cell.
    RowInitiator,
    /// Set when the row is created, to the writer themselves: who created a
    /// task. The value is checked as it is written (`TaskRow`).
    Creator,
    /// A task's steps between its owner and its initiator (review, deadline
    /// requests): either may write the cell, the value says whether this
    /// step is theirs (`judge_task_row`).
    TaskStep,
}

impl Writer {
    /// The rule as a refusal explains it.
    pub fn describe(self) -> String {
        match self {
            Writer::AnyEditor => "any editor".into(),
            Writer::RowOwner => "only the row's owner".into(),
            Writer::OnlyAtCreation => "only when it is created".into(),
            Writer::OnlyReviewer => "only a reviewer".into(),
            Writer::OnlyInitiator => "only the initiator, once created".into(),
            Writer::OnlyInStates(states) => format!("only in state {}", states.join(" or ")),
            Writer::HandsOver => "only a document owner, by handing the row over".into(),
            Writer::OnlyPartner => "only the customer (a partner)".into(),
            Writer::OnlyStaff => "only staff".into(),
            Writer::InitiatorsOwnDepartment => {
                "only the initiator, naming a department they belong to".into()
            }
            Writer::RowInitiator => "only the task's initiator, once created".into(),
            Writer::Creator => "only when the row is created, naming its creator".into(),
            Writer::TaskStep => "only the task's owner or initiator, each their own steps".into(),
        }
    }
}

/// One rule about who may write a part of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteRule {
    pub target: Target,
    pub writer: Writer,
}

impl WriteRule {
    pub const fn field(field: &'static str, writer: Writer) -> Self {
        Self {
            target: Target::Field(field),
            writer,
        }
    }

    pub const fn table(table: &'static str, writer: Writer) -> Self {
        Self {
            target: Target::Table(table),
            writer,
        }
    }

    pub const fn cell(table: &'static str, field: &'static str, writer: Writer) -> Self {
        Self {
            target: Target::Cell { table, field },
            writer,
        }
    }

    /// Whether this rule covers a whole table.
    pub fn covers_table(&self, table: &str) -> bool {
        matches!(self.target, Target::Table(t) if t == table)
    }

    /// Whether this rule covers a table or any of its columns.
    pub fn touches_table(&self, table: &str) -> bool {
        match self.target {
            Target::Table(t) | Target::Cell { table: t, .. } => t == table,
            Target::Field(_) => false,
        }
    }

    /// Whether this rule covers a form field (`table` None) or a table cell.
    pub fn covers(&self, table: Option<&str>, field: &str) -> bool {
        match (self.target, table) {
            (Target::Field(f), None) => f == field,
            (Target::Table(t), Some(table)) => t == table,
            (Target::Cell { table: t, field: f }, Some(table)) => t == table && f == field,
            _ => false,
        }
    }
}

/// Whether `named` (the departments a field is being given) keeps to the
/// field's rules for `person`: where the field is `InitiatorsOwnDepartment`,
/// every department named must be one of theirs; the first that is not is
/// the refusal.
pub fn names_own_departments(
    rules: &[WriteRule],
    field: &str,
    person: &crate::access::Person,
    named: &[crate::access::DeptId],
) -> Result<(), crate::access::Refusal> {
    let applies = own_departments_only(rules, field);
    match named
        .iter()
        .find(|d| applies && !person.departments.contains(d))
    {
        Some(d) => Err(crate::access::Refusal::NotYourDepartment {
            department: d.to_string(),
        }),
        None => Ok(()),
    }
}

/// Whether `field` takes only departments its writer belongs to.
pub fn own_departments_only(rules: &[WriteRule], field: &str) -> bool {
    rules.iter().any(|r| {
        matches!(r.target, Target::Field(f) if f == field)
            && r.writer == Writer::InitiatorsOwnDepartment
    })
}
