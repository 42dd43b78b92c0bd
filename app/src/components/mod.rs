mod language_switch;
mod template_library;

pub use language_switch::LanguageSwitch;
pub use template_library::TemplateLibrary;
