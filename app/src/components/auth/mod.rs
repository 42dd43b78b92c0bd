//! Signing in, setting up the first admin, joining by invite, signing out.

mod account_fields;
mod account_menu;
mod invite_screen;
mod login_screen;
mod setup_screen;
mod signed_in_only;

pub use account_menu::AccountMenu;
pub use invite_screen::InviteScreen;
pub use login_screen::LoginScreen;
pub use setup_screen::SetupScreen;
pub use signed_in_only::SignedInOnly;

/// The page's `location.hash` without its '#': setup secrets and invite
/// tokens travel there so they never reach a server's log.
fn page_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}
