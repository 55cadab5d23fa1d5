//! `config set | unset | show | list | path`.

use std::io::Write;

use serde::Serialize;
use solapi_cash_core::BaseUrl;

use crate::args::{ConfigCommand, Field, Format};
use crate::config_file;
use crate::context::Context;
use crate::failure::Failure;
use crate::output::{Cell, Col, Field as Column, Record, Row, RowWriter, write_record};
use crate::prompt;
use crate::settings::{DEFAULT_PROFILE, Needs, ReadFile, Source, edit_profile};

/// How secrets are shown.
const MASK: &str = "********";

pub(crate) fn run(ctx: &mut Context<'_>, command: &ConfigCommand) -> Result<(), Failure> {
    match command {
        ConfigCommand::Set(args) => set(ctx, args.field, args.value.as_deref()),
        ConfigCommand::Unset(args) => unset(ctx, args.field),
        ConfigCommand::Show => show(ctx),
        ConfigCommand::List => list(ctx),
        ConfigCommand::Path => path(ctx),
    }
}

/// The profile named by `--profile` / `SOLAPI_PROFILE`, or `default`.
fn selected_profile(ctx: &Context<'_>) -> Result<String, Failure> {
    match ctx.global.profile.as_deref().filter(|p| !p.is_empty()) {
        Some(name) => crate::values::profile_name(name)
            .map_err(|e| Failure::usage(format!("invalid profile name `{name}`: {e}"))),
        None => Ok(DEFAULT_PROFILE.to_owned()),
    }
}

fn set(ctx: &mut Context<'_>, field: Field, value: Option<&str>) -> Result<(), Failure> {
    let profile = selected_profile(ctx)?;
    let value = match value {
        Some(v) => {
            if field.is_secret() {
                ctx.msg.warn(
                    "a secret on the command line can be seen by other users (ps) and stays in \
                     the shell's history; leave VALUE out to read it from standard input",
                );
            }
            v.trim().to_owned()
        }
        None => prompt::read_secret(field.key())?,
    };
    if value.is_empty() {
        return Err(Failure::usage(format!("{} must not be empty", field.key())));
    }
    match field {
        Field::BaseUrl => {
            BaseUrl::parse(&value).map_err(|e| Failure::usage(e.to_string()))?;
        }
        Field::Tz => {
            crate::zone::Zone::parse(&value).map_err(Failure::usage)?;
        }
        _ => {}
    }
    let path = edit_profile(&profile, false, |p| p.set(field, Some(value)))?;
    ctx.msg.note(&format!(
        "saved {} in profile `{profile}` of {}",
        field.key(),
        path.display()
    ));
    Ok(())
}

fn unset(ctx: &mut Context<'_>, field: Field) -> Result<(), Failure> {
    let profile = selected_profile(ctx)?;
    edit_profile(&profile, true, |p| p.set(field, None))?;
    ctx.msg
        .note(&format!("removed {} from profile `{profile}`", field.key()));
    Ok(())
}

/// A setting in effect, for `config show`.
#[derive(Serialize)]
struct ShowRow {
    setting: &'static str,
    value: Option<String>,
    source: Option<String>,
}

impl Row for ShowRow {
    const TABLE: &'static [Col] = &[Col::left("setting"), Col::left("value"), Col::left("from")];
    const FIELDS: &'static [Column] = &[
        Column::of("setting"),
        Column::of("value"),
        Column::of("source"),
    ];
    const SHEET: &'static str = "settings";

    fn table_cells(&self) -> Vec<Cell> {
        vec![
            Cell::Text(self.setting.to_owned()),
            Cell::opt(self.value.as_deref()),
            Cell::opt(self.source.as_deref()),
        ]
    }

    fn field_cells(&self) -> Vec<Cell> {
        self.table_cells()
    }
}

fn show(ctx: &mut Context<'_>) -> Result<(), Failure> {
    let settings = ctx.settings_with(ReadFile::Always, Needs::default())?;
    let row = |setting, value: Option<String>, source: Option<&Source>| ShowRow {
        setting,
        value,
        source: source.map(ToString::to_string),
    };
    let credentials = match settings.credentials() {
        Ok(solapi_cash_blocking::Credentials::ApiKey { .. }) => Some("api-key".to_owned()),
        Ok(_) => Some("access-token".to_owned()),
        Err(_) => None,
    };
    let profile_note = if settings.profile_found {
        ""
    } else {
        " (not in the file)"
    };
    let rows = [
        row(
            "profile",
            Some(format!("{}{profile_note}", settings.profile.value)),
            Some(&settings.profile.source),
        ),
        row(
            "config_file",
            settings
                .config_path
                .as_ref()
                .map(|p| p.display().to_string()),
            None,
        ),
        row(
            "api_key",
            settings.api_key.as_ref().map(|s| s.value.clone()),
            settings.api_key.as_ref().map(|s| &s.source),
        ),
        row(
            "api_secret",
            settings.api_secret.as_ref().map(|_| MASK.to_owned()),
            settings.api_secret.as_ref().map(|s| &s.source),
        ),
        row(
            "access_token",
            settings.access_token.as_ref().map(|_| MASK.to_owned()),
            settings.access_token.as_ref().map(|s| &s.source),
        ),
        row(
            "base_url",
            Some(settings.base_url.value.clone()),
            Some(&settings.base_url.source),
        ),
        row(
            "tz",
            Some(settings.tz.value.to_string()),
            Some(&settings.tz.source),
        ),
        row(
            "payment_id",
            settings.payment_id.as_ref().map(|s| s.value.clone()),
            settings.payment_id.as_ref().map(|s| &s.source),
        ),
        row("credentials", credentials, None),
    ];
    write_rows(ctx, rows)
}

/// A profile, for `config list`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListRow {
    name: String,
    active: bool,
    credentials: Option<&'static str>,
    api_key: Option<String>,
    base_url: Option<String>,
}

impl Row for ListRow {
    const TABLE: &'static [Col] = &[
        Col::left(""),
        Col::left("profile"),
        Col::left("credentials"),
        Col::left("api key"),
        Col::left("base url"),
    ];
    const FIELDS: &'static [Column] = &[
        Column::of("name"),
        Column::of("active"),
        Column::of("credentials"),
        Column::of("apiKey"),
        Column::of("baseUrl"),
    ];
    const SHEET: &'static str = "profiles";

    fn table_cells(&self) -> Vec<Cell> {
        vec![
            Cell::Text(if self.active { "*" } else { "" }.to_owned()),
            Cell::Text(self.name.clone()),
            Cell::opt(self.credentials),
            Cell::opt(self.api_key.as_deref()),
            Cell::opt(self.base_url.as_deref()),
        ]
    }

    fn field_cells(&self) -> Vec<Cell> {
        vec![
            Cell::Text(self.name.clone()),
            Cell::Text(self.active.to_string()),
            Cell::opt(self.credentials),
            Cell::opt(self.api_key.as_deref()),
            Cell::opt(self.base_url.as_deref()),
        ]
    }
}

fn list(ctx: &mut Context<'_>) -> Result<(), Failure> {
    let active = selected_profile(ctx)?;
    let path = config_file::path()?;
    let Some(file) = config_file::load(&path)? else {
        if ctx.out.format == Format::Table {
            ctx.msg
                .note(&format!("no config file at {}", path.display()));
        }
        return write_rows::<ListRow>(ctx, []);
    };
    let rows = file.profiles.into_iter().map(|(name, p)| {
        let credentials = match (
            p.get(Field::ApiKey),
            p.get(Field::ApiSecret),
            p.get(Field::AccessToken),
        ) {
            (Some(_), Some(_), _) => Some("api-key"),
            (None, None, Some(_)) => Some("access-token"),
            (Some(_), None, _) => Some("api-key (no secret)"),
            (None, Some(_), _) => Some("api-secret (no key)"),
            (None, None, None) => None,
        };
        ListRow {
            active: name == active,
            credentials,
            api_key: p.get(Field::ApiKey).map(str::to_owned),
            base_url: p.get(Field::BaseUrl).map(str::to_owned),
            name,
        }
    });
    write_rows(ctx, rows)
}

/// The config file's path, for `config path -o json|csv|xlsx`.
#[derive(Serialize)]
struct PathRecord {
    path: String,
}

impl Record for PathRecord {
    const SHEET: &'static str = "config";

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        vec![("path", "path", Cell::Text(self.path.clone()))]
    }
}

fn path(ctx: &mut Context<'_>) -> Result<(), Failure> {
    let path = config_file::path()?.display().to_string();
    match ctx.out.format {
        Format::Table => writeln!(ctx.out, "{path}")?,
        Format::Ndjson => {
            crate::output::write_json(&mut ctx.out, &PathRecord { path })?;
            writeln!(ctx.out)?;
        }
        _ => write_record(&mut ctx.out, &PathRecord { path })?,
    }
    ctx.out.flush()?;
    Ok(())
}

fn write_rows<R: Row>(
    ctx: &mut Context<'_>,
    rows: impl IntoIterator<Item = R>,
) -> Result<(), Failure> {
    let mut writer = RowWriter::start(&mut ctx.out)?;
    for row in rows {
        writer.write(&mut ctx.out, &row)?;
    }
    writer.finish(&mut ctx.out)?;
    Ok(())
}
