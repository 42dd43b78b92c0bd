//! "Manage fields": the document's owner adds fields of any kind to the
//! form, renames, reorders and removes them. Only shown to those the
//! model's `Permissions::may_manage_fields` lets; the relay judges the same.

use concord_model::{
    CustomField, CustomKind, CustomOption, FieldMove, LABEL_MAX, Label, Locale, Localized as L,
    OPTIONS_MAX, RATING_MAX,
};
use leptos::prelude::*;

use super::{DocContext, save_subtemplate::SaveSubtemplate};
use crate::{components::ConfirmButton, i18n::I18n, repo::CryptoRng};

/// Every kind a person may give a field, by its stored name.
const KINDS: [(&str, L); 16] = [
    ("text", L::new("单行文本", "Text")),
    ("long_text", L::new("多行文本", "Long text")),
    ("number", L::new("数字", "Number")),
    ("money", L::new("金额", "Money")),
    ("date", L::new("日期", "Date")),
    ("date_time", L::new("日期时间", "Date and time")),
    ("person", L::new("人员", "Person")),
    ("people", L::new("多个人员", "People")),
    ("department", L::new("部门", "Department")),
    ("departments", L::new("多个部门", "Departments")),
    ("single_choice", L::new("单选", "Single choice")),
    ("multiple_choice", L::new("多选", "Multiple choice")),
    ("checkbox", L::new("复选框", "Checkbox")),
    ("attachment", L::new("附件", "Attachment")),
    ("rating", L::new("评分", "Rating")),
    (
        "link",
        L::new("链接到文档或行", "Link to a document or row"),
    ),
];

fn kind_title(name: &str) -> L {
    KINDS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(L::new("未知", "Unknown"), |(_, title)| *title)
}

/// The panel's toggle and, open, the panel; nothing for anyone who may not
/// manage the document's fields.
#[component]
pub fn ManageFields(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let may = Memo::new(move |_| {
        ctx.permissions()
            .is_some_and(|p| p.may_manage_fields().is_ok())
    });
    let open = RwSignal::new(false);
    view! {
        <Show when=move || may.get()>
            <section class="manage-fields" data-testid="manage-fields">
                <div class="manage-fields-bar">
                    <button type="button" class="button" data-testid="manage-fields-toggle"
                        aria-expanded=move || open.get().to_string()
                        on:click=move |_| open.update(|o| *o = !*o)>
                        {move || i18n.pick(L::new("管理字段", "Manage fields"))}
                    </button>
                    <SaveSubtemplate ctx />
                </div>
                <Show when=move || open.get()>
                    <div class="manage-fields-panel" data-testid="manage-fields-panel">
                        <h2>{move || i18n.pick(L::new("本文档的自定义字段", "This document's own fields"))}</h2>
                        <FieldList ctx />
                        <AddField ctx />
                    </div>
                </Show>
            </section>
        </Show>
    }
}

/// The form's custom fields, in order, each with its actions.
#[component]
fn FieldList(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let fields = Memo::new(move |_| {
        ctx.read(|doc| {
            doc.custom_fields()
                .unwrap_or_default()
                .into_iter()
                .filter(|f| f.table.is_none())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    view! {
        {move || fields.with(Vec::is_empty).then(|| view! {
            <p class="manage-fields-empty">
                {move || i18n.pick(L::new("还没有自定义字段。", "No fields of its own yet."))}
            </p>
        })}
        <ol class="custom-field-list">
            <For
                each=move || {
                    let all = fields.get();
                    let last = all.len().saturating_sub(1);
                    all.into_iter().enumerate().map(move |(i, f)| (f, i == 0, i == last)).collect::<Vec<_>>()
                }
                key=|(f, first, last)| (f.id.clone(), f.label.zh_cn.clone(), f.label.en.clone(), *first, *last)
                children=move |(field, first, last)| view! { <FieldLine ctx field first last /> }
            />
        </ol>
    }
}

#[component]
fn FieldLine(ctx: DocContext, field: CustomField, first: bool, last: bool) -> impl IntoView {
    let i18n = I18n::expect();
    let id = StoredValue::new(field.id.clone());
    let zh = RwSignal::new(field.label.zh_cn.clone());
    let en = RwSignal::new(field.label.en.clone());
    let renaming = RwSignal::new(false);
    let kind = kind_title(field.kind.name());
    let label = field.label.clone();
    let shown = move || label.shown(i18n.locale()).to_owned();
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let label = Label::new(zh.get_untracked().trim(), en.get_untracked().trim());
        if ctx
            .change(|doc| doc.rename_custom_field(&id.get_value(), &label))
            .is_ok()
        {
            renaming.set(false);
        }
    };
    let move_to = move |way| {
        let _ = ctx.change(|doc| doc.move_custom_field(&id.get_value(), way));
    };
    let required = field.required;
    view! {
        <li class="custom-field-line" data-testid="custom-field-line" data-field-id=field.id.clone()>
            <div class="custom-field-head">
                <span class="custom-field-name" data-testid="custom-field-name" dir="auto">{shown}</span>
                <span class="custom-field-kind">
                    {move || i18n.pick(kind)}
                    {move || required.then(|| format!(" · {}", i18n.pick(L::new("必填", "required"))))}
                </span>
            </div>
            <div class="custom-field-actions">
                <button type="button" data-testid="field-up" disabled=first
                    aria-label=move || i18n.pick(L::new("上移", "Move up"))
                    on:click=move |_| move_to(FieldMove::Up)>"↑"</button>
                <button type="button" data-testid="field-down" disabled=last
                    aria-label=move || i18n.pick(L::new("下移", "Move down"))
                    on:click=move |_| move_to(FieldMove::Down)>"↓"</button>
                <button type="button" data-testid="field-rename"
                    on:click=move |_| renaming.update(|r| *r = !*r)>
                    {move || i18n.pick(L::new("重命名", "Rename"))}
                </button>
                <ConfirmButton
                    label=Signal::derive(move || i18n.pick(L::new("删除", "Remove")).to_owned())
                    question=Signal::derive(move || i18n.pick(L::new(
                        "删除此字段？已填写的值会从表单中移除，但仍保留在文档历史中。",
                        "Remove this field? Its values leave the form but stay in the document's history.",
                    )).to_owned())
                    confirm=Signal::derive(move || i18n.pick(L::new("删除字段", "Remove field")).to_owned())
                    testid="field-remove"
                    on_confirm=Callback::new(move |()| {
                        let _ = ctx.change(|doc| doc.remove_custom_field(&id.get_value()));
                    })
                />
            </div>
            <Show when=move || renaming.get()>
                <form class="custom-field-rename" on:submit=rename>
                    <LabelInputs zh en />
                    <button type="submit" class="primary" data-testid="field-rename-save">
                        {move || i18n.pick(L::new("保存名称", "Save name"))}
                    </button>
                </form>
            </Show>
        </li>
    }
}

/// A label's two inputs, the reader's language first.
#[component]
fn LabelInputs(zh: RwSignal<String>, en: RwSignal<String>) -> impl IntoView {
    let i18n = I18n::expect();
    let input =
        move |value: RwSignal<String>, title: L, testid: &'static str, lang: &'static str| {
            view! {
                <label class="custom-field-label-input">
                    <span>{move || i18n.pick(title)}</span>
                    <input type="text" data-testid=testid lang=lang dir="auto" maxlength=LABEL_MAX
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev)) />
                </label>
            }
        };
    move || {
        let zh_input = input(
            zh,
            L::new("中文名称", "Name in Chinese (optional)"),
            "field-label-zh",
            "zh-CN",
        );
        let en_input = input(
            en,
            L::new("英文名称（可选）", "Name in English"),
            "field-label-en",
            "en",
        );
        match i18n.locale() {
            Locale::ZhCn => view! { {zh_input} {en_input} }.into_any(),
            Locale::En => view! { {en_input} {zh_input} }.into_any(),
        }
    }
}

/// Adds a field to the form: its name, kind, options or maximum, and
/// whether it must be filled.
#[component]
fn AddField(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let zh = RwSignal::new(String::new());
    let en = RwSignal::new(String::new());
    let kind = RwSignal::new("text".to_owned());
    let options = RwSignal::new(String::new());
    let max = RwSignal::new("5".to_owned());
    let required = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let is_choice = move || kind.with(|k| k == "single_choice" || k == "multiple_choice");
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale();
        let field = match new_field(
            CustomField::random_id(&mut CryptoRng),
            &kind.get_untracked(),
            Label::new(zh.get_untracked().trim(), en.get_untracked().trim()),
            &options.get_untracked(),
            &max.get_untracked(),
            required.get_untracked(),
            locale,
        ) {
            Ok(field) => field,
            Err(why) => {
                problem.set(Some(i18n.pick(why).to_owned()));
                return;
            }
        };
        if let Some(why) = field.problem() {
            problem.set(Some(said(why, locale)));
            return;
        }
        match ctx.change(|doc| doc.add_custom_field(&field)) {
            Ok(()) => {
                problem.set(None);
                zh.set(String::new());
                en.set(String::new());
                options.set(String::new());
                required.set(false);
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    view! {
        <form class="add-field" data-testid="add-field" on:submit=add>
            <h3>{move || i18n.pick(L::new("添加字段", "Add a field"))}</h3>
            <LabelInputs zh en />
            <label class="add-field-kind">
                <span>{move || i18n.pick(L::new("类型", "Kind"))}</span>
                <select data-testid="field-kind" on:change=move |ev| kind.set(event_target_value(&ev))
                    prop:value=move || kind.get()>
                    {KINDS.iter().map(|(name, title)| view! {
                        <option value=*name>{move || i18n.pick(*title)}</option>
                    }).collect_view()}
                </select>
            </label>
            <Show when=is_choice>
                <label class="add-field-options">
                    <span>{move || i18n.pick(L::new("选项（每行一个）", "Options (one per line)"))}</span>
                    <textarea data-testid="field-options" rows="4" dir="auto"
                        prop:value=move || options.get()
                        on:input=move |ev| options.set(event_target_value(&ev))></textarea>
                </label>
            </Show>
            <Show when=move || kind.with(|k| k == "rating")>
                <label class="add-field-max">
                    <span>{move || i18n.pick(L::new("最高分", "Highest rating"))}</span>
                    <input type="number" min="1" max=RATING_MAX data-testid="field-max"
                        prop:value=move || max.get()
                        on:input=move |ev| max.set(event_target_value(&ev)) />
                </label>
            </Show>
            <label class="add-field-required">
                <input type="checkbox" data-testid="field-required"
                    prop:checked=move || required.get()
                    on:change=move |ev| required.set(event_target_checked(&ev)) />
                <span>{move || i18n.pick(L::new("必填", "Required"))}</span>
            </label>
            {move || problem.get().map(|p| view! {
                <p class="form-error" role="alert" data-testid="add-field-error">{p}</p>
            })}
            <button type="submit" class="primary" data-testid="add-field-confirm">
                {move || i18n.pick(L::new("添加字段", "Add field"))}
            </button>
        </form>
    }
}

/// The field the form describes, under the fresh `id`; options are typed
/// one per line, in the person's language.
fn new_field(
    id: String,
    kind: &str,
    label: Label,
    options: &str,
    max: &str,
    required: bool,
    locale: Locale,
) -> Result<CustomField, L> {
    let options: Vec<CustomOption> = options
        .lines()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .enumerate()
        .map(|(i, typed)| CustomOption {
            id: format!("o{}", i + 1),
            label: match locale {
                Locale::ZhCn => Label::new(typed, ""),
                Locale::En => Label::new("", typed),
            },
        })
        .collect();
    if options.len() > OPTIONS_MAX {
        return Err(L::new("选项至多 200 个。", "At most 200 options."));
    }
    let max = max.trim().parse::<u8>().ok();
    let kind = CustomKind::from_parts(kind, options, max).ok_or(L::new(
        "请填写 1 到 10 之间的最高分。",
        "Give a highest rating from 1 to 10.",
    ))?;
    Ok(CustomField {
        id,
        label,
        kind,
        required,
        table: None,
    })
}

/// Why a field cannot be added, in the person's language.
fn said(problem: &str, locale: Locale) -> String {
    let zh = match problem {
        "a label is empty in both languages" => "请填写字段名称。",
        "a label is too long" => "名称至多 80 个字符。",
        "a label has control characters" => "名称中不能有换行等控制字符。",
        "a choice field needs options" => "选择字段至少需要一个选项（每行一个）。",
        "a choice field has too many options" => "选项至多 200 个。",
        "a choice field needs options with distinct ids" => "选项不能重复。",
        "a rating's maximum is too high" | "a rating needs a maximum of at least 1" => {
            "最高分应在 1 到 10 之间。"
        }
        _ => "无法添加此字段。",
    };
    match locale {
        Locale::ZhCn => zh.to_owned(),
        Locale::En => {
            let mut en = problem.to_owned();
            if let Some(first) = en.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            format!("{en}.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_the_model_knows_can_be_chosen() {
        for (name, _) in KINDS {
            let options = "甲\n乙";
            let field = new_field(
                "cf-1".into(),
                name,
                Label::new("字段", ""),
                options,
                "5",
                false,
                Locale::ZhCn,
            )
            .expect("a field");
            assert_eq!(field.kind.name(), name);
            assert_eq!(field.problem(), None, "{name}");
        }
        let choice = new_field(
            "cf-2".into(),
            "single_choice",
            Label::new("", "Pick"),
            " a \n\n b ",
            "",
            true,
            Locale::En,
        )
        .unwrap();
        let labels: Vec<&str> = choice
            .kind
            .options()
            .iter()
            .map(|o| o.label.en.as_str())
            .collect();
        assert_eq!(labels, ["a", "b"]);
        assert!(
            new_field(
                "cf-3".into(),
                "rating",
                Label::new("分", ""),
                "",
                "x",
                false,
                Locale::ZhCn
            )
            .is_err()
        );
        assert_eq!(
            said("a label is too long", Locale::En),
            "A label is too long."
        );
    }
}
