//! `tracing` output at the most verbose level (TRACE, span events included, and the `log`
//! records of ureq, reqwest and hyper bridged in) holds neither the API secret, nor a bearer
//! token, nor any signature, nor a second-factor code sent in `x-mfa-data`, for every path
//! of both clients and of the emulator.
//!
//! One known exception, documented in `docs/reliability.md`: at TRACE, `ureq_proto::util`
//! (ureq's protocol layer, under the blocking client) hex-dumps every byte it sends and
//! receives, the `Authorization` and `x-mfa-data` headers included. No setting of ureq turns
//! that off, so this test runs everything at TRACE except that one module (at DEBUG), and
//! [`wire_dumps`] reassembles such dumps so that they are searched too: remove the
//! exception and the test fails.
//!
//! The subscriber is global, so that the emulator's threads are
//! captured too.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use solapi_cash_conformance::hostile::cases::SECRET;
use solapi_cash_conformance::hostile::leaks::{
    Needles, emulator_paths, every_error_kind, signatures_in,
};
use solapi_cash_conformance::reliability::figures::report;
use solapi_cash_conformance::{Async, Blocking, CashClient};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::util::SubscriberInitExt;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

/// The bytes of ureq's hex dumps (`ureq_proto::util: 0d0a 6175 ...  ..au`), reassembled in
/// order, as text: a header split over several dump rows is whole again.
fn wire_dumps(text: &str) -> String {
    let mut bytes = Vec::new();
    for line in text.lines() {
        let Some((_, row)) = line.split_once("ureq_proto::util: ") else {
            continue;
        };
        for group in row.split(' ').take(8) {
            for pair in group.as_bytes().chunks(2) {
                let hex = std::str::from_utf8(pair).unwrap_or("--");
                if let Ok(byte) = u8::from_str_radix(hex, 16) {
                    bytes.push(byte);
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn wire_dumps_are_reassembled() {
    // Two rows of ureq's format: "authorization: Bearer tok-" / "en-1234".
    let dump = "x ureq_proto::util: 6175 7468 6f72 697a 6174 696f 6e3a 2042  authorization:.B\n\
                x ureq_proto::util: 6561 7265 7220 746f 6b65 6e2d 3132 3334  earer.token-1234\n\
                x ureq_proto::util: 0d0a ---- ---- ---- ---- ---- ---- ----  ................";
    assert_eq!(wire_dumps(dump), "authorization: Bearer token-1234\r\n");
}

fn exercise<C: CashClient>(needles: &mut Needles) {
    let (_, hostile) = every_error_kind::<C>();
    needles.extend(&hostile);
    let (fixture, _, emulator) = emulator_paths::<C>();
    needles.extend(&emulator);
    needles.extend(&signatures_in(&fixture.admin.request_log(), SECRET));
}

#[test]
fn trace_output_holds_no_secrets() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "trace,ureq_proto::util=debug",
        ))
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
        .try_init()
        .expect("the only subscriber of this test binary");

    let mut needles = Needles::known();
    exercise::<Blocking>(&mut needles);
    exercise::<Async>(&mut needles);

    let text = buffer.text();
    // The capture works and is as verbose as it gets: the clients' call spans and retries,
    // TRACE records, and the transports' own `log` records.
    for expected in ["solapi_cash.call", "retrying", "TRACE", "ureq", "hyper"] {
        assert!(
            text.contains(expected),
            "no `{expected}` in the captured output"
        );
    }
    // The emulator's simulated mailbox prints the codes it "emails", on purpose.
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains("solapi_cash_emulator::outbox"))
        .collect();
    needles.assert_absent(&lines.join("\n"), "the TRACE output");
    needles.assert_absent(&wire_dumps(&text), "ureq's wire dumps in the TRACE output");
    report(
        "trace_output_holds_no_secrets",
        "Blocking+Async",
        &[
            ("lines", lines.len() as u64),
            ("bytes", text.len() as u64),
            ("needles", needles.len() as u64),
        ],
    );
}
