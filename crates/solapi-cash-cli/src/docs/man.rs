//! `docs/man/solapi-cash.1`: one man page for the whole command. clap_mangen writes the
//! title, synopsis, description and global options; the commands, settings, dates and exit
//! codes follow in plain roff, from the same definitions as `--help`.

use clap::Command;

use super::{description, first_line, own_args, syntax, walk};
use crate::exit::Exit;
use crate::help_text;

/// The man page (roff).
pub(crate) fn man_page(mut root: Command) -> Vec<u8> {
    root.build();
    let man = clap_mangen::Man::new(root.clone());
    let mut page = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = man.render_title(&mut page);
    let _ = man.render_name_section(&mut page);
    let _ = man.render_synopsis_section(&mut page);
    let _ = man.render_description_section(&mut page);
    let _ = man.render_options_section(&mut page);

    let name = root.get_name().to_owned();
    let mut roff = String::from(".SH COMMANDS\n");
    walk(&root, &mut Vec::new(), &mut |path, cmd| {
        if path.is_empty() {
            return;
        }
        roff.push_str(&format!(
            ".SS \"{}\"\n",
            escape(&format!("{name} {}", path.join(" ")))
        ));
        let about = cmd
            .get_long_about()
            .or(cmd.get_about())
            .map(ToString::to_string)
            .unwrap_or_else(|| first_line(cmd));
        for paragraph in about.split("\n\n") {
            roff.push_str(&escape(&paragraph.replace('\n', " ")));
            roff.push_str("\n.PP\n");
        }
        let usage = cmd.clone().render_usage().to_string();
        roff.push_str(&format!(".nf\n{}\n.fi\n", escape(usage.trim_end())));
        for (heading, args) in own_args(cmd) {
            roff.push_str(&format!(".PP\n{}:\n", escape(&heading)));
            for arg in args {
                roff.push_str(&format!(
                    ".TP\n\\fB{}\\fR\n{}\n",
                    escape(&syntax(arg)),
                    escape(&description(arg, &|t| t.to_owned()))
                ));
            }
        }
    });
    for (title, text) in [
        ("SETTINGS", help_text::PRECEDENCE),
        ("CONFIG FILE", help_text::CONFIG_FILE),
        ("DATES", help_text::DATES),
    ] {
        roff.push_str(&format!(".SH \"{title}\"\n.nf\n{}\n.fi\n", escape(text)));
    }
    for (title, text) in [
        (
            "MONEY AS SENT, AND FIELDS THE CLI DOES NOT KNOW",
            help_text::AS_SENT,
        ),
        ("TIME ZONES", help_text::TIME_ZONES),
        ("SPREADSHEETS AND FILES", help_text::SPREADSHEETS),
        ("COLOUR", help_text::COLOUR),
    ] {
        roff.push_str(&format!(".SH \"{title}\"\n"));
        for paragraph in text.split("\n\n") {
            roff.push_str(&escape(&paragraph.replace('\n', " ")));
            roff.push_str("\n.PP\n");
        }
    }
    roff.push_str(".SH EXAMPLES\n");
    for (_, examples) in help_text::EXAMPLES {
        for (line, what) in *examples {
            roff.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{}\n",
                escape(line),
                escape(what)
            ));
        }
    }
    roff.push_str(".SH \"EXIT STATUS\"\n");
    for (exit, meaning) in Exit::TABLE {
        roff.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            exit.code(),
            escape(meaning)
        ));
    }
    roff.push_str(&format!(".PP\n{}\n", escape(Exit::CHECK)));
    roff.push_str(
        ".SH ENVIRONMENT\n\
         SOLAPI_PROFILE, SOLAPI_API_KEY, SOLAPI_API_SECRET, SOLAPI_ACCESS_TOKEN, SOLAPI_BASE_URL, \
         SOLAPI_TZ, SOLAPI_PAYMENT_ID: see SETTINGS. SOLAPI_CONFIG, XDG_CONFIG_HOME, HOME: see \
         CONFIG FILE. NO_COLOR, CLICOLOR, CLICOLOR_FORCE, TERM: see COLOUR. TZ and TZDIR: the \
         zone of --tz local and where the time zone database is.\n",
    );
    page.extend_from_slice(roff.as_bytes());
    let _ = man.render_version_section(&mut page);
    page
}

/// Text for roff: backslashes and dashes escaped, no line starting with a control character.
fn escape(text: &str) -> String {
    text.replace('\\', "\\e")
        .replace('-', "\\-")
        .lines()
        .map(|line| {
            if line.starts_with(['.', '\'']) {
                format!("\\&{line}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_roff_would_interpret() {
        assert_eq!(
            escape("--all\n.hidden\n'quote"),
            "\\-\\-all\n\\&.hidden\n\\&'quote"
        );
        assert_eq!(escape("a\\b"), "a\\eb");
    }
}
