//! [`Style`]: whether to colour, and the colours (`anstyle`).
//!
//! `--color always` and `--color never` are the user's explicit choice and beat the
//! environment (no-color.org: "command-line arguments should override NO_COLOR"); `auto`
//! reads it: `NO_COLOR` (set and not empty) turns colour off; then `CLICOLOR_FORCE` set to
//! anything but `0` turns it on even when not writing to a terminal, and `CLICOLOR=0` turns
//! it off (bixense.com/clicolors); otherwise a terminal that is not `TERM=dumb` gets colour.
//! (`anstream`'s own reading also forces colour for `CLICOLOR_FORCE=0`, which the CLICOLOR
//! spec excludes, so the choice is made here and `anstream` only carries it.)

use std::io::IsTerminal;

use anstyle::{AnsiColor, Effects};

use crate::args::ColorChoice;

/// Colour on or off for one stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Style {
    color: bool,
}

impl Style {
    /// No colour.
    pub(crate) const PLAIN: Style = Style { color: false };

    /// The style for standard output.
    pub(crate) fn stdout(choice: ColorChoice) -> Style {
        Style::decide(choice, || auto(std::io::stdout().is_terminal(), &env))
    }

    /// The style for standard error.
    pub(crate) fn stderr(choice: ColorChoice) -> Style {
        Style::decide(choice, || auto(std::io::stderr().is_terminal(), &env))
    }

    /// The flag, then (for `auto`) the environment and the stream.
    fn decide(choice: ColorChoice, auto: impl FnOnce() -> bool) -> Style {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => auto(),
        };
        Style { color }
    }

    /// Whether this style colours.
    pub(crate) fn colors(self) -> bool {
        self.color
    }

    fn paint(self, style: anstyle::Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    /// Headers.
    pub(crate) fn bold(self, text: &str) -> String {
        self.paint(anstyle::Style::new().effects(Effects::BOLD), text)
    }

    /// Money coming in.
    pub(crate) fn green(self, text: &str) -> String {
        self.paint(AnsiColor::Green.on_default(), text)
    }

    /// Money going out; errors.
    pub(crate) fn red(self, text: &str) -> String {
        self.paint(AnsiColor::Red.on_default(), text)
    }

    /// Warnings and hints.
    pub(crate) fn yellow(self, text: &str) -> String {
        self.paint(AnsiColor::Yellow.on_default(), text)
    }

    /// Less important text.
    pub(crate) fn dim(self, text: &str) -> String {
        self.paint(anstyle::Style::new().effects(Effects::DIMMED), text)
    }
}

/// `--color auto` for a stream that is (or is not) a terminal, in this environment.
fn auto(terminal: bool, env: &dyn Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if set("CLICOLOR").is_some_and(|v| v == "0") {
        return false;
    }
    terminal && env("TERM").is_none_or(|t| t != "dumb")
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_beats_the_environment_and_auto_asks_it() {
        assert!(Style::decide(ColorChoice::Always, || false).color);
        assert!(!Style::decide(ColorChoice::Never, || true).color);
        assert!(Style::decide(ColorChoice::Auto, || true).color);
        assert!(!Style::decide(ColorChoice::Auto, || false).color);
        assert_eq!(Style::PLAIN.red("x"), "x");
        assert_eq!(Style { color: true }.red("x"), "\x1b[31mx\x1b[0m");
        assert_eq!(Style { color: true }.bold("x"), "\x1b[1mx\x1b[0m");
    }

    #[test]
    fn auto_reads_no_color_then_clicolor_then_the_terminal() {
        let with = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert!(auto(true, &with(&[])));
        assert!(!auto(false, &with(&[])));
        assert!(!auto(true, &with(&[("TERM", "dumb")])));
        assert!(!auto(true, &with(&[("NO_COLOR", "1")])));
        assert!(auto(true, &with(&[("NO_COLOR", "")])), "empty is unset");
        assert!(auto(false, &with(&[("CLICOLOR_FORCE", "1")])));
        assert!(
            !auto(false, &with(&[("CLICOLOR_FORCE", "0")])),
            "0 does not force"
        );
        assert!(auto(
            false,
            &with(&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")])
        ));
        assert!(!auto(
            false,
            &with(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])
        ));
        assert!(!auto(true, &with(&[("CLICOLOR", "0")])));
        assert!(auto(true, &with(&[("CLICOLOR", "1")])));
    }
}
