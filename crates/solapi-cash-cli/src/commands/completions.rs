//! `completions <shell>`.

use std::io::Write;

use crate::args::CompletionsArgs;
use crate::context::Context;
use crate::failure::Failure;

pub(crate) fn run(ctx: &mut Context<'_>, args: &CompletionsArgs) -> Result<(), Failure> {
    // Generated into memory first: clap_complete panics on a failed write, and a closed
    // pipe must end quietly.
    let mut script = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut crate::command(),
        "solapi-cash",
        &mut script,
    );
    ctx.out.write_all(&script)?;
    ctx.out.flush()?;
    Ok(())
}
