//! The journal commands: inputs cut into record texts, decoded on every core, and what
//! each command makes of the records.

pub mod export;
pub mod filter;
pub mod input;
pub mod output;
pub mod partition;
pub mod pipeline;
pub mod problems;
pub mod record_text;
pub mod stats;
pub mod tally;
pub mod timeline;
pub mod timestamp;
