//! Fills a ledger with varied, plausible entries from a seed: recharges by card and by
//! transfer, message charges (points first), point grants, point-to-balance conversions,
//! refunds and the odd reset. The same seed, window and starting state give the same entries.

use solapi_cash_types::{HistoryType, Money, RechargeMethod};
use time::OffsetDateTime;

use super::{Change, HistoryId, Ledger, LedgerError};
use crate::clock::from_unix_ms;
use crate::rng::{SeededRng, UPPER_ALNUM};

/// Unit prices of messages, in tenths of a won (8.4 won keeps fractions in the data).
const UNIT_PRICES_TENTHS: &[i128] = &[84, 130, 200, 500, 2000];
const CARD_AMOUNTS: &[i64] = &[10_000, 20_000, 30_000, 50_000, 100_000];
/// Random characters after `G4V` and the date-time in a group id (32 characters in all).
pub(crate) const GROUP_ID_SUFFIX: usize = 15;
const TRANSFER_AMOUNTS: &[i64] = &[100_000, 300_000, 500_000, 1_000_000];

/// Most entries one call may generate (about 6 GB of ledger).
pub(crate) const MAX_GENERATE: u64 = 20_000_000;

/// Appends `n` entries dated from `start_ms` to `end_ms` (moved forward to the ledger's
/// newest entry if needed, so dates never decrease), taking ids from `next_id`.
///
/// # Errors
/// [`LedgerError::TooMany`] above [`MAX_GENERATE`]; [`LedgerError::Overflow`] if the
/// generated amounts exceed `Money`'s range.
pub(crate) fn generate(
    ledger: &mut Ledger,
    n: u64,
    seed: u64,
    start_ms: i64,
    end_ms: i64,
    mut next_id: impl FnMut(i64) -> HistoryId,
) -> Result<(), LedgerError> {
    let mut rng = SeededRng::new(seed);
    let start = ledger.last_ms().map_or(start_ms, |last| last.max(start_ms));
    let end = end_ms.max(start);
    let span = i128::from(end) - i128::from(start);
    let count = i128::from(n.max(1));
    if n > MAX_GENERATE {
        return Err(LedgerError::TooMany {
            n,
            max: MAX_GENERATE,
        });
    }
    ledger.reserve(usize::try_from(n).unwrap_or(0));
    for i in 0..n {
        // Entry i falls somewhere in the i-th of n equal slots of the window.
        let slot_start = i128::from(start) + span * i128::from(i) / count;
        let slot_len = (span / count).max(1);
        let jitter = i128::from(rng.below(u64::try_from(slot_len).unwrap_or(u64::MAX)));
        let date_ms = i64::try_from(slot_start + jitter).unwrap_or(end).min(end);
        let change = next_change(ledger, &mut rng, date_ms)?;
        ledger.apply(change, date_ms, &mut next_id)?;
    }
    Ok(())
}

fn money(whole: i64) -> Money {
    Money::from_i64(whole)
}

/// Below this (balance + point) the account recharges, as real accounts do when low.
const LOW_FUNDS: i64 = 20_000;

fn next_change(ledger: &Ledger, rng: &mut SeededRng, date_ms: i64) -> Result<Change, LedgerError> {
    let funds = ledger
        .balance()
        .checked_add(&ledger.point())
        .ok_or(LedgerError::Overflow)?;
    if funds < money(LOW_FUNDS) {
        return Ok(recharge(rng));
    }
    let roll = rng.below(1000);
    if roll < 820 {
        let unit = *rng.pick(UNIT_PRICES_TENTHS).unwrap_or(&200);
        let size = rng.below(100);
        let messages = 1 + if size < 70 {
            rng.below(50)
        } else if size < 95 {
            rng.below(1_000)
        } else {
            rng.below(5_000)
        };
        let amount = Money::from_parts(unit * i128::from(messages), 1)
            .map_err(|_| LedgerError::Overflow)?
            .normalized();
        return match ledger.message_charge(amount, group_id(rng, date_ms)) {
            Err(LedgerError::Insufficient { .. }) => Ok(recharge(rng)),
            other => other,
        };
    }
    if roll < 880 {
        return Ok(recharge(rng));
    }
    if roll < 960 {
        let grant = money(i64::try_from(1 + rng.below(50)).unwrap_or(1) * 100);
        return Ok(Change::new(HistoryType::Manual, Money::ZERO, grant)
            .with_memo(Some("point event".to_owned())));
    }
    if roll < 990 && ledger.point() >= money(100) {
        // Points converted to balance: one entry moving both, as in the API's own sample.
        let hundred = money(100);
        let minus = hundred.checked_neg().ok_or(LedgerError::Overflow)?;
        return Ok(Change::new(HistoryType::Manual, hundred, minus)
            .with_memo(Some("point conversion".to_owned())));
    }
    if roll < 997 {
        let refund = money(i64::try_from(1 + rng.below(20)).unwrap_or(1) * 50);
        return Ok(Change::new(HistoryType::Manual, refund, Money::ZERO)
            .with_memo(Some("refund".to_owned())));
    }
    // A reset to the balance rounded down to a thousand won, points cleared.
    let balance = ledger.balance();
    let (mantissa, scale) = balance.to_parts().ok_or(LedgerError::Overflow)?;
    let whole = mantissa / 10i128.pow(scale);
    let rounded = Money::from_parts(whole / 1000 * 1000, 0).map_err(|_| LedgerError::Overflow)?;
    Ok(ledger
        .set_to(rounded, Money::ZERO)?
        .with_memo(Some("reset".to_owned())))
}

/// A recharge by card (mostly) or by bank transfer.
fn recharge(rng: &mut SeededRng) -> Change {
    if rng.chance(200_000) {
        let amount = money(*rng.pick(TRANSFER_AMOUNTS).unwrap_or(&100_000));
        Change::recharge(amount, RechargeMethod::AccountTransfer)
    } else {
        let amount = money(*rng.pick(CARD_AMOUNTS).unwrap_or(&10_000));
        Change::recharge(amount, RechargeMethod::Stripe)
    }
}

/// A seeded group id dated `date_ms` (see [`group_id_at`]).
fn group_id(rng: &mut SeededRng, date_ms: i64) -> String {
    let suffix: String = (0..GROUP_ID_SUFFIX)
        .map(|_| {
            let i = usize::try_from(rng.below(36)).unwrap_or(0);
            char::from(UPPER_ALNUM[i])
        })
        .collect();
    group_id_at(from_unix_ms(date_ms), &suffix)
}

/// A message group id in the documented 32-character form: `G4V`, the UTC date-time
/// (`YYYYMMDDhhmmss`), then [`GROUP_ID_SUFFIX`] random characters
/// (`G4V20180307105937H3PTASXMNJG2JIO` in `solapi/documents`,
/// `api-reference/message-api-v4/undefined-2.md`).
pub(crate) fn group_id_at(t: OffsetDateTime, suffix: &str) -> String {
    format!(
        "G4V{:04}{:02}{:02}{:02}{:02}{:02}{suffix}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}
