//! Registering and removing the bank account (`POST`/`DELETE /cash/v1/bank/accounts`) through
//! both clients over HTTP: the number masked in every answer and every `Debug`, `{"n": 1}`
//! then `0`, a lost answer never repeated, and the second factor.

use solapi_cash_core::endpoint::AddBankAccount;
use solapi_cash_core::{ErrorKind, Operation, Outcome};
use solapi_cash_emulator::{EmulatorConfig, FaultAction, FaultSpec, Route};
use solapi_cash_types::models::{BankAccountInfo, BankAccountNumber, MfaData, NewBankAccount};

use crate::{CashClient, Fixture};

const NUMBER: &str = "110-234-567890";
const DIGITS: &str = "110234567890";

fn account() -> NewBankAccount {
    NewBankAccount::new(BankAccountNumber::parse(NUMBER).unwrap(), "088", "홍길동").unwrap()
}

pub fn bank_accounts_are_added_read_and_removed<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    let added = client.add_bank_account(&account()).unwrap();
    assert_eq!(added.success, Some(true));
    assert_eq!(added.masked_number().as_deref(), Some("********7890"));
    let shown = client.bank_account().unwrap();
    assert_eq!(shown.account_number.as_deref(), Some("********7890"));
    assert_eq!(shown.bank_code.as_deref(), Some("088"));
    assert_eq!(shown.holder_name.as_deref(), Some("홍길동"));
    for text in [
        format!("{added:?} {shown:?}"),
        format!("{:?} {:?}", account(), AddBankAccount::new(account())),
    ] {
        assert!(!text.contains(DIGITS) && !text.contains(NUMBER), "{text}");
    }

    assert_eq!(client.remove_bank_account().unwrap().n, Some(1));
    assert_eq!(client.bank_account().unwrap(), BankAccountInfo::new());
    assert_eq!(client.remove_bank_account().unwrap().n, Some(0));

    // A registration's answer lost after it was made: never repeated, and nothing in the
    // error holds the number.
    f.admin.inject_fault(FaultSpec::new(
        Route::from(Operation::AddBankAccount),
        FaultAction::DropAfterCommit,
    ));
    let lost = client.add_bank_account(&account()).unwrap_err();
    assert_eq!(lost.outcome(), Outcome::Unknown, "{lost}");
    assert_eq!(f.requests_to(Operation::AddBankAccount), 2);
    let text = format!("{lost} {lost:?}");
    assert!(!text.contains(DIGITS), "{text}");
    f.admin.clear_faults();
    // Read back: it was applied.
    let shown = client.bank_account().unwrap();
    assert_eq!(shown.masked_number().as_deref(), Some("********7890"));
    f.admin.inject_fault(FaultSpec::new(
        Route::from(Operation::RemoveBankAccount),
        FaultAction::DropAfterCommit,
    ));
    let lost = client.remove_bank_account().unwrap_err();
    assert_eq!(lost.outcome(), Outcome::Unknown, "{lost}");
    assert_eq!(f.requests_to(Operation::RemoveBankAccount), 3);
    f.admin.clear_faults();
    assert_eq!(client.bank_account().unwrap(), BankAccountInfo::new());
}

pub fn bank_account_writes_need_the_second_factor<C: CashClient>() {
    let f = Fixture::with(EmulatorConfig::default().rate_limit(None), 0, true);
    let client = f.client::<C>();
    let challenge = client.add_bank_account(&account()).unwrap_err();
    assert_eq!(challenge.kind(), ErrorKind::MfaRequired, "{challenge}");
    assert_eq!(challenge.outcome(), Outcome::NotApplied);
    assert_eq!(client.bank_account().unwrap(), BankAccountInfo::new());
    let transaction = challenge.mfa_transaction_id().unwrap().to_owned();
    let code = f.admin.last_mail(&f.account_id).unwrap().code;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = client
        .add_bank_account_with_mfa(&account(), &MfaData::email(&transaction, wrong))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MfaRejected, "{err}");
    client
        .add_bank_account_with_mfa(&account(), &MfaData::email(&transaction, &code))
        .unwrap();
    assert_eq!(
        client.bank_account().unwrap().bank_code.as_deref(),
        Some("088")
    );

    let challenge = client.remove_bank_account().unwrap_err();
    assert_eq!(challenge.kind(), ErrorKind::MfaRequired, "{challenge}");
    let transaction = challenge.mfa_transaction_id().unwrap().to_owned();
    let code = f.admin.last_mail(&f.account_id).unwrap().code;
    let removed = client
        .remove_bank_account_with_mfa(&MfaData::email(&transaction, &code))
        .unwrap();
    assert_eq!(removed.n, Some(1));
}
