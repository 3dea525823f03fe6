//! The browser's `EventSource`, for live logs. Closing is explicit: Zadig just ends the response,
//! and the browser would otherwise reconnect and replay the log from the start.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::ApiError;

/// An open event stream; closed when dropped.
pub struct EventStream {
    es: web_sys::EventSource,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_open: Closure<dyn FnMut(web_sys::Event)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl EventStream {
    /// Opens `url`; `on_message` gets each event's data, `on_open` the first response bytes,
    /// `on_error` the end of the response or a failure (the stream is closed by then).
    pub fn open(
        url: &str,
        mut on_message: impl FnMut(String) + 'static,
        mut on_open: impl FnMut() + 'static,
        mut on_error: impl FnMut() + 'static,
    ) -> Result<EventStream, ApiError> {
        let es =
            web_sys::EventSource::new(url).map_err(|_| ApiError::Network("EventSource".into()))?;
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(s) = e.data().as_string() {
                    on_message(s);
                }
            });
        let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_open());
        let closer = es.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            // Stop the browser's own reconnect, which would replay lines already shown.
            closer.close();
            on_error();
        });
        es.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        es.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        es.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(EventStream {
            es,
            _on_message: on_message,
            _on_open: on_open,
            _on_error: on_error,
        })
    }

    pub fn close(&self) {
        self.es.close();
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.es.set_onmessage(None);
        self.es.set_onopen(None);
        self.es.set_onerror(None);
        self.es.close();
    }
}
