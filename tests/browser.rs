//! Browser tests of components, in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use zadig_console::api::ApiError;
use zadig_console::components::{ErrorBanner, StatusBadge};
use zadig_console::i18n::Locale;
use zadig_console::state::Ctx;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc
        .create_element("div")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

fn all(root: &web_sys::HtmlElement, css: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(css).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

#[wasm_bindgen_test]
async fn status_badge_follows_language_and_category() {
    let root = container();
    let status = RwSignal::new("reject".to_string());
    let ctx_slot = StoredValue::new(None::<Ctx>);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        ctx_slot.set_value(Some(ctx));
        view! { <StatusBadge status=status testid="task-status"/> }
    });
    leptos::task::tick().await;
    let badge = &all(&root, "[data-testid=task-status]")[0];
    assert_eq!(badge.text_content().unwrap().trim(), "Rejected");
    assert!(badge.class_name().contains("status-failed"));
    assert_eq!(badge.get_attribute("data-status").unwrap(), "reject");

    ctx_slot.get_value().unwrap().locale.set(Locale::ZhCn);
    status.set("wait_for_approval".into());
    leptos::task::tick().await;
    let badge = &all(&root, "[data-testid=task-status]")[0];
    assert_eq!(badge.text_content().unwrap().trim(), "等待审批");
    assert!(badge.class_name().contains("status-waiting"));

    status.set("brand-new-status".into());
    leptos::task::tick().await;
    let badge = &all(&root, "[data-testid=task-status]")[0];
    assert_eq!(badge.text_content().unwrap().trim(), "brand-new-status");
    assert!(badge.class_name().contains("status-unknown"));
}

#[wasm_bindgen_test]
async fn error_banner_shows_code_and_description_as_text_only() {
    let root = container();
    let err = ApiError::Zadig {
        status: 400,
        code: 6163,
        message: "取消工作流任务失败".into(),
        description: "<img src=x onerror=\"window.__pwned=1\"> task is passed".into(),
    };
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        view! { <ErrorBanner error=err retry=Callback::new(|_| ())/> }
    });
    leptos::task::tick().await;
    let banner = &all(&root, "[data-testid=error-banner]")[0];
    let text = banner.text_content().unwrap();
    assert!(text.contains("6163"), "{text}");
    assert!(text.contains("取消工作流任务失败"), "{text}");
    assert!(
        text.contains("<img src=x"),
        "the description is shown as typed: {text}"
    );
    assert!(all(&root, "img").is_empty(), "no markup from error text");
    assert_eq!(all(&root, "button").len(), 1, "a retry button");
    assert!(
        all(&root, "a").is_empty(),
        "no Settings link for a business error"
    );
}

#[wasm_bindgen_test]
async fn unauthorized_links_to_settings_and_back() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        view! { <ErrorBanner error=ApiError::Unauthorized/> }
    });
    leptos::task::tick().await;
    let links = all(&root, "a");
    assert_eq!(links.len(), 1);
    let href = links[0].get_attribute("href").unwrap();
    assert!(href.contains("/settings?return="), "{href}");
    assert!(
        all(&root, "button").is_empty(),
        "no retry without a callback"
    );
    assert!(root.text_content().unwrap().contains("401"));
}
