//! `cargo xtask bench` (written once the CLI and both clients are final).

pub fn run(_quick: bool) -> Result<(), String> {
    Err("bench: not available yet".into())
}
