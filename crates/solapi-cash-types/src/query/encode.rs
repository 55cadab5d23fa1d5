//! Encoding a [`HistoryQuery`] to its query string.

use std::fmt::Write;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::HistoryQuery;

/// Everything but RFC 3986's unreserved characters is escaped, so that `+` (a space to form
/// decoders), `:`, `&`, `=` and non-ASCII text reach the server as written.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

impl HistoryQuery {
    /// The parameters that are set, as wire name and text, in the documented order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let text = |v: &dyn std::fmt::Display| v.to_string();
        [
            ("offset", self.offset.as_ref().map(|v| text(v))),
            ("limit", self.limit.as_ref().map(|v| text(v))),
            ("startDate", self.start_date.as_ref().map(|v| text(v))),
            ("endDate", self.end_date.as_ref().map(|v| text(v))),
            ("type", self.kind.as_ref().map(|v| text(v))),
            ("groupId", self.group_id.clone()),
            (
                "rechargeMethod",
                self.recharge_method.as_ref().map(|v| text(v)),
            ),
            (
                "serviceMethod",
                self.service_method.as_ref().map(|v| text(v)),
            ),
            (
                "balanceAmount",
                self.balance_amount.as_ref().map(|v| text(v)),
            ),
            (
                "balanceRecharge",
                self.balance_recharge.as_ref().map(|v| text(v)),
            ),
            (
                "balanceDeduct",
                self.balance_deduct.as_ref().map(|v| text(v)),
            ),
            (
                "pointRecharge",
                self.point_recharge.as_ref().map(|v| text(v)),
            ),
            ("pointDeduct", self.point_deduct.as_ref().map(|v| text(v))),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name, v)))
        .collect()
    }

    /// The query string (without `?`): set parameters in the documented order, values
    /// percent-encoded (UTF-8; space as `%20`, `+` as `%2B`, `:` as `%3A`).
    pub fn to_query_string(&self) -> String {
        encode_pairs(&self.pairs())
    }
}

/// `name=value` pairs joined by `&`, values percent-encoded.
pub(super) fn encode_pairs(pairs: &[(&'static str, String)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        // Writing to a String cannot fail.
        let _ = write!(out, "{name}={}", utf8_percent_encode(value, ESCAPED));
    }
    out
}
