//! The form part of a document: the template's fields, then the
//! document's own custom fields, each labelled with its editor.

use concord_model::{HistoryScope, Localized as L};
use leptos::prelude::*;

use super::{DocContext, EditorSpec, FieldEditor, FieldPlace, LastChangedButton};
use crate::i18n::I18n;

#[component]
pub fn FormPart(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let specs = Memo::new(move |_| {
        ctx.read_keys(|doc| {
            let mut specs: Vec<EditorSpec> =
                doc.template().fields.iter().map(EditorSpec::from).collect();
            specs.extend(
                doc.custom_fields()
                    .unwrap_or_default()
                    .iter()
                    .filter(|f| f.table.is_none())
                    .map(EditorSpec::from),
            );
            specs
        })
        .unwrap_or_default()
    });
    view! {
        <section class="form-part" data-testid="form-part">
            <For
                each=move || specs.get()
                key=|spec| (spec.id.clone(), format!("{:?}", spec.kind), spec.label.zh_cn.clone(), spec.label.en.clone(), spec.required)
                children=move |spec| view! { <FormField spec i18n /> }
            />
            {move || {
                specs.with(Vec::is_empty).then(|| {
                    view! {
                        <p class="form-empty">
                            {move || i18n.pick(L::new("此模板没有表单字段。", "This template has no form fields."))}
                        </p>
                    }
                })
            }}
        </section>
    }
}

#[component]
fn FormField(spec: EditorSpec, i18n: I18n) -> impl IntoView {
    let place = FieldPlace::form(spec.id.clone());
    let input_id = place.dom_id();
    let id = spec.id.clone();
    let id_for_history = spec.id.clone();
    let label = spec.label.clone();
    let required = spec.required;
    let wide = matches!(
        spec.kind,
        concord_model::FieldKind::LongText
            | concord_model::FieldKind::MultipleChoice(_)
            | concord_model::FieldKind::Attachment
    );
    view! {
        <div class="field" class:wide=wide data-testid="field" data-field-id=id>
            <div class="field-head">
                <label class="field-label" for=input_id>
                    {move || label.shown(i18n.locale()).to_owned()}
                    {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
                </label>
                <LastChangedButton scope=HistoryScope::Field(id_for_history) />
            </div>
            <FieldEditor place spec />
        </div>
    }
}
