//! Profiles: the file's location and mode, `config` subcommands, and the precedence of
//! flags over environment over profile, field by field.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;

use common::{Fixture, csv_records, mode};

/// `config show -o json` as setting → (value, source).
fn show(f: &Fixture, cmd: &mut assert_cmd::Command) -> HashMap<String, (String, String)> {
    let run = f.run(cmd.args(["config", "show", "-o", "json"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run.code(0).stdout).unwrap();
    rows.into_iter()
        .map(|r| {
            let text = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
            (text("setting"), (text("value"), text("source")))
        })
        .collect()
}

/// Stores the fixture's working credentials and base URL in `profile`.
fn store(f: &Fixture, profile: &str) {
    f.run(
        f.bare()
            .args(["--profile", profile, "config", "set", "api-key", &f.api_key]),
    )
    .code(0);
    f.run(
        f.bare()
            .args(["--profile", profile, "config", "set", "api-secret"])
            .write_stdin(format!("{}\n", f.api_secret)),
    )
    .code(0);
    f.run(f.bare().args([
        "--profile",
        profile,
        "config",
        "set",
        "base-url",
        &f.emulator.base_url(),
    ]))
    .code(0);
}

#[test]
fn the_file_is_private_from_the_start_and_lists_its_profiles() {
    let f = Fixture::new();
    store(&f, "default");
    let path = f.config_file();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("[profiles.default]") && text.contains(&f.api_secret));

    // Works with nothing but the profile.
    f.run(f.bare().arg("balance")).code(0);

    let run = f.run(f.bare().args(["config", "path"]));
    assert_eq!(run.code(0).stdout.trim_end(), path.display().to_string());

    let shown = show(&f, &mut f.bare());
    assert_eq!(
        shown["api_secret"],
        ("********".into(), "profile default".into())
    );
    assert_eq!(shown["api_key"].0, f.api_key);
    assert_eq!(shown["credentials"].0, "api-key");
    let table = f.run(f.bare().args(["config", "show"]));
    assert!(table.code(0).stdout.contains("********"));

    let warned = f.run(f.bare().args([
        "--profile",
        "ci",
        "config",
        "set",
        "access-token",
        "tok-on-argv",
    ]));
    warned.code(0).stderr_has("can be seen by other users");
    let list = f.run(f.bare().args(["config", "list", "-o", "csv"]));
    let rows = csv_records(&list.code(0).stdout);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0]["name"].as_str(), rows[0]["active"].as_str()),
        ("ci", "false")
    );
    assert_eq!(rows[0]["credentials"], "access-token");
    assert_eq!(
        (rows[1]["name"].as_str(), rows[1]["active"].as_str()),
        ("default", "true")
    );
    assert!(!list.stdout.contains("tok-on-argv"));

    f.run(
        f.bare()
            .args(["--profile", "ci", "config", "unset", "access-token"]),
    )
    .code(0);
    assert!(
        !std::fs::read_to_string(&path)
            .unwrap()
            .contains("tok-on-argv")
    );
    assert_eq!(mode(&path), 0o600, "still private after a rewrite");
    f.run(
        f.bare()
            .args(["--profile", "nope", "config", "unset", "api-key"]),
    )
    .code(2);
}

#[test]
fn a_readable_file_is_refused_with_the_fix() {
    let f = Fixture::new();
    store(&f, "default");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(f.config_file(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = f.run(f.bare().arg("balance"));
    run.code(2)
        .stderr_has("other users may read it")
        .stderr_has("chmod 600");
    assert_eq!(f.requests(), 0);
}

#[test]
fn an_invalid_file_is_refused_without_echoing_it() {
    let f = Fixture::new();
    std::fs::create_dir_all(f.config_file().parent().unwrap()).unwrap();
    let secret_line = format!(
        "[profiles.default]\napi_secret = \"{}\nnot toml\n",
        f.api_secret
    );
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(f.config_file())
            .unwrap();
        file.write_all(secret_line.as_bytes()).unwrap();
    }
    f.run(f.bare().arg("balance"))
        .code(2)
        .stderr_has("not a valid config file");
}

#[test]
fn flags_beat_environment_beat_profile_field_by_field() {
    let mut f = Fixture::new();
    store(&f, "default");
    let wrong = "wrong-secret-for-precedence";
    f.extra_secrets.push(wrong.into());

    // The environment's secret beats the profile's.
    let run = f.run(f.bare().env("SOLAPI_API_SECRET", wrong).arg("balance"));
    run.code(4)
        .stderr_has("it came from environment SOLAPI_API_SECRET");
    // A flag beats the environment.
    f.run(
        f.bare()
            .env("SOLAPI_API_SECRET", wrong)
            .args(["--api-secret-stdin", "balance"])
            .write_stdin(format!("{}\n", f.api_secret)),
    )
    .code(0);
    // Field by field: a key from the environment, the rest from the profile.
    let shown = show(&f, f.bare().env("SOLAPI_API_KEY", "NCSFROMENV"));
    assert_eq!(
        shown["api_key"],
        ("NCSFROMENV".into(), "environment SOLAPI_API_KEY".into())
    );
    assert_eq!(shown["api_secret"].1, "profile default");
    assert_eq!(shown["base_url"].1, "profile default");
    let shown = show(
        &f,
        f.bare()
            .env("SOLAPI_API_KEY", "NCSFROMENV")
            .args(["--api-key", "NCSFROMFLAG"]),
    );
    assert_eq!(
        shown["api_key"],
        ("NCSFROMFLAG".into(), "flag --api-key".into())
    );
    // An empty variable counts as unset.
    let shown = show(&f, f.bare().env("SOLAPI_API_KEY", ""));
    assert_eq!(shown["api_key"].1, "profile default");

    // The base URL follows the same order: a dead profile URL is overridden.
    f.run(
        f.bare()
            .args(["config", "set", "base-url", "http://127.0.0.1:9"]),
    )
    .code(0);
    f.run(
        f.bare()
            .env("SOLAPI_BASE_URL", f.emulator.base_url())
            .arg("balance"),
    )
    .code(0);
    f.run(
        f.bare()
            .args(["--base-url", &f.emulator.base_url(), "balance"]),
    )
    .code(0);

    // A token at a higher level than the profile's key wins.
    let shown = show(&f, f.bare().env("SOLAPI_ACCESS_TOKEN", "some-token"));
    assert_eq!(shown["credentials"].0, "access-token");
    assert_eq!(
        shown["access_token"],
        ("********".into(), "environment SOLAPI_ACCESS_TOKEN".into())
    );
}

#[test]
fn profiles_are_chosen_by_flag_then_environment() {
    let f = Fixture::new();
    store(&f, "work");
    f.run(f.bare().args([
        "--profile",
        "home",
        "config",
        "set",
        "base-url",
        "http://127.0.0.1:9",
    ]))
    .code(0);
    f.run(f.bare().arg("balance"))
        .code(2)
        .stderr_has("no credentials");
    f.run(f.bare().args(["--profile", "work", "balance"]))
        .code(0);
    f.run(f.bare().env("SOLAPI_PROFILE", "work").arg("balance"))
        .code(0);
    let shown = show(
        &f,
        f.bare()
            .env("SOLAPI_PROFILE", "work")
            .args(["--profile", "home"]),
    );
    assert_eq!(shown["profile"], ("home".into(), "flag --profile".into()));
    let shown = show(&f, f.bare().env("SOLAPI_PROFILE", "work"));
    assert_eq!(
        shown["profile"],
        ("work".into(), "environment SOLAPI_PROFILE".into())
    );
    f.run(f.bare().env("SOLAPI_PROFILE", "missing").arg("balance"))
        .code(2)
        .stderr_has("SOLAPI_PROFILE");
}

#[test]
fn solapi_config_overrides_the_path() {
    let f = Fixture::new();
    let path = f.home.path().join("elsewhere").join("cash.toml");
    f.run(
        f.bare()
            .env("SOLAPI_CONFIG", &path)
            .args(["config", "set", "api-key", "NCSX"]),
    )
    .code(0);
    assert_eq!(mode(&path), 0o600);
    assert!(!f.config_file().exists());
    let run = f.run(
        f.bare()
            .env("SOLAPI_CONFIG", &path)
            .args(["config", "path", "-o", "json"]),
    );
    let value: serde_json::Value = serde_json::from_str(&run.code(0).stdout).unwrap();
    assert_eq!(value["path"], path.display().to_string());
}

/// Finding 8 of issue 11: with HOME unset the CLI refused to run even when every setting was
/// in the environment. The config file is now looked for only when a setting is missing
/// (or a profile is named, or `config` is used), so such a run never touches it.
#[test]
fn home_is_needed_only_when_the_config_file_is() {
    let f = Fixture::new();
    let without_home = |cmd: &mut assert_cmd::Command| {
        cmd.env_remove("HOME").env_remove("XDG_CONFIG_HOME");
    };
    for command in [&["balance"][..], &["history", "--limit", "1"]] {
        let mut cmd = f.cmd();
        without_home(&mut cmd);
        f.run(cmd.args(command)).code(0);
    }

    // Not even read: a file that would be refused does not stop a run that needs nothing
    // from it, and does stop one that names a profile.
    let path = f.config_file();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "[profiles.default]\napi_key = \"NCOTHER\"\n").unwrap();
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    f.run(f.cmd().arg("balance")).code(0);
    f.run(f.cmd().args(["--profile", "default", "balance"]))
        .code(2)
        .stderr_has("other users may read it");
    f.run(f.cmd().env_remove("SOLAPI_BASE_URL").arg("balance"))
        .code(2)
        .stderr_has("other users may read it");
    std::fs::remove_file(&path).unwrap();

    // Without HOME, XDG_CONFIG_HOME alone locates the file.
    let mut set = f.bare();
    set.env_remove("HOME");
    f.run(set.args(["config", "set", "base-url", &f.emulator.base_url()]))
        .code(0);
    let mut balance = f.bare();
    balance
        .env_remove("HOME")
        .env("SOLAPI_API_KEY", &f.api_key)
        .env("SOLAPI_API_SECRET", &f.api_secret);
    f.run(balance.arg("balance")).code(0);
    assert!(path.exists());
}
