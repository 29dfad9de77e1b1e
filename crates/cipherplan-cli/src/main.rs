//! The `cipherplan` command.
fn main() {}
