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

/// Resolves when the browser is next idle (`requestIdleCallback`, at most `timeout_ms` later), or
/// after `timeout_ms` where the browser has no idle callbacks.
pub fn idle(timeout_ms: u32) -> impl std::future::Future<Output = ()> {
    use wasm_bindgen::JsCast;
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let Some(w) = web_sys::window() else {
            return;
        };
        let ric = js_sys::Reflect::get(&w, &"requestIdleCallback".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let started = match ric {
            Some(ric) => {
                let opts = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&opts, &"timeout".into(), &timeout_ms.into());
                ric.call2(&w, &resolve, &opts).is_ok()
            }
            None => false,
        };
        if !started {
            let _ = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, timeout_ms as i32);
        }
    });
    async move {
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }
}
