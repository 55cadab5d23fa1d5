//! The fast page reader against the general decoder: on generated pages — the service's shape,
//! and every way to leave it (other key orders, whitespace, unknown keys, escapes, values of
//! other types and forms, duplicates, missing keys, broken JSON) — both give the same answer.

use proptest::prelude::*;

use super::reader::{KEYS, MIN_ENTRY_BYTES, REQUIRED, Reader, string_end};
use super::*;

#[test]
fn the_keys_are_the_models() {
    let keys: Vec<&str> = KEYS
        .iter()
        .map(|k| std::str::from_utf8(k).expect("ASCII"))
        .collect();
    assert_eq!(keys, HistoryEntry::WIRE_NAMES);
    let required: Vec<&str> = (0..16)
        .filter(|i| REQUIRED & (1 << i) != 0)
        .map(|i| keys[i])
        .collect();
    assert_eq!(
        required,
        [
            "balanceAmount",
            "pointAmount",
            "accountId",
            "oldBalance",
            "newBalance",
            "oldPoint",
            "newPoint",
            "type",
            "dateCreated",
            "historyId"
        ]
    );
}

/// An entry as the service sends it: every key, in documented order, compact.
fn canonical(i: usize) -> String {
    format!(
        "{{\"balanceAmount\":-8.4,\"pointAmount\":0,\"groupId\":\"G4V{i:020}\",\"memo\":null,\
         \"rechargeMethod\":null,\"serviceMethod\":\"MT\",\"chargedMethod\":null,\
         \"paymentMethod\":null,\"accountId\":\"19041920726336\",\"oldBalance\":1000.5,\
         \"newBalance\":992.1,\"oldPoint\":0,\"newPoint\":0,\"type\":\"DEDUCT\",\
         \"dateCreated\":\"2019-08-06T06:16:06.{:03}Z\",\"historyId\":\"5d491966384bbe6e{i:08x}\"}}",
        i % 1000
    )
}

#[test]
fn the_services_shape_takes_the_fast_path() {
    let body = format!("[{}]", (0..50).map(canonical).collect::<Vec<_>>().join(","));
    let fast = Reader::new(&body)
        .page(50, None)
        .expect("read on the fast path");
    let general: Vec<HistoryEntry> = serde_json::from_str(&body).expect("valid");
    assert_eq!(fast, general);
    assert_eq!(
        serde_json::to_string(&fast).expect("encodes"),
        serde_json::to_string(&general).expect("encodes")
    );
    assert!(
        Reader::new("[]")
            .page(0, None)
            .is_some_and(|p| p.is_empty())
    );
    assert!(
        Reader::new(" \n[ ]\t")
            .page(0, None)
            .is_some_and(|p| p.is_empty())
    );
}

#[test]
fn anything_else_goes_to_the_general_decoder() {
    let entry = canonical(1);
    for body in [
        entry.replace("\"memo\":null", "\"memo\":\"a\\nb\""),
        entry.replace("\"memo\":null", "\"memo\":5"),
        entry.replace("\"memo\":null", "\"memo\":null,\"new\":[1, 2]"),
        entry.replace("-8.4", "\"-8.4\""),
        entry.replace("\"pointAmount\":0", "\"pointAmount\":0,\"pointAmount\":0"),
        entry.replace(",\"historyId\":\"5d491966384bbe6e00000001\"", ""),
    ] {
        let body = format!("[{body}]");
        assert!(Reader::new(&body).page(1, None).is_none(), "{body}");
        // And the general decoder's answer is the one given.
        let general = serde_json::from_str::<Vec<HistoryEntry>>(&body).map_err(|e| e.to_string());
        let given = HistoryEntry::decode_page(body.as_bytes(), 1).map_err(|e| e.to_string());
        assert_eq!(given, general, "{body}");
    }
}

#[test]
fn capacity_is_what_the_body_can_hold() {
    let page = HistoryEntry::decode_page(b"[]", usize::MAX).expect("empty page");
    assert!(page.capacity() <= 1);
    let body = format!("[{}]", canonical(0));
    let page = HistoryEntry::decode_page(body.as_bytes(), 1000).expect("one entry");
    assert!(page.capacity() <= body.len() / MIN_ENTRY_BYTES + 1);
}

/// Whitespace JSON allows, and none.
fn ws() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        8 => Just(""),
        1 => Just(" "),
        1 => Just("\n  "),
        1 => Just("\t"),
        1 => Just("\r\n"),
    ]
}

fn money() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        100 => prop::sample::select(vec!["0", "-8.4", "10130.5", "100000", "-1092.8", "0.30"]),
        10 => prop::sample::select(vec![
            "1E6", "5E+4", "-0", "-0.0", "1.4210854715202004e-14", "196.00000000001592",
            "123456789012345678901234567890.5", "9007199254740993.75",
        ]),
        1 => prop::sample::select(vec![
            "\"12.5\"", "null", "true", "[1]", "{}", "01", "1.", ".5", "-", "1e", "1e999999999",
            "\"ten\"", "+1",
        ]),
    ]
}

fn text() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        100 => prop::sample::select(vec![
            "\"19041920726336\"", "\"5d491966384bbe6e51a2ceb6\"", "\"\"", "\"포인트 지급 (event)\"",
        ]),
        1 => prop::sample::select(vec![ "\"a\\nb\"", "\"\\u00e9\"", "\"tab\u{1}raw\"", "\"\\\"\"",
            "5", "null", "[\"x\"]", "\"unterminated",
        ]),
    ]
}

fn descriptive() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        100 => prop::sample::select(vec![
            "null", "\"MT\"", "\"STRIPE\"", "\"G4V20240501\"", "\"NEW-KIND\"", "\"메모\"",
        ]),
        1 => prop::sample::select(vec![
            "5", "true", "{\"a\": [1, {\"b\": null}]}", "[]", "\"\\/\"", "-0",
        ]),
    ]
}

fn date() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        100 => prop::sample::select(vec![
            "\"2019-08-06T06:16:06.000Z\"", "\"2018-04-01T19:00:00.000+09:00\"",
            "\"2018-04-01T10:00:00Z\"", "\"2018-04-01T19:00:00+0900\"",
        ]),
        1 => prop::sample::select(vec![
            "\"yesterday\"", "\"2019-02-30T00:00:00.000Z\"",
            "1565072166000", "null",
        ]),
    ]
}

fn kind() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        100 => prop::sample::select(vec!["\"DEDUCT\"", "\"RECHARGE\"", "\"SOMETHING_NEW\""]),
        1 => prop::sample::select(vec!["3", "\"\\u0044EDUCT\""]),
    ]
}

/// One entry's fields as (key, value) in documented order; some left out, some doubled, an
/// unknown one now and then, the order sometimes shuffled.
fn fields() -> impl Strategy<Value = Vec<(String, String)>> {
    let values = (
        prop::collection::vec(money(), 6),
        prop::collection::vec(descriptive(), 6),
        (text(), text(), kind(), date()),
    );
    (
        values,
        prop::collection::vec(any::<u8>(), 16),
        prop::bool::weighted(0.2),
        prop::option::weighted(
            0.1,
            prop::sample::select(vec![
                ("somethingNew", "[1, 2]"),
                ("isRecharging", "false"),
                ("esc\\u0061ped", "1"),
            ]),
        ),
    )
        .prop_flat_map(
            |((m, d, (account, id, kind, date)), dice, shuffle, unknown)| {
                let values = [
                    m[0], m[1], d[0], d[1], d[2], d[3], d[4], d[5], account, m[2], m[3], m[4],
                    m[5], kind, date, id,
                ];
                let mut fields: Vec<(String, String)> = Vec::new();
                for (i, value) in values.iter().enumerate() {
                    let key = std::str::from_utf8(KEYS[i]).expect("ASCII").to_owned();
                    match dice[i] {
                        // Left out (a missing required key is an error, a descriptive one absence).
                        0 => {}
                        // Sent twice.
                        1 => {
                            fields.push((key.clone(), (*value).to_owned()));
                            fields.push((key, (*value).to_owned()));
                        }
                        _ => fields.push((key, (*value).to_owned())),
                    }
                }
                if let Some((key, value)) = unknown {
                    let at = usize::from(dice[0]) % (fields.len() + 1);
                    fields.insert(at, (key.to_owned(), value.to_owned()));
                }
                let fields = Just(fields);
                if shuffle {
                    fields.prop_shuffle().boxed()
                } else {
                    fields.boxed()
                }
            },
        )
}

/// The page's text, with whitespace between tokens and, now and then, broken structure.
fn page() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((fields(), prop::collection::vec(ws(), 6)), 0..4),
        ws(),
        prop_oneof![
            30 => Just(""),
            1 => prop::sample::select(vec![",", "]", "x", "{"]),
        ],
    )
        .prop_map(|(entries, outer, tail)| {
            let entries: Vec<String> = entries
                .into_iter()
                .map(|(fields, w)| {
                    let body: Vec<String> = fields
                        .iter()
                        .map(|(k, v)| format!("{}\"{k}\"{}:{}{v}{}", w[0], w[1], w[2], w[3]))
                        .collect();
                    format!("{}{{{}}}{}", w[4], body.join(","), w[5])
                })
                .collect();
            format!("{outer}[{}]{tail}{outer}", entries.join(","))
        })
}

/// The same entries with the same text for every value, or the same error.
fn assert_same(body: &str) -> Result<(), TestCaseError> {
    let general = serde_json::from_str::<Vec<HistoryEntry>>(body);
    let given = HistoryEntry::decode_page(body.as_bytes(), 1000);
    match (&given, &general) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(a, b);
            prop_assert_eq!(
                serde_json::to_string(a).expect("encodes"),
                serde_json::to_string(b).expect("encodes")
            );
            prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
        (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
        _ => prop_assert!(false, "fast {given:?} general {general:?} for {body}"),
    }
    Ok(())
}

/// Whether the fast path reads `body` itself.
fn fast(body: &str) -> bool {
    Reader::new(body).page(16, None).is_some()
}

#[test]
fn the_generated_pages_exercise_both_paths() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = page();
    let pages: Vec<String> = (0..1000)
        .map(|_| strategy.new_tree(&mut runner).expect("a page").current())
        .collect();
    let read_fast = pages.iter().filter(|p| fast(p)).count();
    let with_entries = pages
        .iter()
        .filter(|p| fast(p) && p.contains("historyId"))
        .count();
    assert!(
        read_fast >= 300 && with_entries >= 200 && read_fast <= 900,
        "{read_fast} of 1000 on the fast path, {with_entries} with entries"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_fast_path_gives_the_general_answer(body in page()) {
        assert_same(&body)?;
    }

    #[test]
    fn the_fast_path_takes_what_the_service_sends(n in 0usize..20, ws in ws()) {
        let body = format!("{ws}[{}]{ws}", (0..n).map(canonical).collect::<Vec<_>>().join(","));
        prop_assert!(Reader::new(&body).page(n, None).is_some());
        assert_same(&body)?;
    }
}

#[test]
fn the_end_of_a_string_is_the_first_quote_backslash_or_control() {
    fn naive(bytes: &[u8]) -> Option<usize> {
        bytes
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
    }
    let alphabet = [
        b'a', b'"', b'\\', 0x1f, 0x20, 0x00, 0x7f, 0x80, 0xff, b'!', b'#', 0x21, 0xa2,
    ];
    let mut rng = 0x9E37_79B9_7F4A_7C15_u64;
    for len in 0..40 {
        for _ in 0..200 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    // Mostly plain text, sometimes a byte that matters.
                    if rng.is_multiple_of(5) {
                        alphabet[(rng >> 8) as usize % alphabet.len()]
                    } else {
                        b'a' + (rng >> 16) as u8 % 26
                    }
                })
                .collect();
            assert_eq!(string_end(&bytes), naive(&bytes), "{bytes:?}");
        }
    }
}

#[test]
fn each_key_is_recognised_in_its_place_and_out_of_it() {
    // In documented order every key matches where it is expected; in reverse order none does,
    // and every one is found by name.
    for (i, key) in KEYS.iter().enumerate() {
        let quoted = format!("\"{}\"", std::str::from_utf8(key).expect("ASCII"));
        // The fast arm of each index is the model's key (`HistoryEntry::KEYS`).
        assert!(Reader::new(&quoted).expected_key(i), "{quoted}");
        assert_eq!(Reader::new(&quoted).key(i), Some(i), "{quoted}");
        assert_eq!(Reader::new(&quoted).key(15 - i), Some(i), "{quoted}");
    }
    assert_eq!(Reader::new("\"memos\"").key(3), None);
    assert_eq!(Reader::new("\"mem\"").key(3), None);
}

#[test]
fn a_page_keeps_each_entrys_text_when_asked() {
    let entries: Vec<String> = (0..3).map(canonical).collect();
    let body = format!("[ {} ,\n{}, {}]", entries[0], entries[1], entries[2]);
    let page = HistoryPage::decode(body.as_bytes(), 10, true).expect("decodes");
    assert_eq!(page.len(), 3);
    for (i, (entry, text)) in page.iter().enumerate() {
        assert_eq!(text, Some(entries[i].as_str()));
        let again: HistoryEntry = serde_json::from_str(text.expect("kept")).expect("valid");
        assert_eq!(&again, entry);
    }
    let mut tail = page.clone();
    tail.skip_front(2);
    assert_eq!(tail.len(), 1);
    assert_eq!(tail.sent_json(0), Some(entries[2].as_str()));
    assert_eq!(tail.sent_json(1), None);
    tail.skip_front(5);
    assert!(tail.is_empty());
    // Without asking, or off the fast path, there is no text; the entries are the same.
    let plain = HistoryPage::decode(body.as_bytes(), 10, false).expect("decodes");
    assert_eq!(plain.entries(), page.entries());
    assert_eq!(plain.sent_json(0), None);
    let unusual = body.replacen("\"memo\":null", "\"memo\":null,\"new\":1", 1);
    let general = HistoryPage::decode(unusual.as_bytes(), 10, true).expect("decodes");
    assert_eq!(general.len(), 3);
    assert_eq!(general.sent_json(0), None);
    assert!(HistoryPage::decode(b"[{", 10, true).is_err());
}
