//! The rules written once: what makes a document well formed (`validate`)
//! and whether a person may make a batch of changes (`check_change`). The
//! relay enforces with them; the app shapes its UI with them.

mod check;
mod check_dates;
mod check_effect;
mod check_entries;
mod check_flow;
mod check_parts;
mod check_publish;
mod check_rows;
mod doc_card;
mod facts;
mod permissions;
mod schema;
mod touch;
mod validate;
mod violation;
mod waiting;

pub use check::{check_applied, check_applied_with, check_change, check_history, role_in};
pub use check_effect::ObjectPaths;
pub use doc_card::DocCard;
pub use permissions::{Due, Permissions};
pub use touch::RowsTouched;
#[cfg(test)]
pub(crate) use touch::Touch;
pub use validate::validate;
pub use violation::Violation;
pub use waiting::{Awaited, Waiting};

#[cfg(test)]
mod tests;
