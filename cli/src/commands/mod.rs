//! One module per subcommand.

pub mod incident;
