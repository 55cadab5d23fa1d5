//! [`Style`]: whether to colour, and the colours.

use std::io::IsTerminal;

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
        Style::decide(choice, std::io::stdout().is_terminal(), &env)
    }

    /// The style for standard error.
    pub(crate) fn stderr(choice: ColorChoice) -> Style {
        Style::decide(choice, std::io::stderr().is_terminal(), &env)
    }

    /// `NO_COLOR` (set and not empty) and `TERM=dumb` always win; then the flag; then
    /// whether the stream is a terminal.
    fn decide(choice: ColorChoice, terminal: bool, env: &dyn Fn(&str) -> Option<String>) -> Style {
        let no_color = env("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = env("TERM").is_some_and(|v| v == "dumb");
        let color = !no_color
            && !dumb
            && match choice {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => terminal,
            };
        Style { color }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// Headers.
    pub(crate) fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Money coming in.
    pub(crate) fn green(self, text: &str) -> String {
        self.paint("32", text)
    }

    /// Money going out; errors.
    pub(crate) fn red(self, text: &str) -> String {
        self.paint("31", text)
    }

    /// Warnings and hints.
    pub(crate) fn yellow(self, text: &str) -> String {
        self.paint("33", text)
    }

    /// Less important text.
    pub(crate) fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_and_dumb_terminals_always_win() {
        let with = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let none = with(&[]);
        assert!(Style::decide(ColorChoice::Auto, true, &none).color);
        assert!(!Style::decide(ColorChoice::Auto, false, &none).color);
        assert!(Style::decide(ColorChoice::Always, false, &none).color);
        assert!(!Style::decide(ColorChoice::Never, true, &none).color);
        for env in [with(&[("NO_COLOR", "1")]), with(&[("TERM", "dumb")])] {
            assert!(!Style::decide(ColorChoice::Always, true, &env).color);
            assert!(!Style::decide(ColorChoice::Auto, true, &env).color);
        }
        assert!(Style::decide(ColorChoice::Auto, true, &with(&[("NO_COLOR", "")])).color);
        assert_eq!(Style::PLAIN.red("x"), "x");
        assert_eq!(Style { color: true }.red("x"), "\x1b[31mx\x1b[0m");
    }
}
