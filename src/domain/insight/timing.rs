//! Where a task's time went: per stage and job, the time spent queued, running, waiting for an
//! approval and waiting at a manual gate, laid out to scale; the critical path (what the task's
//! end waited on); totals per kind along it; and a job's duration against its recent median.

use crate::api::types::{JobTask, TaskDetail};
use crate::domain::run::JobType;

/// What a stretch of time was spent on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Waiting to start (the task in the queue; a job for its turn to be scheduled).
    Queue,
    Run,
    /// An approval job waiting for its approvers.
    Approval,
    /// A stage waiting to be started by hand.
    Gate,
}

pub const KINDS: [Kind; 4] = [Kind::Queue, Kind::Run, Kind::Approval, Kind::Gate];

/// A stretch of time in seconds since the task was created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub kind: Kind,
    pub from: i64,
    pub to: i64,
}

impl Span {
    pub fn secs(&self) -> i64 {
        (self.to - self.from).max(0)
    }
}

/// One row of the chart: a stage's gate, or a job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    /// Stage index, and the job's index in it (`None`: the stage's own row, its gate).
    pub stage: usize,
    pub job: Option<usize>,
    pub label: String,
    pub spans: Vec<Span>,
    /// On the critical path.
    pub critical: bool,
}

/// The chart of a task.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chart {
    /// Seconds from creation to the end (or `now` while it runs).
    pub total: i64,
    /// The task's own time in the queue, from creation to start.
    pub queued: i64,
    pub lanes: Vec<Lane>,
}

fn ended(start: i64, end: i64, now: i64) -> i64 {
    if end >= start && end > 0 {
        end
    } else {
        now.max(start)
    }
}

fn job_spans(j: &JobTask, ready: i64, base: i64, now: i64) -> Vec<Span> {
    if j.start_time <= 0 {
        return Vec::new();
    }
    let (start, end) = (j.start_time, ended(j.start_time, j.end_time, now));
    let mut out = Vec::new();
    if ready > 0 && start > ready {
        out.push(Span {
            kind: Kind::Queue,
            from: ready - base,
            to: start - base,
        });
    }
    let kind = if JobType::from_wire(&j.kind) == JobType::Approval {
        Kind::Approval
    } else {
        Kind::Run
    };
    out.push(Span {
        kind,
        from: start - base,
        to: end - base,
    });
    out
}

/// Lays a task out: each stage in order, its manual gate (from the previous stage's end to its
/// start) when it has one, its jobs (a parallel stage's from the stage's start, a serial one's
/// each from the previous job's end). `now` is for what still runs.
pub fn chart(task: &TaskDetail, now: i64) -> Chart {
    let base = if task.create_time > 0 {
        task.create_time
    } else {
        task.start_time
    };
    if base <= 0 {
        return Chart::default();
    }
    let finish = if task.end_time >= base && task.end_time > 0 {
        task.end_time
    } else {
        now.max(base)
    };
    let mut lanes = Vec::new();
    let mut prev_end = if task.start_time > 0 {
        task.start_time
    } else {
        base
    };
    for (si, s) in task.stages.iter().enumerate() {
        let stage_start = if s.start_time > 0 {
            s.start_time
        } else {
            s.jobs
                .iter()
                .map(|j| j.start_time)
                .filter(|t| *t > 0)
                .min()
                .unwrap_or(0)
        };
        if s.manual_exec.as_ref().is_some_and(|m| m.enabled) {
            let gate_end = if stage_start > 0 { stage_start } else { now };
            if gate_end > prev_end {
                lanes.push(Lane {
                    stage: si,
                    job: None,
                    label: s.name.clone(),
                    spans: vec![Span {
                        kind: Kind::Gate,
                        from: prev_end - base,
                        to: gate_end - base,
                    }],
                    critical: false,
                });
            }
        }
        let mut ready = stage_start;
        let mut stage_end = stage_start;
        for (ji, j) in s.jobs.iter().enumerate() {
            let spans = job_spans(j, ready, base, now);
            if let Some(last) = spans.last() {
                stage_end = stage_end.max(last.to + base);
                if !s.parallel {
                    ready = last.to + base;
                }
            }
            lanes.push(Lane {
                stage: si,
                job: Some(ji),
                label: j.label().to_string(),
                spans,
                critical: false,
            });
        }
        if s.end_time >= stage_start && s.end_time > 0 {
            stage_end = stage_end.max(s.end_time);
        }
        if stage_end > 0 {
            prev_end = prev_end.max(stage_end);
        }
    }
    let mut c = Chart {
        total: finish - base,
        queued: if task.start_time > base {
            task.start_time - base
        } else {
            0
        },
        lanes,
    };
    mark_critical(&mut c);
    c
}

/// What the task's end waited on, walking back from the end: in each stage the job that ended
/// last (every job of a serial stage), and each manual gate.
fn mark_critical(c: &mut Chart) {
    let stages: Vec<usize> = {
        let mut v: Vec<usize> = c.lanes.iter().map(|l| l.stage).collect();
        v.dedup();
        v
    };
    for s in stages {
        let idx: Vec<usize> = (0..c.lanes.len())
            .filter(|&i| c.lanes[i].stage == s)
            .collect();
        let end_of = |l: &Lane| l.spans.last().map(|x| x.to);
        // Serial stages: every job that ran; parallel: the one that ended last.
        let jobs: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&i| c.lanes[i].job.is_some() && !c.lanes[i].spans.is_empty())
            .collect();
        let serial = jobs.len() > 1 && {
            // Jobs that do not overlap ran one after the other.
            let mut ends: Vec<(i64, i64)> = jobs
                .iter()
                .filter_map(|&i| Some((c.lanes[i].spans.first()?.from, end_of(&c.lanes[i])?)))
                .collect();
            ends.sort();
            ends.windows(2).all(|w| w[1].0 >= w[0].1)
        };
        if serial {
            for i in &jobs {
                c.lanes[*i].critical = true;
            }
        } else if let Some(&last) = jobs.iter().max_by_key(|&&i| end_of(&c.lanes[i])) {
            c.lanes[last].critical = true;
        }
        for i in idx {
            if c.lanes[i].job.is_none() {
                c.lanes[i].critical = true;
            }
        }
    }
}

/// Seconds per kind along the critical path, the task's own queue time counted as queue.
pub fn totals(c: &Chart) -> Vec<(Kind, i64)> {
    KINDS
        .iter()
        .map(|&k| {
            let along: i64 = c
                .lanes
                .iter()
                .filter(|l| l.critical)
                .flat_map(|l| l.spans.iter())
                .filter(|s| s.kind == k)
                .map(Span::secs)
                .sum();
            (k, along + if k == Kind::Queue { c.queued } else { 0 })
        })
        .collect()
}

/// A span's place in percent of the chart's width: offset and width (at least half a percent,
/// so a moment stays visible).
pub fn place(span: &Span, total: i64) -> (f64, f64) {
    let t = total.max(1) as f64;
    let offset = (span.from.max(0) as f64 / t * 100.0).min(99.5);
    let width = (span.secs() as f64 / t * 100.0)
        .max(0.5)
        .min(100.0 - offset);
    (offset, width)
}

/// The median of some durations (the lower middle of an even count), if any.
pub fn median(durations: &[i64]) -> Option<i64> {
    if durations.is_empty() {
        return None;
    }
    let mut v = durations.to_vec();
    v.sort_unstable();
    Some(v[(v.len() - 1) / 2])
}

/// Whether a duration is slow against earlier ones: at least 1.5 times their median (and the
/// median more than zero; three earlier runs at least, so one odd run is no trend).
pub fn is_slow(duration: i64, earlier: &[i64]) -> bool {
    earlier.len() >= 3 && median(earlier).is_some_and(|m| m > 0 && duration * 2 >= m * 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{ManualExec, StageTask};

    fn job(name: &str, kind: &str, start: i64, end: i64) -> JobTask {
        JobTask {
            display_name: name.into(),
            kind: kind.into(),
            start_time: start,
            end_time: end,
            ..Default::default()
        }
    }

    fn task() -> TaskDetail {
        TaskDetail {
            create_time: 1000,
            start_time: 1010,
            end_time: 1300,
            status: "passed".into(),
            stages: vec![
                StageTask {
                    name: "Build".into(),
                    parallel: true,
                    start_time: 1010,
                    end_time: 1100,
                    jobs: vec![
                        job("frontend", "zadig-build", 1015, 1060),
                        job("orders", "zadig-build", 1020, 1100),
                    ],
                    ..Default::default()
                },
                StageTask {
                    name: "Approve".into(),
                    start_time: 1100,
                    end_time: 1190,
                    jobs: vec![job("approve", "approval", 1100, 1190)],
                    ..Default::default()
                },
                StageTask {
                    name: "Deploy".into(),
                    start_time: 1250,
                    end_time: 1300,
                    manual_exec: Some(ManualExec {
                        enabled: true,
                        ..Default::default()
                    }),
                    jobs: vec![
                        job("deploy-a", "zadig-deploy", 1250, 1270),
                        job("deploy-b", "zadig-deploy", 1270, 1300),
                    ],
                    ..Default::default()
                },
            ],
            ..Default::default()
        }
    }

    #[test]
    fn lays_out_queue_run_approval_and_gate_to_scale() {
        let c = chart(&task(), 9999);
        assert_eq!((c.total, c.queued), (300, 10));
        let labels: Vec<&str> = c.lanes.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(
            labels,
            ["frontend", "orders", "approve", "Deploy", "deploy-a", "deploy-b"]
        );
        // A job's wait for its turn in a parallel stage is queue time.
        assert_eq!(
            c.lanes[1].spans,
            [
                Span {
                    kind: Kind::Queue,
                    from: 10,
                    to: 20
                },
                Span {
                    kind: Kind::Run,
                    from: 20,
                    to: 100
                }
            ]
        );
        assert_eq!(
            c.lanes[2].spans,
            [Span {
                kind: Kind::Approval,
                from: 100,
                to: 190
            }]
        );
        // The manual gate: from the approval's end to the deploy stage's start.
        assert_eq!(
            c.lanes[3].spans,
            [Span {
                kind: Kind::Gate,
                from: 190,
                to: 250
            }]
        );
        let (offset, width) = place(&c.lanes[3].spans[0], c.total);
        assert!((offset - 190.0 / 3.0).abs() < 1e-9 && (width - 20.0).abs() < 1e-9);
    }

    #[test]
    fn the_critical_path_and_its_totals() {
        let c = chart(&task(), 9999);
        let critical: Vec<&str> = c
            .lanes
            .iter()
            .filter(|l| l.critical)
            .map(|l| l.label.as_str())
            .collect();
        assert_eq!(
            critical,
            ["orders", "approve", "Deploy", "deploy-a", "deploy-b"]
        );
        let t = totals(&c);
        assert_eq!(
            t,
            [
                (Kind::Queue, 20),
                (Kind::Run, 130),
                (Kind::Approval, 90),
                (Kind::Gate, 60)
            ]
        );
        assert_eq!(
            t.iter().map(|x| x.1).sum::<i64>(),
            c.total,
            "the path accounts for the task"
        );
    }

    #[test]
    fn a_running_task_extends_to_now_and_unstarted_jobs_have_no_bars() {
        let mut t = task();
        t.end_time = 0;
        t.status = "running".into();
        t.stages[2].end_time = 0;
        t.stages[2].jobs[1].end_time = 0;
        t.stages[2].jobs[0].end_time = 0;
        t.stages[2].jobs[0].start_time = 0;
        let c = chart(&t, 1400);
        assert_eq!(c.total, 400);
        let b = c.lanes.iter().find(|l| l.label == "deploy-b").unwrap();
        assert_eq!(b.spans.last().unwrap().to, 400, "runs to now");
        assert!(c
            .lanes
            .iter()
            .find(|l| l.label == "deploy-a")
            .unwrap()
            .spans
            .is_empty());
        assert_eq!(chart(&TaskDetail::default(), 5), Chart::default());
    }

    #[test]
    fn slow_is_half_again_the_median() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5, 1, 3]), Some(3));
        assert_eq!(median(&[4, 1, 3, 2]), Some(2));
        assert!(is_slow(150, &[100, 90, 110]));
        assert!(!is_slow(149, &[100, 90, 110]));
        assert!(!is_slow(1000, &[100, 100]), "two runs are no trend");
        assert!(!is_slow(10, &[0, 0, 0]));
    }
}
