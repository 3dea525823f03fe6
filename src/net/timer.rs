//! Browser timers as futures.

/// Resolves after `ms` milliseconds (a browser timer).
pub fn sleep(ms: u32) -> impl std::future::Future<Output = ()> {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    async move {
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }
}
