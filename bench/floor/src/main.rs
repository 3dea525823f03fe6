//! A minimal Leptos app: a heading and a short list drawn by the app. `load-bench` times its
//! first paint and its list next to the console's, built and served the same way, as the floor
//! no Leptos app can go under.

use leptos::prelude::*;

#[component]
fn Floor() -> impl IntoView {
    let rows = ["alpha", "beta", "gamma"];
    view! {
        <h1>"Floor"</h1>
        <ul data-testid="floor-rows">{rows.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
    }
}

fn main() {
    leptos::mount::mount_to_body(Floor);
}
