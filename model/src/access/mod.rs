//! Who a person is to a document: ids, roles, classification, grants, and
//! the refusals every rule answers with.

mod acl;
mod actor;
mod classification;
mod directory_view;
mod ids;
mod refusal;
mod role;
mod rules;

pub use acl::Acl;
pub use actor::{Actor, Affiliation, Person};
pub use classification::Classification;
pub use directory_view::DirectoryView;
pub use ids::{DeptId, IdError, OrgId, PersonId};
pub use refusal::Refusal;
pub use role::DocRole;
pub use rules::{may_change_acl, may_create, may_read};

/// An id of any kind in a test, written as text.
#[cfg(test)]
pub(crate) fn test_id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().expect("a valid id")
}
