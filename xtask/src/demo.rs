//! `cargo xtask demo` (written once the CLI's script interface is final).

pub fn run() -> Result<(), String> {
    Err("demo: not available yet".into())
}
