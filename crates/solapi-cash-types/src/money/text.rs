//! Writing a [`Money`] as text: the plain decimal digits ([`Display`](fmt::Display)) and the
//! JSON text ([`Money::json_text`]).

use std::borrow::Cow;
use std::fmt;

use super::{Money, Repr};

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.repr() {
            Repr::Inline(m, s) => f.write_str(InlineText::new(m, s).as_str()),
            Repr::Big(d, s) => {
                let digits = d.magnitude().to_str_radix(10);
                if d.sign() == num_bigint::Sign::Minus {
                    f.write_str("-")?;
                }
                write_point(f, &digits, s)
            }
        }
    }
}

/// `digits` with a point before the last `scale` of them, padded with leading zeros so that
/// at least one digit precedes the point.
fn write_point(f: &mut fmt::Formatter<'_>, digits: &str, scale: u32) -> fmt::Result {
    let scale = usize::try_from(scale).unwrap_or(usize::MAX);
    if scale == 0 {
        return f.write_str(digits);
    }
    if digits.len() > scale {
        let (int, frac) = digits.split_at(digits.len() - scale);
        return write!(f, "{int}.{frac}");
    }
    f.write_str("0.")?;
    for _ in digits.len()..scale {
        f.write_str("0")?;
    }
    f.write_str(digits)
}

impl Money {
    /// The JSON text this value serializes as: the text the service sent when that was not
    /// plain decimal (`1.4210854715202004e-14`, `-0`), the plain digits otherwise.
    pub fn json_text(&self) -> Cow<'_, str> {
        match (self.sent_text(), self.repr()) {
            (Some(text), _) => Cow::Borrowed(text),
            (None, Repr::Inline(m, s)) => Cow::Owned(InlineText::new(m, s).as_str().to_owned()),
            (None, Repr::Big(..)) => Cow::Owned(self.to_string()),
        }
    }
}

/// The digits of an inline value, written on the stack: `-`, up to 39 digits, `.` and, for
/// values below one, leading zeros — never more than 41 bytes.
pub(super) struct InlineText {
    buf: [u8; 48],
    start: usize,
}

impl InlineText {
    pub(super) fn as_str(&self) -> &str {
        // Only ASCII digits, `-` and `.` are written.
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or_default()
    }

    /// Digits from the right, the point after `scale` of them, and at least one digit before
    /// the point. Values that fit 64 bits (every real amount) skip the slower 128-bit
    /// division.
    pub(super) fn new(mantissa: i128, scale: u32) -> InlineText {
        let mut text = InlineText {
            buf: [b'0'; 48],
            start: 48,
        };
        let mut push = |b: u8| {
            text.start -= 1;
            text.buf[text.start] = b;
        };
        let magnitude = mantissa.unsigned_abs();
        let mut written = 0u32;
        let mut next_digit = |digit: u8, more: bool| -> bool {
            push(b'0' + digit);
            written += 1;
            if written == scale {
                push(b'.');
            }
            more || written <= scale
        };
        match u64::try_from(magnitude) {
            Ok(mut small) => loop {
                // Below 10, so the cast keeps it whole.
                let digit = (small % 10) as u8;
                small /= 10;
                if !next_digit(digit, small > 0) {
                    break;
                }
            },
            Err(_) => {
                let mut large = magnitude;
                loop {
                    // Below 10, so the cast keeps it whole.
                    let digit = (large % 10) as u8;
                    large /= 10;
                    if !next_digit(digit, large > 0) {
                        break;
                    }
                }
            }
        }
        if mantissa < 0 {
            push(b'-');
        }
        text
    }
}
