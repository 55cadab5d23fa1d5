//! What an emulator starts with, and returns to on reset: a state file's content and the
//! demo data, when configured.
//! Kept apart from the state, which knows nothing of what fills it.

use crate::admin_error::AdminError;
use crate::state::Shared;

/// Fills a new or cleared state as its configuration says.
pub(crate) fn seed(state: &Shared) -> Result<(), AdminError> {
    if let Some(file) = &state.config.state {
        crate::state_file::apply(state, file)?;
    }
    if state.config.demo {
        crate::demo::seed(state, state.config.generate)?;
    }
    Ok(())
}
