//! The interface language: the person's stored choice, else the browser's preference.

use codee::string::JsonSerdeCodec;
use concord_model::{Locale, Localized as L};
use leptos::prelude::*;
use leptos_use::{storage::use_local_storage, use_locales};

/// Where the person's explicit language choice is kept between visits.
pub const LOCALE_STORAGE_KEY: &str = "concord.locale";

/// The interface's own words; template labels come from `concord-model`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    LibraryTitle,
    LibraryLead,
    Language,
    Starting,
    Online,
    Offline,
    StorageUnavailable,
}

impl Msg {
    fn text(self) -> L {
        match self {
            Msg::LibraryTitle => L::new("模板库", "Template library"),
            Msg::LibraryLead => L::new(
                "内外部协作的标准表单与表格，多人同时填写，离线也可编辑。",
                "Standard forms and tables for working with colleagues and partners: everyone edits at once, offline too.",
            ),
            Msg::Language => L::new("语言", "Language"),
            Msg::Starting => L::new("正在启动", "Starting"),
            Msg::Online => L::new("在线", "Online"),
            Msg::Offline => L::new("离线", "Offline"),
            Msg::StorageUnavailable => L::new("本地存储不可用", "Local storage unavailable"),
        }
    }
}

/// The current locale and a way to change it, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: Signal<Locale>,
    set_choice: WriteSignal<Option<Locale>>,
}

impl I18n {
    /// Sets up the locale for everything below the calling component.
    pub fn provide() -> Self {
        let (choice, set_choice, _) =
            use_local_storage::<Option<Locale>, JsonSerdeCodec>(LOCALE_STORAGE_KEY);
        let browser = use_locales();
        let locale = Signal::derive(move || {
            choice
                .get()
                .unwrap_or_else(|| Locale::negotiate(browser.read().iter().map(String::as_str)))
        });
        Effect::new(move || {
            let locale = locale.get();
            let document = document();
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", locale.tag());
            }
            document.set_title(&format!(
                "Concord · {}",
                Msg::LibraryTitle.text().get(locale)
            ));
        });
        let i18n = Self { locale, set_choice };
        provide_context(i18n);
        i18n
    }

    /// The locale provided by an ancestor.
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    /// The locale now, for work that outlives this moment (an async task's message).
    pub fn locale_untracked(&self) -> Locale {
        self.locale.get_untracked()
    }

    /// Remembers the person's choice across visits.
    pub fn choose(&self, locale: Locale) {
        self.set_choice.set(Some(locale));
    }

    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text().get(self.locale())
    }

    pub fn pick(&self, text: L) -> &'static str {
        text.get(self.locale())
    }
}

/// A language's name in that language, for the switch.
pub fn native_name(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "中文",
        Locale::En => "English",
    }
}
