//! Issue 21, point 8: the completion scripts complete, in the shells themselves. The script
//! `solapi-cash completions SHELL` prints is loaded into bash, zsh and fish, and each is asked
//! for the words of a partial command line: bash through its completion function (as `complete
//! -F` calls it), zsh through its line editor on a pseudo-terminal (`zpty`, with `compadd`
//! recording what is offered), fish through `complete -C`. Before the workaround of
//! clap-rs/clap#6421, bash completed no subcommand's options at all.
//!
//! bash is needed; zsh and fish are skipped where they are not installed, unless
//! `SOLAPI_CASH_REQUIRE_SHELLS` is set (`.ci/run` installs both and sets it).

#![allow(clippy::unwrap_used)]
#![cfg(unix)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// The script for `shell`, as the binary prints it.
fn script(shell: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_solapi-cash"))
        .args(["completions", shell])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Whether `shell` can be run; a missing one fails the test when shells are required.
fn have(shell: &str) -> bool {
    let found = Command::new(shell)
        .args(["-c", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("SOLAPI_CASH_REQUIRE_SHELLS").is_none(),
            "{shell} is required (SOLAPI_CASH_REQUIRE_SHELLS) but not installed"
        );
        eprintln!("{shell} is not installed: its completions are not tried here");
    }
    found
}

/// Runs `program` with `args` and `input` on standard input; its output's lines.
fn lines(program: &str, args: &[&str], input: &str) -> Vec<String> {
    let mut child = Command::new(program)
        .args(args)
        .env_remove("SOLAPI_API_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// bash: the script read from standard input, then its completion function called as
/// `complete -F` calls it, with `COMP_WORDS` and `COMP_CWORD` set for the words.
const BASH: &str = r#"
source /dev/stdin
COMP_WORDS=("$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
spec=$(complete -p "$1")
fn=${spec#*-F }
fn=${fn%% *}
"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}"
"#;

/// zsh: an interactive zsh on a pseudo-terminal (`zpty`) with the script on its `fpath` and
/// `compinit` run; once its line editor shows the prompt (typed earlier, the line would meet
/// the terminal's own line editing, whose Ctrl-U erases it), the line is typed with a TAB,
/// and the candidates the completion system adds are printed by a `compadd` that records
/// them. Reads wait for markers, not time.
const ZSH: &str = r#"
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1='<''prompt>'; fpath=($1 \$fpath)"
zpty -w z 'autoload -U compinit && compinit -u -D'
zpty -w z 'compadd () { builtin compadd -O __found "$@"; print -rl -- "<found>"${^__found}; builtin compadd "$@" }'
zpty -w z "print -- '<''ready>'"
zpty -r z line '*<ready>*'
zpty -r z line '*<prompt>*'
zpty -w -n z "$2"$'\t'
zpty -w -n z $'\x15'
zpty -w z "print -- '<''done>'"
zpty -r z out '*<done>*'
print -r -- "$out" | tr -d '\r' | grep -a '<found>' | sed 's/.*<found>//'
zpty -d z
"#;

/// The partial command lines tried, and a word each must offer.
const CASES: [(&str, &str); 4] = [
    ("solapi-cash hist", "history"),
    ("solapi-cash history --ty", "--type"),
    ("solapi-cash recharge --pay", "--payment-id"),
    ("solapi-cash history summary --b", "--by"),
];

fn check(shell: &str, offered: impl Fn(&str) -> Vec<String>) {
    for (line, word) in CASES {
        let words = offered(line);
        assert!(
            words.iter().any(|w| w == word),
            "{shell}: `{line}<TAB>` offers {words:?}, not {word}"
        );
    }
}

#[test]
fn bash_completes_subcommands_and_their_options() {
    let script = script("bash");
    check("bash", |line| {
        let mut args = vec!["-c", BASH, "bash"];
        args.extend(line.split(' '));
        lines("bash", &args, &script)
    });
}

#[test]
fn zsh_completes_subcommands_and_their_options() {
    if !have("zsh") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("_solapi-cash"), script("zsh")).unwrap();
    let fpath = dir.path().to_str().unwrap().to_owned();
    check("zsh", |line| {
        lines("zsh", &["-f", "-c", ZSH, "zsh", &fpath, line], "")
    });
}

#[test]
fn fish_completes_subcommands_and_their_options() {
    if !have("fish") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("solapi-cash.fish");
    std::fs::write(&file, script("fish")).unwrap();
    check("fish", |line| {
        let command = format!(
            "source {}; complete -C '{line}'",
            Path::new(&file).display()
        );
        lines("fish", &["--no-config", "-c", &command], "")
    });
}
