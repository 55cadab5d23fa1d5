//! The out-of-line part of a [`Money`](super::Money): a value too wide for the inline
//! `i128`, and the text the service sent when it was not plain decimal.

use std::sync::OnceLock;

use num_bigint::{BigInt, BigUint};

use super::{MAX_DIGITS, Repr};

/// What does not fit inline. At least one of the two is set.
#[derive(Clone)]
pub(super) struct Wide {
    /// `digits × 10^-scale`, when the value does not fit inline.
    big: Option<(BigInt, u32)>,
    /// The JSON text the value was decoded from (an exponent form or `-0`).
    text: Option<Box<str>>,
}

impl Wide {
    pub(super) fn value(digits: BigInt, scale: u32) -> Wide {
        Wide {
            big: Some((digits, scale)),
            text: None,
        }
    }

    pub(super) fn sent(big: Option<(BigInt, u32)>, text: &str) -> Wide {
        Wide {
            big,
            text: Some(text.into()),
        }
    }

    pub(super) fn big(&self) -> Option<(&BigInt, u32)> {
        self.big.as_ref().map(|(d, s)| (d, *s))
    }

    pub(super) fn into_big(self) -> Option<(BigInt, u32)> {
        self.big
    }

    pub(super) fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }
}

/// 10^`exp`.
pub(super) fn pow10(exp: u32) -> BigInt {
    BigInt::from(10u32).pow(exp)
}

/// Both values as big integers at their common (larger) scale.
pub(super) fn aligned(a: Repr<'_>, b: Repr<'_>) -> (BigInt, BigInt, u32) {
    let parts = |r: Repr<'_>| match r {
        Repr::Inline(m, s) => (BigInt::from(m), s),
        Repr::Big(d, s) => (d.clone(), s),
    };
    let ((a, sa), (b, sb)) = (parts(a), parts(b));
    let scale = sa.max(sb);
    // Both scales are within MAX_DIGITS, so the factors stay small.
    (a * pow10(scale - sa), b * pow10(scale - sb), scale)
}

/// Whether `digits × 10^-scale` has at most [`MAX_DIGITS`] digits in plain decimal: fewer than
/// `MAX_DIGITS` digits in the mantissa, and room for the leading `0` of a value below one.
pub(super) fn within_limit(digits: &BigInt, scale: u32) -> bool {
    static BOUND: OnceLock<BigUint> = OnceLock::new();
    let bound = BOUND.get_or_init(|| BigUint::from(10u32).pow(MAX_DIGITS));
    scale < MAX_DIGITS && digits.magnitude() < bound
}

/// The same value without trailing fractional zeros.
pub(super) fn strip_zeros(mut digits: BigInt, mut scale: u32) -> (BigInt, u32) {
    let ten = BigInt::from(10u32);
    while scale > 0 && digits != BigInt::ZERO && (&digits % &ten) == BigInt::ZERO {
        digits /= &ten;
        scale -= 1;
    }
    if digits == BigInt::ZERO {
        scale = 0;
    }
    (digits, scale)
}
