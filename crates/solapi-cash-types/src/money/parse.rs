//! Reading decimal text into a [`Money`]: a short path for the plain decimals every history
//! entry carries, and the general JSON number grammar (exponents, any number of digits).

use num_bigint::{BigInt, BigUint, Sign};

use super::{INLINE_MAX_SCALE, MAX_DIGITS, Money, MoneyError, wide};

/// Parses the JSON number grammar, plus a leading `+` and leading zeros. With `keep_text`,
/// a text that is not the value's plain decimal form (an exponent, or a negative zero) is
/// remembered, so that it serializes back as sent; the caller guarantees the text is then a
/// valid JSON number (serde_json checked it).
pub(super) fn parse(text: &str, keep_text: bool) -> Result<Money, MoneyError> {
    match parse_short(text.as_bytes()) {
        Some((money, true)) => Ok(money),
        Some((money, false)) if keep_text => Ok(money.with_sent_text(text)),
        Some((money, false)) => Ok(money),
        None => parse_other(text, keep_text),
    }
}

/// Everything but the short path, kept out of line so that the short path stays small.
#[cold]
#[inline(never)]
fn parse_other(text: &str, keep_text: bool) -> Result<Money, MoneyError> {
    let (money, plain) = parse_general(text.as_bytes())?;
    Ok(if keep_text && !plain {
        money.with_sent_text(text)
    } else {
        money
    })
}

/// The common case without 128-bit or big arithmetic: an optional sign, digits and an
/// optional fraction, at most 18 digits in all (so that the mantissa fits a `u64`). Gives
/// the same value and scale as the general parser; `None` for anything else, which the
/// general parser then handles. The flag says whether the text is the plain form of the
/// value (false for `-0`, `-0.0`).
#[inline]
pub(super) fn parse_short(bytes: &[u8]) -> Option<(Money, bool)> {
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut count = 0u32;
    let mut scale: Option<u32> = None;
    for (i, &b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                count += 1;
                if let Some(s) = &mut scale {
                    *s += 1;
                }
            }
            // One point, with digits on both sides.
            b'.' if scale.is_none() && i > 0 && i + 1 < digits.len() => scale = Some(0),
            _ => return None,
        }
    }
    if count > 18 {
        return None;
    }
    let mantissa = i128::from(mantissa);
    let money = Money::inline(
        if negative { -mantissa } else { mantissa },
        scale.unwrap_or(0),
    );
    Some((money, !(negative && mantissa == 0)))
}

/// The parts of a number's text: sign, the digits before and after the point, the exponent.
struct Parts<'a> {
    negative: bool,
    int: &'a [u8],
    frac: &'a [u8],
    exponent: Option<i64>,
}

fn split(bytes: &[u8]) -> Result<Parts<'_>, MoneyError> {
    let digits_from = |i: usize| {
        let len = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        (i + len, &bytes[i..i + len])
    };
    let (negative, start) = match bytes.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let (mut i, int) = digits_from(start);
    if int.is_empty() {
        return Err(MoneyError::Syntax);
    }
    let mut frac: &[u8] = &[];
    if bytes.get(i) == Some(&b'.') {
        let (end, digits) = digits_from(i + 1);
        if digits.is_empty() {
            return Err(MoneyError::Syntax);
        }
        (i, frac) = (end, digits);
    }
    let mut exponent = None;
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        let exp_negative = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let (end, digits) = digits_from(i);
        if digits.is_empty() {
            return Err(MoneyError::Syntax);
        }
        i = end;
        // Saturates: an exponent this large is beyond the limit anyway (or zero).
        let magnitude = digits.iter().fold(0i64, |e, &d| {
            e.saturating_mul(10).saturating_add(i64::from(d - b'0'))
        });
        exponent = Some(if exp_negative { -magnitude } else { magnitude });
    }
    if i != bytes.len() {
        return Err(MoneyError::Syntax);
    }
    Ok(Parts {
        negative,
        int,
        frac,
        exponent,
    })
}

/// The general grammar. Checks the digit limit before building anything, so that the work
/// done is bounded by [`MAX_DIGITS`] (and the length of the text).
fn parse_general(bytes: &[u8]) -> Result<(Money, bool), MoneyError> {
    let parts = split(bytes)?;
    let frac_len = i64::try_from(parts.frac.len()).unwrap_or(i64::MAX);
    // value = digits × 10^-(frac_len - exponent)
    let scale = frac_len.saturating_sub(parts.exponent.unwrap_or(0));
    let leading_zeros = parts
        .int
        .iter()
        .chain(parts.frac)
        .take_while(|&&d| d == b'0')
        .count();
    let significant_len = parts.int.len() + parts.frac.len() - leading_zeros;
    let plain = parts.exponent.is_none() && !(parts.negative && significant_len == 0);
    // Zeros appended for a negative scale, and the digit count written out in plain.
    let appended = u64::try_from(-scale.min(0)).unwrap_or(u64::MAX);
    let scale_digits = u64::try_from(scale.max(0)).unwrap_or(u64::MAX);
    let mantissa_digits = match u64::try_from(significant_len) {
        Ok(0) => 1,
        Ok(len) => len.saturating_add(appended),
        Err(_) => u64::MAX,
    };
    if mantissa_digits.max(scale_digits.saturating_add(1)) > u64::from(MAX_DIGITS) {
        return Err(MoneyError::TooManyDigits);
    }
    // Within the limit, so both fit a u32.
    let scale = u32::try_from(scale_digits).map_err(|_| MoneyError::TooManyDigits)?;
    let appended = u32::try_from(appended).map_err(|_| MoneyError::TooManyDigits)?;
    if significant_len == 0 {
        return Ok((Money::from_big(BigInt::ZERO, scale)?, plain));
    }
    let significant: Vec<u8> = parts
        .int
        .iter()
        .chain(parts.frac)
        .skip(leading_zeros)
        .map(|d| d - b'0')
        .collect();
    if mantissa_digits <= u64::from(INLINE_MAX_SCALE) && scale <= INLINE_MAX_SCALE {
        // At most 38 digits: below 10^38, within an i128.
        let m = significant
            .iter()
            .fold(0i128, |m, &d| m * 10 + i128::from(d))
            * 10i128.pow(appended);
        let m = if parts.negative { -m } else { m };
        return Ok((Money::inline(m, scale), plain));
    }
    let magnitude = BigUint::from_radix_be(&significant, 10).ok_or(MoneyError::Syntax)?;
    let sign = if parts.negative {
        Sign::Minus
    } else {
        Sign::Plus
    };
    let digits = BigInt::from_biguint(sign, magnitude) * wide::pow10(appended);
    Ok((Money::from_big(digits, scale)?, plain))
}
