//! Secrets never reach the CLI's output: every error path (and the successful ones) at every
//! verbosity, with credentials from the environment, from flags and from a profile, is run
//! against the emulator; standard output and standard error are then searched for the API
//! secret, the bearer tokens and every signature the emulator received (recomputed from the
//! date and salt its log keeps).

#![allow(clippy::unwrap_used)]

mod common;

use common::{Fixture, Run};
use solapi_auth::{Algorithm, Secret, sign};
use solapi_cash_emulator::{FaultAction, FaultSpec, Role, Route, SCOPE_CASH_READ};

const VERBOSITIES: [&[&str]; 4] = [&[], &["-v"], &["-vv"], &["-vvv"]];
const UNKNOWN_TOKEN: &str = "unknown-bearer-token-for-the-cli-77";
const WRONG_SECRET: &str = "wrong-secret-for-the-cli-0f3c1d";

/// The signatures of every signed request the emulator logged.
fn signatures(f: &Fixture) -> Vec<String> {
    let secret = Secret::new(f.api_secret.clone());
    f.admin()
        .request_log()
        .iter()
        .filter_map(|r| {
            let (_, value) = r.headers.iter().find(|(n, _)| n == "authorization")?;
            let (scheme, rest) = value.split_once(' ')?;
            let algorithm = Algorithm::from_scheme(scheme)?;
            let field = |name: &str| {
                rest.split(',')
                    .filter_map(|f| f.trim().split_once('='))
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.to_owned())
            };
            Some(sign(algorithm, &secret, &field("date")?, &field("salt")?))
        })
        .collect()
}

/// One path: its arguments, what it needs set up, and its documented exit code.
struct Path {
    name: &'static str,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    fault: Option<FaultSpec>,
    code: i32,
}

fn path(name: &'static str, args: &[&str], code: i32) -> Path {
    Path {
        name,
        args: args.iter().map(|s| (*s).to_owned()).collect(),
        env: Vec::new(),
        fault: None,
        code,
    }
}

/// The paths of round `round`: every recharge amount differs from every other (across
/// rounds too), so that a lost answer is reconciled against its own recharge only.
fn paths(f: &Fixture, read_token: &str, token: &str, round: usize) -> Vec<Path> {
    let recharge = |amount: &str, card: &str| {
        let amount: usize = amount.parse().unwrap();
        vec![
            "recharge".to_owned(),
            "--yes".into(),
            "--amount".into(),
            (amount * 10 + round).to_string(),
            "--payment-id".into(),
            card.into(),
        ]
    };
    let with = |mut p: Path, fault: FaultSpec| {
        p.fault = Some(fault);
        p
    };
    let env = |mut p: Path, name: &'static str, value: &str| {
        p.env.push((name, value.to_owned()));
        p
    };
    let mut list = vec![
        path("balance", &["balance"], 0),
        path("history", &["history", "--limit", "5", "-o", "json"], 0),
        path(
            "export",
            &["history", "--all", "--page-size", "2", "-o", "csv"],
            0,
        ),
        path("summary", &["history", "summary", "--by", "month"], 0),
        path("config show", &["config", "show"], 0),
        env(
            path("wrong secret", &["balance"], 4),
            "SOLAPI_API_SECRET",
            WRONG_SECRET,
        ),
        env(
            path("unknown key", &["balance"], 4),
            "SOLAPI_API_KEY",
            "NCUNKNOWNKEY0000",
        ),
        path(
            "negative amount",
            &["recharge", "--amount", "-5", "--payment-id", "x"],
            2,
        ),
        path("bad date", &["history", "--since", "someday"], 2),
        path("unknown profile", &["--profile", "nope", "balance"], 2),
        with(
            path("server error", &["balance", "--retries", "1"], 3),
            FaultSpec::new(Route::Balance, FaultAction::error(503)).times(2),
        ),
        with(
            path(
                "rate limited",
                &["history", "--max-rate-limit-wait", "0"],
                3,
            ),
            FaultSpec::new(
                Route::History,
                FaultAction::Error {
                    status: 429,
                    body: None,
                    retry_after: Some(1),
                },
            ),
        ),
        with(
            path("proxy page", &["balance"], 5),
            FaultSpec::new(
                Route::Balance,
                FaultAction::Error {
                    status: 200,
                    body: Some("<html>maintenance</html>".into()),
                    retry_after: None,
                },
            ),
        ),
        with(
            path(
                "timeout",
                &["history", "--timeout", "1", "--retries", "0"],
                5,
            ),
            FaultSpec::new(Route::History, FaultAction::Delay { ms: 1500 }),
        ),
        with(
            path("connection reset", &["balance", "--retries", "0"], 5),
            FaultSpec::new(Route::Balance, FaultAction::DropBeforeHandling),
        ),
    ];
    list.push(Path {
        args: recharge("1000", &f.payment_id),
        ..path("recharge", &[], 0)
    });
    list.push(Path {
        args: recharge("1000", &f.declined_payment_id),
        ..path("declined card", &[], 3)
    });
    list.push(Path {
        args: recharge("1000", "no-such-card"),
        ..path("unknown card", &[], 3)
    });
    list.push(Path {
        args: recharge("1234", &f.payment_id),
        fault: Some(FaultSpec::new(
            Route::Recharge,
            FaultAction::DropAfterCommit,
        )),
        ..path("lost answer, applied", &[], 0)
    });
    list.push(Path {
        args: recharge("4321", &f.payment_id),
        fault: Some(FaultSpec::new(
            Route::Recharge,
            FaultAction::DropBeforeHandling,
        )),
        ..path("lost answer, not found yet", &[], 6)
    });
    list.push(Path {
        args: recharge("999", &f.payment_id),
        fault: Some(FaultSpec::new(Route::Recharge, FaultAction::error(502))),
        ..path("recharge 502, not found yet", &[], 6)
    });
    let token_env = |name, code, args: Vec<String>, value: &str| Path {
        args,
        env: vec![
            ("SOLAPI_API_KEY", String::new()),
            ("SOLAPI_API_SECRET", String::new()),
            ("SOLAPI_ACCESS_TOKEN", value.to_owned()),
        ],
        ..path(name, &[], code)
    };
    list.push(token_env("token balance", 0, vec!["balance".into()], token));
    list.push(token_env(
        "token recharge",
        0,
        recharge("700", &f.payment_id),
        token,
    ));
    list.push(token_env(
        "read-only token recharge",
        4,
        recharge("700", &f.payment_id),
        read_token,
    ));
    list.push(token_env(
        "unknown token",
        4,
        vec!["balance".into()],
        UNKNOWN_TOKEN,
    ));
    let mut flags = path("secret as a flag", &["balance"], 0);
    flags.args = vec![
        "--api-secret".into(),
        f.api_secret.clone(),
        "balance".into(),
    ];
    list.push(flags);
    list
}

#[test]
fn no_secret_on_any_path_at_any_verbosity() {
    let mut f = Fixture::new();
    let admin = f.admin();
    let token = admin
        .create_token(&f.account_id, &["cash:read", "cash:write"], Role::Owner)
        .unwrap()
        .expose_secret()
        .to_owned();
    let read_token = admin
        .create_token(&f.account_id, &[SCOPE_CASH_READ], Role::Owner)
        .unwrap()
        .expose_secret()
        .to_owned();
    f.entries(6);
    for s in [&token, &read_token] {
        f.extra_secrets.push(s.clone());
    }
    f.extra_secrets.push(UNKNOWN_TOKEN.into());
    f.extra_secrets.push(WRONG_SECRET.into());

    let mut runs: Vec<(String, Run)> = Vec::new();
    for (round, verbosity) in VERBOSITIES.iter().enumerate() {
        for p in paths(&f, &read_token, &token, round) {
            if let Some(fault) = &p.fault {
                admin.clear_faults();
                admin.inject_fault(fault.clone());
            }
            let mut cmd = f.cmd();
            for (name, value) in &p.env {
                if value.is_empty() {
                    cmd.env_remove(name);
                } else {
                    cmd.env(name, value);
                }
            }
            let run = f.run(cmd.args(&p.args).args(*verbosity));
            run.code(p.code);
            if p.code != 0 {
                run.error_line();
            }
            runs.push((format!("{} {verbosity:?}", p.name), run));
        }
    }
    admin.clear_faults();

    // Credentials from a profile.
    f.run(f.bare().args(["config", "set", "api-key", &f.api_key]))
        .code(0);
    f.run(
        f.bare()
            .args(["config", "set", "api-secret"])
            .write_stdin(format!("{}\n", f.api_secret)),
    )
    .code(0);
    let base_url = f.emulator.base_url();
    f.run(f.bare().args(["config", "set", "base-url", &base_url]))
        .code(0);
    for verbosity in VERBOSITIES {
        for (args, code) in [
            (&["balance"][..], 0),
            (&["config", "show"][..], 0),
            (&["history", "--until", "2024-13-01"][..], 2),
            (&["history", "--retries", "0"][..], 3),
        ] {
            if code == 3 {
                admin.inject_fault(FaultSpec::new(Route::History, FaultAction::error(500)));
            }
            let run = f.run(f.bare().args(args).args(verbosity));
            run.code(code);
            runs.push((format!("profile {args:?} {verbosity:?}"), run));
        }
    }

    // The second factor asked for without a terminal, and a wrong code.
    admin.set_mfa(&f.account_id, true).unwrap();
    for verbosity in VERBOSITIES {
        let mut cmd = f.cmd();
        let run = f.run(cmd.args(f.recharge("100")).args(verbosity));
        run.code(7);
        let mail = admin.last_mail(&f.account_id).unwrap();
        let run_wrong = f.run(
            f.cmd()
                .args(f.recharge("100"))
                .args([
                    "--mfa-transaction",
                    &mail.transaction_id,
                    "--mfa-code",
                    if mail.code == "000000" {
                        "111111"
                    } else {
                        "000000"
                    },
                ])
                .args(verbosity),
        );
        run_wrong.code(4);
        runs.push((format!("mfa required {verbosity:?}"), run));
        runs.push((format!("mfa wrong code {verbosity:?}"), run_wrong));
    }

    let signatures = signatures(&f);
    assert!(signatures.len() > 100, "{} signatures", signatures.len());
    for (name, run) in &runs {
        for signature in &signatures {
            assert!(
                !run.stdout.contains(signature.as_str())
                    && !run.stderr.contains(signature.as_str()),
                "{name}: a signature was printed\nstdout: {}\nstderr: {}",
                run.stdout,
                run.stderr
            );
        }
    }
    // The search can fail: -vvv does print the call spans of the client.
    assert!(
        runs.iter()
            .any(|(_, r)| r.stderr.contains("solapi_cash.call"))
    );
    eprintln!(
        "FIGURES cli.secrets [solapi-cash]: runs={} signatures_searched={} secrets_searched={}",
        runs.len(),
        signatures.len(),
        f.extra_secrets.len() + 1
    );
}
