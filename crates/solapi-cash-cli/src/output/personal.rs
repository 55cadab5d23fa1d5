//! Bank account numbers in what the service sends: personal data, shown masked in every
//! output (issue 23, point 3). A model reads `accountNumber` only when it is a string; any
//! other form (a number, an array) lands in its kept fields as sent, and would be printed
//! whole: every kept field named like an account number is masked here too.

use solapi_cash_types::Extra;
use solapi_cash_types::models::mask_account_number;

/// The fewest digits that make a value a bank account number to mask (a number has 6 to 20,
/// `NewBankAccount`'s rule).
const NUMBER_DIGITS: usize = 6;

/// `number` fit to show: masked ([`mask_account_number`]: as sent when the service masked
/// it, else only its last four digits) when it holds a bank account's digits; as sent
/// otherwise — the documented withdrawal samples send an opaque token
/// (`"Hua5DumOn92+xQtRyHUGnw=="`), which shows no number and is data a program may need.
pub(crate) fn shown_account_number(number: &str) -> String {
    if number.chars().filter(char::is_ascii_digit).count() >= NUMBER_DIGITS {
        mask_account_number(number)
    } else {
        number.to_owned()
    }
}

/// Masks, in place, every kept field whose name holds `accountNumber` (any case:
/// `accountNumber`, `bankAccountNumber`) that holds a number's digits
/// ([`shown_account_number`]): a string by its text, any other JSON value by its JSON text,
/// masked as a string. `null`, and values without such digits, stay as sent.
pub(crate) fn mask_kept_account_numbers(extra: &mut Extra) {
    let named: Vec<(String, String)> = extra
        .iter()
        .filter(|(key, _)| key.to_ascii_lowercase().contains("accountnumber"))
        .filter(|(_, value)| value.get() != "null")
        .map(|(key, value)| {
            let text = serde_json::from_str::<String>(value.get())
                .unwrap_or_else(|_| value.get().to_owned());
            (key.to_owned(), text)
        })
        .filter(|(_, text)| shown_account_number(text) != *text)
        .map(|(key, text)| (key, shown_account_number(&text)))
        .collect();
    for (key, masked) in named {
        // A string always serializes; were it not to, the field goes rather than stays whole.
        match serde_json::value::to_raw_value(&masked) {
            Ok(raw) => extra.insert(key, raw),
            Err(_) => {
                extra.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use solapi_cash_types::models::BankAccountInfo;

    #[test]
    fn a_number_of_any_json_type_keeps_only_its_last_four_digits() {
        let mut b: BankAccountInfo = serde_json::from_str(
            r#"{"accountNumber":110234567890,"bankAccountNumber":["110-234-567891"],"memo":"x","AccountNumberOld":null}"#,
        )
        .unwrap();
        assert_eq!(b.account_number, None, "a number is not read as the field");
        mask_kept_account_numbers(&mut b.extra);
        let shown = serde_json::to_string(&b).unwrap();
        assert!(!shown.contains("110234567890"), "{shown}");
        assert!(!shown.contains("234-567891"), "{shown}");
        assert!(
            shown.contains(r#""accountNumber":"********7890""#),
            "{shown}"
        );
        assert!(
            shown.contains("7891") && shown.contains(r#""memo":"x""#),
            "{shown}"
        );
        assert!(shown.contains(r#""AccountNumberOld":null"#), "{shown}");
    }

    #[test]
    fn an_opaque_token_is_shown_as_sent() {
        const TOKEN: &str = "Hua5DumOn92+xQtRyHUGnw==";
        for (sent, shown) in [
            (TOKEN, TOKEN),
            ("110-234-567890", "**********7890"),
            ("******7890", "******7890"),
        ] {
            assert_eq!(shown_account_number(sent), shown, "{sent}");
        }
        let mut b: BankAccountInfo =
            serde_json::from_str(r#"{"accountNumber":["Hua5DumOn92+xQtRyHUGnw=="]}"#).unwrap();
        mask_kept_account_numbers(&mut b.extra);
        assert!(serde_json::to_string(&b).unwrap().contains("Hua5DumOn92"));
    }
}
