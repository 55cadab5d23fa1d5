//! The flags of `exporter` and `check`: watching the balance from Prometheus and from
//! Nagios-style monitoring (crate `solapi-cash-exporter`).

use std::net::SocketAddr;

use clap::Args;
use solapi_cash_types::Money;

use crate::ledger_args::DbArg;
use crate::values;

/// `exporter`.
#[derive(Debug, Args)]
pub(crate) struct ExporterArgs {
    /// The address and port to listen on (an IP address: 127.0.0.1, [::1], 0.0.0.0); beyond
    /// this machine a warning is printed, since anyone who reaches the port reads the balance
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9787",
          value_parser = listen_addr, help_heading = "Exporter")]
    pub listen: SocketAddr,

    /// Seconds between reads of each account's balance, 5 to 86400: scrapes in between are
    /// answered from the cache, so any number of Prometheus servers cost one read per
    /// account per refresh (60: 1/240 of the service's ~20 reads per 5 s)
    #[arg(long, value_name = "SECONDS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(5..=86_400), help_heading = "Exporter")]
    pub refresh: u64,

    /// The profiles to watch, comma-separated, each one account (the label `profile`)
    /// [default: the profile selected by --profile, or default]; each profile's own
    /// credentials are used, so do not give credentials by flags or environment with more
    /// than one
    #[arg(long, value_name = "NAMES", value_delimiter = ',', value_parser = values::profile_name,
          help_heading = "Exporter")]
    pub profiles: Vec<String>,

    #[command(flatten)]
    pub db: DbArg,

    /// Do not read the ledger: no solapi_cash_spent_krw_total, no forecast
    #[arg(long, help_heading = "Ledger")]
    pub no_ledger: bool,
}

fn listen_addr(text: &str) -> Result<SocketAddr, String> {
    text.parse().map_err(|_| {
        "expected an IP address and a port, such as 127.0.0.1:9787 or [::1]:9787".to_owned()
    })
}

/// `check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// WARNING when balance + point (the balance alone with --cash-only) is below this many
    /// won (`N` or the plugin range `N:`, both "alert below N")
    #[arg(short = 'w', long, value_name = "WON", value_parser = below, help_heading = "Thresholds")]
    pub warning: Option<Money>,

    /// CRITICAL when it is below this many won (`N` or `N:`)
    #[arg(short = 'c', long, value_name = "WON", value_parser = below, help_heading = "Thresholds")]
    pub critical: Option<Money>,

    /// WARNING when the forecast gives fewer days left than this (needs a ledger: `sync`)
    #[arg(long, value_name = "DAYS", help_heading = "Thresholds")]
    pub days_warning: Option<u64>,

    /// CRITICAL when the forecast gives fewer days left than this
    #[arg(long, value_name = "DAYS", help_heading = "Thresholds")]
    pub days_critical: Option<u64>,

    /// Compare the balance alone, without the point
    #[arg(long, help_heading = "Thresholds")]
    pub cash_only: bool,

    #[command(flatten)]
    pub db: DbArg,
}

/// A threshold: `N` or `N:` (the monitoring-plugin range "outside N..∞", i.e. below N).
fn below(text: &str) -> Result<Money, String> {
    let number = text.strip_suffix(':').unwrap_or(text);
    if number.contains([':', '@', '~']) {
        return Err(
            "give the amount below which to alert: N or N: (other plugin ranges do not apply \
             to a balance)"
                .to_owned(),
        );
    }
    values::money(number)
}

#[cfg(test)]
mod tests {
    #[test]
    fn thresholds_are_alert_below() {
        assert_eq!(super::below("5000").unwrap(), 5000);
        assert_eq!(super::below("5000:").unwrap(), 5000);
        assert!(super::below("10:20").is_err());
        assert!(super::below("@10").is_err());
        assert!(super::listen_addr("localhost:1").is_err());
        assert!(super::listen_addr("[::1]:9787").is_ok());
    }
}
