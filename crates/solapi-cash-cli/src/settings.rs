//! [`Settings`]: credentials, base URL, time zone and payment method, merged field by field
//! from the command line, the environment and the profile — in that order of precedence.

use std::fmt;
use std::path::PathBuf;

use solapi_cash_blocking::{Credentials, Secret};
use solapi_cash_core::BaseUrl;

use crate::args::{Field, GlobalArgs};
use crate::config_file::{self, Profile};
use crate::failure::Failure;
use crate::zone::Zone;

/// The environment variable of the payment method (also read by clap for `recharge`).
pub(crate) const PAYMENT_ID_ENV: &str = "SOLAPI_PAYMENT_ID";

/// The profile used when none is named.
pub(crate) const DEFAULT_PROFILE: &str = "default";

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A command-line flag.
    Flag(&'static str),
    /// `--api-secret-stdin`.
    Stdin,
    /// An environment variable.
    Env(&'static str),
    /// The selected profile of the config file.
    Profile(String),
    /// The built-in default.
    Default,
}

impl Source {
    /// Higher wins: flags, then the environment, then the profile.
    fn rank(&self) -> u8 {
        match self {
            Source::Flag(_) | Source::Stdin => 3,
            Source::Env(_) => 2,
            Source::Profile(_) => 1,
            Source::Default => 0,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Stdin => f.write_str("standard input (--api-secret-stdin)"),
            Source::Env(name) => write!(f, "environment {name}"),
            Source::Profile(name) => write!(f, "profile {name}"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub(crate) struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// What the command line says about each global setting: its value and whether clap took it
/// from the environment rather than a flag.
#[derive(Debug)]
pub(crate) struct Layers<'a> {
    pub args: &'a GlobalArgs,
    /// Ids of the arguments whose value came from the environment.
    pub from_env: Vec<&'static str>,
}

impl Layers<'_> {
    /// The non-empty value of an argument, with its source.
    fn get(
        &self,
        id: &'static str,
        flag: &'static str,
        env: &'static str,
    ) -> Option<Setting<String>> {
        let value = match id {
            "api_key" => self.args.api_key.as_ref(),
            "api_secret" => self.args.api_secret.as_ref(),
            "access_token" => self.args.access_token.as_ref(),
            "base_url" => self.args.base_url.as_ref(),
            _ => self.args.profile.as_ref(),
        }?;
        if value.is_empty() {
            return None;
        }
        let source = if self.from_env.contains(&id) {
            Source::Env(env)
        } else {
            Source::Flag(flag)
        };
        Some(Setting {
            value: value.clone(),
            source,
        })
    }
}

impl Layers<'_> {
    /// `--tz` or `SOLAPI_TZ`, else the default (which the profile may replace).
    fn tz(&self) -> Setting<Zone> {
        match &self.args.tz {
            Some(zone) => Setting {
                value: zone.clone(),
                source: if self.from_env.contains(&"tz") {
                    Source::Env("SOLAPI_TZ")
                } else {
                    Source::Flag("--tz")
                },
            },
            None => Setting {
                value: Zone::default_zone(),
                source: Source::Default,
            },
        }
    }
}

/// The settings in effect.
#[derive(Debug)]
pub(crate) struct Settings {
    /// The selected profile's name.
    pub profile: Setting<String>,
    /// The config file's path (whether or not it exists); `None` when it was not needed
    /// and so not looked for.
    pub config_path: Option<PathBuf>,
    /// Whether the profile exists in the file.
    pub profile_found: bool,
    /// The API key.
    pub api_key: Option<Setting<String>>,
    /// The API secret.
    pub api_secret: Option<Setting<Secret>>,
    /// The access token.
    pub access_token: Option<Setting<Secret>>,
    /// The base URL.
    pub base_url: Setting<String>,
    /// The time zone of dates.
    pub tz: Setting<Zone>,
    /// The payment method of `recharge` when none is given on its command line.
    pub payment_id: Option<Setting<String>>,
}

/// What a command uses besides the connection: the profile is read for these when flags and
/// environment do not give them (when it can be found: without a home directory or a file,
/// the defaults apply).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Needs {
    /// Dates are shown or read.
    pub tz: bool,
    /// A recharge without --payment-id (or SOLAPI_PAYMENT_ID).
    pub payment_id: bool,
}

/// When the config file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadFile {
    /// Only when a profile is named or a setting is missing: flags and environment can
    /// give everything, and then no home directory (or file) is needed.
    IfNeeded,
    /// Always (`config show` shows the profile too).
    Always,
}

impl Settings {
    /// Merges the layers with the config file. `stdin_secret` reads the secret when
    /// `--api-secret-stdin` is given.
    pub(crate) fn resolve(
        layers: &Layers<'_>,
        read: ReadFile,
        needs: Needs,
        stdin_secret: impl FnOnce() -> Result<String, Failure>,
    ) -> Result<Settings, Failure> {
        let (profile, explicit) = match layers.get("profile", "--profile", "SOLAPI_PROFILE") {
            Some(p) => {
                crate::values::profile_name(&p.value).map_err(|e| {
                    Failure::usage(format!(
                        "invalid profile name `{}` ({}): {e}",
                        p.value, p.source
                    ))
                })?;
                (p, true)
            }
            None => (
                Setting {
                    value: DEFAULT_PROFILE.to_owned(),
                    source: Source::Default,
                },
                false,
            ),
        };

        let mut api_secret = layers.get("api_secret", "--api-secret", "SOLAPI_API_SECRET");
        if layers.args.api_secret_stdin {
            if matches!(
                api_secret,
                Some(Setting {
                    source: Source::Flag(_),
                    ..
                })
            ) {
                return Err(Failure::usage(
                    "--api-secret and --api-secret-stdin cannot be used together",
                ));
            }
            api_secret = Some(Setting {
                value: stdin_secret()?,
                source: Source::Stdin,
            });
        }
        let secret = |s: Setting<String>| Setting {
            value: Secret::new(s.value),
            source: s.source,
        };
        let base_url = layers.get("base_url", "--base-url", "SOLAPI_BASE_URL");
        let base_url_given = base_url.is_some();
        let mut settings = Settings {
            api_key: layers.get("api_key", "--api-key", "SOLAPI_API_KEY"),
            api_secret: api_secret.map(secret),
            access_token: layers
                .get("access_token", "--access-token", "SOLAPI_ACCESS_TOKEN")
                .map(secret),
            base_url: base_url.unwrap_or(Setting {
                value: BaseUrl::DEFAULT.to_owned(),
                source: Source::Default,
            }),
            profile,
            config_path: None,
            profile_found: false,
            tz: layers.tz(),
            payment_id: std::env::var(PAYMENT_ID_ENV)
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .map(|value| Setting {
                    value,
                    source: Source::Env(PAYMENT_ID_ENV),
                }),
        };
        // The profile ranks below flags and environment, so when they already give working
        // credentials and the base URL, nothing in it could change the outcome.
        let complete = base_url_given && settings.credentials().is_ok();
        let extras = (needs.tz && settings.tz.source == Source::Default)
            || (needs.payment_id && settings.payment_id.is_none());
        let optional = read == ReadFile::IfNeeded && !explicit && complete;
        if optional && !extras {
            return Ok(settings);
        }

        let config_path = match config_file::path() {
            Ok(path) => path,
            // Only a default was wanted from the file, and there is no file to ask.
            Err(_) if optional => return Ok(settings),
            Err(e) => return Err(e),
        };
        let file = config_file::load(&config_path)?.unwrap_or_default();
        let stored = file.profiles.get(&settings.profile.value).cloned();
        if explicit && stored.is_none() {
            let name = &settings.profile.value;
            return Err(Failure::usage(format!(
                "profile `{name}` ({}) is not in {}",
                settings.profile.source,
                config_path.display()
            ))
            .hint(format!(
                "create it with `solapi-cash --profile {name} config set api-key <KEY>`, or see `solapi-cash config list`"
            )));
        }
        settings.profile_found = stored.is_some();
        settings.config_path = Some(config_path);
        let stored = stored.unwrap_or_default();
        let from_profile = |field: Field| {
            stored.get(field).map(|v| Setting {
                value: v.to_owned(),
                source: Source::Profile(settings.profile.value.clone()),
            })
        };
        let api_key = from_profile(Field::ApiKey);
        let api_secret = from_profile(Field::ApiSecret).map(secret);
        let access_token = from_profile(Field::AccessToken).map(secret);
        let base_url = from_profile(Field::BaseUrl).filter(|_| !base_url_given);
        settings.api_key = settings.api_key.or(api_key);
        settings.api_secret = settings.api_secret.or(api_secret);
        settings.access_token = settings.access_token.or(access_token);
        if let Some(base_url) = base_url {
            settings.base_url = base_url;
        }
        if settings.tz.source == Source::Default
            && let Some(tz) = from_profile(Field::Tz)
        {
            let value = Zone::parse(&tz.value).map_err(|e| {
                Failure::usage(format!("invalid tz in {}: {e}", tz.source))
                    .hint("fix it with `solapi-cash config set tz Asia/Seoul`")
            })?;
            settings.tz = Setting {
                value,
                source: tz.source,
            };
        }
        settings.payment_id = settings
            .payment_id
            .or_else(|| from_profile(Field::PaymentId));
        Ok(settings)
    }

    /// The credentials: an API key and secret, or a token — whichever was given at the
    /// higher level (an API key wins a tie, as in `Credentials::from_env`).
    pub(crate) fn credentials(&self) -> Result<Credentials, Failure> {
        let rank = |s: Option<&Source>| s.map_or(0, Source::rank);
        let key_rank = rank(self.api_key.as_ref().map(|s| &s.source))
            .max(rank(self.api_secret.as_ref().map(|s| &s.source)));
        let token_rank = rank(self.access_token.as_ref().map(|s| &s.source));
        if key_rank == 0 && token_rank == 0 {
            return Err(Failure::usage("no credentials").hint(
                "set SOLAPI_API_KEY and SOLAPI_API_SECRET (or SOLAPI_ACCESS_TOKEN), pass --api-key \
                 with --api-secret-stdin, or store them: `solapi-cash config set api-key <KEY>` and \
                 `solapi-cash config set api-secret` (reads standard input)",
            ));
        }
        if let Some(token) = self.access_token.as_ref().filter(|_| key_rank < token_rank) {
            return Ok(Credentials::bearer(token.value.clone()));
        }
        match (&self.api_key, &self.api_secret) {
            (Some(key), Some(secret)) => Ok(Credentials::api_key(key.value.clone(), secret.value.clone())),
            (Some(key), None) => Err(Failure::usage(format!(
                "an API key was given ({}) but no API secret",
                key.source
            ))
            .hint("set SOLAPI_API_SECRET, pass --api-secret-stdin, or `solapi-cash config set api-secret`")),
            (None, Some(secret)) => Err(Failure::usage(format!(
                "an API secret was given ({}) but no API key",
                secret.source
            ))
            .hint("set SOLAPI_API_KEY, pass --api-key, or `solapi-cash config set api-key <KEY>`")),
            (None, None) => Err(Failure::usage("no credentials")),
        }
    }

    /// Where the credentials in use came from, for hints (never their values).
    pub(crate) fn source_of(&self, field: Field) -> Option<&Source> {
        match field {
            Field::ApiKey => self.api_key.as_ref().map(|s| &s.source),
            Field::ApiSecret => self.api_secret.as_ref().map(|s| &s.source),
            Field::AccessToken => self.access_token.as_ref().map(|s| &s.source),
            Field::BaseUrl => Some(&self.base_url.source),
            Field::Tz => Some(&self.tz.source),
            Field::PaymentId => self.payment_id.as_ref().map(|s| &s.source),
        }
    }
}

/// Reads and updates the config file for `config set` / `config unset`, under the file's
/// lock. `must_exist` refuses (and writes nothing) when the profile is not in the file.
pub(crate) fn edit_profile(
    profile: &str,
    must_exist: bool,
    edit: impl FnOnce(&mut Profile),
) -> Result<PathBuf, Failure> {
    let path = config_file::path()?;
    let missing = || Failure::usage(format!("profile `{profile}` is not in {}", path.display()));
    let found = |file: &config_file::ConfigFile| file.profiles.contains_key(profile);
    // Refused before the lock file (or the directory) is created; checked again under it.
    if must_exist && !config_file::load(&path)?.is_some_and(|file| found(&file)) {
        return Err(missing());
    }
    config_file::update(&path, |file| {
        if must_exist && !found(file) {
            return Err(missing());
        }
        edit(file.profiles.entry(profile.to_owned()).or_default());
        Ok(())
    })?;
    Ok(path)
}
