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

fn mount_log(text: String) -> (web_sys::HtmlElement, impl Drop) {
    mount_static_log(text, false)
}

fn mount_static_log(text: String, land_on_error: bool) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        view! { <zadig_console::components::StaticLog text=text name="job" land_on_error=land_on_error/> }
    });
    (root, h)
}

async fn frames() {
    for _ in 0..3 {
        leptos::task::tick().await;
        let p = js_sys::Promise::new(&mut |r, _| {
            web_sys::window()
                .unwrap()
                .request_animation_frame(&r)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }
}

#[wasm_bindgen_test]
async fn hostile_log_text_renders_as_text_only() {
    let text = [
        "<script>window.__pwned = 1</script>",
        "<img src=x onerror=\"window.__pwned = 2\">",
        "\x1b]8;;javascript:window.__pwned=3\x1b\\click me\x1b]8;;\x1b\\",
        "\x1b[31mred\x1b[0m and \x1b[38;2;10;20;30mtrue\x1b[0m see https://ci.example.com/run?a=1 and javascript:alert(1)",
        "\rprogress 10%\rprogress 100%",
    ]
    .join("\n");
    let (root, _h) = mount_log(text);
    frames().await;
    let lines = all(&root, "[data-testid=log-line]");
    assert_eq!(lines.len(), 5);
    assert!(all(&root, "[data-testid=log-view] script").is_empty());
    assert!(all(&root, "[data-testid=log-view] img").is_empty());
    assert_eq!(
        lines[0]
            .query_selector(".lt")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "<script>window.__pwned = 1</script>"
    );
    assert_eq!(
        lines[2]
            .query_selector(".lt")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "click me",
        "OSC 8 links are removed"
    );
    let links = all(&root, "[data-testid=log-view] .lt a");
    assert_eq!(links.len(), 1, "only the http(s) URL is a link");
    assert_eq!(
        links[0].get_attribute("href").unwrap(),
        "https://ci.example.com/run?a=1"
    );
    assert_eq!(
        links[0].get_attribute("rel").unwrap(),
        "noopener noreferrer nofollow"
    );
    let red = all(&root, "[data-testid=log-view] .fg-1");
    assert_eq!(red[0].text_content().unwrap(), "red");
    let truecolour = lines[3].query_selector("[style]").unwrap().unwrap();
    assert_eq!(
        truecolour.get_attribute("style").unwrap(),
        "color:rgb(10,20,30);"
    );
    assert_eq!(
        lines[4]
            .query_selector(".lt")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "progress 100%"
    );
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined(), "nothing ran");
}

#[wasm_bindgen_test]
async fn only_visible_lines_are_in_the_dom() {
    let text = (1..=100_000)
        .map(|i| format!("line {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    let (root, _h) = mount_log(text);
    frames().await;
    let rendered = all(&root, "[data-testid=log-line]").len();
    assert!(
        rendered > 10 && rendered <= 150,
        "{rendered} line nodes for 100,000 lines"
    );
    let count = all(&root, "[data-testid=log-count]")[0]
        .text_content()
        .unwrap();
    assert_eq!(count, "100000 lines");
    let view = all(&root, "[data-testid=log-view]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>();
    // The app's stylesheet is not loaded here: give the viewport its size as the CSS would.
    view.set_attribute("style", "height:400px;overflow:auto;position:relative")
        .unwrap();
    view.set_scroll_top(20 * 50_000);
    view.dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    frames().await;
    let numbers: Vec<String> = all(&root, "[data-testid=log-line]")
        .iter()
        .map(|l| l.get_attribute("data-line").unwrap())
        .collect();
    assert!(
        numbers.contains(&"50001".to_string()),
        "scrolled rows render: {:?}",
        &numbers[..3]
    );
    assert!(all(&root, "[data-testid=log-line]").len() <= 150);
}

fn type_into(root: &web_sys::HtmlElement, css: &str, value: &str) {
    let input = all(root, css)[0]
        .clone()
        .unchecked_into::<web_sys::HtmlInputElement>();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn click(root: &web_sys::HtmlElement, css: &str) {
    all(root, css)[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn text_of(root: &web_sys::HtmlElement, css: &str) -> String {
    all(root, css)
        .first()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn search_covers_the_whole_log_plain_and_regex() {
    let text = (1..=100_000)
        .map(|i| {
            if i % 25_000 == 0 {
                format!("\x1b[31mERROR\x1b[0m at step {i}")
            } else {
                format!("line {i} ok")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (root, _h) = mount_log(text);
    frames().await;
    let view = all(&root, "[data-testid=log-view]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>();
    view.set_attribute("style", "height:400px;overflow:auto;position:relative")
        .unwrap();

    type_into(&root, "[data-testid=log-search]", "error");
    frames().await;
    assert_eq!(
        text_of(&root, "[data-testid=log-search-count]"),
        "1 / 4",
        "lines far below the rendered ones are found"
    );
    click(&root, "[data-testid=log-search-next]");
    frames().await;
    view.dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    frames().await;
    assert_eq!(text_of(&root, "[data-testid=log-search-count]"), "2 / 4");
    let cur = all(&root, "mark.cur");
    assert_eq!(
        cur.len(),
        1,
        "the current match is highlighted once it is on screen"
    );
    assert_eq!(cur[0].text_content().unwrap(), "ERROR");
    let line = cur[0].closest("[data-testid=log-line]").unwrap().unwrap();
    assert_eq!(line.get_attribute("data-line").unwrap(), "50000");

    click(&root, "[data-testid=log-search-case]");
    frames().await;
    assert_eq!(
        text_of(&root, "[data-testid=log-search-count]"),
        "No matches",
        "case-sensitive: only ERROR"
    );

    click(&root, "[data-testid=log-search-regex]");
    type_into(&root, "[data-testid=log-search]", "^line 9999\\d ok$");
    frames().await;
    assert_eq!(text_of(&root, "[data-testid=log-search-count]"), "1 / 10");

    type_into(&root, "[data-testid=log-search]", "(unclosed");
    frames().await;
    assert!(
        text_of(&root, "[data-testid=log-search-error]").contains("Not a valid regular expression")
    );
    assert_eq!(
        all(&root, "[data-testid=log-search]")[0]
            .clone()
            .unchecked_into::<web_sys::HtmlInputElement>()
            .value(),
        "(unclosed",
        "the input is kept"
    );
}

#[wasm_bindgen_test]
async fn wrapped_lines_take_the_rows_they_need() {
    let long = "x".repeat(1000);
    let text = format!("short\n{long}\nafter");
    let (root, _h) = mount_log(text);
    let view = all(&root, "[data-testid=log-view]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>();
    view.set_attribute(
        "style",
        "height:400px;width:600px;overflow:auto;position:relative;font:13px monospace",
    )
    .unwrap();
    frames().await;
    let top = |n: &str| -> (f64, f64) {
        let el = all(&root, &format!("[data-testid=log-line][data-line='{n}']"))[0]
            .clone()
            .unchecked_into::<web_sys::HtmlElement>();
        (el.offset_top() as f64, el.offset_height() as f64)
    };
    assert_eq!(top("2").1, 20.0, "one row each without wrapping");
    assert_eq!(top("3").0, 40.0);
    let wrap = all(&root, "[data-testid=log-wrap]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlInputElement>();
    wrap.set_checked(true);
    wrap.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    frames().await;
    let (t2, h2) = top("2");
    assert!(
        h2 >= 200.0,
        "1000 characters in ~60 columns take many rows: {h2}"
    );
    assert_eq!(
        top("3").0,
        t2 + h2,
        "the next line starts below the wrapped one"
    );
    assert!(all(&root, "[data-testid=log-view]")[0]
        .class_name()
        .contains("wrap"));
}

fn task_with_every_status() -> zadig_console::api::types::TaskDetail {
    let statuses = [
        "",
        "prepare",
        "running",
        "wait_for_approval",
        "passed",
        "failed",
        "timeout",
        "cancelled",
        "reject",
        "skipped",
        "unstable",
        "wait_for_manual_error_handling",
        "debug_before",
        "brand-new",
    ];
    let jobs: Vec<serde_json::Value> = statuses
        .iter()
        .enumerate()
        .map(|(i, s)| serde_json::json!({
            "name": format!("job-0-{i}-0-j{i}"), "display_name": format!("j{i}"), "type": if *s == "wait_for_approval" { "approval" } else { "freestyle" },
            "status": s, "start_time": if s.is_empty() { 0 } else { 1000 + i as i64 }, "end_time": if s.is_empty() || *s == "running" { 0 } else { 1030 },
        }))
        .collect();
    serde_json::from_value(serde_json::json!({
        "task_id": 9, "workflow_key": "wf", "status": "running", "start_time": 1000, "create_time": 999,
        "stages": [
            {"name": "All", "status": "running", "parallel": true, "jobs": jobs},
            {"name": "Gate", "status": "pause", "manual_exec": {"enabled": true}, "jobs": [{"name": "job-1-0-0-g", "type": "freestyle", "status": ""}]},
            {"name": "Old approval", "status": "waitforapprove", "approval": {"enabled": true, "approve_users": [{"user_name": "a"}]}, "jobs": []},
        ],
    }))
    .unwrap()
}

#[wasm_bindgen_test]
async fn timeline_shows_every_status_and_what_waits_for_a_person() {
    use zadig_console::nav::Router;
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        let task = Memo::new(move |_| Some(task_with_every_status()));
        let project = Memo::new(|_| "demo".to_string());
        let selected = Memo::new(|_| Some("job-0-4-0-j4".into()));
        let approving = RwSignal::new(None::<String>);
        view! { <Router><zadig_console::components::task::Timeline task=task project=project selected=selected on_change=Callback::new(|_| ()) approving=approving/></Router> }
    });
    frames().await;
    assert_eq!(all(&root, "[data-testid=stage]").len(), 3);
    let jobs = all(&root, "[data-testid=job]");
    assert_eq!(jobs.len(), 15);
    let expected = [
        ("", "queued"),
        ("prepare", "running"),
        ("running", "running"),
        ("wait_for_approval", "waiting"),
        ("passed", "passed"),
        ("failed", "failed"),
        ("timeout", "failed"),
        ("cancelled", "cancelled"),
        ("reject", "failed"),
        ("skipped", "skipped"),
        ("unstable", "passed"),
        ("wait_for_manual_error_handling", "waiting"),
        ("debug_before", "waiting"),
        ("brand-new", "unknown"),
    ];
    for (job, (status, class)) in jobs.iter().zip(expected) {
        let badge = job
            .query_selector("[data-testid=job-status]")
            .unwrap()
            .unwrap();
        assert_eq!(badge.get_attribute("data-status").unwrap(), status);
        assert!(
            badge.class_name().contains(&format!("status-{class}")),
            "{status} → {}",
            badge.class_name()
        );
        let started = !status.is_empty();
        assert_eq!(
            job.query_selector(".bar").unwrap().is_some(),
            started,
            "time bar for {status:?}"
        );
    }
    assert!(jobs[4].class_name().contains("selected"));
    assert_eq!(
        all(&root, "[data-testid=job-approval]").len(),
        1,
        "the waiting approval job is marked"
    );
    assert_eq!(
        all(&root, "[data-testid=resume-button]").len(),
        1,
        "the paused stage can be continued"
    );
    assert_eq!(
        all(&root, "[data-testid=stage-approval]").len(),
        1,
        "the doc's stage-level approval is marked"
    );
    assert!(
        all(&root, ".bar.waiting").len() >= 2,
        "time waiting for a person is drawn apart"
    );
}

#[wasm_bindgen_test]
async fn job_panels_per_type_mask_credentials() {
    use zadig_console::api::types::JobTask;
    let job = |kind: &str, spec: serde_json::Value| -> JobTask {
        serde_json::from_value(serde_json::json!({"name": format!("job-0-0-0-{kind}"), "display_name": kind, "type": kind, "status": "passed", "spec": spec})).unwrap()
    };
    let jobs = vec![
        job(
            "zadig-build",
            serde_json::json!({"service_name": "shop", "service_module": "orders", "image": "reg/orders:1",
            "repos": [{"repo_namespace": "shop", "repo_name": "orders", "branch": "main", "commit_id": "abcdef1234567", "commit_message": "fix",
                       "address": "https://git.example.com", "oauth_token": "gho_NEVER"}],
            "envs": [{"key": "PASSWORD", "value": "hunter2", "is_credential": true}, {"key": "MODE", "value": "fast"}]}),
        ),
        job(
            "zadig-deploy",
            serde_json::json!({"env": "prod", "production": true, "service_and_images": [{"service_name": "shop", "service_module": "orders", "image": "reg/orders:1"}]}),
        ),
        job(
            "custom-deploy",
            serde_json::json!({"target": "Deployment/web/nginx", "namespace": "ns", "image": "nginx:1"}),
        ),
        job(
            "zadig-test",
            serde_json::json!({"test_name": "unit", "junit_report": true, "envs": []}),
        ),
        job(
            "zadig-scanning",
            serde_json::json!({"scanning_name": "sonar", "link_url": "javascript:alert(1)"}),
        ),
        job(
            "plugin",
            serde_json::json!({"inputs": [{"name": "TOKEN", "value": "s3cr3t", "is_credential": true}, {"name": "WHO", "value": "zadig"}]}),
        ),
        job(
            "approval",
            serde_json::json!({"type": "native", "description": "ship it?", "native_approval": {"needed_approvers": 1,
            "approve_users": [{"user_name": "alice", "reject_or_approve": "approve", "comment": "ok"}, {"user_name": "bob"}]}}),
        ),
    ];
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        jobs.into_iter().map(|j| view! { <section class="panel"><zadig_console::components::task::JobFacts job=j/></section> }).collect_view()
    });
    frames().await;
    let text = root.text_content().unwrap();
    for secret in ["hunter2", "gho_NEVER", "s3cr3t"] {
        assert!(!text.contains(secret), "{secret} must never be shown");
    }
    for shown in [
        "PASSWORD = ••••••",
        "MODE = fast",
        "TOKEN = ••••••",
        "WHO = zadig",
        "shop/orders @ main",
        "Deployment/web/nginx",
        "shop/orders → reg/orders:1",
        "unit",
        "sonar",
        "ship it?",
        "alice — approve “ok”",
        "bob — …",
    ] {
        assert!(text.contains(shown), "missing {shown:?} in {text}");
    }
    let links = all(&root, "a");
    assert_eq!(
        links.len(),
        1,
        "only the commit link: a javascript: report link is not a link"
    );
    assert_eq!(
        links[0].get_attribute("href").unwrap(),
        "https://git.example.com/shop/orders/commit/abcdef1234567"
    );
}

fn mount_approval(token_payload: &'static str) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        ctx.token
            .set(Some(format!("eyJhbGciOiJIUzI1NiJ9.{token_payload}.sig")));
        provide_context(ctx);
        let now = (js_sys::Date::now() / 1000.0) as i64;
        // Started 9m 30s ago with 30 minutes to decide: 20m 30s left, so a slow machine taking
        // a few seconds to render still shows 20 minutes.
        let task: zadig_console::api::types::TaskDetail = serde_json::from_value(serde_json::json!({
            "task_id": 5, "workflow_key": "release", "status": "running",
            "stages": [{"name": "Approve", "status": "running", "jobs": [{"name": "job-0-0-0-approve", "type": "approval",
                "status": "wait_for_approval", "start_time": now - 570, "spec": {"type": "native", "timeout": 30,
                "description": "<b>Ship</b> 1.4?", "native_approval": {"needed_approvers": 2, "approve_users": [
                    {"user_id": "u-alice", "user_name": "alice", "reject_or_approve": ""},
                    {"user_id": "u-carol", "user_name": "carol", "reject_or_approve": "approve", "comment": "fine by me", "operation_time": now - 60}]}}}]}],
        })).unwrap();
        let task = Memo::new(move |_| Some(task.clone()));
        view! { <zadig_console::components::ApprovalDialog key="job-0-0-0-approve".to_string() task=task
        on_close=Callback::new(|_| ()) on_done=Callback::new(|_| ())/> }
    });
    (root, h)
}

#[wasm_bindgen_test]
async fn approval_dialog_for_an_approver_and_for_someone_else() {
    let (root, _h) = mount_approval("eyJuYW1lIjoiYWxpY2UiLCJ1aWQiOiJ1LWFsaWNlIn0");
    frames().await;
    let text = text_of(&root, "[data-testid=approval-dialog]");
    assert!(
        text.contains("<b>Ship</b> 1.4?"),
        "the description is text: {text}"
    );
    assert!(all(&root, "[data-testid=approval-dialog] b").is_empty());
    assert!(text_of(&root, "[data-testid=approval-progress]").contains("approvals 1 / 2"));
    assert!(
        text_of(&root, "[data-testid=approval-progress]").contains("time left 20m"),
        "{}",
        text_of(&root, "[data-testid=approval-progress]")
    );
    assert!(
        text.contains("carol — approved")
            && text.contains("fine by me")
            && text.contains("alice — not decided yet"),
        "{text}"
    );
    let approve = all(&root, "[data-testid=approve-button]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlButtonElement>();
    assert!(!approve.disabled(), "alice may decide");
    assert!(all(&root, "[data-testid=approval-blocked]").is_empty());

    let (root, _h2) = mount_approval("eyJuYW1lIjoiYm9iIiwidWlkIjoidS1ib2IifQ");
    frames().await;
    let approve = all(&root, "[data-testid=approve-button]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlButtonElement>();
    let reject = all(&root, "[data-testid=reject-button]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlButtonElement>();
    assert!(
        approve.disabled() && reject.disabled(),
        "bob is no approver"
    );
    assert!(text_of(&root, "[data-testid=approval-blocked]").contains("not among the approvers"));
}

fn run_schema() -> zadig_console::domain::run::RunSchema {
    use zadig_console::api::types::{Environment, Registry, WorkflowDetail};
    use zadig_console::domain::run::{RunSchema, SchemaInput};
    let d: WorkflowDetail = serde_json::from_value(serde_json::json!({
        "workflow_key": "wf", "project_key": "demo",
        "params": [
            {"name": "branch", "type": "string", "value": "main", "description": "<img src=x onerror=\"window.__pwned=1\">"},
            {"name": "level", "type": "choice", "value": "info", "choice_option": ["debug", "info"]},
            {"name": "token", "type": "string", "value": "s3cret", "is_credential": true},
            {"name": "regions", "type": "multi-select", "value": "a", "choice_option": ["a", "b"]}
        ],
        "stages": [{"name": "S", "jobs": [
            {"name": "build", "type": "zadig-build", "spec": {"service_and_builds": [
                {"service_name": "shop", "service_module": "web", "repos": [{"codehost_name": "gl", "repo_namespace": "shop", "repo_name": "web", "branch": "main"}],
                 "key_vals": [{"key": "MODE", "value": "release", "type": "string"}]}]}},
            {"name": "deploy", "type": "zadig-deploy", "spec": {"env": "dev", "source": "runtime",
                "service_and_images": [{"service_name": "shop", "service_module": "web", "image": "r/web:1"}]}},
            {"name": "approve", "type": "approval", "run_policy": "force_run", "spec": {}},
            {"name": "later", "type": "sql", "run_policy": "default_not_run", "spec": {"sql": "select 1"}},
            {"name": "hidden", "type": "freestyle", "run_policy": "skip", "spec": {}}
        ]}],
        "notify_ctls": [{"enabled": true, "webhook_type": "dingding", "dingding_notification_config": {"at_mobiles": ["138"]}}]
    }))
    .unwrap();
    let regs = vec![Registry {
        address: "https://r".into(),
        namespace: "ns".into(),
        ..Default::default()
    }];
    let envs = vec![
        Environment {
            env_key: "dev".into(),
            ..Default::default()
        },
        Environment {
            env_key: "prod".into(),
            production: true,
            ..Default::default()
        },
    ];
    RunSchema::new(SchemaInput {
        detail: &d,
        registries: Some(&regs),
        envs: Some(&envs),
    })
}

fn input(root: &web_sys::HtmlElement, key: &str) -> web_sys::HtmlInputElement {
    all(root, &format!("[data-field=\"{key}\"]"))
        .first()
        .unwrap_or_else(|| panic!("no field {key}"))
        .clone()
        .unchecked_into()
}

/// Sets a run-form field by path, as typing or choosing would.
fn set_field(root: &web_sys::HtmlElement, key: &str, value: &str) {
    let el = all(root, &format!("[data-field=\"{key}\"]"))[0].clone();
    let event = if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.set_value(value);
        "change"
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(value);
        "input"
    } else {
        el.unchecked_ref::<web_sys::HtmlInputElement>()
            .set_value(value);
        "input"
    };
    el.dispatch_event(&web_sys::Event::new(event).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn run_form_fields_per_type_and_problems_next_to_them() {
    use zadig_console::components::RunFormView;
    use zadig_console::nav::Router;
    let root = container();
    let ctx_slot = StoredValue::new(None::<Ctx>);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        ctx_slot.set_value(Some(ctx));
        view! { <Router><RunFormView schema=run_schema()/></Router> }
    });
    frames().await;
    // Jobs: forced locked on, default_not_run off, skip absent.
    let jobs: Vec<String> = all(&root, "[data-job]")
        .iter()
        .map(|e| e.get_attribute("data-job").unwrap())
        .collect();
    assert_eq!(jobs, ["build", "deploy", "approve", "later"]);
    let approve = input(&root, "j.approve");
    assert!(approve.checked() && approve.disabled());
    let later = input(&root, "j.later");
    assert!(!later.checked() && !later.disabled());
    assert!(
        all(&root, "[data-field=\"j.later.sql\"]").is_empty(),
        "an off job hides its fields"
    );
    // Parameters: untrusted description as text; credential masked and empty; unsupported disabled.
    assert!(root.text_content().unwrap().contains("<img src=x"));
    assert!(all(&root, ".run-form img").is_empty());
    let token = input(&root, "p.token");
    assert_eq!(token.type_(), "password");
    assert_eq!(token.value(), "");
    assert!(input(&root, "p.regions").disabled());
    assert_eq!(all(&root, "[data-field=\"p.level\"] option").len(), 2);
    // Environments: production marked in the select.
    let env_text = text_of(&root, "[data-field=\"j.deploy.env\"]");
    assert!(env_text.contains("prod · Production"), "{env_text}");

    // Switching a job on shows its fields; the preview follows typing.
    later.click();
    frames().await;
    assert_eq!(all(&root, "[data-field=\"j.later.sql\"]").len(), 1);
    // The body is built once the preview is opened.
    assert!(all(&root, "[data-testid=run-preview-body]").is_empty());
    click(&root, "[data-testid=run-preview] summary");
    frames().await;
    set_field(&root, "p.branch", "feature/y");
    set_field(&root, "p.token", "typed-token");
    frames().await;
    let preview = text_of(&root, "[data-testid=run-preview-body]");
    assert!(
        preview.contains("feature/y") && preview.contains("******"),
        "{preview}"
    );
    assert!(!preview.contains("typed-token"));

    // Problems appear next to their fields after a try, and go as they are fixed.
    set_field(&root, "j.deploy.g.shop/web.image", "");
    set_field(&root, "j.build.g.shop/web.r.shop/web.prs", "12, x");
    frames().await;
    let submit = all(&root, "[data-testid=run-submit]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>();
    submit.click();
    frames().await;
    assert!(text_of(&root, "[data-error-for=\"j.deploy.g.shop/web.image\"]").contains("Required"));
    assert!(text_of(
        &root,
        "[data-error-for=\"j.build.g.shop/web.r.shop/web.prs\"]"
    )
    .contains("whole numbers"));
    assert!(!all(&root, "[data-testid=run-problems]").is_empty());
    set_field(&root, "j.deploy.g.shop/web.image", "r/web:2");
    frames().await;
    assert!(all(&root, "[data-error-for=\"j.deploy.g.shop/web.image\"]").is_empty());

    // Unticking a service hides its fields; with none left the job says so.
    input(&root, "j.deploy.g.shop/web").click();
    frames().await;
    assert!(all(&root, "[data-field=\"j.deploy.g.shop/web.image\"]").is_empty());
    assert!(text_of(&root, "[data-error-for=\"j.deploy\"]").contains("Choose at least one"));

    // Chinese labels.
    ctx_slot.get_value().unwrap().locale.set(Locale::ZhCn);
    frames().await;
    assert!(root.text_content().unwrap().contains("镜像仓库"));
    assert!(text_of(&root, "[data-error-for=\"j.deploy\"]").contains("请至少选择一项"));
}

#[wasm_bindgen_test]
async fn run_form_asks_for_the_key_before_a_production_deploy() {
    use zadig_console::components::RunFormView;
    use zadig_console::domain::run::Values;
    use zadig_console::nav::Router;
    let root = container();
    let mut initial = Values::new();
    initial.insert("j.deploy.env".into(), "prod".into());
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        view! { <Router><RunFormView schema=run_schema() initial=initial.clone()/></Router> }
    });
    frames().await;
    all(&root, "[data-testid=run-submit]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    frames().await;
    let dialog = text_of(&root, "[data-testid=run-prod-dialog]");
    assert!(dialog.contains("prod") && dialog.contains("wf"), "{dialog}");
    let confirm = all(&root, "[data-testid=run-prod-confirm]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlButtonElement>();
    assert!(confirm.disabled());
    type_into(&root, "[data-testid=run-prod-input]", "w");
    frames().await;
    assert!(confirm.disabled(), "a partial key does not confirm");
    type_into(&root, "[data-testid=run-prod-input]", "wf");
    frames().await;
    assert!(!confirm.disabled());
}

#[wasm_bindgen_test]
async fn workflow_editor_checks_as_typed_and_points_at_syntax_errors() {
    use zadig_console::domain::editor::Target;
    use zadig_console::nav::Router;
    use zadig_console::pages::editor::{Editor, EditorCtx};
    let root = container();
    let ctx_slot = StoredValue::new(None::<Ctx>);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        ctx_slot.set_value(Some(ctx));
        provide_context(EditorCtx {
            target: Target::Update {
                project: "demo".into(),
                key: "wf".into(),
            },
            view: None,
        });
        view! { <Router><Editor initial="name: wf\ndisplay_name: W\nproject: demo\nstages:\n  - name: s\n    jobs: []\n".to_string() restored=false/></Router> }
    });
    frames().await;
    assert!(text_of(&root, "[data-testid=editor-valid]").contains("wf"));
    let save = all(&root, "[data-testid=editor-save]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlButtonElement>();
    assert!(!save.disabled());
    // Line numbers follow the text.
    assert_eq!(text_of(&root, ".editor-gutter").lines().count(), 7);

    let area = || {
        all(&root, "[data-testid=editor-text]")[0]
            .clone()
            .unchecked_into::<web_sys::HtmlTextAreaElement>()
    };
    let set = |t: &str| {
        let a = area();
        a.set_value(t);
        a.dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    };
    set("name: wf\ndisplay_name: W\nproject: demo\nstages:\n  - name: s\n   jobs: [\n");
    frames().await;
    let issue = text_of(&root, "[data-testid=editor-issue]");
    assert!(issue.starts_with("Line 6, column"), "{issue}");
    assert!(save.disabled());
    all(&root, "[data-testid=editor-goto]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    frames().await;
    let caret = area().selection_start().unwrap().unwrap();
    let before_line_6 =
        "name: wf\ndisplay_name: W\nproject: demo\nstages:\n  - name: s\n".len() as u32;
    assert!(caret >= before_line_6, "caret {caret} on line 6");

    // Rename, wrong project, missing stages: all named at once; untrusted text stays text.
    set("name: other\ndisplay_name: \"<b>x</b>\"\nproject: elsewhere\n");
    frames().await;
    let issues = text_of(&root, "[data-testid=editor-issues]");
    assert!(
        issues.contains("stages") && issues.contains("elsewhere") && issues.contains("other"),
        "{issues}"
    );
    assert!(all(&root, "[data-testid=workflow-editor] b").is_empty());

    // Chinese.
    ctx_slot.get_value().unwrap().locale.set(Locale::ZhCn);
    frames().await;
    assert!(text_of(&root, "[data-testid=editor-issues]").contains("缺少必填字段"));
}

#[wasm_bindgen_test]
async fn hostile_links_long_lines_and_colour_storms_stay_safe() {
    let storm: String = (0..100_000)
        .map(|i| format!("\x1b[3{}mx", i % 2 + 1))
        .collect();
    let text = [
        "open https://x.example/\x1b[1mjavascript:alert(1) now".to_string(),
        storm,
        format!("long {} end", "中".repeat(5000)),
    ]
    .join("\n");
    let (root, _h) = mount_log(text);
    frames().await;
    let lines = all(&root, "[data-testid=log-line]");
    assert_eq!(lines.len(), 3);
    // A link cut by a style change: every piece points at the whole link, never at a piece.
    let links = all(lines[0].unchecked_ref(), "a:not(.ln)");
    assert_eq!(links.len(), 2);
    for a in &links {
        let href = a.get_attribute("href").unwrap();
        assert!(href.starts_with("https://x.example/"), "{href}");
        assert!(!href.starts_with("javascript"));
    }
    // 100k colour changes: a few hundred elements, not 100k.
    let spans = all(lines[1].unchecked_ref(), ".lt span").len();
    assert!(spans < 500, "{spans} spans");
    // A very long line is cut, and opens whole below the toolbar.
    let cut = lines[2].text_content().unwrap();
    assert!(
        cut.chars().count() < 4000,
        "{} characters",
        cut.chars().count()
    );
    assert!(!cut.contains("end"));
    click(&root, "[data-line='3'] [data-testid=log-whole-line]");
    frames().await;
    let whole = text_of(&root, "[data-testid=log-whole-line-view] pre");
    assert!(
        whole.ends_with("end") && whole.chars().count() == 5009,
        "{}",
        whole.chars().count()
    );
}

#[wasm_bindgen_test]
async fn long_untrusted_errors_are_clamped_with_show_more() {
    let root = container();
    let long = format!("<b>{}</b>", "é".repeat(3000));
    let err = ApiError::Internal {
        status: 500,
        message: "Internal Error: ".into(),
        description: long.clone(),
    };
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        view! { <ErrorBanner error=err/> }
    });
    frames().await;
    let shown = text_of(&root, ".error-detail");
    assert!(shown.chars().count() <= 601, "{}", shown.chars().count());
    assert!(all(&root, "[data-testid=error-banner] b").is_empty());
    assert!(text_of(&root, "[data-testid=show-more]").contains("more characters"));
    click(&root, "[data-testid=show-more]");
    frames().await;
    assert_eq!(
        text_of(&root, ".error-detail"),
        format!("Internal Error: {long}")
    );
}

#[wasm_bindgen_test]
async fn a_lost_write_answer_is_outcome_unknown() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        view! {
            <div id="w"><ErrorBanner error=ApiError::Timeout(30) write=true/></div>
            <div id="r"><ErrorBanner error=ApiError::Timeout(30)/></div>
            <div id="z"><ErrorBanner error=ApiError::Zadig { status: 400, code: 6163, message: "m".into(), description: "d".into() } write=true/></div>
        }
    });
    frames().await;
    let w = text_of(&root, "#w [data-testid=error-banner]");
    assert!(w.contains("may or may not have been made"), "{w}");
    assert!(!text_of(&root, "#r [data-testid=error-banner]").contains("may or may not"));
    assert!(!text_of(&root, "#z [data-testid=error-banner]").contains("may or may not"));
}

#[wasm_bindgen_test]
async fn a_notice_for_a_lost_answer_never_says_the_write_failed() {
    use zadig_console::i18n::T;
    use zadig_console::state::Notice;
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        ctx.notify(Notice::Failed {
            what: T::NoticeCancelNotSent,
            error: ApiError::Timeout(30),
        });
        ctx.notify(Notice::Failed {
            what: T::NoticeRunNotStarted,
            error: ApiError::Forbidden { reason: None },
        });
        view! { <zadig_console::components::Notices/> }
    });
    frames().await;
    let all: Vec<String> = all(&root, "[data-testid=notice]")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(
        all[0].contains("may or may not have been cancelled"),
        "{all:?}"
    );
    assert!(!all[0].contains("was not cancelled"), "{all:?}");
    assert!(all[0].contains("Check the current state"), "{all:?}");
    assert!(all[1].contains("The run was not started."), "{all:?}");
    assert!(!all[1].contains("may or may not"), "{all:?}");
}

#[wasm_bindgen_test]
async fn a_line_link_without_a_clipboard_goes_to_the_address_bar_only() {
    // Plain-http hosts have no `navigator.clipboard`: picking a line must not throw.
    let nav = web_sys::window().unwrap().navigator();
    let hide = js_sys::Function::new_with_args(
        "n",
        "Object.defineProperty(n, 'clipboard', {value: undefined, configurable: true})",
    );
    hide.call1(&wasm_bindgen::JsValue::NULL, &nav).unwrap();
    let (root, _h) = mount_log("one\ntwo\nthree".into());
    frames().await;
    let ln = all(&root, "[data-testid=log-line] a.ln");
    assert_eq!(ln.len(), 3);
    ln[1]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    frames().await;
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert_eq!(hash, "#L2");
    assert!(all(&root, "[data-testid=log-link-copied]").is_empty());
    assert_eq!(all(&root, "[data-testid=log-line].hl").len(), 1);
    let _ = web_sys::window().unwrap().location().set_hash("");
    let restore = js_sys::Function::new_with_args("n", "delete n.clipboard");
    restore.call1(&wasm_bindgen::JsValue::NULL, &nav).unwrap();
}

#[wasm_bindgen_test]
async fn refused_embed_origins_are_said_and_an_embedded_console_waits_for_its_portal() {
    use zadig_console::components::{EmbedWaiting, OriginProblems};
    use zadig_console::domain::embed::Origins;
    let root = container();
    let shared: std::rc::Rc<std::cell::Cell<Option<Ctx>>> = Default::default();
    let keep = shared.clone();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::ZhCn);
        keep.set(Some(ctx));
        provide_context(ctx);
        view! { <OriginProblems/> <EmbedWaiting/> }
    });
    let ctx = shared.get().unwrap();
    // What config.json said is taken when it has been read: then the refused entries are set.
    for _ in 0..100 {
        if ctx.ready.get_untracked() {
            break;
        }
        frames().await;
    }
    let o = Origins::from_config(&[
        "*".into(),
        "null".into(),
        "https://portal.example.com/app".into(),
        "https://portal.example.com".into(),
    ]);
    ctx.origin_problems.set(o.refused);
    frames().await;
    let problems = text_of(&root, "[data-testid=embed-config-error]");
    assert_eq!(
        all(&root, "[data-testid=embed-config-error] li").len(),
        3,
        "{problems}"
    );
    assert!(problems.contains("接管会话"), "{problems}");
    assert!(
        problems.contains("https://portal.example.com/app"),
        "{problems}"
    );
    assert!(!problems.contains("<"), "{problems}");
    assert!(text_of(&root, "[data-testid=embed-waiting]").contains("正在等待门户传入令牌"));
}

#[wasm_bindgen_test]
async fn the_sign_in_banner_appears_on_a_refusal_and_takes_a_token_in_place() {
    use zadig_console::components::SignInBanner;
    let root = container();
    let ctx_slot = StoredValue::new(None::<Ctx>);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        ctx_slot.set_value(Some(ctx));
        view! { <SignInBanner/> }
    });
    frames().await;
    let ctx = ctx_slot.get_value().unwrap();
    assert!(all(&root, "[data-testid=signin-banner]").is_empty());
    // Zadig refused the current credentials.
    ctx.refused.set(Some(ctx.generation.get_untracked()));
    frames().await;
    assert!(text_of(&root, "[data-testid=signin-banner]").contains("401"));
    assert!(ctx.signed_out_untracked());
    // A token with a hidden character is refused with the reason; a pasted newline is fine.
    type_into(&root, "[data-testid=reauth-token]", "eyJhbGci\u{2026}sig");
    frames().await;
    assert!(text_of(&root, "[data-testid=reauth-error]").contains("shortened"));
    type_into(&root, "[data-testid=reauth-token]", "eyJ\u{4ee4}.a.b");
    frames().await;
    assert!(text_of(&root, "[data-testid=reauth-error]").contains("\u{4ee4}"));
    type_into(
        &root,
        "[data-testid=reauth-token]",
        "eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYWxpY2UifQ.sig\n",
    );
    frames().await;
    assert!(all(&root, "[data-testid=reauth-error]").is_empty());
    all(&root, "[data-testid=signin-banner] form")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlFormElement>()
        .request_submit()
        .unwrap();
    frames().await;
    assert!(all(&root, "[data-testid=signin-banner]").is_empty());
    assert_eq!(
        ctx.token.get_untracked().as_deref(),
        Some("eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYWxpY2UifQ.sig")
    );
    assert!(!ctx.signed_out_untracked());
}

fn mount_welcome(
    users: Vec<zadig_console::domain::welcome::DemoUser>,
    locale: Locale,
) -> (web_sys::HtmlElement, Ctx, impl Drop) {
    use zadig_console::components::Welcome;
    let root = container();
    let ctx_slot = StoredValue::new(None::<Ctx>);
    let h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(locale);
        ctx.demo_users.set_value(users);
        provide_context(ctx);
        ctx_slot.set_value(Some(ctx));
        view! { <Welcome/> }
    });
    (root, ctx_slot.get_value().unwrap(), h)
}

#[wasm_bindgen_test]
async fn the_welcome_offers_the_sandbox_users_and_says_where_tokens_come_from() {
    use zadig_console::domain::welcome::DemoUser;
    let user = |name: &str, role: &str, token: &str| DemoUser {
        name: name.into(),
        role: role.into(),
        token: token.into(),
    };
    let (root, ctx, _h) = mount_welcome(
        vec![
            user(
                "admin",
                "admin",
                "eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYWRtaW4ifQ.a",
            ),
            user(
                "alice",
                "approver",
                "eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYWxpY2UifQ.b",
            ),
            user(
                "<b>bob</b>",
                "auditor",
                "eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYm9iIn0.c",
            ),
        ],
        Locale::ZhCn,
    );
    frames().await;
    let buttons = all(&root, "[data-testid=demo-sign-in]");
    assert_eq!(buttons.len(), 3);
    let texts: Vec<String> = buttons
        .iter()
        .map(|b| b.text_content().unwrap_or_default())
        .collect();
    assert!(
        texts[0].contains("以 admin 登录") && texts[0].contains("管理员"),
        "{texts:?}"
    );
    assert!(texts[1].contains("审批人"), "{texts:?}");
    // A name is text, and a role the console does not know is shown as written.
    assert!(
        texts[2].contains("<b>bob</b>") && texts[2].contains("auditor"),
        "{texts:?}"
    );
    assert!(all(&root, "[data-testid=demo-sign-in] b").is_empty());
    // The tokens are on no button, in no attribute.
    assert!(
        !root.inner_html().contains("eyJhbGci"),
        "{}",
        root.inner_html()
    );
    assert!(text_of(&root, "[data-testid=welcome-token]").contains("账号设置 → API 令牌"));
    // English too, as the language changes.
    ctx.locale.set(Locale::En);
    frames().await;
    assert!(text_of(&root, "[data-testid=demo-users]").contains("Sign in as alice"));
    assert!(text_of(&root, "[data-testid=welcome-token]").contains("account settings → API token"));
    // One click signs in as that user.
    buttons[1]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    frames().await;
    assert_eq!(
        ctx.token.get_untracked().as_deref(),
        Some("eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYWxpY2UifQ.b")
    );
}

#[wasm_bindgen_test]
async fn the_welcome_against_a_real_zadig_takes_a_pasted_token() {
    let (root, ctx, _h) = mount_welcome(Vec::new(), Locale::En);
    frames().await;
    assert!(all(&root, "[data-testid=demo-users]").is_empty());
    assert!(all(&root, "[data-testid=demo-sign-in]").is_empty());
    assert!(!text_of(&root, "[data-testid=welcome]").contains("401"));
    let settings = all(&root, "[data-testid=welcome-settings]")[0]
        .get_attribute("href")
        .unwrap_or_default();
    assert!(settings.starts_with("/settings?return="), "{settings}");
    type_into(&root, "[data-testid=welcome-token-input]", "eyJhbGci...sig");
    frames().await;
    assert!(text_of(&root, "[data-testid=welcome-token-error]").contains("shortened"));
    type_into(
        &root,
        "[data-testid=welcome-token-input]",
        " eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYWRtaW4ifQ.x ",
    );
    frames().await;
    click(&root, "[data-testid=welcome-save]");
    frames().await;
    assert_eq!(
        ctx.token.get_untracked().as_deref(),
        Some("eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYWRtaW4ifQ.x")
    );
}

#[wasm_bindgen_test]
async fn the_editor_never_shows_or_drafts_a_credential() {
    use zadig_console::domain::editor::Target;
    use zadig_console::domain::editor_secrets::mask_text;
    use zadig_console::nav::Router;
    use zadig_console::pages::editor::{Editor, EditorCtx};
    let stored = "name: wf\ndisplay_name: W\nproject: demo\nparams:\n  - name: deploy_token\n    value: s3cr3t-default\n    is_credential: true\nstages:\n  - name: s\n    jobs: []\n";
    let (shown, secrets) = mask_text(stored);
    let draft_key = zadig_console::domain::editor::draft_key("demo", Some(&"wf-secret".into()));
    zadig_console::browser::local_set(&draft_key, None);
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        provide_context(EditorCtx {
            target: Target::Update {
                project: "demo".into(),
                key: "wf-secret".into(),
            },
            view: None,
        });
        view! { <Router><Editor initial=shown.clone() restored=false secrets=secrets.clone()/></Router> }
    });
    frames().await;
    let area = all(&root, "[data-testid=editor-text]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlTextAreaElement>();
    assert!(!area.value().contains("s3cr3t"), "{}", area.value());
    assert!(area.value().contains("<credential kept>"));
    // Typing a new secret: it is in the field, never in the draft.
    let typed = area.value().replace("<credential kept>", "typed-secret");
    area.set_value(&typed);
    area.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    frames().await;
    let draft = zadig_console::browser::local_get(&draft_key).unwrap_or_default();
    assert!(!draft.is_empty());
    assert!(
        !draft.contains("typed-secret") && !draft.contains("s3cr3t"),
        "{draft}"
    );
    zadig_console::browser::local_set(&draft_key, None);
}

#[wasm_bindgen_test]
async fn credential_text_fields_are_drawn_as_dots() {
    use zadig_console::api::types::WorkflowDetail;
    use zadig_console::components::RunFormView;
    use zadig_console::domain::run::{RunSchema, SchemaInput};
    let d: WorkflowDetail = serde_json::from_value(serde_json::json!({
        "workflow_key": "wf", "project_key": "demo",
        "params": [{"name": "key", "type": "text", "value": "", "is_credential": true},
                   {"name": "notes", "type": "text", "value": ""}],
        "stages": []
    }))
    .unwrap();
    let schema = RunSchema::new(SchemaInput {
        detail: &d,
        registries: None,
        envs: None,
    });
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        view! { <zadig_console::nav::Router><RunFormView schema=schema.clone()/></zadig_console::nav::Router> }
    });
    frames().await;
    let fields = all(&root, "textarea[data-testid=run-field]");
    assert_eq!(fields.len(), 2);
    let masked: Vec<bool> = fields
        .iter()
        .map(|f| f.class_name().contains("masked"))
        .collect();
    // (Component tests load no stylesheet: the class is what style/main.css masks.)
    assert_eq!(
        masked.iter().filter(|m| **m).count(),
        1,
        "only the credential"
    );
}

#[wasm_bindgen_test]
async fn a_panic_leaves_a_notice_with_a_reload_and_never_the_token() {
    use zadig_console::domain::secret::scrub;
    let token = "eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYWxpY2UifQ.sig";
    let msg = scrub(
        &format!("panicked at src/x.rs:1:1: request to /openapi/logs?token={token} with {token}"),
        &[token],
    );
    zadig_console::panic_notice::show(&msg);
    let doc = web_sys::window().unwrap().document().unwrap();
    let notice = doc
        .query_selector("[data-testid=internal-error]")
        .unwrap()
        .expect("the notice");
    let text = notice.text_content().unwrap();
    assert!(
        text.contains("Internal error") || text.contains("内部错误"),
        "{text}"
    );
    assert!(text.contains("src/x.rs:1:1"));
    assert!(!text.contains(token) && !text.contains("eyJ"), "{text}");
    let reload = doc
        .query_selector("[data-testid=internal-error-reload]")
        .unwrap()
        .expect("a reload link");
    assert!(reload.get_attribute("href").unwrap().starts_with("http"));
    notice.remove();
}

fn key(name: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(name);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
}

fn active_testid() -> Option<String> {
    web_sys::window()?
        .document()?
        .active_element()?
        .get_attribute("data-testid")
}

#[wasm_bindgen_test]
async fn dialogs_keep_the_focus_inside_close_innermost_first_and_give_the_focus_back() {
    use zadig_console::components::{Dialog, TypeToConfirm};
    let root = container();
    let outer = RwSignal::new(false);
    let inner = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <button data-testid="opener" on:click=move |_| outer.set(true)>"open"</button>
            {move || outer.get().then(|| view! {
                <Dialog testid="outer" on_close=Callback::new(move |_| outer.set(false))>
                    <TypeToConfirm expected="build-deploy" typed=typed testid="typed"/>
                    <button data-testid="open-inner" on:click=move |_| inner.set(true)>"inner"</button>
                    <button data-testid="last" disabled=move || typed.get().is_empty()>"last"</button>
                    {move || inner.get().then(|| view! {
                        <Dialog testid="inner" on_close=Callback::new(move |_| inner.set(false))>
                            <button data-testid="inner-only">"ok"</button>
                        </Dialog>
                    })}
                </Dialog>
            })}
        }
    });
    leptos::task::tick().await;
    let opener = all(&root, "[data-testid=opener]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>();
    opener.focus().unwrap();
    opener.click();
    frames().await;
    // Open: the dialog has the focus, and Tab stays inside (the disabled button is skipped).
    assert_eq!(active_testid().as_deref(), Some("outer"));
    key("Tab", false);
    assert_eq!(active_testid().as_deref(), Some("typed"));
    key("Tab", true);
    assert_eq!(
        active_testid().as_deref(),
        Some("open-inner"),
        "Shift+Tab from the first wraps to the last"
    );
    type_into(&root, "[data-testid=typed]", "  build-deploy ");
    leptos::task::tick().await;
    assert!(all(&root, "[data-testid=typed]")[0]
        .class_name()
        .contains("matches"));
    let last = all(&root, "[data-testid=last]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>();
    last.focus().unwrap();
    key("Tab", false);
    assert_eq!(
        active_testid().as_deref(),
        Some("typed"),
        "Tab from the last wraps to the first"
    );
    // Focus that left the dialog (a button that disabled itself) comes back on Tab.
    opener.focus().unwrap();
    key("Tab", false);
    assert_eq!(active_testid().as_deref(), Some("typed"));

    // Nested: Escape closes the inner one only, and the focus returns to what opened it.
    let open_inner = all(&root, "[data-testid=open-inner]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>();
    open_inner.focus().unwrap();
    open_inner.click();
    frames().await;
    assert_eq!(active_testid().as_deref(), Some("inner"));
    key("Tab", false);
    assert_eq!(active_testid().as_deref(), Some("inner-only"));
    key("Escape", false);
    frames().await;
    assert!(all(&root, "[data-testid=inner]").is_empty());
    assert_eq!(all(&root, "[data-testid=outer]").len(), 1);
    assert_eq!(active_testid().as_deref(), Some("open-inner"));
    key("Escape", false);
    frames().await;
    assert!(all(&root, "[data-testid=outer]").is_empty());
    assert_eq!(active_testid().as_deref(), Some("opener"));

    // A click outside the box closes it; a click inside does not.
    opener.click();
    frames().await;
    click(&root, "[data-testid=typed]");
    leptos::task::tick().await;
    assert_eq!(all(&root, "[data-testid=outer]").len(), 1);
    all(&root, ".overlay")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    frames().await;
    assert!(all(&root, "[data-testid=outer]").is_empty());
}

#[wasm_bindgen_test]
async fn a_read_shows_its_error_with_a_retry_then_the_answer() {
    use std::sync::atomic::{AtomicU32, Ordering};
    use zadig_console::components::Read;
    static CALLS: AtomicU32 = AtomicU32::new(0);
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        let r = zadig_console::hooks::Fetch::new(move || {
            let n = CALLS.fetch_add(1, Ordering::SeqCst);
            async move {
                if n == 0 {
                    Err(ApiError::Network("offline".into()))
                } else {
                    Ok(format!("answer <b>{n}</b>"))
                }
            }
        });
        // Reads of other types beside it: each gets back exactly what it fetched.
        let numbers = zadig_console::hooks::Fetch::new(|| async { Ok(vec![1u32, 2, 3]) });
        let count = move || numbers.with(|r| r.and_then(|r| r.ok()).map_or(0, |v| v.len()));
        let sum = |v: Vec<u32>| view! { <p data-testid="numbers">{v.iter().sum::<u32>()}</p> };
        view! {
            <Read resource=r show=|t: String| view! { <p data-testid="answer">{t}</p> }/>
            <Read resource=numbers show=sum/>
            <p data-testid="count">{count}</p>
        }
    });
    frames().await;
    assert_eq!(text_of(&root, "[data-testid=numbers]"), "6");
    assert_eq!(text_of(&root, "[data-testid=count]"), "3");
    assert_eq!(all(&root, "[data-testid=error-banner]").len(), 1);
    assert!(all(&root, "[data-testid=answer]").is_empty());
    let retry = root
        .query_selector("[data-testid=error-banner] button")
        .unwrap()
        .expect("a retry button")
        .unchecked_into::<web_sys::HtmlElement>();
    retry.click();
    frames().await;
    assert!(all(&root, "[data-testid=error-banner]").is_empty());
    let answer = all(&root, "[data-testid=answer]");
    assert_eq!(answer.len(), 1);
    // The answer is text, never markup.
    assert_eq!(answer[0].text_content().unwrap(), "answer <b>1</b>");
    assert!(all(&root, "b").is_empty());
}

/// A read fetched again because what it reads changed keeps its answer until the next is in; a
/// read overtaken by a newer one is cancelled, so a slow old answer never replaces the latest;
/// and a read still out when its component goes away is cancelled with it.
#[wasm_bindgen_test]
async fn a_read_keeps_its_answer_while_refetching_and_only_the_latest_lands() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use zadig_console::net::timer::sleep;
    // What each read did: "start n", "end n", or "cancel n" (dropped before its end; a read
    // overtaken is dropped once the next has started).
    let log: Rc<RefCell<Vec<String>>> = Rc::default();
    struct Out(u32, Rc<RefCell<Vec<String>>>, bool);
    impl Drop for Out {
        fn drop(&mut self) {
            if !self.2 {
                self.1.borrow_mut().push(format!("cancel {}", self.0));
            }
        }
    }
    let root = container();
    let seen = log.clone();
    let h = leptos::mount::mount_to(root.clone(), move || {
        let n = RwSignal::new(0u32);
        let log = seen.clone();
        let r = zadig_console::hooks::Fetch::new(move || {
            let n = n.get();
            let log = log.clone();
            log.borrow_mut().push(format!("start {n}"));
            async move {
                let mut out = Out(n, log.clone(), false);
                // Odd reads are slow.
                sleep(if n % 2 == 1 { 400 } else { 20 }).await;
                out.2 = true;
                log.borrow_mut().push(format!("end {n}"));
                Ok::<u32, ApiError>(n)
            }
        });
        view! {
            <button data-testid="next" on:click=move |_| n.update(|n| *n += 1)>"next"</button>
            <p data-testid="value">{move || r.get().map_or("none".to_string(), |a| a.map_or_else(|e| e.to_string(), |n| n.to_string()))}</p>
        }
    });
    assert_eq!(text_of(&root, "[data-testid=value]"), "none");
    sleep(100).await;
    assert_eq!(text_of(&root, "[data-testid=value]"), "0");
    click(&root, "[data-testid=next]");
    frames().await;
    assert_eq!(
        text_of(&root, "[data-testid=value]"),
        "0",
        "kept while 1 is read"
    );
    click(&root, "[data-testid=next]");
    sleep(150).await;
    assert_eq!(text_of(&root, "[data-testid=value]"), "2");
    sleep(450).await;
    assert_eq!(
        text_of(&root, "[data-testid=value]"),
        "2",
        "the slow read of 1 never lands"
    );
    click(&root, "[data-testid=next]");
    frames().await;
    drop(h);
    sleep(450).await;
    assert_eq!(
        log.borrow().join(", "),
        "start 0, end 0, start 1, start 2, cancel 1, end 2, start 3, cancel 3"
    );
}

#[wasm_bindgen_test]
async fn a_deferred_part_says_when_its_chunk_fails_and_loads_on_retry() {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;
    use zadig_console::chunks::{load, ChunkError, Deferred};
    let root = container();
    let calls = Arc::new(AtomicU32::new(0));
    let counted = calls.clone();
    // The first two attempts fail (a cut network), the third draws the part.
    let part = load(move || {
        let n = counted.fetch_add(1, Ordering::SeqCst);
        async move {
            if n < 2 {
                Err(ChunkError)
            } else {
                Ok(view! { <p data-testid="part">"drawn"</p> }.into_any())
            }
        }
    });
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        view! { <Deferred load=part.clone()/> }
    });
    frames().await;
    let failed = all(&root, "[data-testid=chunk-failed]");
    assert_eq!(failed.len(), 1, "{}", root.inner_html());
    assert!(failed[0]
        .text_content()
        .unwrap()
        .contains("could not be loaded"));
    assert!(all(&root, "[data-testid=part]").is_empty());
    click(&root, "[data-testid=chunk-failed] button");
    frames().await;
    assert!(
        !all(&root, "[data-testid=chunk-failed]").is_empty(),
        "the second attempt fails too"
    );
    click(&root, "[data-testid=chunk-failed] button");
    frames().await;
    assert_eq!(text_of(&root, "[data-testid=part]"), "drawn");
    assert!(all(&root, "[data-testid=chunk-failed]").is_empty());
    assert_eq!(
        calls.load(Ordering::SeqCst),
        3,
        "each try is one attempt, none by itself"
    );
}

/// The main module's JSON reader and its browser-side lower-casing behave in the browser as the
/// unit tests say they do natively: names typed in any script match, odd text reads as text.
#[wasm_bindgen_test]
fn landing_decoding_and_matching_work_in_the_browser() {
    use zadig_console::api::types::WorkflowList;
    use zadig_console::domain::text::lower;
    assert_eq!(lower("ÄÖÜ Σ 发布 Deploy"), "äöü σ 发布 deploy");
    let l: WorkflowList = zadig_console::api::client::read(
        r#"{"workflows":[{"workflow_key":"a\u00e9","workflow_name":"<b>发布</b>","update_time":"17","type":null},null]}"#,
    )
    .unwrap();
    assert_eq!(l.workflows.len(), 1);
    assert_eq!(l.workflows[0].workflow_key, "aé");
    assert_eq!(l.workflows[0].display_name, "<b>发布</b>");
    assert_eq!(l.workflows[0].update_time, 17);
    let rows = zadig_console::domain::workflows::arrange(
        &l.workflows,
        "发布",
        zadig_console::domain::workflows::Sort::NameAsc,
        &[],
        false,
    );
    assert_eq!(rows.len(), 1, "a search in Chinese finds the row");
}

#[wasm_bindgen_test]
async fn a_failed_jobs_log_opens_on_its_first_error_with_the_lines_before_it() {
    // The stylesheet is not loaded here: the log viewport gets the height the CSS gives it.
    let doc = web_sys::window().unwrap().document().unwrap();
    let style = doc.create_element("style").unwrap();
    style.set_text_content(Some(".log{height:400px;overflow:auto;position:relative}"));
    doc.head().unwrap().append_child(&style).unwrap();
    let mut lines: Vec<String> = (1..=2_000).map(|i| format!("step {i}: 0 errors")).collect();
    lines[1_499] = "\x1b[1;31mERROR\x1b[0m internal/handlers/orders.go:42: undefined".into();
    lines[1_799] = "--- FAIL: TestLater".into();
    let (root, h) = mount_static_log(lines.join("\n"), true);
    frames().await;
    let landed = all(&root, "[data-testid=log-landed]");
    assert_eq!(landed.len(), 1, "the landing is named");
    assert_eq!(
        landed[0].get_attribute("data-line").as_deref(),
        Some("1500")
    );
    assert!(landed[0].text_content().unwrap().contains("line 1500"));
    let view = all(&root, "[data-testid=log-view]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>();
    assert!(view.scroll_top() > 0, "scrolled away from the top");
    let shown: Vec<u32> = all(&root, "[data-testid=log-line]")
        .iter()
        .filter_map(|l| l.get_attribute("data-line")?.parse().ok())
        .collect();
    assert!(
        shown.contains(&1500) && shown.contains(&1497),
        "the error and the lines before it"
    );
    let hl = all(&root, "[data-testid=log-line].hl");
    assert_eq!(hl.len(), 1);
    assert_eq!(hl[0].get_attribute("data-line").as_deref(), Some("1500"));
    // The error line sits in the viewport, with room above it for context.
    let top = view.get_bounding_client_rect().top();
    let at = hl[0].get_bounding_client_rect().top() - top;
    assert!(at > 40.0 && at < 360.0, "error line at {at}px of 400");
    drop(h);

    // Without the flag (a passed job) the same text opens at its end, nothing named.
    let (root, _h) = mount_static_log(lines.join("\n"), false);
    frames().await;
    assert!(all(&root, "[data-testid=log-landed]").is_empty());
    assert!(all(&root, "[data-testid=log-line].hl").is_empty());
    style.remove();
}

/// Two tasks of a build: the second sets FAIL, pushes another image and has a new credential.
fn pass_and_fail() -> (
    zadig_console::api::types::TaskDetail,
    zadig_console::api::types::TaskDetail,
) {
    use zadig_console::api::types::{JobTask, Param, StageTask, TaskDetail, TaskId};
    let build = |image: &str, fail: bool, token: &str| {
        let mut envs = vec![
            serde_json::json!({"key": "BUILD_MODE", "value": "release"}),
            serde_json::json!({"key": "NPM_TOKEN", "value": token, "is_credential": true}),
        ];
        if fail {
            envs.push(serde_json::json!({"key": "FAIL", "value": "<b>true</b>"}));
        }
        JobTask {
            origin_name: "build".into(),
            kind: "zadig-build".into(),
            spec: serde_json::json!({"service_name": "shop", "service_module": "orders", "image": image, "envs": envs}),
            ..Default::default()
        }
    };
    let task = |id: i64, status: &str, job: JobTask, secret: &str| TaskDetail {
        task_id: TaskId::new(id),
        status: status.into(),
        params: vec![
            Param {
                name: "branch".into(),
                value: "main".into(),
                ..Default::default()
            },
            Param {
                name: "deploy_token".into(),
                value: secret.into(),
                is_credential: true,
                ..Default::default()
            },
        ],
        stages: vec![StageTask {
            jobs: vec![job],
            ..Default::default()
        }],
        ..Default::default()
    };
    (
        task(
            2,
            "passed",
            build("reg/orders:2", false, "npm-OLD"),
            "tok-OLD",
        ),
        task(
            3,
            "failed",
            build("reg/orders:3", true, "npm-NEW"),
            "tok-NEW",
        ),
    )
}

#[wasm_bindgen_test]
async fn changed_since_the_last_pass_and_side_by_side_never_show_a_credential() {
    use zadig_console::components::{ChangedSince, RunDiffTable};
    let (a, b) = pass_and_fail();
    let root = container();
    let locale = RwSignal::new(Locale::En);
    let (a2, b2) = (a.clone(), b.clone());
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        Effect::new(move |_| ctx.locale.set(locale.get()));
        provide_context(ctx);
        view! {
            <div data-testid="summary"><ChangedSince base=a2 current=b2 href="/compare".to_string()/></div>
            <RunDiffTable a=a b=b/>
        }
    });
    frames().await;
    let summary = text_of(&root, "[data-testid=summary]");
    assert!(
        summary.contains("Changed since #2, the last passed run: 4 of the inputs."),
        "{summary}"
    );
    let items: Vec<String> = all(&root, "[data-testid=run-diff-item]")
        .iter()
        .map(|e| e.text_content().unwrap())
        .collect();
    assert!(
        items.contains(&"Variable FAIL · build · shop/orders — added".to_string()),
        "{items:?}"
    );
    assert!(
        items.contains(&"Image · build · shop/orders — changed".to_string()),
        "{items:?}"
    );
    assert!(
        items.contains(&"Parameter deploy_token — changed".to_string()),
        "{items:?}"
    );
    // Side by side: the changed rows, the credentials as such, markup as text.
    let table = all(&root, "[data-testid=run-diff]")[0].clone();
    assert_eq!(table.get_attribute("data-changed").as_deref(), Some("4"));
    let rows = all(&root, "[data-testid=run-diff-row]");
    assert_eq!(rows.len(), 4, "unchanged rows hidden at first");
    assert_eq!(
        all(&root, "[data-testid=diff-secret]").len(),
        4,
        "two credentials, both sides"
    );
    let fail = rows
        .iter()
        .find(|r| r.text_content().unwrap().contains("FAIL"))
        .unwrap();
    assert!(fail.text_content().unwrap().contains("<b>true</b>"));
    let first_cell = fail
        .query_selector("td")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(
        first_cell, "Variable FAIL",
        "the group is its header, not repeated per row"
    );
    let groups: Vec<String> = all(&root, "[data-testid=run-diff] tr.group")
        .iter()
        .map(|e| e.text_content().unwrap())
        .collect();
    assert_eq!(groups, ["Parameters", "build · shop/orders"]);
    assert!(all(&root, "b").is_empty(), "text, not markup");
    let page = root.text_content().unwrap();
    for secret in ["npm-OLD", "npm-NEW", "tok-OLD", "tok-NEW"] {
        assert!(!page.contains(secret), "{secret} shown");
    }
    click(&root, "[data-testid=run-diff-show-same]");
    frames().await;
    assert_eq!(
        all(&root, "[data-testid=run-diff-row]").len(),
        6,
        "with the 2 unchanged"
    );
    assert_eq!(
        all(&root, "[data-testid=run-diff-row][data-change=same]").len(),
        2
    );
    // In Chinese.
    locale.set(Locale::ZhCn);
    frames().await;
    let summary = text_of(&root, "[data-testid=summary]");
    assert!(
        summary.contains("自上一次成功运行 #2 以来，有 4 项输入发生变化。"),
        "{summary}"
    );
}

#[wasm_bindgen_test]
async fn a_log_diff_opens_on_the_first_difference_with_noise_set_aside() {
    use zadig_console::api::types::TaskId;
    use zadig_console::components::StaticLogDiff;
    let doc = web_sys::window().unwrap().document().unwrap();
    let style = doc.create_element("style").unwrap();
    style.set_text_content(Some(
        ".log{height:400px;overflow:auto;position:relative}.log-line{position:absolute;height:20px}",
    ));
    doc.head().unwrap().append_child(&style).unwrap();
    // Same steps, other times, durations and commit ids; line 3,001 of the second is new.
    let a: Vec<String> = (0..5_000)
        .map(|i| {
            format!(
                "2026-12-01T10:00:{:02} step {i} took {}ms at cd5af07{}",
                i % 60,
                i % 97,
                i % 10
            )
        })
        .collect();
    let mut b: Vec<String> = (0..5_000)
        .map(|i| {
            format!(
                "2026-12-02T11:30:{:02} step {i} took {}ms at b79c335{}",
                (i + 7) % 60,
                i % 13,
                i % 10
            )
        })
        .collect();
    b.insert(3_000, "<b>ERROR</b> disk full".to_string());
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        view! { <StaticLogDiff base=TaskId::new(7) a=a.join("\n") b=b.join("\n")/> }
    });
    frames().await;
    let summary = text_of(&root, "[data-testid=log-diff-summary]");
    assert_eq!(
        summary,
        "Against #7, the last passed run: 0 lines only there and 1 only here; differing regions: 1."
    );
    let added = all(&root, "[data-testid=log-diff-line][data-kind=added]");
    assert_eq!(added.len(), 1, "opened on the difference");
    assert_eq!(added[0].get_attribute("data-b").as_deref(), Some("3001"));
    assert!(added[0]
        .text_content()
        .unwrap()
        .contains("<b>ERROR</b> disk full"));
    assert!(
        all(&root, "[data-testid=log-diff] b").is_empty(),
        "text, not markup"
    );
    assert!(
        all(&root, "[data-testid=log-diff-line]").len() < 30,
        "virtualised and folded"
    );
    assert_eq!(text_of(&root, "[data-testid=log-diff-region]"), "1 / 1");
    style.remove();
}

#[wasm_bindgen_test]
async fn the_task_drawn_to_scale_with_its_critical_path() {
    use zadig_console::api::types::{JobTask, ManualExec, StageTask, TaskDetail};
    use zadig_console::components::Gantt;
    let job = |name: &str, kind: &str, start: i64, end: i64| JobTask {
        display_name: name.into(),
        kind: kind.into(),
        start_time: start,
        end_time: end,
        ..Default::default()
    };
    let t = TaskDetail {
        create_time: 1000,
        start_time: 1000,
        end_time: 1200,
        status: "passed".into(),
        stages: vec![
            StageTask {
                name: "Build".into(),
                parallel: true,
                start_time: 1000,
                end_time: 1100,
                jobs: vec![
                    job("fast <i>", "zadig-build", 1000, 1050),
                    job("slow", "zadig-build", 1000, 1100),
                ],
                ..Default::default()
            },
            StageTask {
                name: "Ship".into(),
                start_time: 1150,
                end_time: 1200,
                manual_exec: Some(ManualExec {
                    enabled: true,
                    ..Default::default()
                }),
                jobs: vec![job("deploy", "zadig-deploy", 1150, 1200)],
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        zadig_console::hooks::provide_clock();
        let task = Memo::new(move |_| Some(t.clone()));
        let project = Memo::new(|_| "demo".to_string());
        let workflow = Memo::new(|_| zadig_console::api::types::WorkflowKey::from("wf"));
        view! { <Gantt task=task project=project workflow=workflow/> }
    });
    frames().await;
    let lanes = all(&root, "[data-testid=gantt-lane]");
    let labels: Vec<String> = lanes
        .iter()
        .map(|l| {
            l.query_selector(".gantt-label")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(labels, ["fast <i>", "slow", "Ship: manual start", "deploy"]);
    assert!(
        all(&root, "[data-testid=gantt] i").is_empty(),
        "names are text"
    );
    let critical: Vec<String> = lanes
        .iter()
        .map(|l| l.get_attribute("data-critical").unwrap())
        .collect();
    assert_eq!(critical, ["false", "true", "true", "true"]);
    assert_eq!(
        text_of(&root, "[data-testid=critical-path]"),
        "Critical path: slow → Ship → deploy"
    );
    let totals = text_of(&root, "[data-testid=gantt-totals]");
    assert!(
        totals.contains("Running 2m 30s") && totals.contains("Waiting to be started by hand 50s"),
        "{totals}"
    );
    // To scale: the gate starts at half the span and takes a quarter of it.
    let gate = root
        .query_selector("[data-testid=gantt-lane] [data-kind=gate]")
        .unwrap()
        .unwrap();
    assert_eq!(
        gate.get_attribute("style").as_deref(),
        Some("left:50.00%;width:25.00%")
    );
    assert!(
        all(&root, "[data-testid=duration-trend]").is_empty(),
        "the trend loads when opened"
    );
}

/// Answers the console's reads from fixed texts, by path (`window.fetch` replaced); returns
/// the call that puts the real one back.
fn fake_fetch(routes: &[(&str, &str)]) -> impl FnOnce() {
    let table = js_sys::Array::new();
    for (path, body) in routes {
        table.push(&js_sys::Array::of2(&(*path).into(), &(*body).into()));
    }
    let install = js_sys::Function::new_with_args(
        "routes",
        "const real = window.fetch; window.__seen = [];
         window.fetch = async (req) => {
           const u = typeof req === 'string' ? req : req.url;
           window.__seen.push(u);
           for (const [p, body] of routes) {
             if (u.includes(p)) {
               const json = body.startsWith('{');
               return new Response(body, {status: 200, headers: {'content-type': json ? 'application/json' : 'text/plain'}});
             }
           }
           return new Response('{}', {status: 404, headers: {'content-type': 'application/json'}});
         };
         return () => { window.fetch = real; };",
    );
    let restore: js_sys::Function = install
        .call1(&wasm_bindgen::JsValue::NULL, &table)
        .unwrap()
        .unchecked_into();
    move || {
        restore.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    }
}

fn set_clipboard(js: &str) {
    let nav = web_sys::window().unwrap().navigator();
    let f = js_sys::Function::new_with_args(
        "n",
        &format!("Object.defineProperty(n, 'clipboard', {{value: {js}, configurable: true}})"),
    );
    f.call1(&wasm_bindgen::JsValue::NULL, &nav).unwrap();
}

#[wasm_bindgen_test]
async fn copy_as_markdown_sums_up_a_failure_without_its_secrets() {
    use zadig_console::api::types::{JobTaskName, WorkflowKey};
    use zadig_console::components::CopyMarkdown;
    let (_, mut b) = pass_and_fail();
    b.display_name = "Shop *release*".into();
    b.task_creator = "ann".into();
    b.start_time = 1_700_000_000;
    b.end_time = 1_700_000_125;
    {
        let job = &mut b.stages[0].jobs[0];
        job.name = JobTaskName::from("job-0-0-0-build");
        job.display_name = "build".into();
        job.status = "failed".into();
    }
    let passed = r#"{"task_id":2,"status":"passed","params":[{"name":"branch","value":"main"},{"name":"deploy_token","value":"tok-OLD","is_credential":true}],
        "stages":[{"jobs":[{"origin_name":"build","type":"zadig-build","status":"passed","spec":{"service_name":"shop","service_module":"orders","image":"reg/orders:2",
        "envs":[{"key":"BUILD_MODE","value":"release"},{"key":"NPM_TOKEN","value":"npm-OLD","is_credential":true}]}}]}]}"#;
    let list = r#"{"total":2,"workflow_tasks":[{"task_id":3,"status":"failed"},{"task_id":2,"status":"passed"}]}"#;
    let log = "step 1\nstep 2\nstep 3\nstep 4\nERROR: `npm` failed [see](javascript:alert(1)) <b>x</b>\ncleanup\nexit 1\n";
    let restore = fake_fetch(&[
        ("/openapi/workflows/custom/wf/tasks?", list),
        ("/openapi/workflows/custom/task?", passed),
        ("/openapi/logs/log/v4/workflow/wf/3/job-0-0-0-build", log),
    ]);
    // First without a clipboard (plain-http hosts): the text to copy by hand.
    set_clipboard("undefined");
    let root = container();
    let locale = RwSignal::new(Locale::En);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        Effect::new(move |_| ctx.locale.set(locale.get()));
        provide_context(ctx);
        zadig_console::hooks::provide_clock();
        let task = Memo::new(move |_| Some(b.clone()));
        let project = Memo::new(|_| "demo".to_string());
        let workflow = Memo::new(|_| WorkflowKey::from("wf"));
        view! { <CopyMarkdown task=task project=project workflow=workflow/> }
    });
    frames().await;
    click(&root, "[data-testid=copy-markdown]");
    for _ in 0..20 {
        frames().await;
        if !all(&root, "[data-testid=copy-markdown-text]").is_empty() {
            break;
        }
    }
    let text = all(&root, "[data-testid=copy-markdown-text]")
        .pop()
        .expect("the text to copy by hand")
        .unchecked_into::<web_sys::HtmlTextAreaElement>()
        .value();
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    assert!(text.contains(r"Shop \*release\*"), "names escaped: {text}");
    assert!(text.contains("#3"), "{text}");
    assert!(text.contains("ann"), "{text}");
    assert!(text.contains("took 2m 05s"), "{text}");
    assert!(
        text.contains(&format!(
            "(<{origin}/projects/demo/workflows/wf/tasks/2/compare/3>)"
        )),
        "a link to the comparison: {text}"
    );
    assert!(text.contains("deploy\\_token"), "{text}");
    assert!(
        text.contains("ERROR: `npm` failed"),
        "the first error, verbatim in a fence: {text}"
    );
    assert!(
        text.contains("step 2") && text.contains("exit 1"),
        "the lines around it: {text}"
    );
    assert!(
        !text.contains("step 1"),
        "three lines before, no more: {text}"
    );
    // The log's own Markdown stays inside the fence, where it is only text.
    let fence_at = text.find("```text").expect("a fence");
    assert!(text.find("[see](javascript").unwrap() > fence_at, "{text}");
    for secret in ["npm-OLD", "npm-NEW", "tok-OLD", "tok-NEW"] {
        assert!(!text.contains(secret), "{secret} in the summary");
    }
    // With a clipboard: copied, and said so.
    set_clipboard("{writeText: async (t) => { window.__copied = t; }}");
    locale.set(Locale::ZhCn);
    frames().await;
    click(&root, "[data-testid=copy-markdown]");
    for _ in 0..20 {
        frames().await;
        if !all(&root, "[data-testid=copy-markdown-done]").is_empty() {
            break;
        }
    }
    assert!(!text_of(&root, "[data-testid=copy-markdown-done]").is_empty());
    let copied = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__copied".into())
        .unwrap()
        .as_string()
        .expect("the summary on the clipboard");
    assert!(copied.contains("ERROR: `npm` failed"), "{copied}");
    assert!(
        copied.contains("失败"),
        "in the language on screen: {copied}"
    );
    for secret in ["npm-OLD", "npm-NEW", "tok-OLD", "tok-NEW"] {
        assert!(!copied.contains(secret), "{secret} on the clipboard");
    }
    let nav = web_sys::window().unwrap().navigator();
    js_sys::Function::new_with_args("n", "delete n.clipboard")
        .call1(&wasm_bindgen::JsValue::NULL, &nav)
        .unwrap();
    restore();
}

/// The app's context for a component mounted alone, signed in as alice (an approver), in English.
fn signed_in_as_alice() {
    let ctx = Ctx::init();
    ctx.locale.set(Locale::En);
    ctx.token.set(Some(
        "eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYWxpY2UiLCJ1aWQiOiJ1LWFsaWNlIn0.sig".into(),
    ));
    provide_context(ctx);
    zadig_console::hooks::provide_clock();
}

fn waiting_task(wf: &str, id: i64, started_ago: i64) -> zadig_console::api::types::TaskDetail {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    serde_json::from_value(serde_json::json!({
        "task_id": id, "workflow_key": wf, "workflow_name": format!("<i>{wf}</i>"), "status": "running",
        "task_creator": "bob",
        "stages": [{"name": "Approve", "status": "running", "jobs": [{"name": "job-0-0-0-approve", "type": "approval",
            "display_name": "Sign-off", "status": "wait_for_approval", "start_time": now - started_ago,
            "spec": {"type": "native", "timeout": 30, "native_approval": {"needed_approvers": 1, "approve_users": [
                {"user_id": "u-alice", "user_name": "alice", "reject_or_approve": ""}]}}}]}],
    }))
    .unwrap()
}

#[wasm_bindgen_test]
async fn the_inbox_lists_what_waits_across_projects_and_opens_the_decision() {
    use zadig_console::domain::inbox::Found;
    use zadig_console::pages::approvals::InboxTable;
    let root = container();
    let across = RwSignal::new(true);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        signed_in_as_alice();
        let me = ("alice".to_string(), "u-alice".to_string());
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let mut found = Found::default();
        // Payments' has waited 25 minutes (5 left, urgent); demo's 2 minutes.
        found.add_task("demo", waiting_task("release-prod", 7, 120), &me, now);
        found.add_task(
            "payments",
            waiting_task("payments-release", 3, 1500),
            &me,
            now,
        );
        found.order();
        let list = Memo::new(move |_| found.items.clone());
        let failed = Memo::new(|_| 0usize);
        view! { <InboxTable list=list failed=failed across=across on_done=Callback::new(|_| ())/> }
    });
    frames().await;
    let rows = all(&root, "[data-testid=inbox-row]");
    assert_eq!(rows.len(), 2);
    // Oldest first, each with its project, workflow (as text), who started it and time left.
    assert_eq!(
        rows[0].get_attribute("data-project").as_deref(),
        Some("payments")
    );
    let first = rows[0].text_content().unwrap_or_default();
    assert!(
        first.contains("payments") && first.contains("<i>payments-release</i>"),
        "{first}"
    );
    assert!(
        first.contains("Sign-off") && first.contains("bob"),
        "{first}"
    );
    assert!(
        all(&root, "[data-testid=inbox-row] i").is_empty(),
        "names are text"
    );
    let left = text_of(
        &root,
        "[data-testid=inbox-row][data-project=payments] [data-testid=inbox-left]",
    );
    assert!(left.starts_with("4m") || left.starts_with("5m"), "{left}");
    assert!(
        all(
            &root,
            "[data-testid=inbox-row][data-project=payments] [data-testid=inbox-left].warn"
        )
        .len()
            == 1
    );
    assert!(all(
        &root,
        "[data-testid=inbox-row][data-project=demo] [data-testid=inbox-left].warn"
    )
    .is_empty());
    // The task link goes to the approval job.
    let href = all(
        &root,
        "[data-testid=inbox-row][data-project=demo] [data-testid=inbox-task]",
    )[0]
    .get_attribute("href")
    .unwrap_or_default();
    assert_eq!(
        href,
        "/projects/demo/workflows/release-prod/tasks/7?job=job-0-0-0-approve"
    );
    // Each decision button says which task it decides.
    let label = all(&root, "[data-testid=inbox-decide]")[1]
        .get_attribute("aria-label")
        .unwrap_or_default();
    assert!(
        label.contains("release-prod") && label.contains("#7"),
        "{label}"
    );
    // One project: no project column.
    assert_eq!(all(&root, "thead th").len(), 7);
    across.set(false);
    frames().await;
    assert_eq!(all(&root, "thead th").len(), 6);
    // Deciding opens the approval dialog for that task, comment box and all.
    all(&root, "[data-testid=inbox-decide]")[0]
        .clone()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    frames().await;
    let dialog = text_of(&root, "[data-testid=approval-dialog]");
    assert!(dialog.contains("alice"), "{dialog}");
    assert!(!all(&root, "[data-testid=approval-comment]").is_empty());
    assert!(all(&root, "[data-testid=approve-button]")[0]
        .get_attribute("disabled")
        .is_none());
}

#[wasm_bindgen_test]
async fn the_approval_dialog_says_what_will_ship_with_production_marked() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        signed_in_as_alice();
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let task: zadig_console::api::types::TaskDetail = serde_json::from_value(serde_json::json!({
            "task_id": 9, "workflow_key": "release", "project_key": "demo", "status": "running",
            "stages": [
                {"name": "Build", "status": "passed", "jobs": [{"name": "job-0-0-0-build", "status": "passed", "spec": {"env": "dev", "image": "r/early:1", "service_name": "early"}}]},
                {"name": "Approve", "status": "running", "jobs": [{"name": "job-1-0-0-approve", "type": "approval",
                    "status": "wait_for_approval", "start_time": now - 60, "spec": {"type": "native", "timeout": 30,
                    "native_approval": {"needed_approvers": 1, "approve_users": [{"user_id": "u-alice", "user_name": "alice"}]}}}]},
                {"name": "Deploy", "jobs": [
                    {"name": "job-2-0-0-prod", "display_name": "to production", "spec": {"env": "prod", "production": true,
                        "service_and_images": [{"service_name": "shop", "service_module": "frontend", "image": "r/<b>frontend</b>:1.4.0"}]}},
                    {"name": "job-2-1-0-staging", "spec": {"env": "staging", "service_name": "shop", "service_module": "orders", "image": "r/orders:2"}}]}]
        })).unwrap();
        let task = Memo::new(move |_| Some(task.clone()));
        view! { <zadig_console::components::ApprovalDialog key="job-1-0-0-approve".to_string() task=task
        on_close=Callback::new(|_| ()) on_done=Callback::new(|_| ())/> }
    });
    frames().await;
    let envs = all(&root, "[data-testid=ship-env]");
    assert_eq!(envs.len(), 2, "only what comes after the approval");
    assert_eq!(envs[0].get_attribute("data-env").as_deref(), Some("prod"));
    assert_eq!(
        envs[0].get_attribute("data-production").as_deref(),
        Some("true")
    );
    assert_eq!(
        envs[1].get_attribute("data-production").as_deref(),
        Some("false")
    );
    assert_eq!(all(&root, "[data-testid=ship-production]").len(), 1);
    let prod = envs[0].text_content().unwrap_or_default();
    assert!(
        prod.contains("shop/frontend") && prod.contains("r/<b>frontend</b>:1.4.0"),
        "{prod}"
    );
    assert!(prod.contains("to production"), "{prod}");
    assert!(
        all(&root, "[data-testid=approval-ships] b").is_empty(),
        "images are text"
    );
    assert!(!text_of(&root, "[data-testid=approval-ships]").contains("r/early:1"));
    // This test server is no Zadig: what runs there now cannot be read, and it says so.
    for _ in 0..50 {
        if !all(&root, "[data-testid=ships-now-failed]").is_empty() {
            break;
        }
        frames().await;
    }
    let failed = text_of(&root, "[data-testid=ships-now-failed]");
    assert!(
        failed.contains("What runs in prod now could not be read"),
        "{failed}"
    );
    // The dialog still decides.
    assert!(all(&root, "[data-testid=approve-button]")[0]
        .get_attribute("disabled")
        .is_none());
}

#[wasm_bindgen_test]
async fn the_watch_toggle_keeps_what_is_watched_in_this_browser() {
    use zadig_console::components::WatchToggle;
    use zadig_console::domain::watch::{Event, Seen, Watch};
    let root = container();
    let ctx_slot = StoredValue::new(None::<Ctx>);
    let w = Watch {
        project: "demo".into(),
        workflow: zadig_console::api::types::WorkflowKey::from("release \"prod\""),
        task: Some(zadig_console::api::types::TaskId::new(12)),
    };
    let watch = RwSignal::new(None::<Watch>);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        ctx_slot.set_value(Some(ctx));
        view! { <WatchToggle watch=watch/> }
    });
    frames().await;
    let ctx = ctx_slot.get_value().unwrap();
    // Nothing to watch yet (the task is being read): the button waits.
    let button = || all(&root, "[data-testid=watch-toggle]")[0].clone();
    assert!(button().get_attribute("disabled").is_some());
    watch.set(Some(w.clone()));
    frames().await;
    assert_eq!(
        button().get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    assert!(button()
        .text_content()
        .unwrap_or_default()
        .contains("Watch"));
    click(&root, "[data-testid=watch-toggle]");
    frames().await;
    assert_eq!(
        button().get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert!(button()
        .text_content()
        .unwrap_or_default()
        .contains("Watching"));
    assert!(ctx.watches.with_untracked(|ws| ws.contains(&w)));
    let stored = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("zc.watches")
        .unwrap()
        .unwrap_or_default();
    assert!(
        stored.contains("release \\\"prod\\\"") && stored.contains("12"),
        "{stored}"
    );
    ctx.locale.set(Locale::ZhCn);
    frames().await;
    assert!(button()
        .text_content()
        .unwrap_or_default()
        .contains("已关注"));
    click(&root, "[data-testid=watch-toggle]");
    frames().await;
    assert!(!ctx.watches.with_untracked(|ws| ws.contains(&w)));
    // What a finished watched task says, in both languages.
    let seen = Seen {
        project: "demo".into(),
        workflow: w.workflow.clone(),
        title: "Release".into(),
        task: zadig_console::api::types::TaskId::new(12),
        status: "failed".into(),
    };
    let en = zadig_console::watcher::sentence(&Event::Finished(seen.clone()), Locale::En);
    assert_eq!(en, "Release #12 finished: Failed.");
    let zh = zadig_console::watcher::sentence(&Event::WaitsForMe(seen), Locale::ZhCn);
    assert_eq!(zh, "Release #12 正在等待你审批。");
}

/// A key pressed in `target` (it bubbles to the window, where shortcuts listen).
fn key_in(target: &web_sys::EventTarget, name: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(name);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn shortcuts_move_through_lists_list_themselves_and_keep_out_of_fields() {
    use zadig_console::components::Shortcuts;
    use zadig_console::nav::Router;
    let root = container();
    let opened = RwSignal::new(0u32);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        view! {
            <Router>
                <Shortcuts/>
                <input data-testid="workflow-search"/>
                <div data-testid="workflow-row" data-n="1"><a href="#one" on:click=move |e| { e.prevent_default(); opened.set(1) }>"one"</a></div>
                <div data-testid="workflow-row" data-n="2"><a href="#two" on:click=move |e| { e.prevent_default(); opened.set(2) }>"two"</a></div>
                <div data-testid="workflow-row" data-n="3"><a href="#three" on:click=move |e| { e.prevent_default(); opened.set(3) }>"three"</a></div>
            </Router>
        }
    });
    frames().await;
    let current = || {
        all(&root, ".kbd-current")
            .first()
            .and_then(|e| e.get_attribute("data-n"))
    };
    assert!(
        !zadig_console::components::dialog::any_open(),
        "a dialog of an earlier test is still open"
    );
    let window: web_sys::EventTarget = web_sys::window().unwrap().into();
    key_in(&window, "j");
    frames().await;
    let doc = web_sys::window().unwrap().document().unwrap();
    let everywhere = |css: &str| doc.query_selector_all(css).unwrap().length();
    assert_eq!(
        current().as_deref(),
        Some("1"),
        "marked in the page: {}, jobs {}, inbox rows {}, task rows {}, dialogs {}",
        everywhere(".kbd-current"),
        everywhere("[data-testid=job]"),
        everywhere("[data-testid=inbox-row]"),
        everywhere("[data-testid=task-row]"),
        everywhere(".overlay")
    );
    key_in(&window, "j");
    key_in(&window, "j");
    key_in(&window, "j");
    frames().await;
    assert_eq!(current().as_deref(), Some("3"), "stops at the end");
    key_in(&window, "k");
    frames().await;
    assert_eq!(current().as_deref(), Some("2"));
    key_in(&window, "Enter");
    frames().await;
    assert_eq!(opened.get_untracked(), 2, "Enter opens the chosen row");
    // Typed into a field, the same keys are text: nothing moves.
    let input: web_sys::EventTarget = all(&root, "[data-testid=workflow-search]")[0]
        .clone()
        .into();
    key_in(&input, "j");
    frames().await;
    assert_eq!(current().as_deref(), Some("2"));
    // During an IME composition neither.
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("j");
    init.set_is_composing(true);
    init.set_bubbles(true);
    window
        .dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
    frames().await;
    assert_eq!(current().as_deref(), Some("2"));
    // / puts the cursor in the search.
    key_in(&window, "/");
    frames().await;
    assert_eq!(active_testid().as_deref(), Some("workflow-search"));
    // ? lists every shortcut, in the current language; Escape closes it.
    let body = page_body();
    key_in(&body, "?");
    frames().await;
    let help = text_of(&root, "[data-testid=shortcut-help]");
    assert!(
        help.contains("g p") && help.contains("Go to the projects"),
        "{help}"
    );
    assert_eq!(all(&root, "[data-testid=shortcut]").len(), 11);
    // While the help is open, list keys do nothing.
    key_in(&body, "j");
    frames().await;
    assert_eq!(current().as_deref(), Some("2"));
    key_in(&window, "Escape");
    frames().await;
    assert!(all(&root, "[data-testid=shortcut-help]").is_empty());
}

/// The page's `<body>`, where keys go when nothing has the focus.
fn page_body() -> web_sys::EventTarget {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
        .into()
}

/// Mounts a view under the app's context, in English.
fn mount_in_english<V: IntoView + 'static>(
    root: &web_sys::HtmlElement,
    view: impl FnOnce() -> V + 'static,
) -> impl Drop {
    leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        provide_context(ctx);
        view()
    })
}

#[wasm_bindgen_test]
async fn keys_pressed_before_the_background_part_arrives_are_handed_to_it() {
    use zadig_console::components::background::BackgroundPart;
    use zadig_console::nav::Router;
    let root = container();
    let _h = mount_in_english(&root, || {
        view! {
            <Router>
                <BackgroundPart/>
                <input type="search" data-testid="workflow-search" value="x"/>
                <div data-testid="workflow-row" data-n="1"><a href="#one">"one"</a></div>
                <div data-testid="workflow-row" data-n="2"><a href="#two">"two"</a></div>
            </Router>
        }
    });
    let window: web_sys::EventTarget = web_sys::window().unwrap().into();
    let search = || {
        all(&root, "[data-testid=workflow-search]")[0]
            .clone()
            .dyn_into::<web_sys::HtmlInputElement>()
            .unwrap()
    };
    // Before the part is in: `/` and what follows it, typed at once.
    key_in(&window, "/");
    key_in(&window, "j");
    key_in(&window, "Enter");
    key_in(&window, "中");
    assert!(
        all(&root, ".kbd-current").is_empty(),
        "nothing acts before the part is in"
    );
    frames().await;
    assert_eq!(active_testid().as_deref(), Some("workflow-search"));
    // `/` selects what the search held, so what follows replaces it, as it would have.
    assert_eq!(
        search().value(),
        "j中",
        "the keys after `/` are typed where it put the cursor"
    );
    // Once in, its own listener has the keys, each taken once.
    let body = page_body();
    search().blur().unwrap();
    key_in(&body, "j");
    frames().await;
    let current = all(&root, ".kbd-current");
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].get_attribute("data-n").as_deref(), Some("1"));
    key_in(&body, "?");
    frames().await;
    assert_eq!(all(&root, "[data-testid=shortcut-help]").len(), 1);
    key_in(&window, "Escape");
    frames().await;
    assert!(all(&root, "[data-testid=shortcut-help]").is_empty());
}

#[wasm_bindgen_test]
async fn the_history_keeps_console_links_in_the_page_and_follows_back_and_forward() {
    use zadig_console::nav::{use_location, use_navigate, use_query_map, NavigateOptions, Router};
    let root = container();
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let start = window.location().pathname().unwrap();
    let seen = RwSignal::new(String::new());
    let tab = RwSignal::new(None::<String>);
    let go = StoredValue::new_local(None::<std::rc::Rc<dyn Fn(&str, NavigateOptions)>>);
    let _h = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                {
                    let loc = use_location();
                    let q = use_query_map();
                    let navigate = use_navigate();
                    go.set_value(Some(std::rc::Rc::new(navigate)));
                    Effect::new(move |_| {
                        seen.set(format!("{}?{}{}", loc.pathname.get(), loc.search.get(), loc.hash.get()));
                        tab.set(q.with(|q| q.get("tab")));
                    });
                }
                <a data-testid="inside" href="/projects/demo?tab=all#top">"inside"</a>
                <a data-testid="blank" href="/projects/x" target="_blank">"blank"</a>
                <a data-testid="away" href="https://example.invalid/projects">"away"</a>
            </Router>
        }
    });
    frames().await;
    // Whether the history took a click, seen after it (the window's listeners run in the order
    // they were added); the browser is then kept from following any of them, so the test page
    // stays.
    let taken = std::rc::Rc::new(std::cell::Cell::new(false));
    let seen_click = taken.clone();
    let after = leptos::prelude::window_event_listener(leptos::ev::click, move |e| {
        seen_click.set(e.default_prevented());
        e.prevent_default();
    });
    let click = |id: &str| {
        let el = all(&root, &format!("[data-testid={id}]"))[0].clone();
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
        el.dispatch_event(&ev).unwrap();
        taken.get()
    };
    // A console link is taken in the page: the location follows, the query is read.
    assert!(click("inside"), "a console link is not left to the browser");
    frames().await;
    assert_eq!(seen.get_untracked(), "/projects/demo?tab=all#top");
    assert_eq!(tab.get_untracked().as_deref(), Some("all"));
    // Links with a target or to another origin are the browser's.
    assert!(!click("blank"));
    assert!(!click("away"));
    // navigate() adds an entry (the address bar follows once a screen says it is drawn; a
    // change of query on the same path at once), replace does not.
    let navigate = go.get_value().unwrap();
    navigate(
        "/projects/demo?tab=mine",
        NavigateOptions {
            replace: true,
            scroll: false,
        },
    );
    frames().await;
    assert_eq!(tab.get_untracked().as_deref(), Some("mine"));
    assert_eq!(window.location().search().unwrap(), "?tab=mine");
    let before = history.length().unwrap();
    navigate("/projects/demo?tab=all", NavigateOptions::default());
    frames().await;
    assert_eq!(history.length().unwrap(), before + 1);
    // Back: the location follows the browser.
    history.back().unwrap();
    for _ in 0..20 {
        frames().await;
        if tab.get_untracked().as_deref() == Some("mine") {
            break;
        }
    }
    assert_eq!(tab.get_untracked().as_deref(), Some("mine"));
    after.remove();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&start))
        .unwrap();
}

/// Waits up to about five seconds (three frames a step) for `done`.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..100 {
        if done() {
            return;
        }
        frames().await;
    }
    panic!("still waiting for {what}");
}

fn mount_view_editor(
    edit: zadig_console::components::ViewEdit,
) -> (web_sys::HtmlElement, impl Drop) {
    use zadig_console::components::ViewEditor;
    let root = container();
    let h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        ctx.token.set(Some("a.b.c".into()));
        provide_context(ctx);
        // The test server has no Zadig API: every request is refused.
        view! { <ViewEditor project="demo" edit=edit.clone() existing=vec!["ci".to_string()]
        on_close=Callback::new(|_| ()) on_saved=Callback::new(|_| ())/> }
    });
    (root, h)
}

#[wasm_bindgen_test]
async fn deleting_a_view_never_waits_for_the_workflow_list_and_saving_does_with_the_button_off() {
    use zadig_console::components::ViewEdit;
    let save = |root: &web_sys::HtmlElement| {
        all(root, "[data-testid=view-save]")[0]
            .clone()
            .unchecked_into::<web_sys::HtmlButtonElement>()
    };
    // Deleting needs no list: the click sends the delete at once and says how it went.
    let (root, _h) = mount_view_editor(ViewEdit::Delete("hot".into()));
    frames().await;
    assert!(!save(&root).disabled());
    assert!(all(&root, "[data-testid=view-workflow]").is_empty());
    save(&root).click();
    until("the delete's answer", || {
        !all(&root, "[data-testid=error-banner]").is_empty()
    })
    .await;
    // The delete was sent: what came back is a write's answer, and the dialog stays.
    assert_eq!(all(&root, "[data-testid=view-editor]").len(), 1);

    // Creating writes against the project's list: the button stays off until the list is in,
    // so a click is never swallowed. Here the list cannot be read, and its error says so.
    let (root, _h2) = mount_view_editor(ViewEdit::Create);
    type_into(&root, "[data-testid=view-name]", "hot");
    frames().await;
    assert!(save(&root).disabled(), "no list yet");
    until("the list's error", || {
        !all(&root, "[data-testid=error-banner]").is_empty()
    })
    .await;
    assert!(save(&root).disabled(), "the list could not be read");
}

#[wasm_bindgen_test]
async fn signing_in_from_the_welcome_chunk_replaces_it_without_a_panic() {
    use zadig_console::chunks::{load, welcome_screen, Deferred};
    let root = container();
    let ctx_out = std::rc::Rc::new(std::cell::Cell::new(None::<Ctx>));
    let ctx_in = ctx_out.clone();
    let _h = leptos::mount::mount_to(root.clone(), move || {
        let ctx = Ctx::init();
        ctx.locale.set(Locale::En);
        ctx.token.set(None);
        provide_context(ctx);
        ctx_in.set(Some(ctx));
        // As the console draws its entry: the welcome's chunk until there is a token.
        move || {
            if ctx.token.with(Option::is_none) {
                view! { <Deferred load=load(welcome_screen)/> }.into_any()
            } else {
                view! { <p data-testid="signed-in">"in"</p> }.into_any()
            }
        }
    });
    until("the welcome", || {
        !all(&root, "[data-testid=welcome-token-input]").is_empty()
    })
    .await;
    type_into(&root, "[data-testid=welcome-token-input]", "a.b.c");
    frames().await;
    click(&root, "[data-testid=welcome-save]");
    until("the screen after signing in", || {
        !all(&root, "[data-testid=signed-in]").is_empty()
    })
    .await;
    assert!(all(&root, "[data-testid=welcome]").is_empty());
    let ctx = ctx_out.take().expect("the context");
    assert_eq!(ctx.token.get_untracked().as_deref(), Some("a.b.c"));
    ctx.token.set(None);
}
