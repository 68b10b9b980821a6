//! The `esafety` command-line program: one subcommand per capability.

mod commands;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((c, rest)) => (c.as_str(), rest),
        None => ("", &[][..]),
    };
    let outcome = match command {
        "incident" => commands::incident::run(rest),
        _ => Err(format!(
            "usage: esafety <command> ...\ncommands:\n  incident  escalation plan for an incident\n\n{}",
            commands::incident::USAGE
        )),
    };
    match outcome {
        Ok(text) => println!("{}", text.trim_end()),
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    }
}
