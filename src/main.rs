//! Browser entry point: only mounts the app.

fn main() {
    // The benchmark splits navigation -> rendered at this mark (download and compile before,
    // the app's own start after).
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("cp-start");
    }
    // Panic messages in the console while developing; release builds leave the hook out to
    // keep the download small (a panic there still stops with a console error).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(cipherplan_web::App);
}
