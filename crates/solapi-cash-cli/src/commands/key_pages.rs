//! The printing of a list paged by key (`recharge history`, `withdraw list`): one page (json
//! as sent, a note naming the next key) or every page through the core's [`StartKeyPager`],
//! in every output format.

use std::fmt::Display;
use std::io::Write;

use serde::Serialize;
use solapi_cash_blocking::{Error, KeyedQuery, StartKeyPager};
use time::OffsetDateTime;

use crate::args::{Format, KeyPageArgs};
use crate::context::Context;
use crate::dates::When;
use crate::failure::Failure;
use crate::output::{Row, RowWriter, write_json_pretty};
use crate::zone::Zone;

/// The `--since` and `--until` of a list, each placed at its start in `zone` (the relative
/// forms from now); a bound that cannot be placed is a usage error naming its flag.
pub(crate) fn span(
    since: Option<&When>,
    until: Option<&When>,
    zone: &Zone,
) -> Result<(Option<OffsetDateTime>, Option<OffsetDateTime>), Failure> {
    let now = OffsetDateTime::now_utc();
    let place = |flag: &str, when: Option<&When>| {
        when.map(|w| w.start(zone, now))
            .transpose()
            .map_err(|e| Failure::usage(format!("invalid --{flag}: {e}")))
    };
    Ok((place("since", since)?, place("until", until)?))
}

/// A query checked by its `build`: a refusal is a usage error, and nothing was sent.
pub(crate) fn checked<Q, E: Display>(built: Result<Q, E>) -> Result<Q, Failure> {
    built.map_err(|e| Failure::usage(format!("{e}: nothing was sent")))
}

/// A page of a key-paged list: its rows and the next page's key.
pub(crate) trait KeyPage: Serialize {
    /// One entry of the list, as printed.
    type Row: Row;
    /// The rows, in the order sent, and the next key (`None`: the last page).
    fn into_rows(self) -> (Vec<Self::Row>, Option<String>);
}

/// Prints the page `query` selects, or every page from it with `--all`. `what` names the
/// entries in the note of an empty table ("no recharges").
pub(crate) fn print<Q: KeyedQuery, P: KeyPage>(
    ctx: &mut Context<'_>,
    args: &KeyPageArgs,
    query: Q,
    what: &str,
    mut fetch: impl FnMut(&Q) -> Result<P, Error>,
    fail: impl Fn(&Error) -> Failure,
) -> Result<(), Failure> {
    if !args.all {
        let page = fetch(&query).map_err(|e| fail(&e))?;
        let next = if ctx.out.format == Format::Json {
            // The answer as sent: the envelope's own fields are kept too.
            write_json_pretty(&mut ctx.out, &page)?;
            ctx.out.write_all(b"\n")?;
            ctx.out.flush()?;
            page.into_rows().1
        } else {
            let (rows, next) = page.into_rows();
            write_rows(ctx, [rows], what)?;
            next
        };
        if let Some(key) = next {
            ctx.msg.note(&format!(
                "there is more: --start-key {key} for the next page, or --all for every page"
            ));
        }
        return Ok(());
    }

    let mut pager = StartKeyPager::new(query, args.max_pages);
    let mut writer = RowWriter::start(&mut ctx.out)?;
    while let Some(q) = pager.next_query() {
        let (rows, next) = fetch(&q).map_err(|e| fail(&e))?.into_rows();
        for row in rows {
            writer.write(&mut ctx.out, &row)?;
        }
        pager.deliver(next.as_deref()).map_err(|e| fail(&e))?;
    }
    if writer.finish(&mut ctx.out)? == 0 && ctx.out.format == Format::Table {
        ctx.msg.note(&format!("no {what}"));
    }
    Ok(())
}

fn write_rows<R: Row>(
    ctx: &mut Context<'_>,
    pages: impl IntoIterator<Item = Vec<R>>,
    what: &str,
) -> Result<(), Failure> {
    let mut writer = RowWriter::start(&mut ctx.out)?;
    for row in pages.into_iter().flatten() {
        writer.write(&mut ctx.out, &row)?;
    }
    if writer.finish(&mut ctx.out)? == 0 && ctx.out.format == Format::Table {
        ctx.msg.note(&format!("no {what}"));
    }
    Ok(())
}
