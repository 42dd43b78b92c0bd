//! The one editor every form field and table cell uses: it reads its value
//! from the document (tracked), writes through `DocContext::change`, is
//! read-only where the model's rules refuse (saying why), and shows
//! concurrent values for someone to settle.

mod attachment_editor;
mod choice_editors;
mod conflict_box;
mod editor_spec;
mod field_place;
mod input_text;
mod text_editors;
mod value_at;

use automerge::ChangeHash;
use concord_model::{FieldKind, ParseContext, Value};
use leptos::prelude::*;

/// Instants are shown on the browser's clocks, as the editors show them.
pub(crate) use crate::browser_zone::show_ms;
pub use editor_spec::EditorSpec;
pub use field_place::FieldPlace;
pub use input_text::InputError;
pub(crate) use input_text::splice_between;

use super::{DocContext, link_target::LinkTarget};
use crate::{
    browser_zone::BrowserZone,
    components::{Calendar, DirectoryField},
    i18n::I18n,
};
use attachment_editor::AttachmentEditor;
use choice_editors::{CheckboxEditor, MultipleChoiceEditor, RatingEditor, SingleChoiceEditor};
use conflict_box::ConflictBox;
use input_text::parse_input;
use text_editors::{DateEditor, LineEditor, LongTextEditor, MoneyEditor};
use value_at::ValueAt;

/// One field's or cell's editor (its label is the caller's).
#[component]
pub fn FieldEditor(place: FieldPlace, #[prop(into)] spec: EditorSpec) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let kind = spec.kind;
    let place = StoredValue::new(place);
    let spec = StoredValue::new(spec);
    let read_at = StoredValue::new(None::<ValueAt>);
    let value = Memo::new(move |_| {
        let heads = ctx.heads();
        if let Some(known) = heads.as_deref().and_then(|heads| {
            read_at.with_value(|read| read.as_ref().and_then(|read| read.at(heads)))
        }) {
            return known;
        }
        let value = ctx
            .read_untracked(|doc| place.with_value(|p| p.read(doc)))
            .flatten();
        read_at.set_value(heads.map(|heads| ValueAt::new(heads, value.clone())));
        value
    });
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
        read_at,
        refusal,
        problem: RwSignal::new(None),
    };
    let control = match kind {
        FieldKind::LongText => view! { <LongTextEditor ed /> }.into_any(),
        FieldKind::Money => view! { <MoneyEditor ed /> }.into_any(),
        FieldKind::Date | FieldKind::DateTime => view! { <DateEditor ed /> }.into_any(),
        FieldKind::Person | FieldKind::Department | FieldKind::People | FieldKind::Departments => {
            view! {
                <DirectoryField
                    kind
                    value=ed.value
                    on_value=Callback::new(move |value| ed.write(value))
                    disabled=Signal::derive(move || ed.read_only())
                    class="field-input"
                    testid="field-input"
                    input_id=ed.input_id()
                />
            }
            .into_any()
        }
        FieldKind::Attachment => view! { <AttachmentEditor ed /> }.into_any(),
        FieldKind::SingleChoice(_) => view! { <SingleChoiceEditor ed /> }.into_any(),
        FieldKind::MultipleChoice(_) => view! { <MultipleChoiceEditor ed /> }.into_any(),
        FieldKind::Checkbox => view! { <CheckboxEditor ed /> }.into_any(),
        FieldKind::Rating { max } => view! { <RatingEditor ed max /> }.into_any(),
        FieldKind::Number => view! { <LineEditor ed inputmode="decimal" /> }.into_any(),
        FieldKind::Link => view! {
            <LineEditor ed />
            <LinkTarget value=ed.value />
        }
        .into_any(),
        FieldKind::Text => view! { <LineEditor ed /> }.into_any(),
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
                                {problem.said(i18n.locale())}
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
    /// The heads `value` was last read at, with what it read.
    read_at: StoredValue<Option<ValueAt>>,
    /// Why the person may not write here, in their language; None if they may.
    pub refusal: Memo<Option<String>>,
    /// The last input that was not written, and why.
    pub problem: RwSignal<Option<InputError>>,
}

/// The editor's handlers may still be called after it is gone: an input
/// removed while focused reports its `change` once its editor (and maybe
/// the whole document screen) is disposed. They then do nothing; what was
/// typed was written before (`commit_on_cleanup`).
impl Editor {
    pub fn read_only(&self) -> bool {
        self.refusal.try_get().is_none_or(|r| r.is_some())
    }

    pub fn input_id(&self) -> String {
        self.place
            .try_with_value(FieldPlace::dom_id)
            .unwrap_or_default()
    }

    /// The heads the current value was read at (`None`: unknown).
    pub fn value_heads(&self) -> Option<Vec<ChangeHash>> {
        self.read_at
            .try_with_value(|read| read.as_ref().map(|read| read.heads().to_vec()))
            .flatten()
    }

    /// What this editor's own change left the value as, at the heads the
    /// change made: `value` takes it rather than reading the document.
    pub fn wrote(&self, heads: Vec<ChangeHash>, value: Value) {
        self.read_at
            .try_set_value(Some(ValueAt::new(heads, Some(value))));
    }

    pub fn kind(&self) -> FieldKind {
        self.spec.with_value(|s| s.kind)
    }

    /// Writes a value unless it is what is there already.
    pub fn write(&self, value: Value) {
        self.problem.set(None);
        let (Some(current), Some(place)) =
            (self.value.try_get_untracked(), self.place.try_get_value())
        else {
            return;
        };
        if current.as_ref() == Some(&value) {
            return;
        }
        // A date the relay holds to a range (a re-acceptance date) is
        // checked here first: said under the field, nothing sent.
        if let (Value::Date(text), FieldPlace::Form { field }) = (&value, &place)
            && let (Ok(day), Some(today), Some(perms)) = (
                text.parse(),
                Calendar::expect().today(),
                self.ctx.permissions_untracked(),
            )
            && let Err(refusal) = perms.may_write_date(field, day, &today)
        {
            let locale = I18n::expect().locale();
            let label = self.spec.with_value(|s| s.label.shown(locale).to_owned());
            let said = refusal.message(locale).replace(field.as_str(), &label);
            self.problem.set(Some(InputError::Refused(said)));
            return;
        }
        // Naming a person (a row's owner, a reviewer) lets a document owner
        // give them what they need to act: an editor's role.
        let grants = matches!(value, Value::Person(_) | Value::People(_))
            && self
                .ctx
                .permissions_untracked()
                .is_some_and(|p| p.may_change_acl().is_ok());
        let _ = self.ctx.change(move |doc| {
            place.write(doc, value)?;
            if grants {
                doc.grant_named_to_act()?;
            }
            Ok(())
        });
    }

    /// Writes what was typed into a one-line input, or says why not.
    /// `currency` is a money field's current one.
    pub fn write_typed(&self, typed: &str, currency: &str) {
        // The editor may be gone by now (a sheet closed while typing).
        let Some(parsed) = self.spec.try_with_value(|spec| {
            let ctx = ParseContext::new(&BrowserZone)
                .with_currency(currency)
                .with_custom_options(&spec.options);
            parse_input(&spec.kind, typed, &ctx)
        }) else {
            return;
        };
        match parsed {
            Ok(value) => self.write(value),
            Err(problem) => self.problem.set(Some(problem)),
        }
    }

    /// When the editor goes (its sheet closed, the page left) with text typed
    /// into `input` but not yet committed (no `change` yet), writes it: the
    /// browser's own `change` comes too late, after the editor is gone.
    pub fn commit_on_cleanup(
        &self,
        input: NodeRef<leptos::html::Input>,
        currency: impl Fn() -> String + Send + Sync + 'static,
    ) {
        let ed = *self;
        on_cleanup(move || {
            let Some(typed) = input.try_get_untracked().flatten().map(|el| el.value()) else {
                return;
            };
            let shown = ed
                .value
                .try_get_untracked()
                .flatten()
                .as_ref()
                .map(|value| concord_model::input_text(value, &BrowserZone))
                .unwrap_or_default();
            if typed != shown && !ed.read_only() {
                ed.write_typed(&typed, &currency());
            }
        });
    }
}
