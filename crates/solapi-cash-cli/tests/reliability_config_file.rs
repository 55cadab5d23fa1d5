//! The config file holds secrets. The CLI refuses (and does not "fix") a file that group or
//! others may read or write, whatever the bits, through a symlink too, and without sending a
//! request; it creates the file with mode 0600 (its directory 0700) under any umask, and a
//! rewrite keeps it so. (`tests/config.rs` covers the usual paths; these are the edges.)

#![allow(clippy::unwrap_used)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{Fixture, mode};

fn write_config(path: &Path, f: &Fixture, file_mode: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = format!(
        "[profiles.default]\napi_key = \"{}\"\napi_secret = \"{}\"\nbase_url = \"{}\"\n",
        f.api_key,
        f.api_secret,
        f.emulator.base_url()
    );
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(file_mode)).unwrap();
}

#[test]
fn any_access_for_group_or_others_is_refused_and_left_alone() {
    let f = Fixture::new();
    let path = f.config_file();
    let mut refused = 0;
    for file_mode in [
        0o640, 0o604, 0o644, 0o660, 0o606, 0o664, 0o666, 0o777, 0o620, 0o602, 0o610, 0o601,
    ] {
        write_config(&path, &f, file_mode);
        let before = std::fs::read(&path).unwrap();
        let run = f.run(f.bare().arg("balance"));
        run.code(2)
            .stderr_has("other users may read it")
            .stderr_has("chmod 600");
        // Writing through the CLI is refused too: nothing is rewritten or re-moded.
        f.run(
            f.bare()
                .args(["config", "set", "api-key", "NCOTHERKEY000000"]),
        )
        .code(2);
        assert_eq!(
            mode(&path),
            file_mode,
            "{file_mode:o}: the mode was changed"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{file_mode:o}: rewritten"
        );
        refused += 1;
    }
    assert_eq!(f.requests(), 0, "nothing was sent with those credentials");
    for file_mode in [0o600, 0o400, 0o700] {
        write_config(&path, &f, file_mode);
        f.run(f.bare().arg("balance")).code(0);
    }
    eprintln!("FIGURES cli.config_file [solapi-cash]: modes_refused={refused} modes_accepted=3");
}

#[test]
fn a_symlink_to_a_readable_file_is_refused() {
    let f = Fixture::new();
    let target = f.home.path().join("shared-config.toml");
    write_config(&target, &f, 0o644);
    std::fs::create_dir_all(f.config_file().parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&target, f.config_file()).unwrap();
    f.run(f.bare().arg("balance"))
        .code(2)
        .stderr_has("other users may read it");
    assert_eq!(f.requests(), 0);
}

#[test]
fn created_private_under_any_umask() {
    for umask in ["000", "022", "077"] {
        let f = Fixture::new();
        let mut cmd = assert_cmd::Command::from_std({
            let mut sh = std::process::Command::new("sh");
            sh.args([
                "-c",
                &format!("umask {umask}; exec \"$0\" \"$@\""),
                env!("CARGO_BIN_EXE_solapi-cash"),
                "config",
                "set",
                "api-key",
                &f.api_key,
            ]);
            let bare = f.bare_std();
            for (name, value) in bare.get_envs() {
                match value {
                    Some(value) => sh.env(name, value),
                    None => sh.env_remove(name),
                };
            }
            sh
        });
        f.run(cmd.write_stdin("")).code(0);
        let path = f.config_file();
        assert_eq!(mode(&path), 0o600, "umask {umask}");
        assert_eq!(mode(path.parent().unwrap()), 0o700, "umask {umask}");
        f.run(
            f.bare()
                .args(["config", "set", "api-secret"])
                .write_stdin(format!("{}\n", f.api_secret)),
        )
        .code(0);
        assert_eq!(mode(&path), 0o600, "umask {umask}: after a rewrite");
    }
}

/// Finding 5 of issue 11: 20 concurrent `config set` on different profiles used to keep
/// only 2 to 5 of them, all saying "saved". Every writer now holds the lock around its
/// read-modify-write and renames a complete file into place, so all 20 survive — twice over,
/// with a second field written by 20 more processes at once — and no temporary file is left.
#[test]
fn twenty_concurrent_writers_lose_nothing() {
    const WRITERS: usize = 20;
    let f = Fixture::new();
    let base_url = f.emulator.base_url();
    let mut rounds = 0;
    for (field, value) in [("api-key", None), ("base-url", Some(base_url.as_str()))] {
        let children: Vec<_> = (0..WRITERS)
            .map(|i| {
                let value = value.map_or_else(|| format!("NCKEY{i:011}"), str::to_owned);
                let mut cmd = f.bare_std();
                cmd.args([
                    "--profile",
                    &format!("p{i}"),
                    "config",
                    "set",
                    field,
                    &value,
                ])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
                cmd.spawn().unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(String::from_utf8_lossy(&out.stderr).contains("saved"));
        }
        rounds += 1;
    }
    let text = std::fs::read_to_string(f.config_file()).unwrap();
    let file: toml::Table = toml::from_str(&text).unwrap();
    let profiles = file["profiles"].as_table().unwrap();
    let mut complete = 0;
    for i in 0..WRITERS {
        let p = profiles
            .get(&format!("p{i}"))
            .unwrap_or_else(|| panic!("profile p{i} was lost:\n{text}"));
        assert_eq!(
            p.get("api_key").and_then(|v| v.as_str()),
            Some(format!("NCKEY{i:011}").as_str()),
            "p{i}: {text}"
        );
        assert_eq!(
            p.get("base_url").and_then(|v| v.as_str()),
            Some(base_url.as_str()),
            "p{i}: {text}"
        );
        complete += 1;
    }
    assert_eq!(mode(&f.config_file()), 0o600);
    let leftovers: Vec<_> = std::fs::read_dir(f.config_file().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    eprintln!(
        "FIGURES cli.config_file [solapi-cash]: concurrent_writers={WRITERS} rounds={rounds} profiles_complete={complete}"
    );
}
