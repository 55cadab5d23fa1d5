//! Changing the past, for tests of programs that keep a copy of the history (the ledger's
//! sync and audit): an entry removed leaves a gap in the chain; an entry revised keeps its
//! id and amounts with another memo, as a service that corrects a description would send it.

use super::{Entry, HistoryId, Ledger};

impl Ledger {
    /// Removes the entry with this id; the entries around it no longer chain (unless it
    /// changed nothing). Balance and point stay as they are.
    pub(crate) fn remove(&mut self, id: HistoryId) -> Option<Entry> {
        let at = self.entries.iter().position(|e| e.id == id)?;
        Some(self.entries.remove(at))
    }

    /// Sets the memo of the entry with this id.
    pub(crate) fn revise_memo(&mut self, id: HistoryId, memo: Option<String>) -> Option<&Entry> {
        let entry = self.entries.iter_mut().find(|e| e.id == id)?;
        entry.memo = memo.map(String::into_boxed_str);
        Some(entry)
    }
}
