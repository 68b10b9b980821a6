//! A macro for the closed sets of snake_case ids the incident module uses.

/// Declares a closed set of incident ids ([`crate::ids::closed_ids`]) with `FromStr` (a typed
/// error naming `$field`) and string serde.
macro_rules! id_enum {
    (
        $(#[$meta:meta])*
        $name:ident, field = $field:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $id:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $crate::ids::closed_ids! {
            $(#[$meta])*
            $name {
                $( $(#[$vmeta])* $variant = $id $(| $alias)* ),+
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::incident::IncidentError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $crate::incident::fields::parse_id($field, s, $name::from_id, $name::IDS)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        $crate::wire::string_schema!($name, concat!("Incident", stringify!($name)), ids = $name::IDS);

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                $name::from_id(&s).ok_or_else(|| serde::de::Error::unknown_variant(&s, $name::IDS))
            }
        }
    };
}

pub(crate) use id_enum;
