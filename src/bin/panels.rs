//! The panels module: the planner imports it on first use (see `cipherplan_web::panels`).

fn main() {
    // As in the planner's main: the panic hook in debug builds only.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    cipherplan_web::panels::serve();
}
