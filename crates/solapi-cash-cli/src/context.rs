//! [`Context`]: what every command works with — the global flags, standard output, standard
//! error, and (on demand) the settings and the client.

use std::time::Duration;

use solapi_cash_blocking::{Client, Concurrency, RetryPolicy};

use crate::api_error;
use crate::args::GlobalArgs;
use crate::failure::Failure;
use crate::output::Out;
use crate::prompt;
use crate::report::Messages;
use crate::settings::{Layers, Needs, ReadFile, Settings};

/// The state of one run.
#[derive(Debug)]
pub(crate) struct Context<'a> {
    /// The global flags.
    pub global: &'a GlobalArgs,
    /// The flags and where clap found them.
    pub layers: Layers<'a>,
    /// Standard output.
    pub out: Out,
    /// Standard error.
    pub msg: Messages,
}

impl Context<'_> {
    /// The settings in effect (reads the config file when flags and environment do not give
    /// them all, and the secret from standard input with `--api-secret-stdin`).
    pub(crate) fn settings(&self) -> Result<Settings, Failure> {
        self.settings_with(ReadFile::IfNeeded, Needs::default())
    }

    /// The settings in effect for a command that shows or reads dates: the time zone is
    /// also taken into the output.
    pub(crate) fn settings_with_dates(&mut self) -> Result<Settings, Failure> {
        let settings = self.settings_with(
            ReadFile::IfNeeded,
            Needs {
                tz: true,
                ..Needs::default()
            },
        )?;
        self.out.zone = settings.tz.value.clone();
        Ok(settings)
    }

    /// The settings in effect, reading the config file as `read` says and for what the
    /// command `needs`.
    pub(crate) fn settings_with(&self, read: ReadFile, needs: Needs) -> Result<Settings, Failure> {
        Settings::resolve(&self.layers, read, needs, || {
            prompt::read_secret("API secret")
        })
    }

    /// A client for the settings.
    pub(crate) fn client(&self, settings: &Settings) -> Result<Client, Failure> {
        self.export_client(settings, Concurrency::adaptive())
    }

    /// A client for the settings whose exports keep `concurrency` pages in flight.
    pub(crate) fn export_client(
        &self,
        settings: &Settings,
        concurrency: Concurrency,
    ) -> Result<Client, Failure> {
        let credentials = settings.credentials()?;
        // Checked here, in the user's terms: the builder's error names no flag.
        let base_url = &settings.base_url;
        if let Err(e) = solapi_cash_core::BaseUrl::parse(&base_url.value) {
            return Err(Failure::usage(format!("{e} (from {})", base_url.source))
            .hint("give the service's address, such as https://api.solapi.com or the emulator's http://127.0.0.1:PORT"));
        }
        Client::builder()
            .base_url(settings.base_url.value.clone())
            .credentials(credentials)
            .timeout(Duration::from_secs(self.global.timeout))
            .retry(
                RetryPolicy::default()
                    .with_max_attempts(self.global.retries.saturating_add(1))
                    .with_deadline(Some(Duration::from_secs(self.global.deadline))),
            )
            .max_rate_limit_wait(Duration::from_secs(self.global.max_rate_limit_wait))
            .maybe_export_concurrency(concurrency.fixed_at())
            .build()
            .map_err(|e| api_error::failure(&e, settings, None))
    }
}
