//! "What will ship", in the approval dialog: per environment the services and images the jobs
//! after the approval deploy, production marked, beside what runs there now (when Zadig tells),
//! and the inputs that differ from the last passed run.

use leptos::prelude::*;

use crate::api::types::TaskDetail;
use crate::api::{self, ApiError};
use crate::components::{error_text, RunDiffSummary};
use crate::domain::ships::{
    after, destinations, mark_production, running, running_now, Destination, Running,
};
use crate::hooks::Fetch;
use crate::i18n::T;
use crate::state::use_ctx;

/// What runs now in each destination: per environment, its containers' images or why it could
/// not be read.
type Now = Vec<(String, Read)>;

/// What runs in one environment, or why it could not be read.
type Read = Result<Vec<Running>, ApiError>;

/// The deployments an approval lets through, for the approval `key` of `task`.
#[component]
pub fn WhatShips(task: Memo<Option<TaskDetail>>, key: String) -> impl IntoView {
    let ctx = use_ctx();
    let dest = Memo::new(move |_| {
        task.with(|t| {
            t.as_ref()
                .map(|t| destinations(&after(t, &key)))
                .unwrap_or_default()
        })
    });
    let project = Memo::new(move |_| {
        task.with(|t| {
            t.as_ref()
                .map(|t| t.project_key.clone())
                .unwrap_or_default()
        })
    });
    let workflow = Memo::new(move |_| {
        task.with(|t| {
            t.as_ref()
                .map(|t| t.workflow_key.clone())
                .unwrap_or_default()
        })
    });
    // Which environments to read: changes only when the deployments do, not on every poll.
    let envs = Memo::new(move |_| {
        dest.with(|d| {
            d.iter()
                .map(|d| (d.env.clone(), d.production))
                .collect::<Vec<_>>()
        })
    });
    let now = Fetch::new(move || {
        let (c, p, envs) = (ctx.client(), project.get(), envs.get());
        async move {
            if envs.is_empty() || p.is_empty() {
                return Ok((Vec::new(), Vec::new()));
            }
            // The project's environment list says which are production (a task may not).
            let production: Vec<String> = api::list_environments(&c, &p)
                .await
                .map(|l| {
                    l.iter()
                        .filter(|e| e.production)
                        .map(|e| e.key().to_string())
                        .collect()
                })
                .unwrap_or_default();
            let reads = futures::future::join_all(envs.iter().map(|(env, prod)| {
                let c = c.clone();
                let p = p.clone();
                let prod = *prod || production.contains(env);
                async move {
                    let r = api::environment_detail(&c, &p, env, prod).await;
                    (env.clone(), r.map(|d| running(&d)))
                }
            }))
            .await;
            Ok::<_, ApiError>((production, reads))
        }
    });
    let shown = Memo::new(move |_| {
        let mut d = dest.get();
        let (production, now): (Vec<String>, Now) = now
            .with(|r| r.and_then(|r| r.ok().cloned()))
            .unwrap_or_default();
        mark_production(&mut d, &production);
        (d, now)
    });
    view! {
        <section class="ships" data-testid="approval-ships" aria-labelledby="ships-title">
            <h3 id="ships-title">{ctx.tr(T::ShipsTitle)}</h3>
            {move || {
                let (d, now) = shown.get();
                if d.is_empty() {
                    return view! { <p class="muted" data-testid="ships-none">{ctx.t(T::ShipsNone)}</p> }.into_any();
                }
                d.into_iter().map(|d| {
                    let here = now.iter().find(|(e, _)| *e == d.env).map(|(_, r)| r.clone());
                    view! { <Destination d=d now=here/> }
                }).collect_view().into_any()
            }}
            <RunDiffSummary task=task project=project workflow=workflow/>
        </section>
    }
}

/// One environment: what goes there, and what runs there now.
#[component]
fn Destination(
    d: Destination,
    /// What runs there now (`None` while it is read).
    now: Option<Read>,
) -> impl IntoView {
    let ctx = use_ctx();
    let failed = now.as_ref().and_then(|r| r.as_ref().err().cloned());
    let running = now.and_then(Result::ok);
    let env = d.env.clone();
    view! {
        <div class="ship-env" data-testid="ship-env" data-env=d.env.clone() data-production=d.production.to_string()>
            <h4>
                <span class="mono">{d.env.clone()}</span>
                {d.production.then(|| view! { <span class="badge prod" data-testid="ship-production">{ctx.tr(T::ShipsProduction)}</span> })}
            </h4>
            {failed.map(|e| {
                let l = ctx.locale.get_untracked();
                let why = error_text(&e, l).0;
                view! { <p class="notice inline warn" data-testid="ships-now-failed">
                    {T::ShipsNowFailed.fill(l, &[("env", &env), ("error", &why)])}</p> }
            })}
            <table class="table compact">
                <thead><tr>
                    <th>{ctx.tr(T::ShipsService)}</th><th>{ctx.tr(T::ShipsImage)}</th><th>{ctx.tr(T::ShipsNow)}</th>
                </tr></thead>
                <tbody>
                    {d.ships.into_iter().map(|s| {
                        let current = running.as_ref().map(|r| running_now(&s, r).map(str::to_string));
                        let same = current.as_ref().is_some_and(|c| c.as_deref() == Some(s.image.as_str()));
                        let name = if s.module.is_empty() { s.service.clone() } else { format!("{}/{}", s.service, s.module) };
                        let label = name.clone();
                        view! {
                            <tr data-testid="ship" data-service=name data-same=same.to_string()>
                                <td>{label}<div class="muted small">{s.job.clone()}</div></td>
                                <td class="mono wrap-anywhere">{s.image.clone()}</td>
                                <td class="mono wrap-anywhere" data-testid="ship-now">{match current {
                                    None => "…".to_string(),
                                    Some(None) => ctx.t(T::ShipsNowUnknown).to_string(),
                                    Some(Some(_)) if same => ctx.t(T::ShipsAlreadyThere).to_string(),
                                    Some(Some(c)) => c,
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
