//! Decodes the event codes and names given on the command line:
//!
//! ```text
//! cargo run --example decode -- 15801 Login 99999
//! ```

use primo_events::Event;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: decode CODE|NAME...   (e.g. decode 15801 Login 99999)");
        std::process::exit(2);
    }
    for arg in &args {
        println!("{arg:<20} → {}", describe(arg));
    }
}

/// A number is decoded as a code, anything else as a name.
fn describe(arg: &str) -> String {
    let decoded = match arg.parse::<u32>() {
        Ok(code) => Event::try_from(code).map_err(|e| e.to_string()),
        Err(_) => arg.parse::<Event>().map_err(|e| e.to_string()),
    };
    let event = match decoded {
        Ok(event) => event,
        Err(error) => return error,
    };
    let mut line = format!("{event} (code {}", event.code());
    if let Some(section) = event.section() {
        line.push_str(&format!(", section «{section}»"));
    }
    line.push(')');
    if event.name() != arg && arg.parse::<u32>().is_err() {
        line.push_str(&format!(", {arg} is its alias"));
    }
    if let Some(description) = event.description() {
        line.push_str(&format!(": {description}"));
    }
    line
}
