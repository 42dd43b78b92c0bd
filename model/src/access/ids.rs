use std::{fmt, str::FromStr};

/// Why a text is not an id: ids are stored as map keys in documents and
/// compared byte for byte, so blanks and surrounding spaces would silently
/// create a second, different person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an id: {0:?} (must be non-empty, without whitespace)")]
pub struct IdError(pub String);

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        // On the wire as its text, checked on the way in like `parse`.
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
        )]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::try_from(s.to_owned())
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                if s.is_empty() || s.chars().any(char::is_whitespace) {
                    return Err(IdError(s));
                }
                Ok(Self(s))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A person's account id, internal staff or partner alike.
    PersonId
);
id_type!(
    /// A department of the company.
    DeptId
);
id_type!(
    /// A partner organisation (customer, supplier, co-developer).
    OrgId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id: PersonId = "p-42".parse().unwrap();
        assert_eq!(id.to_string(), "p-42");
        assert_eq!(id.as_str(), "p-42");
    }

    #[test]
    fn ids_travel_as_their_text_and_are_checked_on_the_way_in() {
        let id: OrgId = "acme".parse().unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""acme""#);
        assert_eq!(serde_json::from_str::<OrgId>(r#""acme""#).unwrap(), id);
        assert!(serde_json::from_str::<PersonId>(r#""has blank""#).is_err());
        assert!(serde_json::from_str::<DeptId>(r#""""#).is_err());
    }

    #[test]
    fn blank_or_spaced_ids_are_refused() {
        for bad in ["", " ", "a b", " a"] {
            assert!(bad.parse::<DeptId>().is_err(), "{bad:?}");
            assert!(bad.parse::<OrgId>().is_err(), "{bad:?}");
        }
    }
}
