//! The typed API and the rules never disagree: whatever an owner or an
//! editor does through `ConcordDoc`, where `Permissions` says they may, is
//! accepted by `check_change` and leaves `validate` empty. 256 cases by
//! default (`PROPTEST_CASES` overrides).

use proptest::prelude::*;

use super::*;
use crate::{
    custom_field::{CustomField, CustomKind, CustomOption, Label},
    derived_template::DerivedTemplate,
    document::{CommentId, CommentTarget, Decision, NewSignoff, RowId, Value, tests::TestRng},
    field::FieldKind,
    library::library,
    workflow::Step,
};

#[derive(Debug, Clone)]
enum Op {
    SetField(u8, u8),
    SpliceField(u8, u8),
    AddRow(u8, u8),
    MoveRow(u8, u8, u8),
    DeleteRow(u8, u8),
    SetCell(u8, u8, u8, u8),
    Comment(u8),
    EditComment,
    DeleteComment,
    Read,
    Version,
    /// Only the owner adds fields: kind, in a table?, which table.
    AddCustomField(u8, bool, u8),
    /// Fills what falls due, then takes (or signs) one step.
    Status(u8),
}

fn op() -> impl Strategy<Value = Op> {
    let n = any::<u8>;
    prop_oneof![
        4 => (n(), n()).prop_map(|(a, b)| Op::SetField(a, b)),
        2 => (n(), n()).prop_map(|(a, b)| Op::SpliceField(a, b)),
        3 => (n(), n()).prop_map(|(a, b)| Op::AddRow(a, b)),
        1 => (n(), n(), n()).prop_map(|(a, b, c)| Op::MoveRow(a, b, c)),
        1 => (n(), n()).prop_map(|(a, b)| Op::DeleteRow(a, b)),
        4 => (n(), n(), n(), n()).prop_map(|(a, b, c, d)| Op::SetCell(a, b, c, d)),
        1 => n().prop_map(Op::Comment),
        1 => Just(Op::EditComment),
        1 => Just(Op::DeleteComment),
        1 => Just(Op::Read),
        1 => Just(Op::Version),
        2 => (n(), any::<bool>(), n()).prop_map(|(a, b, c)| Op::AddCustomField(a, b, c)),
        2 => n().prop_map(Op::Status),
    ]
}

fn pick<T: Clone>(items: &[T], n: u8) -> Option<T> {
    (!items.is_empty()).then(|| items[usize::from(n) % items.len()].clone())
}

fn options() -> Vec<CustomOption> {
    ["x", "y"]
        .iter()
        .map(|id| CustomOption {
            id: (*id).into(),
            label: Label::new(id, id),
        })
        .collect()
}

fn custom_kind(n: u8) -> CustomKind {
    match n % 8 {
        0 => CustomKind::Text,
        1 => CustomKind::LongText,
        2 => CustomKind::Money,
        3 => CustomKind::SingleChoice { options: options() },
        4 => CustomKind::MultipleChoice { options: options() },
        5 => CustomKind::Rating { max: 4 },
        6 => CustomKind::People,
        _ => CustomKind::Date,
    }
}

/// A field as the test writes it: its kind, and a custom field's options.
#[derive(Debug, Clone)]
struct Writable {
    id: String,
    kind: FieldKind,
    options: Vec<String>,
    required: bool,
}

impl Writable {
    fn value(&self, n: u8) -> Value {
        match (&self.kind, pick(&self.options, n)) {
            (FieldKind::SingleChoice(_), Some(o)) => Value::Choice(o),
            (FieldKind::MultipleChoice(_), Some(o)) => Value::Choices(vec![o]),
            (kind, _) => crate::document::tests::sample(kind, n),
        }
    }
}

/// Every field of the form (`table` None) or of a table, custom ones too.
fn writables(doc: &ConcordDoc, table: Option<&str>) -> Vec<Writable> {
    let t = doc.template();
    let defs = match table {
        None => t.fields,
        Some(table) => t.table(table).map_or(&[][..], |d| d.fields),
    };
    let mut out: Vec<Writable> = defs
        .iter()
        .map(|f| Writable {
            id: f.id.into(),
            kind: f.kind,
            options: Vec::new(),
            required: f.required,
        })
        .collect();
    let custom = doc.custom_fields().unwrap();
    out.extend(
        custom
            .iter()
            .filter(|c| c.table.as_deref() == table)
            .map(|c| Writable {
                id: c.id.clone(),
                kind: c.kind.field_kind(),
                options: c.kind.options().iter().map(|o| o.id.clone()).collect(),
                required: c.required,
            }),
    );
    out
}

fn tables(doc: &ConcordDoc) -> Vec<&'static str> {
    doc.template().tables.iter().map(|t| t.id).collect()
}

fn derived(base: &'static Template) -> DerivedTemplate {
    let mut extra = vec![CustomField {
        id: "cf-budget".into(),
        label: Label::new("预算", "Budget"),
        kind: CustomKind::Money,
        required: true,
        table: None,
    }];
    if let Some(table) = base.tables.first() {
        extra.push(CustomField {
            id: "cf-sprint".into(),
            label: Label::new("迭代", "Sprint"),
            kind: CustomKind::LongText,
            required: false,
            table: Some(table.id.into()),
        });
    }
    let json = serde_json::json!({
        "id": "sub", "version": 1, "base": base.id.to_string(),
        "name": {"zh-CN": "子模板", "en": "Sub"},
        "extra_fields": extra,
    });
    serde_json::from_value(json).unwrap()
}

/// What one step of the case did: the API call made no edit (refused by
/// the API itself, or nothing permitted), or a batch the rules judged.
struct Outcome {
    status_move: bool,
    verdict: Result<(), Refusal>,
}

fn apply(doc: &mut ConcordDoc, who: &Person, op: &Op, rng: &mut TestRng) -> Option<Outcome> {
    let perms = Permissions::of(doc, who).ok()?;
    let me = who.id.clone();
    let seed = rng.0;
    let mut rng = TestRng(seed.wrapping_add(1));
    rng.0 = rng.0.wrapping_mul(6364136223846793005).wrapping_add(1);
    let form = writables(doc, None);
    let table_ids = tables(doc);
    let rows_of = |doc: &ConcordDoc, t: &str| doc.rows(t).unwrap();
    let mut status_move = false;
    // An archive is read-only (only its sharing changes): nobody comments,
    // confirms reading, names versions or adds fields there. Rows and fields are asked
    // of `Permissions`, which already says so.
    let archived = doc.meta().unwrap().status == crate::workflow::ARCHIVED;
    let entries = matches!(
        op,
        Op::Comment(_)
            | Op::EditComment
            | Op::DeleteComment
            | Op::Read
            | Op::Version
            | Op::AddCustomField(..)
    );
    if archived && entries {
        return None;
    }
    let edit: Box<dyn FnOnce(&mut ConcordDoc)> = match op.clone() {
        Op::SetField(f, n) => {
            let field = pick(&form, f)?;
            perms.may_edit_field(&field.id).ok()?;
            // Test values name departments nobody here belongs to.
            (!perms.names_own_departments_only(&field.id)).then_some(())?;
            Box::new(move |d| {
                d.set_field(&field.id, field.value(n)).unwrap();
            })
        }
        Op::SpliceField(f, n) => {
            let long: Vec<_> = form
                .into_iter()
                .filter(|w| w.kind == FieldKind::LongText)
                .collect();
            let field = pick(&long, f)?;
            perms.may_edit_field(&field.id).ok()?;
            Box::new(move |d| {
                d.splice_text(&field.id, 0, 0, &format!("字{n}")).unwrap();
            })
        }
        Op::AddRow(t, after) => {
            let table = pick(&table_ids, t)?;
            perms.may_order_rows(table).ok()?;
            let after = pick(&rows_of(doc, table), after).map(|r| r.id);
            // Past the first state a row's required cells are due at once,
            // so the row is added with them, as the app's new-row form does.
            let required: Vec<Writable> = writables(doc, Some(table))
                .into_iter()
                .filter(|w| w.required)
                .collect();
            Box::new(move |d| {
                let row = d.add_row(table, after.as_ref(), &mut rng).unwrap();
                for w in required {
                    d.set_cell(table, &row, &w.id, w.value(after.is_some().into()))
                        .unwrap();
                }
            })
        }
        Op::MoveRow(t, r, after) => {
            let table = pick(&table_ids, t)?;
            perms.may_order_rows(table).ok()?;
            let rows = rows_of(doc, table);
            let row = pick(&rows, r)?.id;
            let after = pick(&rows, after).map(|r| r.id).filter(|a| *a != row);
            Box::new(move |d| {
                d.move_row(table, &row, after.as_ref()).unwrap();
            })
        }
        Op::DeleteRow(t, r) => {
            let table = pick(&table_ids, t)?;
            let row = pick(&rows_of(doc, table), r)?;
            perms.may_delete_row(table, row.owner.as_ref()).ok()?;
            Box::new(move |d| {
                d.delete_row(table, &row.id).unwrap();
            })
        }
        Op::SetCell(t, r, f, n) => {
            let table = pick(&table_ids, t)?;
            let row = pick(&rows_of(doc, table), r)?;
            let field = pick(&writables(doc, Some(table)), f)?;
            perms
                .may_edit_cell(table, &field.id, row.owner.as_ref())
                .ok()?;
            Box::new(move |d| {
                d.set_cell(table, &row.id, &field.id, field.value(n))
                    .unwrap();
            })
        }
        Op::Comment(n) => {
            perms.role().filter(|r| r.may_edit())?;
            Box::new(move |d| {
                let body = format!("看一下 @bob {n}");
                d.add_comment(&me, &CommentTarget::Doc, &body, NOW, &mut rng)
                    .unwrap();
            })
        }
        Op::EditComment | Op::DeleteComment => {
            perms.role().filter(|r| r.may_edit())?;
            let mine: Vec<CommentId> = doc
                .comments(None)
                .unwrap()
                .into_iter()
                .filter(|c| c.author == me)
                .map(|c| c.id)
                .collect();
            let id = pick(&mine, 0)?;
            let delete = matches!(op, Op::DeleteComment);
            Box::new(move |d| {
                if delete {
                    d.delete_comment(&me, &id).unwrap();
                } else {
                    d.edit_comment(&me, &id, 0, 0, "@vic ").unwrap();
                }
            })
        }
        Op::Read => Box::new(move |d| {
            d.confirm_read(&me, NOW).unwrap();
        }),
        Op::Version => {
            perms.may_name_version().ok()?;
            Box::new(move |d| {
                d.add_version("V2.1", "改了范围", &me, NOW, &mut rng)
                    .unwrap();
            })
        }
        Op::AddCustomField(k, in_table, t) => {
            (perms.role() == Some(DocRole::Owner)).then_some(())?;
            let table = if in_table { pick(&table_ids, t) } else { None };
            let initial = doc.meta().unwrap().status == doc.template().workflow.initial;
            let field = CustomField {
                id: CustomField::random_id(&mut rng),
                label: Label::new("自定义", "Custom"),
                kind: custom_kind(k),
                // Past the first state a required field would be due at
                // once, and `add_custom_field` takes no values: see
                // `required_custom_fields_fall_due_with_the_templates`.
                required: k % 3 == 0 && initial,
                table: table.map(str::to_owned),
            };
            Box::new(move |d| {
                d.add_custom_field(&field).unwrap();
            })
        }
        Op::Status(s) => {
            let steps = perms.steps();
            let step = pick(&steps, s)?;
            status_move = true;
            let taken = perms.may_take(step.id, Some("原因"), None).ok()?;
            let superior = perms.superior_to_record(step.to).cloned();
            let fill = due_fills(doc, &perms);
            Box::new(move |d| {
                for (table, row, field, value) in fill {
                    match (table, row) {
                        (Some(t), Some(r)) => d.set_cell(t, &r, &field, value).unwrap(),
                        _ => d.set_field(&field, value).unwrap(),
                    }
                }
                match taken {
                    Step::Moves { to } => {
                        if let Some(superior) = &superior {
                            d.set_direct_superior(superior).unwrap();
                        }
                        d.record_step(step, NOW).unwrap();
                        d.set_status(to).unwrap();
                        d.set_status_reason("原因").unwrap();
                        d.freeze_version_on(to, "", &me, NOW, &mut rng).unwrap();
                    }
                    Step::Signs { signoff, .. } => {
                        let record = NewSignoff {
                            by: &me,
                            transition: step.id,
                            departments: &signoff.departments,
                            decision: Decision::Approve,
                            note: "同意",
                        };
                        d.add_signoff(&record, NOW, &mut rng).unwrap();
                    }
                }
            })
        }
    };
    let verdict = by(doc, who, edit);
    Some(Outcome {
        status_move,
        verdict,
    })
}

type Fill = (Option<&'static str>, Option<RowId>, String, Value);

/// The required fields and cells still blank that the actor may fill, filled
/// as a person would before moving a document on.
fn due_fills(doc: &ConcordDoc, perms: &Permissions) -> Vec<Fill> {
    let blank = |v: Option<Value>| match v {
        None => true,
        Some(Value::Text(s)) => s.trim().is_empty(),
        Some(Value::People(v) | Value::Departments(v) | Value::Choices(v)) => v.is_empty(),
        Some(Value::Attachments(v)) => v.is_empty(),
        Some(_) => false,
    };
    let mut out = Vec::new();
    for w in writables(doc, None).into_iter().filter(|w| w.required) {
        let own_only = perms.names_own_departments_only(&w.id);
        if blank(doc.field(&w.id).ok().flatten())
            && perms.may_edit_field(&w.id).is_ok()
            && !own_only
        {
            out.push((None, None, w.id.clone(), w.value(1)));
        }
    }
    for table in tables(doc) {
        let fields: Vec<_> = writables(doc, Some(table))
            .into_iter()
            .filter(|w| w.required)
            .collect();
        for row in doc.rows(table).unwrap() {
            for w in &fields {
                let value = doc.cell(table, &row.id, &w.id).ok().flatten();
                let may = perms.may_edit_cell(table, &w.id, row.owner.as_ref());
                if blank(value) && may.is_ok() {
                    out.push((Some(table), Some(row.id.clone()), w.id.clone(), w.value(1)));
                }
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn every_permitted_api_edit_is_accepted_and_valid(
        t in 0..library().len(),
        sub in any::<bool>(),
        ops in prop::collection::vec((op(), any::<bool>()), 1..10),
        seed in 1..u64::MAX,
    ) {
        let template = &library()[t];
        let alice = alice();
        let mut doc = if sub {
            ConcordDoc::create_derived(&derived(template), "Q3", &pid("alice"), NOW, actor(1))
        } else {
            ConcordDoc::create(template, "Q3", &pid("alice"), NOW, actor(1))
        }
        .unwrap();
        doc.commit(NOW, None);
        let heads = doc.heads();
        prop_assert_eq!(check_change(&[], &heads, &mut doc, &alice, &today()), Ok(()));
        prop_assert_eq!(validate(&doc), vec![]);
        let shared = by(&mut doc, &alice, |d| {
            d.set_member_role(&pid("bob"), DocRole::Editor).unwrap();
        });
        prop_assert_eq!(shared, Ok(()));
        let mut rng = TestRng(seed);
        for (op, as_editor) in &ops {
            let who = if *as_editor { staff("bob") } else { alice.clone() };
            rng.0 = rng.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let Some(outcome) = apply(&mut doc, &who, op, &mut rng) else {
                continue;
            };
            // A step out of the draft makes required fields due; one the
            // actor may not fill keeps the move illegal, rightly refused.
            let due = matches!(
                &outcome.verdict,
                Err(Refusal::BreaksSchema { violation: Violation::RequiredMissing { .. } })
            );
            // A date a step sets is held to that step's range on the
            // relay's today (`Permissions::date_for` says it in the app):
            // the value's fault, not the permission's.
            let out_of_range = matches!(&outcome.verdict, Err(Refusal::DateNotWithin { .. }));
            if !(out_of_range || outcome.status_move && due) {
                prop_assert_eq!(outcome.verdict, Ok(()), "{:?} by {}", op, who.id);
            }
            prop_assert_eq!(validate(&doc), vec![], "after {:?} by {}", op, who.id);
        }
    }
}
