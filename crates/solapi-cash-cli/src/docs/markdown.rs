//! `docs/cli.md`: every command and flag, in Markdown.

use std::fmt::Write;

use clap::Command;

use super::{description, documented, first_line, own_args, walk};
use crate::exit::Exit;
use crate::help_text;

/// The Markdown reference of every command and flag.
pub(crate) fn markdown(mut root: Command) -> String {
    root.build();
    let mut md = String::new();
    let name = root.get_name().to_owned();
    let _ = writeln!(md, "# `{name}` command line\n");
    md.push_str(
        "<!-- Generated from the clap definition in crates/solapi-cash-cli by `cargo xtask docs`; \
         do not edit by hand. -->\n\n",
    );
    md.push_str(&paragraphs(help_text::LONG_ABOUT));
    md.push_str("\n\n");
    md.push_str(&examples(""));
    md.push_str("\n## Commands\n\n");
    walk(&root, &mut Vec::new(), &mut |path, cmd| {
        if path.is_empty() {
            return;
        }
        let indent = "  ".repeat(path.len() - 1);
        let _ = writeln!(
            md,
            "{indent}- [`{name} {}`](#{}): {}",
            path.join(" "),
            anchor(&format!("{name} {}", path.join(" "))),
            first_line(cmd)
        );
    });

    md.push_str("\n## Settings and precedence\n\n```text\n");
    md.push_str(help_text::PRECEDENCE);
    md.push_str("\n```\n\n## Config file\n\n```text\n");
    md.push_str(help_text::CONFIG_FILE);
    md.push_str("\n```\n\n## Dates\n\n```text\n");
    md.push_str(help_text::DATES);
    md.push_str("\n```\n\n## Output\n\n");
    md.push_str(
        "Data goes to standard output, messages, warnings and progress to standard error. \
         `--output` chooses the format of every command:\n\n",
    );
    if let Some(arg) = root.get_arguments().find(|a| a.get_id() == "output") {
        for value in arg.get_possible_values() {
            let _ = writeln!(
                md,
                "- `{}`: {}",
                value.get_name(),
                value
                    .get_help()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            );
        }
    }
    md.push_str(
        "\nMachine formats carry exact values (money with the digits the API sent, never \
         rounded) under the API's field names. A closed output pipe (`| head`) ends the command \
         quietly with exit code 0.\n",
    );
    for (title, text) in [
        (
            "Money as sent, and fields the CLI does not know",
            help_text::AS_SENT,
        ),
        ("Time zones", help_text::TIME_ZONES),
        ("Spreadsheets and files", help_text::SPREADSHEETS),
        ("Colour", help_text::COLOUR),
    ] {
        md.push_str(&format!("\n### {title}\n\n{}\n", paragraphs(text)));
    }
    md.push_str(&format!("\n## Installing\n\n{}\n", help_text::INSTALLING));
    md.push_str("\n## Exit codes\n\n| code | meaning |\n|---|---|\n");
    for (exit, meaning) in Exit::TABLE {
        let _ = writeln!(md, "| {} | {} |", exit.code(), meaning.replace('|', "\\|"));
    }
    let _ = writeln!(md, "\n{}", Exit::CHECK);

    md.push_str("\n## Global options\n\nAccepted by every command, before or after its name.\n\n");
    for arg in root.get_arguments().filter(|a| documented(a)) {
        md.push_str(&item(arg));
    }

    walk(&root, &mut Vec::new(), &mut |path, cmd| {
        if path.is_empty() {
            return;
        }
        let _ = writeln!(md, "\n## `{name} {}`\n", path.join(" "));
        let about = cmd
            .get_long_about()
            .or(cmd.get_about())
            .map(ToString::to_string);
        md.push_str(&paragraphs(&about.unwrap_or_default()));
        let usage = cmd.clone().render_usage().to_string();
        let _ = write!(md, "\n\n```text\n{}\n```\n", usage.trim_end());
        md.push('\n');
        md.push_str(&examples(&path.join(" ")));
        for (heading, args) in own_args(cmd) {
            let _ = writeln!(md, "\n{heading}:\n");
            for arg in args {
                md.push_str(&item(arg));
            }
        }
        let subs: Vec<_> = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
            .collect();
        if !subs.is_empty() {
            md.push_str("\nSubcommands:\n\n");
            for sub in subs {
                let _ = writeln!(md, "- `{}`: {}", sub.get_name(), first_line(sub));
            }
        }
    });
    md
}

/// A command's examples (`help_text::EXAMPLES`): each line in a shell block with what it
/// does as a comment.
fn examples(path: &str) -> String {
    let examples = help_text::examples(path);
    if examples.is_empty() {
        return String::new();
    }
    let mut md = String::from("Examples:\n\n```sh\n");
    for (line, what) in examples {
        let _ = writeln!(md, "# {what}\n{line}");
    }
    md.push_str("```\n");
    md
}

/// One list item for an argument.
fn item(arg: &clap::Arg) -> String {
    let code = |text: &str| format!("`{text}`");
    format!("- `{}`: {}\n", super::syntax(arg), description(arg, &code))
}

/// GitHub's heading anchors: lower case, spaces to dashes, punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Keeps blank-line paragraphs, joins wrapped lines.
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.replace('\n', " "))
        .collect::<Vec<_>>()
        .join("\n\n")
}
