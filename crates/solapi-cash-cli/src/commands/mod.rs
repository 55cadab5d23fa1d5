//! One file per command: each turns its flags into a client call and its answer into output.

mod alert;
mod auto_recharge;
mod balance;
mod balance_forecast;
mod balance_words;
mod bank_account;
mod bank_account_write;
mod card_entry;
mod check;
mod completions;
mod config;
mod confirm;
mod exporter;
mod history;
mod history_rows;
mod key_pages;
mod ledger;
mod money_call;
mod outlook;
mod payment;
mod receipt;
mod recharge;
mod recharge_history;
mod recharge_status;
pub(crate) mod second_factor;
mod spill;
mod summary;
mod sync;
mod transfer;
mod verdict;
mod watch_ledger;
mod withdraw;
mod withdraw_create;

pub(crate) use check::usage_error as check_usage_error;

use crate::args::BankAccountCommand;
use crate::args::{Command, HistorySubcommand, RechargeSubcommand, WithdrawCommand};
use crate::context::Context;
use crate::failure::Failure;
use crate::ledger_args::LedgerCommand;

/// What `command` moves, when it is a call that moves money (`recharge`, `transfer`,
/// `withdraw`): its success means the money moved.
pub(crate) fn moved_by(command: &Command) -> Option<verdict::Moved> {
    match command {
        Command::Recharge(recharge) if recharge.status.is_none() => Some(verdict::RECHARGE),
        Command::Transfer(_) => Some(verdict::TRANSFER),
        Command::Withdraw(top) if top.read.is_none() => Some(verdict::WITHDRAWAL),
        _ => None,
    }
}

/// Runs the command.
pub(crate) fn dispatch(ctx: &mut Context<'_>, command: &Command) -> Result<(), Failure> {
    match command {
        Command::Balance(args) => balance::run(ctx, args),
        Command::Recharge(recharge) => match &recharge.status {
            Some(RechargeSubcommand::Status(args)) => recharge_status::run(ctx, args),
            Some(RechargeSubcommand::History(args)) => recharge_history::run(ctx, args),
            None => recharge::run(ctx, &recharge.charge),
        },
        Command::Transfer(args) => transfer::run(ctx, args),
        Command::History(history) => match &history.summary {
            Some(HistorySubcommand::Summary(args)) => summary::run(ctx, args),
            None => history::run(ctx, &history.list),
        },
        Command::Sync(args) => sync::run(ctx, args),
        Command::Ledger(command) => match command.as_ref() {
            LedgerCommand::Audit(args) => ledger::audit(ctx, args),
            LedgerCommand::History(args) => ledger::history(ctx, args),
            LedgerCommand::Summary(args) => ledger::summary(ctx, args),
        },
        Command::Receipt(args) => receipt::run(ctx, args),
        Command::Withdraw(top) => match &top.read {
            Some(WithdrawCommand::List(args)) => withdraw::list(ctx, args),
            Some(WithdrawCommand::Show(args)) => withdraw::show(ctx, args),
            None => withdraw_create::run(ctx, &top.create),
        },
        Command::BankAccount(BankAccountCommand::Show) => bank_account::show(ctx),
        Command::BankAccount(BankAccountCommand::Add(args)) => bank_account_write::add(ctx, args),
        Command::BankAccount(BankAccountCommand::Remove(args)) => {
            bank_account_write::remove(ctx, args)
        }
        Command::Payment(command) => payment::run(ctx, command),
        Command::Alert(command) => alert::run(ctx, command),
        Command::AutoRecharge(command) => auto_recharge::run(ctx, command),
        Command::Exporter(args) => exporter::run(ctx, args),
        Command::Check(args) => check::run(ctx, args),
        Command::Config(command) => config::run(ctx, command),
        Command::Completions(args) => completions::run(ctx, args),
    }
}
