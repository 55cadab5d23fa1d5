//! The figures a run reports (requests sent, faults injected, inputs tried), printed to
//! standard error as `FIGURES <test> [<client>]: name=value ...` so that `docs/reliability.md`
//! can quote the last run (`cargo test -- --nocapture 2>&1 | grep FIGURES`).

/// The short name of a client type: `Blocking` or `Async`.
pub fn client_name<C>() -> &'static str {
    let full = std::any::type_name::<C>();
    full.rsplit("::").next().unwrap_or(full)
}

/// Prints one line of figures for `test`.
pub fn report(test: &str, client: &str, figures: &[(&str, u64)]) {
    let pairs: Vec<String> = figures.iter().map(|(k, v)| format!("{k}={v}")).collect();
    eprintln!("FIGURES {test} [{client}]: {}", pairs.join(" "));
}
