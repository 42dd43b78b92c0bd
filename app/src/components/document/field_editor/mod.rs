//! The one editor every form field and table cell uses: it reads its value
//! from the document (tracked), writes through `DocContext::change`, is
//! read-only where the model's rules refuse (saying why), and shows
//! concurrent values for someone to settle.

mod choice_editors;
mod conflict_box;
mod editor_spec;
mod field_place;
mod input_text;
mod list_editors;
mod text_editors;

use concord_model::{FieldKind, ParseContext, Value};
use leptos::prelude::*;

/// Instants are shown on the browser's clocks, as the editors show them.
pub(crate) use crate::browser_zone::show_ms;
pub use editor_spec::EditorSpec;
pub use field_place::FieldPlace;
pub use input_text::InputError;
pub(crate) use input_text::splice_between;

use super::{DocContext, known_names};
use crate::{browser_zone::BrowserZone, i18n::I18n};
use choice_editors::{CheckboxEditor, MultipleChoiceEditor, RatingEditor, SingleChoiceEditor};
use conflict_box::ConflictBox;
use input_text::parse_input;
use list_editors::ListEditor;
use text_editors::{LineEditor, LongTextEditor, MoneyEditor};

/// One field's or cell's editor (its label is the caller's).
#[component]
pub fn FieldEditor(place: FieldPlace, #[prop(into)] spec: EditorSpec) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let kind = spec.kind;
    let place = StoredValue::new(place);
    let spec = StoredValue::new(spec);
    let value = Memo::new(move |_| ctx.read(|doc| place.with_value(|p| p.read(doc))).flatten());
    let refusal = Memo::new(move |_| {
        let locale = i18n.locale();
        let Some(perms) = ctx.permissions() else {
            return Some(i18n.pick(NOT_HERE).to_owned());
        };
        ctx.read_untracked(|doc| place.with_value(|p| p.may_edit(&perms, doc)))
            .and_then(|allowed| allowed.err())
            .map(|refusal| refusal.message(locale))
    });
    let ed = Editor {
        ctx,
        place,
        spec,
        value,
        refusal,
        problem: RwSignal::new(None),
    };
    let control = match kind {
        FieldKind::LongText => view! { <LongTextEditor ed /> }.into_any(),
        FieldKind::Money => view! { <MoneyEditor ed /> }.into_any(),
        FieldKind::Date => view! { <LineEditor ed input_type="date" /> }.into_any(),
        FieldKind::DateTime => view! { <LineEditor ed input_type="datetime-local" /> }.into_any(),
        FieldKind::Person => view! { <LineEditor ed list=known_names::PEOPLE /> }.into_any(),
        FieldKind::Department => {
            view! { <LineEditor ed list=known_names::DEPARTMENTS /> }.into_any()
        }
        FieldKind::People | FieldKind::Departments | FieldKind::Attachment => {
            view! { <ListEditor ed /> }.into_any()
        }
        FieldKind::SingleChoice(_) => view! { <SingleChoiceEditor ed /> }.into_any(),
        FieldKind::MultipleChoice(_) => view! { <MultipleChoiceEditor ed /> }.into_any(),
        FieldKind::Checkbox => view! { <CheckboxEditor ed /> }.into_any(),
        FieldKind::Rating { max } => view! { <RatingEditor ed max /> }.into_any(),
        FieldKind::Number => view! { <LineEditor ed inputmode="decimal" /> }.into_any(),
        FieldKind::Text | FieldKind::Link => view! { <LineEditor ed /> }.into_any(),
    };
    view! {
        <div
            class="field-editor"
            class:read-only=move || ed.read_only()
            title=move || ed.refusal.get()
        >
            {control}
            {move || {
                ed.problem
                    .get()
                    .map(|problem| {
                        view! {
                            <p class="field-problem" role="alert" data-testid="field-problem">
                                {i18n.pick(problem.text())}
                            </p>
                        }
                    })
            }}
            {move || {
                ed.refusal
                    .get()
                    .map(|why| {
                        view! {
                            <p class="field-refusal" data-testid="field-refusal">
                                {why}
                            </p>
                        }
                    })
            }}
            <ConflictBox ed />
        </div>
    }
}

const NOT_HERE: concord_model::Localized = concord_model::Localized::new(
    "无法读取您在此文档中的权限",
    "Your permissions in this document cannot be read",
);

/// What every kind's editor shares: where the value is, its field, and how
/// to read and write it. `Copy`, so closures in views can take it.
#[derive(Clone, Copy)]
pub(crate) struct Editor {
    pub ctx: DocContext,
    pub place: StoredValue<FieldPlace>,
    pub spec: StoredValue<EditorSpec>,
    /// The current value, tracked.
    pub value: Memo<Option<Value>>,
    /// Why the person may not write here, in their language; None if they may.
    pub refusal: Memo<Option<String>>,
    /// The last input that was not written, and why.
    pub problem: RwSignal<Option<InputError>>,
}

impl Editor {
    pub fn read_only(&self) -> bool {
        self.refusal.get().is_some()
    }

    pub fn input_id(&self) -> String {
        self.place.with_value(FieldPlace::dom_id)
    }

    pub fn kind(&self) -> FieldKind {
        self.spec.with_value(|s| s.kind)
    }

    /// Writes a value unless it is what is there already.
    pub fn write(&self, value: Value) {
        self.problem.set(None);
        if self.value.get_untracked().as_ref() == Some(&value) {
            return;
        }
        let place = self.place.get_value();
        let _ = self.ctx.change(move |doc| place.write(doc, value));
    }

    /// Writes what was typed into a one-line input, or says why not.
    /// `currency` is a money field's current one.
    pub fn write_typed(&self, typed: &str, currency: &str) {
        let parsed = self.spec.with_value(|spec| {
            let ctx = ParseContext::new(&BrowserZone)
                .with_currency(currency)
                .with_custom_options(&spec.options);
            parse_input(&spec.kind, typed, &ctx)
        });
        match parsed {
            Ok(value) => self.write(value),
            Err(problem) => self.problem.set(Some(problem)),
        }
    }
}
