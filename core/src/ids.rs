//! One macro for every closed set of snake_case ids (incident categories, consent states,
//! ...): the enum, its ids in declaration order, and the conversions each set shares. A
//! module adds only what is its own: the typed error of `FromStr`, and its serde form.

/// Declares a closed set of ids: the enum (with the attributes given, plus `Debug`, `Clone`,
/// `Copy`, equality, ordering and `Hash`), `ALL`, `IDS`, `ALIASES`, `as_str`,
/// `index`, `from_id` (an id or one of its `| "alias"` spellings) and `Display` (the id).
macro_rules! closed_ids {
    (
        $(#[$meta:meta])*
        $name:ident {
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

            /// Every alias and the value it names, in declaration order.
            pub const ALIASES: &'static [(&'static str, $name)] =
                &[$($(($alias, $name::$variant),)*)+];

            /// The snake_case id used on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $id),+
                }
            }

            /// Position in [`ALL`](Self::ALL), for tables indexed by value.
            pub fn index(self) -> usize {
                self as usize
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
    };
}

pub(crate) use closed_ids;
