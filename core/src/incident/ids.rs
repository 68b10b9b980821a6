//! A macro for the closed sets of snake_case ids the incident module uses.

/// Declares a closed set of ids: the enum, `as_str`, `ALL`, `from_id` (with aliases),
/// `FromStr` (typed error naming `$field`), `Display` and string serde.
macro_rules! id_enum {
    (
        $(#[$meta:meta])*
        $name:ident, field = $field:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $id:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every id, in declaration order.
            pub const IDS: &'static [&'static str] = &[$($id),+];

            /// The snake_case id used on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $id),+
                }
            }

            /// Parses an id (or one of its documented aliases); `None` when unknown.
            pub fn from_id(id: &str) -> Option<$name> {
                match id {
                    $($id $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
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
