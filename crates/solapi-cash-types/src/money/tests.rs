use super::*;

fn m(s: &str) -> Money {
    s.parse().unwrap()
}

fn json(s: &str) -> Money {
    serde_json::from_str(s).unwrap()
}

#[test]
fn prints_back_what_it_parsed() {
    for s in [
        "0",
        "10130",
        "10130.5",
        "-100",
        "0.10",
        "-0.5",
        "123456789012345678.25",
        "9999999999999999999",
        "0.000000000000000001",
        "0.0000000000000000001",
        "196.00000000001592",
        "0.1000000000000000055511151231257827021181583404541015625",
        "170141183460469231731687303715884105727",
        "170141183460469231731687303715884105728",
        "-170141183460469231731687303715884105728",
        "123456789012345678901234567890.123456789012345678901234567890",
        "0.1000000000000000000000",
    ] {
        assert_eq!(m(s).to_string(), s, "{s}");
        assert_eq!(json(s).to_string(), s, "{s}");
        assert_eq!(serde_json::to_string(&json(s)).unwrap(), s, "{s}");
    }
}

#[test]
fn exponents_print_plain_and_serialize_as_sent() {
    for (sent, plain) in [
        ("1e3", "1000"),
        ("1.5E+2", "150"),
        ("25e-1", "2.5"),
        ("0e10", "0"),
        ("1.4210854715202004e-14", "0.000000000000014210854715202004"),
        ("5e-324", &format!("0.{}5", "0".repeat(323))),
        ("1e400", &format!("1{}", "0".repeat(400))),
        ("-2.50e-1", "-0.250"),
        ("-0", "0"),
        ("-0.0", "0.0"),
        ("-0e5", "0"),
    ] {
        let money = json(sent);
        assert_eq!(money.to_string(), plain, "{sent}");
        assert_eq!(money.sent_text(), Some(sent));
        assert_eq!(money.json_text(), sent);
        assert_eq!(serde_json::to_string(&money).unwrap(), sent);
        // Typed by a person, the same text keeps no form: it serializes plain.
        assert_eq!(m(sent), money);
        assert_eq!(m(sent).sent_text(), None);
        assert_eq!(serde_json::to_string(&m(sent)).unwrap(), plain);
    }
    assert_eq!(m("+7").to_string(), "7");
    assert_eq!(m("007").to_string(), "7");
    assert_eq!(json("10130.50").sent_text(), None);
}

#[test]
fn the_exact_value_of_every_double_fits() {
    // 2^-1074, the smallest double, written out exactly: 1074 fractional digits.
    let tiny = format!("0.{}", "0".repeat(323));
    // 2^-1074 = 5^1074 / 10^1074.
    let exact = Money::from_big(BigInt::from(5).pow(1074), 1074).unwrap();
    let text = exact.to_string();
    assert!(
        text.starts_with(&format!("{tiny}49406564584124654")),
        "{text}"
    );
    assert_eq!(text.len(), 1076);
    assert_eq!(text.parse::<Money>().unwrap(), exact);
    assert_eq!(json(&text), exact);
    assert_eq!(serde_json::to_string(&json(&text)).unwrap(), text);
}

#[test]
fn arithmetic_is_exact() {
    let sum = m("0.1").checked_add(&m("0.2")).unwrap();
    assert_eq!(sum, m("0.3"));
    assert_eq!(sum.to_string(), "0.3");
    assert_eq!(
        m("10130").checked_add(&m("0.5")).unwrap().to_string(),
        "10130.5"
    );
    assert_eq!(
        m("100").checked_sub(&m("100.25")).unwrap().to_string(),
        "-0.25"
    );
    assert_eq!(
        m("9007199254740993")
            .checked_add(&m("1"))
            .unwrap()
            .to_string(),
        "9007199254740994"
    );
    // Residues and wide values add exactly, across representations.
    assert_eq!(
        json("196.00000000001592")
            .checked_sub(&json("1.4210854715202004e-14"))
            .unwrap()
            .to_string(),
        "196.000000000015905789145284797996"
    );
    let max = m("170141183460469231731687303715884105727");
    let over = max.checked_add(&m("1")).unwrap();
    assert_eq!(over.to_string(), "170141183460469231731687303715884105728");
    assert!(over.to_parts().is_none());
    assert_eq!(over.checked_sub(&m("1")).unwrap(), max);
    assert!(over.checked_sub(&m("1")).unwrap().to_parts().is_some());
    let a = m("0.1000000000000000055511151231257827021181583404541015625");
    assert_eq!(
        a.checked_add(&a.checked_neg().unwrap()).unwrap(),
        Money::ZERO
    );
}

#[test]
fn results_beyond_the_limit_are_none_never_rounded() {
    let big = Money::from_big(wide::pow10(MAX_DIGITS) - 1, 0).unwrap();
    assert_eq!(big.to_string().len(), MAX_DIGITS as usize);
    assert_eq!(big.checked_add(&m("1")), None);
    assert_eq!(big.checked_neg().unwrap().checked_sub(&m("1")), None);
    let fine = Money::from_big(BigInt::from(1), MAX_DIGITS - 1).unwrap();
    assert_eq!(fine.to_string().len(), MAX_DIGITS as usize + 1);
    // A sum needing one digit more on either side does not fit.
    assert_eq!(big.checked_add(&fine), None);
}

#[test]
fn equality_and_hash_are_by_value() {
    use std::collections::HashSet;
    assert_eq!(m("1.50"), m("1.5"));
    assert_eq!(json("15e-1"), m("1.5"));
    assert_eq!(json("-0"), Money::ZERO);
    assert!(m("-2") < m("-1.99"));
    assert!(json("1e400") > m("170141183460469231731687303715884105727"));
    assert!(json("-1e400") < m("-5"));
    let set: HashSet<Money> = [
        m("1.50"),
        m("1.5"),
        m("1.500"),
        json("15e-1"),
        m(&format!("1.5{}", "0".repeat(60))),
    ]
    .into_iter()
    .collect();
    assert_eq!(set.len(), 1);
    let set: HashSet<Money> = [json("1e40"), m(&format!("1{}", "0".repeat(40)))]
        .into_iter()
        .collect();
    assert_eq!(set.len(), 1);
}

#[test]
fn rejects_what_is_not_a_number_or_too_long() {
    for s in [
        "", "-", "1.", ".5", "1e", "abc", "1,000", "0x10", " 1", "1 ", "--1", "NaN", "inf", "1e+",
        "1.5.2", "e5",
    ] {
        assert_eq!(s.parse::<Money>(), Err(MoneyError::Syntax), "{s:?}");
    }
    for s in [
        "1e999999999",
        "1e99999999999999999999999",
        "-1e1100",
        "1e-1100",
        "0e-1100",
        &"9".repeat(1101),
        &format!("0.{}", "1".repeat(1100)),
    ] {
        assert_eq!(s.parse::<Money>(), Err(MoneyError::TooManyDigits), "{s}");
    }
    // Right at the limit.
    assert!("1e1099".parse::<Money>().is_ok());
    assert!(format!("0.{}", "1".repeat(1099)).parse::<Money>().is_ok());
    // Leading zeros of a long fraction do not count against the mantissa, but the plain
    // form's length does.
    assert_eq!(
        format!("0.{}1e1001", "0".repeat(1000))
            .parse::<Money>()
            .unwrap(),
        m("1")
    );
    let err = serde_json::from_str::<Money>("1e999999999").unwrap_err();
    assert!(err.to_string().contains("1100 digits"), "{err}");
}

#[test]
fn the_short_path_agrees_with_the_general_parser() {
    // Every input the short path takes, it must read exactly as the general parser:
    // same value and scale (so the same printed digits), and it must refuse what the
    // grammar refuses.
    let texts = [
        "0",
        "-0",
        "+0",
        "00",
        "007",
        "0.0",
        "-0.00",
        "0.10",
        "-0.5",
        "10130.5",
        "-1092.8",
        "123456789012345678",
        "-123456789.123456789",
        "0.000000000000000001",
        "999999999999999999",
        "1234567890123456789",
        "1.",
        ".5",
        "1..2",
        "1.2.3",
        "-",
        "+",
        "",
        "1e3",
        "--1",
        "1-",
        " 1",
        "1 ",
        "12345678901234567890",
    ];
    for text in texts {
        let short = parse::parse_short(text.as_bytes());
        // The general parser alone (the short path bypassed): a trailing exponent of zero
        // sends the text past the short path without changing its value.
        let general = parse::parse(&format!("{text}e0"), false);
        match short {
            Some((m, plain)) => {
                let g = general.unwrap_or_else(|e| panic!("{text}: general refused: {e}"));
                assert_eq!(m.to_parts(), g.to_parts(), "{text}");
                assert_eq!(plain, !(text.starts_with('-') && m.is_zero()), "{text}");
            }
            None => {
                // Declined texts are either invalid or longer than 18 digits.
                let digits = text.bytes().filter(u8::is_ascii_digit).count();
                assert!(
                    general.is_err() || digits > 18 || text.contains('e'),
                    "{text}"
                );
            }
        }
    }
}

#[test]
fn each_value_has_one_representation() {
    // Wide arithmetic that lands back in the inline range is held inline.
    let wide = m("0.10000000000000000000000000000000000000001");
    assert!(wide.to_parts().is_none());
    let back = wide
        .checked_sub(&m("0.00000000000000000000000000000000000000001"))
        .unwrap();
    assert_eq!(back.to_parts(), None, "41 fractional digits stay wide");
    assert_eq!(back, m("0.1"));
    let inline = wide.checked_sub(&m("1e-41")).unwrap().normalized();
    assert_eq!(inline.to_parts(), Some((1, 1)));
    assert_eq!(
        m(&format!("1.{}", "0".repeat(38))).to_parts(),
        Some((10i128.pow(38), 38))
    );
    assert_eq!(m(&format!("1.{}", "0".repeat(39))).to_parts(), None);
    assert_eq!(Money::from_parts(i128::MIN, 0).unwrap().to_parts(), None);
    assert_eq!(
        Money::from_parts(i128::MIN, 0).unwrap().to_string(),
        i128::MIN.to_string()
    );
}

#[test]
fn whole_numbers_convert_to_i64() {
    assert_eq!(m("2.00").to_i64(), Some(2));
    assert_eq!(m("2.5").to_i64(), None);
    assert_eq!(json("2e3").to_i64(), Some(2000));
    assert_eq!(m("-9223372036854775808").to_i64(), Some(i64::MIN));
    assert_eq!(m("9223372036854775808").to_i64(), None);
}

#[test]
fn signs() {
    for (s, sign) in [
        ("-0", 0),
        ("0.000", 0),
        ("-1e-50", -1),
        ("1e50", 1),
        ("-3", -1),
    ] {
        let v = json(s);
        assert_eq!(
            (v.is_negative(), v.is_zero(), v.is_positive()),
            (sign < 0, sign == 0, sign > 0),
            "{s}"
        );
    }
}

#[test]
fn debug_shows_value_and_sent_form() {
    assert_eq!(format!("{:?}", m("1.5")), "Money(1.5)");
    assert_eq!(format!("{:?}", json("15e-1")), "Money(1.5 sent as 15e-1)");
}

#[test]
fn fits_counts_significant_digits() {
    assert!(m("9999999999999999999").fits(19, 18));
    assert!(!m("10000000000000000000").fits(19, 18));
    assert!(!json("1e30").fits(19, 18));
    assert!(m("-0.000000000000000001").fits(19, 18));
    assert!(!m("0.0000000000000000001").fits(19, 18));
    assert!(m("0.1000000000000000000000").fits(0, 1));
    assert!(m("0").fits(0, 0));
    assert!(!m("5").fits(0, 0));
}
