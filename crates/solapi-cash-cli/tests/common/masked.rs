//! A bank account number sent whole by a server, and the check that every output of a command
//! against it shows only its last four digits (issue 23, point 3).

use solapi_cash_conformance::hostile::server::{HostileServer, Script, json};

use super::{Fixture, Run};

/// The number the servers of these tests send whole.
pub const NUMBER: &str = "110234567890";

/// How it must show: only its last four digits.
pub const MASKED: &str = "********7890";

/// A fixture whose every run is checked for the number, or most of it.
pub fn fixture() -> Fixture {
    let mut f = Fixture::new();
    f.extra_secrets.push(NUMBER.to_owned());
    f.extra_secrets.push("1102345".to_owned());
    f
}

/// Runs `args` against a server that answers `body` to every request (the fixture's `run`
/// checks that the number is nowhere whole, on standard output and standard error).
pub fn run(f: &Fixture, body: &str, args: &[&str]) -> Run {
    let server = HostileServer::start(Script::Raw(json(200, body)));
    f.run(
        f.against(
            &server.base_url(),
            ("NCMASKKEY0000001", "mask-secret-x"),
            "10",
        )
        .args(args),
    )
}

/// [`run`] in each output format (table, json, ndjson, csv): each standard output, after
/// checking exit 0 and, but in a table (which may leave the field out), that the number shows
/// masked.
pub fn outputs(f: &Fixture, body: &str, args: &[&str]) -> Vec<(&'static str, String)> {
    ["table", "json", "ndjson", "csv"]
        .into_iter()
        .map(|format| {
            let mut all = args.to_vec();
            all.extend(["-o", format]);
            let out = run(f, body, &all).code(0).stdout.clone();
            assert!(
                format == "table" || out.contains(MASKED),
                "{args:?} {format}: {out}"
            );
            (format, out)
        })
        .collect()
}
